"""``s3kg serve``: its flags (each also an ``S3KG_*`` variable) and their reading.

The defaults are those of :class:`~s3kg.config.ServerConfig` and
:class:`~s3kg.config.RunOptions`, so they are written in one place.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from s3kg.cli.common import friendly_errors
from s3kg.config import RunOptions, ServerConfig, Settings
from s3kg.errors import InputError

F = TypeVar("F", bound=Callable[..., Any])
SERVER, RUN = ServerConfig, RunOptions


def _option(*names: str, **kwargs: Any) -> Callable[[F], F]:
    option: Callable[[F], F] = click.option(*names, show_envvar=True, **kwargs)
    return option


_OPTIONS = (
    _option("--host", envvar="S3KG_HOST", default=RUN.host, help="Address to bind."),
    _option("--port", envvar="S3KG_PORT", type=int, default=RUN.port, help="Port."),
    _option("--store", envvar="S3KG_STORE", default=None,
            help="Oxigraph store folder, or the URL of a remote SPARQL endpoint "
                 "[default: var/current/store]."),
    _option("--queries", envvar="S3KG_QUERIES", type=click.Path(path_type=Path), default=None,
            help="Named queries folder [default: queries/]."),
    _option("--query-timeout", envvar="S3KG_QUERY_TIMEOUT", type=float,
            default=SERVER.query_timeout, help="Seconds a query may run."),
    _option("--result-limit", envvar="S3KG_RESULT_LIMIT", type=int,
            default=SERVER.result_limit, help="Most solutions or triples in one answer."),
    _option("--max-request-bytes", envvar="S3KG_MAX_REQUEST_BYTES", type=int,
            default=SERVER.max_request_bytes, help="Largest request body."),
    _option("--workers", envvar="S3KG_QUERY_WORKERS", type=int, default=SERVER.workers,
            help="Query worker processes."),
    _option("--client-queries", envvar="S3KG_CLIENT_QUERIES", type=int,
            default=SERVER.client_queries,
            help="Queries one client address may have running or waiting at once (else 429)."),
    _option("--threads", envvar="S3KG_THREADS", type=int, default=RUN.threads,
            help="Requests handled at once (slow clients hold none)."),
    _option("--max-connections", envvar="S3KG_MAX_CONNECTIONS", type=int,
            default=RUN.max_connections, help="Open connections, slow ones included."),
    _option("--trusted-proxy", envvar="S3KG_TRUSTED_PROXY", default=None,
            help="Address of a reverse proxy whose X-Forwarded-For names the client "
                 "(* trusts any)."),
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
    _option("--log-level", envvar="S3KG_LOG_LEVEL", default=RUN.log_level,
            help="Application log level."),
)


def serve_options(func: F) -> F:
    """The click options of ``s3kg serve``."""
    for option in reversed(_OPTIONS):
        func = option(func)
    return func


@click.command("serve", context_settings={"show_default": True})
@serve_options
@click.pass_obj
@friendly_errors
def serve_command(settings: Settings, /, **options: Any) -> None:
    """Serve the graph: SPARQL endpoint (/sparql), graph store, named-query API (/api).

    Every flag can also be set by the S3KG_* environment variable shown.
    """
    from s3kg.web.serve import ensure_store, serve

    config = server_config(settings, options)
    if config.store_url is None:
        ensure_store(settings, config.store_path, quiet=bool(os.environ.get("CI")))
    serve(config, run_options(options))


def server_config(settings: Settings, options: dict[str, Any]) -> ServerConfig:
    """The web application's configuration from the flags (validated)."""
    from s3kg.store.backends import is_remote

    location = str(options["store"] or settings.store_dir)
    remote = is_remote(location)
    return ServerConfig(
        store_path=settings.store_dir if remote else Path(location).expanduser(),
        store_url=location if remote else None,
        queries_dir=Path(options["queries"] or settings.queries_dir).expanduser(),
        query_timeout=_positive(options["query_timeout"], "--query-timeout"),
        result_limit=int(_positive(options["result_limit"], "--result-limit")),
        max_request_bytes=int(_positive(options["max_request_bytes"], "--max-request-bytes")),
        workers=int(_positive(options["workers"], "--workers")),
        client_queries=int(_positive(options["client_queries"], "--client-queries")),
        update_token=options["update_token"] or None,
        allow_load=bool(options["allow_load"]),
        allow_service=frozenset(_split(options["allow_service"])),
        cors_origins=tuple(_split(options["cors_origin"])),
        public_url=options["public_url"],
        settings=settings,
    )


def run_options(options: dict[str, Any]) -> RunOptions:
    return RunOptions(
        host=options["host"],
        port=options["port"],
        threads=int(_positive(options["threads"], "--threads")),
        log_level=str(options["log_level"]).upper(),
        max_connections=int(_positive(options["max_connections"], "--max-connections")),
        trusted_proxy=options["trusted_proxy"] or None,
    )


def _positive(value: Any, flag: str) -> float:
    number = float(value)
    if number <= 0:
        raise InputError(f"{flag} must be positive, not {value}")
    return number


def _split(values: tuple[str, ...]) -> list[str]:
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


COMMANDS = (serve_command,)
