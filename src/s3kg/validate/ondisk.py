"""RDF files into an Oxigraph store on disk, for validation in batches (``s3kg.validate.batches``).

The files are streamed, never held whole, so memory stays flat however large they are.
Blank nodes get a prefix per file, as in ``FileTerms``. Oxigraph keeps typed literals in
canonical form (``"05"^^xsd:positiveInteger`` comes back as ``"5"^^xsd:integer``), but
SHACL Core compares literals as written (``sh:datatype``, ``sh:pattern``, ``sh:in``): every
literal Oxigraph would change is remembered here with its triple, and ``as_written`` gives
the triples back as the files wrote them. Data made by s3kg has none: its files are written
by Oxigraph.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

from s3kg.errors import InputError
from s3kg.vocab.rdf import FileTerms, rdf_format, to_rdflib

_XSD = "http://www.w3.org/2001/XMLSchema#"
_KEPT = {f"{_XSD}{name}" for name in ("string", "anyURI", "normalizedString", "token",
                                       "language", "Name", "NCName", "NMTOKEN")}  # fmt: skip
# Lexical forms Oxigraph keeps as they are; anything else is checked against Oxigraph itself.
_CANONICAL = {
    f"{_XSD}integer": re.compile(r"-?(0|[1-9][0-9]*)"),
    f"{_XSD}decimal": re.compile(r"-?(0|[1-9][0-9]*)(\.[0-9]*[1-9])?"),
    f"{_XSD}boolean": re.compile(r"true|false"),
    f"{_XSD}gYear": re.compile(r"[0-9]{4}"),
    f"{_XSD}date": re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}"),
    f"{_XSD}dateTime": re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z?"),
}
_CHUNK = 200_000


@dataclass
class LoadedStore:
    """A store made by ``load_store``: how many quads each graph had, and the literals it
    holds in another form than the files wrote them ((s, p, canonical) -> written forms)."""

    sizes: Counter[URIRef] = field(default_factory=Counter)
    written: dict[ox.Triple, set[Any]] = field(default_factory=lambda: defaultdict(set))

    def as_written(self, triples: Iterable[ox.Triple]) -> Iterator[Any]:
        """The triples (as subject, predicate, object) with their literals as written."""
        if not self.written:
            yield from triples
            return
        for triple in triples:
            forms = self.written.get(triple)
            if forms is None:
                yield triple
            else:
                yield from ((triple[0], triple[1], form) for form in forms)


def load_store(
    store: ox.Store, files: Sequence[Path], fmt: str | None, skip: Collection[URIRef],
    progress: Callable[[str], None],
) -> LoadedStore:
    """Stream ``files`` into ``store``, leaving out the graphs named in ``skip``."""
    loaded = LoadedStore()
    canonical = _Canonical()
    for number, path in enumerate(files):
        terms = FileTerms(f"f{number}x")
        chunk: list[ox.Quad] = []
        for quad in _stream(path, fmt):
            name = terms.graph_name(quad)
            loaded.sizes[name] += 1
            if name in skip:
                continue
            quad = terms.quad(quad)
            obj = quad.object
            if isinstance(obj, ox.Literal) and canonical.changes(obj):
                key = ox.Triple(quad.subject, quad.predicate, canonical.of(obj))
                loaded.written[key].add(obj)
            chunk.append(quad)
            if len(chunk) >= _CHUNK:
                store.bulk_extend(chunk)
                chunk = []
                progress(f"read {sum(loaded.sizes.values()):,} quads")
        store.bulk_extend(chunk)
    if loaded.written:
        _also_canonical(loaded, files, fmt)
    return loaded


def _stream(path: Path, fmt: str | None) -> Iterator[Any]:
    """The quads of a file, one at a time; errors name the file, as ``parse_file``'s do."""
    if not path.is_file():
        raise InputError(f"{path} is a directory, not an RDF file" if path.is_dir()
                         else f"no such file: {path}")  # fmt: skip
    rdf = rdf_format(path, fmt)
    try:
        yield from ox.parse(path=str(path), format=rdf, base_iri=path.resolve().as_uri())
    except (SyntaxError, ValueError, OSError) as err:
        detail = " ".join(str(err).split())
        raise InputError(f"cannot parse {path} as {rdf.name}: {detail}") from err


def _also_canonical(loaded: LoadedStore, files: Sequence[Path], fmt: str | None) -> None:
    """Add the canonical form itself to the written forms where a file wrote it too (the
    store holds one triple for ``"05"`` and ``"5"``): a second pass, only over such data."""
    for number, path in enumerate(files):
        terms = FileTerms(f"f{number}x")
        for quad in _stream(path, fmt):
            triple = terms.quad(quad).triple
            if triple in loaded.written:
                loaded.written[triple].add(triple[2])
    loaded.written = dict(loaded.written)


class _Canonical:
    """Oxigraph's canonical form of a literal, asked of Oxigraph itself (and remembered)."""

    def __init__(self) -> None:
        self._store = ox.Store()
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
            quad = ox.Quad(self._node, self._node, literal)
            self._store.add(quad)
            found = next(iter(self._store.quads_for_pattern(self._node, None, None))).object
            self._store.remove(quad)
            self._known[literal] = found
        return found


def graph_key(name: Any) -> URIRef:
    """The rdflib name of a store's graph (the default graph as rdflib names it)."""
    return DATASET_DEFAULT_GRAPH_ID if isinstance(name, ox.DefaultGraph) else to_rdflib(name)
