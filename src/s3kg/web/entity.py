"""What an entity page shows: facts grouped by theme, each with its provenance, incoming links
and a small picture of the neighbourhood.

Three SELECT queries per page (outgoing facts with their graphs, the reified assertions about
the entity with their text spans, incoming links), each bounded, each with the entity bound
as ``?this`` through the store's substitutions.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox

from s3kg.vocab.prefixes import PREFIXES, sparql_prologue
from s3kg.web import current_backend
from s3kg.web.evidence import reader_link
from s3kg.web.labels import labels

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCT = "http://purl.org/dc/terms/"
S3KG = "https://w3id.org/s3kg/ontology#"
ORG = "http://www.w3.org/ns/org#"
PROV = "http://www.w3.org/ns/prov#"
OA = "http://www.w3.org/ns/oa#"
INFERRED = "https://w3id.org/s3kg/graph/inferred"
FACT_LIMIT, PER_PREDICATE, PICTURE_NODES = 1000, 30, 12
LABELS = (RDFS + "label", SKOS + "prefLabel", DCT + "title")

_PREFIXES = sparql_prologue()
FACTS = (
    _PREFIXES
    + f"""
SELECT ?this ?p ?o ?g (SAMPLE(?pl) AS ?plabel) (SAMPLE(?ol) AS ?olabel) WHERE {{
  GRAPH ?g {{ ?this ?p ?o }}
  OPTIONAL {{ ?p rdfs:label ?pl FILTER(LANG(?pl) IN ("en", "")) }}
  OPTIONAL {{ ?o rdfs:label|skos:prefLabel|dcterms:title ?ol FILTER(LANG(?ol) IN ("en", "")) }}
}} GROUP BY ?this ?p ?o ?g ORDER BY ?p ?o LIMIT {FACT_LIMIT}"""
)
EVIDENCE = (
    _PREFIXES
    + f"""
SELECT DISTINCT ?this ?p ?o ?span ?document ?documentLabel ?locator ?exact ?start ?end WHERE {{
  ?assertion rdf:subject ?this ; rdf:predicate ?p ; rdf:object ?o ; s3kg:evidence ?span .
  OPTIONAL {{ ?span oa:hasSource ?document OPTIONAL {{ ?document rdfs:label ?documentLabel }} }}
  OPTIONAL {{ ?span s3kg:locator ?locator }}
  OPTIONAL {{ ?span oa:hasSelector ?quote . ?quote a oa:TextQuoteSelector ; oa:exact ?exact }}
  OPTIONAL {{ ?span oa:hasSelector ?at . ?at oa:start ?start ; oa:end ?end }}
}} ORDER BY ?document ?span LIMIT {FACT_LIMIT}"""
)
# Incoming links are counted per predicate, then at most PER_PREDICATE of each are listed
# (a paper has thousands of assertions pointing at it; sorting them all costs a second).
INCOMING_COUNTS = _PREFIXES + """
SELECT ?this ?p (COUNT(DISTINCT ?s) AS ?n) WHERE {
  ?s ?p ?this FILTER(?p NOT IN (rdf:subject, rdf:object))
} GROUP BY ?this ?p ORDER BY ?p"""
INCOMING = f"SELECT DISTINCT ?this ?p ?s WHERE {{ ?s ?p ?this }} LIMIT {PER_PREDICATE}"

# Predicates by theme, as CURIEs of s3kg.vocab.namespaces.PREFIXES; "org:" is a whole namespace.
_THEMES = (
    ("Identity & types", "rdf:type rdfs:label skos:prefLabel dcterms:title skos:altLabel "
     "rdfs:comment skos:definition dcterms:description dcterms:identifier owl:sameAs "
     "skos:exactMatch skos:inScheme s3kg:namedInSource s3kg:foundingYear"),
    ("Location", "s3kg:locatedIn schema:location"),
    ("Membership", "org: s3kg:hasClusterOrganisation s3kg:hasSubCluster s3kg:isSubClusterOf "
     "s3kg:cooperatesWith s3kg:basedOn s3kg:initiatedBy s3kg:adoptedBy"),
    ("Specialisation", "s3kg:specialisesIn s3kg:produces s3kg:aboutProduct s3kg:recognisedAs "
     "s3kg:hasStrategy s3kg:usesInstrument s3kg:instrumentKind s3kg:hasInterest "
     "s3kg:interestTheme s3kg:factorCategory s3kg:appliesTo s3kg:leadsTo "
     "s3kg:recommendedFor s3kg:typeClass"),
    ("Figures", "qb: sdmxa: s3kg:value s3kg:indicator s3kg:valueQualifier s3kg:refYear "
     "s3kg:refEntity s3kg:periodStartYear"),
    ("Provenance", "prov: oa: rdf:subject rdf:predicate rdf:object s3kg:evidence "
     "s3kg:locator s3kg:contentHash s3kg:fileName s3kg:mentions s3kg:refersTo s3kg:ordinal "
     "s3kg:listPosition dcterms:isPartOf dcterms:source"),
)  # fmt: skip
_GROUPS = tuple(
    (title, tuple(PREFIXES[c.split(":")[0]] + c.split(":")[1] for c in curies.split()))
    for title, curies in _THEMES
)
OTHER = "Other"


@dataclass(frozen=True)
class Term:
    """An RDF term as the SPARQL JSON results give it."""

    kind: str  # uri, literal or bnode
    value: str
    lang: str = ""
    datatype: str = ""

    @classmethod
    def of(cls, binding: dict[str, str]) -> Term:
        kind = "literal" if binding["type"] == "typed-literal" else binding["type"]
        return cls(kind, binding["value"], binding.get("xml:lang", ""), binding.get("datatype", ""))


@dataclass
class Evidence:
    """One quoted text in one document, with the spans (and their locators) that quote it."""

    document: Term | None
    document_label: str
    exact: str
    spans: list[tuple[Term, str]] = field(default_factory=list)
    link: str | None = None  # the first span, highlighted in the document reader


@dataclass
class Fact:
    predicate: Term
    predicate_label: str
    value: Term
    value_label: str
    inferred: bool = True
    evidence: list[Evidence] = field(default_factory=list)


@dataclass(frozen=True)
class Link:
    """An incoming link: ``source predicate this``."""

    source: Term
    source_label: str
    predicate: Term
    predicate_label: str


@dataclass
class EntityView:
    iri: str
    label: str
    types: list[Fact]
    groups: list[tuple[str, list[Fact]]]
    incoming: list[Link]
    incoming_more: list[tuple[str, int, int]]  # (predicate label, shown, total) when cut
    picture: dict[str, Any]

    @property
    def empty(self) -> bool:
        return not self.groups and not self.incoming


def load(iri: str) -> EntityView:
    """Everything the page of ``iri`` shows (empty when the graph says nothing about it)."""
    facts = _facts(_rows(FACTS, iri))
    for row in _rows(EVIDENCE, iri):
        fact = facts.get((Term.of(row["p"]), Term.of(row["o"])))
        if fact is not None:
            _add_evidence(fact, row)
    links, more = _incoming(iri)
    ordered = list(facts.values())
    label = next((f.value.value for p in LABELS for f in ordered
                  if f.predicate.value == p and f.value.lang in ("en", "")), short_name(iri))
    types = [f for f in ordered if f.predicate.value == RDF + "type"]
    return EntityView(iri, label, types, group(ordered), links, more,
                      neighbourhood(label, ordered, links))


def _incoming(iri: str) -> tuple[list[Link], list[tuple[str, int, int]]]:
    """The first PER_PREDICATE links of each incoming predicate, and which were cut."""
    names, backend = labels(), current_backend()
    links: list[Link] = []
    more: list[tuple[str, int, int]] = []
    for count in _rows(INCOMING_COUNTS, iri):
        predicate, total = Term.of(count["p"]), int(count["n"]["value"])
        bound = [("this", ox.NamedNode(iri)), ("p", ox.NamedNode(predicate.value))]
        rows = backend.select(INCOMING, bound)["results"]["bindings"]
        found = [Link(Term.of(r["s"]), names.get(r["s"]["value"], ""), predicate,
                      names.get(predicate.value, "")) for r in rows]
        links += sorted(found, key=lambda k: (not k.source_label, k.source_label, k.source.value))
        if total > len(found):
            name = names.get(predicate.value, short_name(predicate.value))
            more.append((name, len(found), total))
    return links, more


def _rows(query: str, iri: str) -> list[dict[str, dict[str, str]]]:
    data = current_backend().select(query, [("this", ox.NamedNode(iri))])
    rows: list[dict[str, dict[str, str]]] = data["results"]["bindings"]
    return rows


def _text(row: dict[str, dict[str, str]], name: str) -> str:
    return row[name]["value"] if name in row else ""


def _facts(rows: list[dict[str, dict[str, str]]]) -> dict[tuple[Term, Term], Fact]:
    """One fact per (predicate, value); inferred when it is only in the inferred graph."""
    facts: dict[tuple[Term, Term], Fact] = {}
    for row in rows:
        key = (Term.of(row["p"]), Term.of(row["o"]))
        fact = facts.setdefault(
            key, Fact(key[0], _text(row, "plabel"), key[1], _text(row, "olabel"))
        )
        fact.inferred = fact.inferred and row["g"]["value"] == INFERRED
    return facts


def _add_evidence(fact: Fact, row: dict[str, dict[str, str]]) -> None:
    """Record a span; spans quoting the same text of the same document are shown together."""
    document = Term.of(row["document"]) if "document" in row else None
    exact = _text(row, "exact")
    found = next((e for e in fact.evidence if (e.document, e.exact) == (document, exact)), None)
    if found is None:
        found = Evidence(document, _text(row, "documentLabel"), exact)
        fact.evidence.append(found)
    found.spans.append((Term.of(row["span"]), _text(row, "locator")))
    if found.link is None and document is not None and "start" in row and "end" in row:
        found.link = reader_link(document.value, row["start"]["value"], row["end"]["value"])


def theme(predicate: str) -> str:
    """The group a predicate's facts are shown in (by IRI, else by namespace)."""
    for title, members in _GROUPS:
        if any(
            predicate == m or (m.endswith(("#", "/")) and predicate.startswith(m)) for m in members
        ):
            return title
    return OTHER


def group(facts: list[Fact]) -> list[tuple[str, list[Fact]]]:
    grouped: dict[str, list[Fact]] = defaultdict(list)
    for fact in facts:
        grouped[theme(fact.predicate.value)].append(fact)
    order = [title for title, _ in _GROUPS] + [OTHER]
    return [(title, grouped[title]) for title in order if grouped.get(title)]


def short_name(iri: str) -> str:
    """The last path or fragment segment of an IRI, for labels of unlabelled things."""
    tail = iri.rstrip("/#").rsplit("#", 1)[-1]
    return tail.rsplit("/", 1)[-1] or iri


def neighbourhood(label: str, facts: list[Fact], links: list[Link]) -> dict[str, Any]:
    """Layout of the neighbourhood picture: the entity in the middle, neighbours on an ellipse."""
    nodes = _neighbours(facts, links)
    width, height = 780, 420
    placed = [_place(i, len(nodes), node, width / 2, height / 2) for i, node in enumerate(nodes)]
    return {"width": width, "height": height, "label": _clip(label, 28), "nodes": placed}


def _neighbours(facts: list[Fact], links: list[Link]) -> list[tuple[Term, str, str, bool]]:
    """At most PICTURE_NODES distinct neighbours, labelled ones first."""
    candidates = [
        (f.value, f.value_label, f.predicate_label or short_name(f.predicate.value), True)
        for f in facts
        if f.value.kind == "uri" and f.predicate.value != RDF + "type"
    ]
    candidates += [
        (k.source, k.source_label, k.predicate_label or short_name(k.predicate.value), False)
        for k in links
        if k.source.kind == "uri"
    ]
    candidates.sort(key=lambda candidate: not candidate[1])
    seen: set[str] = set()
    nodes: list[tuple[Term, str, str, bool]] = []
    for term, name, predicate, outgoing in candidates:
        if term.value not in seen and len(nodes) < PICTURE_NODES:
            seen.add(term.value)
            nodes.append((term, name or short_name(term.value), predicate, outgoing))
    return nodes


def _place(index: int, count: int, node: tuple[Term, str, str, bool], cx: float,
           cy: float) -> dict[str, Any]:
    term, name, predicate, outgoing = node
    angle = -math.pi / 2 + 2 * math.pi * (index + 0.5) / count
    dx, dy = 300 * math.cos(angle), 165 * math.sin(angle)

    def at(share: float) -> tuple[float, float]:
        return round(cx + dx * share, 1), round(cy + dy * share, 1)

    return {
        "term": term,
        "label": _clip(name, 21),
        "title": name,
        "predicate": _clip(predicate, 22),
        "outgoing": outgoing,
        "at": at(1.0),
        "mid": at(0.5),
        "start": at(_exit(dx, dy, 129, 24)),
        "end": at(1 - _exit(dx, dy, 79, 19)),
    }


def _exit(dx: float, dy: float, half_width: float, half_height: float) -> float:
    """The share of the vector (dx, dy) at which it leaves a box of that size around its start."""
    return min(
        half_width / abs(dx) if abs(dx) > 1e-9 else math.inf,
        half_height / abs(dy) if abs(dy) > 1e-9 else math.inf,
    )


def _clip(text: str, size: int) -> str:
    return text if len(text) <= size else text[: size - 1].rstrip() + "…"
