"""Writing the label index of a release from its quads.

One pass over the quads collects, for every IRI with a label, its labels and aliases
(``rdfs:label``, ``skos:prefLabel``, ``dcterms:title``, ``skos:altLabel``, and the codes of
places and concepts as ``skos:notation``), its classes, and — from the ontology in the same
quads — what to call its most specific class.  Document parts (paragraphs, rows, list items)
and the dataset's own description are left out: they are reached from their documents.
"""

from __future__ import annotations

import os
import sqlite3
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from s3kg.search.text import normalise

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
S3KG = "https://w3id.org/s3kg/ontology#"
ORG = "http://www.w3.org/ns/org#"
OWL = "http://www.w3.org/2002/07/owl#"
FIELDS = {RDFS + "label": "label", SKOS + "prefLabel": "label",
          "http://purl.org/dc/terms/title": "label", SKOS + "altLabel": "alias",
          SKOS + "notation": "code"}  # fmt: skip
# (kind, classes that make it, weight in the ranking): the first kind an entity has wins.
KINDS = (
    ("cluster", (S3KG + "Cluster",), 15.0),
    ("organisation", (ORG + "Organization", ORG + "FormalOrganization"), 12.0),
    ("place", (S3KG + "Place", S3KG + "Region", S3KG + "Country"), 12.0),
    ("sector", (S3KG + "Sector", S3KG + "Product"), 10.0),
    ("document", (S3KG + "SourceDocument", S3KG + "CitedWork"), 10.0),
    ("ontology", (OWL + "Class", OWL + "ObjectProperty", OWL + "DatatypeProperty"), 2.0),
    ("concept", (SKOS + "Concept",), 4.0),
)
OTHER_WEIGHT = 6.0
SKIPPED = frozenset(S3KG + name for name in (
    "Paragraph", "ListItem", "TableRow", "ReferenceEntry", "Section", "DocumentPart", "Table",
    "Page", "Assertion")) | frozenset((
    "http://rdfs.org/ns/void#Dataset", "http://www.w3.org/ns/dcat#Distribution",
    "http://www.w3.org/ns/dcat#Dataset", "http://www.w3.org/ns/dqv#QualityMeasurement",
    "http://www.w3.org/ns/dqv#Metric", "http://spdx.org/rdf/terms#Checksum",
    "http://www.w3.org/ns/prov#Activity", "http://www.w3.org/ns/prov#Association",
    "http://www.w3.org/ns/prov#SoftwareAgent", SKOS + "ConceptScheme"))  # fmt: skip
SCHEMA = """
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE entity(id INTEGER PRIMARY KEY, iri TEXT NOT NULL UNIQUE, label TEXT NOT NULL,
                    class_label TEXT NOT NULL, kind TEXT NOT NULL, weight REAL NOT NULL);
CREATE TABLE name(id INTEGER PRIMARY KEY, entity INTEGER NOT NULL REFERENCES entity(id),
                  text TEXT NOT NULL, norm TEXT NOT NULL, field TEXT NOT NULL);
CREATE INDEX name_norm ON name(norm);
CREATE VIRTUAL TABLE name_fts USING fts5(norm, content='name', content_rowid='id',
                                         tokenize='trigram');
"""
VERSION = "1"
# Classes the graph uses without labelling them (they come from outside vocabularies).
CLASS_NAMES = {ORG + "Organization": "organisation", ORG + "FormalOrganization": "organisation",
               ORG + "Role": "role", OWL + "Class": "ontology class",
               OWL + "ObjectProperty": "ontology property",
               OWL + "DatatypeProperty": "ontology property",
               "http://www.w3.org/ns/prov#Entity": "entity", SKOS + "Concept": "concept"}


@dataclass
class _Graph:
    """What the index needs of the quads."""

    names: dict[str, list[tuple[str, str, str]]] = field(default_factory=lambda: defaultdict(list))
    types: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    supers: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    schemes: dict[str, str] = field(default_factory=dict)

    def add(self, quad: ox.Quad) -> None:
        s, p, o = quad.subject, quad.predicate.value, quad.object
        if not isinstance(s, ox.NamedNode):
            return
        if p == RDF_TYPE and isinstance(o, ox.NamedNode):
            self.types[s.value].add(o.value)
        elif p in FIELDS and isinstance(o, ox.Literal) and o.value.strip():
            self.names[s.value].append((FIELDS[p], " ".join(o.value.split()), o.language or ""))
        elif p == RDFS + "subClassOf" and isinstance(o, ox.NamedNode):
            self.supers[s.value].add(o.value)
        elif p == SKOS + "inScheme" and isinstance(o, ox.NamedNode):
            self.schemes.setdefault(s.value, o.value)


@dataclass(frozen=True)
class Entry:
    iri: str
    label: str
    class_label: str
    kind: str
    weight: float
    names: tuple[tuple[str, str], ...]  # (field, text)


def entries(quads: Iterable[ox.Quad]) -> list[Entry]:
    """The index's rows, in IRI order (the same quads give the same file)."""
    graph = _Graph()
    for quad in quads:
        graph.add(quad)
    found = []
    for iri in sorted(graph.names):
        closure = _closure(graph.types.get(iri, set()), graph.supers)
        if closure & SKIPPED:
            continue
        names = _names(graph.names[iri], closure)
        if not names:
            continue
        kind, weight, roots = _kind(closure)
        found.append(Entry(iri, _best_label(graph.names[iri]), _class_label(iri, graph, roots),
                           kind, weight, names))
    return found


def _closure(types: set[str], supers: dict[str, set[str]]) -> set[str]:
    seen, todo = set(types), list(types)
    while todo:
        for parent in supers.get(todo.pop(), ()):
            if parent not in seen:
                seen.add(parent)
                todo.append(parent)
    return seen


def _names(raw: list[tuple[str, str, str]], closure: set[str]) -> tuple[tuple[str, str], ...]:
    # Codes (ISO 3166, NUTS, NACE) only name places and concepts; elsewhere they are ids.
    coded = bool(closure & {S3KG + "Place", SKOS + "Concept"})
    kept = {(f, text) for f, text, _ in raw if f != "code" or coded}
    return tuple(sorted(kept))


def _kind(closure: set[str]) -> tuple[str, float, tuple[str, ...]]:
    for kind, classes, weight in KINDS:
        if closure.intersection(classes):
            return kind, weight, classes
    return "other", OTHER_WEIGHT, ()


def _best_label(raw: list[tuple[str, str, str]]) -> str:
    order = {"label": 0, "alias": 1, "code": 2}
    return min(raw, key=lambda n: (order[n[0]], n[2] not in ("en", ""), n[1]))[1]


def _class_label(iri: str, graph: _Graph, roots: tuple[str, ...]) -> str:
    """The label of the entity's most specific labelled class (a concept: its scheme's);
    classes of its kind first (a cluster that is also an association is shown as a cluster)."""
    types = graph.types.get(iri, set())
    inherited = set().union(*(_closure(graph.supers.get(t, set()), graph.supers) for t in types))

    def order(t: str) -> tuple[bool, bool, str]:
        of_kind = bool(_closure({t}, graph.supers).intersection(roots))
        return (not of_kind, not t.startswith(S3KG), t)

    specific = sorted(types - inherited, key=order)
    for candidate in [*specific, *sorted(types)]:
        if candidate == SKOS + "Concept" and iri in graph.schemes:
            candidate = graph.schemes[iri]
        if candidate in graph.names:
            # "NACE Rev. 2 - Statistical classification of ..." is shown as "NACE Rev. 2".
            return _best_label(graph.names[candidate]).split(" - ")[0]
        if candidate in CLASS_NAMES:
            return CLASS_NAMES[candidate]
    local = specific[0] if specific else ""
    return local.rsplit("#", 1)[-1].rsplit("/", 1)[-1] or "thing"


# The predicates an entry is made from (``_Graph.add``): names, and what classes a subject.
_NAMING = tuple(f"<{p}>".encode() for p in FIELDS)
_CLASSING = tuple(f"<{p}>".encode() for p in (RDF_TYPE, SKOS + "inScheme"))
_SUPERCLASS = f"<{RDFS}subClassOf>".encode()


def index_quads(nquads: bytes) -> Iterator[ox.Quad]:
    """The quads of a canonical N-Quads document that the index reads: the names of named
    subjects, the types and schemes of those subjects, and every superclass statement.  A
    build's graph has over a million quads, of which a few per cent make the index, so lines
    are found as bytes before any is parsed; the index made of them is the one all quads make.
    Canonical N-Quads (sorted, one space between terms) keep a subject's lines together, so
    a named subject's types are read from beside its name; a document with tabs is parsed
    whole."""
    if b"\t" in nquads:
        return ox.parse(nquads, format=ox.RdfFormat.N_QUADS)
    names: list[bytes] = []
    classing: dict[bytes, list[bytes]] = {}
    for predicate in _NAMING:
        for start, line in _lines_with(nquads, predicate):
            names.append(line)
            subject = line.split(b" ", 1)[0]
            if subject not in classing:
                classing[subject] = _classing_lines(nquads, start, subject + b" ")
    kept = [line for lines in classing.values() for line in lines]
    superclass = [line for _, line in _lines_with(nquads, _SUPERCLASS)]
    return ox.parse(b"\n".join([*names, *kept, *superclass]), format=ox.RdfFormat.N_QUADS)


def _lines_with(nquads: bytes, predicate: bytes) -> Iterator[tuple[int, bytes]]:
    """The lines (with where each starts) of ``nquads`` whose subject is an IRI and whose
    predicate is ``predicate``."""
    needle = b"> " + predicate + b" "
    at = nquads.find(needle)
    while at >= 0:
        start = nquads.rfind(b"\n", 0, at) + 1
        end = nquads.find(b"\n", at)
        end = len(nquads) if end < 0 else end
        line = nquads[start:end]
        if line.startswith(b"<") and line.split(b" ", 2)[1] == predicate:
            yield start, line
        at = nquads.find(needle, end)


def _classing_lines(nquads: bytes, start: int, subject: bytes) -> list[bytes]:
    """The type and scheme lines of the subject whose line starts at ``start``: its other
    lines are the neighbours that start with the same subject."""
    first = start
    while first > 0:
        previous = nquads.rfind(b"\n", 0, first - 1) + 1
        if not nquads.startswith(subject, previous):
            break
        first = previous
    found, at = [], first
    while at < len(nquads) and nquads.startswith(subject, at):
        end = nquads.find(b"\n", at)
        end = len(nquads) if end < 0 else end
        if nquads[at + len(subject) : end].split(b" ", 1)[0] in _CLASSING:
            found.append(nquads[at:end])
        at = end + 1
    return found


def write_index(path: Path, quads: Iterable[ox.Quad]) -> int:
    """Write the index of ``quads`` to ``path`` atomically; the number of entities."""
    rows = entries(quads)
    tmp = path.with_name(f".{path.name}.{os.getpid()}")
    tmp.unlink(missing_ok=True)
    try:
        with sqlite3.connect(tmp) as con:
            _fill(con, rows)
        con.close()
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return len(rows)


def _fill(con: sqlite3.Connection, rows: list[Entry]) -> None:
    con.executescript(SCHEMA)
    con.execute("INSERT INTO meta VALUES ('version', ?)", (VERSION,))
    for number, entry in enumerate(rows, start=1):
        con.execute("INSERT INTO entity VALUES (?, ?, ?, ?, ?, ?)",
                    (number, entry.iri, entry.label, entry.class_label, entry.kind, entry.weight))
        con.executemany("INSERT INTO name(entity, text, norm, field) VALUES (?, ?, ?, ?)",
                        [(number, text, normalise(text), f) for f, text in entry.names])
    con.execute("INSERT INTO name_fts(name_fts) VALUES ('rebuild')")
