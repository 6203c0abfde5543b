"""``s3kg validate`` and ``s3kg completeness``: outputs, exit codes and one-line errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph
from rdflib.namespace import RDF, SH

from s3kg.cli import main
from s3kg.config import PROJECT_ROOT

FIXTURES = PROJECT_ROOT / "tests" / "data" / "shapes"
CONFORMING = """@prefix s3kg: <https://w3id.org/s3kg/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<https://w3id.org/s3kg/id/country/zz> a s3kg:Country ; rdfs:label "Zedland"@en .
"""


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def conforming(tmp_path: Path) -> Path:
    path = tmp_path / "country.ttl"
    path.write_text(CONFORMING, encoding="utf-8")
    return path


def test_conforming_data_exits_0_even_with_warnings(runner: CliRunner, conforming: Path) -> None:
    result = runner.invoke(main, ["validate", str(conforming)])
    assert result.exit_code == 0, result.output
    assert "conforms - 0 violations" in result.output
    assert "WARNINGS" in result.output


def test_violations_exit_1_grouped_by_shape_and_focus_node(runner: CliRunner) -> None:
    result = runner.invoke(main, ["validate", str(FIXTURES / "Figure-value.ttl")])
    assert result.exit_code == 1
    assert "DOES NOT CONFORM" in result.output
    assert "\nVIOLATIONS (" in result.output
    assert "  s3kgsh:Figure-value (1): A figure needs exactly one s3kg:value" in result.output
    assert "    id:figure\\/f" in result.output


@pytest.mark.parametrize("output", ["turtle", "jsonld"])
def test_rdf_outputs_are_the_shacl_report_graph(
    runner: CliRunner, output: str, tmp_path: Path
) -> None:
    out = tmp_path / f"report.{output}"
    args = ["validate", str(FIXTURES / "Figure-value.ttl"), "--output", output, "--out", str(out)]
    result = runner.invoke(main, args)
    assert result.exit_code == 1
    report = Graph().parse(out, format="json-ld" if output == "jsonld" else "turtle")
    node = next(report.subjects(RDF.type, SH.ValidationReport))
    assert not report.value(node, SH.conforms).toPython()
    assert len(list(report.objects(node, SH.result))) >= 1


def test_html_output_is_a_page(runner: CliRunner) -> None:
    result = runner.invoke(
        main, ["validate", str(FIXTURES / "Figure-value.ttl"), "--output", "html"]
    )
    assert result.exit_code == 1
    assert result.output.startswith("<!DOCTYPE html>")
    assert "s3kgsh:Figure-value" in result.output


def test_format_option_overrides_the_extension(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "country.data"
    path.write_text(CONFORMING, encoding="utf-8")
    assert runner.invoke(main, ["validate", str(path)]).exit_code == 2
    assert runner.invoke(main, ["validate", "--format", "ttl", str(path)]).exit_code == 0


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("bad.ttl", "@prefix ex: <urn:ex:> .\nex:a ex:b .\n", "cannot parse {path} as Turtle"),
        ("bad.nq", "<urn:a> <urn:b> .\n", "line 1"),
        ("data.csv", "a,b\n", "cannot tell the RDF format from the extension '.csv'"),
    ],
)
def test_unusable_input_exits_2_with_one_line(
    runner: CliRunner, tmp_path: Path, name: str, content: str, message: str
) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    result = runner.invoke(main, ["validate", str(path)])
    assert result.exit_code == 2
    assert message.format(path=path) in result.output
    assert "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_missing_file_exits_2(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(main, ["validate", str(tmp_path / "nothere.ttl")])
    assert result.exit_code == 2
    assert f"error: no such file: {tmp_path / 'nothere.ttl'}" in result.output


def test_no_build_and_no_files_exits_2(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(main, ["validate"], env={"S3KG_VAR": str(tmp_path)})
    assert result.exit_code == 2
    assert "no built graph at" in result.output and "s3kg build" in result.output


def test_unknown_format_exits_2(runner: CliRunner, conforming: Path) -> None:
    result = runner.invoke(main, ["validate", "--format", "xyz", str(conforming)])
    assert result.exit_code == 2


def test_other_shapes_can_be_given(runner: CliRunner, conforming: Path, tmp_path: Path) -> None:
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(
        """@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<urn:shape> a sh:NodeShape ; sh:targetSubjectsOf rdfs:label ;
    sh:property [ sh:path rdfs:comment ; sh:minCount 1 ] .""",
        encoding="utf-8",
    )
    result = runner.invoke(main, ["validate", "--shapes", str(shapes), str(conforming)])
    assert result.exit_code == 1
    assert "rdfs:comment" in result.output


def _release(var: Path, source: Path) -> None:
    release = var / "current"
    release.mkdir(parents=True)
    (release / "s3kg.nq").write_text(source.read_text(encoding="utf-8"), encoding="utf-8")


def test_completeness_outputs(runner: CliRunner, tmp_path: Path) -> None:
    data = tmp_path / "data.nt"
    Graph().parse(FIXTURES / "Cluster-locatedIn.ttl").serialize(data, format="nt")
    _release(tmp_path / "var", data)
    env = {"S3KG_VAR": str(tmp_path / "var")}
    text = runner.invoke(main, ["completeness"], env=env)
    assert text.exit_code == 0, text.output
    assert "s3kg:Cluster" in text.output and "recommended  s3kg:locatedIn" in text.output
    out = tmp_path / "completeness.json"
    result = runner.invoke(main, ["completeness", "--output", "json", "--out", str(out)], env=env)
    assert result.exit_code == 0
    report = json.loads(out.read_text(encoding="utf-8"))
    assert "https://w3id.org/s3kg/id/cluster/x" in report["missing_by_entity"]
    html = runner.invoke(main, ["completeness", "--output", "html"], env=env)
    assert html.exit_code == 0 and "<table>" in html.output


def test_completeness_without_a_build_exits_2(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(main, ["completeness"], env={"S3KG_VAR": str(tmp_path)})
    assert result.exit_code == 2
    assert "run `s3kg build` first" in result.output


def test_jobs_change_nothing_but_the_time(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    """--jobs 2 shares the shapes out between two processes; the report is the same."""
    files = [str(FIXTURES / name) for name in ("Figure-value.ttl", "FigureDuplicateConstraint.ttl")]
    outputs = []
    for jobs in ("1", "2"):
        result = runner.invoke(main, ["validate", *files, "--jobs", jobs, "--all"])
        assert result.exit_code == 1, result.output
        outputs.append([line for line in result.output.splitlines() if " s)" not in line])
    assert outputs[0] == outputs[1] and len(outputs[0]) > 10
    monkeypatch.setenv("S3KG_VALIDATE_JOBS", "0")
    result = runner.invoke(main, ["validate", *files])
    assert result.exit_code == 2 and "S3KG_VALIDATE_JOBS" in result.output
    assert runner.invoke(main, ["validate", *files, "--jobs", "0"]).exit_code == 2
