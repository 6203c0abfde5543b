"""Validation in batches of focus nodes reports what pySHACL reports on the whole graph."""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path
from typing import Any

import pytest
from rdflib import BNode
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, SH

from s3kg.config import PROJECT_ROOT, Settings
from s3kg.errors import InputError, S3kgError
from s3kg.validate import batches, spool
from s3kg.validate.findings import ValidationResult, findings_of
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
        (f.severity, name(f.shape), name(f.focus), name(f.constraint), f.path, name(f.value),
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
    # the joined report holds the same results (paths compared as SPARQL path text: a
    # batch's report has its own copy of a shape's path list)
    joined = dataclasses.replace(result, findings=findings_of(result.report))
    assert _keys(joined) == _keys(whole)
    assert len(set(result.report.subjects(RDF.type, SH.ValidationReport))) == 1


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


@pytest.mark.parametrize(
    "select",
    [
        # BOUND($this) is left to rdflib's engine (s3kg.validate.engine): found in the text
        "SELECT $this WHERE { ?x <urn:p> ?y . FILTER(BOUND($this) && ?y = $this) }",
        # Oxigraph refuses a pre-bound variable the SELECT does not project: found as it runs
        "SELECT ?y WHERE { $this <urn:p> ?y . FILTER(?y = $this) }",
    ],
)
def test_a_query_that_needs_the_whole_graph_is_answered_on_it(tmp_path: Path, select: str) -> None:
    """rdflib's engine would see only a batch's subgraph: the whole graph is validated."""
    files, shapes = _files(tmp_path, "<urn:a> <urn:p> <urn:a> .\n<urn:b> <urn:p> <urn:c> .",
                           "<urn:s> a sh:NodeShape ; sh:targetSubjectsOf <urn:p> ;"
                           f' sh:sparql [ sh:select "{select}" ] .')  # fmt: skip
    said: list[str] = []
    result = validate_paths(files, _settings(1, 2), shapes=shapes, progress=said.append)
    assert _keys(result) == _keys(validate_paths(files, _settings(0), shapes=shapes))
    assert any("not in batches" in note for note in result.notes)
    assert any("whole graph in memory" in line for line in said)


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

    data = tmp_path / "data.nt"  # 1,000 triples of ~100 bytes: about 2.6 MiB by the estimate
    data.write_text("".join(f"<urn:x:{i:05}> <urn:p> \"{'v' * 70}\" .\n" for i in range(1000)))
    assert not _in_batches([data], None, Settings(validate_memory_mib=4096))
    assert _in_batches([data], None, Settings(validate_memory_mib=1))
    assert not _in_batches([data], None, Settings(validate_memory_mib=1, validate_batch=0))
    assert _in_batches([data], "ttl", Settings(validate_memory_mib=4))  # denser: more triples
    assert not _in_batches([data], None, Settings(validate_memory_mib=4))


TTL = """@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
"""
CHAIN = "".join(f"<urn:n{i}> <urn:next> <urn:n{i + 1}> .\n" for i in range(3000))
# Regressions found in review, each a difference between batches and the whole graph:
# (data, shapes). Every one failed before its fix.
CASES = {
    "an owl:Class shape targets its instances (pySHACL's implicit class targets)": (
        '<urn:x1> a <urn:C> ; <urn:p> "a" . <urn:x2> a <urn:C> . <urn:z> <urn:r> <urn:x1> .',
        "<urn:C> a owl:Class, sh:NodeShape ; sh:property [ sh:path <urn:p> ; sh:minCount 1 ] .\n"
        "<urn:Z> a sh:NodeShape ; sh:targetSubjectsOf <urn:r> ;"
        " sh:property [ sh:path <urn:r> ; sh:class <urn:C> ] .",
    ),
    "a class with a SHACL property is a shape only where pySHACL says so": (
        '<urn:y1> a <urn:D> ; <urn:p> "b" .', "<urn:D> a rdfs:Class ; sh:closed true .",
    ),
    "two written forms of one literal are one focus node": (
        '<urn:a> <urn:n> "05"^^xsd:integer . <urn:b> <urn:n> "5"^^xsd:integer .',
        "<urn:s> a sh:NodeShape ; sh:targetObjectsOf <urn:n> ; sh:datatype xsd:string .",
    ),
    "integers of two types on one triple are both kept": (
        '<urn:a> <urn:q> "3"^^xsd:nonNegativeInteger, "03"^^xsd:integer .\n'
        '<urn:b> <urn:q> "4"^^xsd:nonNegativeInteger .',
        "<urn:s> a sh:NodeShape ; sh:targetSubjectsOf <urn:q> ; sh:property [ sh:path <urn:q> ;"
        " sh:maxCount 1 ; sh:datatype xsd:nonNegativeInteger ] .",
    ),
    "an ill-typed integer keeps its type": (
        '<urn:a> <urn:q> "3"^^xsd:nonNegativeInteger . <urn:b> <urn:q> "abc"^^xsd:integer .',
        "<urn:s> a sh:NodeShape ; sh:targetSubjectsOf <urn:q> ;"
        " sh:property [ sh:path <urn:q> ; sh:datatype xsd:nonNegativeInteger ] .",
    ),
    "literals that look canonical but are not": (
        '<urn:a> <urn:d> "-0"^^xsd:decimal . <urn:b> <urn:t> "2020-01-01T24:00:00"^^xsd:dateTime .',
        "<urn:s> a sh:NodeShape ; sh:targetObjectsOf <urn:d>, <urn:t> ;"
        ' sh:pattern "^(-|2020-01-01)" .',
    ),
    'sh:closed "true" closes the shape': (
        "<urn:a> <urn:p> 1 ; <urn:other> 2 .",
        '<urn:s> a sh:NodeShape ; sh:targetSubjectsOf <urn:p> ; sh:closed "true" ;'
        " sh:property [ sh:path <urn:p> ] .",
    ),
    # Regression: the parser names [] anew on each reading, so the second reading (for the
    # literals' written forms) found none of them and the batches saw "5"^^xsd:integer.
    "anonymous blank nodes keep their literals as written": (
        '<urn:a> <urn:q> "4"^^xsd:integer . [] <urn:q> "5"^^xsd:nonNegativeInteger .\n'
        '[ <urn:q> "6"^^xsd:nonNegativeInteger, "06"^^xsd:integer ] .',
        "<urn:s> a sh:NodeShape ; sh:targetSubjectsOf <urn:q> ;"
        " sh:property [ sh:path <urn:q> ; sh:datatype xsd:integer ] .",
    ),
    "a recursive shape on a long chain": (
        CHAIN, "<urn:S> a sh:NodeShape ; sh:targetNode <urn:n0> ;"
        " sh:property [ sh:path <urn:next> ; sh:maxCount 1 ; sh:node <urn:S> ] .",
    ),
}  # fmt: skip


def _files(tmp_path: Path, data: str, shapes: str) -> tuple[list[str], list[str]]:
    (tmp_path / "data.ttl").write_text(TTL + data + "\n", encoding="utf-8")
    (tmp_path / "shapes.ttl").write_text(TTL + shapes + "\n", encoding="utf-8")
    return [str(tmp_path / "data.ttl")], [str(tmp_path / "shapes.ttl")]


@pytest.mark.parametrize("case", CASES)
def test_batches_give_the_whole_graphs_results(tmp_path: Path, case: str) -> None:
    files, shapes = _files(tmp_path, *CASES[case])
    whole = validate_paths(files, _settings(0), shapes=shapes)
    parts = validate_paths(files, _settings(1, 2), shapes=shapes)
    assert _keys(parts) == _keys(whole)
    assert parts.conforms == whole.conforms


def test_shapes_refused_with_no_focus_node_are_refused_in_batches(tmp_path: Path) -> None:
    files, shapes = _files(tmp_path, "<urn:a> <urn:p> 1 .", "<urn:s> a sh:NodeShape ;"
                           " sh:targetClass <urn:Nothing> ; sh:path <urn:p> .")  # fmt: skip
    for batch in (0, 1):
        with pytest.raises(InputError, match="shapes cannot be used"):
            validate_paths(files, _settings(batch), shapes=shapes)


def test_the_report_describes_blank_nodes_as_the_whole_graphs_does(tmp_path: Path) -> None:
    files, shapes = _files(
        tmp_path, '_:x <urn:p> "a" ; <urn:label> "read by no shape" ; <urn:q> [ <urn:deep> 1 ] .',
        "<urn:s> a sh:NodeShape ; sh:targetSubjectsOf <urn:p> ;"
        " sh:property [ sh:path <urn:p> ; sh:datatype xsd:integer ] .",
    )  # fmt: skip
    whole = validate_paths(files, _settings(0), shapes=shapes)
    parts = validate_paths(files, _settings(1), shapes=shapes)
    assert len(whole.report) > 12 and isomorphic(parts.report, whole.report)


def test_asking_oxigraph_for_canonical_forms_does_not_pile_up() -> None:
    """Regression: the scratch store kept every removed quad's version and one subject for
    all, so each question scanned all earlier ones and 10^7 quads never finished loading."""
    import pyoxigraph as ox

    from s3kg.validate import ondisk

    canonical = ondisk._Canonical()
    xsd = "http://www.w3.org/2001/XMLSchema#"
    for i in range(ondisk._PER_STORE + 10):
        assert canonical.changes(ox.Literal(str(i), datatype=ox.NamedNode(xsd + "short")))
    assert len(canonical._store) <= ondisk._PER_STORE
    assert canonical.of(ox.Literal("07", datatype=ox.NamedNode(xsd + "short"))).value == "7"


def test_the_store_and_the_batches_results_are_removed_at_the_end(tmp_path: Path) -> None:
    settings = dataclasses.replace(_settings(3, 2), var_dir=tmp_path)  # 4 batches, 2 processes
    result = validate_paths([SAMPLE], settings)
    assert _keys(result) == _keys(validate_paths([SAMPLE], _settings(0)))  # read back in time
    assert list((tmp_path / "tmp").iterdir()) == []


def test_a_failing_process_fails_the_validation_and_leaves_nothing_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    parent, check = os.getpid(), batches._check_batch

    def failing_in_the_child(*args: Any) -> Any:
        if os.getpid() != parent:
            raise RuntimeError("a bug in the child")
        return check(*args)

    monkeypatch.setattr(batches, "_check_batch", failing_in_the_child)
    settings = dataclasses.replace(_settings(3, 2), var_dir=tmp_path)
    with pytest.raises(RuntimeError, match="a bug in the child"):
        validate_paths([SAMPLE], settings)
    assert list((tmp_path / "tmp").iterdir()) == []


def test_results_lost_on_the_way_are_an_error_not_fewer_results(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write, written = spool.write_part, []

    def losing_the_first(path: Path, part: Any) -> None:  # each process loses its first part
        if written:
            write(path, part)
        written.append(path)

    monkeypatch.setattr(spool, "write_part", losing_the_first)
    settings = dataclasses.replace(_settings(3, 2), var_dir=tmp_path)
    with pytest.raises(S3kgError, match="2 of 4 batches' results were read back"):
        validate_paths([SAMPLE], settings)
