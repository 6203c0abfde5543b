"""The data graph's queries and the prefixes they get (``s3kg.validate.engine``).

rdflib's ``Graph.query`` copies every prefix bound in the graph (about 30) into a dict for
each query, and Oxigraph converts every prefix it is given: for pySHACL's one query per focus
node that was a sixth of each query's cost at 10^6 triples. The data graph here hands the
store a view of its prefixes instead, and the store passes Oxigraph only those the query's
text can name, which gives the same answers.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Mapping
from typing import Any

from rdflib import Graph
from rdflib.query import Result


class DataGraph(Graph):
    """An rdflib graph whose store answers queries (``OxigraphQueries``): the store gets a
    view of the bound prefixes, not a copy (module docstring)."""

    def query(
        self,
        query_object: Any,
        processor: Any = "sparql",
        result: Any = "sparql",
        initNs: Mapping[str, Any] | None = None,  # noqa: N803 (rdflib's parameter names)
        initBindings: Mapping[str, Any] | None = None,  # noqa: N803
        use_store_provided: bool = True,
        **kwargs: Any,
    ) -> Result:
        if not initNs and use_store_provided:
            _ = self.namespace_manager  # binds rdflib's default prefixes, as the copy would
            try:
                return self.store.query(query_object, _StorePrefixes(self.store),
                                        initBindings or {}, self.identifier, **kwargs)
            except NotImplementedError:
                use_store_provided = False  # rdflib's engine answers, with the copied prefixes
        return super().query(query_object, processor, result, initNs, initBindings,
                             use_store_provided, **kwargs)


class _StorePrefixes(Mapping[str, Any]):
    """The prefixes bound in an rdflib store, looked up one at a time."""

    def __init__(self, store: Any) -> None:
        self.store = store

    def __getitem__(self, prefix: str) -> Any:
        namespace = self.store.namespace(prefix)
        if namespace is None:
            raise KeyError(prefix)
        return namespace

    def __iter__(self) -> Iterator[str]:
        return (prefix for prefix, _ in self.store.namespaces())

    def __len__(self) -> int:
        return sum(1 for _ in self.store.namespaces())

    def get(self, prefix: str, default: Any = None) -> Any:  # one lookup, not two
        namespace = self.store.namespace(prefix)
        return default if namespace is None else namespace


# A run of anything but white space and SPARQL's delimiters, just before a ':'.
_BEFORE_COLON = re.compile(r"[^\s<>\"'{}()\[\],;|/^!*+?=&#@$:]+(?=:)")


def used_prefixes(query: str, bound: Mapping[str, Any]) -> dict[str, str]:
    """The prefixes of ``bound`` that ``query`` may use: passing the others changes nothing
    but costs Oxigraph a conversion each, for every focus node."""
    found = ((name, bound.get(name)) for name in prefix_candidates(query))
    return {name: str(namespace) for name, namespace in found if namespace is not None}


@functools.lru_cache(maxsize=1024)
def prefix_candidates(query: str) -> frozenset[str]:
    """Every name that may be a prefix in ``query``: each run of characters other than white
    space and delimiters before a ':', and each of its tails (a '.' or '-' may join a
    prefixed name to what comes before it, as in ``?a-ex:b``). A superset of the prefixes
    the text names; the empty prefix is left out (Oxigraph was never given it)."""
    names: set[str] = set()
    for match in _BEFORE_COLON.finditer(query):
        run = match.group()
        names.update(run[start:] for start in range(len(run)))
    return frozenset(names)
