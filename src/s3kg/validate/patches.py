"""Where s3kg changes how pySHACL works, never what its report graph says.

Both are pySHACL's hot spots on s3kg's shapes, each doing again and again work whose result
s3kg already has or never reads: the SPARQL text check, memoised once per process
(``apply``), and the text report's paragraphs, left out while s3kg validates
(``no_text_report``), so that another caller of pySHACL in the process still gets them.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any


def apply() -> None:
    _check_each_text_once()


def _check_each_text_once() -> None:
    """pySHACL checks a constraint's SPARQL text for what SHACL forbids (MINUS, VALUES,
    SERVICE, a nested SELECT without $this ...) before every focus node's query: a sixth of
    the build's validation time went to the same regular expressions on the same few texts.
    The check depends only on the text and on which variables may be pre-bound, so a text
    that passed is not checked again; one that fails still raises every time."""
    from pyshacl.helper.sparql_query_helper import SPARQLQueryHelper

    original = SPARQLQueryHelper.check_invalid_sparql
    if getattr(original, "s3kg_memoised", False):
        return
    passed: set[tuple[str, bool, frozenset[str]]] = set()

    def check(self: Any, sparql_text: str, valuenode: Any = None, extravars: Any = None) -> bool:
        key = (sparql_text, valuenode is not None, frozenset(extravars or ()))
        if key not in passed:
            original(self, sparql_text, valuenode=valuenode, extravars=extravars)  # type: ignore[no-untyped-call]
            passed.add(key)
        return True

    check.s3kg_memoised = True  # type: ignore[attr-defined]
    SPARQLQueryHelper.check_invalid_sparql = check  # type: ignore[method-assign]


@contextmanager
def no_text_report() -> Iterator[None]:
    """pySHACL writes every result twice: as triples of the report graph, and as a paragraph
    of its text report (focus node, value and path each printed with the graph's prefixes),
    which s3kg never reads: its reports are made from the graph (``s3kg.validate.reports``).
    The paragraphs took 7% of a batch at 10^6 quads; inside this block the text report has
    none. The triples, and so every s3kg report, are unchanged. Blocks may overlap (in
    threads): pySHACL's own method is back once the last one ends."""
    from pyshacl.constraints.constraint_component import ConstraintComponent

    global _open, _original
    with _lock:
        if not _open:
            _original = ConstraintComponent.make_v_result_description
            ConstraintComponent.make_v_result_description = _no_description  # type: ignore[method-assign]
        _open += 1
    try:
        yield
    finally:
        with _lock:
            _open -= 1
            if not _open:
                ConstraintComponent.make_v_result_description = _original  # type: ignore[method-assign]


_lock = threading.Lock()
_open = 0  # no_text_report blocks open now
_original: Any = None  # pySHACL's own method while one is


def _no_description(self: Any, *args: Any, **kwargs: Any) -> str:
    return ""
