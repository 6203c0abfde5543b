"""Browsing with facets: ``/browse/clusters`` and ``/browse/organisations``.

Each page runs one named query (``queries/browse/*.rq``, through the one query path with its
typed parameters) that lists every item with its facet values; the answer is kept per
release, and the selection in the query string (``?region=region/ru-klu&type=SMECluster``)
filters and counts it in :mod:`s3kg.web.facets`.  Values from the URL are only looked up
among the values the query returned, so no request text ever reaches the SPARQL engine.
``?format=csv`` or ``?format=json`` gives the rows of the page exactly as shown.
"""

from __future__ import annotations

import csv
import io
import json
import logging
import threading
from dataclasses import dataclass, replace
from typing import Any, cast
from urllib.parse import urlencode

from flask import Blueprint, Response, jsonify, redirect, request

from s3kg.errors import InputError, S3kgError
from s3kg.sparql import results as res
from s3kg.store import jobs as st
from s3kg.store.query import prepare_named, run
from s3kg.web import current_backend, pages
from s3kg.web.facets import Item, Listing, listing
from s3kg.web.search import int_arg

blueprint = Blueprint("browse", __name__, template_folder="templates")
log = logging.getLogger(__name__)
# The facet queries are the server's own, run once per release: the result and time limits
# that guard against users' queries would only cut them short (a few rows per item; ~1 s).
ROWS = 200_000
SECONDS = 120.0
PAGING = ("page", "size", "format")
FORMATS = ("html", "csv", "json")


@dataclass(frozen=True)
class Kind:
    name: str
    title: str
    query: str
    facets: tuple[tuple[str, str], ...]  # (parameter, heading)


KINDS = {
    "clusters": Kind("clusters", "Clusters", "browse/clusters", (
        ("type", "Type"), ("country", "Country"), ("region", "Region"), ("sector", "Sector"),
        ("nace", "NACE Rev. 2"), ("ecosystem", "EU industrial ecosystem"),
        ("document", "Document"))),
    "organisations": Kind("organisations", "Organisations", "browse/organisations", (
        ("type", "Type"), ("cluster", "Cluster"), ("country", "Country"), ("region", "Region"),
        ("sector", "Sector"), ("ecosystem", "EU industrial ecosystem"), ("document", "Document"),
        ("dataset", "Imported dataset"))),
}  # fmt: skip
Rows = list[dict[str, dict[str, str]]]
_CACHE: dict[tuple[str, str, str], object] = {}
_LOCK = threading.Lock()


@blueprint.route("/browse")
def index() -> Any:
    return redirect("/browse/clusters")


@blueprint.route("/browse/<name>")
def browse(name: str) -> Response:
    kind = KINDS.get(name)
    if kind is None:
        raise BrowseNotFoundError(f"nothing to browse as {name[:40]!r}: try "
                                  + ", ".join(f"/browse/{k}" for k in KINDS))
    fmt = request.args.get("format", "html")
    if fmt not in FORMATS:
        raise InputError(f"format must be one of {', '.join(FORMATS)}, not {fmt[:40]!r}")
    data = load(kind)
    chosen = data.resolve(selection(kind))
    found = data.matching(chosen)
    size = int_arg("size", 50, 1, 1000)
    number = int_arg("page", 1, 1, max(1, -(-len(found) // size)))
    shown = found[(number - 1) * size : number * size]
    if fmt == "csv":
        return csv_response(kind, shown)
    if fmt == "json":
        return jsonify({"total": len(found), "page": number, "size": size,
                        "selected": {f: sorted(iris) for f, iris in chosen.items()},
                        "items": [as_json(kind, data, item) for item in shown]})
    return pages.page("browse.html", kind=kind, data=data, chosen=chosen, shown=shown,
                      total=len(found), page_number=number, size=size,
                      pages=max(1, -(-len(found) // size)), counts=data.counts(chosen),
                      link=link, export=export_link)


class BrowseNotFoundError(InputError):
    http_status = 404


def selection(kind: Kind) -> dict[str, list[str]]:
    known = {facet for facet, _ in kind.facets}
    unknown = sorted(set(request.args) - known - set(PAGING))
    if unknown:
        raise InputError(f"unknown parameter(s) {', '.join(u[:40] for u in unknown)}; "
                         f"this list is faceted by {', '.join(sorted(known))}")
    return {facet: request.args.getlist(facet) for facet in known if facet in request.args}


def load(kind: Kind) -> Listing:
    """The listing of the current release, from its facet query (run once per release)."""
    release = _release()
    made = _cached(("listing", kind.name, release))
    if made is None:
        rows = release_rows(kind.query, release)
        made = _keep(("listing", kind.name, release),
                     listing(tuple(f for f, _ in kind.facets), rows))
    return cast(Listing, made)


def release_rows(name: str, release: str | None = None) -> Rows:
    """The SPARQL JSON rows of the server's own named query ``name`` over the current release,
    run once per release (the browse and partner pages filter them in Python)."""
    # The release is read once, before the query: one published meanwhile must not get
    # the older release's answer under its name.
    release = release or _release()
    rows = _cached(("rows", name, release))
    if rows is not None:
        return cast(Rows, rows)
    backend = current_backend()
    query = backend.queries.get(name)
    if query is None:
        raise S3kgError(f"the named query {name} is missing from the queries folder")
    config = replace(backend.config, result_limit=max(backend.config.result_limit, ROWS),
                     query_timeout=max(backend.config.query_timeout, SECONDS))
    answer = run(backend.pool, prepare_named(query, {}), st.Formats(res.JSON), config)
    return cast(Rows, _keep(("rows", name, release),
                            json.loads(answer.body)["results"]["bindings"]))


def _release() -> str:
    return str(current_backend().pool.follow())


def _cached(key: tuple[str, str, str]) -> object | None:
    with _LOCK:
        return _CACHE.get(key)


def _keep(key: tuple[str, str, str], value: object) -> object:
    with _LOCK:
        if len(_CACHE) > 32:  # answers of releases no longer current
            _CACHE.clear()
        _CACHE[key] = value
    return value


def link(kind: Kind, chosen: dict[str, set[str]], data: Listing, toggle: tuple[str, str]) -> str:
    """This page with the value ``toggle`` (facet, iri) added or removed, from page one."""
    facet, iri = toggle
    now = {f: set(iris) for f, iris in chosen.items()}
    now.setdefault(facet, set()).symmetric_difference_update({iri})
    pairs = [(f, data.values[(f, i)].key) for f, _ in kind.facets for i in sorted(now.get(f, ()))]
    size = request.args.get("size")
    query = urlencode(pairs + ([("size", size)] if size else []))
    return f"/browse/{kind.name}" + (f"?{query}" if query else "")


def export_link(fmt: str) -> str:
    args = [(k, v) for k, values in request.args.lists() if k != "format" for v in values]
    return request.path + "?" + urlencode([*args, ("format", fmt)])


def as_json(kind: Kind, data: Listing, item: Item) -> dict[str, Any]:
    row: dict[str, Any] = {"iri": item.iri, "label": item.label}
    for facet, _ in kind.facets:
        values = sorted((data.values[(facet, i)] for i in item.values.get(facet, ())),
                        key=lambda v: v.label.casefold())
        row[facet] = [{"iri": v.iri, "label": v.label} for v in values]
    return row


def csv_response(kind: Kind, items: list[Item]) -> Response:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["iri", "label", *(f for f, _ in kind.facets)])
    data = load(kind)
    for item in items:
        cells = ["; ".join(sorted(data.values[(f, i)].label for i in item.values.get(f, ())))
                 for f, _ in kind.facets]
        writer.writerow([item.iri, item.label, *cells])
    response = Response(out.getvalue(), mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="{kind.name}.csv"'
    return response


blueprint.register_error_handler(S3kgError, pages.handle_error)
