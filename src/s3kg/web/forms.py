"""A form for every named query, generated from its ``#+`` header.

``/queries`` lists them; ``/queries/<name>`` shows one: an input per parameter by type
(numbers, years, true/false), and for an IRI parameter a choice among the instances of the
class its default belongs to (its asserted type with the fewest members, so a document's
default offers the documents, a country's the countries).  Submitting runs the query on the
one query path (:func:`s3kg.store.query.prepare_named`) and shows the answer as a table with
labels, beside links to the same query in the editor and as CSV from the API.  A bad value
is the form again with the message, as a 400.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode

import pyoxigraph as ox
from flask import Blueprint, Response, request
from werkzeug.exceptions import HTTPException

from s3kg.errors import InputError, S3kgError
from s3kg.sparql import named as named_queries
from s3kg.sparql import results as res
from s3kg.store import jobs as st
from s3kg.store.query import prepare_named, run
from s3kg.vocab.prefixes import sparql_prologue
from s3kg.web import current_backend, pages
from s3kg.web.labels import INTERNAL_LIMIT, cached, labels
from s3kg.web.resources import NotFoundError

blueprint = Blueprint("forms", __name__)

CLASS_OF = sparql_prologue() + """
SELECT ?this ?class (COUNT(DISTINCT ?x) AS ?n) WHERE {
  GRAPH ?g { ?this a ?class } FILTER(?g != graph:inferred)
  ?x a ?class
} GROUP BY ?this ?class ORDER BY ?n"""
INSTANCES = sparql_prologue() + """
SELECT DISTINCT ?class ?x WHERE { ?x a ?class FILTER(isIRI(?x)) } LIMIT 400"""
INPUTS = {"integer": "number", "decimal": "number", "year": "number", "string": "text",
          "iri": "url"}
ROW_LIMIT = 500  # rows shown on the page; the CSV link has them all


@blueprint.route("/queries")
def index() -> Response:
    queries = sorted(current_backend().queries.values(), key=lambda q: q.name)
    return pages.page("queries.html", queries=queries)


@blueprint.route("/queries/<path:name>")
def form(name: str) -> Response:
    query = current_backend().queries.get(name)
    if query is None:
        raise NotFoundError(f"No named query {name!r}; /queries lists them.")
    values = {p.name: request.args.get(p.name, "") for p in query.params}
    fields = [_field(p, values[p.name]) for p in query.params]
    context: dict[str, Any] = {"query": query, "fields": fields, "table": None, "error": ""}
    if "run" in request.args or not query.params:
        given = {k: v for k, v in values.items() if v != ""}
        try:
            context["table"] = _table(query, given)
        except InputError as err:
            context["error"] = str(err)
            return pages.page("query_form.html", 400, **context, links={})
        context["links"] = _links(query, given)
    else:
        context["links"] = _links(query, {})
    return pages.page("query_form.html", **context)


def _field(param: named_queries.Param, value: str) -> dict[str, Any]:
    """What the template needs to draw one parameter's input."""
    chosen = value or param.default or ""
    choices = _choices(param.default) if param.type == "iri" and param.default else []
    if choices and chosen not in {iri for iri, _ in choices}:
        choices.insert(0, (chosen, labels().get(chosen, chosen)))
    return {"param": param, "value": chosen, "choices": choices,
            "input": INPUTS.get(param.type, "text")}


def _choices(default: str) -> list[tuple[str, str]]:
    """(IRI, label) of the members of the default's most specific asserted class."""
    return list(cached("choices " + default, lambda: _compute_choices(default)))


def _compute_choices(default: str) -> list[tuple[str, str]]:
    backend = current_backend()
    rows = backend.select(CLASS_OF, [("this", ox.NamedNode(default))])["results"]["bindings"]
    wide = [r for r in rows if int(r["n"]["value"]) > 1] or rows
    if not wide:
        return []
    bound = [("class", ox.NamedNode(wide[0]["class"]["value"]))]
    members = backend.select(INSTANCES, bound, limit=INTERNAL_LIMIT)["results"]["bindings"]
    names = labels()
    found = [(row["x"]["value"], names.get(row["x"]["value"], "")) for row in members]
    return sorted(((iri, name or iri) for iri, name in found), key=lambda c: c[1].lower())


def _table(query: named_queries.NamedQuery, values: dict[str, str]) -> dict[str, Any]:
    """The answer as columns and rows of (text, link) cells, IRIs shown by their labels."""
    backend = current_backend()
    if query.form in ("CONSTRUCT", "DESCRIBE"):
        raise InputError("This query builds a graph; open it in the editor or the API.")
    answer = run(backend.pool, prepare_named(query, values), st.Formats(res.JSON, res.JSON),
                 backend.config)
    data = _json(answer.body)
    if "boolean" in data:
        return {"columns": ["answer"], "rows": [[("yes" if data["boolean"] else "no", None)]],
                "count": 1}
    columns = data["head"]["vars"]
    names = labels()
    rows = [[_cell(row.get(c), names) for c in columns]
            for row in data["results"]["bindings"][:ROW_LIMIT]]
    return {"columns": columns, "rows": rows, "count": len(data["results"]["bindings"])}


def _json(body: bytes) -> dict[str, Any]:
    parsed: dict[str, Any] = json.loads(body)
    return parsed


def _cell(value: dict[str, str] | None, names: dict[str, str]) -> tuple[str, str | None]:
    if value is None:
        return ("", None)
    if value["type"] == "uri":
        return (names.get(value["value"], pages.curie(value["value"])), pages.href(value["value"]))
    return (value["value"], None)


def _links(query: named_queries.NamedQuery, values: dict[str, str]) -> dict[str, str]:
    """The same query in the editor (values as a VALUES row) and as CSV from the API."""
    try:
        editor = pages.query_link(pages.editor_text(query, values))
    except InputError:
        editor = pages.query_link(query.text)
    api = f"/api/{query.name}?" + urlencode({**values, "format": "csv"})
    return {"editor": editor, "csv": api}


for _handled in (S3kgError, HTTPException):
    blueprint.register_error_handler(_handled, pages.handle_error)
