"""Pictures of the graph: ``/map`` (clusters, regions and countries on a map drawn offline with
Leaflet over Natural Earth boundaries, no tile server) and ``/figures`` (the figures of the
documents charted by indicator, year and entity with Vega-Lite).  Their data come as JSON
from ``/map/data.json`` and ``/figures/data.json``, computed once per release; the pages also
list the same data as tables, for screen readers and for when scripts do not run.
"""

from __future__ import annotations

import math
from collections import Counter
from typing import Any

import pycountry
from flask import Blueprint, Response, jsonify
from werkzeug.exceptions import HTTPException

from s3kg.errors import S3kgError
from s3kg.vocab.prefixes import sparql_prologue
from s3kg.web import current_backend, geo, pages
from s3kg.web.evidence import reader_link
from s3kg.web.labels import INTERNAL_LIMIT, cached, labels
from s3kg.web.vendor import installed

blueprint = Blueprint("pictures", __name__)

PLACES = sparql_prologue() + """
SELECT ?place ?kind (SAMPLE(?c) AS ?code) (SAMPLE(?up) AS ?parent) WHERE {
  VALUES ?kind { s3kg:Country s3kg:Region }
  ?place a ?kind .
  OPTIONAL { ?place skos:notation ?c
    FILTER(DATATYPE(?c) IN (id:datatype\\/iso-3166-1-alpha-2, id:datatype\\/iso-3166-2)) }
  OPTIONAL { ?place s3kg:locatedIn ?up }
} GROUP BY ?place ?kind"""
CLUSTERS = sparql_prologue() + """
SELECT DISTINCT ?cluster ?place WHERE { ?cluster a s3kg:Cluster ; s3kg:locatedIn ?place }"""
FIGURES = sparql_prologue() + """
SELECT ?figure ?value ?indicator ?entity (SAMPLE(?u) AS ?unit) (SAMPLE(?y) AS ?year)
       (SAMPLE(?d) AS ?doc) (SAMPLE(?s) AS ?start) (SAMPLE(?e) AS ?end) WHERE {
  ?figure a s3kg:Figure ; s3kg:value ?value ; s3kg:indicator ?indicator ; s3kg:refEntity ?entity .
  OPTIONAL { ?figure sdmxa:unitMeasure ?u } OPTIONAL { ?figure s3kg:refYear ?y }
  OPTIONAL { ?a rdf:subject ?figure ; rdf:predicate s3kg:value ; s3kg:evidence ?span .
    ?span oa:hasSource ?d ; oa:hasSelector ?at . ?at oa:start ?s ; oa:end ?e }
} GROUP BY ?figure ?value ?indicator ?entity"""
MAP_LIBRARIES = ("leaflet", "topojson-client", "world-atlas")
CHART_LIBRARIES = ("vega", "vega-lite", "vega-embed", "vega-interpreter")


@blueprint.route("/map")
def map_page() -> Response:
    data = map_data()
    return pages.page("map.html", data=data, installed=installed(*MAP_LIBRARIES))


@blueprint.route("/map/data.json")
def map_json() -> Response:
    return jsonify(map_data())


def map_data() -> dict[str, Any]:
    return cached("map", _compute_map)


def _compute_map() -> dict[str, Any]:
    backend, names = current_backend(), labels()
    rows = backend.select(PLACES, limit=INTERNAL_LIMIT)["results"]["bindings"]
    places = {r["place"]["value"]: {k: v["value"] for k, v in r.items()} for r in rows}
    points = {iri: _point(iri, places) for iri in places}
    out: dict[str, Any] = {"countries": [], "regions": [], "clusters": []}
    for iri, place in sorted(places.items()):
        if points[iri] is not None:
            kind = "countries" if place["kind"].endswith("Country") else "regions"
            code = place.get("code", "")
            out[kind].append({"iri": iri, "label": names.get(iri, iri), "at": points[iri],
                              "href": pages.href(iri), "code": code, "numeric": _numeric(code)})
    crowd: Counter[tuple[float, float]] = Counter()
    for row in backend.select(CLUSTERS, limit=INTERNAL_LIMIT)["results"]["bindings"]:
        iri, place = row["cluster"]["value"], row["place"]["value"]
        point = points.get(place)
        if point is not None:
            crowd[point] += 1
            out["clusters"].append({"iri": iri, "label": names.get(iri, iri),
                                    "place": names.get(place, place), "href": pages.href(iri),
                                    "at": _spread(point, crowd[point])})
    return out


def _numeric(code: str) -> str:
    """The ISO 3166-1 numeric code of a country (the atlas's feature id), else ''."""
    country = pycountry.countries.get(alpha_2=code) if len(code) == 2 else None
    return str(country.numeric) if country is not None else ""


def _point(iri: str, places: dict[str, dict[str, str]], depth: int = 0) -> Any:
    """A place's point: its own, else its parent's (a region inside a region or country)."""
    place = places.get(iri)
    if place is None or depth > 4:
        return None
    code = place.get("code", "")
    country = code.split("-", 1)[0]
    own = geo.country_points().get(code) if "-" not in code else geo.region_point(
        labels().get(iri, ""), code, country)
    if own is None and place.get("parent"):
        return _point(place["parent"], places, depth + 1)
    return own


def _spread(point: tuple[float, float], nth: int) -> tuple[float, float]:
    """Markers at one place drawn on a small spiral, so each stays clickable."""
    if nth == 1:
        return point
    angle, radius = nth * 2.4, 0.35 * nth**0.5
    return (round(point[0] + radius * math.sin(angle), 3),
            round(point[1] + radius * math.cos(angle), 3))


@blueprint.route("/figures")
def figures_page() -> Response:
    data = figures_data()
    indicators = Counter(f["indicator"] for f in data)
    return pages.page("figures.html", figures=data, indicators=indicators.most_common(),
                      installed=installed(*CHART_LIBRARIES))


@blueprint.route("/figures/data.json")
def figures_json() -> Response:
    return jsonify(figures_data())


def figures_data() -> list[dict[str, Any]]:
    return cached("figures", _compute_figures)


def _compute_figures() -> list[dict[str, Any]]:
    names = labels()
    out = []
    for row in current_backend().select(FIGURES, limit=INTERNAL_LIMIT)["results"]["bindings"]:
        cell = {k: v["value"] for k, v in row.items()}
        link = reader_link(cell["doc"], cell["start"], cell["end"]) if "doc" in cell else None
        out.append({
            "figure": cell["figure"], "href": pages.href(cell["figure"]),
            "value": float(cell["value"]), "indicator": names.get(cell["indicator"], "?"),
            "unit": names.get(cell.get("unit", ""), ""), "year": cell.get("year", ""),
            "entity": names.get(cell["entity"], pages.curie(cell["entity"])),
            "entityHref": pages.href(cell["entity"]), "evidence": link,
        })
    return sorted(out, key=lambda f: (f["indicator"], f["entity"], f["year"]))


for _handled in (S3kgError, HTTPException):
    blueprint.register_error_handler(_handled, pages.handle_error)
