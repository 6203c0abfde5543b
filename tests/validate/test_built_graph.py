"""The real graph, built once per session (tests/conftest.py), has no SHACL violation."""

from __future__ import annotations

import json

import pytest

from s3kg.config import Release, Settings
from s3kg.validate.completeness import completeness_report
from s3kg.validate.shacl import validate_files

pytestmark = pytest.mark.slow


def test_the_build_validated_the_graph_and_found_no_violation(built_release: Release) -> None:
    report = json.loads((built_release.graph_file.parent / "build.json").read_text("utf-8"))
    validation = report["validation"]
    assert isinstance(validation, dict), validation
    assert validation["conforms"] is True
    assert validation["violations"] == 0


def test_the_published_graph_conforms_with_all_its_graphs(built_release: Release) -> None:
    """``s3kg validate`` also checks the mentions graph, which the build skips for speed."""
    result = validate_files([built_release.graph_file], Settings())
    violations = [f for f in result.findings if f.severity == "Violation"]
    assert violations == [], result.brief()
    assert any(name.endswith("/mentions") for name in result.graphs)


def test_completeness_of_the_real_graph(built_release: Release) -> None:
    report = completeness_report(built_release.graph_file.parent, Settings())
    classes = {c.iri.rsplit("#", 1)[-1]: c for c in report.classes if c.in_ontology}
    for name in ("Cluster", "SourceDocument", "Figure", "Assertion", "Factor"):
        assert classes[name].instances > 0
    required = [p for c in report.classes for p in c.properties if p.level == "required"]
    assert required and all(p.share == 1.0 for p in required)
