"""Sectors aligned to NACE Rev. 2 and to the EU industrial ecosystems.

Two reviewed files, one mapping a line, each with its reason:

- ``data/alignments/sectors-nace.yaml``: ``{sector: sector/aerospace, match: closeMatch,
  nace: "30.3", reason: …}``; ``nace: none`` records that a sector was reviewed and has no
  NACE counterpart (a technology or a cross-cutting field rather than an activity);
- ``data/alignments/sectors-ecosystems.yaml``: ``{sector: …, match: broadMatch,
  ecosystem: aerospace-and-defence, reason: …}``;
- ``data/alignments/uscm-ecosystems.yaml``: the same for the US Cluster Mapping categories of
  the imports (``{category: uscm/category/…, …}``), so that imported cluster organisations
  meet the documents' clusters on the ecosystem.

``match`` is a SKOS mapping property read from our sector's side: ``exactMatch`` (same scope),
``closeMatch`` (nearly the same), ``broadMatch`` (the target is broader: the sector belongs to
it), ``narrowMatch`` (the target is narrower), ``relatedMatch`` (overlapping).
``data/alignments/eu-industrial-ecosystems.yaml`` defines our SKOS scheme of the 14
ecosystems, naming its source.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS

from s3kg.errors import InputError
from s3kg.vocab.external import ECOSYSTEM_SCHEME
from s3kg.vocab.namespaces import ID, S3KG
from s3kg.yamlfile import check_keys, load_yaml_mapping

MATCHES = {
    name: SKOS[name]
    for name in ("exactMatch", "closeMatch", "broadMatch", "narrowMatch", "relatedMatch")
}


@dataclass(frozen=True)
class Mapping:
    sector: str
    target: str  # a NACE code, an ecosystem slug, or "none"
    match: str
    reason: str
    line: str


def ecosystem_scheme(path: Path) -> tuple[Graph, dict[str, URIRef]]:
    """Our SKOS scheme of the EU industrial ecosystems, and its concepts by slug."""
    raw = load_yaml_mapping(path, {"scheme", "ecosystems"})
    scheme = raw.get("scheme") or {}
    check_keys(scheme, {"label", "source", "source_title", "note"}, f"{path.name}: scheme")
    g = Graph()
    g.add((ECOSYSTEM_SCHEME, RDF.type, SKOS.ConceptScheme))
    for prop, key in ((SKOS.prefLabel, "label"), (RDFS.label, "label"), (RDFS.comment, "note")):
        if scheme.get(key):
            g.add((ECOSYSTEM_SCHEME, prop, Literal(str(scheme[key]), lang="en")))
    if not scheme.get("source"):
        raise InputError(f"{path.name}: scheme.source must name the source of the list")
    source = URIRef(str(scheme["source"]))
    g.add((ECOSYSTEM_SCHEME, DCTERMS.source, source))
    if scheme.get("source_title"):
        g.add((source, DCTERMS.title, Literal(str(scheme["source_title"]), lang="en")))
    concepts: dict[str, URIRef] = {}
    for i, item in enumerate(raw.get("ecosystems") or []):
        where = f"{path.name}: ecosystems[{i}]"
        if not isinstance(item, dict) or not item.get("slug") or not item.get("label"):
            raise InputError(f"{where}: needs slug and label")
        check_keys(item, {"slug", "label", "note"}, where)
        concept = ID[f"ecosystem/{item['slug']}"]
        concepts[str(item["slug"])] = concept
        g.add((concept, RDF.type, SKOS.Concept))
        g.add((concept, SKOS.prefLabel, Literal(str(item["label"]), lang="en")))
        g.add((concept, RDFS.label, Literal(str(item["label"]), lang="en")))
        g.add((concept, SKOS.inScheme, ECOSYSTEM_SCHEME))
        g.add((concept, SKOS.topConceptOf, ECOSYSTEM_SCHEME))
        g.add((ECOSYSTEM_SCHEME, SKOS.hasTopConcept, concept))
        if item.get("note"):
            g.add((concept, SKOS.scopeNote, Literal(str(item["note"]), lang="en")))
    return g, concepts


def load_mappings(path: Path, target_key: str, subject: str = "sector",
                  prefix: str = "sector/") -> list[Mapping]:
    """The mappings of ``path``: ``{<subject>: <prefix>…, match, <target_key>, reason}``."""
    raw = load_yaml_mapping(path, {"mappings"})
    mappings: list[Mapping] = []
    seen: set[tuple[str, str]] = set()
    for i, item in enumerate(raw.get("mappings") or []):
        where = f"{path.name}: mappings[{i}]"
        if not isinstance(item, dict):
            raise InputError(f"{where}: expected a mapping")
        check_keys(item, {subject, "match", target_key, "reason"}, where)
        sector, target = str(item.get(subject, "")), str(item.get(target_key, ""))
        if not sector.startswith(prefix) or not target:
            raise InputError(f"{where}: needs {subject} ({prefix}…) and {target_key}")
        match = str(item.get("match", "none" if target == "none" else ""))
        if target != "none" and match not in MATCHES:
            raise InputError(f"{where}: match must be one of {', '.join(MATCHES)}")
        if not item.get("reason"):
            raise InputError(f"{where}: give a short reason")
        if (sector, target) in seen:
            raise InputError(f"{where}: {sector} -> {target} is listed twice")
        seen.add((sector, target))
        mappings.append(Mapping(sector, target, match, str(item["reason"]), where))
    return mappings


def sectors_in(facts: Graph) -> set[str]:
    """The ids (``sector/…``) of the sectors of ``facts``."""
    return {str(s)[len(str(ID)) :] for s in facts.subjects(RDF.type, S3KG.Sector)}


def top_concepts_in(graph: Graph, scheme: URIRef) -> set[str]:
    """The ids of the concepts of ``scheme`` in ``graph`` that have no broader concept."""
    return {str(c)[len(str(ID)) :] for c in graph.subjects(SKOS.inScheme, scheme)
            if str(c).startswith(str(ID)) and graph.value(c, SKOS.broader) is None}


def add_sector_mappings(
    sectors: set[str], out: Graph, mappings: list[Mapping], targets: dict[str, URIRef], kind: str
) -> dict[str, Any]:
    """Write the mappings of the ``sectors`` present (ids); report the coverage."""
    mapped: Counter[str] = Counter()
    reviewed: set[str] = set()
    for m in mappings:
        if m.sector not in sectors:
            continue
        reviewed.add(m.sector)
        if m.target == "none":
            continue
        target = targets.get(m.target)
        if target is None:
            raise InputError(f"{m.line}: {m.target!r} is not a known {kind} code")
        out.add((ID[m.sector], MATCHES[m.match], target))
        mapped[m.sector] += 1
    return {
        "sectors": len(sectors),
        "mapped": len(mapped),
        "reviewed_without_match": sorted(reviewed - set(mapped)),
        "unreviewed": sorted(sectors - reviewed),
        "unused": sorted({m.sector for m in mappings} - sectors),
    }
