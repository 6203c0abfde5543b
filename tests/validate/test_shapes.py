"""The SHACL shapes themselves: valid SHACL, complete, and each caught by a violating fixture.

Every shape (node or property shape) and every SHACL-SPARQL constraint of ``shapes/*.ttl``
has an expectation in ``tests/data/shapes/``: a small graph whose header says which
shape or constraint it violates, with which severity, on which focus node::

    # expect: Figure-value Violation <https://w3id.org/s3kg/id/figure/f>
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pyshacl
import pytest
from rdflib import BNode, Dataset, Graph, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, SH

from s3kg.config import PROJECT_ROOT, Settings
from s3kg.validate.findings import findings_of
from s3kg.validate.shacl import shape_files, validate_named_graphs
from s3kg.vocab.namespaces import Graphs
from s3kg.vocab.rdf import load_graphs, load_shapes

SHAPES_NS = "https://w3id.org/s3kg/shapes#"
S3KG_NS = "https://w3id.org/s3kg/ontology#"
FIXTURES = PROJECT_ROOT / "tests" / "data" / "shapes"
EXPECT = re.compile(r"^# expect: (\S+) (Violation|Warning|Info) (<[^>]+>|_:)\s*$")
TARGETS = (SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf, SH.targetNode)


@dataclass(frozen=True)
class Expectation:
    unit: str  # local name of a shape or SPARQL constraint
    severity: str
    focus: str  # an IRI, or "_:" for any blank node
    fixture: Path


def _expectations() -> list[Expectation]:
    found = []
    for path in sorted(FIXTURES.glob("*.t*")):
        for line in path.read_text(encoding="utf-8").splitlines():
            match = EXPECT.match(line)
            if match:
                unit, severity, focus = match.groups()
                found.append(Expectation(unit, severity, focus.strip("<>"), path))
    return found


EXPECTATIONS = _expectations()
SETTINGS = Settings()


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return load_shapes(shape_files(SETTINGS))


def _units(shapes: Graph) -> set[str]:
    kinds = (SH.NodeShape, SH.PropertyShape, SH.SPARQLConstraint)
    return {
        str(node)[len(SHAPES_NS) :]
        for kind in kinds
        for node in shapes.subjects(RDF.type, kind)
        if str(node).startswith(SHAPES_NS)
    }


def test_every_shape_and_sparql_constraint_has_a_violating_fixture(shapes: Graph) -> None:
    expected = {e.unit for e in EXPECTATIONS}
    units = _units(shapes)
    assert not units - expected, f"shapes without a fixture in {FIXTURES}"
    assert not expected - units, "fixtures for shapes that do not exist"


def test_each_unit_is_expected_once() -> None:
    units = [e.unit for e in EXPECTATIONS]
    assert sorted(u for u in set(units) if units.count(u) > 1) == []


@pytest.mark.parametrize("expectation", EXPECTATIONS, ids=[e.unit for e in EXPECTATIONS])
def test_fixture_is_caught_with_its_severity_and_focus(
    expectation: Expectation, shapes: Graph
) -> None:
    result = validate_named_graphs(load_graphs([expectation.fixture]), shapes, SETTINGS)
    unit = URIRef(SHAPES_NS + expectation.unit)
    hits = [f for f in result.findings if unit in (f.shape, f.constraint)]
    assert hits, f"{expectation.fixture.name} is not caught by {expectation.unit}"
    focus_ok = [
        f
        for f in hits
        if (
            isinstance(f.focus, BNode)
            if expectation.focus == "_:"
            else str(f.focus) == expectation.focus
        )
    ]
    assert focus_ok, f"caught on {[str(f.focus) for f in hits]}, not {expectation.focus}"
    assert {f.severity for f in focus_ok} == {expectation.severity}
    assert all(f.message for f in focus_ok)


SPARQL_FIXTURES = sorted({e.fixture for e in EXPECTATIONS if e.unit.endswith("Constraint")})


@pytest.mark.parametrize("fixture", SPARQL_FIXTURES, ids=[f.stem for f in SPARQL_FIXTURES])
def test_sparql_constraints_give_the_results_of_plain_pyshacl(fixture: Path, shapes: Graph) -> None:
    """Queries on Oxigraph agree with pySHACL's own engine over an rdflib Dataset."""
    found = validate_named_graphs(load_graphs([fixture]), shapes, SETTINGS)
    ours = Counter(
        (f.severity, str(f.focus), str(f.shape), f.path, str(f.value)) for f in found.findings
    )
    graphs = load_graphs([fixture])
    graphs[Graphs.ONTOLOGY] = Graph().parse(SETTINGS.ontology_file)
    data = Dataset(default_union=True)
    for name, graph in graphs.items():
        data.addN((s, p, o, data.graph(name)) for s, p, o in graph)
    _, report, _ = pyshacl.validate(data, shacl_graph=shapes, inplace=True)
    reference = Counter(
        (f.severity, str(f.focus), str(f.shape), f.path, str(f.value)) for f in findings_of(report)
    )
    assert ours == reference


def test_shapes_are_valid_shacl(shapes: Graph) -> None:
    shacl_shacl = Path(pyshacl.__file__).parent / "assets" / "shacl-shacl.ttl"
    conforms, _, text = pyshacl.validate(shapes, shacl_graph=Graph().parse(shacl_shacl))
    assert conforms, text


def test_every_ontology_class_is_a_target_directly_or_through_a_superclass(shapes: Graph) -> None:
    ontology = Graph().parse(SETTINGS.ontology_file)
    targeted = set(shapes.objects(None, SH.targetClass))
    missing = []
    for cls in ontology.subjects(RDF.type, OWL.Class):
        if isinstance(cls, URIRef) and str(cls).startswith(S3KG_NS):
            supers = set(ontology.transitive_objects(cls, RDFS.subClassOf))
            if not supers & targeted:
                missing.append(str(cls))
    assert sorted(missing) == []


def test_every_datatype_property_has_a_core_datatype_shape(shapes: Graph) -> None:
    """SPARQL on Oxigraph cannot see derived datatypes, so each range has a Core shape."""
    ontology = Graph().parse(SETTINGS.ontology_file)
    checked = {
        (prop, shapes.value(shape, SH.datatype))
        for shape, path in shapes.subject_objects(SH.path)
        for prop in _simple_paths(shapes, path)
    }
    missing = [
        (str(prop), str(datatype))
        for prop in ontology.subjects(RDF.type, OWL.DatatypeProperty)
        if str(prop).startswith(S3KG_NS)
        for datatype in ontology.objects(prop, RDFS.range)
        if (prop, datatype) not in checked
    ]
    assert missing == []


def _simple_paths(shapes: Graph, path: object) -> list[object]:
    if isinstance(path, URIRef):
        return [path]
    alternatives = shapes.value(path, SH.alternativePath)  # type: ignore[arg-type]
    return list(Collection(shapes, alternatives)) if alternatives is not None else []


def test_every_shape_says_why_it_exists_and_what_is_wrong(shapes: Graph) -> None:
    units = [URIRef(SHAPES_NS + unit) for unit in _units(shapes)]
    assert [str(u) for u in units if shapes.value(u, RDFS.comment) is None] == []
    assert [str(u) for u in units if shapes.value(u, SH.message) is None] == []


def test_every_shape_has_a_target_or_is_used_by_one(shapes: Graph) -> None:
    """A shape nothing targets (or references) silently checks nothing."""
    units = [URIRef(SHAPES_NS + unit) for unit in _units(shapes)]
    idle = [
        str(u)
        for u in units
        if (u, RDF.type, SH.SPARQLConstraint) not in shapes
        and not any((u, p, None) in shapes for p in TARGETS)
        and (None, SH.property, u) not in shapes
        and (None, SH.node, u) not in shapes
    ]
    assert idle == []
