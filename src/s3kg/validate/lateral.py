"""A batch's SPARQL constraints answered for all its focus nodes in one query each.

pySHACL runs a SPARQL constraint once per focus node, ``$this`` pre-bound, and Oxigraph
parses and plans each of those queries anew: at 10^6 quads a third of a batch's time, 40-90
µs a query before it reads anything. Here the first focus node's query runs as before; the
others of the batch are then answered from one query that gives Oxigraph all of them::

    SELECT * WHERE { VALUES ?this { <n1> <n2> ... } LATERAL { <the constraint's SELECT> } }

``LATERAL`` (Oxigraph's SPARQL 1.2 extension, SEP-0006) evaluates the SELECT once for each
``?this`` with the value injected, as ``substitutions`` does for one node; the rows are
then given back to pySHACL node by node. The two part where Oxigraph's optimiser takes a
substituted ``$this`` for unbound: ``BOUND($this)`` and an expression assigned to a variable
(``BIND``, ``($this AS ?x)``) give other answers, so such queries never come here
(``s3kg.validate.engine.prebinds_well``, checked before). Of the rest, only these go this
way: a constraint's own ``sh:select`` (not a component's validator, which pre-binds
``$value``) after PREFIX lines only, ``$this`` the one pre-bound variable, a single SELECT
(no sub-select, whose scope is another such place), no ``?failure`` (pySHACL keeps the first
failing row's values for its message, and the two may order rows differently), and focus
nodes that are IRIs (a literal's canonical form and a blank node cannot be looked up by
what pySHACL asks). Everything else, and every node not among a shape's own focus nodes (a
value reached through ``sh:node``), is asked one by one. tests/validate/test_lateral.py
compares the two, node by node, on every constraint of the W3C SHACL-SPARQL suite, of
s3kg's shapes and of a set of query forms (OPTIONAL, UNION, EXISTS, GRAPH, paths,
aggregates, solution modifiers).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox
from rdflib import Graph, Variable
from rdflib.namespace import SH
from rdflib.query import Result

from s3kg.validate.targets import Batch
from s3kg.vocab.rdf import to_oxigraph, to_rdflib

_SELECT = re.compile(r"\bSELECT\b", re.I)
_SERVICE = re.compile(r"\bSERVICE\b", re.I)  # SHACL forbids it; never one query for many
_FAILURE = re.compile(r"[?$]failure\b")
# (a comment runs to the line's end: "##..." is one, not any number of them to try)
_PROLOGUE = re.compile(
    r"(\s*(PREFIX\s+[^\s:]*:\s*<[^>]*>|BASE\s*<[^>]*>|#[^\n]*(?=\n|\Z)))*\s*", re.I
)
_STARTS_WITH_SELECT = re.compile(r"\s*(#[^\n]*\n\s*)*SELECT\b", re.I)
_THIS = ox.Variable("this")
_CHUNK = 5_000  # focus nodes a query: a VALUES block of a few hundred kilobytes

Rows = list[dict[Variable, Any]]  # a node's solutions, as rdflib's Result holds them


class Lateral:
    """The answers, for one batch, of its shapes' SPARQL constraints (``answer``)."""

    def __init__(self, store: ox.Store, shapes: Graph, batch: Batch) -> None:
        self.store = store
        self._nodes: dict[str, set[ox.NamedNode]] = {}  # a sh:select text: its shapes' IRIs
        for shape, nodes in batch:
            iris = {n for n in nodes if isinstance(n, ox.NamedNode)}
            for constraint in shapes.objects(shape, SH.sparql):
                for text in shapes.objects(constraint, SH.select):
                    self._nodes.setdefault(str(text), set()).update(iris)
        self._texts: dict[str, str | None] = {}  # a query: the sh:select text it is made of
        self._tried: set[str] = set()  # queries asked for one node by themselves
        self._answers: dict[str, _Answers] = {}

    def answer(self, query: str, bindings: Mapping[str, Any],
               prefixes: Callable[[], dict[str, str]]) -> Result | None:  # fmt: skip
        """The query's answer with ``bindings`` pre-bound, or None: to be asked by itself
        (the first node of each query is, so that a query that cannot run as it is fails
        as it would)."""
        if set(bindings) != {"this"}:
            return None
        this = to_oxigraph(bindings["this"])
        known = self._answers.get(query)
        if known is None:
            text = self._text(query)
            if text is None or this not in self._nodes[text]:
                return None
            if query not in self._tried:
                self._tried.add(query)
                return None
            try:
                known = self._answers[query] = self._fetch(query, text, prefixes())
            except (SyntaxError, ValueError, RuntimeError, OSError):  # node by node, as it ran
                self._texts[query] = None
                return None
        if this not in known.nodes:
            return None
        result = Result("SELECT")
        result.vars = known.names
        result.bindings = known.rows.get(this, [])  # type: ignore[assignment]
        return result

    def _text(self, query: str) -> str | None:
        """The sh:select text the query is made of (after pySHACL's PREFIX lines), if the
        query may be answered for many nodes at once."""
        if query not in self._texts:
            found = [t for t in self._nodes if query.endswith(t)]
            text = found[0] if len(found) == 1 else ""
            self._texts[query] = text if _at_once(text, query[: len(query) - len(text)]) else None
        return self._texts[query]

    def _fetch(self, query: str, text: str, prefixes: dict[str, str]) -> _Answers:
        """Every focus node's rows, keyed by the node."""
        prologue = query[: len(query) - len(text)]
        nodes = sorted(self._nodes[text], key=str)
        known = _Answers(self._nodes[text])
        for start in range(0, len(nodes), _CHUNK):
            values = " ".join(str(n) for n in nodes[start : start + _CHUNK])
            # the text on lines of its own: it may end with a comment
            lateral = f"SELECT * WHERE {{ VALUES ?this {{ {values} }} LATERAL {{\n{text}\n}} }}"
            solutions: Any = self.store.query(prologue + lateral, prefixes=prefixes,
                                              use_default_graph_as_union=True)  # fmt: skip
            known.names = [Variable(v.value) for v in solutions.variables]
            for row in solutions:
                known.rows.setdefault(row[_THIS], []).append({
                    name: to_rdflib(value)
                    for name, value in zip(known.names, row, strict=True) if value is not None
                })  # fmt: skip
        return known


@dataclass
class _Answers:
    nodes: set[ox.NamedNode]  # the focus nodes asked about
    names: list[Variable] = field(default_factory=list)
    rows: dict[Any, Rows] = field(default_factory=dict)  # a node: its rows, in Oxigraph's order


def _at_once(text: str, prologue: str) -> bool:
    """Whether a query made of ``prologue`` and a constraint's ``text`` may be answered for
    many focus nodes at once (see above)."""
    return bool(
        text
        and _PROLOGUE.fullmatch(prologue)
        and _STARTS_WITH_SELECT.match(text)
        and len(_SELECT.findall(text)) == 1
        and not _SERVICE.search(text)
        and not _FAILURE.search(text)
    )
