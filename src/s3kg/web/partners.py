"""``/partners``: partner discovery, as the Moscow innovation-cluster platform of the documents
sets out to offer.  Given what a partner should work on (``topic``: a few words or a label
from the list), optionally where (``place``: a country or region) and of which kinds
(``kind``: company, university, research, funder, authority, support, other), it lists the
clusters and the organisations found, from the documents and the imported cluster data, and
the policy instruments, authorities and funders that apply to them.

The search itself is :mod:`s3kg.web.partnering`, over per-release answers of named queries;
no request text reaches the SPARQL engine.  ``?format=csv`` or ``json`` gives what is shown.
"""

from __future__ import annotations

import csv
import io
from typing import Any
from urllib.parse import urlencode

from flask import Blueprint, Response, jsonify, request

from s3kg.errors import InputError, S3kgError
from s3kg.web import pages
from s3kg.web.browse import KINDS as LISTS
from s3kg.web.browse import load, release_rows
from s3kg.web.facets import Item, Listing, Value
from s3kg.web.partnering import KINDS, PLACE_FACETS, ROLES, Found, Hit, Search, Topic, find, topics

blueprint = Blueprint("partners", __name__, template_folder="templates")
FORMATS = ("html", "csv", "json")
MAX_TEXT = 200
EXAMPLES = (("pharmaceutical", "country/ru", ()), ("aerospace", "", ("company", "university")),
            ("Health", "", ("research",)))


@blueprint.route("/partners")
def partners() -> Response:
    fmt = request.args.get("format", "html")
    if fmt not in FORMATS:
        raise InputError(f"format must be one of {', '.join(FORMATS)}, not {fmt[:40]!r}")
    clusters, organisations = load(LISTS["clusters"]), load(LISTS["organisations"])
    known = release_topics()
    search = read_search(clusters, organisations)
    found = None
    if search.text or search.place:
        found = find(search, clusters, organisations, known,
                     release_rows("partners/support"))
    if fmt == "csv":
        return csv_response(found)
    if fmt == "json":
        return jsonify(as_json(search, found))
    listed = places(clusters, organisations)
    return pages.page("partners.html", search=search, found=found, kinds=KINDS, roles=ROLES,
                      places=listed, place_keys={p.key for p in listed}, topics=known,
                      examples=EXAMPLES, export=export_link, clusters=clusters,
                      organisations=organisations, where=where)


def release_topics() -> dict[str, Topic]:
    return topics(release_rows("partners/topics"))


def read_search(*listings: Listing) -> Search:
    """The search of the query string; an unknown place or kind is a 400 that lists the
    known ones (the text is free: a topic that matches nothing is an empty result)."""
    unknown = sorted(set(request.args) - {"topic", "place", "kind", "format"})
    if unknown:
        raise InputError(f"unknown parameter(s) {', '.join(u[:40] for u in unknown)}; "
                         "a partner search takes topic, place, kind and format")
    text = request.args.get("topic", "").strip()
    if len(text) > MAX_TEXT:
        raise InputError(f"topic must be at most {MAX_TEXT} characters")
    kinds = frozenset(k for k in request.args.getlist("kind") if k)
    if kinds - set(KINDS):
        raise InputError(f"unknown kind {sorted(kinds - set(KINDS))[0][:40]!r}; choose among "
                         + ", ".join(KINDS))
    place = request.args.get("place", "").strip()
    return Search(text, place_iri(place, listings) if place else None, kinds)


def place_iri(name: str, listings: tuple[Listing, ...]) -> str:
    for value in (v for listing in listings for v in listing.values.values()):
        if value.facet in PLACE_FACETS and name in (value.key, value.iri):
            return value.iri
    raise InputError(f"no country or region {name[:80]!r} has clusters or organisations here; "
                     "pick one from the list")


def places(*listings: Listing) -> list[Value]:
    """Countries, then regions, that clusters or organisations are located in."""
    seen = {v.iri: v for listing in listings for v in listing.values.values()
            if v.facet in PLACE_FACETS}
    return sorted(seen.values(), key=lambda v: (PLACE_FACETS.index(v.facet), v.label.casefold()))


def where(listing: Listing, item: Item) -> str:
    """The regions, then the countries, of ``item`` by label."""
    return ", ".join(listing.values[(f, iri)].label for f in ("region", "country")
                     for iri in sorted(item.values.get(f, ())))


def export_link(fmt: str) -> str:
    args = [(k, v) for k, values in request.args.lists() if k != "format" for v in values]
    return "/partners?" + urlencode([*args, ("format", fmt)])


def as_json(search: Search, found: Found | None) -> dict[str, Any]:
    found = found or Found([], [], [], [])
    return {
        "topic": search.text, "place": search.place, "kinds": sorted(search.kinds),
        "topics": [{"iri": t.iri, "label": t.label, "kind": t.kind} for t in found.topics],
        "clusters": [_hit_json(h) for h in found.clusters],
        "organisations": [_hit_json(h) for h in found.organisations],
        "support": [{"role": s.role, "iri": s.iri, "label": s.label,
                     "applies_through": sorted(s.scopes)} for s in found.support],
    }


def _hit_json(hit: Hit) -> dict[str, Any]:
    return {"iri": hit.item.iri, "label": hit.item.label,
            "match": "direct" if hit.direct else "related", "why": hit.why,
            **({"kinds": hit.kinds} if hit.kinds else {})}


def csv_response(found: Found | None) -> Response:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["group", "iri", "label", "kind", "match", "why"])
    if found is not None:
        for group, hits in (("cluster", found.clusters), ("organisation", found.organisations)):
            for h in hits:
                writer.writerow([group, h.item.iri, h.item.label, "; ".join(h.kinds),
                                 "direct" if h.direct else "related", "; ".join(h.why)])
        for s in found.support:
            writer.writerow([s.role, s.iri, s.label, "", "applies",
                             "; ".join(f"through {scope}" for scope in sorted(s.scopes))])
    response = Response(out.getvalue(), mimetype="text/csv")
    response.headers["Content-Disposition"] = 'attachment; filename="partners.csv"'
    return response


blueprint.register_error_handler(S3kgError, pages.handle_error)
