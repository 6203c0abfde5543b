"""Per-release caches the pages share: every IRI's label, and answers too costly per request.

A release never changes once published (a rebuild makes a new folder and moves
``var/current``), so an answer cached under the resolved store path stays right for as long
as that path is served; the next build's path is a new key.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any, TypeVar

from s3kg.vocab.prefixes import sparql_prologue
from s3kg.web import current_backend

T = TypeVar("T")
LABELS = sparql_prologue() + """
SELECT ?x (SAMPLE(?l) AS ?label) WHERE {
  ?x rdfs:label|skos:prefLabel|dcterms:title ?l FILTER(isIRI(?x) && LANG(?l) IN ("en", ""))
} GROUP BY ?x"""
_CACHE: OrderedDict[tuple[str, str], Any] = OrderedDict()
_LOCK = threading.Lock()
_SIZE = 64
INTERNAL_LIMIT = 200_000  # rows of the server's own cached queries (labels, a paper's spans)


def release_key() -> str:
    """The served release, as the resolved path of its store."""
    return str(current_backend().pool.follow().resolve())


def cached(name: str, compute: Callable[[], T]) -> T:
    """``compute()`` once per release and ``name`` (the few most recent kept)."""
    key = (release_key(), name)
    with _LOCK:
        if key in _CACHE:
            _CACHE.move_to_end(key)
            found: T = _CACHE[key]
            return found
    value = compute()  # outside the lock: two first requests may both compute, harmlessly
    with _LOCK:
        _CACHE[key] = value
        while len(_CACHE) > _SIZE:
            _CACHE.popitem(last=False)
    return value


def labels() -> dict[str, str]:
    """The English (or untagged) label of every labelled IRI of the graph."""
    return cached("labels", _all_labels)


def _all_labels() -> dict[str, str]:
    rows = current_backend().select(LABELS, limit=INTERNAL_LIMIT)["results"]["bindings"]
    return {row["x"]["value"]: row["label"]["value"] for row in rows if "label" in row}


def label(iri: str, fallback: str = "") -> str:
    return labels().get(iri, fallback)
