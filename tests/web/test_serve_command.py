"""``s3kg serve``: options, and building the graph first when there is none."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from s3kg.cli import main
from s3kg.config import Settings
from s3kg.errors import InputError, S3kgError
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
