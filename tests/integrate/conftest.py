"""Fixtures of the integration tests (issue 6): the real shared data, imported once."""

from __future__ import annotations

from pathlib import Path

import pytest

from s3kg.config import Release, Settings
from s3kg.integrate.import_prov import ImportReport
from s3kg.integrate.importer import run_import

ROOT = Path(__file__).resolve().parents[2]
MAPPINGS = ROOT / "mappings"
FIXTURES = ROOT / "tests" / "data" / "integration"
CATEGORIES = MAPPINGS / "us-cluster-categories.yaml"
ORGANISATIONS = MAPPINGS / "us-cluster-organisations.yaml"


@pytest.fixture(scope="session")
def shared_data() -> Path:
    return Settings().shared_data_dir


@pytest.fixture(scope="session")
def imported_var(tmp_path_factory: pytest.TempPathFactory, shared_data: Path) -> Path:
    """A var folder holding both real US Cluster Mapping imports."""
    var = tmp_path_factory.mktemp("integration-var")
    for mapping in (CATEGORIES, ORGANISATIONS):
        run_import(mapping, shared_data, var)
    return var


@pytest.fixture(scope="session")
def import_reports(
    tmp_path_factory: pytest.TempPathFactory, shared_data: Path
) -> dict[str, ImportReport]:
    var = tmp_path_factory.mktemp("reports-var")
    return {m.stem: run_import(m, shared_data, var) for m in (CATEGORIES, ORGANISATIONS)}


@pytest.fixture(scope="session")
def integration_settings(imported_var: Path) -> Settings:
    return Settings(var_dir=imported_var)


@pytest.fixture(scope="session")
def integration_release(integration_settings: Settings) -> Release:
    """The real graph with both imports, built and validated once (no reasoner: faster)."""
    from s3kg.build.pipeline import build_graph

    return build_graph(integration_settings, reason=False)


@pytest.fixture(scope="session")
def integration_store(integration_release: Release):  # type: ignore[no-untyped-def]
    import pyoxigraph as ox

    return ox.Store.read_only(str(integration_release.store_dir))
