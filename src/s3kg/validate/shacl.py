"""SHACL validation: the shapes in ``shapes/*.ttl`` against a build's graphs or RDF files.

The data graph is the union of the validated named graphs, plus the ontology when the shapes
``owl:imports`` it (ours do), so ``sh:class``/``sh:targetClass`` follow ``rdfs:subClassOf``
without materialising anything (SHACL's own class semantics). The ``inferred`` graph is left
out: HermiT's entailed types would turn every range error into a new type.
``inference="rdfs"`` adds a domain, range and subclass closure for those who want it
(computed with SPARQL on Oxigraph; owlrl takes forty times longer on the real graph).

One engine, pySHACL, checks every shape, Core and SHACL-SPARQL alike, with its reference
semantics; its SPARQL queries run on Oxigraph (``s3kg.validate.engine``). Conformance follows
the exit-code rule of the CLI: no result of severity ``sh:Violation``; the report graph keeps
the SHACL meaning of ``sh:conforms`` (no results at all).
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import OWL, RDF, RDFS, SH

from s3kg.config import Settings
from s3kg.errors import InputError
from s3kg.heap import young_collections_only
from s3kg.validate import patches
from s3kg.validate.engine import (
    add_files_to_data_graph,
    add_to_data_graph,
    data_graph,
    oxigraph_of,
)
from s3kg.validate.findings import ValidationResult, findings_of
from s3kg.vocab.namespaces import ONTOLOGY_IRI, Graphs
from s3kg.vocab.prefixes import PREFIXES
from s3kg.vocab.rdf import NamedGraphs, load_shapes, parse_file, to_rdflib, triple_of

SKIPPED_GRAPHS = {
    Graphs.INFERRED: "entailed types would hide range errors",
}


# ----------------------------------------------------------------------- entry points
def validate_graphs(
    graphs: NamedGraphs,
    settings: Settings,
    shapes: Graph | None = None,
    use_shapes: Sequence[URIRef] | None = None,
) -> ValidationResult:
    """Validate the named graphs of a build (``Graphs.*`` -> graph), as ``s3kg build`` does.

    The build skips the mentions and candidates graphs, written with the same span code as
    the provenance graph (``s3kg validate`` checks them). ``use_shapes`` runs only those root
    shapes (``shape_roots``), so that a build can share the shapes out among processes.
    """
    return validate_named_graphs(
        dict(graphs), shapes or load_shapes(shape_files(settings)), settings, skip=build_skips(),
        use_shapes=use_shapes,
    )  # fmt: skip


def shape_roots(shapes: Graph) -> list[URIRef]:
    """The shapes that have targets, sorted: every result comes from validating one of them."""
    targets = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target)
    found = {s for t in targets for s in shapes.subjects(t, None)}
    named = sorted(s for s in found if isinstance(s, URIRef))
    if len(named) != len(found):
        raise InputError("a shape with targets has no IRI: the shapes cannot be shared out")
    return named


def validate_files(
    files: Sequence[Path],
    settings: Settings,
    fmt: str | None = None,
    shapes: Sequence[Path] = (),
    inference: str = "none",
) -> ValidationResult:
    """Validate RDF files (format from each extension unless ``fmt``) against the shapes."""
    shapes_graph = load_shapes(list(shapes) or shape_files(settings))
    prepared = prepare_files(files, fmt, shapes_graph, settings, inference)
    return check_prepared(prepared, shapes_graph)


def validate_named_graphs(
    graphs: NamedGraphs,
    shapes: Graph,
    settings: Settings,
    inference: str = "none",
    skip: dict[URIRef, str] = SKIPPED_GRAPHS,
    use_shapes: Sequence[URIRef] | None = None,
) -> ValidationResult:
    """Validate named graphs (name -> graph) against a shapes graph with pySHACL."""
    prepared = prepare_data(graphs, shapes, settings, inference, skip)
    return check_prepared(prepared, shapes, use_shapes)


@dataclass
class PreparedData:
    """The data graph the shapes see (with its Oxigraph copy), made once for several runs."""

    data: Graph
    notes: list[str]
    names: list[str]
    started: float


def prepare_data(
    graphs: NamedGraphs,
    shapes: Graph,
    settings: Settings,
    inference: str = "none",
    skip: dict[URIRef, str] = SKIPPED_GRAPHS,
) -> PreparedData:
    """The data graph of named graphs already in memory (a build's); ``skip``'s are dropped."""
    started = _started(inference)
    notes = [f"skipped graph {n}: {why}" for n, why in skip.items() if len(graphs.pop(n, ()))]
    sizes = {name: len(graph) for name, graph in graphs.items()}
    return _complete(data_graph(graphs), sizes, notes, shapes, settings, inference, started)


def prepare_files(
    files: Sequence[Path], fmt: str | None, shapes: Graph, settings: Settings, inference: str
) -> PreparedData:
    """The data graph of RDF files, each read once into it (``add_files_to_data_graph``)."""
    started = _started(inference)
    data = data_graph({})
    sizes = add_files_to_data_graph(data, files, fmt, SKIPPED_GRAPHS)
    notes = [f"skipped graph {n}: {why}" for n, why in SKIPPED_GRAPHS.items() if sizes.pop(n, 0)]
    return _complete(data, dict(sizes), notes, shapes, settings, inference, started)


def _started(inference: str) -> float:
    if inference not in ("none", "rdfs"):
        raise InputError(f"unknown inference {inference!r} (use none or rdfs)")
    return time.monotonic()


def _complete(data: Graph, sizes: dict[URIRef, int], notes: list[str], shapes: Graph,
              settings: Settings, inference: str, started: float) -> PreparedData:  # fmt: skip
    """Add the ontology if the shapes import it and the input lacks it (other shapes, such as
    the W3C suite's, must see the data as it is), the RDFS closure if asked; say what was done."""
    if (None, OWL.imports, ONTOLOGY_IRI) in shapes and (
        ONTOLOGY_IRI, RDF.type, OWL.Ontology) not in data:  # fmt: skip
        ontology = Graph(identifier=Graphs.ONTOLOGY)
        for quad in parse_file(settings.ontology_file, "ttl"):
            ontology.add(triple_of(quad, "o"))
        add_to_data_graph(data, {Graphs.ONTOLOGY: ontology})
        sizes[Graphs.ONTOLOGY] = sizes.get(Graphs.ONTOLOGY, 0) + len(ontology)
        notes.append(f"added the ontology ({settings.ontology_file.name}) to the data graph")
    if inference == "rdfs":
        notes.append(f"RDFS closure: {_add_rdfs_closure(data)} entailed types added")
    return PreparedData(data, notes, graph_names(sizes, shapes, notes), started)


def graph_names(sizes: dict[URIRef, int], shapes: Graph, notes: list[str]) -> list[str]:
    """The names of the validated graphs that had triples; a note if the facts graph had none
    (the provenance shape then checks nothing)."""
    if (None, SH.sparql, FACT_PROVENANCE) in shapes and not sizes.get(Graphs.FACTS):
        notes.append("no facts graph: the provenance shape (FactProvenanceShape) did not apply")
    return sorted(_graph_name(name) for name, size in sizes.items() if size)


def add_graphs(prepared: PreparedData, graphs: NamedGraphs) -> None:
    """Add graphs that were not ready when the data was prepared (a build's metadata)."""
    add_to_data_graph(prepared.data, graphs)
    names = {*prepared.names, *(_graph_name(name) for name, graph in graphs.items() if len(graph))}
    prepared.names[:] = sorted(names)


def check_prepared(
    prepared: PreparedData, shapes: Graph, use_shapes: Sequence[URIRef] | None = None
) -> ValidationResult:
    """Run the shapes (or the root shapes ``use_shapes``) on prepared data."""
    report = run_pyshacl(prepared.data, shapes, use_shapes)
    seconds = time.monotonic() - prepared.started
    return ValidationResult(report, findings_of(report), seconds, prepared.names, prepared.notes)


def build_skips() -> dict[URIRef, str]:
    """The graphs a build leaves to ``s3kg validate``: written with the provenance's span code."""
    why = "skipped by the build (s3kg validate checks it)"
    return {**SKIPPED_GRAPHS, Graphs.MENTIONS: why, Graphs.CANDIDATES: why}


FACT_PROVENANCE = URIRef("https://w3id.org/s3kg/shapes#FactProvenanceConstraint")


def _graph_name(name: URIRef) -> str:
    return "default graph" if name == DATASET_DEFAULT_GRAPH_ID else str(name)


# ------------------------------------------------------------------------- input
def shape_files(settings: Settings) -> list[Path]:
    files = sorted(settings.shapes_dir.glob("*.ttl"))
    if not files:
        raise InputError(f"no SHACL shapes (*.ttl) in {settings.shapes_dir}")
    return files


def _add_rdfs_closure(data: Graph) -> int:
    """Materialise rdfs2/3/9 (domain, range, subclass) types in the data graph and its copy."""
    rules = (
        "SELECT ?x ?c { ?x ?p ?y . ?p rdfs:domain ?c . FILTER(isIRI(?c)) }",
        "SELECT ?x ?c { ?y ?p ?x . ?p rdfs:range ?c . ?c a owl:Class . FILTER(!isLiteral(?x)) }",
        "SELECT ?x ?c { ?x a ?d . ?d rdfs:subClassOf+ ?c . FILTER(isIRI(?c)) }",
    )
    prefixes = {"rdfs": str(RDFS), "owl": str(OWL)}
    store = oxigraph_of(data)
    closure = ox.NamedNode("urn:s3kg:rdfs-closure")
    added, before = 0, -1
    while added != before:
        before = added
        for rule in rules:
            rows: Any = store.query(rule, prefixes=prefixes, use_default_graph_as_union=True)
            for node, cls in list(rows):
                triple = (to_rdflib(node), RDF.type, to_rdflib(cls))
                if triple not in data:
                    data.add(triple)
                    store.add(ox.Quad(node, ox.NamedNode(str(RDF.type)), cls, closure))
                    added += 1
    return added


# ------------------------------------------------------------------------ engine
def run_pyshacl(data: Graph, shapes: Graph, use_shapes: Sequence[URIRef] | None = None) -> Graph:
    """pySHACL on the data graph as it is (``inplace``: no copy of a million triples), with
    young collections only: what pySHACL keeps (results, a report graph of up to millions
    of triples) is not walked again and again (at 10^6 quads full passes took 2.5 s of each
    process's 37 s), while the garbage of queries rdflib answers is still freed."""
    import pyshacl
    from pyshacl.errors import ReportableRuntimeError

    patches.apply()
    try:
        with young_collections_only(), patches.no_text_report():
            _, report, _ = pyshacl.validate(
                data, shacl_graph=_with_imported_prefixes(shapes), inplace=True,
                use_shapes=[str(s) for s in use_shapes] if use_shapes else None,
            )  # fmt: skip
    except ReportableRuntimeError as err:
        raise InputError(f"the shapes cannot be used: {' '.join(str(err).split())}") from err
    except (SyntaxError, ValueError) as err:  # Oxigraph refused a constraint's query
        raise InputError(f"a SPARQL constraint of the shapes failed: {err}") from err
    if not isinstance(report, Graph):
        raise InputError(f"the shapes cannot be used: {report}")
    for prefix, namespace in PREFIXES.items():
        report.bind(prefix, namespace)
    return report


def _with_imported_prefixes(shapes: Graph) -> Graph:
    """SHACL's prefixes of a query are ``sh:prefixes/owl:imports*/sh:declare``; pySHACL does
    not follow ``owl:imports`` there, so the imported declarations are copied up to the
    ``sh:prefixes`` node (in a copy of the shapes graph)."""
    imported = [
        (owner, declaration)
        for owner in set(shapes.objects(None, SH.prefixes))
        for source in shapes.transitive_objects(owner, OWL.imports)
        if source != owner
        for declaration in shapes.objects(source, SH.declare)
    ]
    if not imported:
        return shapes
    copy = Graph()
    copy += shapes
    for owner, declaration in imported:
        copy.add((owner, SH.declare, declaration))
    return copy
