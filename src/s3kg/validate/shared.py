"""Validation on several cores: the root shapes shared out among forked processes.

pySHACL is single-threaded Python. Every result comes from one shape with targets
(``shape_roots``), so processes that each check some of those shapes on the same data
report together exactly what one process checking all of them reports. Forked once the
data graph is made, they see it without copying or pickling it. Each sends back its
findings and its report graph as N-Triples (written and read by Oxigraph, blank-node labels
kept, so that a focus node that is a blank node stays one node in the merged report). The
build shares its shapes out the same way, while its store loads (``s3kg.build.checking``).
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import sys
import time
from collections.abc import Sequence
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.namespace import SH

from s3kg.config import Settings
from s3kg.errors import InputError, S3kgError
from s3kg.validate.findings import Finding, ValidationResult, sorted_findings
from s3kg.validate.shacl import (
    PreparedData,
    check_prepared,
    prepare_files,
    shape_files,
    shape_roots,
)
from s3kg.vocab.rdf import load_shapes, to_oxigraph

_PR_SET_PDEATHSIG = 1  # prctl option: the signal a process gets when its parent dies
Part = tuple[bytes, list[Finding]]


def validate_paths(
    files: Sequence[str],
    settings: Settings,
    fmt: str | None = None,
    shapes: Sequence[str] = (),
    inference: str = "none",
) -> ValidationResult:
    """``s3kg validate``: the given files, or the built graph of the current release.

    The project's shapes are shared out among ``settings.validate_jobs`` processes; other
    shapes are checked in one. pySHACL gathers the shapes a shape named in ``use_shapes``
    refers to only ten levels deep and not through every list, so a split can change the
    results of shapes that refer to each other deeply (the W3C suite's shacl-shacl test);
    ours are tested to give the same report either way (tests/validate/test_shared.py)."""
    paths = [Path(f) for f in files]
    if not paths:
        if not settings.graph_file.is_file():
            raise InputError(
                f"no built graph at {settings.graph_file}: run `s3kg build`, or name RDF files"
            )
        paths = [settings.graph_file]
    shapes_graph = load_shapes([Path(s) for s in shapes] or shape_files(settings))
    prepared = prepare_files(paths, fmt, shapes_graph, settings, inference)
    return check_shared(prepared, shapes_graph, 1 if shapes else settings.validate_jobs)


def check_shared(prepared: PreparedData, shapes: Graph, processes: int) -> ValidationResult:
    """``check_prepared`` with the root shapes shared out among ``processes`` processes."""
    try:
        roots = shape_roots(shapes)
    except InputError:  # a blank-node shape with targets cannot be named to a process
        roots = []
    if processes < 2 or len(roots) < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return check_prepared(prepared, shapes)
    shares = share_out(shapes, roots, processes)
    context = multiprocessing.get_context("fork")
    children = []
    for share in shares[1:]:
        receive, send = context.Pipe(duplex=False)
        child = context.Process(
            target=_child, args=(send, os.getpid(), prepared, shapes, share), daemon=True
        )
        child.start()
        send.close()
        children.append((child, receive))
    try:
        here = check_prepared(prepared, shapes, shares[0])
        parts = [_receive(child, receive) for child, receive in children]
    finally:
        for child, _ in children:
            if child.is_alive():
                child.kill()
            child.join()
    return _merged(prepared, here, parts)


def share_out(shapes: Graph, roots: list[URIRef], parts: int) -> list[list[URIRef]]:
    """Root shapes in ``parts`` shares of about equal work. A SPARQL constraint runs one query
    per focus node and costs far more than a Core one, so each counts as several (the
    longest-first rule: each shape, heaviest first, goes to the lightest share)."""

    def weight(root: URIRef) -> int:
        inner = [root, *shapes.objects(root, SH.property)]
        return 1 + 4 * sum(1 for node in inner for _ in shapes.objects(node, SH.sparql))

    shares: list[list[URIRef]] = [[] for _ in range(parts)]
    loads = [0] * parts
    for root in sorted(roots, key=lambda r: (-weight(r), str(r))):
        lightest = loads.index(min(loads))
        shares[lightest].append(root)
        loads[lightest] += weight(root)
    return [share for share in shares if share]


def die_with_parent(parent: int) -> bool:
    """Ask Linux to kill this process when its parent dies (a stopped validation must not
    check on for nobody); False if the parent, pid ``parent``, is already gone (the orphan
    then belongs to init or to a subreaper, whatever its pid)."""
    if sys.platform == "linux":
        ctypes.CDLL(None).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
        return os.getppid() == parent
    return True


def _child(send: Connection, parent: int, prepared: PreparedData, shapes: Graph,
           roots: list[URIRef]) -> None:  # fmt: skip
    if not die_with_parent(parent):
        return
    message: Part | tuple[str, str]
    try:
        result = check_prepared(prepared, shapes, roots)
        triples = (ox.Triple(*(to_oxigraph(t) for t in triple)) for triple in result.report)
        message = (ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b"", result.findings)
    except S3kgError as err:
        message = ("input", str(err))
    except Exception as err:  # a bug: the parent raises it as one process would, not as input
        message = ("bug", f"{type(err).__name__}: {err}")
    send.send(message)
    send.close()


def _receive(child: Any, receive: Connection) -> Part:
    try:
        message: Part | tuple[str, str] = receive.recv()
    except (EOFError, OSError):  # died before or while sending: killed, out of memory
        child.join()
        raise S3kgError(
            f"a validating process stopped unexpectedly (exit code {child.exitcode}); "
            "run again with --jobs 1 to validate in one process"
        ) from None
    if message[0] == "input":
        raise InputError(str(message[1]))
    if message[0] == "bug":
        raise RuntimeError(f"validation failed in a child process: {message[1]}")
    return message  # type: ignore[return-value]


def _merged(
    prepared: PreparedData, here: ValidationResult, parts: Sequence[Part]
) -> ValidationResult:
    findings = here.findings + [finding for _, found in parts for finding in found]
    seconds = time.monotonic() - prepared.started
    return ValidationResult(
        here.own_report, sorted_findings(findings), seconds, prepared.names, prepared.notes,
        [data for data, _ in parts],
    )  # fmt: skip
