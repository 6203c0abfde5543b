"""Named query API: each ``queries/**/*.rq`` file as ``GET /api/<name>?param=...``.

SPARQL JSON by default; CSV on ``Accept: text/csv`` or ``?format=csv`` (XML and TSV too).
Parameters are validated by type and bound as RDF terms (see :mod:`s3kg.sparql.named`); a bad
value is a 400 naming the parameter.  ``GET /api`` lists the queries and ``GET
/api/openapi.json`` describes them in OpenAPI 3.
"""

from __future__ import annotations

import re
from typing import Any

from flask import Blueprint, Response, jsonify, request

from s3kg import __version__
from s3kg.errors import InputError
from s3kg.sparql import named as named_queries
from s3kg.sparql import results as res
from s3kg.store.query import prepare_named, run
from s3kg.web import current_backend
from s3kg.web.sparql import GRAPH_TYPES, answer_response, negotiate_formats

blueprint = Blueprint("api", __name__)

_SCHEMAS: dict[str, dict[str, Any]] = {
    "iri": {"type": "string", "format": "uri"},
    "string": {"type": "string"},
    "integer": {"type": "integer"},
    "decimal": {"type": "number"},
    "year": {"type": "string", "pattern": "^-?[0-9]{4,}$", "example": "2019"},
    "boolean": {"type": "boolean"},
}
_TEXT_ERROR = {"content": {"text/plain": {"schema": {"type": "string"}}}}


class NamedQueryNotFoundError(InputError):
    http_status = 404


@blueprint.route("/api")
@blueprint.route("/api/")
def index() -> Response:
    queries = current_backend().queries
    return jsonify([
        {"name": q.name, "path": f"/api/{q.name}", "summary": q.summary,
         "params": {p.name: p.type for p in q.params}}
        for q in queries.values()
    ])


@blueprint.route("/api/openapi.json")
def openapi() -> Response:
    return jsonify(openapi_document(current_backend().queries))


@blueprint.route("/api/<path:name>")
def run_named(name: str) -> Response:
    backend = current_backend()
    query = backend.queries.get(name)
    if query is None:
        raise NamedQueryNotFoundError(f"No named query '{name}'; GET /api lists them.")
    repeated = [key for key, values in request.args.lists() if len(values) > 1]
    if repeated:
        raise InputError(f"Give each parameter once: {', '.join(sorted(repeated))} repeated.")
    prepared = prepare_named(query, request.args.to_dict())
    return answer_response(run(backend.pool, prepared, negotiate_formats(), backend.config))


def openapi_document(queries: dict[str, named_queries.NamedQuery]) -> dict[str, Any]:
    """OpenAPI 3.0 description of every named query."""
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "s3kg named queries",
            "version": __version__,
            "description": "SPARQL queries over the Smart-Specialisation Knowledge Graph, "
                           "one operation per file under queries/.",
        },
        "paths": {f"/api/{q.name}": {"get": _operation(q)} for q in queries.values()},
    }


def _operation(query: named_queries.NamedQuery) -> dict[str, Any]:
    operation: dict[str, Any] = {
        "operationId": re.sub(r"[^A-Za-z0-9_]", "_", query.name),
        "summary": query.summary,
        "parameters": [_parameter(p) for p in query.params] + [_format_parameter(query)],
        "responses": {
            "200": {"description": "The query results.", "content": _content(query)},
            "400": {"description": "A parameter is missing or malformed.", **_TEXT_ERROR},
            "406": {"description": "No acceptable result format.", **_TEXT_ERROR},
            "422": {"description": "The answer exceeds the result limit.", **_TEXT_ERROR},
            "503": {"description": "The query timed out or the store is unavailable.",
                    **_TEXT_ERROR},
        },
    }
    if query.description:
        operation["description"] = query.description
    if query.tags:
        operation["tags"] = list(query.tags)
    return operation


def _parameter(param: named_queries.Param) -> dict[str, Any]:
    schema = dict(_SCHEMAS[param.type])
    if param.default is not None:
        schema["default"] = _typed_default(param)
    spec: dict[str, Any] = {"name": param.name, "in": "query", "required": param.required,
                            "schema": schema}
    if param.description:
        spec["description"] = param.description
    return spec


def _typed_default(param: named_queries.Param) -> Any:
    value = param.default or ""
    if param.type == "integer":
        return int(value)
    if param.type == "decimal":
        return float(value)
    if param.type == "boolean":
        return value.lower() in ("true", "1")
    return value


def _format_parameter(query: named_queries.NamedQuery) -> dict[str, Any]:
    names = ["turtle", "nt", "xml", "jsonld", "nq", "trig"] if _is_graph(query) else (
        ["json", "xml"] if query.form == "ASK" else ["json", "csv", "tsv", "xml"])
    return {"name": "format", "in": "query", "required": False,
            "description": "Result format; overrides the Accept header.",
            "schema": {"type": "string", "enum": names}}


def _content(query: named_queries.NamedQuery) -> dict[str, Any]:
    if _is_graph(query):
        return {media: {"schema": {"type": "string"}} for media in GRAPH_TYPES}
    types = res.BOOLEAN_TYPES if query.form == "ASK" else res.TABULAR_TYPES
    return {media: {"schema": {"type": "object"} if media == res.JSON else {"type": "string"}}
            for media in types}


def _is_graph(query: named_queries.NamedQuery) -> bool:
    return query.form in ("CONSTRUCT", "DESCRIBE")
