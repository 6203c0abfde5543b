"""check_shared: the root shapes shared out among forked processes give one process's report."""

from __future__ import annotations

import dataclasses
import multiprocessing
import os
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import SH

from s3kg.config import PROJECT_ROOT, Settings
from s3kg.errors import InputError, S3kgError
from s3kg.validate.findings import Finding, ValidationResult
from s3kg.validate.shacl import (
    PreparedData,
    check_prepared,
    prepare_files,
    shape_files,
    shape_roots,
)
from s3kg.validate.shared import check_shared, share_out, shares_for, validate_paths
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


@pytest.mark.parametrize("share", [0, 1])
def test_results_of_one_share_make_the_report_not_conform(shapes: Graph, share: int) -> None:
    """A fixture whose results all come from the shapes of one share (the parent's, then the
    child's): the other share's report conforms, the joined one does not."""
    prepared = next(
        (prepared for fixture in sorted(FIXTURES.glob("*.ttl"))
         if _from_one_share(prepared := prepare_files([fixture], None, shapes, SETTINGS, "none"),
                            shapes, share)),
        None,
    )  # fmt: skip
    assert prepared is not None, f"no fixture whose results all come from share {share}"
    two = check_shared(prepared, shapes, 2)
    assert not two.conforms
    assert [str(o) for o in two.own_report.objects(None, SH.conforms)] == [str(share != 0).lower()]
    assert [str(o) for o in two.report.objects(None, SH.conforms)] == ["false"]


def _from_one_share(prepared: PreparedData, shapes: Graph, share: int) -> bool:
    """Whether the data violate some shape, and all their results come from ``share``."""
    findings = check_prepared(prepared, shapes).findings
    shares = shares_for(prepared, shapes, 2)
    return any(f.severity == "Violation" for f in findings) and {
        f.shape for f in findings} <= set(shares[share])  # fmt: skip


def test_each_root_alone_gives_its_own_results_whatever_the_split(shapes: Graph) -> None:
    """Shares depend on the data (their focus nodes): any split must give one run's results."""
    prepared = prepare_files(INPUT, None, shapes, SETTINGS, "none")
    whole = check_prepared(prepared, shapes)
    roots = shape_roots(shapes)
    alone = [f for root in roots for f in check_prepared(prepared, shapes, [root]).findings]
    assert sorted(_keys(dataclasses.replace(whole, findings=alone))) == sorted(_keys(whole))


def test_a_shape_with_an_implicit_class_target_keeps_the_validation_in_one_process(
    tmp_path: Path,
) -> None:
    (tmp_path / "shapes.ttl").write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        "<urn:S1> sh:targetNode <urn:a> ; sh:property [ sh:path <urn:p> ; sh:minCount 1 ] .\n"
        "<urn:S2> sh:targetNode <urn:b> ; sh:property [ sh:path <urn:p> ; sh:minCount 1 ] .\n"
        "<urn:C> a sh:NodeShape, rdfs:Class ; sh:property [ sh:path <urn:q> ; sh:maxCount 0 ] .\n",
        encoding="utf-8",
    )
    data = "<urn:a> <urn:p> 1 . <urn:b> <urn:p> 2 . <urn:c> a <urn:C> ; <urn:q> 3 .\n"
    (tmp_path / "data.ttl").write_text(data, encoding="utf-8")
    shapes = load_shapes([tmp_path / "shapes.ttl"])
    prepared = prepare_files([tmp_path / "data.ttl"], None, shapes, SETTINGS, "none")
    assert shares_for(prepared, shapes, 2) == [[]]
    result = check_shared(prepared, shapes, 2)
    assert [str(f.focus) for f in result.findings] == ["urn:c"]


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
    shapes = load_shapes([tmp_path / "shapes.ttl"])
    prepared = prepare_files([tmp_path / "data.ttl"], None, shapes, SETTINGS, "none")
    result = check_shared(prepared, shapes, 2)
    assert {str(f.focus) for f in result.findings} == {"urn:a", "urn:b"}
    assert not result.other_reports


def test_a_share_that_fails_in_a_child_process_is_a_clear_error(shapes: Graph) -> None:
    """A SPARQL constraint pySHACL refuses, only in the share a child process checks."""
    prepared = prepare_files(INPUT, None, shapes, SETTINGS, "none")
    child_share = shares_for(prepared, shapes, 2)[1]
    broken = Graph()
    broken += shapes
    inner = [n for root in child_share for n in (root, *broken.objects(root, SH.property))]
    constraints = [c for node in inner for c in broken.objects(node, SH.sparql)]
    assert constraints
    for constraint in constraints:
        broken.set((constraint, SH.select, URIRef("urn:not-a-query")))
    assert shares_for(prepared, broken, 2)[1] == child_share  # the queries do not weigh
    with pytest.raises(InputError, match=r"shapes cannot be used|SPARQL"):
        check_shared(prepared, broken, 2)


def test_other_shapes_are_checked_in_one_process() -> None:
    """Regression: SHACL's own shapes checking themselves (the W3C suite's shacl-shacl test)
    gave 59 false violations when shared out: pySHACL's use_shapes does not gather every
    shape a shape refers to. Shapes given with --shapes now run in one process."""
    shacl_shacl = SETTINGS.w3c_dir / "shacl" / "core" / "complex" / "shacl-shacl-data-shapes.ttl"
    if not shacl_shacl.is_file():
        pytest.skip(f"the W3C SHACL suite is not at {shacl_shacl.parent}")
    result = validate_paths(
        [str(shacl_shacl)], Settings(validate_jobs=2, validate_batch=0), shapes=[str(shacl_shacl)]
    )
    assert result.findings == [] and not result.other_reports
    # in batches no shape is named to a process: every batch checks every shape
    in_batches = Settings(validate_jobs=2, validate_batch=1, validate_memory_mib=0)
    assert validate_paths([str(shacl_shacl)], in_batches, shapes=[str(shacl_shacl)]).findings == []


def _findings(fixture: Path, shapes: Graph) -> list[Finding]:
    return check_prepared(prepare_files([fixture], None, shapes, SETTINGS, "none"), shapes).findings


def test_blank_nodes_of_two_files_stay_apart_in_sparql_constraints(tmp_path: Path) -> None:
    """Files are read straight into the Oxigraph copy (``add_files_to_data_graph``): each
    file's blank nodes must get its prefix there too, or ``_:x`` of two files is one node
    and a SPARQL constraint reports it once."""
    (tmp_path / "shapes.ttl").write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
        "<urn:S> a sh:NodeShape ; sh:targetSubjectsOf <urn:p> ; sh:sparql [\n"
        '  sh:select "SELECT $this WHERE { $this <urn:p> ?v '
        '. FILTER NOT EXISTS { $this <urn:q> ?w } }"\n'
        "] .\n",
        encoding="utf-8",
    )
    for name in ("a", "b"):
        (tmp_path / f"{name}.ttl").write_text(f'_:x <urn:p> "{name}" .\n', encoding="utf-8")
    (tmp_path / "c.ttl").write_text('_:x <urn:q> "c" .\n', encoding="utf-8")
    shapes = load_shapes([tmp_path / "shapes.ttl"])
    files = [tmp_path / f"{name}.ttl" for name in ("a", "b", "c")]
    result = check_prepared(prepare_files(files, None, shapes, SETTINGS, "none"), shapes)
    assert len({f.focus for f in result.findings}) == 2


def test_a_child_that_dies_is_a_clear_error(shapes: Graph, monkeypatch: pytest.MonkeyPatch) -> None:
    """Killed, or out of memory: the parent says so rather than waiting or crashing."""
    import s3kg.validate.shared as shared

    parent = os.getpid()
    real = shared.check_prepared

    def dying(*args: object, **kwargs: object) -> ValidationResult:
        if os.getpid() != parent:
            os._exit(3)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(shared, "check_prepared", dying)
    prepared = prepare_files(INPUT[:5], None, shapes, SETTINGS, "none")
    with pytest.raises(S3kgError, match=r"stopped unexpectedly \(exit code 3\).*--jobs 1"):
        check_shared(prepared, shapes, 2)
    assert not multiprocessing.active_children()


def test_a_bug_in_a_child_is_raised_as_a_bug(
    shapes: Graph, monkeypatch: pytest.MonkeyPatch
) -> None:
    import s3kg.validate.shared as shared

    parent = os.getpid()
    real = shared.check_prepared

    def failing(*args: object, **kwargs: object) -> ValidationResult:
        if os.getpid() != parent:
            raise KeyError("oops")
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(shared, "check_prepared", failing)
    prepared = prepare_files(INPUT[:5], None, shapes, SETTINGS, "none")
    with pytest.raises(RuntimeError, match="child process: KeyError"):
        check_shared(prepared, shapes, 2)


def test_shapes_with_more_focus_nodes_weigh_more(shapes: Graph) -> None:
    roots = shape_roots(shapes)
    heavy = roots[len(roots) // 2]
    sizes = {root: 1 for root in roots} | {heavy: 1_000_000}
    shares = share_out(shapes, roots, 2, sizes)
    assert [heavy] in shares  # it alone outweighs every other shape
    assert sorted(r for share in shares for r in share) == roots
