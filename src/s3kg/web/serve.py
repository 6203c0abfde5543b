"""Production run of the web application under gunicorn (``s3kg serve``).

Every option is a CLI flag and an environment variable (flags win):

====================  ==========================  ===========================================
flag                  environment variable        meaning
====================  ==========================  ===========================================
--host                S3KG_HOST                   address to listen on (127.0.0.1)
--port                S3KG_PORT                   port (8000)
--store               S3KG_STORE                  Oxigraph store (var/current/store), or the
                                                  URL of a remote SPARQL 1.1 endpoint
--queries             S3KG_QUERIES                named queries folder (queries/)
--query-timeout       S3KG_QUERY_TIMEOUT          seconds per query before it is stopped (30)
--result-limit        S3KG_RESULT_LIMIT           most solutions/triples in one answer (10000)
--max-request-bytes   S3KG_MAX_REQUEST_BYTES      largest request body, else 413 (1 MiB)
--workers             S3KG_QUERY_WORKERS          query worker processes kept warm (2)
--threads             S3KG_THREADS                concurrent HTTP requests (8)
--update-token        S3KG_UPDATE_TOKEN           enables SPARQL Update for this bearer token
--allow-load          S3KG_ALLOW_LOAD             lets updates LOAD http(s) documents
--allow-service       S3KG_ALLOW_SERVICE          SERVICE endpoints allowed (repeat; * = any)
--cors-origin         S3KG_CORS_ORIGINS           origins allowed by CORS (repeat; * = any)
--public-url          S3KG_PUBLIC_URL             public base URL when behind a proxy
--log-level           S3KG_LOG_LEVEL              application log level (INFO)
====================  ==========================  ===========================================

One gunicorn worker process with threads serves HTTP; queries run in the worker's pool of
query processes (:mod:`s3kg.store.worker`).  SIGTERM or SIGINT stops gracefully: requests in
flight finish (up to ``--query-timeout`` plus a margin), then the query processes are stopped.
SIGHUP restarts the HTTP worker gracefully (re-reading the named queries); a rebuilt
``var/current`` is picked up without it, on the next query.  If the store is missing and is
the default one, the graph is built first (``s3kg.build.pipeline.build_graph``).
The flags are parsed by :mod:`s3kg.cli.serve`; their defaults are those of ``ServerConfig``.
"""

from __future__ import annotations

import multiprocessing
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from s3kg.build.pipeline import build_graph
from s3kg.config import RunOptions, ServerConfig, Settings
from s3kg.errors import InputError


def ensure_store(settings: Settings, store: Path, *, quiet: bool = True) -> None:
    """Build the graph when the default store is missing; other missing stores are an error."""
    if store.exists():
        return
    if store.resolve() != settings.store_dir.resolve():
        raise InputError(f"no store at {store}")
    build_in_subprocess(settings, quiet=quiet)


def build_in_subprocess(settings: Settings, *, quiet: bool = True) -> None:
    """Run ``build_graph(settings)`` in a fresh process, so this one never opens RocksDB.

    gunicorn forks its workers from this process; RocksDB's background threads do not survive
    a fork, and a forked worker would hang at exit joining them.
    """
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=1, mp_context=context) as executor:
        executor.submit(_build, settings, quiet).result()


def _build(settings: Settings, quiet: bool) -> None:
    build_graph(settings, progress=_silent if quiet else _print)


def _silent(_: str) -> None:
    return None


def _print(message: str) -> None:
    """Progress of the first build on stderr (the server is not listening yet)."""
    print(f"s3kg build: {message}", file=sys.stderr, flush=True)


def serve(config: ServerConfig, options: RunOptions) -> None:
    """Run gunicorn in this process until it is told to stop."""
    from gunicorn.app.base import BaseApplication

    from s3kg.web import create_app
    from s3kg.web.ops import configure_logging

    configure_logging(options.log_level)
    host = f"[{options.host}]" if ":" in options.host else options.host
    settings = {
        "bind": f"{host}:{options.port}",
        "workers": 1,
        "worker_class": "gthread",
        "threads": options.threads,
        "timeout": int(config.query_timeout * 2 + 30),
        "graceful_timeout": int(config.query_timeout + 10),
        "keepalive": 5,
        "limit_request_line": 8190,
        "accesslog": None,
        "errorlog": "-",
        "loglevel": options.log_level.lower(),
        "proc_name": "s3kg",
        "worker_exit": _close_backend,
        "control_socket_disable": True,  # gunicorn >= 24 only: no shared socket in $HOME
    }

    class _Server(BaseApplication):  # type: ignore[misc]
        def load_config(self) -> None:
            for key, value in settings.items():
                if key in self.cfg.settings:
                    self.cfg.set(key, value)

        def load(self) -> Any:
            return create_app(config)

    _Server().run()


def _close_backend(server: Any, worker: Any) -> None:
    """gunicorn hook: stop the query processes of an exiting HTTP worker."""
    app = getattr(worker, "wsgi", None)
    backend = getattr(app, "extensions", {}).get("s3kg")
    if backend is not None:
        backend.close()
