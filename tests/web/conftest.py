"""Fixtures for the web tests: small stores built from tests/data and apps over them."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pyoxigraph
import pytest
from flask import Blueprint, Flask
from flask.testing import FlaskClient

import s3kg.web
from s3kg.config import Release, ServerConfig, Settings
from s3kg.store.backends import StoreBackend, open_backend
from s3kg.store.jobs import create_store
from s3kg.web import create_app
from store.oxigraph_server import BACKEND, ServedRemoteStore, serve_copy

DATA = Path(__file__).resolve().parents[1] / "data"
SAMPLE = DATA / "s3kg-sample.trig"
SAMPLE_NEXT = DATA / "s3kg-sample-next.trig"
SAMPLE_QUADS = 50
FACTS = "https://w3id.org/s3kg/graph/facts"
ID = "https://w3id.org/s3kg/id/"


def graph_size(graph: str) -> int:
    """How many triples the sample fixture puts in ``graph``."""
    quads = pyoxigraph.parse(path=str(SAMPLE))
    return sum(1 for quad in quads if quad.graph_name == pyoxigraph.NamedNode(graph))


def build_release(releases: Path, name: str, *sources: Path) -> Path:
    """A release folder ``releases/name`` holding ``store/`` built from ``sources``."""
    release = releases / name
    release.mkdir(parents=True)
    create_store(release / "store", [(source, None) for source in sources])
    return release


def point_current(var: Path, release: Path) -> None:
    """Replace the ``var/current`` symlink atomically, as a build does."""
    temporary = var / "current.tmp"
    temporary.symlink_to(release)
    os.replace(temporary, var / "current")


@pytest.fixture(scope="session", autouse=True)
def store_backend() -> Iterator[str]:
    """The backend under test (``S3KG_TEST_BACKEND``): with ``oxigraph-server`` every app
    built here sends its queries to its own ``oxigraph serve`` over a copy of its store."""
    if BACKEND == "oxigraph-server":
        patch = pytest.MonkeyPatch()
        patch.setattr(s3kg.web, "open_backend", _served_backend)
        yield BACKEND
        patch.undo()
        return
    yield BACKEND


def _served_backend(location: str | Path, *, local: Path, workers: int = 2,
                    warm: bool = True) -> StoreBackend:
    if isinstance(location, Path) and location.is_dir():
        return ServedRemoteStore(serve_copy(location), local)
    return open_backend(location, local=local, workers=workers, warm=warm)


@pytest.fixture(scope="session")
def sample_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    release = build_release(tmp_path_factory.mktemp("releases"), "sample", SAMPLE)
    return release / "store"


@pytest.fixture
def make_app(sample_store: Path) -> Iterator[Callable[..., Flask]]:
    apps: list[Flask] = []

    def factory(blueprints: tuple[Blueprint, ...] = (), **overrides: Any) -> Flask:
        config = ServerConfig(store_path=sample_store, queries_dir=Settings().queries_dir,
                              query_timeout=10.0, workers=2)
        app = create_app(replace(config, **overrides), blueprints)
        apps.append(app)
        return app

    yield factory
    for app in apps:
        app.extensions["s3kg"].close()


def client_at(app: Flask, address: str) -> FlaskClient:
    """A test client whose requests come from ``address``: another user, as far as the
    per-client query limit (``client_queries``) is concerned."""
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


@pytest.fixture(scope="module")
def shared_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    """One read-only app per module over the sample store, for the many cheap requests."""
    release = build_release(tmp_path_factory.mktemp("shared"), "sample", SAMPLE)
    config = ServerConfig(store_path=release / "store", queries_dir=Settings().queries_dir,
                          query_timeout=10.0, result_limit=1000)
    app = create_app(config)
    yield app
    app.extensions["s3kg"].close()


@pytest.fixture
def client(shared_app: Flask) -> FlaskClient:
    return shared_app.test_client()


@pytest.fixture(scope="module")
def real_app(built_release: Release) -> Iterator[Flask]:
    """One app per module over the real build (linked data and page tests)."""
    config = ServerConfig(store_path=built_release.store_dir, queries_dir=Settings().queries_dir,
                          query_timeout=30.0, result_limit=1000)
    app = create_app(config)
    yield app
    app.extensions["s3kg"].close()


@pytest.fixture
def real_client(real_app: Flask) -> FlaskClient:
    return real_app.test_client()


def slow_query(size: int, joins: int = 3, pattern: str = "") -> str:
    """A query whose cost grows as ``size ** joins`` rows, independent of the data."""
    values = " ".join(str(i) for i in range(size))
    blocks = " ".join(f"VALUES ?v{j} {{ {values} }}" for j in range(joins))
    return f"SELECT (COUNT(*) AS ?n) WHERE {{ {pattern} {blocks} }}"


NEVER_ENDING = slow_query(100, joins=6)  # 10^12 rows: hours
