"""Partner discovery apart from HTTP: given what a partner should work on (a sector, a NACE
class, a US cluster category or an EU industrial ecosystem, named in a few words) and
optionally where, find the clusters and the organisations of the wanted kinds, with the
policy instruments, authorities and funders that apply to them.

Everything is read from per-release answers of the server's own named queries: the browse
listings (:mod:`s3kg.web.facets`), ``queries/partners/topics.rq`` (every topic with the
ecosystems it is mapped to) and ``queries/partners/support.rq``.  The documents and the
imported cluster data meet on the ecosystem: a match on the topic itself is *direct*; a match
only through a shared ecosystem is *related*, and said so.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from s3kg.web.facets import Item, Listing
from s3kg.web.resources import ONTOLOGY_NS

TOPIC_FACETS = ("sector", "nace", "ecosystem")
PLACE_FACETS = ("country", "region")
FUZZY = 85  # partial-ratio score from which a long word matches a label (one typo in seven)
_SKIP = frozenset({"and", "of", "the", "in", "for", "de", "et", "und"})
# A partner's kind: the classes that make it one.  Universities are academic organisations
# too; an academic organisation of no narrower class counts as research.
KINDS: dict[str, tuple[str, frozenset[str]]] = {
    name: (title, frozenset(ONTOLOGY_NS + c for c in classes))
    for name, title, classes in (
        ("company", "Companies", ("Company", "SME")),
        ("university", "Universities", ("University",)),
        ("research", "Research institutes", ("ResearchInstitute",)),
        ("funder", "Funders and investors", ("Investor", "VentureFund")),
        ("authority", "Public authorities", ("PublicAuthority",)),
        ("support", "Support and cluster organisations",
         ("SupportOrganisation", "ClusterOrganisation", "Association", "TechnologyPlatform")),
        ("other", "Other organisations (kind not stated)", ()),
    )
}  # fmt: skip
ROLES = {"instrument": "Policy instruments", "authority": "Authorities and agencies",
         "funder": "Funders"}


@dataclass(frozen=True)
class Topic:
    iri: str
    kind: str  # sector, nace, category or ecosystem
    label: str
    code: str
    ecosystems: frozenset[str]


@dataclass(frozen=True)
class Search:
    text: str = ""
    place: str | None = None  # an IRI among the listings' countries and regions
    kinds: frozenset[str] = frozenset()  # keys of KINDS; none = every kind


@dataclass
class Hit:
    item: Item
    direct: bool
    why: list[str] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)


@dataclass
class Support:
    role: str
    iri: str
    label: str
    scopes: set[str] = field(default_factory=set)


@dataclass
class Found:
    topics: list[Topic]
    clusters: list[Hit]
    organisations: list[Hit]
    support: list[Support]


def topics(rows: Iterable[Mapping[str, Mapping[str, str]]]) -> dict[str, Topic]:
    """The topics of ``queries/partners/topics.rq`` by IRI, each with all its ecosystems."""
    found: dict[str, Topic] = {}
    for row in rows:
        iri = row["topic"]["value"]
        before = found.get(iri)
        ecosystem = row.get("ecosystem", {}).get("value")
        label = row.get("label", {}).get("value") or iri.rsplit("/", 1)[-1]
        found[iri] = Topic(iri, row["kind"]["value"], before.label if before else label,
                           row.get("code", {}).get("value", ""),
                           (before.ecosystems if before else frozenset())
                           | ({ecosystem} if ecosystem else set()))
    return found


def normalise(text: str) -> str:
    """Lower case, no accents, words separated by single spaces."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", text)
                    if not unicodedata.combining(c))
    return " ".join("".join(c if c.isalnum() else " " for c in plain.casefold()).split())


def match_topics(text: str, known: Mapping[str, Topic]) -> list[Topic]:
    """The topics named by ``text``: the one with that code (a NACE code such as ``21``), else
    every topic whose label holds each word (see ``_holds``)."""
    wanted = normalise(text)
    coded = [t for t in known.values()
             if t.kind == "nace" and t.code.casefold() == text.strip().casefold()]
    if coded or not wanted:
        return sorted(coded, key=_order)
    words = [w for w in wanted.split() if w not in _SKIP] or wanted.split()
    return sorted((t for t in known.values() if _holds(normalise(t.label), words)), key=_order)


def _holds(label: str, words: list[str]) -> bool:
    # A short word is a coincidence inside another: "ai" or "it" must be a whole word of the
    # label ("ai" is not in "retail" or "aircraft"), a four-letter one must begin a word
    # ("aero", "auto"). A longer one may sit anywhere ("pharma" in "biopharmaceutics") and,
    # from about seven letters, have one letter wrong.
    tokens = label.split()
    return all(
        w in tokens if len(w) < 4
        else any(t.startswith(w) for t in tokens) if len(w) == 4
        else w in label or fuzz.partial_ratio(w, label) >= FUZZY
        for w in words)


def _order(topic: Topic) -> tuple[int, str]:
    return (("ecosystem", "sector", "nace", "category").index(topic.kind), topic.label.casefold())


def kinds_of(item: Item) -> list[str]:
    """The KINDS keys of an organisation, from its classes (``type`` facet)."""
    classes = item.values.get("type", set())
    named = [name for name, (_, wanted) in KINDS.items() if classes & wanted]
    if not named and ONTOLOGY_NS + "AcademicOrganisation" in classes:
        named = ["research"]
    return named or ["other"]


def find(search: Search, clusters: Listing, organisations: Listing,
         known: Mapping[str, Topic], support_rows: Iterable[Mapping[str, Mapping[str, str]]]
         ) -> Found:
    """Clusters, organisations and support for ``search`` (topic words, place, kinds)."""
    matched = match_topics(search.text, known) if search.text else []
    direct = {t.iri for t in matched}
    related = set().union(*(t.ecosystems for t in matched)) - direct
    cluster_hits = [hit for item in clusters.items
                    if _in_place(item, search.place)
                    and (hit := _topic_hit(item, direct, related, clusters, bool(search.text)))]
    org_hits = _organisations(search, organisations, cluster_hits, direct, related)
    scopes = {h.item.iri: h.item.label for h in cluster_hits if h.direct}
    for hit in cluster_hits:
        if hit.direct:
            scopes.update({iri: clusters.values[(f, iri)].label for f in PLACE_FACETS
                           for iri in hit.item.values.get(f, ())})
    if search.place:
        scopes[search.place] = _place_label(search.place, clusters, organisations)
    return Found(matched, _ranked(cluster_hits), _ranked(org_hits), _support(support_rows, scopes))


def _topic_hit(item: Item, direct: set[str], related: set[str], listing: Listing,
               searched: bool) -> Hit | None:
    """A hit if ``item`` works on a matched topic (direct) or in one of their ecosystems."""
    if not searched:
        return Hit(item, True)  # no topic asked: the place alone chooses
    own = [(f, iri) for f in TOPIC_FACETS for iri in item.values.get(f, ()) if iri in direct]
    if own:
        return Hit(item, True, sorted({listing.values[v].label for v in own}))
    shared = item.values.get("ecosystem", set()) & related
    if shared:
        return Hit(item, False, sorted(listing.values[("ecosystem", e)].label for e in shared))
    return None


def _organisations(search: Search, listing: Listing, clusters: list[Hit], direct: set[str],
                   related: set[str]) -> list[Hit]:
    by_cluster = {hit.item.iri: hit for hit in clusters}
    hits = []
    for item in listing.items:
        kinds = kinds_of(item)
        if search.kinds and not search.kinds & set(kinds):
            continue
        # A member of a cluster found there is there too, even if its own place is not given.
        member_of = [by_cluster[c] for c in item.values.get("cluster", ()) if c in by_cluster]
        own = (_topic_hit(item, direct, related, listing, bool(search.text))
               if _in_place(item, search.place) else None)
        if not member_of and own is None:
            continue
        hit = own or Hit(item, False)
        hit.direct = hit.direct or any(h.direct for h in member_of)
        hit.why = sorted({f"member of {h.item.label}" for h in member_of} | set(hit.why))
        hit.kinds = kinds
        hits.append(hit)
    return hits


def _in_place(item: Item, place: str | None) -> bool:
    return place is None or any(place in item.values.get(f, ()) for f in PLACE_FACETS)


def _place_label(iri: str, *listings: Listing) -> str:
    for listing in listings:
        for facet in PLACE_FACETS:
            if (facet, iri) in listing.values:
                return listing.values[(facet, iri)].label
    return iri.rsplit("/", 1)[-1]


def _ranked(hits: list[Hit]) -> list[Hit]:
    return sorted(hits, key=lambda h: (not h.direct, h.item.label.casefold(), h.item.iri))


def _support(rows: Iterable[Mapping[str, Mapping[str, str]]],
             scopes: Mapping[str, str]) -> list[Support]:
    found: dict[tuple[str, str], Support] = {}
    for row in rows:
        scope, role, value = (row[k]["value"] for k in ("scope", "role", "value"))
        if scope in scopes and role in ROLES:
            label = row.get("valueLabel", {}).get("value") or value.rsplit("/", 1)[-1]
            found.setdefault((role, value), Support(role, value, label)).scopes.add(scopes[scope])
    return sorted(found.values(), key=lambda s: (list(ROLES).index(s.role), s.label.casefold()))
