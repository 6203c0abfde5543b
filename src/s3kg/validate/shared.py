"""Validation on several cores: the root shapes shared out among forked processes.

pySHACL is single-threaded Python. Every result comes from one shape with targets
(``shape_roots``), so processes that each check some of those shapes on the same data
report together exactly what one process checking all of them reports. Forked once the
data graph is made, they see it without copying or pickling it. Each sends back its
findings and its report graph as N-Triples (written and read by Oxigraph, blank-node labels
kept, so that a focus node that is a blank node stays one node in the merged report). The
build shares its shapes out the same way while its store loads (``s3kg.build.checking``),
weighed by their constraints only (it has no store to count focus nodes on yet).
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import SH

from s3kg.config import Settings
from s3kg.errors import InputError
from s3kg.heap import frozen_heap
from s3kg.validate.batches import batch_problem, validate_in_batches
from s3kg.validate.engine import oxigraph_of
from s3kg.validate.findings import Part, ValidationResult, sorted_findings
from s3kg.validate.forks import can_fork, run_forked
from s3kg.validate.shacl import (
    PreparedData,
    check_prepared,
    prepare_files,
    shape_files,
    shape_roots,
)
from s3kg.validate.targets import shape_targets, target_counts
from s3kg.vocab.rdf import format_name, load_shapes, packed_ntriples


def validate_paths(
    files: Sequence[str],
    settings: Settings,
    fmt: str | None = None,
    shapes: Sequence[str] = (),
    inference: str = "none",
    progress: Callable[[str], None] = lambda _: None,
) -> ValidationResult:
    """``s3kg validate``: the given files, or the built graph of the current release.

    In batches of focus nodes (``s3kg.validate.batches``) when the whole graph would take
    more memory than ``settings.validate_memory_mib`` and the shapes allow it; otherwise in
    memory, as follows.

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
    why = None
    if _in_batches(paths, fmt, settings):
        why = batch_problem(shapes_graph, inference)
        result = None if why else validate_in_batches(paths, fmt, shapes_graph, settings, progress)
        if result is not None:
            return result
        why = why or "a SPARQL constraint's query needs rdflib's engine on the whole graph"
        progress(f"validating the whole graph in memory: {why}")
    prepared = prepare_files(paths, fmt, shapes_graph, settings, inference)
    result = check_shared(prepared, shapes_graph, 1 if shapes else settings.validate_jobs)
    if why:
        result.notes.append(f"validated the whole graph in memory, not in batches: {why}")
    return result


# Bytes of a file per triple, by format (measured on s3kg's graphs, rounded down so that
# the estimate errs on the large side), and the memory a triple takes in the whole-graph
# validation, over both processes (the machine has to hold them all): 3.1-3.3 GiB at 10^6
# quads (docs/shacl-benchmark.md), of which 2.1 GiB in the largest process.
_BYTES_PER_TRIPLE = {"nq": 150, "nt": 130, "ttl": 40, "trig": 40, "jsonld": 80, "rdfxml": 80}
_KIB_PER_TRIPLE = 3.4


def _in_batches(paths: Sequence[Path], fmt: str | None, settings: Settings) -> bool:
    """Whether the files are validated in batches: when the whole graph in memory is
    estimated to take more than ``settings.validate_memory_mib``."""
    if not settings.validate_batch:
        return False
    triples = sum(
        path.stat().st_size / _BYTES_PER_TRIPLE.get(fmt or format_name(path), 40)
        for path in paths if path.is_file()
    )  # fmt: skip
    return triples * _KIB_PER_TRIPLE / 1024 > settings.validate_memory_mib


def check_shared(prepared: PreparedData, shapes: Graph, processes: int) -> ValidationResult:
    """``check_prepared`` with the root shapes shared out among ``processes`` processes, the
    data graph frozen out of the collector's reach meanwhile (``s3kg.heap``)."""
    with frozen_heap():
        shares = shares_for(prepared, shapes, processes)
        if len(shares) < 2 or not can_fork():
            return check_prepared(prepared, shapes)
        here, parts = run_forked(
            lambda: check_prepared(prepared, shapes, shares[0]),
            [functools.partial(_part, prepared, shapes, share) for share in shares[1:]],
        )
    return _merged(prepared, here, parts)


def shares_for(prepared: PreparedData, shapes: Graph, processes: int) -> list[list[URIRef]]:
    """The root shapes shared out for these data; one share when they cannot be: a
    blank-node shape with targets cannot be named to a process, and a shape pySHACL finds
    targets for that ``shape_roots`` does not see (an implicit class target) would be
    checked by none."""
    try:
        roots = shape_roots(shapes)
        targets, _ = shape_targets(shapes)
    except InputError:  # pySHACL's own run says what is wrong with the shapes
        return [[]]
    if processes < 2 or len(roots) < 2 or not set(targets) <= set(roots):
        return [[]]
    sizes = target_counts(targets, oxigraph_of(prepared.data))
    return share_out(shapes, roots, processes, sizes)


def share_out(shapes: Graph, roots: list[URIRef], parts: int,
              sizes: Mapping[URIRef, int] | None = None) -> list[list[URIRef]]:  # fmt: skip
    """Root shapes in ``parts`` shares of about equal work (the longest-first rule: each
    shape, heaviest first, goes to the lightest share). A SPARQL constraint runs one query
    per focus node and costs far more than a Core one, so it counts as four. Without
    ``sizes`` a root weighs 1 + 4 x its SPARQL constraints; given each root's number of
    focus nodes, that number x (1 + its property shapes + 4 x its SPARQL constraints): at
    10^6 triples the shares then took 41 s and 40 s, where the first weights gave 48 s and
    33 s."""

    def weight(root: URIRef) -> int:
        properties = list(shapes.objects(root, SH.property))
        queries = sum(1 for node in [root, *properties] for _ in shapes.objects(node, SH.sparql))
        if sizes is None:
            return 1 + 4 * queries
        return max(sizes.get(root, 0), 1) * (1 + len(properties) + 4 * queries)

    shares: list[list[URIRef]] = [[] for _ in range(parts)]
    loads = [0] * parts
    for root in sorted(roots, key=lambda r: (-weight(r), str(r))):
        lightest = loads.index(min(loads))
        shares[lightest].append(root)
        loads[lightest] += weight(root)
    return [share for share in shares if share]


def _part(prepared: PreparedData, shapes: Graph, roots: list[URIRef]) -> Part:
    """One share's findings, and its report as N-Triples (blank-node labels kept, so that a
    focus node that is a blank node stays one node in the merged report)."""
    result = check_prepared(prepared, shapes, roots)
    return packed_ntriples(result.report), result.findings


def _merged(
    prepared: PreparedData, here: ValidationResult, parts: Sequence[Part]
) -> ValidationResult:
    findings = here.findings + [finding for _, found in parts for finding in found]
    seconds = time.monotonic() - prepared.started
    return ValidationResult(
        here.own_report, sorted_findings(findings), seconds, prepared.names, prepared.notes,
        [data for data, _ in parts],
    )  # fmt: skip
