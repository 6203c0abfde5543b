"""The data graph pySHACL validates: triples in rdflib's memory store, SPARQL on Oxigraph.

pySHACL, the reference implementation of SHACL and SHACL-SPARQL, checks Core constraints by
walking the data graph's triples, and SHACL-SPARQL constraints (and SPARQL-based constraint
components) by running the constraint's query once per focus node with ``$this`` pre-bound:
``graph.query(text, initBindings={"this": node})``. With rdflib's own SPARQL engine those
queries take most of the time (minutes on the release graph). rdflib hands a query to the
graph's store when the store answers queries itself, so the store here keeps the triples in
rdflib's memory store, for the Core constraints, and a copy of the named graphs in Oxigraph,
which answers the queries with ``$this`` (and the other pre-bound variables) given as
``substitutions``: the value replaces the variable in every triple pattern, nested group,
FILTER and EXISTS. Two things Oxigraph does not do as SHACL's pre-binding says, found by the
W3C suite's pre-binding tests (tests/w3c/test_shacl_suite.py), and left to rdflib's engine,
which does: ``BOUND(?v)`` and an expression assigned to a variable (``BIND(... ?v ... AS
?x)``, and ``(... ?v ... AS ?x)`` in a SELECT or GROUP BY, found in review) see a pre-bound
variable unbound, and a pre-bound variable must be projected by a SELECT. Nothing of
SHACL is re-implemented here: targets, pre-binding rules, messages and the report stay
pySHACL's.

The default graph of a query is the union of all the graphs and ``GRAPH <name>`` reads one of
them, as for pySHACL over an rdflib Dataset with ``default_union``; so the one shape that reads
a named graph (FactProvenanceShape) needs no Dataset and no special case.

Oxigraph stores typed literals in canonical form (``"05"^^xsd:positiveInteger`` is
``"5"^^xsd:integer`` there): SPARQL constraints see canonical values, Core constraints
(``sh:datatype``, ``sh:pattern``) rdflib's literals, which are as written except where
rdflib normalises them. Files given to ``s3kg validate`` reach Oxigraph as Oxigraph parsed
them, a build's graphs through rdflib: a malformed literal (``" 5 "^^xsd:integer``) may
then compare differently in a SPARQL constraint.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Collection, Generator, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import Graph, URIRef, Variable
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.plugins.stores.memory import Memory, SimpleMemory
from rdflib.query import Result

from s3kg.heap import collector_paused
from s3kg.validate.lateral import Lateral
from s3kg.validate.prefixes import DataGraph, used_prefixes
from s3kg.vocab.rdf import FileTerms, NamedGraphs, parse_file, to_oxigraph, to_rdflib


class WholeGraphNeededError(Exception):
    """A query rdflib would have to answer on a memory store that holds only part of the
    data (``partial``): validation in batches cannot go on, the whole graph is needed."""


class _OxigraphAnswers:
    """The half of a store that hands rdflib's SPARQL queries to Oxigraph."""

    oxigraph: ox.Store
    partial: bool  # the memory store holds only some of the data (a batch's subgraph)
    lateral: Lateral | None = None  # a batch's queries answered for all its focus nodes

    def query(
        self,
        query: Any,
        initNs: Mapping[str, Any],  # noqa: N803 (rdflib's parameter names)
        initBindings: Mapping[str, Any],  # noqa: N803
        queryGraph: Any,  # noqa: N803
        **kwargs: Any,
    ) -> Result:
        # NotImplementedError: rdflib evaluates the query itself, on the memory store
        if not isinstance(query, str) or kwargs or not _prebinds_well(query, initBindings):
            raise WholeGraphNeededError if self.partial else NotImplementedError
        if self.lateral is not None:
            found = self.lateral.answer(query, initBindings, lambda: used_prefixes(query, initNs))
            if found is not None:
                return found
        try:
            answer: Any = self.oxigraph.query(
                query,
                prefixes=used_prefixes(query, initNs),
                use_default_graph_as_union=True,
                substitutions={ox.Variable(k): to_oxigraph(v) for k, v in initBindings.items()},
            )
        except RuntimeError as err:  # a pre-bound variable the SELECT does not project
            raise (WholeGraphNeededError if self.partial else NotImplementedError) from err
        return _result(answer)


class OxigraphQueries(_OxigraphAnswers, Memory):
    """rdflib's memory store whose SPARQL queries run on an Oxigraph copy of the graphs."""

    def __init__(self, oxigraph: ox.Store) -> None:
        Memory.__init__(self)
        self.oxigraph = oxigraph
        self.partial = False


class OneGraph(SimpleMemory):
    """rdflib's simple memory store for one graph, never a dataset: three indexes a triple,
    where ``Memory`` also keeps each triple's graphs (a batch's subgraph and shapes graph:
    17% of a batch's time at 10^6 quads, building and reading them).

    pySHACL wraps every data graph in an rdflib Dataset, which asserts that the store is
    context aware, and looks up in which graph a blank node is (to name it in a message):
    so the store says so, and gives every triple the one graph it was added to, where
    ``SimpleMemory`` gives none. Its length is counted once and remembered, since pySHACL
    asks for it with every result it reports (``datagraph or sg``) and ``SimpleMemory``
    counts by walking every triple."""

    context_aware = True
    graph_aware = True

    def __init__(self) -> None:
        SimpleMemory.__init__(self)
        self._length: int | None = None
        self._graphs: tuple[Any, ...] = ()

    def add(self, triple: Any, context: Any, quoted: bool = False) -> None:
        if self._graphs and context is not self._graphs[0]:  # would relabel every triple
            raise ValueError("a OneGraph store holds one graph")
        self._length = None
        self._graphs = (context,)
        SimpleMemory.add(self, triple, context, quoted)

    def _SimpleMemory__contexts(self) -> Iterator[Any]:  # noqa: N802 (what triples() calls)
        return iter(self._graphs)

    def contexts(self, triple: Any = None) -> Generator[Any, None, None]:
        yield from self._graphs

    def remove(self, triple_pattern: Any, context: Any = None) -> None:
        self._length = None
        SimpleMemory.remove(self, triple_pattern, context)

    def __len__(self, context: Any = None) -> int:
        if self._length is None:  # whatever the context: there is only the one graph
            self._length = SimpleMemory.__len__(self, context)
        return self._length


class SubgraphQueries(_OxigraphAnswers, OneGraph):
    """A batch's subgraph, its SPARQL queries run on the whole store (``lateral``: for all
    of the batch's focus nodes at once where that answers the same)."""

    def __init__(self, oxigraph: ox.Store, lateral: Lateral | None = None) -> None:
        OneGraph.__init__(self)
        self.oxigraph = oxigraph
        self.partial = True
        self.lateral = lateral


_BOUND = re.compile(r"\bBOUND\s*\(\s*[?$](\w+)\s*\)", re.I)
_BIND = re.compile(r"\bBIND\s*\(", re.I)
_ASSIGNED = re.compile(r"\bAS\s+[?$]\w+\s*$", re.I)  # the end of (expr AS ?v)
_VARIABLE = re.compile(r"[?$](\w+)")
# What a variable or a parenthesis inside is not: IRIs (kept: `#` is no comment there),
# strings and comments (blanked out, so that their `(`, `)` and `?x` count for nothing).
_NOT_CODE = re.compile(
    r'<[^<>"{}|^`\\\s]*>|"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
    r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|#[^\n]*'
)


# The variables SHACL pre-binds in a constraint's query, and in a component's validator.
PRE_BOUND = frozenset({"this", "value", "currentShape", "shapesGraph", "PATH"})


def _prebinds_well(query: str, bindings: Mapping[str, Any]) -> bool:
    """False if a pre-bound variable is in BOUND() or in an expression assigned to a variable
    (BIND, or a SELECT's or GROUP BY's ``(expr AS ?v)``; see above)."""
    return not bindings or prebinds_well(query, frozenset(bindings))


@functools.lru_cache(maxsize=1024)
def prebinds_well(query: str, names: frozenset[str]) -> bool:
    """``_prebinds_well`` for the names of the bindings: pySHACL asks it for every focus node
    with the same few texts, and the regular expressions took 6% of a 10^6-triple validation.
    Conservative: any BIND that names one, and any other ``(expr AS ?v)`` whose expression
    does (Oxigraph goes wrong where it comes down to the variable itself, ``$this AS ?x``)."""
    code = _NOT_CODE.sub(lambda m: m[0] if m[0].startswith("<") else " " * len(m[0]), query)
    if any(m.group(1) in names for m in _BOUND.finditer(code)):
        return False
    if any(names & _variables(_bracketed(code, m.end())) for m in _BIND.finditer(code)):
        return False
    assigned = (_bracketed(code, at + 1) for at, char in enumerate(code) if char == "(")
    return not any(
        (end := _ASSIGNED.search(e)) and names & _variables(e[: end.start()]) for e in assigned
    )


def _bracketed(text: str, start: int) -> str:
    """The text from ``start`` to the parenthesis that closes the one before it."""
    depth = 1
    for end in range(start, len(text)):
        depth += {"(": 1, ")": -1}.get(text[end], 0)
        if depth == 0:
            return text[start:end]
    return text[start:]


def _variables(text: str) -> set[str]:
    return {m.group(1) for m in _VARIABLE.finditer(text)}


def _result(answer: Any) -> Result:
    if isinstance(answer, ox.QueryBoolean):
        result = Result("ASK")
        result.askAnswer = bool(answer)
        return result
    if isinstance(answer, ox.QuerySolutions):
        result = Result("SELECT")
        names = [Variable(v.value) for v in answer.variables]
        result.vars = names
        result.bindings = [
            {
                name: to_rdflib(value)
                for name, value in zip(names, row, strict=True)
                if value is not None
            }
            for row in answer
        ]
        return result
    result = Result("CONSTRUCT")
    result.graph = Graph()
    for triple in answer:
        result.graph.add(tuple(to_rdflib(t) for t in triple))
    return result


def data_graph(graphs: NamedGraphs) -> Graph:
    """The union of ``graphs`` as one rdflib graph, its queries answered by Oxigraph."""
    union = DataGraph(store=OxigraphQueries(ox.Store()))
    add_to_data_graph(union, graphs)
    return union


def add_to_data_graph(union: Graph, graphs: NamedGraphs) -> None:
    """Add ``graphs`` to a graph made by ``data_graph`` and to its Oxigraph copy."""
    store = oxigraph_of(union)
    for name, graph in graphs.items():
        context = ox.DefaultGraph() if name == DATASET_DEFAULT_GRAPH_ID else to_oxigraph(name)
        store.extend(
            ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o), context) for s, p, o in graph
        )
        union += graph


def add_files_to_data_graph(
    union: Graph, files: Sequence[Path], fmt: str | None, skip: Collection[URIRef]
) -> Counter[URIRef]:
    """Add RDF files to a graph made by ``data_graph``, reading each once: its triples go to
    rdflib's memory store and its quads, as parsed, to the Oxigraph copy, with no graph per
    name in between (a third of a 10^6-triple validation went to making those graphs and
    converting their terms back). Graphs named in ``skip`` are left out. Returns how many
    quads each graph name had, the skipped ones included."""
    store, memory = oxigraph_of(union), union.store
    sizes: Counter[URIRef] = Counter()
    with collector_paused():
        for number, path in enumerate(files):
            terms = FileTerms(f"f{number}x")
            quads = []
            for quad in parse_file(path, fmt):
                name = terms.graph_name(quad)
                sizes[name] += 1
                if name not in skip:
                    memory.add(terms.triple(quad), union)  # Graph.add re-checks rdflib's terms
                    quads.append(terms.quad(quad))
            store.extend(quads)
    return sizes


def oxigraph_of(graph: Graph) -> ox.Store:
    """The Oxigraph copy behind a graph made by ``data_graph``."""
    store = graph.store
    assert isinstance(store, OxigraphQueries)
    return store.oxigraph
