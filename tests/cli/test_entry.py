"""The ``s3kg`` command as installed (``s3kg.cli:run``): output flushed, exit codes kept."""

from __future__ import annotations

import os
import subprocess
import sys

from s3kg import __version__


def _s3kg(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "s3kg", *args], capture_output=True, text=True,
                          env={**os.environ, **env}, timeout=120, check=False)  # fmt: skip


def test_output_reaches_the_pipe_before_the_quick_exit() -> None:
    done = _s3kg("--version")
    assert done.returncode == 0
    assert __version__ in done.stdout


def test_a_malformed_build_jobs_variable_is_a_usage_error_not_a_traceback() -> None:
    done = _s3kg("documents", S3KG_BUILD_JOBS="many")
    assert done.returncode == 2
    assert "S3KG_BUILD_JOBS must be a whole number" in done.stderr
    assert "Traceback" not in done.stderr


def test_jobs_below_one_is_refused() -> None:
    done = _s3kg("build", "--jobs", "0")
    assert done.returncode == 2
    assert "--jobs" in done.stderr and "Traceback" not in done.stderr
