"""Candidate success factors, preconditions and barriers (and, from ``instruments.py``,
policy instruments).

Factors are read with cue words and shallow noun-phrase chunking (:mod:`s3kg.extract.phrases`)
over the document's prose sentences; spans are the phrase, never the sentence, and labels
are that phrase normalised (at most eight words).

*Factors* are found from cue phrases: the phrase itself names the factor ("access to
skilled labour", "proximity to universities", "lack of finance"), or it follows a cue
("thanks to ...", "depends on ...", "barriers such as ..."). ``kind`` is ``success factor``,
``precondition`` or ``barrier``; ``values`` hold each ``category`` whose keywords occur,
named as the curated factor categories (``data/curated/classifiers.yaml``,
``factor-category/<name>``).
"""

from __future__ import annotations

import re

from s3kg.corpus.reader import Document
from s3kg.extract.candidate import Candidate
from s3kg.extract.factorcues import FACTOR_CUES, categories_of
from s3kg.extract.instruments import find_instruments
from s3kg.extract.phrases import normal_label, phrase_after, subject_before
from s3kg.extract.prose import Sentence, sentences

__all__ = ["find_factors", "find_instruments"]

def find_factors(doc: Document, context: object | None = None) -> list[Candidate]:
    """Success factors, preconditions and barriers stated in the prose, lists, tables and
    headings (a heading such as "Skilled workforce" names a factor as well)."""
    found: list[Candidate] = []
    for sentence in sentences(doc, tables=True, headings=True):
        taken: list[tuple[int, int]] = []
        for cue in FACTOR_CUES:
            for match in cue.pattern.finditer(sentence.text):
                span = _factor_span(sentence.text, match, cue.where)
                if span is None or any(s < span[1] and span[0] < e for s, e in taken):
                    continue
                taken.append(span)
                found.append(_factor(doc.key, sentence, span, cue.kind, cue.name))
    return found


def _factor_span(text: str, match: re.Match[str], where: str) -> tuple[int, int] | None:
    if where == "self":  # "skilled workforce": what the cue found is the factor
        return match.span()
    if where == "before":  # "<high costs> hinder growth"
        return subject_before(text, match.start())
    phrase = phrase_after(text, match.end())
    if phrase is None:
        return None
    if where == "with-cue":  # "access to <skilled labour>": the cue is part of the factor
        return match.start("cue"), phrase[1]
    return phrase


def _factor(key: str, sentence: Sentence, span: tuple[int, int], kind: str, rule: str) -> Candidate:
    phrase = sentence.text[span[0] : span[1]]
    label = normal_label(phrase)
    categories = categories_of(label)
    return Candidate(
        category="factor",
        doc_key=key,
        start=sentence.start + span[0],
        end=sentence.start + span[1],
        label=label,
        method=f"policy:factor-{rule}",
        confidence=0.7 if categories else 0.5,
        kind=kind,
        values=tuple(("category", c) for c in categories),
    )
