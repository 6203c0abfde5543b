"""validate_graphs / validate_files: graph selection, summaries, inference, unusable input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SH

from s3kg.config import PROJECT_ROOT, Settings
from s3kg.errors import InputError
from s3kg.validate.findings import ValidationResult
from s3kg.validate.shacl import shape_files, validate_files, validate_graphs, validate_named_graphs
from s3kg.vocab.namespaces import ID, S3KG, Graphs
from s3kg.vocab.rdf import load_graphs, load_shapes

FIXTURES = PROJECT_ROOT / "tests" / "data" / "shapes"
SETTINGS = Settings()
SHAPES = "https://w3id.org/s3kg/shapes#"


def _country(graph: Graph, code: str, label: str = "Zedland") -> URIRef:
    iri = ID[f"country/{code}"]
    graph.add((iri, RDF.type, S3KG.Country))
    graph.add((iri, RDFS.label, Literal(label, lang="en")))
    return iri


def test_build_graphs_with_a_violation_do_not_conform_and_say_why() -> None:
    graphs = load_graphs([FIXTURES / "Entity-labelEn.ttl"])
    result = validate_graphs(graphs, SETTINGS)
    assert not result.conforms
    summary = result.summary()
    assert summary["violations"] >= 1 and summary["conforms"] is False
    json.dumps(summary)  # JSON-able, for build.json
    assert "s3kgsh:Entity-labelEn" in result.brief()
    assert "id:country\\/zz" in result.brief()


def test_warnings_and_infos_still_conform() -> None:
    places = Graph()
    _country(places, "zz")
    result = validate_graphs({URIRef("urn:test:places"): places}, SETTINGS)
    assert result.conforms
    assert result.counts()["Violation"] == 0
    assert result.counts()["Warning"] >= 1  # no EU country-authority match, for instance
    assert result.brief() == ""


def test_the_report_graph_is_a_standard_shacl_report() -> None:
    result = validate_files([FIXTURES / "Figure-value.ttl"], SETTINGS)
    reports = list(result.report.subjects(RDF.type, SH.ValidationReport))
    assert len(reports) == 1
    assert result.report.value(reports[0], SH.conforms) == Literal(False)
    results = list(result.report.objects(reports[0], SH.result))
    assert len(results) == len(result.findings)
    for node in results:
        for prop in (SH.focusNode, SH.resultSeverity, SH.sourceShape, SH.resultMessage):
            assert result.report.value(node, prop) is not None


def test_the_inferred_graph_is_left_out(tmp_path: Path) -> None:
    """An entailed type must not hide a range error (locatedIn a sector)."""
    path = tmp_path / "data.trig"
    path.write_text(
        """@prefix s3kg: <https://w3id.org/s3kg/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<https://w3id.org/s3kg/graph/facts> {
  <https://w3id.org/s3kg/id/cluster/x> a s3kg:Cluster ; rdfs:label "X"@en ;
      s3kg:locatedIn <https://w3id.org/s3kg/id/sector/s> .
  <https://w3id.org/s3kg/id/sector/s> a s3kg:Sector ; rdfs:label "S"@en .
}
<https://w3id.org/s3kg/graph/inferred> {
  <https://w3id.org/s3kg/id/sector/s> a s3kg:Place .
}""",
        encoding="utf-8",
    )
    result = validate_files([path], SETTINGS)
    assert any(str(f.constraint) == SHAPES + "RangeConstraint" for f in result.findings)
    assert any("inferred" in note for note in result.notes)
    assert str(Graphs.INFERRED) not in result.graphs


def test_rdfs_inference_adds_entailed_types(tmp_path: Path) -> None:
    """With --inference rdfs the range makes the sector a place: no range error is left."""
    path = tmp_path / "data.ttl"
    path.write_text(
        """@prefix s3kg: <https://w3id.org/s3kg/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<https://w3id.org/s3kg/id/cluster/x> a s3kg:Cluster ; rdfs:label "X"@en ;
    s3kg:locatedIn <https://w3id.org/s3kg/id/sector/s> .
<https://w3id.org/s3kg/id/sector/s> a s3kg:Sector ; rdfs:label "S"@en .""",
        encoding="utf-8",
    )
    plain = validate_files([path], SETTINGS)
    inferred = validate_files([path], SETTINGS, inference="rdfs")
    range_errors = [f for f in plain.findings if str(f.constraint) == SHAPES + "RangeConstraint"]
    assert range_errors
    assert not [f for f in inferred.findings if str(f.constraint) == SHAPES + "RangeConstraint"]
    assert any("RDFS closure" in note for note in inferred.notes)


def test_the_ontology_is_added_when_the_input_lacks_it() -> None:
    result = validate_files([FIXTURES / "DisjointnessConstraint.ttl"], SETTINGS)
    assert str(Graphs.ONTOLOGY) in result.graphs
    assert any("added the ontology" in note for note in result.notes)


def test_turtle_input_notes_that_provenance_was_not_checked() -> None:
    result = validate_files([FIXTURES / "Cluster-locatedIn.ttl"], SETTINGS)
    assert any("FactProvenanceShape" in note for note in result.notes)


def test_blank_nodes_of_two_files_stay_apart(tmp_path: Path) -> None:
    for name in ("a", "b"):
        (tmp_path / f"{name}.ttl").write_text(
            f"_:x a <https://w3id.org/s3kg/ontology#Country> ; "
            f'<http://www.w3.org/2000/01/rdf-schema#label> "{name}"@en .',
            encoding="utf-8",
        )
    graphs = load_graphs([tmp_path / "a.ttl", tmp_path / "b.ttl"])
    subjects = {s for g in graphs.values() for s in g.subjects(RDF.type, S3KG.Country)}
    assert len(subjects) == 2


def test_files_read_once_give_what_their_named_graphs_give(tmp_path: Path) -> None:
    """validate_files reads each file straight into the data graph and its Oxigraph copy
    (``prepare_files``); the results, graphs and notes are those of the graphs loaded first.
    The input has blank nodes with the same label in two files, a skipped graph, a facts
    graph whose triples lack provenance (a SPARQL constraint on the Oxigraph copy) and a
    value of the wrong datatype (a Core constraint on rdflib's copy)."""
    country, figure = (
        "<https://w3id.org/s3kg/ontology#Country>",
        "<https://w3id.org/s3kg/id/figure/x>",
    )
    facts, inferred = f"<{Graphs.FACTS}>", f"<{Graphs.INFERRED}>"
    a = f"<{RDF.type}>"
    (tmp_path / "a.nq").write_text(
        f"_:x {a} {country} {facts} .\n"
        f'{figure} <https://w3id.org/s3kg/ontology#value> "many" {facts} .\n'
        f"{figure} {a} <https://w3id.org/s3kg/ontology#Figure> {facts} .\n"
        f"_:x {a} <https://w3id.org/s3kg/ontology#Cluster> {inferred} .\n",
        encoding="utf-8",
    )
    (tmp_path / "b.nq").write_text(f"_:x {a} {country} .\n", encoding="utf-8")
    files = [tmp_path / "a.nq", tmp_path / "b.nq"]
    read = validate_files(files, SETTINGS)
    loaded = validate_named_graphs(load_graphs(files), load_shapes(shape_files(SETTINGS)), SETTINGS)
    assert _keys(read) == _keys(loaded)
    assert {"FactProvenanceShape", "Figure-value"} <= {_name(f.shape) for f in read.findings}
    assert len({f.focus for f in read.findings if _name(f.shape) == "Entity-labelEn"}) == 2
    assert not [f for f in read.findings if "Cluster" in _name(f.shape)]  # the skipped type
    assert (read.graphs, read.notes) == (loaded.graphs, loaded.notes)
    assert any(str(Graphs.INFERRED) in note for note in read.notes)


def _keys(result: ValidationResult) -> list[tuple[str, ...]]:
    return sorted(
        (f.severity, str(f.shape), str(f.constraint), f.path, str(f.value), f.message)
        for f in result.findings
    )


def _name(shape: object) -> str:
    return str(shape).rsplit("#", 1)[-1]


@pytest.mark.parametrize(
    ("content", "name", "fmt", "expected"),
    [
        ("<urn:a> <urn:b> .\n", "bad.nt", None, r"cannot parse .*bad\.nt as N-Triples: .*line 1"),
        ('@prefix ex: <urn:ex:> .\nex:a ex:b "open .\n', "bad.ttl", None, r"bad\.ttl .*line 3"),
        ('{"@id": "urn:a", ', "bad.jsonld", None, r"bad\.jsonld as JSON-LD"),
        ("<urn:a> <urn:b> <urn:c> .\n", "data.txt", None, r"cannot tell the RDF format .*--format"),
        ("<urn:a> <urn:b> <urn:c> .\n", "data.txt", "n3x", r"unknown RDF format 'n3x'"),
        ("<a> <b> <c> .", "x.rdf", None, r"cannot parse .*x\.rdf as RDF/XML"),
    ],
)
def test_unusable_files_raise_a_one_line_input_error(
    tmp_path: Path, content: str, name: str, fmt: str | None, expected: str
) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=expected) as caught:
        validate_files([path], SETTINGS, fmt)
    assert "\n" not in str(caught.value)
    assert caught.value.exit_code == 2


def test_missing_files_and_folders_are_input_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        validate_files([tmp_path / "nothere.ttl"], SETTINGS)
    with pytest.raises(InputError, match="is a directory"):
        validate_files([tmp_path], SETTINGS)


def test_unusable_shapes_are_input_errors(tmp_path: Path) -> None:
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(
        """@prefix sh: <http://www.w3.org/ns/shacl#> .
<urn:s> a sh:NodeShape ; sh:targetNode <urn:a> ;
    sh:sparql [ sh:select "SELECT $this WHERE { VALUES ?x { 1 } }" ] .""",
        encoding="utf-8",
    )
    with pytest.raises(InputError, match=r"shapes|SPARQL"):
        validate_files([FIXTURES / "Cluster-locatedIn.ttl"], SETTINGS, shapes=[shapes])


def test_results_of_nested_shapes_are_not_reported_as_results_of_the_report() -> None:
    """sh:node's inner results are details of the outer result, not results of their own."""
    result = validate_files([FIXTURES / "Figure-refEntity.ttl"], SETTINGS)
    assert all(str(f.shape).startswith(SHAPES) for f in result.findings)
    violations = [f for f in result.findings if f.severity == "Violation"]
    assert [str(f.shape) for f in violations] == [SHAPES + "Figure-refEntity"]


@pytest.mark.parametrize(
    ("year", "conforms"),
    [
        (Literal(2004), True),
        (Literal("2004", datatype=URIRef("http://www.w3.org/2001/XMLSchema#gYear")), False),
        (Literal("2004"), False),
        (Literal(2204), False),
    ],
    ids=["integer", "gYear", "string", "implausible"],
)
def test_years_must_be_plausible_integers(year: Literal, conforms: bool) -> None:
    """Contributed data with xsd:gYear years is reported: the ontology's range is xsd:integer."""
    cluster = ID["cluster/x"]
    data = Graph()
    data.add((cluster, RDF.type, S3KG.Cluster))
    data.add((cluster, RDFS.label, Literal("X cluster", lang="en")))
    data.add((cluster, S3KG.foundingYear, year))
    result = validate_graphs({URIRef("urn:test:facts"): data}, SETTINGS)
    plausible = URIRef(SHAPES + "PlausibleYearShape")
    caught = [f for f in result.findings if f.shape == plausible and f.focus == cluster]
    assert (not caught) is conforms
