"""Clusters and parks named without a cue word at the end of their name, and their later
mentions.

Rules (``method`` = ``clusters:<rule>``):

- ``site``: a park or hub followed by its place, "<Name> Park <place>", "<Aerohub> <place>"
  (a word that ends in -hub, -park or -polis), as enterprise-zone and business-park sites
  are named ("Kestrel Park Northtown").
- ``apposition``: a name described as a hub, a park or a cluster right after it ("Quayside
  Northtown - a world-class hub for marine industries").
- ``acronym``: the initials given in brackets after a cluster's name ("Northtown Science Park
  (NSP)"), at every use.
- ``repeat``: every other mention of a cluster's name found once, also inside a longer name
  ("Northtown Valley" in "the Northtown Valley Jazz Festival").
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from s3kg.corpus.reader import Document
from s3kg.extract.candidate import Candidate
from s3kg.extract.lexicon import Lexicon
from s3kg.extract.names import RUN, is_generic, runs

_SUFFIXED = re.compile(r"[A-Z][a-z]+(?:hub|park|polis)$")
_APPOSITION = re.compile(
    rf"(?P<name>{RUN.pattern})(?: -|,| –) (?:a|an|the) (?:[\w'’-]+ ){{0,4}}?"
    r"(?:hub|park|cluster|technopark|campus)\b"
)
_ACRONYM = re.compile(r" \(([A-Z]{2,6})\)")


def later_clusters(
    doc: Document, places: Lexicon, found: list[Candidate], is_named: Callable[[str], bool]
) -> list[Candidate]:
    """The clusters of this module's rules that ``found`` does not have yet."""
    new = _sites(doc, places) + _appositions(doc, places, is_named)
    new = [c for c in new if not any(c.start < f.end and f.start < c.end for f in found)]
    named = found + new
    new += _acronyms(doc, named)
    return new + _repeats(doc, named + new)


def _sites(doc: Document, places: Lexicon) -> list[Candidate]:
    found = []
    for run in runs(doc.text):
        words = run.words
        for cut in range(len(words) - 1, 0, -1):
            head, where = " ".join(words[:cut]), " ".join(words[cut:])
            site = head.endswith(" Park") or bool(_SUFFIXED.search(words[cut - 1]))
            if site and not is_generic(head) and _whole_place(places, where):
                found.append(_candidate(doc, run.start, run.end, run.text, "site", 0.7))
                break
    return found


def _appositions(
    doc: Document, places: Lexicon, is_named: Callable[[str], bool]
) -> list[Candidate]:
    found = []
    for match in _APPOSITION.finditer(doc.text):
        run = next(runs(doc.text, match.start("name"), match.end("name")), None)
        if run is None or is_generic(run.text) or _whole_place(places, run.text):
            continue
        if len(run.words) <= 4 and not is_named(run.text):
            found.append(_candidate(doc, run.start, run.end, run.text, "apposition", 0.6))
    return found


def _acronyms(doc: Document, named: list[Candidate]) -> list[Candidate]:
    found, seen = [], set()
    for cluster in named:
        match = _ACRONYM.match(doc.text, cluster.end)
        name = doc.text[cluster.start : cluster.end]
        if match is None or match.group(1) in seen:
            continue
        initials = "".join(w[0] for w in name.split() if w[0].isupper())
        if initials != match.group(1):
            continue
        seen.add(match.group(1))
        for use in re.finditer(rf"(?<![\w-]){match.group(1)}(?![\w-])", doc.text):
            found.append(replace(cluster, start=use.start(), end=use.end(), label=name,
                                 method="clusters:acronym", confidence=0.8))  # fmt: skip
    return found


def _repeats(doc: Document, named: list[Candidate]) -> list[Candidate]:
    taken = [(c.start, c.end) for c in named]
    sources = {doc.text[c.start : c.end]: c for c in named if c.method == "clusters:named"}
    found = []
    for name, source in sources.items():
        if " " not in name:
            continue
        for use in re.finditer(rf"(?<![\w-]){re.escape(name)}(?![\w-])", doc.text):
            if not any(s < use.end() and use.start() < e for s, e in taken):
                found.append(replace(source, start=use.start(), end=use.end(),
                                     method="clusters:repeat", confidence=0.7))  # fmt: skip
    return found


def _whole_place(places: Lexicon, name: str) -> bool:
    match = next(places.find(name), None)
    return match is not None and match.start == 0 and match.end == len(name)


def _candidate(
    doc: Document, start: int, end: int, label: str, rule: str, confidence: float
) -> Candidate:
    return Candidate(
        "cluster", doc.key, start, end, label, f"clusters:{rule}", confidence, "cluster"
    )
