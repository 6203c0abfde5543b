"""Validation in batches of focus nodes, so that the data need not fit in memory.

The files go into an Oxigraph store on disk (``s3kg.validate.ondisk``); the shapes' targets
are found there (``s3kg.validate.targets``); the focus nodes are cut into batches. For each
batch pySHACL validates the same shapes, their targets replaced by the batch's nodes
(``sh:targetNode``), on a data graph that holds only what validating those nodes reads
(``s3kg.validate.reach``), while its SPARQL constraints run on the whole store (a query for
all of the batch's focus nodes at once where that answers the same: ``s3kg.validate.lateral``).
Batches are shared out among processes, each opening the store read-only. The results are
pySHACL's on the whole graph; where a constraint's query would need rdflib's engine on the
whole graph (``batch_problem``, ``WholeGraphNeededError``), the caller validates it in memory
instead.
What still grows with the graph: the focus nodes' list (a term and a bit mask each) and
the findings, which wait on disk until every batch is done (``s3kg.validate.spool``).
"""

from __future__ import annotations

import gc
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal
from rdflib.namespace import OWL, RDF, SH

from s3kg.config import Settings
from s3kg.errors import S3kgError
from s3kg.heap import collector_paused, frozen_heap
from s3kg.validate import spool
from s3kg.validate.engine import (
    PRE_BOUND,
    OneGraph,
    SubgraphQueries,
    WholeGraphNeededError,
    prebinds_well,
)
from s3kg.validate.findings import Part, ValidationResult, findings_of, sorted_findings
from s3kg.validate.forks import can_fork, run_forked
from s3kg.validate.lateral import Lateral
from s3kg.validate.ondisk import LoadedStore, StoreLoader
from s3kg.validate.prefixes import DataGraph
from s3kg.validate.reach import Reach, subclass_triples
from s3kg.validate.shacl import SKIPPED_GRAPHS, graph_names, run_pyshacl
from s3kg.validate.targets import Batch, FocusNodes, focus_nodes, shape_targets
from s3kg.vocab.namespaces import ONTOLOGY_IRI, Graphs
from s3kg.vocab.prefixes import PREFIXES
from s3kg.vocab.rdf import packed_ntriples, to_oxigraph, to_rdflib

_DESCRIBED_DEPTH = 10  # pySHACL's clone_blank_node copies blank nodes this deep


def batch_problem(shapes: Graph, inference: str) -> str | None:
    """Why these shapes cannot be validated in batches, or None if they can (a query that
    pre-binds in ways only rdflib's engine does is found by its text; others as it runs)."""
    if inference != "none":
        return "the RDFS closure is computed on the whole graph"
    texts = [str(t) for p in (SH.select, SH.ask) for t in shapes.objects(None, p)]
    if any(not prebinds_well(text, PRE_BOUND) for text in texts):
        return "a SPARQL constraint uses a pre-bound variable in BOUND() or an assignment (AS)"
    return None


@dataclass
class _Plan:
    loaded: LoadedStore
    shapes: Graph  # the shapes without their targets
    subclass: list[ox.Triple]
    focus: FocusNodes
    size: int  # focus nodes a batch
    named: dict[Any, Any] = field(default_factory=dict)  # sh:targetNode values as the shapes say

    @property
    def count(self) -> int:
        return -(-len(self.focus.nodes) // self.size)


def validate_in_batches(
    paths: Sequence[Path], fmt: str | None, shapes: Graph, settings: Settings,
    progress: Callable[[str], None],
) -> ValidationResult | None:  # fmt: skip
    """Validate the files batch by batch; None if a query needs the whole graph in memory.
    The store and the batches' results go to a folder of ``settings.var_dir`` (on disk,
    where ``/tmp`` may be memory), removed at the end."""
    started = time.monotonic()
    run_pyshacl(Graph(), shapes)  # shapes pySHACL refuses fail now, not after the loading
    temporary = settings.var_dir / "tmp"
    temporary.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="validate-", dir=temporary) as work:
        directory = Path(work) / "store"
        store = ox.Store(str(directory))
        with collector_paused():  # what is read and found here all lives on (s3kg.heap)
            plan, notes, names = _plan(store, paths, fmt, shapes, settings, progress)
        store.flush()
        del store
        # Closed before the processes open it read-only; RocksDB's idle threads remain at
        # the fork, harmless since the children only open the folder anew.
        gc.collect()
        spools = _run(directory, plan, settings.validate_jobs, progress)
        count = plan.count
        del plan  # the focus nodes, before the results are read back
        gc.collect()
        if spools is None:
            return None
        reports, findings = spool.read_parts(spools)
    if len(reports) != count:  # a file lost parts: fewer results must not pass for none
        raise S3kgError(f"{len(reports)} of {count} batches' results were read back")
    return ValidationResult(_empty_report(shapes), sorted_findings(findings),
                            time.monotonic() - started, names, notes, reports)  # fmt: skip


def _plan(
    store: ox.Store, paths: Sequence[Path], fmt: str | None, shapes: Graph, settings: Settings,
    progress: Callable[[str], None],
) -> tuple[_Plan, list[str], list[str]]:
    """Load the files and find the focus nodes (each process cuts its batches from them);
    the notes and graph names."""
    loader = StoreLoader(store, SKIPPED_GRAPHS, progress)
    for number, path in enumerate(paths):
        loader.add(path, fmt, f"f{number}x")
    declared = (to_oxigraph(ONTOLOGY_IRI), to_oxigraph(RDF.type), to_oxigraph(OWL.Ontology))
    added = (None, OWL.imports, ONTOLOGY_IRI) in shapes and not any(
        store.quads_for_pattern(*declared))  # fmt: skip
    if added:  # as the whole-graph path does (s3kg.validate.shacl)
        loader.add(settings.ontology_file, "ttl", "o", Graphs.ONTOLOGY)
    loaded = loader.finish()
    sizes = dict(loaded.sizes)
    notes = [f"skipped graph {n}: {why}" for n, why in SKIPPED_GRAPHS.items() if sizes.pop(n, 0)]
    if added:
        notes.append(f"added the ontology ({settings.ontology_file.name}) to the data graph")
    names = graph_names(sizes, shapes, notes)
    targets, without = shape_targets(shapes)
    focus = focus_nodes(targets, store, loaded)
    plan = _Plan(loaded, without, subclass_triples(store), focus, max(settings.validate_batch, 1))
    plan.named = {to_oxigraph(n): n for n in shapes.objects(None, SH.targetNode)}
    progress(f"{len(focus.nodes):,} focus nodes in {plan.count} batches")
    return plan, notes, names


# ------------------------------------------------------------------------ running
def _run(directory: Path, plan: _Plan, processes: int,
         progress: Callable[[str], None]) -> list[Path] | None:  # fmt: skip
    """The files the batches' parts went to, the batches shared out among processes; None if
    one needs the whole graph."""
    count = max(1, min(processes, plan.count)) if can_fork() else 1
    shares = [list(range(i, plan.count, count)) for i in range(count)]
    spools = [directory.parent / f"part{i}" for i in range(count)]  # removed with the store
    with frozen_heap():  # the focus nodes: walked by no collection after each batch
        if count < 2:
            done = _check_batches(directory, plan, shares[0], progress, spools[0])
            return spools if done else None
        mine, theirs = run_forked(
            lambda: _check_batches(directory, plan, shares[0], progress, spools[0]),
            [_share(directory, plan, shares[i], spools[i]) for i in range(1, count)],
        )
    return spools if mine and all(theirs) else None


def _share(directory: Path, plan: _Plan, indices: list[int], into: Path) -> Callable[[], bool]:
    return lambda: _check_batches(directory, plan, indices, lambda _: None, into)


def _check_batches(directory: Path, plan: _Plan, indices: list[int],
                   progress: Callable[[str], None], into: Path) -> bool:  # fmt: skip
    """Validate the batches, each one's part added to the file ``into``; False if one needs
    the whole graph."""
    spool.start(into)
    store = ox.Store.read_only(str(directory))
    try:
        for done, index in enumerate(indices, 1):
            batch = plan.focus.batch(index * plan.size, plan.size)
            # Paused, overriding run_pyshacl's young collections: the batch's graphs live
            # until it is done, and no query here goes to rdflib's engine (whose garbage
            # those collections free): it raises WholeGraphNeededError instead.
            with collector_paused():
                spool.write_part(into, _check_batch(store, plan, batch))
            gc.collect()  # then once: the subgraph and report are rdflib cycles
            progress(f"validated batch {done} of {len(indices)} (this process)")
    except WholeGraphNeededError:
        return False
    return True


def _check_batch(store: ox.Store, plan: _Plan, batch: Batch) -> Part:
    reach = Reach(plan.shapes, store)
    for shape, nodes in batch:
        reach.add(shape, nodes)
    subgraph = SubgraphQueries(store, Lateral(store, plan.shapes, batch))
    data = DataGraph(store=subgraph)
    terms: dict[Any, Any] = {}

    def term(node: Any) -> Any:
        found = terms.get(node)
        if found is None:
            found = terms[node] = to_rdflib(node)
        return found

    # Straight to the stores: Graph.add re-checks terms that are rdflib's own already.
    for s, p, o in plan.loaded.as_written([*reach.triples, *plan.subclass]):
        subgraph.add((term(s), term(p), term(o)), data)
    shapes = Graph(store=OneGraph())
    shapes += plan.shapes
    for shape, nodes in batch:
        for node in nodes:
            named = plan.named.get(node)  # a literal may be false: no `or`
            target = term(node) if named is None else named
            shapes.store.add((shape, SH.targetNode, target), shapes)
    report = run_pyshacl(data, shapes)
    _describe_blank_nodes(report, store, plan.loaded, term)
    return packed_ntriples(report), findings_of(report)


def _describe_blank_nodes(report: Graph, store: ox.Store, loaded: LoadedStore,
                          term: Callable[[Any], Any]) -> None:  # fmt: skip
    """Copy into the report what the data says about its blank nodes, ten levels deep, as
    pySHACL does from the whole graph (a batch's subgraph may lack it)."""
    todo = [(o, 0) for o in set(report.objects()) if isinstance(o, BNode)]
    done: set[Any] = set()
    while todo:
        node, depth = todo.pop()
        if node in done or depth > _DESCRIBED_DEPTH:
            continue
        done.add(node)
        quads = store.quads_for_pattern(ox.BlankNode(str(node)), None, None)
        for s, p, o in loaded.as_written(q.triple for q in quads):
            report.add((term(s), term(p), term(o)))
            if isinstance(o, ox.BlankNode):
                todo.append((term(o), depth + 1))


def _empty_report(shapes: Graph) -> Graph:
    """A conforming report, bound to the prefixes pySHACL's reports have."""
    report = Graph()
    node = BNode()
    report.add((node, RDF.type, SH.ValidationReport))
    report.add((node, SH.conforms, Literal(True)))
    for prefix, namespace in [*shapes.namespaces(), *PREFIXES.items()]:
        report.bind(prefix, namespace, replace=True)
    return report
