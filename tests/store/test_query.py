"""The one query path: ``s3kg query`` on a named query runs what ``/api/<name>`` runs, with the
defaults the query declares, the guard, and the server's limits."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from flask import Flask

from s3kg.cli import main
from s3kg.config import Release, ServerConfig, Settings
from s3kg.errors import InputError
from s3kg.sparql.named import load_queries
from s3kg.store.query import READ_ONLY, prepare_cli, prepare_text
from s3kg.web import create_app

QUERIES = Settings().queries_dir
WITH_DEFAULTS = sorted(
    name for name, q in load_queries(QUERIES).items()
    if q.params and all(p.default is not None or not p.required for p in q.params)
)


@pytest.fixture(scope="module")
def app(built_release: Release) -> Iterator[Flask]:
    config = ServerConfig(store_path=built_release.store_dir, queries_dir=QUERIES)
    app = create_app(config)
    yield app
    app.extensions["s3kg"].close()


def _rows(body: str) -> list[tuple[tuple[str, str], ...]]:
    data = json.loads(body)
    rows = data["results"]["bindings"]
    return sorted(tuple(sorted((k, v["value"]) for k, v in row.items())) for row in rows)


def test_there_are_named_queries_with_defaults() -> None:
    assert "cq/CQ10_foreign_clusters_and_countries" in WITH_DEFAULTS


@pytest.mark.slow
@pytest.mark.parametrize("name", ["cq/CQ10_foreign_clusters_and_countries", "provenance"])
def test_cli_and_api_return_the_same_rows(name: str, app: Flask, built_settings: Settings,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """Regression: ``s3kg query CQ10….rq`` returned 0 rows (defaults left unbound)."""
    monkeypatch.setenv("S3KG_VAR", str(built_settings.var_dir))
    args = ["-p", "subject=https://w3id.org/s3kg/id/cluster/kama"] if name == "provenance" else []
    result = CliRunner().invoke(main, ["query", str(QUERIES / f"{name}.rq"), "--format", "json",
                                       *args])
    assert result.exit_code == 0, result.output
    query = "?subject=https://w3id.org/s3kg/id/cluster/kama" if args else ""
    response = app.test_client().get(f"/api/{name}{query}")
    assert response.status_code == 200
    cli_rows = _rows(result.output)
    assert cli_rows and cli_rows == _rows(response.get_data(as_text=True))


@pytest.mark.slow
def test_the_cli_applies_the_result_limit(built_settings: Settings,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("S3KG_VAR", str(built_settings.var_dir))
    result = CliRunner().invoke(main, ["query", "SELECT * WHERE { ?s ?p ?o }",
                                       "--result-limit", "5"])
    assert result.exit_code == 2 and "Result limit exceeded" in result.output


def test_free_text_goes_through_the_guard() -> None:
    service = "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"
    with pytest.raises(InputError, match="SERVICE"):
        prepare_text(service, READ_ONLY, lambda: ())
    with pytest.raises(InputError, match="Update"):
        prepare_text("INSERT DATA { <urn:a> <urn:b> <urn:c> }", READ_ONLY, lambda: ())


def test_free_text_gets_the_project_prefixes_outside_its_text() -> None:
    prepared = prepare_text("SELECT * WHERE { ?c a s3kg:Cluster }", READ_ONLY, lambda: ())
    assert prepared.text.startswith("SELECT")  # engine error positions stay the user's
    assert ("id", "https://w3id.org/s3kg/id/") in prepared.prefixes


def test_a_named_file_gets_its_declared_defaults(tmp_path: Path) -> None:
    path = QUERIES / "cq" / "CQ10_foreign_clusters_and_countries.rq"
    prepared = prepare_cli(str(path), path.read_text(encoding="utf-8"), {}, lambda: ())
    assert {name for name, _ in prepared.substitutions} >= {"document", "home"}


def test_parameters_need_a_named_file() -> None:
    with pytest.raises(InputError, match="named query file"):
        prepare_cli("SELECT * WHERE { ?s ?p ?o }", "SELECT * WHERE { ?s ?p ?o }", {"x": "1"},
                    lambda: ())


def test_a_named_file_goes_through_the_guard_too(tmp_path: Path) -> None:
    path = tmp_path / "remote.rq"
    path.write_text("#+ summary: x\nSELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }",
                    encoding="utf-8")
    with pytest.raises(InputError, match="SERVICE"):
        prepare_cli(str(path), path.read_text(encoding="utf-8"), {}, lambda: ())


@pytest.mark.slow
def test_from_a_graph_of_the_store_is_allowed(built_settings: Settings,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """Regression: the CLI refused every FROM (it did not ask the store for its graphs)."""
    monkeypatch.setenv("S3KG_VAR", str(built_settings.var_dir))
    facts = "SELECT (COUNT(*) AS ?n) FROM <https://w3id.org/s3kg/graph/facts> WHERE { ?s ?p ?o }"
    result = CliRunner().invoke(main, ["query", facts, "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert int(result.output.splitlines()[1]) > 1000
    unknown = facts.replace("graph/facts", "graph/nope")
    refused = CliRunner().invoke(main, ["query", unknown])
    assert refused.exit_code == 2 and "no such graph" in refused.output
