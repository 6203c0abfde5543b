"""SPARQL 1.1 Protocol at ``/sparql`` and the Graph Store Protocol read side.

- ``GET /sparql?query=...``, ``POST`` form-encoded (``query=`` / ``update=``) or direct
  (``application/sparql-query`` / ``application/sparql-update``), with ``default-graph-uri``
  and ``named-graph-uri`` (which replace any FROM clauses).  Without them the default graph is
  the union of all graphs.
- ``GET /sparql`` without a query: the Service Description (RDF, negotiated).
- ``GET /rdf-graph-store?graph=IRI`` or ``?default``: one graph (404 if unknown); writes
  answer 405, the graph store being read-only.

Results are negotiated from ``Accept`` or a ``format`` parameter; nothing acceptable is a 406.
"""

from __future__ import annotations

import hmac
import re
from functools import lru_cache

import pyoxigraph as ox
from flask import Blueprint, Response, request
from werkzeug.datastructures import MIMEAccept, MultiDict

from s3kg.errors import InputError
from s3kg.sparql import guard as sparql_guard
from s3kg.sparql import results as res
from s3kg.store import jobs as st
from s3kg.store.query import inspect_text, prepare_text
from s3kg.web import current_backend, endpoint_url, policy, text_response

blueprint = Blueprint("sparql", __name__)

FORM = "application/x-www-form-urlencoded"
QUERY_TYPE = "application/sparql-query"
UPDATE_TYPE = "application/sparql-update"
GRAPH_TYPES = tuple(st.RDF_FORMATS)
FORMAT_NAMES: dict[str, dict[str, str]] = {
    "tabular": {"json": res.JSON, "xml": res.XML, "csv": res.CSV, "tsv": res.TSV},
    "boolean": {"json": res.JSON, "xml": res.XML},
    "graph": {"turtle": "text/turtle", "ttl": "text/turtle", "nt": "application/n-triples",
              "ntriples": "application/n-triples", "xml": "application/rdf+xml",
              "rdfxml": "application/rdf+xml", "jsonld": "application/ld+json",
              "json": "application/ld+json", "nq": "application/n-quads",
              "nquads": "application/n-quads", "trig": "application/trig", "n3": "text/n3"},
}
_ALIASES = {"application/json": res.JSON, "text/plain": "application/n-triples",
            "application/x-turtle": "text/turtle", "text/rdf+n3": "text/n3"}
_OFFERS = {"tabular": res.TABULAR_TYPES, "boolean": res.BOOLEAN_TYPES, "graph": GRAPH_TYPES}
_ABSOLUTE_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:[^\s<>\"{}|^`\\]*$")
_READ_ONLY = {"Allow": "GET, HEAD, OPTIONS"}
NEGOTIATIONS_KEPT = 128  # (format, Accept) pairs whose formats are remembered


class UnsupportedMediaTypeError(InputError):
    http_status = 415


class Operation:
    """One protocol request: a query or an update with its protocol dataset."""

    def __init__(self, kind: str, text: str, params: MultiDict[str, str]) -> None:
        self.kind = kind
        self.text = text
        self.default_graphs = _graph_list(params, "default-graph-uri")
        self.named_graphs = _graph_list(params, "named-graph-uri")
        self.using = _graph_list(params, "using-graph-uri") + _graph_list(
            params, "using-named-graph-uri")


@blueprint.route("/sparql", methods=["GET", "POST"])
def sparql_endpoint() -> Response:
    operation = read_operation()
    if operation is None:
        return service_description()
    if operation.kind == "update":
        return run_update(operation)
    return run_query(operation)


def read_operation() -> Operation | None:
    """Parse the request as the SPARQL 1.1 Protocol says; protocol mistakes raise 4xx."""
    if request.method in ("GET", "HEAD"):
        if "update" in request.args:
            raise InputError("SPARQL Update must be sent with POST, not GET.")
        return _from_fields("query", request.args, request.args, required=False)
    charset = request.mimetype_params.get("charset", "utf-8").lower()
    if charset not in ("utf-8", "utf8"):
        raise UnsupportedMediaTypeError(f"Only UTF-8 is accepted, not charset={charset}.")
    mimetype = request.mimetype
    if mimetype == FORM:
        params = MultiDict([*request.args.items(multi=True), *request.form.items(multi=True)])
        kind = "update" if "update" in request.form else "query"
        return _from_fields(kind, request.form, params, required=True)
    if mimetype in (QUERY_TYPE, UPDATE_TYPE):
        text = _body_text()
        if not text.strip():
            raise InputError("The request body is empty: it should hold the SPARQL text.")
        return Operation("query" if mimetype == QUERY_TYPE else "update", text, request.args)
    shown = f"Content-Type {mimetype}" if mimetype else "no Content-Type"
    raise UnsupportedMediaTypeError(
        f"POST with {shown}: use {FORM}, {QUERY_TYPE} or {UPDATE_TYPE}.")


def run_query(operation: Operation) -> Response:
    """A query as ``s3kg query`` runs it (:func:`prepare_text`: the guard, and the well-known
    prefixes declared), with the protocol's dataset and result format."""
    backend = current_backend()
    if inspect_text(operation.text).kind == "update":
        raise InputError("This is a SPARQL Update: send it by POST as 'update' or as "
                         f"{UPDATE_TYPE}, not as a query.")
    overridden = bool(operation.default_graphs or operation.named_graphs)
    prepared = prepare_text(operation.text, policy(backend.config),
                            lambda: backend.catalog().graphs, dataset_overridden=overridden)
    job = st.QueryJob(
        prepared.text, negotiate_formats(), backend.config.result_limit,
        base_iri=endpoint_url(),
        default_graphs=tuple(operation.default_graphs) if overridden else None,
        named_graphs=tuple(operation.named_graphs) if overridden else None,
        union_default=prepared.union_default, prefixes=prepared.prefixes,
    )
    return answer_response(backend.run(job))


def run_update(operation: Operation) -> Response:
    backend = current_backend()
    token = backend.config.update_token
    if token is None:
        raise sparql_guard.PolicyError("SPARQL Update is disabled: this endpoint is read-only.")
    supplied = request.headers.get("Authorization", "")
    if not hmac.compare_digest(supplied.encode(), f"Bearer {token}".encode()):
        return text_response(401, "SPARQL Update needs 'Authorization: Bearer <token>'.",
                             {"WWW-Authenticate": 'Bearer realm="s3kg"'})
    if operation.using or operation.default_graphs or operation.named_graphs:
        raise InputError("using-graph-uri / using-named-graph-uri are not supported here; "
                         "write USING or WITH in the update itself.")
    inspection = sparql_guard.inspect(operation.text)
    if inspection.kind == "query":
        raise InputError("This is a query: send it as 'query', not as an update.")
    local = backend.catalog().graphs if inspection.has_dataset_clause else ()
    sparql_guard.check(inspection, policy(backend.config), local)
    backend.update(st.UpdateJob(operation.text, base_iri=endpoint_url()))
    return Response(status=204)


def negotiate_formats(default_tabular: str = res.JSON) -> st.Formats:
    """The media type for each kind of result, from ``format=`` or ``Accept``."""
    return _formats(default_tabular, request.values.get("format"),
                    request.headers.get("Accept", ""))


@lru_cache(maxsize=NEGOTIATIONS_KEPT)
def _formats(default_tabular: str, name: str | None, header: str) -> st.Formats:
    """:func:`negotiate_formats` for these request values: it depends on nothing else, so
    the answers for the few ``Accept`` headers clients send are remembered."""
    chosen = {kind: _negotiated(kind, default_tabular if kind == "tabular" else None, name,
                                header) for kind in _OFFERS}
    return st.Formats(chosen["tabular"], chosen["boolean"], chosen["graph"])


def negotiate(kind: str, default: str | None = None) -> str | None:
    return _negotiated(kind, default, request.values.get("format"),
                       request.headers.get("Accept", ""))


def _negotiated(kind: str, default: str | None, name: str | None, header: str) -> str | None:
    offered = _OFFERS[kind]
    if name:
        if not any(name.lower() in names for names in FORMAT_NAMES.values()):
            known = sorted({n for names in FORMAT_NAMES.values() for n in names})
            raise InputError(f"Unknown format '{name}'; use one of: {', '.join(known)}.")
        return FORMAT_NAMES[kind].get(name.lower())
    accept = _accept(header)
    if accept is None:
        return default or offered[0]
    candidates = [default or offered[0], *offered] + [a for a, t in _ALIASES.items()
                                                      if t in offered]
    match = accept.best_match(candidates)
    return _ALIASES.get(match, match) if match else None


def _accept(header: str) -> MIMEAccept | None:
    """The Accept header with media-type parameters other than ``q`` dropped."""
    header = header.strip()
    if not header:
        return None
    items: list[tuple[str, float]] = []
    for part in header.split(","):
        media, *params = (p.strip() for p in part.split(";"))
        quality = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    quality = max(0.0, min(1.0, float(value)))
                except ValueError:
                    quality = 0.0
        if media:
            items.append((media.lower(), quality))
    return MIMEAccept(items)


def answer_response(answer: st.Answer) -> Response:
    return Response(answer.body, status=200, headers={"Vary": "Accept"},
                    content_type=f"{answer.media_type}; charset=utf-8")


def service_description() -> Response:
    """SPARQL 1.1 Service Description of this endpoint, in a negotiated RDF syntax."""
    from s3kg.web import ops

    media = negotiate("graph")
    if media is None:
        raise st.NotAcceptableError(f"The service description is RDF: {', '.join(GRAPH_TYPES)}.")
    triples = ops.describe_service(endpoint_url())
    body = st.serialize_rdf(triples, media)
    return answer_response(st.Answer(body, media, len(triples)))


@blueprint.route("/rdf-graph-store", methods=["GET", "PUT", "POST", "DELETE", "PATCH"])
def graph_store() -> Response:
    """Graph Store Protocol, indirect identification; read-only."""
    if request.method not in ("GET", "HEAD"):
        return _read_only()
    has_default, graph = "default" in request.args, request.args.get("graph")
    if has_default == (graph is not None):
        raise InputError("Name one graph: ?default, or ?graph=IRI (an absolute IRI).")
    if graph is not None and not _is_iri(graph):
        raise InputError(f"?graph must be an absolute IRI, not {graph!r}.")
    return _graph_response(graph)


@blueprint.route("/rdf-graph-store/<path:_name>", methods=["GET", "PUT", "POST", "DELETE", "PATCH"])
def graph_store_direct(_name: str) -> Response:
    """Graph Store Protocol, direct identification: the graph named by this very URL."""
    if request.method not in ("GET", "HEAD"):
        return _read_only()
    if not _is_iri(request.base_url):
        raise st.GraphNotFoundError(f"No graph <{request.base_url}>: that is not a valid IRI.")
    return _graph_response(request.base_url)


def _graph_response(graph: str | None) -> Response:
    backend = current_backend()
    media = negotiate("graph")
    if media is None:
        raise st.NotAcceptableError(f"Graphs are served as: {', '.join(GRAPH_TYPES)}.")
    try:
        answer = backend.run(st.GraphJob(graph, media, backend.config.result_limit))
    except st.ResultLimitError as err:
        # Whole graphs are files, not answers: point at them rather than only refuse.
        raise st.ResultLimitError(f"{err} The whole graph is a download: "
                                  f"{endpoint_url('/dataset')} lists them.") from None
    return answer_response(answer)


def _read_only() -> Response:
    return text_response(405, "405 Method Not Allowed: the graph store is read-only here.",
                         _READ_ONLY)


def _from_fields(kind: str, fields: MultiDict[str, str], params: MultiDict[str, str],
                 *, required: bool) -> Operation | None:
    if "query" in fields and "update" in fields:
        raise InputError("Send either 'query' or 'update', not both.")
    values = fields.getlist(kind)
    if len(values) > 1:
        raise InputError(f"Send exactly one '{kind}' parameter, not {len(values)}.")
    if not values:
        if required:
            raise InputError("The form has no 'query' or 'update' field.")
        return None
    if not values[0].strip():
        raise InputError(f"The '{kind}' parameter is empty.")
    return Operation(kind, values[0], params)


def _body_text() -> str:
    try:
        return request.get_data(cache=False).decode("utf-8")
    except UnicodeDecodeError as err:
        raise InputError(f"The body is not valid UTF-8 ({err.reason}).") from err


def _graph_list(params: MultiDict[str, str], key: str) -> list[str]:
    graphs = params.getlist(key)
    for iri in graphs:
        if not _is_iri(iri):
            raise InputError(f"{key} must be an absolute IRI, not {iri!r}.")
    return graphs


def _is_iri(text: str) -> bool:
    """An absolute IRI the engine accepts (no control characters, valid %-escapes and host)."""
    if not _ABSOLUTE_IRI.match(text):
        return False
    try:
        ox.NamedNode(text)
    except ValueError:
        return False
    return True
