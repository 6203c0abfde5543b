"""shapes/identifiers.ttl: every shape has a message, a comment and a violating fixture."""

from __future__ import annotations

import re

import pyshacl
import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS, SH

from s3kg.config import Settings
from s3kg.validate.shacl import shape_files, validate_files
from s3kg.vocab.external import CODE_PATTERNS, NACE_NOTATION_PATTERN

from .conftest import ROOT

SHAPES = ROOT / "shapes" / "identifiers.ttl"
FIXTURES = ROOT / "tests" / "data" / "shapes"
_KINDS = (SH.NodeShape, SH.PropertyShape, SH.SPARQLConstraint)


def _names() -> list[str]:
    g = Graph().parse(SHAPES)
    named = {s for kind in _KINDS for s in g.subjects(RDF.type, kind) if isinstance(s, URIRef)}
    return sorted(str(s).split("#", 1)[1] for s in named)


def test_every_shape_has_a_message_a_comment_and_a_fixture() -> None:
    g = Graph().parse(SHAPES)
    for name in _names():
        shape = URIRef(f"https://w3id.org/s3kg/shapes#{name}")
        assert g.value(shape, SH.message) is not None, name
        assert g.value(shape, RDFS.comment) is not None, name
        assert (FIXTURES / f"{name}.ttl").is_file(), name


def _sources(report: Graph) -> set[str]:
    found = set()
    for result in report.subjects(RDF.type, SH.ValidationResult):
        for prop in (SH.sourceShape, SH.sourceConstraint):
            found.add(str(report.value(result, prop)))
    return found


@pytest.mark.parametrize("name", _names())
def test_each_fixture_violates_its_shape(name: str) -> None:
    """Plain pySHACL on this file's shapes, the fixture and the ontology."""
    data = Graph().parse(FIXTURES / f"{name}.ttl")
    data += Graph().parse(Settings().ontology_file)
    _, report, _ = pyshacl.validate(data, shacl_graph=Graph().parse(SHAPES))
    assert isinstance(report, Graph)
    assert f"https://w3id.org/s3kg/shapes#{name}" in _sources(report)


@pytest.mark.slow
@pytest.mark.parametrize("name", ["Code-isoSubdivision", "Place-sameAs", "Sector-naceTarget"])
def test_the_project_validator_reports_the_fixtures(name: str) -> None:
    settings = Settings()
    result = validate_files([FIXTURES / f"{name}.ttl"], settings, shapes=shape_files(settings))
    assert any(str(f.shape).endswith(f"#{name}") for f in result.findings)


def test_the_code_patterns_agree_with_the_code() -> None:
    text = SHAPES.read_text(encoding="utf-8")
    for pattern in CODE_PATTERNS.values():
        assert f'sh:pattern "{pattern}"' in text, pattern
    assert re.match(NACE_NOTATION_PATTERN, "01.11") and not re.match(NACE_NOTATION_PATTERN, "011")
