"""Making many documents' fragments at once, on several cores.

Finding mentions and proposing candidates is pure Python, one document at a time, and most
of a first build's time. Each fragment is a function of its document and of read-only
inputs (the gazetteer, the extraction context), so forked children can make them side by
side: they see those inputs without copying or pickling them, and send back only the
canonical N-Quads, which are the same bytes whichever process made them. Where ``fork`` is
not available, or there is one fragment to make, they are made here, one after another.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from rdflib import Graph, URIRef

from s3kg.errors import BuildError
from s3kg.vocab.rdf import canonical_nquads

Fill = Callable[[Graph], object]
Made = tuple[bytes, Graph | None]  # the N-Quads, and the graph when it was made here

# The fills of the current ``make_all`` call, set before the children are forked: they
# inherit it, so a child is told only an index.
_FILLS: list[tuple[URIRef, Fill]] = []


def make_all(
    name: URIRef,
    fills: Sequence[Fill],
    workers: int,
    report: Callable[[int], None] = lambda _done: None,
) -> list[Made]:
    """Each fill's fragment of graph ``name``, in order; ``report`` hears how many are made."""
    if workers < 2 or len(fills) < 2 or "fork" not in multiprocessing.get_all_start_methods():
        made = []
        for done, fill in enumerate(fills, start=1):
            made.append(_make_here(name, fill))
            report(done)
        return made
    return list(_make_forked(name, fills, workers, report))


def _make_here(name: URIRef, fill: Fill) -> Made:
    graph = Graph(identifier=name)
    fill(graph)
    return canonical_nquads({name: graph}), graph


def _make_forked(
    name: URIRef, fills: Sequence[Fill], workers: int, report: Callable[[int], None]
) -> Iterator[Made]:
    _FILLS[:] = [(name, fill) for fill in fills]
    context = multiprocessing.get_context("fork")
    try:
        # An executor, not a multiprocessing pool: a child that dies (killed, out of memory)
        # breaks it with an error instead of leaving the build waiting for ever.
        with ProcessPoolExecutor(min(workers, len(fills)), mp_context=context) as pool:
            for done, nquads in enumerate(pool.map(_make_in_child, range(len(fills))), 1):
                report(done)
                yield nquads, None
    except BrokenProcessPool as err:
        raise BuildError(f"a process reading documents stopped unexpectedly ({err}); "
                         "the last good graph stays published") from None
    finally:
        _FILLS.clear()


def _make_in_child(index: int) -> bytes:
    name, fill = _FILLS[index]
    return _make_here(name, fill)[0]
