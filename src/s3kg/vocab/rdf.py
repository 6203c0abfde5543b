"""Reading RDF files for the validator and the reports: format from the extension, one-line
errors that name the file and the parser's line, blank nodes kept apart per file.

Files are parsed with Oxigraph, which keeps literals exactly as written and reports
syntax errors with their position; the result is rdflib graphs.
"""

from __future__ import annotations

import contextlib
import itertools
import logging
import zlib
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import to_canonical_graph
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.term import Node

from s3kg.errors import InputError

FORMATS = {
    "ttl": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "nq": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "jsonld": ox.RdfFormat.JSON_LD,
    "rdfxml": ox.RdfFormat.RDF_XML,
}
_EXTENSIONS = {"json": "jsonld", "rdf": "rdfxml", "owl": "rdfxml", "xml": "rdfxml"}
NamedGraphs = dict[URIRef, Graph]  # graph name (DATASET_DEFAULT_GRAPH_ID: default) -> triples


def load_shapes(files: Sequence[Path]) -> Graph:
    graph = Graph()
    for number, path in enumerate(files):
        scope = f"s{number}x"
        for quad in parse_file(path, None):
            graph.add(triple_of(quad, scope))
    return graph


def load_graphs(files: Sequence[Path], fmt: str | None = None) -> NamedGraphs:
    """Parse RDF files into named graphs; blank nodes of different files stay apart."""
    graphs: NamedGraphs = {}
    for number, path in enumerate(files):
        terms = FileTerms(f"f{number}x")
        for quad in parse_file(path, fmt):
            key = terms.graph_name(quad)
            if key not in graphs:
                graphs[key] = Graph(identifier=key)
            graphs[key].add(terms.triple(quad))
    return graphs


class FileTerms:
    """The terms of one parsed file, as rdflib and as Oxigraph terms, made once each: a file
    names the same IRIs and literals many times, and making an rdflib term checks it. Blank
    nodes get the file's ``scope`` as a prefix in both forms, so that files do not share them."""

    def __init__(self, scope: str) -> None:
        self.scope = scope
        self._rdflib: dict[Any, Any] = {}

    def rdflib(self, term: Any) -> Any:
        found = self._rdflib.get(term)
        if found is None:
            found = self._rdflib[term] = _rdf(term, self.scope)
        return found

    def oxigraph(self, term: Any) -> Any:
        return ox.BlankNode(self.scope + term.value) if isinstance(term, ox.BlankNode) else term

    def triple(self, quad: Any) -> tuple[Any, Any, Any]:
        rdflib = self.rdflib
        return (rdflib(quad.subject), rdflib(quad.predicate), rdflib(quad.object))

    def graph_name(self, quad: Any) -> Any:
        name = quad.graph_name
        return DATASET_DEFAULT_GRAPH_ID if isinstance(name, ox.DefaultGraph) else self.rdflib(name)

    def quad(self, quad: ox.Quad) -> ox.Quad:
        """The quad with this file's blank nodes, for an Oxigraph store (the parsed quad
        itself when it has none: most have none, and a new quad costs a microsecond)."""
        if ox.BlankNode not in (type(quad.subject), type(quad.object), type(quad.graph_name)):
            return quad
        return ox.Quad(self.oxigraph(quad.subject), quad.predicate, self.oxigraph(quad.object),
                       self.oxigraph(quad.graph_name))  # fmt: skip


def format_name(path: Path) -> str:
    """The format's name (a key of ``FORMATS``) a file's extension gives, or the extension."""
    extension = path.suffix.lower().lstrip(".")
    return _EXTENSIONS.get(extension, extension)


def rdf_format(path: Path, fmt: str | None = None) -> ox.RdfFormat:
    name = fmt or format_name(path)
    if name not in FORMATS:
        known = ", ".join(sorted(FORMATS))
        if fmt:
            raise InputError(f"unknown RDF format {fmt!r} (known: {known})")
        raise InputError(
            f"{path}: cannot tell the RDF format from the extension {path.suffix!r}; "
            f"pass --format ({known})"
        )
    return FORMATS[name]


def parse_file(path: Path, fmt: str | None) -> list[Any]:
    if not path.exists():
        raise InputError(f"no such file: {path}")
    if path.is_dir():
        raise InputError(f"{path} is a directory, not an RDF file")
    rdf = rdf_format(path, fmt)
    try:
        # Relative IRIs (<>, <#x>) resolve against the file itself, as RDF says they should.
        return list(ox.parse(path=str(path), format=rdf, base_iri=path.resolve().as_uri()))
    except (SyntaxError, ValueError, OSError) as err:
        detail = " ".join(str(err).split())
        raise InputError(f"cannot parse {path} as {rdf.name}: {detail}") from err


def triple_of(quad: Any, scope: str) -> tuple[Any, Any, Any]:
    return (_rdf(quad.subject, scope), _rdf(quad.predicate, scope), _rdf(quad.object, scope))


def _rdf(term: Any, scope: str) -> Any:
    """The rdflib term; blank nodes get a per-file prefix so that files do not share them."""
    if isinstance(term, ox.BlankNode):
        return BNode(scope + term.value)
    return to_rdflib(term)


def to_rdflib(term: Any) -> Any:
    """An rdflib term for a pyoxigraph term (literals keep their lexical form and datatype)."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    datatype = term.datatype.value
    xsd_string = "http://www.w3.org/2001/XMLSchema#string"
    return Literal(term.value, datatype=None if datatype == xsd_string else URIRef(datatype))


def to_oxigraph(term: Any) -> Any:
    """A pyoxigraph term for an rdflib term."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if term.language:
        return ox.Literal(str(term), language=term.language)
    datatype = str(term.datatype or "http://www.w3.org/2001/XMLSchema#string")
    return ox.Literal(str(term), datatype=ox.NamedNode(datatype))


def packed_ntriples(graph: Graph) -> bytes:
    """A graph as compressed N-Triples, blank-node labels kept (a report kept or sent between
    processes: at 10^7 data triples the reports' N-Triples took more memory than the data)."""
    triples = (ox.Triple(*(to_oxigraph(t) for t in triple)) for triple in graph)
    return zlib.compress(ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b"", 1)


def _quads(graphs: dict[URIRef, Graph]) -> Iterator[ox.Quad]:
    for name, graph in graphs.items():
        # Canonical blank-node labels (RDFC-style hashing) keep ontology restrictions stable.
        source = (
            to_canonical_graph(graph) if any(isinstance(t, BNode) for t in _terms(graph)) else graph
        )
        context = ox.NamedNode(str(name))
        for s, p, o in source:
            yield ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o), context)


def _terms(graph: Graph) -> Iterable[Node]:
    for s, _, o in graph:
        yield s
        yield o


def canonical_nquads(graphs: dict[URIRef, Graph]) -> bytes:
    """Sorted, de-duplicated N-Quads: byte-identical for the same graphs."""
    return merge_nquads([ox.serialize(_quads(graphs), format=ox.RdfFormat.N_QUADS) or b""])


def merge_nquads(chunks: Iterable[bytes]) -> bytes:
    """One canonical N-Quads document of several: the same quads give the same bytes."""
    lines, _ = sorted_lines(chunks)
    return b"\n".join(lines) + b"\n" if lines else b""


def sorted_lines(chunks: Iterable[bytes]) -> tuple[list[bytes], list[bytes]]:
    """The distinct non-empty lines of ``chunks``, sorted; and the repeats dropped (one entry
    per extra occurrence), so that counts made per chunk can be corrected."""
    lines: list[bytes] = []
    for chunk in chunks:
        lines.extend(chunk.splitlines())
    # Sorting first is faster than a set (chunks are sorted runs); repeats are then neighbours.
    lines.sort()
    unique: list[bytes] = []
    repeats: list[bytes] = []
    for line, following in itertools.pairwise(lines):
        if line != following:
            unique.append(line)
        elif line:
            repeats.append(line)
    unique.extend(lines[-1:])
    return [line for line in unique if line] if unique[:1] == [b""] else unique, repeats


def line_difference(old: list[bytes], new: list[bytes]) -> tuple[list[bytes], list[bytes]]:
    """The lines only in ``old`` and only in ``new``: one merge when both are sorted lists
    of distinct lines (a build's canonical N-Quads), which compares equal runs a block at a
    time in C; sets otherwise."""
    if sorted(old) != old or sorted(new) != new:  # near-linear on sorted input
        kept, made = set(old), set(new)
        return sorted(kept - made), sorted(made - kept)
    gone: list[bytes] = []
    added: list[bytes] = []
    i = j = 0
    while i < len(old) and j < len(new):
        if old[i : i + _BLOCK] == new[j : j + _BLOCK]:
            i, j = i + _BLOCK, j + _BLOCK
        elif old[i] == new[j]:
            i, j = i + 1, j + 1
        elif old[i] < new[j]:
            gone.append(old[i])
            i += 1
        else:
            added.append(new[j])
            j += 1
    return gone + old[i:], added + new[j:]


_BLOCK = 256  # lines compared at once where two builds agree (nearly everywhere)


def graph_counts(nquads: bytes) -> dict[str, int]:
    """Quads per named graph of an N-Quads document whose quads all have a graph name."""
    counts: dict[str, int] = {}
    for line in nquads.splitlines():
        if line:
            name = line.rsplit(b" ", 2)[-2].decode()[1:-1]
            counts[name] = counts.get(name, 0) + 1
    return counts


@contextlib.contextmanager
def quiet_literals() -> Iterator[None]:
    """rdflib warns, with a traceback, of every ill-typed literal it makes ("abc" as an
    xsd:integer: the very values sh:datatype reports). Where results made in another process
    are read back, it warned there already."""
    logger = logging.getLogger("rdflib.term")
    level = logger.level
    logger.setLevel(max(logger.getEffectiveLevel(), logging.ERROR))
    try:
        yield
    finally:
        logger.setLevel(level)
