"""Validating a build while its store loads.

The SHACL shapes run in single-threaded Python (pySHACL) while loading the store is mostly
native work (N-Quads parsing, RocksDB), so the build validates in a forked child process
while it stages the release, and makes the release current only if the child reports no
violation. A forked child sees the graphs without copying or pickling them. Where ``fork``
is not available, validation runs first, in this process.
"""

from __future__ import annotations

import multiprocessing
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from typing import Any

from rdflib import Graph, URIRef

from s3kg.config import Settings
from s3kg.errors import BuildError, S3kgError
from s3kg.validate.shacl import validate_graphs


@dataclass(frozen=True)
class Verdict:
    conforms: bool
    summary: dict[str, Any] = field(default_factory=dict)
    brief: str = ""
    error: str | None = None  # a problem with the shapes themselves, not with the data


def verdict_of(graphs: dict[URIRef, Graph], settings: Settings) -> Verdict:
    try:
        result = validate_graphs(graphs, settings)
    except S3kgError as err:
        return Verdict(False, error=str(err))
    return Verdict(result.conforms, result.summary(), result.brief())


class Validation:
    """Validation of ``graphs`` that runs beside the caller until ``result`` is asked for."""

    def __init__(self, graphs: dict[URIRef, Graph], settings: Settings):
        self._verdict: Verdict | None = None
        self._process: Any = None
        if "fork" not in multiprocessing.get_all_start_methods():
            self._verdict = verdict_of(graphs, settings)
            return
        context = multiprocessing.get_context("fork")
        self._conn, child = context.Pipe(duplex=False)
        self._process = context.Process(target=_child, args=(child, graphs, settings))
        self._process.start()
        child.close()

    def result(self) -> Verdict:
        if self._verdict is None:
            try:
                self._verdict = self._conn.recv()
            except EOFError:
                self._process.join()
                raise BuildError(
                    f"validation stopped unexpectedly (exit code {self._process.exitcode}); "
                    "the last good graph stays published"
                ) from None
            self._process.join()
        assert self._verdict is not None
        return self._verdict

    def cancel(self) -> None:
        if self._process is not None and self._process.is_alive():
            self._process.kill()
            self._process.join()


def _child(conn: Connection, graphs: dict[URIRef, Graph], settings: Settings) -> None:
    conn.send(verdict_of(graphs, settings))
    conn.close()
