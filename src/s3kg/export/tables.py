"""``s3kg tables``: CSV exports of the main tables, for spreadsheets and statistics tools.

Each table is a named query, ``queries/integration/table_<name>.rq`` (so it is also served as
``GET /api/integration/table_<name>``); this module runs it on the current release and writes
the SPARQL CSV result (RFC 4180, header row, one value per cell, lists joined by "; ").
"""

from __future__ import annotations

from pathlib import Path

from s3kg.config import ServerConfig, Settings
from s3kg.errors import InputError
from s3kg.sparql.named import load_query
from s3kg.store.query import prepare_named, query_store

TABLES = ("clusters", "regions", "sectors")


def table_query(name: str, settings: Settings) -> Path:
    if name not in TABLES:
        raise InputError(f"unknown table {name!r}; choose one of {', '.join(TABLES)}")
    path = settings.queries_dir / "integration" / f"table_{name}.rq"
    if not path.is_file():
        raise InputError(f"table query not found: {path}")
    return path


def table_csv(name: str, settings: Settings, config: ServerConfig) -> bytes:
    """The CSV of one table, from the current release, through the one query path."""
    path = table_query(name, settings)
    query = load_query(path, path.stem)
    return query_store(settings.store_dir, lambda _: prepare_named(query, {}), "csv", config,
                       settings)


def write_tables(names: list[str], folder: Path, settings: Settings,
                 config: ServerConfig) -> list[Path]:
    """Write ``<folder>/<name>.csv`` for each table; returns the paths."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name in names:
        path = folder / f"{name}.csv"
        path.write_bytes(table_csv(name, settings, config))
        written.append(path)
    return written
