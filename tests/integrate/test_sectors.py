"""Sector mappings to NACE and to the EU industrial ecosystems: reviewed, checked, scoped."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.namespace import DCTERMS, RDF, SKOS

from s3kg.errors import InputError
from s3kg.integrate.nace import codes, nace_scheme
from s3kg.integrate.sectors import (
    MATCHES,
    add_sector_mappings,
    ecosystem_scheme,
    load_mappings,
    sectors_in,
)
from s3kg.vocab.external import ECOSYSTEM_SCHEME, NACE
from s3kg.vocab.namespaces import ID, S3KG

from .conftest import ROOT

ALIGNMENTS = ROOT / "data" / "alignments"
ECOSYSTEMS = [
    "Aerospace & Defence", "Agri-food", "Construction", "Cultural & Creative Industries",
    "Digital", "Electronics", "Energy-Intensive Industries", "Energy-Renewables", "Health",
    "Mobility-Transport-Automotive", "Proximity, Social Economy & Civil Security", "Retail",
    "Textiles", "Tourism",
]  # fmt: skip


def test_the_ecosystem_scheme_has_the_fourteen_and_names_its_source() -> None:
    graph, concepts = ecosystem_scheme(ALIGNMENTS / "eu-industrial-ecosystems.yaml")
    labels = sorted(str(graph.value(c, SKOS.prefLabel)) for c in concepts.values())
    assert labels == sorted(ECOSYSTEMS)
    assert all((c, SKOS.topConceptOf, ECOSYSTEM_SCHEME) in graph for c in concepts.values())
    source = graph.value(ECOSYSTEM_SCHEME, DCTERMS.source)
    assert "52021DC0350" in str(source)  # COM(2021) 350, the 2021 Industrial Strategy update


def test_every_mapping_points_at_an_existing_code(shared_data: Path) -> None:
    nace, _ = nace_scheme(shared_data / "nace" / "nace_r2.ttl")
    known = codes(nace)
    _, ecosystems = ecosystem_scheme(ALIGNMENTS / "eu-industrial-ecosystems.yaml")
    for m in load_mappings(ALIGNMENTS / "sectors-nace.yaml", "nace"):
        assert m.target == "none" or m.target in known, m.line
        assert m.reason
    for m in load_mappings(ALIGNMENTS / "sectors-ecosystems.yaml", "ecosystem"):
        assert m.target == "none" or m.target in ecosystems, m.line


def test_only_sectors_of_the_graph_are_mapped_and_coverage_is_reported() -> None:
    facts = Graph()
    for sector in ("sector/aerospace", "sector/energy-efficiency", "sector/new-thing"):
        facts.add((ID[sector], RDF.type, S3KG.Sector))
    mappings = load_mappings(ALIGNMENTS / "sectors-nace.yaml", "nace")
    out = Graph()
    report = add_sector_mappings(sectors_in(facts), out, mappings, {"30.3": NACE["303"]}, "NACE")
    assert set(out) == {(ID["sector/aerospace"], SKOS.closeMatch, NACE["303"])}
    assert report["mapped"] == 1 and report["sectors"] == 3
    assert report["reviewed_without_match"] == ["sector/energy-efficiency"]
    assert report["unreviewed"] == ["sector/new-thing"]
    assert "sector/logging" in report["unused"]


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("{sector: sector/a, match: sameAs, nace: '30.3', reason: x}", "match must be one of"),
        ("{sector: sector/a, match: closeMatch, nace: '30.3'}", "give a short reason"),
        ("{sector: a, match: closeMatch, nace: '30.3', reason: x}", "needs sector"),
        ("{sector: sector/a, match: closeMatch, nace: '30.3', reason: x, why: y}", "unknown key"),
    ],
)
def test_malformed_lines_are_refused(tmp_path: Path, line: str, message: str) -> None:
    path = tmp_path / "sectors-nace.yaml"
    path.write_text(f"mappings:\n  - {line}\n", encoding="utf-8")
    with pytest.raises(InputError, match=message):
        load_mappings(path, "nace")


def test_a_mapping_listed_twice_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "sectors-nace.yaml"
    line = "  - {sector: sector/a, match: closeMatch, nace: '30.3', reason: x}\n"
    path.write_text("mappings:\n" + line * 2, encoding="utf-8")
    with pytest.raises(InputError, match="listed twice"):
        load_mappings(path, "nace")


def test_an_unknown_nace_code_stops_the_build() -> None:
    facts = Graph()
    facts.add((ID["sector/a"], RDF.type, S3KG.Sector))
    mappings = load_mappings(ALIGNMENTS / "sectors-nace.yaml", "nace")
    bogus = [type(m)("sector/a", "99.99", "closeMatch", "x", "test line") for m in mappings[:1]]
    with pytest.raises(InputError, match="not a known NACE code"):
        add_sector_mappings(sectors_in(facts), Graph(), bogus, {}, "NACE")


def test_match_properties_are_the_skos_mapping_ones() -> None:
    assert set(MATCHES.values()) == {
        SKOS.exactMatch,
        SKOS.closeMatch,
        SKOS.broadMatch,
        SKOS.narrowMatch,
        SKOS.relatedMatch,
    }
