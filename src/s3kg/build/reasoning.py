"""OWL reasoning with HermiT (through owlready2): consistency checks and inferred types.

HermiT sees the ontology and the data as they are: both use only datatypes of the OWL 2
datatype map (years are ``xsd:integer``, see ``vocab/datatypes.py``), and a literal of any
other datatype stops the run with a message naming it rather than a Java stack trace.
owlready2 reads N-Triples rather than Turtle, hence the temporary file.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from s3kg.errors import InputError, S3kgError
from s3kg.vocab.datatypes import foreign_datatypes

_QB = "http://purl.org/linked-data/cube#"


class ReasonerUnavailableError(S3kgError):
    """Java is missing, so HermiT cannot run."""


class InconsistentOntologyError(S3kgError):
    """The ontology plus data has no model (or has unsatisfiable classes)."""

    exit_code = 1


@dataclass(frozen=True)
class ReasonerReport:
    """What a reasoner run found."""

    consistent: bool
    unsatisfiable: tuple[str, ...]
    inferred: Graph


def java_available() -> bool:
    return shutil.which("java") is not None


def reasoner_input(graph: Graph) -> Graph:
    """Copy of ``graph`` as owlready2 needs it: every individual declared, no qb:*Property
    types. Raises ``InputError`` on a datatype HermiT refuses (outside the OWL 2 map)."""
    _refuse_foreign_datatypes(graph)
    out = Graph()
    for s, p, o in graph:
        # Data Cube component types make owlready2 warn about punned property kinds.
        if p == RDF.type and str(o).startswith(_QB) and str(o).endswith("Property"):
            continue
        out.add((s, p, o))
        # owlready2 only lists individuals declared as owl:NamedIndividual.
        if p == RDF.type and isinstance(s, URIRef) and not _is_meta_type(o):
            out.add((s, RDF.type, OWL.NamedIndividual))
    return out


def _refuse_foreign_datatypes(graph: Graph) -> None:
    uses = sorted({(str(u.datatype), str(u.predicate)) for u in foreign_datatypes(graph)})
    if uses:
        listed = "; ".join(f"{datatype} (in {prop})" for datatype, prop in uses[:10])
        raise InputError(
            f"HermiT accepts only datatypes of the OWL 2 datatype map, not: {listed}. "
            "Write years as xsd:integer and instants as xsd:dateTime."
        )


def _is_meta_type(term: object) -> bool:
    return isinstance(term, URIRef) and str(term).startswith((str(OWL), str(RDFS), str(RDF)))


def _load_world(graph: Graph, workdir: Path) -> object:
    from owlready2 import World

    path = workdir / "input.nt"
    reasoner_input(graph).serialize(str(path), format="nt", encoding="utf-8")
    world = World()
    world.get_ontology(path.as_uri()).load(format="ntriples")
    return world


def run_reasoner(graph: Graph) -> ReasonerReport:
    """Classify ``graph`` (ontology plus data) with HermiT.

    Returns the inferred ``rdf:type`` triples of named individuals that the input does not
    assert, including memberships of superclasses, so SPARQL users need no reasoner.
    """
    if not java_available():
        raise ReasonerUnavailableError(
            "java is not on PATH; HermiT (the OWL reasoner) needs Java 11+"
        )
    from owlready2 import OwlReadyInconsistentOntologyError, sync_reasoner_hermit

    with tempfile.TemporaryDirectory(prefix="s3kg-reasoner-") as tmp:
        world = _load_world(graph, Path(tmp))
        try:
            sync_reasoner_hermit(world, infer_property_values=False, debug=0)
        except OwlReadyInconsistentOntologyError:
            return ReasonerReport(False, (), Graph())
        unsatisfiable = tuple(
            sorted(c.iri for c in world.inconsistent_classes())  # type: ignore[attr-defined]
        )
        inferred = _inferred_types(world, graph)
    return ReasonerReport(not unsatisfiable, unsatisfiable, inferred)


def _inferred_types(world: Any, asserted: Graph) -> Graph:
    out = Graph()
    for individual in world.individuals():
        subject = URIRef(individual.iri)
        for iri in _named_class_iris(individual.INDIRECT_is_a):
            obj = URIRef(iri)
            if obj != OWL.Thing and (subject, RDF.type, obj) not in asserted:
                out.add((subject, RDF.type, obj))
    return out


def _named_class_iris(classes: Iterable[Any]) -> Iterator[str]:
    """IRIs of the named classes among ``classes`` (restrictions and unions have none)."""
    for cls in classes:
        iri = getattr(cls, "iri", None)
        if isinstance(iri, str):
            yield iri


def assert_consistent(graph: Graph) -> ReasonerReport:
    """Run the reasoner and raise ``InconsistentOntologyError`` with the culprits if it fails."""
    report = run_reasoner(graph)
    if not report.consistent:
        detail = ", ".join(report.unsatisfiable) or "no model exists (contradictory facts)"
        raise InconsistentOntologyError(f"the ontology/data is inconsistent under HermiT: {detail}")
    return report
