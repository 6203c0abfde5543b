"""HermiT finds the ontology consistent, classifies data with the defined classes, and
reports contradictions."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.namespace import RDF

from s3kg.build.ontology import load_ontology
from s3kg.build.reasoning import (
    InconsistentOntologyError,
    assert_consistent,
    java_available,
    run_reasoner,
)
from s3kg.config import Settings
from s3kg.vocab.namespaces import ID, S3KG

pytestmark = pytest.mark.skipif(not java_available(), reason="HermiT needs Java on PATH")
DATA = Path(__file__).parent.parent / "data" / "ontology"

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
