"""Pages for people: the home page, the query editor, entity pages and the build report.

Every query runs in the killable worker pool (:meth:`s3kg.web.Backend.select`); an entity's
IRI is bound as a substitution.  Templates are autoescaped, and pages load only this server's
own files: a ``Content-Security-Policy`` of ``'self'`` holds the browser to that, YASGUI
included (served from ``node_modules``, see :mod:`s3kg.web.linked_data`).
"""

from __future__ import annotations

import functools
import json
import logging
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pyoxigraph as ox
from flask import Blueprint, Response, render_template, request
from werkzeug.exceptions import HTTPException

from s3kg.errors import S3kgError
from s3kg.sparql import named as named_queries
from s3kg.store import jobs as st
from s3kg.validate.completeness import completeness_report
from s3kg.validate.reports import render_html
from s3kg.vocab.render import iri_text
from s3kg.web import current_backend, endpoint_url, entity, resources, retry_headers, text_response
from s3kg.web.conneg import preferred

blueprint = Blueprint("pages", __name__, template_folder="templates")
log = logging.getLogger(__name__)
CSP = (
    "default-src 'self'; img-src 'self' data:; font-src 'self' data:; "
    "style-src 'self' 'unsafe-inline'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'self'"
)
S3KG, ORG = entity.S3KG, entity.ORG
COUNTED = (
    ("clusters", S3KG + "Cluster"), ("organisations", ORG + "FormalOrganization"),
    ("regions", S3KG + "Region"), ("countries", S3KG + "Country"),
    ("figures", S3KG + "Figure"), ("documents", S3KG + "SourceDocument"),
    ("factors", S3KG + "Factor"), ("effects", S3KG + "ClusteringEffect"),
    ("stakeholder groups", S3KG + "StakeholderGroup"), ("interests", S3KG + "Interest"),
    ("policy instruments", S3KG + "PolicyInstrument"), ("cited works", S3KG + "CitedWork"),
    ("facts with provenance", S3KG + "Assertion"),
)  # fmt: skip
FACETED = {"clusters": "/browse/clusters", "organisations": "/browse/organisations"}
_HEAD = "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
COUNTS = (
    _HEAD
    + """SELECT ?class (COUNT(DISTINCT ?s) AS ?n) WHERE {
  VALUES ?class { CLASSES }
  ?s a/rdfs:subClassOf* ?class
} GROUP BY ?class""".replace("CLASSES", " ".join(f"<{iri}>" for _, iri in COUNTED))
)
LISTED = (
    _HEAD
    + """PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT ?class ?item (SAMPLE(?l) AS ?label) (SAMPLE(?y) AS ?issued) WHERE {
  ?item a ?class .
  OPTIONAL { ?item rdfs:label|skos:prefLabel|dcterms:title ?l FILTER(LANG(?l) IN ("en", "")) }
  OPTIONAL { ?item dcterms:issued ?y }
} GROUP BY ?class ?item ORDER BY ?item LIMIT 200"""
)
BROWSE = (
    _HEAD
    + """SELECT DISTINCT ?item ?label WHERE {
  ?item a/rdfs:subClassOf* CLASS .
  OPTIONAL { ?item rdfs:label ?label }
} ORDER BY ?label ?item LIMIT 500"""
)
EXAMPLES = (
    (
        "Which clusters are there, and where are they located?",
        "PREFIX s3kg: <https://w3id.org/s3kg/ontology#>\n"
        + _HEAD
        + "SELECT ?cluster ?label ?place WHERE {\n  ?cluster a s3kg:Cluster ; rdfs:label ?label .\n"
        "  OPTIONAL { ?cluster s3kg:locatedIn ?place }\n} ORDER BY ?label",
    ),
    (
        "Which text spans support the facts about clusters?",
        "PREFIX s3kg: <https://w3id.org/s3kg/ontology#>\n"
        "PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>\n"
        "PREFIX oa: <http://www.w3.org/ns/oa#>\n"
        "SELECT ?cluster ?predicate ?object ?locator ?exact WHERE {\n"
        "  ?cluster a s3kg:Cluster .\n"
        "  ?a rdf:subject ?cluster ; rdf:predicate ?predicate ; rdf:object ?object ;\n"
        "     s3kg:evidence ?span .\n"
        "  ?span s3kg:locator ?locator ; oa:hasSelector ?q . ?q oa:exact ?exact .\n"
        "} LIMIT 100",
    ),
    (
        "How many resources of each class does the graph hold?",
        "SELECT ?class (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?class }\n"
        "GROUP BY ?class ORDER BY DESC(?n) LIMIT 50",
    ),
)
DEFAULT_QUERY = EXAMPLES[0][1]
_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)


def page(template: str, status: int = 200, **context: Any) -> Response:
    """An HTML page; the policy header keeps the browser on this server."""
    response = Response(render_template(template, **context), status=status, mimetype="text/html")
    response.headers["Content-Security-Policy"] = CSP
    return response


def query_link(text: str) -> str:
    """The editor, opened on ``text`` and running it."""
    return "/query?" + urlencode({"query": text})


@blueprint.route("/")
def home() -> Response:
    backend = current_backend()
    catalog = backend.catalog()
    found = {
        row["class"]["value"]: int(row["n"]["value"])
        for row in backend.select(COUNTS)["results"]["bindings"]
    }
    counts = [
        (name, found.get(iri, 0),
         FACETED.get(name) or query_link(BROWSE.replace("CLASS", f"<{iri}>")))
        for name, iri in COUNTED
    ]
    return page(
        "home.html",
        counts=counts,
        catalog=catalog,
        build_id=st.read_build_id(backend.pool.follow()),
        documents=_listing(S3KG + "SourceDocument"),
        clusters=sorted(_listing(S3KG + "Cluster"), key=lambda r: r.get("label", "").lower()),
        examples=examples(),
    )


def _listing(class_iri: str) -> list[dict[str, str]]:
    bindings = [("class", ox.NamedNode(class_iri))]
    rows = current_backend().select(LISTED, bindings)["results"]["bindings"]
    return [{k: cell["value"] for k, cell in row.items()} for row in rows]


def examples() -> list[tuple[str, str]]:
    """(question, one-click link): the competency questions whose parameters all have defaults.

    Taken from the ``#+ summary:`` of ``queries/cq/*.rq``; built-in ones when there are none.
    """
    found = [
        (q.summary, query_link(editor_text(q)))
        for name, q in sorted(current_backend().queries.items())
        if name.startswith("cq/") and all(p.default is not None or not p.required for p in q.params)
    ]
    return found or [(summary, query_link(text)) for summary, text in EXAMPLES]


def editor_text(query: named_queries.NamedQuery, values: dict[str, str] | None = None) -> str:
    """The query as a person can run it in the editor: the defaults as a VALUES row at the
    start of the outermost WHERE, where they join like the API's bindings do.

    The values are checked and typed by :func:`named_queries.bind` and written by pyoxigraph
    as N-Triples terms, so they are escaped correctly (a form's values included).
    """
    bound = named_queries.bind(query, values or {})
    if not bound:
        return query.text
    names = " ".join(f"?{name}" for name, _ in bound)
    row = " ".join(str(term) for _, term in bound)
    block = f"VALUES ({names}) {{ ({row}) }}"
    text = query.text
    where = next((m for m in _WHERE.finditer(text) if not _in_comment(text, m.start())), None)
    if where is None:
        return f"{text.rstrip()}\n{block}\n"
    return f"{text[: where.end()]}\n  {block}{text[where.end() :]}"


def _in_comment(text: str, position: int) -> bool:
    return "#" in text[text.rfind("\n", 0, position) + 1 : position]


@blueprint.route("/query")
def query_editor() -> Response:
    return page(
        "query.html",
        endpoint=endpoint_url("/sparql"),
        default_query=DEFAULT_QUERY,
        installed=resources.yasgui_installed(),
        node_modules=str(resources.node_modules()),
    )


@blueprint.route("/report")
def report() -> Response:
    """The build's validation summary, and the completeness report when it is available."""
    backend = current_backend()
    release = backend.pool.follow().parent
    build = _read_json(release / "build.json")
    full, reason = full_report(release)
    return page(
        "report.html",
        build=build,
        full=full,
        reason=reason,
        validation=json.dumps(build.get("validation"), indent=2, ensure_ascii=False),
    )


def full_report(release: Path) -> tuple[str | None, str]:
    """HTML of the completeness report, or why there is none."""
    return _cached_report(str(release.resolve()))


@functools.lru_cache(maxsize=4)
def _cached_report(release: str) -> tuple[str | None, str]:
    # Release folders are named by the digest of their graph, so a cached report never
    # goes stale; computing one parses the whole release (seconds), too slow per request.
    try:
        settings = current_backend().config.settings
        return render_html(completeness_report(Path(release), settings)), ""
    except Exception as err:  # a failing report must not take the page down
        log.warning("completeness report failed: %s", err)
        return None, f"the completeness report failed: {err}"


def _read_json(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def entity_page(iri: str) -> Response:
    """The page of one entity; a 404 page when the graph says nothing about it."""
    view = entity.load(iri)
    if view.empty:
        return page(
            "error.html",
            404,
            title="Not found",
            message=f"Nothing is known about <{iri}> in this graph.",
        )
    return page("entity.html", view=view)


@blueprint.app_template_filter("href")
def href(term: Any) -> str | None:
    """Where a link to an IRI goes: this server for our IRIs, http(s) IRIs as they are."""
    iri = term.value if isinstance(term, entity.Term) else str(term)
    if isinstance(term, entity.Term) and term.kind != "uri":
        return None
    local = resources.local_url(iri)
    if local is not None:
        return local
    return iri if iri.startswith(("http://", "https://")) else None


@blueprint.app_template_filter("curie")
def curie(iri: str) -> str:
    """``s3kg:Cluster`` for a known namespace, else the IRI."""
    text = iri_text(iri)
    return iri if text.startswith("<") else text


def _error_page(status: int, message: str) -> Response:
    titles = {400: "Bad request", 404: "Not found", 406: "Not acceptable",
              429: "Too many queries", 503: "Unavailable"}
    return page("error.html", status, title=titles.get(status, "Error"), message=message)


def handle_error(err: HTTPException | S3kgError) -> Response:
    """Errors of the page and Linked Data views: HTML for browsers, plain text otherwise."""
    if isinstance(err, HTTPException):
        status = err.code or 500
        message, text = str(err.description), f"{status} {err.name}: {err.description}"
    else:
        status = int(getattr(err, "http_status", 400))
        message = text = str(err)
        if status >= 500:
            log.warning("%s on %s %s: %s", type(err).__name__, request.method, request.path, err)
    response = _error_page(status, message) if _html_errors() else text_response(status, text)
    response.headers.update(retry_headers(err))
    return response


def _html_errors() -> bool:
    try:
        return preferred(("text/plain", "text/html"), use_format=False) == "text/html"
    except S3kgError:
        return False


@blueprint.app_errorhandler(404)
def not_found(err: HTTPException) -> Response:
    """Any unknown URL: an HTML page for browsers, the usual plain text for other clients."""
    return handle_error(err)


blueprint.register_error_handler(S3kgError, handle_error)
blueprint.register_error_handler(HTTPException, handle_error)
