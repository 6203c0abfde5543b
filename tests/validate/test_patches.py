"""s3kg's changes to pySHACL change how it works, never the report graph it makes."""

from __future__ import annotations

import pyshacl
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


def _validate() -> tuple[Graph, str]:
    data = Graph().parse(data=DATA, format="turtle")
    shapes = Graph().parse(data=SHAPES, format="turtle")
    _, report, text = pyshacl.validate(data, shacl_graph=shapes)
    return report, text


def test_the_report_graph_is_pyshacls_without_the_text_descriptions() -> None:
    report, text = _validate()
    with patches.no_text_report():
        patched_report, patched_text = _validate()
    _, after_text = _validate()
    assert len(report) > 20 and "Focus Node" in text  # four results, described
    assert isomorphic(report, patched_report)
    assert "Focus Node" not in patched_text
    assert "Focus Node" in after_text  # another caller of pySHACL still gets its text


def test_overlapping_blocks_leave_pyshacls_text_report_in_place() -> None:
    # Regression: a second block entered before the first ended restored the patch itself.
    first, second = patches.no_text_report(), patches.no_text_report()
    first.__enter__()
    second.__enter__()
    first.__exit__(None, None, None)
    assert "Focus Node" not in _validate()[1]  # the second block is still open
    second.__exit__(None, None, None)
    assert "Focus Node" in _validate()[1]
