"""``s3kg link``: propose matches between our entities and imported ones, for review.

Pairs compared: our sectors with imported concepts (cluster categories, sub-clusters), our
organisations with imported organisations, our clusters with imported (cluster)
organisations. The score is the name similarity (the best pair of labels, aliases included),
raised a little by a shared sector and a shared region; a pair is proposed only if the
names alone are similar enough (precision first: context never makes a match on its own).
Candidates go to ``data/links/candidates.csv`` with the score and the reason; a reviewer
copies the right ones into ``accepted.csv`` (or ``rejected.csv``, so they are not proposed
again), and the build turns accepted rows into links (``links.py``).
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher
from pathlib import Path

import pyoxigraph as ox

from s3kg.config import current_release, imports_dir
from s3kg.errors import S3kgError
from s3kg.integrate.links import HEADER_CANDIDATES, read_link_rows
from s3kg.vocab.namespaces import Graphs
from s3kg.vocab.prefixes import sparql_prologue

_STOP = frozenset(
    {"a", "an", "and", "the", "of", "for", "in", "on", "at", "de", "du", "la", "le", "des",
     "inc", "co", "corp", "corporation", "company", "ltd", "llc", "jsc", "pjsc", "ojsc", "oao",
     "zao", "plc", "gmbh", "ag", "sa", "association", "cluster", "clusters", "industry",
     "industries", "sector", "sphere", "spheres"}
)  # fmt: skip
_GENERIC = frozenset(
    {"service", "product", "manufacturing", "production", "equipment", "technology",
     "technologie", "local", "other", "related"}
)  # fmt: skip
# (our kind, their kind) -> the least name similarity for a candidate. Containment ("aerospace"
# in "Aerospace Engines") scores 0.6-0.9, so it only counts against top-level categories.
NAME_THRESHOLD = {
    ("sector", "concept"): 0.7,
    ("sector", "subconcept"): 0.85,
    ("organisation", "organisation"): 0.85,
    ("cluster", "organisation"): 0.85,
}
RELATION = {"sector": "closeMatch", "organisation": "sameAs", "cluster": "closeMatch"}


@dataclass(frozen=True)
class Item:
    iri: str
    kind: str
    labels: tuple[str, ...]
    sectors: frozenset[str] = frozenset()
    places: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Candidate:
    score: float
    kind: str
    ours: Item
    relation: str
    theirs: Item
    reason: str

    def row(self, status: str) -> list[str]:
        ours, theirs = self.ours, self.theirs
        return [f"{self.score:.3f}", self.kind, ours.iri, ours.labels[0], self.relation,
                theirs.iri, theirs.labels[0], self.reason, status]  # fmt: skip


def tokens(label: str) -> tuple[str, ...]:
    text = unicodedata.normalize("NFKD", label).encode("ascii", "ignore").decode().lower()
    words = re.findall(r"[a-z0-9]+", text.replace("&", " and "))
    return tuple(w[:-1] if len(w) > 4 and w.endswith("s") else w for w in words if w not in _STOP)


def _same_word(a: str, b: str) -> bool:
    """Equal, or sharing a long stem (pharmaceutic/pharmaceutical, technolog-y/-ies)."""
    return a == b or (min(len(a), len(b)) >= 7 and a[:7] == b[:7] and abs(len(a) - len(b)) <= 3)


def name_similarity(a: str, b: str) -> float:
    """1.0 for the same words; less for shared words, contained names, near spellings."""
    ta, tb = set(tokens(a)), set(tokens(b))
    if not ta or not tb:
        return 0.0
    if ta == tb:
        return 1.0
    shared_a = {x for x in ta if any(_same_word(x, y) for y in tb)}
    shared_b = {y for y in tb if any(_same_word(x, y) for x in ta)}
    if shared_a == ta and shared_b == tb:  # the same words up to their endings
        return 0.95
    jaccard = min(len(shared_a), len(shared_b)) / len(ta | tb)
    score = jaccard * 0.95
    if shared_a - _GENERIC and (shared_a == ta or shared_b == tb):  # one name contains the other
        score = max(score, 0.6 + 0.3 * jaccard)
    if len(ta) == len(tb) == 1:  # single words: spelling variants (biopharmaceutics)
        score = max(score, SequenceMatcher(None, a.lower(), b.lower()).ratio() * 0.9)
    return round(score, 3)


def propose(ours: Iterable[Item], theirs: Iterable[Item]) -> list[Candidate]:
    """Candidates for every (our item, their item) pair whose names are similar enough."""
    ours, theirs = list(ours), list(theirs)
    sector_links = _pairs([o for o in ours if o.kind == "sector"], theirs)
    matched = {(c.ours.iri, c.theirs.iri) for c in sector_links}
    found = list(sector_links)
    for item in (o for o in ours if o.kind != "sector"):
        found += _pairs([item], theirs, matched)
    return sorted(found, key=lambda c: (-c.score, c.kind, c.ours.iri, c.theirs.iri))


def _pairs(
    ours: list[Item], theirs: list[Item], sector_matches: set[tuple[str, str]] | None = None
) -> list[Candidate]:
    out = []
    for mine in ours:
        for other in theirs:
            threshold = NAME_THRESHOLD.get((mine.kind, other.kind))
            if threshold is None:
                continue
            name, best = max(((name_similarity(a, b), (a, b)) for a in mine.labels
                              for b in other.labels), key=lambda x: x[0])  # fmt: skip
            if name < threshold:
                continue
            shared_sector = any((s, t) in (sector_matches or set()) or s == t
                                for s in mine.sectors for t in other.sectors)  # fmt: skip
            shared_place = bool(mine.places & other.places)
            score = min(1.0, name + 0.05 * shared_sector + 0.05 * shared_place)
            reason = f"names {best[0]!r} ~ {best[1]!r} ({name:.2f})"
            reason += "; shared sector" * shared_sector + "; shared region" * shared_place
            relation = RELATION[mine.kind] if name >= 0.85 else "relatedMatch"
            out.append(Candidate(round(score, 3), mine.kind, mine, relation, other, reason))
    return out


# ---------------------------------------------------------------------------- the graph
_PREFIXES = sparql_prologue()
_FACTS = "https://w3id.org/s3kg/graph/facts"
_OURS = {
    "sector": f"GRAPH <{_FACTS}> {{ ?x a s3kg:Sector }}",
    "cluster": f"GRAPH <{_FACTS}> {{ ?x a ?t }} ?t rdfs:subClassOf* s3kg:Cluster .",
    "organisation": f"GRAPH <{_FACTS}> {{ ?x a ?t }} ?t rdfs:subClassOf* ?top . "
    "VALUES ?top { org:Organization org:FormalOrganization foaf:Organization } "
    "FILTER NOT EXISTS { ?x a/rdfs:subClassOf* s3kg:Cluster }",
}
_THEIRS = {
    "concept": "?x a skos:Concept . FILTER NOT EXISTS { ?x skos:broader ?up }",
    "subconcept": "?x a skos:Concept ; skos:broader ?up .",
    "organisation": "?x a ?t . VALUES ?t { org:Organization org:FormalOrganization }",
}
_LABELS = "?x rdfs:label|skos:prefLabel ?label ."
_ALIASES = "?x skos:altLabel ?label ."
# places: where an item is located, with every identifier of those places
_PLACES = """{ ?x (s3kg:locatedIn|dcterms:spatial)+ ?p } UNION
  { ?x (s3kg:locatedIn|dcterms:spatial)+/(skos:exactMatch|owl:sameAs) ?p }"""
_SECTORS = "?x (s3kg:specialisesIn|org:classification)/skos:broader* ?p ."


def load_items(store: ox.Store, import_graphs: list[str]) -> tuple[list[Item], list[Item]]:
    """Our items (from the facts graph) and the items of the import graphs."""
    ours = [i for kind, pattern in _OURS.items() for i in _items(store, kind, pattern, None)]
    theirs: dict[str, Item] = {}
    for kind, pattern in _THEIRS.items():
        for graph in import_graphs:
            for item in _items(store, kind, pattern, graph):
                known = theirs.get(item.iri)
                theirs[item.iri] = item if known is None else _merge(known, item)
    return ours, sorted(theirs.values(), key=lambda i: (i.kind, i.iri))


def _merge(a: Item, b: Item) -> Item:
    """One item named in several import graphs (a category of both US files)."""
    labels = a.labels + tuple(x for x in b.labels if x not in a.labels)
    return Item(a.iri, a.kind, labels, a.sectors | b.sectors, a.places | b.places)


def _items(store: ox.Store, kind: str, pattern: str, graph: str | None) -> list[Item]:
    scoped = (lambda body: f"GRAPH <{graph}> {{ {body} }}") if graph else (lambda body: body)
    labels = _select(store, f"SELECT ?x ?label WHERE {{ {scoped(pattern + _LABELS)} }}")
    aliases = _select(store, f"SELECT ?x ?label WHERE {{ {scoped(pattern + _ALIASES)} }}")
    sectors = _select(store, f"SELECT ?x ?p WHERE {{ {pattern} {_SECTORS} }}")
    places = _select(store, f"SELECT ?x ?p WHERE {{ {pattern} {_PLACES} }}")
    items = []
    for iri in sorted(labels):
        names = tuple(sorted(labels[iri])) + tuple(sorted(aliases.get(iri, set()) - labels[iri]))
        items.append(
            Item(iri, kind, names, frozenset(sectors.get(iri, ())), frozenset(places.get(iri, ())))
        )
    return items


def _select(store: ox.Store, query: str) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for row in store.query(_PREFIXES + query, use_default_graph_as_union=True):  # type: ignore[union-attr]
        found.setdefault(row[0].value, set()).add(row[1].value)
    return found


def write_candidates(candidates: list[Candidate], folder: Path) -> tuple[Path, int]:
    """Write ``candidates.csv``; pairs already accepted or rejected are marked, not dropped."""
    accepted = {(r["ours"], r["theirs"]) for r in read_link_rows(folder / "accepted.csv")}
    rejected = {(r["ours"], r["theirs"]) for r in read_link_rows(folder / "rejected.csv")}
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "candidates.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(HEADER_CANDIDATES)
        for c in candidates:
            key = (c.ours.iri, c.theirs.iri)
            status = "accepted" if key in accepted else "rejected" if key in rejected else ""
            writer.writerow(c.row(status))
    return path, len(candidates)


def run_link(var_dir: Path, links_dir: Path) -> tuple[Path, list[Candidate]]:
    """Compare the current release with the imports in ``var/imports``; write candidates."""
    release = current_release(var_dir)
    if release is None:
        raise S3kgError("no built graph yet: run `s3kg build` first")
    imports = sorted(imports_dir(var_dir).glob("*.nq"))
    if not imports:
        raise S3kgError("nothing imported yet: run `s3kg import mappings/<source>.yaml` first")
    store = ox.Store()
    store.bulk_load(path=str(release.graph_file), format=ox.RdfFormat.N_QUADS)
    for path in imports:
        store.bulk_load(path=str(path), format=ox.RdfFormat.N_QUADS)
    ours, theirs = load_items(store, [str(Graphs.import_graph(p.stem)) for p in imports])
    candidates = propose(ours, theirs)
    path, _ = write_candidates(candidates, links_dir)
    return path, candidates
