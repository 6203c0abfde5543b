"""Production run of the web application (``s3kg serve``), under waitress.

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
--client-queries      S3KG_CLIENT_QUERIES         queries one client address may have running
                                                  or waiting at once, else 429 (1)
--threads             S3KG_THREADS                requests handled at once (8)
--max-connections     S3KG_MAX_CONNECTIONS        open connections, slow ones included (1000)
--trusted-proxy       S3KG_TRUSTED_PROXY          reverse proxy whose X-Forwarded-For names
                                                  the client
--update-token        S3KG_UPDATE_TOKEN           enables SPARQL Update for this bearer token
--allow-load          S3KG_ALLOW_LOAD             lets updates LOAD http(s) documents
--allow-service       S3KG_ALLOW_SERVICE          SERVICE endpoints allowed (repeat; * = any)
--cors-origin         S3KG_CORS_ORIGINS           origins allowed by CORS (repeat; * = any)
--public-url          S3KG_PUBLIC_URL             public base URL when behind a proxy
--log-level           S3KG_LOG_LEVEL              application log level (INFO)
====================  ==========================  ===========================================

One process serves HTTP with waitress (:mod:`s3kg.web.http_server`): its event loop buffers
each request whole, so slow clients hold no thread, and ``--threads`` threads run the
application; queries run in the pool of query processes (:mod:`s3kg.store.worker`).  SIGTERM
or SIGINT stops gracefully: no new connections, requests in flight finish (up to
``--query-timeout`` plus a margin), then the query processes are stopped.  SIGHUP re-reads
the named queries; a rebuilt ``var/current`` is picked up without it, on the next query.  If
the store is missing and is the default one, the graph is built first
(``s3kg.build.pipeline.build_graph``).
The flags are parsed by :mod:`s3kg.cli.serve`; their defaults are those of ``ServerConfig``.
"""

from __future__ import annotations

import logging
import multiprocessing
import sys
import threading
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from flask import Flask

from s3kg.build.pipeline import build_graph
from s3kg.config import RunOptions, ServerConfig, Settings
from s3kg.errors import InputError

log = logging.getLogger(__name__)


def ensure_store(settings: Settings, store: Path, *, quiet: bool = True) -> None:
    """Build the graph when the default store is missing; other missing stores are an error."""
    if store.exists():
        return
    if store.resolve() != settings.store_dir.resolve():
        raise InputError(f"no store at {store}")
    build_in_subprocess(settings, quiet=quiet)


def build_in_subprocess(settings: Settings, *, quiet: bool = True) -> None:
    """Run ``build_graph(settings)`` in a fresh process, so this one never opens RocksDB.

    The build's memory and RocksDB's background threads stay out of the long-running server
    process, which only ever reads the store through its query worker processes.
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


# Pages whose per-release answers (facet listings, map and chart data, the ontology page, the
# partner topics) take a second or so to make: requested once at start, so that the first
# visitor does not wait for them.
WARM_UP_CLIENT = "s3kg-warm-up"  # its own client address: never takes a visitor's query slot
WARM_PAGES = ("/browse/clusters", "/browse/organisations", "/partners", "/map", "/figures",
              "/dataset", "/compare", "/ontology", "/review")


def warm_in_background(app: Flask, paths: tuple[str, ...] = WARM_PAGES) -> threading.Thread:
    """Request ``paths`` from ``app`` in a daemon thread; a failure is logged, not raised (the
    page says what is wrong when visited)."""

    def work() -> None:
        client = app.test_client()
        for path in paths:
            try:
                status = client.get(path, environ_base={"REMOTE_ADDR": WARM_UP_CLIENT}
                                    ).status_code
            except Exception as err:  # a warm-up must never stop the server
                log.info("warm-up of %s failed: %s", path, err)
            else:
                log.debug("warm-up of %s: %s", path, status)

    thread = threading.Thread(target=work, name="warm-up", daemon=True)
    thread.start()
    return thread


def serve(config: ServerConfig, options: RunOptions) -> None:
    """Serve the application in this process until SIGTERM or SIGINT, then stop the query
    processes."""
    from s3kg.web import EXTENSION, Backend, create_app
    from s3kg.web.http_server import run_http
    from s3kg.web.ops import configure_logging

    configure_logging(options.log_level)
    app = create_app(config)
    backend: Backend = app.extensions[EXTENSION]
    warm_in_background(app)
    try:
        run_http(app, options, max_body=config.max_request_bytes,
                 graceful_timeout=config.query_timeout + 10, on_hup=backend.reload_queries)
    finally:
        backend.close()
