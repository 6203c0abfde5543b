"""The ontology parses, meets the quality rules, and each rule demonstrably catches breakage."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph

from s3kg.build.ontology import (
    check_all,
    check_header,
    check_no_redefinition,
    check_properties,
    check_terms,
    load_ontology,
    own_terms,
)
from s3kg.config import Settings

DATA = Path(__file__).parent.parent / "data" / "ontology"


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return load_ontology(Settings().ontology_file)


@pytest.fixture(scope="module")
def broken() -> Graph:
    return Graph().parse(DATA / "broken_terms.ttl")


def test_real_ontology_has_no_quality_problems(ontology: Graph) -> None:
    problems = check_all(ontology)
    assert problems == [], "\n".join(map(str, problems))


def test_real_ontology_models_the_required_areas(ontology: Graph) -> None:
    names = {str(t).rsplit("#", 1)[1] for t in own_terms(ontology)}
    required = {
        "Cluster", "InnovativeTerritorialCluster", "InnovativeIndustrialCluster", "SMECluster",
        "WorkingCluster", "LatentCluster", "PotentialCluster", "EndogenousCluster",
        "IntentionalCluster", "SubCluster", "ClusterOrganisation", "Company", "SME",
        "University", "ResearchInstitute", "PublicAuthority", "Investor", "SupportOrganisation",
        "Region", "Country", "Sector", "StakeholderGroup", "Interest", "Precondition",
        "SuccessFactor", "MicroEffect", "MacroEffect", "leadsTo", "PolicyInstrument",
        "SmartSpecialisationPrinciple", "SmartSpecialisationStrategy", "Figure", "value",
        "refYear", "SourceDocument", "CitedWork", "Assertion", "TripleHelixCluster",
    }  # fmt: skip
    assert required <= names, sorted(required - names)


@pytest.mark.parametrize(
    ("check", "rule", "term"),
    [
        (check_terms, "annotation", "NoLabel"),
        (check_terms, "annotation", "TwoLabels"),
        (check_terms, "naming", "badClass"),
        (check_terms, "isDefinedBy", "noRange"),
        (check_properties, "range", "noRange"),
        (check_no_redefinition, "redefinition", "http://www.w3.org/ns/org#Organization"),
        (check_header, "header", "https://w3id.org/s3kg/ontology"),
    ],
    ids=["no-label", "two-labels", "class-naming", "no-isDefinedBy", "no-range", "redefinition",
         "header-incomplete"],
)
def test_each_rule_catches_its_breakage(broken: Graph, check, rule: str, term: str) -> None:  # type: ignore[no-untyped-def]
    found = [p for p in check(broken) if p.rule == rule and p.term == term]
    assert found, f"rule {rule} did not flag {term}"


def test_missing_ontology_file_is_a_clear_error(tmp_path: Path) -> None:
    from s3kg.errors import InputError

    with pytest.raises(InputError, match="not found"):
        load_ontology(tmp_path / "nope.ttl")


def test_unparsable_ontology_is_a_clear_error(tmp_path: Path) -> None:
    from s3kg.errors import InputError

    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix : <x> . :a :b ", encoding="utf-8")
    with pytest.raises(InputError, match="cannot parse"):
        load_ontology(bad)
