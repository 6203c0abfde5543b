"""``/dataset``: the landing page of the dataset — what it is, its licence and version, how to
cite it, what it holds, and its downloads (:mod:`s3kg.web.downloads`)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response
from werkzeug.exceptions import HTTPException

from s3kg.errors import S3kgError
from s3kg.store import jobs as st
from s3kg.vocab.prefixes import sparql_prologue
from s3kg.web import current_backend, endpoint_url, pages
from s3kg.web.downloads import FORMATS, WHOLE, dumps, existing_size
from s3kg.web.resources import ID_BASE

blueprint = Blueprint("dataset", __name__)

ROOT = ID_BASE + "dataset/s3kg"
ABOUT = sparql_prologue() + """
SELECT ?p (SAMPLE(?o) AS ?value) WHERE { GRAPH graph:metadata {
  VALUES ?p { dcterms:title dcterms:description dcterms:license void:triples }
  id:dataset\\/s3kg ?p ?o } } GROUP BY ?p"""
PARTS = sparql_prologue() + """
SELECT ?graph (SAMPLE(?t) AS ?title) (SAMPLE(?n) AS ?triples) WHERE { GRAPH graph:metadata {
  id:dataset\\/s3kg void:subset ?graph . OPTIONAL { ?graph dcterms:title|rdfs:label ?t }
  OPTIONAL { ?graph void:triples ?n } } } GROUP BY ?graph ORDER BY ?graph"""


@blueprint.route("/dataset")
def landing() -> Response:
    backend = current_backend()
    about = {row["p"]["value"].rsplit("/", 1)[-1].rsplit("#", 1)[-1]: row["value"]["value"]
             for row in backend.select(ABOUT)["results"]["bindings"]}
    build_id = st.read_build_id(backend.pool.follow()) or "unknown"
    return pages.page(
        "dataset.html", about=about, build_id=build_id, counts=_counts(), parts=_parts(),
        downloads=_downloads(backend.catalog().graphs), formats=FORMATS,
        landing=endpoint_url("/dataset"), sparql=endpoint_url("/sparql"),
    )


def _counts() -> list[tuple[str, int]]:
    found = {row["class"]["value"]: int(row["n"]["value"])
             for row in current_backend().select(pages.COUNTS)["results"]["bindings"]}
    return [(name, found.get(iri, 0)) for name, iri in pages.COUNTED]


def _parts() -> list[dict[str, str]]:
    rows = current_backend().select(PARTS)["results"]["bindings"]
    return [{k: v["value"] for k, v in row.items()} for row in rows]


def _downloads(graphs: tuple[str, ...]) -> list[tuple[str, str | None, list[Any]]]:
    """(stem, graph, [(format, name, size or None)]) per downloadable graph, whole first."""
    rows: dict[str, tuple[str, str | None, list[Any]]] = {}
    for dump in dumps(graphs):
        row = rows.setdefault(dump.stem, (dump.stem, dump.graph, []))
        row[2].append((dump.fmt, dump.name, existing_size(dump)))
    return sorted(rows.values(), key=lambda r: (r[0] != WHOLE, r[0]))


for _handled in (S3kgError, HTTPException):
    blueprint.register_error_handler(_handled, pages.handle_error)
