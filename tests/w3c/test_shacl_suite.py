"""The W3C SHACL test suite (core and SHACL-SPARQL), run through ``s3kg validate``.

The manifests in ``Settings().w3c_dir / "shacl"`` name, for each approved test, a data graph,
a shapes graph (usually both the test file itself) and the expected ``sh:ValidationReport``,
or ``sht:Failure`` when a validator must refuse the shapes. Each test runs the command users
run, ``s3kg validate DATA --shapes SHAPES --output turtle``, and compares its report the way
the W3C implementation reports do: ``sh:conforms`` and the results keyed by focus node,
result path, severity, source constraint component, source shape and value (messages
ignored). Blank nodes are compared by structure where the report has it: a result path or a
shape's ``sh:path`` by its SPARQL path text; other blank nodes only as "a blank node".
A failure is exit status 2 (the input cannot be used).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest
from click.testing import CliRunner
from rdflib import BNode, Graph, Literal, Namespace
from rdflib.collection import Collection
from rdflib.namespace import RDF, SH
from rdflib.term import Node

from s3kg.cli import main
from s3kg.config import Settings
from s3kg.validate.findings import path_text

SUITE = Settings().w3c_dir / "shacl"
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
SHT = Namespace("http://www.w3.org/ns/shacl-test#")

# Known failures: test (path below the suite, no extension) -> reason. pySHACL, the engine,
# fails these two as well (the suite's README).
EXPECTED_FAILURES: dict[str, str] = {
    "core/property/uniqueLang-002": 'pySHACL reads sh:uniqueLang "1"^^xsd:boolean as true and '
    "reports the two @en values; the suite expects only the literal true to activate it",
    "sparql/pre-binding/shapesGraph-001": "pySHACL does not pre-bind $shapesGraph (no "
    "shapes graph is exposed to queries as a named graph)",
}

ResultKey = tuple[str, ...]


@dataclass(frozen=True)
class Case:
    name: str  # e.g. sparql/pre-binding/pre-binding-002
    data: Path
    shapes: Path
    failure: bool  # the validator must refuse the input (exit status 2)
    conforms: bool
    results: Counter[ResultKey]


def _path(iri: Node) -> Path:
    return Path(unquote(urlparse(str(iri)).path))


def _parse(path: Path) -> Graph:
    return Graph().parse(path, format="turtle", publicID=path.as_uri())


def _manifests(path: Path) -> Iterator[Graph]:
    graph = _parse(path)
    yield graph
    for include in graph.objects(None, MF.include):
        yield from _manifests(_path(include))


def _cases() -> Iterator[Case]:
    for graph in _manifests(SUITE / "manifest.ttl"):
        for entries in graph.objects(None, MF.entries):
            for test in Collection(graph, entries):  # type: ignore[arg-type]
                if (test, MF.status, SHT.approved) not in graph:
                    continue
                action, expected = graph.value(test, MF.action), graph.value(test, MF.result)
                data = _path(graph.value(action, SHT.dataGraph))  # type: ignore[arg-type]
                shapes = _path(graph.value(action, SHT.shapesGraph))  # type: ignore[arg-type]
                failure = expected == SHT.Failure
                yield Case(
                    name=str(_path(test).relative_to(SUITE)).removesuffix(".ttl"),
                    data=data,
                    shapes=shapes,
                    failure=failure,
                    conforms=not failure and _conforms(graph, expected),
                    results=Counter() if failure else _results(graph, expected),
                )


def _conforms(graph: Graph, report: Node | None) -> bool:
    value = graph.value(report, SH.conforms)  # type: ignore[arg-type]
    return isinstance(value, Literal) and bool(value.toPython())


def _results(graph: Graph, report: Node | None) -> Counter[ResultKey]:
    return Counter(
        tuple(
            _term(graph, graph.value(result, field), field)
            for field in (
                SH.focusNode,
                SH.resultPath,
                SH.resultSeverity,
                SH.sourceConstraintComponent,
                SH.sourceShape,
                SH.value,
            )
        )
        for result in graph.objects(report, SH.result)  # type: ignore[arg-type]
    )


def _term(graph: Graph, node: Node | None, field: Node) -> str:
    """A term as comparable text; blank nodes by the structure both reports have."""
    if not isinstance(node, BNode):
        return "" if node is None else node.n3()
    if field == SH.resultPath:
        return "_:path " + path_text(graph, node)
    shape_path = graph.value(node, SH.path)
    return "_:" + ("" if shape_path is None else " shape on " + path_text(graph, shape_path))


def _params() -> list[object]:
    if not (SUITE / "manifest.ttl").is_file():
        return [pytest.param(None, marks=pytest.mark.skip(reason=f"no W3C suite in {SUITE}"))]
    params = []
    for case in _cases():
        marks = []
        if case.name in EXPECTED_FAILURES:
            marks.append(pytest.mark.xfail(reason=EXPECTED_FAILURES[case.name], strict=True))
        params.append(pytest.param(case, id=case.name, marks=marks))
    return params


def test_the_suite_is_all_there() -> None:
    if not (SUITE / "manifest.ttl").is_file():
        pytest.skip(f"no W3C suite in {SUITE}")
    assert len(list(_cases())) == 120  # the approved tests of the suite's commit


# `s3kg validate` checks a graph too large for memory in batches of focus nodes, each on its
# subgraph (s3kg.validate.batches), and a smaller one whole: the suite runs both ways, and
# with one focus node per batch, which shows that a batch's subgraph holds what its checks read.
MODES = {"batches": "20000", "one-node-batches": "1", "whole-graph": "0"}


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("case", _params())
def test_shacl_suite(case: Case, mode: str) -> None:
    args = ["validate", str(case.data), "--shapes", str(case.shapes), "--output", "turtle",
            "--batch", MODES[mode]]  # fmt: skip
    run = CliRunner().invoke(main, args)
    if case.failure:
        assert run.exit_code == 2, f"the shapes should be refused; exit {run.exit_code}"
        return
    assert run.exit_code in (0, 1), run.output
    report = Graph().parse(data=run.stdout, format="turtle")
    (node,) = report.subjects(RDF.type, SH.ValidationReport)
    assert _conforms(report, node) == case.conforms
    assert _results(report, node) == case.results
