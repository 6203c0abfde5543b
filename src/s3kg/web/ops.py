"""Operations: ``/health``, one JSON access-log line per request, CORS, service description.

Every response gets ``X-Content-Type-Options: nosniff`` and, unless its view set one,
``Cache-Control: no-store`` (query results are never cached); static files are cached for
an hour (``SEND_FILE_MAX_AGE_DEFAULT``, set by :func:`s3kg.web.create_app`).

Access log lines go to the ``s3kg.access`` logger, e.g.::

    {"ts": "2025-01-01T12:00:00.123Z", "method": "GET", "path": "/sparql", "status": 200,
     "duration_ms": 3.1, "bytes": 512, "remote": "127.0.0.1"}

:func:`configure_logging` (called by ``s3kg serve``) sends them, unformatted, to stderr.
"""

from __future__ import annotations

import json
import logging
import sys
import time
from datetime import UTC, datetime
from typing import Any

import pyoxigraph as ox
from flask import Blueprint, Response, current_app, g, request

from s3kg.config import ServerConfig
from s3kg.store import jobs as st
from s3kg.web import current_backend

blueprint = Blueprint("ops", __name__)
access_log = logging.getLogger("s3kg.access")

SD = "http://www.w3.org/ns/sparql-service-description#"
FORMATS = "http://www.w3.org/ns/formats/"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
_RESULT_FORMATS = ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV",
                   "SPARQL_Results_TSV", "Turtle", "N-Triples", "RDF_XML", "JSON-LD", "N-Quads",
                   "TriG", "N3")
_CORS_HEADERS = "Accept, Authorization, Content-Type"


@blueprint.route("/health")
def health() -> tuple[dict[str, Any], int]:
    """Status, triple count, store path and build id; 503 while the store cannot be read."""
    backend = current_backend()
    path = backend.pool.follow()
    report: dict[str, Any] = {"store": str(path), "build_id": st.read_build_id(path)}
    try:
        catalog = backend.catalog()
    except st.QueryError as err:
        return {"status": "unavailable", "error": str(err), **report}, 503
    report.update(status="ok", triples=catalog.quads, graphs=len(catalog.graphs),
                  named_queries=len(backend.queries),
                  query_timeout_s=backend.config.query_timeout,
                  result_limit=backend.config.result_limit)
    return report, 200


@blueprint.before_app_request
def _start_clock() -> Response | None:
    g.s3kg_started = time.perf_counter()
    if request.method == "OPTIONS" and request.headers.get("Access-Control-Request-Method"):
        return _preflight()
    _bound_streamed_body()
    return None


def _bound_streamed_body() -> None:
    """A chunked body (no Content-Length) over the size limit is a 413, never cut short.

    Werkzeug stops reading such a body at ``MAX_CONTENT_LENGTH`` without a word, and the view
    would run a truncated query.  Read it here (cached for the views and the form parser)
    and probe one byte more: reading past the limit raises RequestEntityTooLarge.
    """
    if "chunked" in request.headers.get("Transfer-Encoding", "").lower():
        request.get_data(cache=True)
        request.stream.read(1)


@blueprint.after_app_request
def _finish(response: Response) -> Response:
    _add_cors(response)
    _add_safety_headers(response)
    if access_log.isEnabledFor(logging.INFO):
        _log_access(response)
    return response


def _log_access(response: Response) -> None:
    started = g.get("s3kg_started")
    duration = (time.perf_counter() - started) * 1000 if started is not None else None
    access_log.info(json.dumps({
        "ts": datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z"),
        "method": request.method,
        "path": request.path,
        "status": response.status_code,
        "duration_ms": None if duration is None else round(duration, 2),
        "bytes": response.calculate_content_length(),
        "remote": request.remote_addr,
    }))


def _add_safety_headers(response: Response) -> None:
    """No MIME sniffing anywhere; answers are not cached unless a view says otherwise."""
    response.headers["X-Content-Type-Options"] = "nosniff"
    if "Cache-Control" not in response.headers:
        response.headers["Cache-Control"] = "no-store"


def _allowed_origin() -> str | None:
    config: ServerConfig = current_app.config["S3KG"]
    origin = request.headers.get("Origin")
    if origin is None or not config.cors_origins:
        return None
    if "*" in config.cors_origins:
        return "*"
    return origin if origin in config.cors_origins else None


def _add_cors(response: Response) -> None:
    origin = _allowed_origin()
    if origin is not None:
        response.headers["Access-Control-Allow-Origin"] = origin
        response.vary.add("Origin")


def _preflight() -> Response:
    response = Response(status=204)
    if _allowed_origin() is not None:
        response.headers["Access-Control-Allow-Methods"] = "GET, POST, OPTIONS"
        response.headers["Access-Control-Allow-Headers"] = _CORS_HEADERS
        response.headers["Access-Control-Max-Age"] = "600"
    return response


def describe_service(endpoint: str) -> list[Any]:
    """The SPARQL 1.1 Service Description triples of this endpoint."""
    backend = current_backend()
    config = backend.config
    service = ox.BlankNode()

    def sd(term: str) -> Any:
        return ox.NamedNode(SD + term)

    triples = [
        ox.Triple(service, RDF_TYPE, sd("Service")),
        ox.Triple(service, sd("endpoint"), ox.NamedNode(endpoint)),
        ox.Triple(service, sd("supportedLanguage"), sd("SPARQL11Query")),
        ox.Triple(service, sd("feature"), sd("UnionDefaultGraph")),
        ox.Triple(service, sd("defaultEntailmentRegime"),
                  ox.NamedNode("http://www.w3.org/ns/entailment/Simple")),
        ox.Triple(service, ox.NamedNode("http://purl.org/dc/terms/title"),
                  ox.Literal("s3kg: Smart-Specialisation Knowledge Graph", language="en")),
    ]
    triples += [ox.Triple(service, sd("resultFormat"), ox.NamedNode(FORMATS + name))
                for name in _RESULT_FORMATS]
    if config.update_token is not None:
        triples.append(ox.Triple(service, sd("supportedLanguage"), sd("SPARQL11Update")))
    if config.allow_service:
        triples.append(ox.Triple(service, sd("feature"), sd("BasicFederatedQuery")))
    return triples + _dataset_triples(service, sd)


def _dataset_triples(service: Any, sd: Any) -> list[Any]:
    try:
        catalog = current_backend().catalog()
    except st.QueryError:
        return []
    dataset, default = ox.BlankNode(), ox.BlankNode()
    triples = [
        ox.Triple(service, sd("defaultDataset"), dataset),
        ox.Triple(dataset, RDF_TYPE, sd("Dataset")),
        ox.Triple(dataset, sd("defaultGraph"), default),
        ox.Triple(default, RDF_TYPE, sd("Graph")),
    ]
    for name in catalog.graphs:
        node = ox.BlankNode()
        triples += [ox.Triple(dataset, sd("namedGraph"), node),
                    ox.Triple(node, RDF_TYPE, sd("NamedGraph")),
                    ox.Triple(node, sd("name"), ox.NamedNode(name))]
    return triples


def configure_logging(level: str = "INFO") -> None:
    """Application messages and JSON access lines to stderr (for ``s3kg serve``)."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(message)s"))
    access_log.handlers[:] = [handler]
    access_log.propagate = False
    access_log.setLevel(logging.INFO)
    app_log = logging.getLogger("s3kg")
    if not app_log.handlers:
        app_handler = logging.StreamHandler(sys.stderr)
        app_handler.setFormatter(
            logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        app_log.addHandler(app_handler)
    app_log.setLevel(level)
