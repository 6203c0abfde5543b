"""``s3kg import``, ``link`` and ``tables`` from the command line: output and clear errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from s3kg.cli import main

from .conftest import FIXTURES, ORGANISATIONS


@pytest.fixture()
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv("S3KG_VAR", str(tmp_path / "var"))
    return CliRunner()


def test_import_prints_the_counts(cli: CliRunner, tmp_path: Path) -> None:
    args = [
        "import",
        str(ORGANISATIONS),
        "--file",
        str(FIXTURES / "dirty-organisations.csv"),
        "--no-publish",
    ]
    result = cli.invoke(main, args)
    assert result.exit_code == 0, result.output
    assert "records read        10" in result.output
    assert "duplicates dropped  2" in result.output
    assert "records rejected    4" in result.output
    assert "missing org_title (first: line 7)" in result.output
    assert (tmp_path / "var" / "imports" / "us-cluster-organisations.nq").is_file()


@pytest.mark.parametrize(
    "args",
    [
        ["import", "mappings/does-not-exist.yaml"],
        ["import", str(FIXTURES / "unknown-key.yaml"), "--no-publish"],
        ["import", str(ORGANISATIONS), "--file", str(FIXTURES / "malformed.json"), "--no-publish"],
        ["import", str(FIXTURES / "missing-column.yaml"), "--no-publish"],
        ["link"],
        ["tables"],
        ["tables", "--table", "clusters"],
    ],
)
def test_bad_input_exits_2_with_one_line(cli: CliRunner, args: list[str]) -> None:
    result = cli.invoke(main, args)
    assert result.exit_code == 2, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.output
    assert "Traceback" not in result.output


def test_help_lists_the_new_commands() -> None:
    result = CliRunner().invoke(main, ["--help"])
    for command in ("import", "link", "tables"):
        assert command in result.output
