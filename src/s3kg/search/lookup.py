"""Finding entities by what they are called: ranked, typed, tolerant of case, accents and
small typos.

A query is normalised like the labels (:func:`s3kg.search.text.normalise`) and looked up in
the FTS5 trigram index (every word of three or more letters must occur), or — for a query of
one or two letters — by prefix on the normalised names.  Candidates are ranked in Python:
an exact name first, then a name that starts with the query, then one with a word that does,
then any substring; more important kinds (clusters, organisations, places) and shorter names
before others; aliases a little after labels.  When that finds fewer than three, names
sharing the most trigrams with the query are compared by edit similarity (rapidfuzz when
installed, difflib otherwise) and the close ones follow, marked as approximate.
"""

from __future__ import annotations

import difflib
import sqlite3
import threading
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from s3kg.search.text import fts_phrase, normalise, trigrams

_fuzz: Any
try:  # optional: a faster and better typo measure
    from rapidfuzz import fuzz as _fuzz
except ImportError:  # pragma: no cover - depends on the environment
    _fuzz = None

CANDIDATES = 2000  # names considered per query: far more than any page shows
FUZZY_CANDIDATES = 300
FUZZY_CUTOFF = 80.0  # similarity (0-100) a name needs to count as a typo of the query
FUZZY_BELOW = 3  # look for typos only when the text itself names fewer entities than this
MAX_QUERY = 200  # characters; longer queries are refused by the views
_LOCAL = threading.local()


@dataclass(frozen=True)
class Hit:
    iri: str
    label: str
    class_label: str
    kind: str
    matched: str  # the name that matched (an alias or code when it is not the label)
    score: float
    approximate: bool = False


def search(index: Path, query: str, kinds: frozenset[str] = frozenset()) -> list[Hit]:
    """Every entity of ``index`` that ``query`` names, best first (``kinds``: only those)."""
    text = normalise(query)
    if not text:
        return []
    con = _connect(index)
    hits = _best(_rank(text, _candidates(con, text)), con)
    if len(hits) < FUZZY_BELOW and len(text) >= 4:
        found = {h.iri for h in hits}
        fuzzy = _best(_fuzzy(text, _near(con, text)), con)
        hits += [replace(h, approximate=True) for h in fuzzy if h.iri not in found]
    return [h for h in hits if not kinds or h.kind in kinds]


def _connect(index: Path) -> sqlite3.Connection:
    """One read-only connection per thread and index file (releases never change)."""
    cache: dict[str, sqlite3.Connection] = _LOCAL.__dict__.setdefault("connections", {})
    key = str(index)
    if key not in cache:
        if len(cache) > 4:  # old releases: let their connections go
            for old in cache.values():
                old.close()
            cache.clear()
        uri = index.resolve().as_uri() + "?mode=ro&immutable=1"
        cache[key] = sqlite3.connect(uri, uri=True, check_same_thread=False)
    return cache[key]


Row = tuple[int, str, str, str, float]  # entity id, name, normalised name, field, weight
_SELECT = ("SELECT n.entity, n.text, n.norm, n.field, e.weight FROM name n "
           "JOIN entity e ON e.id = n.entity ")


def _candidates(con: sqlite3.Connection, text: str) -> list[Row]:
    words = text.split()
    long = [w for w in words if len(w) >= 3]
    if long:
        rows = con.execute(
            _SELECT + "JOIN name_fts f ON f.rowid = n.id WHERE name_fts MATCH ? "
            "ORDER BY f.rank LIMIT ?", (" AND ".join(fts_phrase(w) for w in long), CANDIDATES))
    else:
        rows = con.execute(_SELECT + "WHERE n.norm >= ? AND n.norm < ? ORDER BY n.norm LIMIT ?",
                           (text, text + "\U0010ffff", CANDIDATES))
    short = [w for w in words if len(w) < 3]
    return [r for r in rows.fetchall() if all(w in r[2] for w in short)]


def _near(con: sqlite3.Connection, text: str) -> list[Row]:
    grams = trigrams(text)[:40]
    if not grams:
        return []
    match = " OR ".join(fts_phrase(g) for g in grams)
    return con.execute(_SELECT + "JOIN name_fts f ON f.rowid = n.id WHERE name_fts MATCH ? "
                       "ORDER BY f.rank LIMIT ?", (match, FUZZY_CANDIDATES)).fetchall()


def _rank(text: str, rows: list[Row]) -> dict[int, tuple[float, str]]:
    words = text.split()
    return _keep_best((entity, _quality(text, words, norm) + _bonus(norm, field, weight), name)
                      for entity, name, norm, field, weight in rows)


def _quality(text: str, words: list[str], norm: str) -> float:
    if norm == text:
        return 100.0
    if norm.startswith(text):
        return 85.0
    if f" {text}" in f" {norm}":
        return 70.0
    name_words = norm.split()
    if all(any(n.startswith(w) for n in name_words) for w in words):
        return 60.0
    return 40.0


def _bonus(norm: str, field: str, weight: float) -> float:
    return weight - min(len(norm), 80) / 8 - (3.0 if field != "label" else 0.0)


def _fuzzy(text: str, rows: list[Row]) -> dict[int, tuple[float, str]]:
    scored = []
    for entity, name, norm, field, weight in rows:
        similarity = _similarity(text, norm)
        if similarity >= FUZZY_CUTOFF:
            scored.append((entity, similarity * 0.6 + _bonus(norm, field, weight), name))
    return _keep_best(scored)


def _similarity(text: str, norm: str) -> float:
    """0-100: how close ``text`` is to ``norm`` or to a run of its words as long as ``text``."""
    if _fuzz is not None:
        return float(max(_fuzz.ratio(text, norm), _fuzz.partial_ratio(text, norm)))
    words, size = norm.split(), len(text.split())
    runs = [" ".join(words[i : i + size]) for i in range(max(1, len(words) - size + 1))]
    return 100.0 * max(difflib.SequenceMatcher(None, text, run).ratio() for run in [norm, *runs])


def _keep_best(scored: Iterable[tuple[int, float, str]]) -> dict[int, tuple[float, str]]:
    best: dict[int, tuple[float, str]] = {}
    for entity, score, name in scored:
        if entity not in best or score > best[entity][0]:
            best[entity] = (score, name)
    return best


def _best(scores: dict[int, tuple[float, str]], con: sqlite3.Connection) -> list[Hit]:
    if not scores:
        return []
    ids = list(scores)
    marks = ",".join("?" * len(ids))
    # Only "?" placeholders are formatted in; the ids are bound.
    rows = con.execute(f"SELECT id, iri, label, class_label, kind FROM entity "
                       f"WHERE id IN ({marks})", ids).fetchall()
    hits = [Hit(iri, label, class_label, kind, scores[i][1], round(scores[i][0], 2))
            for i, iri, label, class_label, kind in rows]
    return sorted(hits, key=lambda h: (-h.score, h.label.lower(), h.iri))
