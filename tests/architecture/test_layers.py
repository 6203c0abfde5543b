"""The package's shape is checked, not only described: stages import only downwards, no
module imports in a cycle, and modules and functions stay small enough to read."""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "src" / "s3kg"
MAX_MODULE_LINES = 310
MAX_FUNCTION_LINES = 40
MAX_TOP_LEVEL_MODULES = 12


def _lint_imports(src: Path) -> subprocess.CompletedProcess[str]:
    """Run import-linter with the project's contracts on the package found under ``src``."""
    env = {**os.environ, "PYTHONPATH": str(src)}
    lint = Path(sys.executable).with_name("lint-imports")
    return subprocess.run([str(lint), "--config", str(ROOT / "pyproject.toml"), "--no-cache"],
                          cwd=src, env=env, capture_output=True, text=True, timeout=300)


def test_the_import_contracts_are_kept() -> None:
    result = _lint_imports(ROOT / "src")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 2 kept, 0 broken." in result.stdout


@pytest.mark.parametrize(
    ("module", "line", "broken"),
    [
        # an upward import: the vocabulary stage reaching for the web face
        ("vocab/render.py", "import s3kg.web.pages", "s3kg.vocab is not allowed to import"),
        # a cycle inside one stage, hidden in a function as the old code did
        ("corpus/spans.py", "def _late() -> None:\n    import s3kg.corpus.reader\n",
         "No cycles are allowed in s3kg.corpus"),
    ],
)
def test_a_deliberate_violation_breaks_the_contracts(tmp_path: Path, module: str, line: str,
                                                       broken: str) -> None:
    copy = tmp_path / "src" / "s3kg"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__", "static"))
    target = copy / module
    target.write_text(target.read_text(encoding="utf-8") + "\n" + line + "\n", encoding="utf-8")
    result = _lint_imports(tmp_path / "src")
    assert result.returncode == 1, result.stdout
    assert broken in result.stdout


def _modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def test_modules_stay_short() -> None:
    long = {str(p.relative_to(PACKAGE)): n for p in _modules()
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES}
    assert long == {}


def test_functions_stay_short() -> None:
    long = []
    for path in _modules():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                size = (node.end_lineno or node.lineno) - node.lineno + 1
                if size > MAX_FUNCTION_LINES:
                    long.append(f"{path.relative_to(PACKAGE)}:{node.lineno} {node.name} ({size})")
    assert long == []


def test_few_modules_are_left_at_the_top_level() -> None:
    top = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert len(top) <= MAX_TOP_LEVEL_MODULES, top
