"""The style the guide asks for is checked on every landing: ruff finds no lint in the package,
tests and benchmarks, and mypy finds no type error in the package."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _tool(name: str, *args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(Path(sys.executable).with_name(name)), *args], cwd=cwd,
                          capture_output=True, text=True, timeout=600)


def test_ruff_finds_nothing() -> None:
    result = _tool("ruff", "check", "--no-cache", "src", "tests", "bench")
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_finds_nothing(tmp_path: Path) -> None:
    result = _tool("mypy", "--cache-dir", str(tmp_path / "cache"), "src")
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_reports_a_planted_error(tmp_path: Path) -> None:
    (tmp_path / "bad.py").write_text("import os\n", encoding="utf-8")
    result = _tool("ruff", "check", "--no-cache", "--config", str(ROOT / "pyproject.toml"),
                   "bad.py", cwd=tmp_path)
    assert result.returncode == 1 and "F401" in result.stdout
