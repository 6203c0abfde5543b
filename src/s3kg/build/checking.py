"""Validating a build while its store loads, the shapes shared out between two processes.

The SHACL shapes run in single-threaded Python (pySHACL), while loading the store is mostly
native work (N-Quads parsing, RocksDB). So the build forks children that validate while it
stages the release, and makes the release current only if no child reports a violation.
Every result comes from one shape with targets (``shape_roots``), so two children with half
of those shapes each report exactly what one process with all of them would; forked, they
see the graphs without copying or pickling them. Where ``fork`` is not available,
validation runs first, in this process, with every shape.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from typing import Any

from rdflib import Graph, URIRef

from s3kg.config import Settings
from s3kg.errors import BuildError, S3kgError
from s3kg.validate.forks import die_with_parent
from s3kg.validate.shacl import (
    add_graphs,
    build_skips,
    check_prepared,
    prepare_data,
    shape_files,
    shape_roots,
    validate_graphs,
)
from s3kg.validate.shared import share_out
from s3kg.vocab.rdf import canonical_nquads, load_shapes

PROCESSES = 2
_BRIEF_LINES = 20


@dataclass(frozen=True)
class Verdict:
    conforms: bool
    summary: dict[str, Any] = field(default_factory=dict)
    brief: str = ""
    error: str | None = None  # a problem with the shapes themselves, not with the data


def verdict_of(
    graphs: dict[URIRef, Graph], settings: Settings, use_shapes: Sequence[URIRef] | None = None
) -> Verdict:
    try:
        result = validate_graphs(graphs, settings, use_shapes=use_shapes)
    except S3kgError as err:
        return Verdict(False, error=str(err))
    return Verdict(result.conforms, result.summary(), result.brief())


def combined(verdicts: Sequence[Verdict]) -> Verdict:
    """One verdict of several children's, as one process with all their shapes would give."""
    errors = [v.error for v in verdicts if v.error]
    if errors:
        return Verdict(False, error=errors[0])
    summary = dict(verdicts[0].summary)
    for name in ("violations", "warnings", "infos"):
        summary[name] = sum(v.summary.get(name, 0) for v in verdicts)
    summary["seconds"] = max(v.summary.get("seconds", 0) for v in verdicts)
    summary["conforms"] = all(v.conforms for v in verdicts)
    lines = [line for v in verdicts for line in v.brief.splitlines() if line]
    return Verdict(summary["conforms"], summary, "\n".join(lines[:_BRIEF_LINES]))


Graphs = dict[URIRef, Graph]


class Validation:
    """Validation of ``graphs`` that runs beside the caller until ``result`` is asked for.

    ``graphs`` may be a function that makes them: it then runs in the child, so that
    gathering a large graph (a first build's new document parts) does not hold the caller up.
    The graphs named in ``late`` are not made yet: the child prepares the rest, then waits
    for them (``add_late``) before it checks anything, so a build can validate while it
    still writes its graph and describes it in the metadata graph.
    """

    def __init__(self, graphs: Graphs | Callable[[], Graphs], settings: Settings,
                 late: Sequence[URIRef] = ()):  # fmt: skip
        self._verdict: Verdict | None = None
        self._children: list[tuple[Any, Connection]] = []
        self._here: tuple[Graphs | Callable[[], Graphs], Settings] | None = None
        self._late: Connection | None = None
        if "fork" not in multiprocessing.get_all_start_methods():
            self._here = (graphs, settings)  # checked in this process by ``result``
            return
        try:
            shapes = load_shapes(shape_files(settings))
            roots = shape_roots(shapes)
        except S3kgError as err:
            self._verdict = Verdict(False, error=str(err))
            return
        # No shape with targets: one share of every shape (use_shapes empty means all).
        shares = share_out(shapes, roots, PROCESSES) or [[]]
        self._start(graphs, settings, shapes, shares, late)

    def _start(self, graphs: Graphs | Callable[[], Graphs], settings: Settings, shapes: Graph,
               shares: list[list[URIRef]], late: Sequence[URIRef]) -> None:  # fmt: skip
        context = multiprocessing.get_context("fork")
        pipes = [context.Pipe(duplex=False) for _ in shares]
        waiting, self._late = context.Pipe(duplex=False) if late else (None, None)
        child = context.Process(target=_child, args=(
            [send for _, send in pipes], graphs, settings, shapes, shares, waiting, tuple(late)))
        child.start()
        for _, send in pipes:
            send.close()
        if waiting is not None:
            waiting.close()
        # Each share's verdict comes through its own pipe; the first child stands for both
        # (if it dies, every pipe closes and the build stops).
        self._children = [(child, receive) for receive, _ in pipes]

    def add_late(self, graphs: Graphs) -> None:
        """The graphs named ``late``, now made; they go to the child as canonical N-Quads."""
        if self._here is not None:
            made, settings = self._here
            self._here = ({**(made() if callable(made) else made), **graphs}, settings)
        elif self._late is not None:
            try:
                self._late.send({name: canonical_nquads({name: g}) for name, g in graphs.items()})
                self._late.close()
            except OSError:  # the child is gone: ``result`` says why
                pass

    def result(self) -> Verdict:
        if self._here is not None:
            made, settings = self._here
            self._verdict = verdict_of(made() if callable(made) else made, settings)
            self._here = None
        if self._verdict is None:
            self._verdict = combined([self._wait(c, r) for c, r in self._children])
            for child in {id(c): c for c, _ in self._children}.values():
                child.join()
        return self._verdict

    def _wait(self, child: Any, receive: Connection) -> Verdict:
        try:
            verdict: Verdict = receive.recv()
        except EOFError:
            child.join()
            self.cancel()
            raise BuildError(
                f"validation stopped unexpectedly (exit code {child.exitcode}); "
                "the last good graph stays published"
            ) from None
        return verdict

    def cancel(self) -> None:
        for child, _ in self._children:
            if child.is_alive():
                child.kill()
                child.join()


def _child(
    sends: list[Connection],
    graphs: Graphs | Callable[[], Graphs],
    settings: Settings,
    shapes: Graph,
    shares: list[list[URIRef]],
    waiting: Connection | None = None,
    late: tuple[URIRef, ...] = (),
) -> None:
    """Make the data graph once, then check each share in a process of its own: the later
    shares in children forked from this one, which see the data graph without copying it."""
    try:
        made = {n: g for n, g in (graphs() if callable(graphs) else graphs).items()
                if n not in late}  # fmt: skip
        prepared = prepare_data(made, shapes, settings, skip=build_skips())
        if waiting is not None:
            add_graphs(prepared, _graphs_of(waiting.recv()))
    except S3kgError as err:
        for send in sends:
            _send(send, Verdict(False, error=str(err)))
        return
    except EOFError:  # the build stopped before its late graphs were made
        return
    context = multiprocessing.get_context("fork")
    helpers = [context.Process(target=_helper, args=(send, os.getpid(), prepared, shapes, share),
                               daemon=True)
               for send, share in zip(sends[1:], shares[1:], strict=True)]  # fmt: skip
    for helper in helpers:
        helper.start()
    for send in sends[1:]:
        send.close()
    _check(sends[0], prepared, shapes, shares[0])
    for helper in helpers:
        helper.join()


def _graphs_of(nquads: dict[URIRef, bytes]) -> Graphs:
    graphs = {}
    for name, data in nquads.items():
        graphs[name] = Graph(identifier=name)
        graphs[name].parse(data=data, format="nquads")
    return graphs


def _helper(
    send: Connection, parent: int, prepared: Any, shapes: Graph, roots: list[URIRef]
) -> None:
    # A cancelled build kills the first child; its helpers must not check on for nobody.
    if die_with_parent(parent):
        _check(send, prepared, shapes, roots)


def _check(send: Connection, prepared: Any, shapes: Graph, roots: list[URIRef]) -> None:
    try:
        result = check_prepared(prepared, shapes, roots)
        verdict = Verdict(result.conforms, result.summary(), result.brief())
    except S3kgError as err:
        verdict = Verdict(False, error=str(err))
    _send(send, verdict)


def _send(send: Connection, verdict: Verdict) -> None:
    try:
        send.send(verdict)
        send.close()
    except OSError:  # the build has stopped waiting (cancelled): nobody to tell
        pass
