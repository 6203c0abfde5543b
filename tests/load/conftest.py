"""Load and fault tests: the production server (``s3kg serve``) on 127.0.0.1 over the real graph.

They are marked ``load`` and run in the normal suite, bounded in time: ``S3KG_LOAD_SECONDS``
(default 20) sets how long the mixed load runs; the other tests take what their faults need.
The load generator is ``bench/loadtest.py``, imported here by path.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

from s3kg.build.release import publish
from s3kg.config import Release

ROOT = Path(__file__).resolve().parents[2]
LOAD_SECONDS = float(os.environ.get("S3KG_LOAD_SECONDS", "20"))
BENCH_MODULE = "s3kg_bench_loadtest"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "load: load and fault tests against the real server")


def load_bench() -> ModuleType:
    """``bench/loadtest.py`` as a module (once per session)."""
    if BENCH_MODULE in sys.modules:
        return sys.modules[BENCH_MODULE]
    spec = importlib.util.spec_from_file_location(BENCH_MODULE, ROOT / "bench" / "loadtest.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def bench() -> ModuleType:
    return load_bench()


@pytest.fixture
def var_with_graph(built_release: Release, tmp_path: Path) -> Iterator[Path]:
    """A private ``var/`` whose ``current`` is the real graph (published from its N-Quads)."""
    var = tmp_path / "var"
    publish(built_release.graph_file.read_bytes(), {"origin": "test seed"}, var)
    yield var


def extra_triple(number: int) -> bytes:
    """One more N-Quads line, so that a republished graph gets a new build id."""
    return (
        f"<https://w3id.org/s3kg/id/test/reload-{number}> "
        f'<http://www.w3.org/2000/01/rdf-schema#label> "reload {number}" '
        f"<https://w3id.org/s3kg/graph/facts> .\n"
    ).encode()
