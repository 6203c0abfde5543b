"""SHACL-SPARQL constraints evaluated once per constraint instead of once per focus node.

pySHACL pre-binds ``$this`` and runs a constraint's SELECT query for every focus node; on a
release with thousands of assertions that is tens of thousands of queries. Here each
constraint runs once on an Oxigraph store: the shape's targets become a sub-select of
``?this`` joined with the constraint's WHERE clause. For the queries SHACL allows (no
MINUS, VALUES, SERVICE or sub-selects) that join gives the same solutions as
pre-binding, because ``FILTER (NOT) EXISTS`` sees the bindings of the outer solution.

Constraints this module cannot batch (other target kinds, ``$currentShape``,
``$shapesGraph``, sub-selects, SPARQL-based constraint components, property shapes)
are left in the shapes graph for pySHACL to run the usual way.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SH

from s3kg.vocab.rdf import to_rdflib

_TARGETS = {
    SH.targetClass: "{{ ?this a/<http://www.w3.org/2000/01/rdf-schema#subClassOf>* <{0}> }}",
    SH.targetSubjectsOf: "{{ ?this <{0}> ?targetValue }}",
    SH.targetObjectsOf: "{{ ?targetSubject <{0}> ?this }}",
    SH.targetNode: "{{ BIND (<{0}> AS ?this) }}",
}
_UNSUPPORTED = re.compile(  # pre-binding needs these; SHACL forbids MINUS, VALUES, SERVICE
    r"\$(currentShape|shapesGraph|PATH)\b|\b(MINUS|VALUES|SERVICE)\b"
    r"|\bSELECT\b[^{]*\{[^}]*\bSELECT\b",
    re.I,
)
_WHERE = re.compile(r"\bWHERE\s*\{|\{", re.I)
_MESSAGE_VARIABLE = re.compile(r"\{[$?]([A-Za-z_][A-Za-z0-9_]*)\}")


@dataclass(frozen=True)
class Batch:
    """One SPARQL constraint of one node shape, ready to run as a single query."""

    shape: Any
    constraint: Any
    query: str
    severity: Any
    messages: tuple[Literal, ...]


def batches(shapes: Graph) -> tuple[list[Batch], Graph]:
    """The batchable constraints, and the shapes graph pySHACL still has to run."""
    rest = Graph()
    rest += shapes
    found = []
    for shape, constraint in shapes.subject_objects(SH.sparql):
        batch = _batch(shapes, shape, constraint)
        if batch is not None:
            found.append(batch)
            rest.remove((shape, SH.sparql, constraint))
    return found, rest


def run_batches(store: ox.Store, batches: list[Batch]) -> Graph:
    """Validation results (a report graph without the sh:ValidationReport node)."""
    report = Graph()
    for batch in batches:
        seen: set[tuple[Any, ...]] = set()
        for row in _solutions(store, batch.query):
            key = (row.get("this"), row.get("path"), row.get("value"))
            if row.get("this") is not None and key not in seen:
                seen.add(key)
                _add_result(report, batch, row)
    return report


def _batch(shapes: Graph, shape: Any, constraint: Any) -> Batch | None:
    select = shapes.value(constraint, SH.select)
    if select is None or (shape, SH.path, None) in shapes:
        return None
    if _deactivated(shapes, shape) or _deactivated(shapes, constraint):
        return None
    targets = _target_patterns(shapes, shape)
    text = str(select)
    if targets is None or _UNSUPPORTED.search(text) or not re.search(r"[$?]this\b", text):
        return None
    where = _WHERE.search(text)
    if where is None:
        return None
    subselect = " { SELECT DISTINCT ?this WHERE { " + " UNION ".join(targets) + " } } "
    body = text[: where.end()] + subselect + text[where.end() :]
    query = _prefixes(shapes, constraint) + body  # $this and ?this are one variable
    messages = tuple(shapes.objects(constraint, SH.message)) or tuple(
        shapes.objects(shape, SH.message)
    )
    severity = shapes.value(shape, SH.severity) or SH.Violation
    return Batch(
        shape, constraint, query, severity, tuple(m for m in messages if isinstance(m, Literal))
    )


def _deactivated(shapes: Graph, node: Any) -> bool:
    value = shapes.value(node, SH.deactivated)
    return isinstance(value, Literal) and bool(value.toPython())


def _target_patterns(shapes: Graph, shape: Any) -> list[str] | None:
    if (shape, SH.target, None) in shapes:
        return None  # SHACL-AF targets: leave them to pySHACL
    patterns = [
        template.format(value)
        for predicate, template in _TARGETS.items()
        for value in shapes.objects(shape, predicate)
        if isinstance(value, URIRef)
    ]
    if (shape, RDF.type, RDFS.Class) in shapes:
        patterns.append(_TARGETS[SH.targetClass].format(shape))
    return patterns or None


def _prefixes(shapes: Graph, constraint: Any) -> str:
    lines = []
    for owner in shapes.objects(constraint, SH.prefixes):
        for declaration in shapes.objects(owner, SH.declare):
            prefix = shapes.value(declaration, SH.prefix)
            namespace = shapes.value(declaration, SH.namespace)
            if prefix is not None and namespace is not None:
                lines.append(f"PREFIX {prefix}: <{namespace}>\n")
    return "".join(sorted(set(lines)))


def _solutions(store: ox.Store, query: str) -> Iterator[dict[str, Any]]:
    results: Any = store.query(query, use_default_graph_as_union=True)
    names = [variable.value for variable in results.variables]
    for solution in results:
        yield {
            name: to_rdflib(value)
            for name, value in zip(names, solution, strict=True)
            if value is not None
        }


def _add_result(report: Graph, batch: Batch, row: dict[str, Any]) -> None:
    node = BNode()
    report.add((node, RDF.type, SH.ValidationResult))
    report.add((node, SH.focusNode, row["this"]))
    report.add((node, SH.resultSeverity, batch.severity))
    report.add((node, SH.sourceShape, batch.shape))
    report.add((node, SH.sourceConstraint, batch.constraint))
    report.add((node, SH.sourceConstraintComponent, SH.SPARQLConstraintComponent))
    report.add((node, SH.value, row.get("value", row["this"])))
    if isinstance(row.get("path"), URIRef):
        report.add((node, SH.resultPath, row["path"]))
    for message in batch.messages:
        text = _MESSAGE_VARIABLE.sub(lambda m: _text(row.get(m.group(1))), str(message))
        report.add((node, SH.resultMessage, Literal(text, lang=message.language)))


def _text(term: Any) -> str:
    if term is None:
        return ""
    return f"<{term}>" if isinstance(term, URIRef) else str(term)
