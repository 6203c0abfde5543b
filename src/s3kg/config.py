"""The one place where default paths and settings live.

Every path can be overridden by an environment variable (``S3KG_*``) or a CLI flag; the
defaults assume a checkout with ``../shared`` beside it, as in development and CI.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path


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
    w3c_dir: Path = field(
        default_factory=lambda: _env_path("S3KG_W3C", PROJECT_ROOT.parent / "shared" / "w3c")
    )

    @property
    def current_release(self) -> Path:
        """Symlink to the last good build; replaced atomically by a successful build."""
        return self.var_dir / "current"

    @property
    def graph_file(self) -> Path:
        """Canonical N-Quads of the last good build."""
        return self.current_release / "s3kg.nq"

    @property
    def store_dir(self) -> Path:
        """Oxigraph store of the last good build."""
        return self.current_release / "store"
