"""``s3kg serve``: options, and building the graph first when there is none."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from s3kg.cli import main
from s3kg.cli.serve import run_options, server_config
from s3kg.config import RunOptions, Settings
from s3kg.errors import InputError, S3kgError
from s3kg.web import http_server
from s3kg.web import serve as server


def test_help_documents_flags_and_environment_variables() -> None:
    result = CliRunner().invoke(main, ["serve", "--help"])
    assert result.exit_code == 0
    for text in ("--query-timeout", "S3KG_QUERY_TIMEOUT", "--result-limit", "S3KG_STORE",
                 "--update-token", "S3KG_ALLOW_SERVICE"):
        assert text in result.output


def test_missing_custom_store_exits_2(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["serve", "--store", str(tmp_path / "none")])
    assert result.exit_code == 2
    assert "no store at" in result.output


def test_bad_limits_exit_2(tmp_path: Path) -> None:
    (tmp_path / "store").mkdir()
    result = CliRunner().invoke(main, ["serve", "--store", str(tmp_path / "store"),
                                       "--query-timeout", "0"])
    assert result.exit_code == 2 and "--query-timeout must be positive" in result.output


def test_default_store_is_built_when_missing(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    settings = Settings(var_dir=tmp_path / "var")
    calls: list[Settings] = []
    monkeypatch.setattr(server, "build_in_subprocess", lambda s, quiet: calls.append(s))
    server.ensure_store(settings, settings.store_dir)
    assert calls == [settings]


def test_the_build_runs_in_a_separate_process(tmp_path: Path) -> None:
    """build_graph itself runs in a child process: a failing build reports its error here."""
    settings = Settings(var_dir=tmp_path / "var", corpus_dir=tmp_path / "no-corpus")
    with pytest.raises(S3kgError):
        server.build_in_subprocess(settings)
    assert not settings.store_dir.exists()


def test_a_missing_store_that_is_not_the_default_is_an_input_error(tmp_path: Path) -> None:
    settings = Settings(var_dir=tmp_path / "var")
    with pytest.raises(InputError, match="no store at"):
        server.ensure_store(settings, tmp_path / "elsewhere")


def test_fairness_and_connection_flags_reach_the_config(tmp_path: Path) -> None:
    (tmp_path / "store").mkdir()
    options = {"store": str(tmp_path / "store"), "queries": None, "query_timeout": 5,
               "result_limit": 10, "max_request_bytes": 100, "workers": 3,
               "client_queries": 2, "update_token": None, "allow_load": False,
               "allow_service": (), "cors_origin": (), "public_url": None,
               "host": "127.0.0.1", "port": 8001, "threads": 4, "log_level": "debug",
               "max_connections": 50, "trusted_proxy": "10.0.0.1"}
    config = server_config(Settings(), options)
    run = run_options(options)
    assert config.client_queries == 2 and config.workers == 3
    assert (run.max_connections, run.trusted_proxy, run.log_level) == (50, "10.0.0.1", "DEBUG")
    settings = http_server.adjustments(run, config.max_request_bytes)
    assert settings["connection_limit"] == 50 and settings["max_request_body_size"] == 100
    assert settings["trusted_proxy"] == "10.0.0.1"
    assert "trusted_proxy" not in http_server.adjustments(RunOptions(), 100)


@pytest.mark.parametrize("flag", ["--client-queries", "--max-connections"])
def test_new_limits_must_be_positive(tmp_path: Path, flag: str) -> None:
    (tmp_path / "store").mkdir()
    result = CliRunner().invoke(main, ["serve", "--store", str(tmp_path / "store"), flag, "0"])
    assert result.exit_code == 2 and f"{flag} must be positive" in result.output


def test_help_documents_the_slow_client_and_fairness_flags() -> None:
    result = CliRunner().invoke(main, ["serve", "--help"])
    for text in ("--client-queries", "S3KG_CLIENT_QUERIES", "--max-connections",
                 "S3KG_MAX_CONNECTIONS", "--trusted-proxy", "S3KG_TRUSTED_PROXY"):
        assert text in result.output


def _head(environ: dict[str, str]) -> tuple[str, bytes]:
    """What :func:`http_server.limit_request_head` answers for ``environ`` (or "app")."""
    def app(_environ: Any, start_response: Any) -> list[bytes]:
        start_response("200 OK", [])
        return [b"app"]

    statuses: list[str] = []
    body = b"".join(http_server.limit_request_head(app)(
        {"REQUEST_URI": "/", **environ}, lambda status, _headers: statuses.append(status)))
    return statuses[0], body


def test_request_head_limits_are_those_documented() -> None:
    assert _head({"HTTP_ACCEPT": "*/*"}) == ("200 OK", b"app")
    assert _head({"REQUEST_URI": "/?" + "x" * 8188})[0] == "200 OK"
    assert _head({"REQUEST_URI": "/?" + "x" * 9000})[0].startswith("414")
    assert _head({"HTTP_X_BIG": "x" * 9000})[0].startswith("431")
    many = {f"HTTP_X_H{i}": "1" for i in range(101)}
    status, body = _head(many)
    assert status.startswith("431") and b"more than 100 header fields" in body
