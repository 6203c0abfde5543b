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
query processes (:mod:`s3kg.query_worker`).  SIGTERM or SIGINT stops gracefully: requests in
flight finish (up to ``--query-timeout`` plus a margin), then the query processes are stopped.
SIGHUP restarts the HTTP worker gracefully (re-reading the named queries); a rebuilt
``var/current`` is picked up without it, on the next query.  If the store is missing and is
the default one, the graph is built first (``s3kg.build.build_graph``).
"""

from __future__ import annotations

import importlib
import multiprocessing
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import click

from s3kg.backends import is_remote
from s3kg.config import Settings
from s3kg.errors import InputError, S3kgError

F = TypeVar("F", bound=Callable[..., Any])


@dataclass(frozen=True)
class RunOptions:
    host: str = "127.0.0.1"
    port: int = 8000
    threads: int = 8
    log_level: str = "INFO"


def _option(*names: str, **kwargs: Any) -> Callable[[F], F]:
    option: Callable[[F], F] = click.option(*names, show_envvar=True, **kwargs)
    return option


def serve_options(func: F) -> F:
    """The click options of ``s3kg serve`` (each also read from its S3KG_* variable)."""
    settings = Settings()
    options = [
        _option("--host", envvar="S3KG_HOST", default="127.0.0.1", help="Address to bind."),
        _option("--port", envvar="S3KG_PORT", type=int, default=8000, help="Port."),
        _option("--store", envvar="S3KG_STORE", default=str(settings.store_dir),
                     help="Oxigraph store folder, or the URL of a remote SPARQL endpoint."),
        _option("--queries", envvar="S3KG_QUERIES", type=click.Path(path_type=Path),
                     default=settings.queries_dir, help="Named queries folder."),
        _option("--query-timeout", envvar="S3KG_QUERY_TIMEOUT", type=float, default=30.0,
                     help="Seconds a query may run."),
        _option("--result-limit", envvar="S3KG_RESULT_LIMIT", type=int, default=10_000,
                     help="Most solutions or triples in one answer."),
        _option("--max-request-bytes", envvar="S3KG_MAX_REQUEST_BYTES", type=int,
                     default=1_048_576, help="Largest request body."),
        _option("--workers", envvar="S3KG_QUERY_WORKERS", type=int, default=2,
                     help="Query worker processes."),
        _option("--threads", envvar="S3KG_THREADS", type=int, default=8,
                     help="Concurrent HTTP requests."),
        _option("--update-token", envvar="S3KG_UPDATE_TOKEN", default=None,
                     help="Enable SPARQL Update for this bearer token (prefer the variable)."),
        _option("--allow-load", envvar="S3KG_ALLOW_LOAD", is_flag=True,
                     help="Let updates LOAD http(s) documents."),
        _option("--allow-service", envvar="S3KG_ALLOW_SERVICE", multiple=True,
                     help="SERVICE endpoint IRI allowed (repeatable; * allows any)."),
        _option("--cors-origin", envvar="S3KG_CORS_ORIGINS", multiple=True,
                     help="Origin allowed by CORS (repeatable; * allows any)."),
        _option("--public-url", envvar="S3KG_PUBLIC_URL", default=None,
                     help="Public base URL, when behind a proxy."),
        _option("--log-level", envvar="S3KG_LOG_LEVEL", default="INFO",
                     help="Application log level."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def serve_from_options(options: dict[str, Any]) -> None:
    """Entry point of ``s3kg serve``: build the graph if needed, then serve."""
    from s3kg.web import ServerConfig

    settings = Settings()
    remote = is_remote(str(options["store"]))
    store = settings.store_dir if remote else Path(options["store"]).expanduser()
    if not remote:
        ensure_store(settings, store)
    config = ServerConfig(
        store_path=store,
        store_url=str(options["store"]) if remote else None,
        queries_dir=Path(options["queries"]).expanduser(),
        query_timeout=_positive(options["query_timeout"], "--query-timeout"),
        result_limit=int(_positive(options["result_limit"], "--result-limit")),
        max_request_bytes=int(_positive(options["max_request_bytes"], "--max-request-bytes")),
        workers=int(_positive(options["workers"], "--workers")),
        update_token=options["update_token"] or None,
        allow_load=bool(options["allow_load"]),
        allow_service=frozenset(_split(options["allow_service"])),
        cors_origins=tuple(_split(options["cors_origin"])),
        public_url=options["public_url"],
    )
    run = RunOptions(options["host"], options["port"], int(_positive(options["threads"],
                     "--threads")), str(options["log_level"]).upper())
    serve(config, run)


def ensure_store(settings: Settings, store: Path) -> None:
    """Build the graph when the default store is missing; other missing stores are an error."""
    if store.exists():
        return
    if store.resolve() != settings.store_dir.resolve():
        raise InputError(f"no store at {store}")
    try:
        build = importlib.import_module("s3kg.build")
    except ModuleNotFoundError as err:
        if err.name != "s3kg.build":
            raise
        raise S3kgError(f"no graph at {store}, and this version cannot build one yet "
                        "(the s3kg.build module is missing): build it, or pass --store.") from err
    if not callable(getattr(build, "build_graph", None)):
        raise S3kgError(f"no graph at {store}, and s3kg.build has no build_graph()")
    build_in_subprocess(settings)


def build_in_subprocess(settings: Settings) -> None:
    """Run ``build_graph(settings)`` in a fresh process, so this one never opens RocksDB.

    gunicorn forks its workers from this process; RocksDB's background threads do not survive
    a fork, and a forked worker would hang at exit joining them.
    """
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=1, mp_context=context) as executor:
        executor.submit(_build, settings).result()


def _build(settings: Settings) -> None:
    from s3kg.build import build_graph

    build_graph(settings)


def serve(config: Any, options: RunOptions) -> None:
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


def _positive(value: Any, flag: str) -> float:
    number = float(value)
    if number <= 0:
        raise InputError(f"{flag} must be positive, not {value}")
    return number


def _split(values: tuple[str, ...]) -> list[str]:
    return [part.strip() for value in values for part in value.split(",") if part.strip()]
