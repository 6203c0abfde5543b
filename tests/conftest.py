"""Shared fixtures: one real build of the graph per test session."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

from s3kg.config import Release, Settings

# CI must be deterministic: property tests replay the same examples on every run there.
# Locally they keep exploring new ones (and remember failures in .hypothesis/).
settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")


@pytest.fixture(scope="session")
def built_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return Settings(var_dir=tmp_path_factory.mktemp("var"))


@pytest.fixture(scope="session")
def built_release(built_settings: Settings) -> Iterator[Release]:
    """The real graph, built once from the real corpus and curated data."""
    from s3kg.build.pipeline import build_graph

    yield build_graph(built_settings)


@pytest.fixture(scope="session")
def built_store(built_release: Release):  # type: ignore[no-untyped-def]
    import pyoxigraph as ox

    return ox.Store.read_only(str(built_release.store_dir))


@pytest.fixture()
def corpus_copy(tmp_path: Path) -> Path:
    """A writable copy of the corpus, for tests that break documents."""
    import shutil

    target = tmp_path / "corpus"
    shutil.copytree(Settings().corpus_dir, target)
    for path in target.iterdir():
        path.chmod(0o644)
    return target
