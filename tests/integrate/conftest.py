"""Fixtures of the integration tests (issue 6); the real imports and their build
(``imported_var``, ``integration_release``) are in tests/conftest.py, shared with the web
tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from s3kg.integrate.import_prov import ImportReport
from s3kg.integrate.importer import run_import

ROOT = Path(__file__).resolve().parents[2]
MAPPINGS = ROOT / "mappings"
FIXTURES = ROOT / "tests" / "data" / "integration"
CATEGORIES = MAPPINGS / "us-cluster-categories.yaml"
ORGANISATIONS = MAPPINGS / "us-cluster-organisations.yaml"


@pytest.fixture(scope="session")
def import_reports(
    tmp_path_factory: pytest.TempPathFactory, shared_data: Path
) -> dict[str, ImportReport]:
    var = tmp_path_factory.mktemp("reports-var")
    return {m.stem: run_import(m, shared_data, var) for m in (CATEGORIES, ORGANISATIONS)}
