"""HermiT finds the ontology consistent, classifies data with the defined classes, and
reports contradictions."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF

from s3kg.build.ontology import load_ontology
from s3kg.build.reasoning import (
    InconsistentOntologyError,
    assert_consistent,
    java_available,
    reasoner_input,
    run_reasoner,
)
from s3kg.config import Settings
from s3kg.errors import InputError
from s3kg.vocab.datatypes import YEAR
from s3kg.vocab.namespaces import ID, S3KG

pytestmark = pytest.mark.skipif(not java_available(), reason="HermiT needs Java on PATH")
DATA = Path(__file__).parent.parent / "data" / "ontology"
GYEAR = URIRef("http://www.w3.org/2001/XMLSchema#gYear")

SAMPLE = """
@prefix s3kg: <https://w3id.org/s3kg/ontology#> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix id: <https://w3id.org/s3kg/id/> .
id:cluster\\/c a s3kg:InnovativeTerritorialCluster ;
    org:hasMember id:org\\/firm , id:org\\/uni , id:org\\/gov ;
    s3kg:specialisesIn id:sector\\/aerospace ;
    s3kg:initiatedBy id:org\\/gov .
id:cluster\\/d a s3kg:Cluster ; org:hasMember id:org\\/firm .
id:org\\/firm a s3kg:SME .
id:org\\/uni a s3kg:University .
id:org\\/gov a s3kg:PublicAuthority .
"""


def test_ontology_alone_is_consistent_without_unsatisfiable_classes() -> None:
    report = assert_consistent(load_ontology(Settings().ontology_file))
    assert report.unsatisfiable == ()


def test_defined_classes_classify_clusters_from_their_data() -> None:
    graph = load_ontology(Settings().ontology_file) + Graph().parse(data=SAMPLE, format="turtle")
    inferred = run_reasoner(graph).inferred
    c, d = ID["cluster/c"], ID["cluster/d"]
    for cls in (S3KG.TripleHelixCluster, S3KG.AerospaceCluster, S3KG.StateInitiatedCluster,
                S3KG.IntentionalCluster, S3KG.InnovativeCluster, S3KG.Cluster):
        assert (c, RDF.type, cls) in inferred, cls
    # d has a company but no academic member or authority: not triple-helix.
    assert (d, RDF.type, S3KG.TripleHelixCluster) not in inferred
    assert (ID["org/firm"], RDF.type, S3KG.Company) in inferred
    # asserted types are not repeated in the inferred graph
    assert (c, RDF.type, S3KG.InnovativeTerritorialCluster) not in inferred


def test_contradictory_data_is_reported() -> None:
    graph = load_ontology(Settings().ontology_file) + Graph().parse(DATA / "inconsistent_data.ttl")
    with pytest.raises(InconsistentOntologyError, match="inconsistent"):
        assert_consistent(graph)


def test_the_committed_file_as_is_is_consistent_under_hermit(tmp_path: Path) -> None:
    """What someone gets who opens ontology/s3kg.ttl in Protégé and runs HermiT: no
    preprocessing (not ``reasoner_input``); only the syntax changes, since owlready2 reads
    N-Triples, not Turtle."""
    from owlready2 import World, sync_reasoner_hermit

    committed = Graph().parse(Settings().ontology_file, format="turtle")
    path = tmp_path / "s3kg.nt"
    committed.serialize(path, format="nt", encoding="utf-8")
    assert isomorphic(Graph().parse(path, format="nt"), committed)
    world = World()
    world.get_ontology(path.as_uri()).load(format="ntriples")
    year = world[str(S3KG.foundingYear)]
    assert year is not None and year.range == [int]  # xsd:integer, which HermiT knows
    # Raises on any HermiT failure: an unsupported datatype, an inconsistency, a crash.
    sync_reasoner_hermit(world, infer_property_values=False, debug=0)
    assert list(world.inconsistent_classes()) == []


YEARS = """
@prefix s3kg: <https://w3id.org/s3kg/ontology#> .
@prefix qb: <http://purl.org/linked-data/cube#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix id: <https://w3id.org/s3kg/id/> .
id:cluster\\/c a s3kg:Cluster ; s3kg:foundingYear 2004 .
id:figure\\/f a s3kg:Figure , qb:Observation ; s3kg:refYear 2018 ; s3kg:periodStartYear 2010 .
"""


def test_the_reasoner_sees_the_years_of_the_data() -> None:
    graph = load_ontology(Settings().ontology_file) + Graph().parse(data=YEARS, format="turtle")
    founded = (ID["cluster/c"], S3KG.foundingYear, Literal(2004, datatype=YEAR))
    assert founded in reasoner_input(graph)
    assert_consistent(graph)


def test_a_second_founding_year_makes_the_data_inconsistent() -> None:
    """The years reach HermiT: foundingYear is functional, so two values contradict."""
    graph = load_ontology(Settings().ontology_file) + Graph().parse(data=YEARS, format="turtle")
    graph.add((ID["cluster/c"], S3KG.foundingYear, Literal(2005, datatype=YEAR)))
    with pytest.raises(InconsistentOntologyError, match="inconsistent"):
        assert_consistent(graph)


def test_a_year_outside_the_owl2_map_is_refused_with_a_clear_message() -> None:
    graph = load_ontology(Settings().ontology_file)
    graph.add((ID["cluster/c"], S3KG.foundingYear, Literal("2004", datatype=GYEAR)))
    with pytest.raises(InputError, match=r"OWL 2 datatype map.*XMLSchema#gYear.*foundingYear"):
        reasoner_input(graph)
