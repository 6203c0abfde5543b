"""Score extractor candidates against the gold set and the curated facts (issue 13, items 5-6).

Matching is per category. A candidate *matches* a gold annotation of its category when their
spans overlap (share at least one character); it matches *exactly* when both ends agree.
Precision counts the candidates that match some annotation, recall the annotations that some
candidate matches (every mention of the gold set counts, as the guidelines say), so several
candidates on one mention are all correct and a candidate that spans two mentions recalls
both. High-confidence precision is the precision of the candidates with confidence >= 0.8.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from s3kg.extract.candidate import CATEGORIES, Candidate

HIGH_CONFIDENCE = 0.8
SPLIT = "held-out"


@dataclass(frozen=True)
class GoldAnnotation:
    category: str
    start: int
    end: int
    kind: str | None = None
    values: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class GoldDocument:
    document: str
    sha256: str
    split: str
    annotations: tuple[GoldAnnotation, ...]


def load_gold(path: Path) -> GoldDocument:
    """A gold file (``tests/data/gold/*.json``); ValueError when a field is missing or wrong."""
    data = json.loads(path.read_text(encoding="utf-8"))
    anns = []
    for item in data["annotations"]:
        if item["category"] not in CATEGORIES:
            raise ValueError(f"{path}: unknown category {item['category']!r}")
        values = tuple(sorted((str(k), str(v)) for k, v in item.get("values", {}).items()))
        anns.append(GoldAnnotation(item["category"], int(item["start"]), int(item["end"]),
                                   item.get("kind"), values))  # fmt: skip
    return GoldDocument(data["document"], data["sha256"], data["split"], tuple(anns))


def overlaps(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    return a_start < b_end and b_start < a_end


@dataclass
class Counts:
    """Tallies for one category (or all of them) over one or more documents."""

    gold: int = 0
    candidates: int = 0
    correct: int = 0  # candidates overlapping a gold annotation
    recalled: int = 0  # gold annotations overlapped by a candidate
    exact_correct: int = 0
    exact_recalled: int = 0
    high: int = 0  # candidates with confidence >= HIGH_CONFIDENCE
    high_correct: int = 0

    def add(self, other: Counts) -> None:
        for name in vars(self):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @property
    def precision(self) -> float | None:
        return self.correct / self.candidates if self.candidates else None

    @property
    def recall(self) -> float | None:
        return self.recalled / self.gold if self.gold else None

    @property
    def f1(self) -> float | None:
        return _f1(self.precision, self.recall)

    @property
    def exact_precision(self) -> float | None:
        return self.exact_correct / self.candidates if self.candidates else None

    @property
    def exact_recall(self) -> float | None:
        return self.exact_recalled / self.gold if self.gold else None

    @property
    def exact_f1(self) -> float | None:
        return _f1(self.exact_precision, self.exact_recall)

    @property
    def high_precision(self) -> float | None:
        return self.high_correct / self.high if self.high else None


def _f1(p: float | None, r: float | None) -> float | None:
    if p is None or r is None:
        return None
    return 2 * p * r / (p + r) if p + r else 0.0


def score_category(candidates: Sequence[Candidate], gold: Sequence[GoldAnnotation]) -> Counts:
    """Counts for candidates and gold annotations that are all of one category."""
    counts = Counts(gold=len(gold), candidates=len(candidates))
    for cand in candidates:
        hit = any(overlaps(cand.start, cand.end, g.start, g.end) for g in gold)
        exact = any(cand.start == g.start and cand.end == g.end for g in gold)
        high = cand.confidence >= HIGH_CONFIDENCE
        counts.correct += hit
        counts.exact_correct += exact
        counts.high += high
        counts.high_correct += high and hit
    for g in gold:
        counts.recalled += any(overlaps(c.start, c.end, g.start, g.end) for c in candidates)
        counts.exact_recalled += any(c.start == g.start and c.end == g.end for c in candidates)
    return counts


def score_document(
    candidates: Iterable[Candidate], gold: Iterable[GoldAnnotation]
) -> dict[str, Counts]:
    """Counts per category for one document."""
    cands, golds = list(candidates), list(gold)
    return {
        category: score_category(
            [c for c in cands if c.category == category],
            [g for g in golds if g.category == category],
        )
        for category in CATEGORIES
    }


def total(per_category: dict[str, Counts]) -> Counts:
    out = Counts()
    for counts in per_category.values():
        out.add(counts)
    return out


def merge(results: Iterable[dict[str, Counts]]) -> dict[str, Counts]:
    """Sum per-category counts over documents."""
    out = {category: Counts() for category in CATEGORIES}
    for result in results:
        for category, counts in result.items():
            out[category].add(counts)
    return out


@dataclass(frozen=True)
class CuratedFact:
    """A curated entity of the built graph with the spans its statements cite."""

    iri: str
    category: str
    spans: tuple[tuple[str, int, int], ...]  # (document key, start, end)


@dataclass
class Coverage:
    facts: int = 0
    found: int = 0
    found_iris: list[str] = field(default_factory=list)


def found_by(fact: CuratedFact, candidates: Iterable[Candidate]) -> bool:
    """Whether a candidate links to the fact's entity, or one of its category overlaps one of
    the fact's evidence spans in the same document."""
    for cand in candidates:
        if ("entity", fact.iri) in cand.links:
            return True
        if cand.category == fact.category and any(
            key == cand.doc_key and overlaps(cand.start, cand.end, start, end)
            for key, start, end in fact.spans
        ):
            return True
    return False


def curated_coverage(
    facts: Iterable[CuratedFact], candidates: Sequence[Candidate]
) -> dict[str, Coverage]:
    """Per category: how many curated facts there are and how many the candidates find."""
    out = {category: Coverage() for category in CATEGORIES}
    for fact in facts:
        cover = out[fact.category]
        cover.facts += 1
        if found_by(fact, candidates):
            cover.found += 1
            cover.found_iris.append(fact.iri)
    return out
