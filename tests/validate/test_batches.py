"""Validation in batches of focus nodes reports what pySHACL reports on the whole graph."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from rdflib import BNode
from rdflib.compare import isomorphic

from s3kg.config import PROJECT_ROOT, Settings
from s3kg.validate import batches
from s3kg.validate.findings import ValidationResult
from s3kg.validate.shared import validate_paths

FIXTURES = PROJECT_ROOT / "tests" / "data" / "shapes"
# Every shape's violating fixture at once (tests/validate/test_shapes.py), and the sample graph.
INPUT = sorted(str(p) for p in FIXTURES.iterdir() if p.suffix in (".ttl", ".trig"))
SAMPLE = str(PROJECT_ROOT / "tests" / "data" / "s3kg-sample.trig")


def _settings(batch: int, jobs: int = 1) -> Settings:
    """Batches of ``batch`` focus nodes however small the input (0: the whole graph)."""
    return dataclasses.replace(
        Settings(), validate_batch=batch, validate_jobs=jobs, validate_memory_mib=0
    )


def _keys(result: ValidationResult) -> list[tuple[str, ...]]:
    """The findings, blank nodes as one kind of node (each parse names them anew)."""

    def name(node: object) -> str:
        return "_:b" if isinstance(node, BNode) else str(node)

    return sorted(
        (f.severity, name(f.shape), name(f.focus), str(f.constraint), f.path, name(f.value),
         f.message)
        for f in result.findings
    )  # fmt: skip


@pytest.fixture(scope="module")
def whole() -> ValidationResult:
    return validate_paths(INPUT, _settings(0))


@pytest.mark.parametrize(("batch", "jobs"), [(20_000, 1), (1, 1), (7, 2)])
def test_batches_report_what_the_whole_graph_reports(
    whole: ValidationResult, batch: int, jobs: int
) -> None:
    result = validate_paths(INPUT, _settings(batch, jobs))
    assert len({str(f.shape) for f in whole.findings}) >= 90  # the fixtures violate every shape
    assert _keys(result) == _keys(whole)
    assert (result.conforms, result.graphs, result.notes) == (whole.conforms, whole.graphs,
                                                               whole.notes)  # fmt: skip
    assert len(set(result.report.subjects(None, None))) > 1
    assert result.report.value(predicate=batches.SH.conforms) == whole.report.value(
        predicate=batches.SH.conforms
    )


def test_the_sample_graph_in_batches() -> None:
    whole = validate_paths([SAMPLE], _settings(0))
    parts = validate_paths([SAMPLE], _settings(50, 2))
    assert _keys(parts) == _keys(whole) and whole.findings
    assert isomorphic(parts.report, whole.report)  # one report node, the same results


SHAPES = """@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<urn:s:Digits> a sh:NodeShape ; sh:targetSubjectsOf <urn:n> ;
  sh:property [ sh:path <urn:n> ; sh:pattern "^[1-9]" ; sh:datatype xsd:integer ] .
<urn:s:Amounts> a sh:NodeShape ; sh:targetObjectsOf <urn:amount> ;
  sh:in ( "1.50"^^xsd:decimal "2"^^xsd:decimal ) .
<urn:s:Counts> a sh:NodeShape ; sh:targetSubjectsOf <urn:count> ;
  sh:property [ sh:path <urn:count> ; sh:datatype xsd:integer ] .
"""
DATA = """@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<urn:a> <urn:n> "05"^^xsd:integer .
<urn:b> <urn:n> "5"^^xsd:integer, "05"^^xsd:integer .
<urn:c> <urn:n> "7"^^xsd:int .
<urn:d> <urn:amount> "1.50"^^xsd:decimal, "2.0"^^xsd:decimal, "1.5"^^xsd:decimal .
<urn:e> <urn:count> "3"^^xsd:nonNegativeInteger .
<urn:f> <urn:count> "4"^^xsd:nonNegativeInteger .
"""


def test_literals_are_checked_as_written(tmp_path: Path) -> None:
    """Oxigraph keeps "05"^^xsd:integer as "5", "7"^^xsd:int as "7"^^xsd:integer and
    "2.0"^^xsd:decimal as "2": Core constraints must still see what the file wrote
    (regression: the batches reported the canonical forms). <urn:n> has integers of two
    types (kept per triple), <urn:count> only xsd:nonNegativeInteger (kept per predicate)."""
    (tmp_path / "shapes.ttl").write_text(SHAPES, encoding="utf-8")
    (tmp_path / "data.ttl").write_text(DATA, encoding="utf-8")
    args = ([str(tmp_path / "data.ttl")],)
    shapes = [str(tmp_path / "shapes.ttl")]
    whole = validate_paths(*args, _settings(0), shapes=shapes)
    parts = validate_paths(*args, _settings(1), shapes=shapes)
    assert _keys(parts) == _keys(whole)
    values = {str(f.value) for f in whole.findings}
    # rdflib itself reads "05"^^xsd:integer as "5"; the others stay as written
    assert {"7", "2.0", "1.5", "3", "4"} <= values and "1.50" not in values
    counts = [f.value for f in parts.findings if "count" in f.path]
    assert {str(v.datatype).rsplit("#")[-1] for v in counts} == {"nonNegativeInteger"}


def test_a_query_that_needs_the_whole_graph_is_answered_on_it(tmp_path: Path) -> None:
    """BOUND($this) is left to rdflib's engine (s3kg.validate.engine), which would see only a
    batch's subgraph: the validation goes back to the whole graph."""
    (tmp_path / "shapes.ttl").write_text(
        """@prefix sh: <http://www.w3.org/ns/shacl#> .
<urn:s> a sh:NodeShape ; sh:targetSubjectsOf <urn:p> ; sh:sparql [
  sh:select "SELECT $this WHERE { ?x <urn:p> ?y . FILTER(BOUND($this) && ?y = $this) }" ] .
""", encoding="utf-8")  # fmt: skip
    (tmp_path / "data.ttl").write_text("<urn:a> <urn:p> <urn:a> .\n<urn:b> <urn:p> <urn:c> .\n")
    said: list[str] = []
    shapes = [str(tmp_path / "shapes.ttl")]
    result = validate_paths(
        [str(tmp_path / "data.ttl")], _settings(1, 2), shapes=shapes, progress=said.append
    )
    assert [str(f.focus) for f in result.findings] == ["urn:a"]
    assert any("needs the whole graph" in line for line in said)


def test_blank_nodes_of_two_files_stay_apart(tmp_path: Path) -> None:
    (tmp_path / "shapes.ttl").write_text(
        """@prefix sh: <http://www.w3.org/ns/shacl#> .
<urn:s> a sh:NodeShape ; sh:targetSubjectsOf <urn:p> ;
  sh:property [ sh:path <urn:p> ; sh:maxCount 1 ] .
""", encoding="utf-8")  # fmt: skip
    for name in ("a", "b"):
        (tmp_path / f"{name}.ttl").write_text(f'_:x <urn:p> "{name}" .\n', encoding="utf-8")
    files = [str(tmp_path / "a.ttl"), str(tmp_path / "b.ttl")]
    result = validate_paths(files, _settings(1), shapes=[str(tmp_path / "shapes.ttl")])
    assert result.conforms and not result.findings


def test_a_graph_too_large_for_the_memory_budget_goes_in_batches(tmp_path: Path) -> None:
    from s3kg.validate.shared import _in_batches

    data = tmp_path / "data.nt"  # 1,000 triples of ~100 bytes: about 2 MiB by the estimate
    data.write_text("".join(f"<urn:x:{i:05}> <urn:p> \"{'v' * 70}\" .\n" for i in range(1000)))
    assert not _in_batches([data], None, Settings(validate_memory_mib=4096))
    assert _in_batches([data], None, Settings(validate_memory_mib=1))
    assert not _in_batches([data], None, Settings(validate_memory_mib=1, validate_batch=0))
    assert _in_batches([data], "ttl", Settings(validate_memory_mib=4))  # denser: more triples
    assert not _in_batches([data], None, Settings(validate_memory_mib=4))
