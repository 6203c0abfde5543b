"""NACE Rev. 2 converted from the RAMON OWL file to SKOS under the EU Vocabularies IRIs."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SKOS

from s3kg.errors import InputError
from s3kg.integrate.nace import EXPECTED, codes, nace_iri, nace_scheme
from s3kg.vocab.external import NACE, NACE_SCHEME, RAMON


@pytest.fixture(scope="module")
def nace(shared_data: Path) -> tuple[Graph, dict[str, int]]:
    return nace_scheme(shared_data / "nace" / "nace_r2.ttl")


def test_every_level_is_complete(nace: tuple[Graph, dict[str, int]]) -> None:
    graph, levels = nace
    assert levels == {"section": 21, "division": 88, "group": 272, "class": 615} == EXPECTED
    concepts = set(graph.subjects(SKOS.inScheme, NACE_SCHEME))
    assert len(concepts) == 996
    assert len(set(graph.objects(NACE_SCHEME, SKOS.hasTopConcept))) == 21
    assert {c for c in concepts if (c, RDF.type, SKOS.Concept) in graph} == concepts


def test_iris_are_the_eu_vocabularies_ones_with_dotted_notations(
    nace: tuple[Graph, dict[str, int]],
) -> None:
    graph, _ = nace
    assert nace_iri("01.11") == URIRef("http://data.europa.eu/ux2/nace2/0111")
    assert (NACE["0111"], SKOS.notation, Literal("01.11")) in graph
    assert (NACE["A"], SKOS.topConceptOf, NACE_SCHEME) in graph
    label = graph.value(NACE["3030"], SKOS.prefLabel)
    assert label == Literal("Manufacture of air and spacecraft and related machinery", lang="en")
    assert (NACE["0111"], SKOS.exactMatch, RAMON["01.11"]) in graph


def test_hierarchy_goes_both_ways(nace: tuple[Graph, dict[str, int]]) -> None:
    graph, _ = nace
    chain = [NACE["3030"], NACE["303"], NACE["30"], NACE["C"]]
    for narrower, broader in itertools.pairwise(chain):
        assert (narrower, SKOS.broader, broader) in graph
        assert (broader, SKOS.narrower, narrower) in graph
    sections = set(graph.objects(NACE_SCHEME, SKOS.hasTopConcept))
    assert not [s for s in sections if graph.value(s, SKOS.broader) is not None]
    others = set(graph.subjects(SKOS.inScheme, NACE_SCHEME)) - sections
    assert all(len(set(graph.objects(c, SKOS.broader))) == 1 for c in others)


def test_codes_index_every_notation(nace: tuple[Graph, dict[str, int]]) -> None:
    index = codes(nace[0])
    assert len(index) == 996
    assert index["30.3"] == NACE["303"] and index["U"] == NACE["U"]


def test_a_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="NACE file not found"):
        nace_scheme(tmp_path / "nace_r2.ttl")


def test_a_file_without_activities_is_refused(tmp_path: Path) -> None:
    empty = tmp_path / "nace.ttl"
    empty.write_text("<http://example.org/a> <http://example.org/b> 1 .\n", encoding="utf-8")
    with pytest.raises(InputError, match="no NACE activities"):
        nace_scheme(empty)
