"""Whole-graph downloads: each named graph and the whole dataset as gzipped N-Quads, TriG and
Turtle, made once per release from its canonical N-Quads (``s3kg.nq``) and kept beside it.

They bypass the query pool and its result limit on purpose: a dump is a file, read from disk,
not an answer (``/rdf-graph-store?default`` is over the limit and says where to look).  Each
file is written on its first request, atomically, into ``<release>/dumps/`` (or, if the
release folder is read-only, a folder per release under the temporary folder); ``/dataset``
and the VoID/DCAT description list them as distributions, with their size once made.
"""

from __future__ import annotations

import gzip
import os
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from flask import Blueprint, Response, send_file
from werkzeug.exceptions import HTTPException

from s3kg.config import GRAPH_FILE
from s3kg.errors import S3kgError
from s3kg.store import jobs as st
from s3kg.vocab.prefixes import PREFIXES
from s3kg.web import current_backend, endpoint_url, pages
from s3kg.web.resources import BASE, NotFoundError

blueprint = Blueprint("downloads", __name__)

FORMATS: dict[str, tuple[str, Any, str]] = {
    "nq": ("application/n-quads", ox.RdfFormat.N_QUADS, "N-Quads"),
    "trig": ("application/trig", ox.RdfFormat.TRIG, "TriG"),
    "ttl": ("text/turtle", ox.RdfFormat.TURTLE, "Turtle"),
}
WHOLE = "s3kg"  # the file stem of the whole dataset
GRAPH_BASE = BASE + "graph/"
IANA = "http://www.iana.org/assignments/media-types/"
LICENSE = "https://creativecommons.org/licenses/by/4.0/"
_LOCK = threading.Lock()


@dataclass(frozen=True)
class Dump:
    stem: str  # "s3kg" or the graph's name with "/" as "-" ("import-us-cluster-categories")
    graph: str | None  # None: every graph
    fmt: str

    @property
    def name(self) -> str:
        return f"{self.stem}.{self.fmt}.gz"

    @property
    def media_type(self) -> str:
        return FORMATS[self.fmt][0]


def dumps(graphs: tuple[str, ...]) -> list[Dump]:
    """Every download: the whole dataset, then each of our named graphs, in each format."""
    ours = [g for g in graphs if g.startswith(GRAPH_BASE)]
    stems = [(WHOLE, None)] + [(g[len(GRAPH_BASE) :].replace("/", "-"), g) for g in ours]
    return [Dump(stem, graph, fmt) for stem, graph in stems for fmt in FORMATS]


def release_folder() -> Path:
    return current_backend().pool.follow().resolve().parent


def dump_folder(release: Path) -> Path:
    """Where the dumps of ``release`` live: beside it when it is writable."""
    own = release / "dumps"
    if own.is_dir() or os.access(release, os.W_OK):
        return own
    return Path(tempfile.gettempdir()) / "s3kg-dumps" / release.name


def existing_size(dump: Dump) -> int | None:
    """The byte size of a dump already made (None before its first download)."""
    path = dump_folder(release_folder()) / dump.name
    return path.stat().st_size if path.is_file() else None


@blueprint.route("/downloads/<name>")
def download(name: str) -> Response:
    backend = current_backend()
    found = {d.name: d for d in dumps(backend.catalog().graphs)}
    dump = found.get(name)
    if dump is None:
        raise NotFoundError(f"No download {name!r}; /dataset lists them.")
    path = make(dump, release_folder())
    response = send_file(path, mimetype="application/gzip", as_attachment=True,
                         download_name=name, max_age=3600)
    response.headers["X-Content-Media-Type"] = dump.media_type
    return response


def make(dump: Dump, release: Path) -> Path:
    """The dump's file, written now if this release has none yet."""
    folder = dump_folder(release)
    target = folder / dump.name
    with _LOCK:  # one writer per process; the rename keeps other processes' readers whole
        if not target.is_file():
            folder.mkdir(parents=True, exist_ok=True)
            source = release / GRAPH_FILE
            if not source.is_file():
                raise st.StoreUnavailableError(f"this release has no {GRAPH_FILE} to dump")
            _write(dump, source, target)
    return target


def _write(dump: Dump, source: Path, target: Path) -> None:
    quads: Any = ox.parse(path=str(source), format=ox.RdfFormat.N_QUADS)
    if dump.graph is not None:
        name = ox.NamedNode(dump.graph)
        quads = (q for q in quads if q.graph_name == name)
    items: list[Any] = list(quads)
    if dump.fmt == "ttl":  # Turtle has no graphs: the triples, once each
        items = list(dict.fromkeys(q.triple for q in items))
    body = ox.serialize(items, format=FORMATS[dump.fmt][1], prefixes=PREFIXES) or b""
    temporary = target.with_suffix(f".tmp{os.getpid()}")
    with gzip.open(temporary, "wb", compresslevel=6) as out:
        out.write(body)
    temporary.replace(target)


def distribution_triples(root: Any) -> list[Any]:
    """DCAT distributions of every dump, attached to ``root`` (whole) or to its graph."""
    triples: list[Any] = []
    dcat, dct = PREFIXES["dcat"], PREFIXES["dcterms"]
    for dump in dumps(current_backend().catalog().graphs):
        dataset = root if dump.graph is None else ox.NamedNode(dump.graph)
        node = ox.NamedNode(f"{root.value}/distribution/dump/{dump.stem}-{dump.fmt}")
        size = existing_size(dump)
        title = f"{'Whole dataset' if dump.graph is None else dump.stem} as gzipped " + (
            FORMATS[dump.fmt][2])
        facts: list[tuple[str, Any]] = [
            (PREFIXES["rdf"] + "type", ox.NamedNode(dcat + "Distribution")),
            (dct + "title", ox.Literal(title, language="en")),
            (dcat + "downloadURL", ox.NamedNode(endpoint_url("/downloads/" + dump.name))),
            (dcat + "mediaType", ox.NamedNode(IANA + dump.media_type)),
            (dcat + "compressFormat", ox.NamedNode(IANA + "application/gzip")),
        ]
        if dump.graph is None or "/import/" not in dump.graph:  # imports keep their own
            facts.append((dct + "license", ox.NamedNode(LICENSE)))
        if size is not None:
            facts.append((dcat + "byteSize", ox.Literal(str(size), datatype=ox.NamedNode(
                PREFIXES["xsd"] + "nonNegativeInteger"))))
        triples.append(ox.Triple(dataset, ox.NamedNode(dcat + "distribution"), node))
        triples += [ox.Triple(node, ox.NamedNode(p), o) for p, o in facts]
    return triples


for _handled in (S3kgError, HTTPException):
    blueprint.register_error_handler(_handled, pages.handle_error)
