"""The one place where default paths and settings live.

Every path can be overridden by an environment variable (``S3KG_*``) or a CLI flag; the
defaults assume a checkout with ``../shared`` beside it, as in development and CI.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from s3kg.errors import InputError


def _find_project_root(start: Path) -> Path:
    """The checkout root: the nearest ancestor holding ``ontology/s3kg.ttl``.

    Searching from both the working directory and this file lets the package run from an
    editable install anywhere in the tree.
    """
    for base in (start, Path(__file__).resolve()):
        for candidate in (base, *base.parents):
            if (candidate / "ontology" / "s3kg.ttl").is_file():
                return candidate
    return start


PROJECT_ROOT = _find_project_root(Path.cwd().resolve())


def _env_path(name: str, default: Path) -> Path:
    value = os.environ.get(name)
    return Path(value).expanduser().resolve() if value else default


def _env_int(name: str, default: int, least: int = 1) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    if not value.isdigit() or int(value) < least:
        raise InputError(f"{name} must be a whole number of at least {least}, not {value!r}")
    return int(value)


def _cores() -> int:
    """The cores this process may run on (a container's share, not the machine's)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


@dataclass(frozen=True)
class Settings:
    """Paths the build, validator and server read and write."""

    root: Path = PROJECT_ROOT
    corpus_dir: Path = field(
        default_factory=lambda: _env_path("S3KG_CORPUS", PROJECT_ROOT.parent / "shared" / "corpus")
    )
    shared_data_dir: Path = field(
        default_factory=lambda: _env_path(
            "S3KG_SHARED_DATA", PROJECT_ROOT.parent / "shared" / "data"
        )
    )
    curated_dir: Path = field(
        default_factory=lambda: _env_path("S3KG_CURATED", PROJECT_ROOT / "data" / "curated")
    )
    ontology_file: Path = field(default_factory=lambda: PROJECT_ROOT / "ontology" / "s3kg.ttl")
    shapes_dir: Path = field(default_factory=lambda: PROJECT_ROOT / "shapes")
    queries_dir: Path = field(default_factory=lambda: PROJECT_ROOT / "queries")
    var_dir: Path = field(default_factory=lambda: _env_path("S3KG_VAR", PROJECT_ROOT / "var"))
    library_dir: Path = field(
        default_factory=lambda: _env_path("S3KG_LIBRARY", PROJECT_ROOT / "library")
    )  # documents added with `s3kg add`, as text, with their manifest
    review_dir: Path = field(
        default_factory=lambda: _env_path("S3KG_REVIEW", PROJECT_ROOT / "data" / "review")
    )  # decisions on candidate facts (s3kg review)
    w3c_dir: Path = field(
        default_factory=lambda: _env_path("S3KG_W3C", PROJECT_ROOT.parent / "shared" / "w3c")
    )
    build_jobs: int = field(default_factory=lambda: _env_int("S3KG_BUILD_JOBS", _cores()))
    # Processes that share out the shapes in `s3kg validate`. Forked children copy the pages
    # of the data graph they touch, so more than two costs memory faster than it saves time.
    validate_jobs: int = field(
        default_factory=lambda: _env_int("S3KG_VALIDATE_JOBS", min(_cores(), 2))
    )
    # `s3kg validate` holds the whole graph in memory when that is estimated to take at most
    # validate_memory_mib (0: never), and otherwise validates batches of validate_batch focus
    # nodes (0: never), whose memory does not grow with the graph.
    validate_memory_mib: int = field(
        default_factory=lambda: _env_int("S3KG_VALIDATE_MEMORY_MIB", 4096, 0)
    )
    validate_batch: int = field(default_factory=lambda: _env_int("S3KG_VALIDATE_BATCH", 20_000, 0))

    @property
    def current_release(self) -> Path:
        """Symlink to the last good build; replaced atomically by a successful build."""
        return self.var_dir / "current"

    @property
    def graph_file(self) -> Path:
        """Canonical N-Quads of the last good build."""
        return self.current_release / GRAPH_FILE

    @property
    def store_dir(self) -> Path:
        """Oxigraph store of the last good build."""
        return self.current_release / STORE_DIR



# A release folder: these names are read by the build, the store, the server and the linker.
GRAPH_FILE = "s3kg.nq"
STORE_DIR = "store"
REPORT_FILE = "build.json"
SEARCH_FILE = "search.sqlite"  # the label index the search box reads (s3kg.search)


@dataclass(frozen=True)
class Release:
    """One published build: ``var/releases/<build-id>``."""

    build_id: str
    path: Path

    @property
    def graph_file(self) -> Path:
        return self.path / GRAPH_FILE

    @property
    def store_dir(self) -> Path:
        return self.path / STORE_DIR

    @property
    def report_file(self) -> Path:
        return self.path / REPORT_FILE

    @property
    def search_file(self) -> Path:
        return self.path / SEARCH_FILE


def imports_dir(var_dir: Path) -> Path:
    """Where ``s3kg import`` writes one N-Quads file per source, for the next build."""
    return var_dir / "imports"


def current_release(var_dir: Path) -> Release | None:
    """The release ``var/current`` points at, if there is a complete one."""
    link = var_dir / "current"
    if not link.is_symlink() or not (link / GRAPH_FILE).is_file():
        return None
    target = link.resolve()
    return Release(target.name, target)


@dataclass(frozen=True)
class ServerConfig:
    """Everything the web application needs; ``s3kg serve`` fills it from flags and S3KG_* vars.

    ``store_path`` may go through a symlink (``var/current/store``): it is re-resolved on each
    query, so a new build is picked up without a restart.  With ``store_url`` set, queries go
    to that remote SPARQL 1.1 server instead, and ``store_path`` only locates the build
    report.  ``update_token`` switches SPARQL Update on, for requests carrying
    ``Authorization: Bearer <token>``.  ``allow_service`` lists the SERVICE endpoints a query
    may call (``*`` allows any); empty means none.  ``client_queries`` is how many queries
    one client address may have in the query pool (running or waiting for a worker) at once;
    one more is refused with 429, so that a client cannot hold every worker with runaway
    queries.
    """

    store_path: Path
    queries_dir: Path | None = None
    store_url: str | None = None  # a remote SPARQL endpoint instead (see s3kg.store.backends)
    query_timeout: float = 30.0
    result_limit: int = 10_000
    max_request_bytes: int = 1_048_576
    workers: int = 2
    client_queries: int = 1
    update_token: str | None = None
    allow_load: bool = False
    allow_service: frozenset[str] = frozenset()
    cors_origins: tuple[str, ...] = ()
    public_url: str | None = None
    settings: Settings = field(default_factory=Settings)  # ontology and shapes for the pages


@dataclass(frozen=True)
class RunOptions:
    """How ``s3kg serve`` runs the HTTP side (waitress); the defaults of its flags.

    ``threads`` run the application on complete requests; ``max_connections`` bounds the open
    connections (each costs a file descriptor and its buffers, not a thread).  With
    ``trusted_proxy`` (the address of a reverse proxy, ``*`` for any) the client address is
    taken from that proxy's ``X-Forwarded-For``, for the per-client query limit and the log.
    """

    host: str = "127.0.0.1"
    port: int = 8000
    threads: int = 8
    log_level: str = "INFO"
    max_connections: int = 1000
    trusted_proxy: str | None = None
