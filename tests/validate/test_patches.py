"""s3kg's changes to pySHACL change how it works, never the report graph it makes."""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator
from typing import Any

import pyshacl
import pytest
from pyshacl.constraints.constraint_component import ConstraintComponent
from rdflib import Graph
from rdflib.compare import isomorphic

from s3kg.validate import patches

SHAPES = """@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<urn:s:Thing> a sh:NodeShape ; sh:targetSubjectsOf <urn:p> ;
  sh:property [ sh:path <urn:p> ; sh:maxCount 1 ; sh:datatype xsd:integer ] ;
  sh:sparql [ sh:message "{$this} points at itself" ;
              sh:select "SELECT $this WHERE { $this <urn:p> $this }" ] .
"""
DATA = """<urn:a> <urn:p> 1, 2 .
<urn:b> <urn:p> <urn:b> .
_:c <urn:p> "three" .
"""


def _original(name: str) -> Any:
    """pySHACL's own method, from a fresh copy of its module (this process may be patched)."""
    spec = importlib.util.find_spec("pyshacl.constraints.constraint_component")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return getattr(module.ConstraintComponent, name)


@pytest.fixture
def unpatched() -> Iterator[None]:
    patched = ConstraintComponent.make_v_result_description
    ConstraintComponent.make_v_result_description = _original("make_v_result_description")  # type: ignore[method-assign]
    yield
    ConstraintComponent.make_v_result_description = patched  # type: ignore[method-assign]


def _validate() -> tuple[Graph, str]:
    data = Graph().parse(data=DATA, format="turtle")
    shapes = Graph().parse(data=SHAPES, format="turtle")
    _, report, text = pyshacl.validate(data, shacl_graph=shapes)
    return report, text


def test_the_report_graph_is_pyshacls_without_the_text_descriptions(unpatched: None) -> None:
    report, text = _validate()
    patches.apply()
    patched_report, patched_text = _validate()
    assert len(report) > 20 and "Focus Node" in text  # four results, described
    assert isomorphic(report, patched_report)
    assert "Focus Node" not in patched_text
