"""The command line as a user drives it: help, query and export formats, clear errors."""

from __future__ import annotations

import csv
import io
import json

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from s3kg.cli import main
from s3kg.config import Release, Settings

ASK_SAMARA = "ASK { <https://w3id.org/s3kg/id/cluster/samara-aerospace> a s3kg:Cluster }"
SELECT_AEROSPACE = "SELECT ?c WHERE { ?c a s3kg:AerospaceCluster } ORDER BY ?c"


@pytest.fixture()
def cli(
    built_release: Release, built_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> CliRunner:
    monkeypatch.setenv("S3KG_VAR", str(built_settings.var_dir))
    return CliRunner()


def test_help_lists_the_commands() -> None:
    result = CliRunner().invoke(main, ["--help"])
    assert result.exit_code == 0
    for command in ("build", "query", "export", "serve", "docs"):
        assert command in result.output


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["table", "json", "csv", "tsv", "xml"])
def test_query_formats(cli: CliRunner, fmt: str) -> None:
    result = cli.invoke(main, ["query", SELECT_AEROSPACE, "--format", fmt])
    assert result.exit_code == 0, result.output
    out = result.output
    if fmt == "json":
        rows = json.loads(out)["results"]["bindings"]
        assert len(rows) == 4
    elif fmt == "csv":
        assert len(list(csv.reader(io.StringIO(out)))) == 5  # header + 4
    elif fmt == "table":
        assert "(4 rows)" in out and "id:cluster\\/seattle-aerospace" in out
    assert "seattle-aerospace" in out


@pytest.mark.slow
def test_query_from_file_and_ask(cli: CliRunner, tmp_path) -> None:  # type: ignore[no-untyped-def]
    query = tmp_path / "ask.rq"
    query.write_text(ASK_SAMARA, encoding="utf-8")
    result = cli.invoke(main, ["query", str(query)])
    assert result.exit_code == 0 and result.output.strip() == "true"


@pytest.mark.slow
def test_malformed_query_is_exit_2_without_traceback(cli: CliRunner) -> None:
    result = cli.invoke(main, ["query", "SELECT ?x WHERE { ?x"])
    assert result.exit_code == 2
    assert "Malformed query" in result.output
    assert "Traceback" not in result.output


def test_missing_query_file_is_exit_2(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("S3KG_VAR", str(tmp_path))
    result = CliRunner().invoke(main, ["query", str(tmp_path / "nope.rq")])
    assert result.exit_code == 2 and "not found" in result.output


def test_no_build_yet_is_a_clear_error(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("S3KG_VAR", str(tmp_path))
    for args in (["query", SELECT_AEROSPACE], ["export", "--format", "ttl"]):
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 2 and "s3kg build" in result.output


@pytest.mark.slow
@pytest.mark.parametrize(
    ("fmt", "syntax"),
    [
        ("nq", ox.RdfFormat.N_QUADS),
        ("trig", ox.RdfFormat.TRIG),
        ("ttl", ox.RdfFormat.TURTLE),
        ("nt", ox.RdfFormat.N_TRIPLES),
        ("jsonld", ox.RdfFormat.JSON_LD),
        ("rdfxml", ox.RdfFormat.RDF_XML),
    ],
)
def test_export_formats_parse_back(
    cli: CliRunner, built_release: Release, fmt: str, syntax: ox.RdfFormat, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / f"graph.{fmt}"
    result = cli.invoke(main, ["export", "--format", fmt, "--out", str(out)])
    assert result.exit_code == 0, result.output
    parsed = list(ox.parse(path=str(out), format=syntax))
    quads = built_release.graph_file.read_bytes().count(b"\n")
    if syntax.supports_datasets:
        assert len(parsed) == quads
    else:  # the union of the named graphs: each triple once
        assert 0.5 * quads < len(parsed) <= quads


@pytest.mark.slow
def test_named_query_parameters_are_bound_from_the_command_line(cli: CliRunner) -> None:
    kama = "https://w3id.org/s3kg/id/cluster/kama"
    result = cli.invoke(
        main,
        [
            "query",
            "queries/provenance.rq",
            "--format",
            "csv",
            "-p",
            f"subject={kama}",
            "-p",
            "predicate=https://w3id.org/s3kg/ontology#locatedIn",
        ],
    )
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert rows and {row["subject"] for row in rows} == {kama}
    assert all(row["locator"].startswith("004:") for row in rows)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["query", "queries/provenance.rq", "-p", "nosuch=1"], "unknown parameter"),
        (["query", "queries/provenance.rq", "-p", "subject=not an iri"], "subject"),
        (["query", "SELECT * WHERE { ?s ?p ?o }", "-p", "x=1"], "named query file"),
        (["query", "SELECT * WHERE { ?s ?p ?o FILTER(<urn:f>(?o)) }"], "Query failed"),
    ],
    ids=["unknown-param", "bad-iri", "param-on-text", "unsupported-function"],
)
def test_query_errors_are_exit_2_without_traceback(
    cli: CliRunner, args: list[str], message: str
) -> None:
    """Regression: engine errors other than syntax errors escaped as tracebacks."""
    result = cli.invoke(main, args)
    assert result.exit_code == 2, result.output
    assert message in result.output and "Traceback" not in result.output
