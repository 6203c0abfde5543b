"""Linked Data: every IRI of the graph resolves on this server.

Mapping (the w3id.org redirect for ``https://w3id.org/s3kg/`` points at this server's root):

=====================================  =====================================================
IRI                                    served at
=====================================  =====================================================
``https://w3id.org/s3kg/id/{path}``    ``/id/{path}``
``https://w3id.org/s3kg/ontology``     ``/ontology`` (pyLODE documentation, or the ontology)
``https://w3id.org/s3kg/ontology#T``   ``/ontology/T`` (a browser lands on ``/ontology#T``)
``https://w3id.org/s3kg/graph/{g}``    ``/graph/{g}`` (303 to the Graph Store Protocol)
the dataset (VoID / DCAT)              ``/.well-known/void``
=====================================  =====================================================

Content negotiation is *direct*: ``/id/...`` answers with the representation the ``Accept``
header (or ``?format=html|ttl|jsonld|nt|xml``) asks for, with ``Vary: Accept`` and ``Link``
headers naming the alternatives.  We chose this over 303 redirects to ``/data/`` and
``/page/`` because it costs one round trip instead of two, keeps a single URL per entity to
share and cite, and every RDF client we target (rdflib, Jena, browsers' fetch) handles it.
Without an ``Accept`` header, or with ``*/*``, the HTML page is served.

The RDF description of an entity is bounded and CBD-like, from all graphs: its outgoing
triples, the triples of blank nodes it points to, and incoming links (``LIMIT`` bounded).
An IRI with no triples is a 404, in HTML or plain text as ``Accept`` prefers.
Every query runs through :func:`s3kg.web.current_backend` (killable worker processes) and
the IRI is bound as a substitution, never pasted into the query text.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import tempfile
import threading
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from flask import Blueprint, Response, redirect, send_from_directory, url_for
from werkzeug.exceptions import HTTPException, NotFound
from werkzeug.wrappers import Response as BaseResponse

from s3kg.errors import InputError, S3kgError
from s3kg.store import jobs as st
from s3kg.web import current_backend, downloads, endpoint_url, pages, resources
from s3kg.web.conneg import HTML, RDF_TYPES, negotiated
from s3kg.web.reference import ontology_page
from s3kg.web.resources import (
    BASE,
    ID_BASE,
    ONTOLOGY_NS,
    SEGMENT,
    YASGUI_DIR,
    NotFoundError,
    entity_iri,
)
from s3kg.web.sparql import answer_response

blueprint = Blueprint("linked_data", __name__)

ONTOLOGY_GRAPH = BASE + "graph/ontology"
METADATA_GRAPH = BASE + "graph/metadata"
_TERM = re.compile(r"^[A-Za-z_][A-Za-z0-9_\-]*$")
_VOID = "http://rdfs.org/ns/void#"
_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
DESCRIBE_LIMIT = 3000

# Outgoing triples, one level of blank nodes, and incoming links, each bounded.
DESCRIBE = """
CONSTRUCT { ?this ?p ?o . ?o ?bp ?bo . ?s ?ip ?this }
WHERE {
  { SELECT DISTINCT ?this ?p ?o WHERE { ?this ?p ?o } LIMIT 2000 }
  UNION
  { SELECT DISTINCT ?this ?o ?bp ?bo WHERE { ?this ?p ?o FILTER(isBlank(?o)) ?o ?bp ?bo }
    LIMIT 500 }
  UNION
  { SELECT DISTINCT ?this ?s ?ip WHERE { ?s ?ip ?this } LIMIT 500 }
}"""


@blueprint.route("/id/<path:path>")
def entity(path: str) -> Response:
    """An entity: its HTML page or its RDF description, as negotiated."""
    iri = entity_iri(path)
    media = negotiated((HTML, *RDF_TYPES))
    response = pages.entity_page(iri) if media == HTML else describe_response(iri, media)
    response.vary.add("Accept")
    response.headers["Link"] = ", ".join(
        f'<{url_for(".entity", path=path, format=name)}>; rel="alternate"; type="{media}"'
        for name, media in (
            ("html", HTML),
            ("ttl", "text/turtle"),
            ("jsonld", "application/ld+json"),
            ("nt", "application/n-triples"),
        )
    )
    return response


def describe_response(iri: str, media: str) -> Response:
    """The bounded description of ``iri`` in ``media``; 404 when the graph has no triple."""
    job = st.QueryJob(
        DESCRIBE,
        st.Formats(graph=media),
        DESCRIBE_LIMIT,
        substitutions=(("this", ox.NamedNode(iri)),),
    )
    answer: st.Answer = current_backend().run(job)
    if answer.count == 0:
        raise NotFoundError(f"Nothing is known about <{iri}> in this graph.")
    return answer_response(answer)


def exists(iri: str) -> bool:
    """Whether ``iri`` occurs as subject or object of any triple."""
    data = current_backend().select(
        "ASK { { ?this ?p ?o } UNION { ?s ?p ?this } }", [("this", ox.NamedNode(iri))]
    )
    return bool(data.get("boolean"))


@blueprint.route("/ontology")
def ontology() -> Response:
    """The ontology: pyLODE documentation for browsers, the ontology graph for RDF clients."""
    media = negotiated((HTML, *RDF_TYPES))
    if media == HTML:
        response = ontology_page(ontology_docs())
    else:
        response = answer_response(
            current_backend().run(st.GraphJob(ONTOLOGY_GRAPH, media, 100_000))
        )
    response.vary.add("Accept")
    return response


@blueprint.route("/ontology/<term>")
def ontology_term(term: str) -> BaseResponse:
    """One ontology term (``…/ontology#Term``): its description, or its place in the docs."""
    if not _TERM.match(term):
        raise NotFoundError(f"{term!r} is not an ontology term name.")
    iri = ONTOLOGY_NS + term
    media = negotiated((HTML, *RDF_TYPES))
    response: BaseResponse
    if media != HTML:
        response = describe_response(iri, media)
    elif exists(iri):
        response = redirect(url_for(".ontology") + "#" + term, 303)
    else:
        raise NotFoundError(f"The ontology has no term {term!r}.")
    response.vary.add("Accept")
    return response


@blueprint.route("/graph/<name>")
def named_graph(name: str) -> BaseResponse:
    """A named graph IRI: 303 to its content in the Graph Store Protocol."""
    if not SEGMENT.match(name):
        raise NotFoundError(f"{name!r} is not a graph name.")
    return redirect(url_for("sparql.graph_store", graph=BASE + "graph/" + name), 303)


@blueprint.route("/.well-known/void")
def void_description() -> Response:
    """VoID/DCAT description: the build's metadata graph plus this server's endpoint."""
    media = negotiated(RDF_TYPES)
    triples = metadata_triples()
    datasets = _root_datasets(triples) or [ox.NamedNode(ID_BASE + "dataset/s3kg")]
    for dataset in datasets:
        triples.append(ox.Triple(dataset, ox.NamedNode(_RDF_TYPE), ox.NamedNode(_VOID + "Dataset")))
        triples.append(
            ox.Triple(
                dataset,
                ox.NamedNode(_VOID + "sparqlEndpoint"),
                ox.NamedNode(endpoint_url("/sparql")),
            )
        )
        triples += downloads.distribution_triples(dataset)
    unique = list(dict.fromkeys(triples))
    response = answer_response(st.Answer(st.serialize_rdf(unique, media), media, len(unique)))
    return response


def metadata_triples() -> list[Any]:
    """The triples of the build's metadata graph (none when the build has no such graph)."""
    try:
        answer: st.Answer = current_backend().run(
            st.GraphJob(METADATA_GRAPH, "application/n-triples", 100_000)
        )
    except st.GraphNotFoundError:
        return []
    # Triples, not quads: the view adds ox.Triple objects and de-duplicates by equality.
    return [quad.triple for quad in ox.parse(answer.body, format=ox.RdfFormat.N_TRIPLES)]


def _root_datasets(triples: list[Any]) -> list[Any]:
    typed = [
        t.subject
        for t in triples
        if t.predicate.value == _RDF_TYPE and t.object == ox.NamedNode(_VOID + "Dataset")
    ]
    subsets = {t.object for t in triples if t.predicate.value == _VOID + "subset"}
    return [d for d in dict.fromkeys(typed) if d not in subsets]


@blueprint.route("/static/vendor/yasgui/<path:filename>")
def vendor_yasgui(filename: str) -> Response:
    """YASGUI's built files from ``node_modules`` (installed by npm, never copied here)."""
    folder = resources.node_modules() / YASGUI_DIR
    if not folder.is_dir():
        raise NotFound("YASGUI is not installed on this server: run 'npm ci' in the checkout.")
    return send_from_directory(folder, filename, max_age=86_400)


_DOCS_LOCK = threading.Lock()


class UnavailableError(InputError):
    http_status = 503


def ontology_docs() -> Path:
    """pyLODE documentation of the served ontology graph, rendered once per ontology version.

    The cache lives in the temporary folder, keyed by the SHA-256 of the ontology's Turtle.
    """
    turtle: bytes = current_backend().run(st.GraphJob(ONTOLOGY_GRAPH, "text/turtle", 100_000)).body
    folder = (
        Path(tempfile.gettempdir()) / "s3kg-ontology-docs" / hashlib.sha256(turtle).hexdigest()[:20]
    )
    page = folder / "index.html"
    with _DOCS_LOCK:
        if not page.is_file():
            _render_docs(turtle, folder)
    return page


def _render_docs(turtle: bytes, folder: Path) -> None:
    from s3kg.export.ontology_docs import write_ontology_docs

    folder.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(dir=folder.parent))
    source = work / "ontology.ttl"
    source.write_bytes(turtle)
    try:
        write_ontology_docs(work, source)
    except Exception as err:
        shutil.rmtree(work, ignore_errors=True)  # pyLODE missing or failing: say so
        raise UnavailableError(
            f"The ontology documentation cannot be generated ({err}); "
            "the ontology itself is at /ontology?format=ttl."
        ) from err
    source.unlink()
    try:
        work.rename(folder)
    except OSError:  # another process rendered it first
        shutil.rmtree(work, ignore_errors=True)


for _handled in (S3kgError, HTTPException):
    blueprint.register_error_handler(_handled, pages.handle_error)
