"""Completeness report: how many instances each class has and how many carry each property
the shapes ask for.

A property shape is measured when it has ``sh:minCount`` (or ``sh:qualifiedMinCount``) of
at least 1; its severity says how much it matters: ``sh:Violation`` = required,
``sh:Warning`` = recommended, ``sh:Info`` = nice to have (see ``shapes/common.ttl``). Its
classes are its own ``sh:targetClass`` values and those of the node shapes that list it.
Instances are counted with the ontology's subclass hierarchy, so a cluster counts for
``s3kg:Cluster`` and for its own class. Qualified shapes count only values that pass the
qualified shape's ``sh:languageIn`` and ``sh:class``; other qualifiers are not evaluated.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from typing import Literal as Literal_

from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, SH
from rdflib.paths import AlternativePath, InvPath, MulPath, SequencePath
from rdflib.paths import Path as RdfPath

from s3kg.config import GRAPH_FILE, Settings
from s3kg.errors import InputError
from s3kg.validate.shacl import shape_files
from s3kg.vocab.namespaces import S3KG, Graphs
from s3kg.vocab.rdf import NamedGraphs, load_graphs, load_shapes
from s3kg.vocab.render import short

LEVELS = {SH.Violation: "required", SH.Warning: "recommended", SH.Info: "nice-to-have"}
_MODIFIERS: tuple[tuple[URIRef, Literal_["*", "+", "?"]], ...] = (
    (SH.zeroOrMorePath, "*"),
    (SH.oneOrMorePath, "+"),
    (SH.zeroOrOnePath, "?"),
)


@dataclass(frozen=True)
class PropertyStat:
    """How many instances of a class satisfy one measured property shape."""

    shape: str
    path: str
    level: str
    message: str
    have: int
    total: int
    missing: tuple[str, ...]

    @property
    def share(self) -> float:
        return self.have / self.total if self.total else 1.0


@dataclass(frozen=True)
class ClassStat:
    iri: str
    label: str
    in_ontology: bool
    instances: int
    properties: tuple[PropertyStat, ...]


@dataclass(frozen=True)
class Report:
    classes: tuple[ClassStat, ...]

    def missing_by_entity(self) -> dict[str, list[str]]:
        """Entity IRI -> the measured properties it lacks (``level path``), sorted."""
        found: dict[str, set[str]] = defaultdict(set)
        for cls in self.classes:
            for prop in cls.properties:
                for entity in prop.missing:
                    found[entity].add(f"{prop.level} {prop.path}")
        return {entity: sorted(found[entity]) for entity in sorted(found)}

    def to_json(self) -> dict[str, Any]:
        return {
            "classes": [
                {
                    "class": c.iri,
                    "label": c.label,
                    "in_ontology": c.in_ontology,
                    "instances": c.instances,
                    "properties": [
                        {
                            "shape": p.shape,
                            "path": p.path,
                            "level": p.level,
                            "message": p.message,
                            "have": p.have,
                            "total": p.total,
                            "share": round(p.share, 4),
                            "missing": list(p.missing),
                        }
                        for p in c.properties
                    ],
                }
                for c in self.classes
            ],
            "missing_by_entity": self.missing_by_entity(),
        }


@dataclass(frozen=True)
class _Measure:
    shape: Any
    path: RdfPath | URIRef
    path_text: str
    minimum: int
    level: str
    message: str
    languages: frozenset[str] | None  # of a qualified value shape
    classes: frozenset[Any]  # of a qualified value shape


def completeness_report(
    graph: Graph | Path, settings: Settings, shapes: Graph | None = None,
    ontology: Graph | None = None,
) -> Report:
    """Instance counts per class and the share of instances with each measured property.

    ``graph`` is the data (an rdflib ``Dataset`` with ``default_union``, or any graph), or
    the path of a release folder or RDF file to load. ``shapes`` default to ``shapes/*.ttl``;
    ``ontology`` to the data's ontology graph, else ``ontology/s3kg.ttl``.
    """
    if isinstance(graph, Graph):
        data = graph
    else:
        graphs = load_release(graph)
        data = union_of(graphs)
        ontology = ontology if ontology is not None else graphs.get(Graphs.ONTOLOGY)
    shapes = shapes if shapes is not None else load_shapes(shape_files(settings))
    if ontology is None or not len(ontology):
        ontology = Graph().parse(settings.ontology_file, format="turtle")
    instances = _instances(data, _superclasses(ontology))
    measures = _measures(shapes)
    ours = {c for c in ontology.subjects(RDF.type, OWL.Class) if str(c).startswith(str(S3KG._NS))}
    stats = []
    for cls in sorted(ours | set(measures), key=lambda c: _short(c).lower()):
        members = sorted(instances.get(cls, set()), key=str)
        props = tuple(_measure(data, m, members, instances) for m in measures.get(cls, []))
        stats.append(ClassStat(str(cls), _label(cls, ontology), cls in ours, len(members), props))
    return Report(tuple(stats))


def release_completeness(settings: Settings) -> Report:
    """``s3kg completeness``: the report of the current release."""
    return completeness_report(settings.current_release, settings)


def load_release(path: Path) -> NamedGraphs:
    """The named graphs of a release folder (its ``s3kg.nq``) or of an RDF file."""
    file = path / GRAPH_FILE if path.is_dir() else path
    if not file.exists():
        raise InputError(f"no built graph at {file}; run `s3kg build` first")
    return load_graphs([file])


def union_of(graphs: NamedGraphs) -> Graph:
    union = Graph()
    for graph in graphs.values():
        union += graph
    return union


def _superclasses(ontology: Graph) -> dict[Any, set[Any]]:
    direct: dict[Any, set[Any]] = defaultdict(set)
    for sub, sup in ontology.subject_objects(RDFS.subClassOf):
        if isinstance(sup, URIRef):
            direct[sub].add(sup)
    closed: dict[Any, set[Any]] = {}
    for cls in list(direct):
        seen: set[Any] = set()
        todo = [cls]
        while todo:
            for sup in direct.get(todo.pop(), ()):
                if sup not in seen:
                    seen.add(sup)
                    todo.append(sup)
        closed[cls] = seen
    return closed


def _instances(graph: Graph, supers: dict[Any, set[Any]]) -> dict[Any, set[Any]]:
    found: dict[Any, set[Any]] = defaultdict(set)
    for node, cls in graph.subject_objects(RDF.type):
        if isinstance(cls, URIRef):
            for each in (cls, *supers.get(cls, ())):
                found[each].add(node)
    return found


def _measures(shapes: Graph) -> dict[Any, list[_Measure]]:
    """Measured property shapes per target class, in the order of their shape names."""
    by_class: dict[Any, list[_Measure]] = defaultdict(list)
    for shape in sorted(set(shapes.subjects(SH.path, None)), key=str):
        minimum = shapes.value(shape, SH.minCount) or shapes.value(shape, SH.qualifiedMinCount)
        if not isinstance(minimum, Literal) or int(minimum) < 1:
            continue
        path = _path(shapes, shapes.value(shape, SH.path))
        qualifier = shapes.value(shape, SH.qualifiedValueShape)
        languages = shapes.value(qualifier, SH.languageIn) if qualifier is not None else None
        measure = _Measure(
            shape,
            path,
            _short(path),
            int(minimum),
            _level(shapes.value(shape, SH.severity)),
            min((str(m) for m in shapes.objects(shape, SH.message)), default=""),
            None if languages is None else frozenset(str(x) for x in Collection(shapes, languages)),
            frozenset(shapes.objects(qualifier, SH["class"])) if qualifier else frozenset(),
        )
        owners = [shape, *shapes.subjects(SH.property, shape)]
        for cls in {c for owner in owners for c in shapes.objects(owner, SH.targetClass)}:
            by_class[cls].append(measure)
    rank = {level: i for i, level in enumerate(LEVELS.values())}
    return {
        cls: sorted(found, key=lambda m: (rank.get(m.level, 0), m.path_text))
        for cls, found in by_class.items()
    }


def _level(severity: Any) -> str:
    return LEVELS.get(severity, "required") if isinstance(severity, URIRef) else "required"


def _measure(
    graph: Graph, measure: _Measure, members: list[Any], instances: dict[Any, set[Any]]
) -> PropertyStat:
    missing = tuple(
        str(node) for node in members if _count(graph, node, measure, instances) < measure.minimum
    )
    name = measure.shape if isinstance(measure.shape, URIRef) else measure.path_text
    return PropertyStat(
        _short(name) if isinstance(name, URIRef) else name,
        measure.path_text,
        measure.level,
        measure.message,
        len(members) - len(missing),
        len(members),
        missing,
    )


def _count(graph: Graph, node: Any, measure: _Measure, instances: dict[Any, set[Any]]) -> int:
    return sum(1 for v in graph.objects(node, measure.path) if _qualifies(measure, v, instances))


def _qualifies(measure: _Measure, value: Any, instances: dict[Any, set[Any]]) -> bool:
    languages = measure.languages
    if languages is not None and (
        not isinstance(value, Literal) or (value.language or "").lower() not in languages
    ):
        return False
    return all(value in instances.get(cls, ()) for cls in measure.classes)


def _path(shapes: Graph, node: Any) -> RdfPath | URIRef:
    if isinstance(node, URIRef):
        return node
    inverse = shapes.value(node, SH.inversePath)
    if inverse is not None:
        return InvPath(_path(shapes, inverse))
    alternatives = shapes.value(node, SH.alternativePath)
    if alternatives is not None:
        return AlternativePath(*(_path(shapes, p) for p in Collection(shapes, alternatives)))
    for predicate, modifier in _MODIFIERS:
        inner = shapes.value(node, predicate)
        if inner is not None:
            return MulPath(_path(shapes, inner), modifier)
    return SequencePath(*(_path(shapes, p) for p in Collection(shapes, node)))


def _short(term: Any) -> str:
    if isinstance(term, URIRef):
        return short(term)
    if isinstance(term, InvPath):
        return "^" + _short(term.arg)
    if isinstance(term, AlternativePath):
        return "(" + "|".join(_short(p) for p in term.args) + ")"
    if isinstance(term, SequencePath):
        return "/".join(_short(p) for p in term.args)
    if isinstance(term, MulPath):
        return _short(term.path) + str(term.mod)
    return str(term)


def _label(cls: Any, ontology: Graph) -> str:
    labels = sorted(
        ontology.objects(cls, RDFS.label), key=lambda x: getattr(x, "language", None) != "en"
    )
    return str(labels[0]) if labels else _short(cls)
