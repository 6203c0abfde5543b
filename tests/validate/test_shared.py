"""check_shared: the root shapes shared out among forked processes give one process's report."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import SH

from s3kg.config import PROJECT_ROOT, Settings
from s3kg.errors import InputError
from s3kg.validate.findings import ValidationResult
from s3kg.validate.shacl import check_prepared, prepare_files, shape_files, shape_roots
from s3kg.validate.shared import check_shared, share_out, validate_paths
from s3kg.vocab.rdf import load_shapes

FIXTURES = PROJECT_ROOT / "tests" / "data" / "shapes"
SETTINGS = Settings()
# Violations of Core shapes, of SPARQL constraints (FactProvenance reads the facts graph) and
# blank-node focus nodes, spread over shapes that fall into different shares.
# Every shape's violating fixture at once (each shape has one, tests/validate/test_shapes.py).
INPUT = sorted(p for p in FIXTURES.iterdir() if p.suffix in (".ttl", ".trig"))


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return load_shapes(shape_files(SETTINGS))


def _keys(result: ValidationResult) -> list[tuple[str, ...]]:
    return [
        (f.severity, str(f.shape), str(f.focus), f.path, str(f.value), f.message)
        for f in result.findings
    ]


def test_two_processes_report_what_one_reports(shapes: Graph) -> None:
    prepared = prepare_files(INPUT, None, shapes, SETTINGS, "none")  # one parse: same blank nodes
    one = check_prepared(prepared, shapes)
    two = check_shared(prepared, shapes, 2)
    assert two.other_reports  # joined only when the report is asked for
    assert len({str(f.shape) for f in one.findings}) >= 90
    assert sorted(_keys(two)) == sorted(_keys(one))
    assert [f.severity for f in two.findings] == [f.severity for f in one.findings]
    assert isomorphic(two.report, one.report)  # one report node, the same results, conforms
    assert (two.conforms, two.graphs, two.notes) == (one.conforms, one.graphs, one.notes)


def test_a_conforming_share_does_not_make_the_report_conform(shapes: Graph) -> None:
    data = [FIXTURES / "Figure-value.ttl"]
    two = check_shared(prepare_files(data, None, shapes, SETTINGS, "none"), shapes, 2)
    assert not two.conforms
    assert [str(o) for o in two.report.objects(None, SH.conforms)] == ["false"]


def test_shares_are_balanced_and_cover_every_root_once(shapes: Graph) -> None:
    roots = shape_roots(shapes)
    shares = share_out(shapes, roots, 2)
    assert sorted(r for share in shares for r in share) == roots
    assert min(len(share) for share in shares) > len(roots) // 4
    assert share_out(shapes, roots[:1], 3) == [roots[:1]]  # no empty share


def test_blank_node_shapes_are_checked_in_one_process(tmp_path: Path) -> None:
    """Shapes with targets but no IRI cannot be named to a process (W3C suite style)."""
    (tmp_path / "shapes.ttl").write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
        "[] sh:targetNode <urn:a> ; sh:property [ sh:path <urn:p> ; sh:minCount 1 ] .\n"
        "[] sh:targetNode <urn:b> ; sh:property [ sh:path <urn:p> ; sh:minCount 1 ] .\n",
        encoding="utf-8",
    )
    (tmp_path / "data.ttl").write_text("<urn:a> <urn:q> 1 .\n", encoding="utf-8")
    with pytest.raises(InputError):
        shape_roots(load_shapes([tmp_path / "shapes.ttl"]))
    settings = Settings(validate_jobs=2)
    result = validate_paths(
        [str(tmp_path / "data.ttl")], settings, shapes=[str(tmp_path / "shapes.ttl")]
    )
    assert {str(f.focus) for f in result.findings} == {"urn:a", "urn:b"}


def test_a_share_that_fails_in_a_child_process_is_a_clear_error(shapes: Graph) -> None:
    """A SPARQL constraint pySHACL refuses, only in the share a child process checks."""
    child_share = share_out(shapes, shape_roots(shapes), 2)[1]
    broken = Graph()
    broken += shapes
    inner = [n for root in child_share for n in (root, *broken.objects(root, SH.property))]
    constraints = [c for node in inner for c in broken.objects(node, SH.sparql)]
    assert constraints
    for constraint in constraints:
        broken.set((constraint, SH.select, URIRef("urn:not-a-query")))
    prepared = prepare_files(INPUT, None, broken, SETTINGS, "none")
    with pytest.raises(InputError, match=r"shapes cannot be used|SPARQL"):
        check_shared(prepared, broken, 2)


def test_other_shapes_are_checked_in_one_process() -> None:
    """Regression: SHACL's own shapes checking themselves (the W3C suite's shacl-shacl test)
    gave 59 false violations when shared out: pySHACL's use_shapes does not gather every
    shape a shape refers to. Shapes given with --shapes now run in one process."""
    shacl_shacl = SETTINGS.w3c_dir / "shacl" / "core" / "complex" / "shacl-shacl-data-shapes.ttl"
    result = validate_paths(
        [str(shacl_shacl)], Settings(validate_jobs=2), shapes=[str(shacl_shacl)]
    )
    assert result.findings == [] and not result.other_reports
