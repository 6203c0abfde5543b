"""``/compare?item=…&item=…``: clusters, countries, regions or documents side by side, ORKG
style — their preconditions, success factors, barriers, figures and policy instruments, each
cell linked to its entity and to the passage it was read from; ``/compare.csv`` is the same
table as CSV.

For a cluster, region or country a row holds what applies to it (``s3kg:appliesTo``), what it
uses (``s3kg:usesInstrument``) and the figures about it (``s3kg:refEntity``); for a document,
the same kinds of facts derived from it (``prov:wasDerivedFrom``).  The evidence of a cell is
the span of the assertion of that very fact.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from typing import Any

import pyoxigraph as ox
from flask import Blueprint, Response, request
from werkzeug.exceptions import HTTPException

from s3kg.errors import InputError, S3kgError
from s3kg.sparql.named import Param, to_term
from s3kg.vocab.prefixes import sparql_prologue
from s3kg.web import current_backend, endpoint_url, pages
from s3kg.web.evidence import reader_link
from s3kg.web.labels import INTERNAL_LIMIT, cached, labels
from s3kg.web.resources import NotFoundError

blueprint = Blueprint("compare", __name__)

ROWS = ("preconditions", "success factors", "barriers", "figures", "policy instruments")
MAX_ITEMS = 6
# The passage of a span, looked up inside each branch where ?span is bound: as one OPTIONAL
# after the UNION, Oxigraph joins it against every span of the graph (4x slower).
_SPAN = "?span oa:hasSource ?doc ; oa:hasSelector ?at . ?at oa:start ?start ; oa:end ?end ."
_FACTOR = f"""?a rdf:subject ?value ; rdf:predicate s3kg:appliesTo ; rdf:object ?this ;
      s3kg:evidence ?span . {_SPAN}"""
_KINDS = """VALUES (?kind ?row) { (s3kg:Precondition "preconditions")
    (s3kg:SuccessFactor "success factors") (s3kg:Barrier "barriers") }"""
CELLS = sparql_prologue() + f"""
SELECT DISTINCT ?this ?row ?value ?doc ?start ?end ?amount ?indicator ?unit ?year WHERE {{
  {{ {_KINDS} ?value a ?kind ; s3kg:appliesTo ?this . OPTIONAL {{ {_FACTOR} }} }}
  UNION {{ ?this s3kg:usesInstrument ?value . BIND("policy instruments" AS ?row)
    OPTIONAL {{ ?a rdf:subject ?this ; rdf:predicate s3kg:usesInstrument ; rdf:object ?value ;
                 s3kg:evidence ?span . {_SPAN} }} }}
  UNION {{ ?value s3kg:refEntity ?this . BIND("figures" AS ?row)
    OPTIONAL {{ ?a rdf:subject ?value ; rdf:predicate s3kg:value ; s3kg:evidence ?span .
      {_SPAN} }} }}
  UNION {{ {_KINDS} ?a prov:wasDerivedFrom ?this ; rdf:subject ?value ;
    rdf:predicate s3kg:appliesTo ; s3kg:evidence ?span . ?value a ?kind . {_SPAN} }}
  UNION {{ ?a prov:wasDerivedFrom ?this ; rdf:predicate s3kg:usesInstrument ; rdf:object ?value ;
    s3kg:evidence ?span . BIND("policy instruments" AS ?row) {_SPAN} }}
  UNION {{ ?a prov:wasDerivedFrom ?this ; rdf:subject ?value ; rdf:predicate s3kg:value ;
    s3kg:evidence ?span . BIND("figures" AS ?row) {_SPAN} }}
  OPTIONAL {{ ?value s3kg:value ?amount ; s3kg:indicator ?indicator .
    OPTIONAL {{ ?value sdmxa:unitMeasure ?unit }} OPTIONAL {{ ?value s3kg:refYear ?year }} }}
}} LIMIT 3000"""
CHOICES = sparql_prologue() + """
SELECT DISTINCT ?x ?kind WHERE {
  VALUES ?kind { s3kg:Cluster s3kg:Country s3kg:Region s3kg:SourceDocument }
  ?x a ?kind } LIMIT 500"""
_ITEM = Param("item", "iri", required=True)


@blueprint.route("/compare")
def compare() -> Response:
    items = _items()
    if not items:
        return pages.page("compare.html", columns=[], rows=ROWS, choices=_choices())
    columns = [_column(iri) for iri in items]
    return pages.page("compare.html", columns=columns, rows=ROWS, choices=_choices(),
                      csv="/compare.csv?" + request.query_string.decode("ascii", "replace"))


@blueprint.route("/compare.csv")
def compare_csv() -> Response:
    items = _items()
    if not items:
        raise InputError("Name the things to compare: ?item=IRI&item=IRI.")
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["row", "item", "item_label", "value", "value_label", "evidence"])
    for column in (_column(iri) for iri in items):
        for row in ROWS:
            for cell in column["cells"][row]:
                evidence = " ".join(endpoint_url(link) for link in cell["evidence"])
                writer.writerow([row, column["iri"], column["label"], cell["iri"], cell["label"],
                                 evidence])
    response = Response(out.getvalue(), mimetype="text/csv")
    response.headers["Content-Disposition"] = 'attachment; filename="s3kg-comparison.csv"'
    return response


def _items() -> list[str]:
    """The IRIs to compare: none (the chooser), or 1 (one thing's profile, such as a
    document's factors) to MAX_ITEMS valid, distinct ones."""
    raw = [value for value in request.args.getlist("item") if value.strip()]
    if not raw:
        return []
    if len(raw) > MAX_ITEMS:
        raise InputError(f"Compare at most {MAX_ITEMS} things (item=IRI, repeated), "
                         f"not {len(raw)}.")
    return list(dict.fromkeys(to_term(_ITEM, value).value for value in raw))


def _column(iri: str) -> dict[str, Any]:
    """One item's cells by row: [{iri, label, evidence: [reader links]}]."""
    rows = current_backend().select(CELLS, [("this", ox.NamedNode(iri))])["results"]["bindings"]
    names = labels()
    if not rows and iri not in names:
        raise NotFoundError(f"Nothing is known about <{iri}> in this graph.")
    found: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)
    for row in rows:
        value = row["value"]["value"]
        cell = found[row["row"]["value"]].setdefault(
            value, {"iri": value, "label": _label(row, names), "evidence": []})
        if "doc" in row and "start" in row:
            link = reader_link(row["doc"]["value"], row["start"]["value"], row["end"]["value"])
            if link and link not in cell["evidence"]:
                cell["evidence"].append(link)
    cells = {r: sorted(found[r].values(), key=lambda c: c["label"].lower()) for r in ROWS}
    return {"iri": iri, "label": names.get(iri, pages.curie(iri)), "cells": cells}


def _label(row: dict[str, Any], names: dict[str, str]) -> str:
    """A value's label; a figure reads ``indicator: amount unit (year)``."""
    value = row["value"]["value"]
    if "amount" not in row:
        return names.get(value, pages.curie(value))
    indicator = names.get(row["indicator"]["value"], "figure")
    unit = names.get(row["unit"]["value"], "") if "unit" in row else ""
    year = f" ({row['year']['value']})" if "year" in row else ""
    return f"{indicator}: {row['amount']['value']} {unit}".rstrip() + year


def _choices() -> list[tuple[str, str, str]]:
    """(kind, IRI, label) of what can be compared, for the chooser."""
    return list(cached("compare choices", _compute_choices))


def _compute_choices() -> list[tuple[str, str, str]]:
    names = labels()
    rows = current_backend().select(CHOICES, limit=INTERNAL_LIMIT)["results"]["bindings"]
    found = {(pages.curie(r["kind"]["value"]).split(":")[-1], r["x"]["value"]) for r in rows}
    return sorted((kind, iri, names.get(iri, iri)) for kind, iri in found)


for _handled in (S3kgError, HTTPException):
    blueprint.register_error_handler(_handled, pages.handle_error)
