"""The web application: ``create_app(config)`` builds a Flask app over one store.

There is no global app.  Each part of the site is a blueprint: ``ops`` (``/health``, access
log, CORS), ``sparql`` (``/sparql`` and ``/rdf-graph-store``) and ``api`` (``/api/...``).
Further blueprints (HTML pages, Linked-Data views) are passed to :func:`create_app` or
registered on the returned app; their views reach the store through :func:`current_backend`,
which runs every query in a killable worker process with the configured limits.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Any

from flask import Blueprint, Flask, Response, current_app, request
from werkzeug.exceptions import HTTPException
from werkzeug.sansio.utils import get_current_url

from s3kg.config import ServerConfig
from s3kg.errors import InputError, S3kgError
from s3kg.sparql import guard as sparql_guard
from s3kg.sparql import named as named_queries
from s3kg.store import jobs as st
from s3kg.store.backends import StoreBackend, open_backend
from s3kg.web.fairness import PerClientBackend
from s3kg.web.formdata import S3kgRequest

log = logging.getLogger(__name__)
EXTENSION = "s3kg"
STATIC_MAX_AGE = 3600  # seconds browsers may reuse /static files (query results: no-store)


def policy(config: ServerConfig) -> sparql_guard.Policy:
    """What the guard lets a request do under ``config``."""
    return sparql_guard.Policy(allow_update=config.update_token is not None,
                               allow_load=config.allow_load, allow_service=config.allow_service)


class Backend:
    """What the views share: the config, the store backend (``pool``) and the named queries.

    ``pool`` counts each client's queries (:mod:`s3kg.web.fairness`), so every view that runs
    one through it is held to ``config.client_queries``.
    """

    def __init__(self, config: ServerConfig, *, warm: bool = True) -> None:
        self.config = config
        store = open_backend(config.store_url or config.store_path, local=config.store_path,
                             workers=config.workers, warm=warm)
        self.pool: StoreBackend = PerClientBackend(store, config.client_queries)
        self.queries: dict[str, named_queries.NamedQuery] = {}
        self.reload_queries()

    def reload_queries(self) -> None:
        """Read the named queries again (``s3kg serve`` does on SIGHUP)."""
        queries_dir = self.config.queries_dir
        self.queries = named_queries.load_queries(queries_dir, strict=False) if queries_dir else {}

    def run(self, job: st.Job) -> Any:
        """Run a read job on the store as it is now (following a rebuilt ``var/current``)."""
        self.pool.follow()
        return self.pool.run(job, self.config.query_timeout)

    def update(self, job: st.UpdateJob) -> None:
        self.pool.follow()
        self.pool.run_exclusive(job, self.config.query_timeout)

    def catalog(self) -> st.Catalog:
        return self.pool.catalog(self.config.query_timeout)

    def select(self, text: str, bindings: Sequence[tuple[str, Any]] = (),
               limit: int | None = None) -> dict[str, Any]:
        """Convenience for page views: a SELECT/ASK answer as parsed SPARQL JSON.  ``limit``
        raises the result limit for the server's own bounded queries (a page's data cached
        per release), never for a request's query."""
        job = st.QueryJob(text, limit=max(limit or 0, self.config.result_limit),
                          substitutions=tuple(bindings))
        answer: st.Answer = self.run(job)
        data: dict[str, Any] = json.loads(answer.body)
        return data

    def close(self) -> None:
        self.pool.close()


def current_backend() -> Backend:
    backend: Backend = current_app.extensions[EXTENSION]
    return backend


def create_app(config: ServerConfig, blueprints: Iterable[Blueprint] = (),
               *, warm: bool = True) -> Flask:
    """Build the application; ``warm`` starts the query workers now rather than on demand."""
    from s3kg.web import (
        api,
        browse,
        compare,
        dataset,
        downloads,
        forms,
        linked_data,
        ops,
        pages,
        partners,
        pictures,
        reader,
        reference,
        review,
        search,
        sparql,
        vendor,
    )

    app = Flask(__name__)
    app.request_class = S3kgRequest
    app.config["MAX_CONTENT_LENGTH"] = config.max_request_bytes
    app.config["MAX_FORM_MEMORY_SIZE"] = config.max_request_bytes
    app.config["SEND_FILE_MAX_AGE_DEFAULT"] = STATIC_MAX_AGE
    app.config["S3KG"] = config
    app.extensions[EXTENSION] = Backend(config, warm=warm)
    for blueprint in (ops.blueprint, sparql.blueprint, api.blueprint, linked_data.blueprint,
                      pages.blueprint, search.blueprint, browse.blueprint, review.blueprint,
                      reader.blueprint, downloads.blueprint, dataset.blueprint,
                      forms.blueprint, compare.blueprint, pictures.blueprint, vendor.blueprint,
                      reference.blueprint, partners.blueprint, *blueprints):
        app.register_blueprint(blueprint)
    app.register_error_handler(S3kgError, _s3kg_error)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(Exception, _unexpected_error)
    return app


def text_response(status: int, message: str, headers: dict[str, str] | None = None) -> Response:
    """A SPARQL-style error: a short plain-text message with the status."""
    body = message if message.endswith("\n") else message + "\n"
    response = Response(body, status=status, mimetype="text/plain")
    response.headers.update(headers or {})
    return response


def endpoint_url(path: str = "/sparql") -> str:
    """The public URL of ``path`` on this server (``public_url`` when behind a proxy)."""
    config: ServerConfig = current_app.config["S3KG"]
    root = config.public_url or _host_url(request.scheme, request.host)
    return root.rstrip("/") + path


@lru_cache(maxsize=64)
def _host_url(scheme: str, host: str) -> str:
    """``request.host_url`` (``scheme://host/`` as an IRI), made once per scheme and host."""
    return get_current_url(scheme, host)


def _s3kg_error(err: S3kgError) -> Response:
    status = getattr(err, "http_status", 400 if isinstance(err, InputError) else 500)
    if status >= 500 and not isinstance(err, st.StoreUnavailableError):
        log.warning("%s on %s %s: %s", type(err).__name__, request.method, request.path, err)
    return text_response(status, str(err), retry_headers(err))


def retry_headers(err: Exception) -> dict[str, str]:
    """``Retry-After`` for an error that says when to come back (a client over its limit)."""
    retry_after = getattr(err, "retry_after", None)
    return {} if retry_after is None else {"Retry-After": str(retry_after)}


def _http_error(err: HTTPException) -> Response:
    response = err.get_response()
    message = f"{err.code} {err.name}: {err.description}"
    out = text_response(err.code or 500, message)
    for header in ("Allow", "WWW-Authenticate", "Retry-After"):
        if header in response.headers:
            out.headers[header] = response.headers[header]
    return out


def _unexpected_error(err: Exception) -> Response:
    log.exception("unexpected error on %s %s", request.method, request.path)
    return text_response(500, "500 Internal Server Error: the server failed; this is a bug.")
