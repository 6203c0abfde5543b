"""RDF files into an Oxigraph store on disk, for validation in batches (``s3kg.validate.batches``).

The files are streamed, never held whole: what memory grows with is the literals kept aside
(below) and one name for each blank node the parser names itself (``_Anonymous``, about 200
bytes each: ``[]`` in Turtle; none in N-Quads). Blank nodes get a prefix per file, as in
``FileTerms``. Oxigraph keeps typed literals in canonical form
(``"05"^^xsd:positiveInteger`` comes back as ``"5"^^xsd:integer``), but SHACL Core compares
literals as written (``sh:datatype``, ``sh:pattern``, ``sh:in``): every literal Oxigraph
would change is remembered here, and ``as_written`` gives the triples back as the files
wrote them.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import URIRef

from s3kg.errors import InputError
from s3kg.vocab.rdf import FileTerms, rdf_format, to_oxigraph

_XSD = "http://www.w3.org/2001/XMLSchema#"
_KEPT = {f"{_XSD}{name}" for name in ("string", "anyURI", "normalizedString", "token",
                                       "language", "Name", "NCName", "NMTOKEN")}  # fmt: skip
# Lexical forms Oxigraph keeps as they are; anything else is checked against Oxigraph itself.
_CANONICAL = {
    f"{_XSD}integer": re.compile(r"0|-?[1-9][0-9]*"),
    f"{_XSD}decimal": re.compile(r"(0|-?[1-9][0-9]*)(\.[0-9]*[1-9])?|-0\.[0-9]*[1-9]"),
    f"{_XSD}boolean": re.compile(r"true|false"),
    f"{_XSD}gYear": re.compile(r"[0-9]{4}"),
    f"{_XSD}date": re.compile(r"[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])"),
    f"{_XSD}dateTime": re.compile(
        r"[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]Z?"
    ),
}
_CHUNK = 200_000
_INTEGER = ox.NamedNode(f"{_XSD}integer")
_REMEMBERED = 100_000  # canonical forms kept: memory must not grow with the data
_PER_STORE = 10_000  # literals asked of one scratch store


@dataclass
class LoadedStore:
    """A store made by ``StoreLoader``: how many quads each graph had, and the literals it
    holds in another form than the files wrote them: per triple ((s, p, canonical) -> the
    written forms), or, where Oxigraph only made a derived integer type ``xsd:integer``
    (``xsd:nonNegativeInteger``: a tenth of s3kg's triples), per predicate (p -> the type
    written, where every integer object of p had that type)."""

    sizes: Counter[URIRef] = field(default_factory=Counter)
    written: dict[ox.Triple, set[Any]] = field(default_factory=dict)
    retyped: dict[Any, ox.NamedNode] = field(default_factory=dict)

    def as_written(self, triples: Iterable[ox.Triple]) -> Iterator[Any]:
        """The triples (as subject, predicate, object) with their literals as written."""
        if not self.written and not self.retyped:
            yield from triples
            return
        for triple in triples:
            forms = self.written.get(triple)
            if forms is not None:
                yield from ((triple[0], triple[1], form) for form in forms)
                continue
            datatype = self.retyped.get(triple[1])
            obj = triple[2]
            if datatype is None or not isinstance(obj, ox.Literal) or obj.datatype != _INTEGER:
                yield triple
            else:
                yield (triple[0], triple[1], ox.Literal(obj.value, datatype=datatype))


class StoreLoader:
    """Streams RDF files into a store (``add``), leaving out the graphs named in ``skip``, and
    says at the end (``finish``) what the store holds in another form than they wrote."""

    def __init__(self, store: ox.Store, skip: Collection[URIRef],
                 progress: Callable[[str], None]) -> None:  # fmt: skip
        self.store, self.skip, self.progress = store, skip, progress
        self.loaded = LoadedStore()
        self._written = _Written()
        self._sources: list[tuple[Path, str | None, str, Any]] = []

    def add(self, path: Path, fmt: str | None, scope: str, graph: URIRef | None = None) -> None:
        """One file; its blank nodes prefixed with ``scope``; all in ``graph`` if given."""
        self._sources.append((path, fmt, scope, graph))
        terms, sizes = FileTerms(scope), self.loaded.sizes
        into = None if graph is None else to_oxigraph(graph)
        chunk: list[ox.Quad] = []
        for quad in _stream(path, fmt):
            name = terms.graph_name(quad) if graph is None else graph
            sizes[name] += 1
            if name in self.skip:
                continue
            quad = terms.quad(quad)
            if into is not None:
                quad = ox.Quad(quad.subject, quad.predicate, quad.object, into)
            if isinstance(quad.object, ox.Literal):
                self._written.note(quad.triple)
            chunk.append(quad)
            if len(chunk) >= _CHUNK:
                self.store.bulk_extend(chunk)
                chunk = []
                self.progress(f"read {sum(sizes.values()):,} quads")
        self.store.bulk_extend(chunk)

    def finish(self) -> LoadedStore:
        written = self._written
        self.loaded.retyped = written.retyped()
        if written.per_triple or written.ambiguous():
            self.progress("literals Oxigraph stores otherwise: reading the files again for them")
            for path, fmt, scope, graph in self._sources:
                written.second_pass(path, fmt, scope, self.skip if graph is None else ())
        self.loaded.written = dict(written.per_triple)
        return self.loaded


class _Written:
    """What the files wrote where the store keeps another literal (``StoreLoader``)."""

    def __init__(self) -> None:
        self.canonical = _Canonical()
        self.per_triple: dict[ox.Triple, set[Any]] = defaultdict(set)
        self.derived: dict[Any, set[Any]] = defaultdict(set)  # p -> derived integer types
        self.plain: set[Any] = set()  # predicates with objects written as xsd:integer

    def note(self, triple: ox.Triple) -> None:
        subject, predicate, obj = triple
        if obj.datatype == _INTEGER:  # even ill-typed: the predicate's integers are not all
            self.plain.add(predicate)  # of one derived type then
        if self.canonical.changes(obj):
            canonical = self.canonical.of(obj)
            if canonical.datatype == _INTEGER and canonical.value == obj.value:
                self.derived[predicate].add(obj.datatype)
            else:
                self.per_triple[ox.Triple(subject, predicate, canonical)].add(obj)

    def retyped(self) -> dict[Any, ox.NamedNode]:
        return {p: next(iter(types)) for p, types in self.derived.items()
                if len(types) == 1 and p not in self.plain}  # fmt: skip

    def ambiguous(self) -> set[Any]:
        """Predicates whose integer objects were written with several types."""
        return set(self.derived) - set(self.retyped())

    def second_pass(self, path: Path, fmt: str | None, scope: str,
                    skip: Collection[URIRef]) -> None:  # fmt: skip
        """Every written form of the triples kept per triple (the store holds one triple for
        ``"05"`` and ``"5"``), and of every integer object of the ambiguous predicates."""
        ambiguous = self.ambiguous()
        pairs = {(t[0], t[1]) for t in self.per_triple}
        wanted = ambiguous | {p for _, p in pairs}  # most quads are passed over on this alone
        terms = FileTerms(scope)
        for quad in _stream(path, fmt):
            if quad.predicate not in wanted or terms.graph_name(quad) in skip:
                continue
            subject, predicate, obj = terms.quad(quad).triple
            if not isinstance(obj, ox.Literal) or (
                predicate not in ambiguous and (subject, predicate) not in pairs):  # fmt: skip
                continue
            canonical = self.canonical.of(obj) if self.canonical.changes(obj) else obj
            key = ox.Triple(subject, predicate, canonical)
            integer = canonical.datatype == _INTEGER
            if key in self.per_triple or (predicate in ambiguous and integer):
                self.per_triple[key].add(obj)


def _stream(path: Path, fmt: str | None) -> Iterator[Any]:
    """The quads of a file, one at a time, the same on every reading (``_Anonymous``); errors
    name the file, as ``parse_file``'s do."""
    if not path.is_file():
        raise InputError(f"{path} is a directory, not an RDF file" if path.is_dir()
                         else f"no such file: {path}")  # fmt: skip
    rdf = rdf_format(path, fmt)
    named = _Anonymous()
    try:
        for quad in ox.parse(path=str(path), format=rdf, base_iri=path.resolve().as_uri()):
            if ox.BlankNode in (type(quad.subject), type(quad.object), type(quad.graph_name)):
                quad = named.quad(quad)
            yield quad
    except (SyntaxError, ValueError, OSError) as err:
        detail = " ".join(str(err).split())
        raise InputError(f"cannot parse {path} as {rdf.name}: {detail}") from err


class _Anonymous:
    """Names for the blank nodes a parser names itself (``[]`` and lists in Turtle): random
    on each reading, so the second reading (``_Written.second_pass``) would not find the
    first one's. Each such name (and any label of that form: hex, as Oxigraph's) becomes one
    made of the order in which it first appears, the same on every reading; other labels
    are never of that form, so none is taken twice."""

    _FORM = re.compile(r"[a-f][0-9a-f]{15,31}")

    def __init__(self) -> None:
        self._names: dict[str, ox.BlankNode] = {}

    def quad(self, quad: ox.Quad) -> ox.Quad:
        return ox.Quad(self._term(quad.subject), quad.predicate, self._term(quad.object),
                       self._term(quad.graph_name))  # fmt: skip

    def _term(self, term: Any) -> Any:
        if not isinstance(term, ox.BlankNode) or not self._FORM.fullmatch(term.value):
            return term
        found = self._names.get(term.value)
        if found is None:
            found = self._names[term.value] = ox.BlankNode(f"a{len(self._names):031x}")
        return found


class _Canonical:
    """Oxigraph's canonical form of a literal, asked of Oxigraph itself (and remembered)."""

    def __init__(self) -> None:
        self._store = ox.Store()
        self._asked = 0
        self._node = ox.NamedNode("urn:s3kg:canonical")
        self._known: dict[Any, Any] = {}

    def changes(self, literal: Any) -> bool:
        datatype = literal.datatype.value
        if not datatype.startswith(_XSD) or datatype in _KEPT:
            return False
        pattern = _CANONICAL.get(datatype)
        if pattern is not None and pattern.fullmatch(literal.value):
            return False
        return bool(self.of(literal) != literal)

    def of(self, literal: Any) -> Any:
        found = self._known.get(literal)
        if found is None:
            if len(self._known) >= _REMEMBERED:
                self._known.clear()
            # A fresh subject each time, and a fresh store now and then: Oxigraph's memory
            # store keeps removed quads' versions, so asking with one subject and removing
            # the quad again made every question slower than the last (10^7 never loaded).
            if self._asked >= _PER_STORE:
                self._store, self._asked = ox.Store(), 0
            self._asked += 1
            subject = ox.BlankNode()
            self._store.add(ox.Quad(subject, self._node, literal))
            found = next(iter(self._store.quads_for_pattern(subject, None, None))).object
            self._known[literal] = found
        return found
