"""SHACL validation: the shapes in ``shapes/*.ttl`` against a build's graphs or RDF files.

The data graph is the union of the validated named graphs plus the ontology, so
``sh:class``/``sh:targetClass`` follow ``rdfs:subClassOf`` without materialising anything
(SHACL's own class semantics). The ``inferred`` graph is left out: HermiT's entailed types
would turn every range error into a new type. ``inference="rdfs"`` adds a domain, range
and subclass closure for those who want it (computed with SPARQL on Oxigraph; owlrl takes
forty times longer on the real graph).

Two engines share the work. Core constraints run with pySHACL on an rdflib graph, which
keeps literals exactly as written (Oxigraph stores ``"5"^^xsd:positiveInteger`` as
``xsd:integer``). SHACL-SPARQL constraints run batched on an Oxigraph store, one query per
constraint instead of one per focus node (``s3kg.validate.shacl_sparql``); constraints that cannot
be batched are left to pySHACL. Conformance follows the exit-code rule of the CLI: no result
of severity ``sh:Violation``; the report graph keeps the SHACL meaning of ``sh:conforms``
(no results at all).
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import OWL, RDF, RDFS, SH

from s3kg.config import Settings
from s3kg.errors import InputError
from s3kg.validate.findings import ValidationResult, findings_of
from s3kg.validate.shacl_sparql import batches, run_batches
from s3kg.vocab.namespaces import ONTOLOGY_IRI, Graphs
from s3kg.vocab.prefixes import PREFIXES
from s3kg.vocab.rdf import (
    NamedGraphs,
    load_graphs,
    load_shapes,
    parse_file,
    to_oxigraph,
    to_rdflib,
    triple_of,
)

SKIPPED_GRAPHS = {
    Graphs.INFERRED: "entailed types would hide range errors",
}
_CORE_PARAMETERS = {
    SH[name]
    for name in (
        "class", "datatype", "nodeKind", "minCount", "maxCount", "minExclusive", "minInclusive",
        "maxExclusive", "maxInclusive", "minLength", "maxLength", "pattern", "languageIn",
        "uniqueLang", "equals", "disjoint", "lessThan", "lessThanOrEquals", "not", "and", "or",
        "xone", "node", "property", "qualifiedValueShape", "closed", "hasValue", "in", "sparql",
    )
}  # fmt: skip


# ----------------------------------------------------------------------- entry points
def validate_graphs(
    graphs: NamedGraphs, settings: Settings, shapes: Graph | None = None
) -> ValidationResult:
    """Validate the named graphs of a build (``Graphs.*`` -> graph), as ``s3kg build`` does.

    The build skips the mentions graph, as the gazetteer writes it with the same span code as
    the provenance graph (it adds about a tenth to the time); ``s3kg validate`` checks it.
    """
    skip = {**SKIPPED_GRAPHS, Graphs.MENTIONS: "skipped by the build (s3kg validate checks it)"}
    return validate_named_graphs(
        dict(graphs), shapes or load_shapes(shape_files(settings)), settings, skip=skip
    )


def validate_files(
    files: Sequence[Path],
    settings: Settings,
    fmt: str | None = None,
    shapes: Sequence[Path] = (),
    inference: str = "none",
) -> ValidationResult:
    """Validate RDF files (format from each extension unless ``fmt``) against the shapes."""
    graphs = load_graphs(files, fmt)
    shapes_graph = load_shapes(list(shapes) or shape_files(settings))
    return validate_named_graphs(graphs, shapes_graph, settings, inference)


def validate_paths(
    files: Sequence[str],
    settings: Settings,
    fmt: str | None = None,
    shapes: Sequence[str] = (),
    inference: str = "none",
) -> ValidationResult:
    """``s3kg validate``: the given files, or the built graph of the current release."""
    paths = [Path(f) for f in files]
    if not paths:
        if not settings.graph_file.is_file():
            raise InputError(
                f"no built graph at {settings.graph_file}: run `s3kg build`, or name RDF files"
            )
        paths = [settings.graph_file]
    return validate_files(paths, settings, fmt, [Path(s) for s in shapes], inference)


def validate_named_graphs(
    graphs: NamedGraphs,
    shapes: Graph,
    settings: Settings,
    inference: str = "none",
    skip: dict[URIRef, str] = SKIPPED_GRAPHS,
    batch_sparql: bool = True,
) -> ValidationResult:
    """Validate named graphs; ``batch_sparql=False`` leaves every SPARQL constraint to pySHACL."""
    if inference not in ("none", "rdfs"):
        raise InputError(f"unknown inference {inference!r} (use none or rdfs)")
    started = time.monotonic()
    notes = _select_graphs(graphs, settings, skip)
    union = Graph()
    for graph in graphs.values():
        union += graph
    store = _store(graphs)
    if inference == "rdfs":
        notes.append(f"RDFS closure: {_add_rdfs_closure(union, store)} entailed types added")
    report = _run(graphs, union, store, shapes, batch_sparql)
    if not len(graphs.get(Graphs.FACTS, ())):
        notes.append("no facts graph: the provenance shape (FactProvenanceShape) did not apply")
    names = sorted(_graph_name(name) for name, graph in graphs.items() if len(graph))
    return ValidationResult(report, findings_of(report), time.monotonic() - started, names, notes)


def _graph_name(name: URIRef) -> str:
    return "default graph" if name == DATASET_DEFAULT_GRAPH_ID else str(name)


# ------------------------------------------------------------------------- input
def shape_files(settings: Settings) -> list[Path]:
    files = sorted(settings.shapes_dir.glob("*.ttl"))
    if not files:
        raise InputError(f"no SHACL shapes (*.ttl) in {settings.shapes_dir}")
    return files


def _select_graphs(graphs: NamedGraphs, settings: Settings, skip: dict[URIRef, str]) -> list[str]:
    """Drop graphs the shapes must not see; add the ontology if the input lacks it."""
    notes = []
    for name, reason in skip.items():
        if len(graphs.pop(name, ())):
            notes.append(f"skipped graph {name}: {reason}")
    if not any((ONTOLOGY_IRI, RDF.type, OWL.Ontology) in graph for graph in graphs.values()):
        ontology = graphs.setdefault(Graphs.ONTOLOGY, Graph(identifier=Graphs.ONTOLOGY))
        for quad in parse_file(settings.ontology_file, "ttl"):
            ontology.add(triple_of(quad, "o"))
        notes.append(f"added the ontology ({settings.ontology_file.name}) to the data graph")
    return notes


def _add_rdfs_closure(union: Graph, store: ox.Store) -> int:
    """Materialise rdfs2/3/9 (domain, range, subclass) types in both engines' data."""
    rules = (
        "SELECT ?x ?c { ?x ?p ?y . ?p rdfs:domain ?c . FILTER(isIRI(?c)) }",
        "SELECT ?x ?c { ?y ?p ?x . ?p rdfs:range ?c . ?c a owl:Class . FILTER(!isLiteral(?x)) }",
        "SELECT ?x ?c { ?x a ?d . ?d rdfs:subClassOf+ ?c . FILTER(isIRI(?c)) }",
    )
    prefixes = {"rdfs": str(RDFS), "owl": str(OWL)}
    closure = ox.NamedNode("urn:s3kg:rdfs-closure")
    added, before = 0, -1
    while added != before:
        before = added
        for rule in rules:
            rows: Any = store.query(rule, prefixes=prefixes, use_default_graph_as_union=True)
            for node, cls in list(rows):
                triple = (to_rdflib(node), RDF.type, to_rdflib(cls))
                if triple not in union:
                    union.add(triple)
                    store.add(ox.Quad(node, ox.NamedNode(str(RDF.type)), cls, closure))
                    added += 1
    return added


# ------------------------------------------------------------------------ engines
def _run(graphs: NamedGraphs, union: Graph, store: ox.Store, shapes: Graph, batch: bool) -> Graph:
    """Core (and unusual SPARQL) constraints with pySHACL on rdflib; the rest batched.

    pySHACL gets the union graph, which is faster than a dataset, unless SPARQL
    constraints are left to it: those may read named graphs.
    """
    import pyshacl
    from pyshacl.errors import ReportableRuntimeError

    batched, rest = batches(shapes) if batch else ([], shapes)
    _drop_empty_shapes(rest, {batch.shape for batch in batched})
    data: Graph = _dataset(graphs) if (None, SH.sparql, None) in rest else union
    try:
        _, report, _ = pyshacl.validate(data, shacl_graph=rest, inplace=True)
    except ReportableRuntimeError as err:
        raise InputError(f"the shapes cannot be used: {' '.join(str(err).split())}") from err
    if not isinstance(report, Graph):
        raise InputError(f"the shapes cannot be used: {report}")
    try:
        sparql_report = run_batches(store, batched)
    except (SyntaxError, ValueError) as err:
        raise InputError(f"a SPARQL constraint of the shapes failed: {err}") from err
    return _merge_reports([report, sparql_report])


def _dataset(graphs: NamedGraphs) -> Dataset:
    data = Dataset(default_union=True)
    for name, graph in graphs.items():
        target = data.graph(name)
        data.addN((s, p, o, target) for s, p, o in graph)
    return data


def _drop_empty_shapes(shapes: Graph, candidates: set[Any]) -> None:
    """Shapes whose only constraints were batched: pySHACL need not compute their targets."""
    for shape in candidates:
        if not any(p in _CORE_PARAMETERS for p in shapes.predicates(shape)):
            shapes.remove((shape, None, None))


def _store(graphs: NamedGraphs) -> ox.Store:
    store = ox.Store()
    for name, graph in graphs.items():
        context = _ox_graph(name)
        store.extend(
            ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o), context) for s, p, o in graph
        )
    return store


def _ox_graph(name: Any) -> Any:
    if name is None or name == DATASET_DEFAULT_GRAPH_ID:
        return ox.DefaultGraph()
    return to_oxigraph(name)


def _merge_reports(reports: Iterable[Graph]) -> Graph:
    """One sh:ValidationReport over the results of several reports (or bare result sets)."""
    merged = Graph()
    for prefix, namespace in PREFIXES.items():
        merged.bind(prefix, namespace)
    node = BNode()
    merged.add((node, RDF.type, SH.ValidationReport))
    for report in reports:
        # pySHACL's nested results (sh:detail) are results too, but not of the report
        roots = set(report.objects(None, SH.result))
        for result in roots or report.subjects(RDF.type, SH.ValidationResult):
            merged.add((node, SH.result, result))
        for s, p, o in report:
            if p not in (SH.result, SH.conforms) and o != SH.ValidationReport:
                merged.add((s, p, o))
    merged.add((node, SH.conforms, Literal(not any(merged.objects(node, SH.result)))))
    return merged
