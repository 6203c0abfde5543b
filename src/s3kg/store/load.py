"""``s3kg load --to URL``: push a built graph (N-Quads) to a remote SPARQL 1.1 server.

Standard protocols only, in this order of preference:

1. **Graph Store Protocol** (when the store has a graph store URL, see
   :class:`s3kg.store.http.Endpoints`): the quads are split by graph into N-Triples chunks
   on disk, then each graph is replaced by ``PUT ?graph=IRI`` with its first chunk and
   extended by ``POST`` with the next ones, so no request holds more than ``batch`` triples;
2. with ``dataset=True``, one ``POST`` of the whole N-Quads file to the graph store URL
   itself, which Oxigraph and Fuseki accept (the fastest, one transaction per request);
   ``bulk=True`` adds Oxigraph's ``no_transaction`` flag to graph store requests, so its
   bulk loader is used (many times faster, but a failed load leaves part of the data);
3. **SPARQL Update** otherwise: ``DROP SILENT GRAPH`` then ``INSERT {…} WHERE {}`` in batches
   of ``per_request`` triples (Virtuoso's SPARQL compiler runs out of memory near 5,000).

The input is streamed: memory holds at most ``flush`` triples per graph, whatever the size.
Terms are written by pyoxigraph's serialisers, so the data is never pasted into SPARQL text.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pyoxigraph as ox

from s3kg.errors import InputError
from s3kg.store import jobs as st
from s3kg.store.http import Client, Endpoints, Response

Progress = Callable[[str], None]
NT = "application/n-triples"
DEFAULT = ""  # the key of the default graph


@dataclass
class LoadReport:
    triples: int = 0
    graphs: dict[str, int] = field(default_factory=dict)
    requests: int = 0
    seconds: float = 0.0
    method: str = ""

    @property
    def rate(self) -> float:
        return self.triples / self.seconds if self.seconds else 0.0


@dataclass
class _Chunks:
    """N-Triples chunk files of one graph, each holding at most ``batch`` triples."""

    folder: Path
    key: int
    files: list[tuple[Path, int]] = field(default_factory=list)

    def add(self, triples: list[Any], batch: int) -> None:
        if not self.files or self.files[-1][1] + len(triples) > batch:
            self.files.append((self.folder / f"g{self.key}-{len(self.files)}.nt", 0))
        path, count = self.files[-1]
        with path.open("ab") as out:
            ox.serialize(triples, out, format=ox.RdfFormat.N_TRIPLES)
        self.files[-1] = (path, count + len(triples))


def load(source: Path, to: str, *, batch: int = 500_000, timeout: float = 600.0,
         dataset: bool = False, bulk: bool = False,
         progress: Progress = lambda _m: None) -> LoadReport:
    """Replace the graphs of ``source`` (N-Quads) on the server at ``to``; see the module."""
    if not source.is_file():
        raise InputError(f"no N-Quads file at {source}: build the graph first (s3kg build)")
    endpoints = Endpoints.from_url(to)
    if bulk and endpoints.graph_store is not None:
        flagged = endpoints.graph_store + ("&" if "?" in endpoints.graph_store else "?")
        endpoints = replace(endpoints, graph_store=flagged + "no_transaction")
    client = Client()
    started = time.monotonic()
    try:
        if dataset:
            report = _post_dataset(client, endpoints, source, timeout)
        else:
            report = _load_by_graph(client, endpoints, source, batch, timeout, progress)
    finally:
        client.close()
    report.seconds = time.monotonic() - started
    return report


def _post_dataset(client: Client, endpoints: Endpoints, source: Path,
                  timeout: float) -> LoadReport:
    if endpoints.graph_store is None:
        raise InputError("--dataset needs a graph store URL (S3KG_STORE_GSP)")
    with source.open("rb") as body:
        _send(client, "POST", endpoints.graph_store, body, "application/n-quads",
              timeout, size=source.stat().st_size)
    count = sum(1 for _ in _lines(source))
    return LoadReport(triples=count, requests=1, method="graph store: one N-Quads POST")


def _load_by_graph(client: Client, endpoints: Endpoints, source: Path, batch: int,
                   timeout: float, progress: Progress) -> LoadReport:
    with tempfile.TemporaryDirectory(prefix="s3kg-load-") as folder:
        chunks = split_by_graph(source, Path(folder), batch)
        report = LoadReport(graphs={g: sum(n for _, n in c.files) for g, c in chunks.items()})
        report.triples = sum(report.graphs.values())
        for graph, graph_chunks in sorted(chunks.items()):
            progress(f"loading {report.graphs[graph]} triples into <{graph or 'default'}>")
            if endpoints.graph_store is not None:
                report.method = "graph store protocol: PUT then POST per graph"
                report.requests += _put_graph(client, endpoints.graph_store, graph,
                                              graph_chunks, timeout)
            else:
                report.method = "SPARQL Update: DROP SILENT GRAPH, INSERT"
                report.requests += _insert_graph(client, endpoints.update, graph,
                                                 graph_chunks, timeout)
    return report


def split_by_graph(source: Path, folder: Path, batch: int,
                   flush: int = 20_000) -> dict[str, _Chunks]:
    """Stream ``source`` into per-graph N-Triples chunk files under ``folder``."""
    chunks: dict[str, _Chunks] = {}
    buffers: dict[str, list[Any]] = {}
    for quad in ox.parse(path=str(source), format=ox.RdfFormat.N_QUADS):
        name = quad.graph_name
        key = name.value if isinstance(name, ox.NamedNode) else DEFAULT
        buffer = buffers.setdefault(key, [])
        buffer.append(quad.triple)
        if len(buffer) >= flush:
            chunks.setdefault(key, _Chunks(folder, len(chunks))).add(buffer, batch)
            buffers[key] = []
    for key, buffer in buffers.items():
        if buffer:
            chunks.setdefault(key, _Chunks(folder, len(chunks))).add(buffer, batch)
    return chunks


def _put_graph(client: Client, graph_store: str, graph: str, chunks: _Chunks,
               timeout: float) -> int:
    target = graph_store + ("&" if "?" in graph_store else "?")
    target += urlencode({"graph": graph} if graph else {"default": ""})
    for index, (path, _count) in enumerate(chunks.files):
        with path.open("rb") as body:
            _send(client, "PUT" if index == 0 else "POST", target, body, NT, timeout,
                  size=path.stat().st_size)
    return len(chunks.files)


def _insert_graph(client: Client, update: str, graph: str, chunks: _Chunks,
                  timeout: float, per_request: int = 1_000) -> int:
    target = f"GRAPH {ox.NamedNode(graph)} " if graph else ""
    drop = f"DROP SILENT GRAPH {ox.NamedNode(graph)}" if graph else "DROP SILENT DEFAULT"
    _update(client, update, drop, timeout)
    requests = 1
    for path, _count in chunks.files:
        # Blank node labels are local to one request: keep a chunk that has any together.
        size = per_request if "_:" not in path.read_text(encoding="utf-8") else 1 << 62
        for lines in _batches(_lines(path), size):
            # INSERT {…} WHERE {} rather than INSERT DATA: the same in SPARQL 1.1, and
            # Virtuoso accepts blank nodes only there.
            body = f"INSERT {{ {target}{{\n{''.join(lines)}}} }} WHERE {{ }}"
            _update(client, update, body, timeout)
            requests += 1
    return requests


def _update(client: Client, url: str, text: str, timeout: float) -> None:
    _send(client, "POST", url, text.encode("utf-8"), "application/sparql-update", timeout)


def _send(client: Client, method: str, url: str, body: Any, media: str, timeout: float,
          size: int | None = None) -> None:
    headers = {"Content-Type": media}
    if size is not None:
        headers["Content-Length"] = str(size)
    response: Response = client.request(method, url, deadline=time.monotonic() + timeout,
                                        body=body, headers=headers)
    try:
        if response.status >= 300:
            raise st.QueryError(f"{method} {url} failed with HTTP {response.status}: "
                                f"{response.text(500)}")
        response.body.read()
    finally:
        response.close()


def _lines(path: Path) -> Iterator[str]:
    with path.open(encoding="utf-8") as lines:
        yield from (line for line in lines if line.strip())


def _batches(items: Iterator[str], size: int) -> Iterator[list[str]]:
    batch: list[str] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch
