"""Candidate policy instruments and success factors, preconditions and barriers.

Both are read with cue words and shallow noun-phrase chunking (:mod:`s3kg.extract.phrases`)
over the document's prose sentences; spans are the phrase, never the sentence, and labels
are that phrase normalised (at most eight words).

*Instruments* are found from their head noun ("grant", "tax credit", "enterprise zone",
"fund", "programme", "voucher", "Act"...) with the modifiers or the title-case name before
it; ``kind`` is the instrument type. Heads that are ordinary words elsewhere ("fund",
"programme", "scheme", "zone", "challenge") need a modifier, and programmes of television
or study are left out. A named instrument is surer than a bare "grants".

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
from s3kg.extract.phrases import modifiers_before, normal_label, phrase_after, subject_before
from s3kg.extract.prose import Sentence, sentences

_HEADS = [
    (r"tax\s+(?:relief|credit|incentive|break|allowance|exemption|holiday|deduction)s?"
     r"|capital\s+allowances?|(?:business\s+)?rates?\s+relief|reliefs?|Patent\s+Box",
     "tax incentive"),
    (r"grants?|subsid(?:y|ies)|matched\s+funding", "grant"),
    (r"loans?|loan\s+guarantees?|guarantee\s+schemes?", "loan"),
    (r"zones?|freeports?", "zone"),
    (r"funds?", "fund"),
    (r"programmes?|programs?|schemes?|initiatives?", "programme"),
    (r"competitions?|challenges?|prizes?", "competition"),
    (r"vouchers?", "voucher"),
    (r"procurement", "procurement"),
    (r"Act|Acts|Regulations?|Directive|Decree", "regulation"),
]  # fmt: skip
_HEAD_RE = re.compile(
    r"\b(?:" + "|".join(f"(?P<h{i}>{p})" for i, (p, _) in enumerate(_HEADS)) + r")\b", re.I
)
# Heads that are instruments only with a modifier, and the modifiers that a zone needs.
_NEED_MODIFIER = frozenset({"zone", "fund", "programme", "competition", "regulation"})
_ZONE_WORDS = re.compile(
    r"enterprise|economic|free|trade|development|investment|innovation|special|industrial", re.I
)
_NOT_INSTRUMENT = re.compile(
    r"\b(?:tv|television|radio|computer|software|degree|phd|undergraduate|postgraduate|"
    r"masters?|study|time|euro|war|comfort|space|nuclear|weapons?|missile|pension|mutual|"
    r"hedge|index|monetary|plus|code|the)\b",
    re.I,
)
_BARE_OK = frozenset({"grant", "loan", "tax incentive", "voucher", "procurement"})


def find_instruments(doc: Document, context: object | None = None) -> list[Candidate]:
    """Policy instruments named in the prose, each with its type as ``kind``."""
    found: list[Candidate] = []
    for sentence in sentences(doc, tables=True):
        for match in _HEAD_RE.finditer(sentence.text):
            candidate = _instrument(doc.key, sentence, match)
            if candidate is not None:
                found.append(candidate)
    return found


def _instrument(key: str, sentence: Sentence, match: re.Match[str]) -> Candidate | None:
    text = sentence.text
    kind = next(k for i, (_, k) in enumerate(_HEADS) if match.group(f"h{i}") is not None)
    start = modifiers_before(text, match.start())
    end = _act_year(text, match.end()) if kind == "regulation" else match.end()
    phrase = text[start:end]
    modifier = text[start : match.start()].strip()
    if kind == "tax incentive" and match.group().lower().startswith("relief") and not modifier:
        return None  # "relief" alone is not named as a tax instrument
    if (kind in _NEED_MODIFIER and not modifier) or _NOT_INSTRUMENT.search(modifier):
        return None
    if kind == "zone" and not _ZONE_WORDS.search(modifier):
        return None
    if kind == "regulation" and not (modifier[:1].isupper() and match.group()[:1].isupper()):
        return None  # "act" is a verb; an Act is a named law
    if "tax" in phrase.lower() and kind in ("programme", "fund"):
        kind = "tax incentive"  # "Seed Enterprise Investment Scheme"-style tax schemes
    named = bool(modifier) and phrase[:1].isupper() and match.group()[:1].isupper()
    if kind == "competition" and not named:
        return None  # lowercase "competition" is rivalry in a market
    confidence = 0.8 if named else (0.6 if modifier else 0.4)
    if not modifier and kind not in _BARE_OK:
        return None
    return Candidate(
        category="instrument",
        doc_key=key,
        start=sentence.start + start,
        end=sentence.start + end,
        label=normal_label(_singular(phrase), keep_case=named),
        method="policy:instrument-head",
        confidence=confidence,
        kind=kind,
    )


def _act_year(text: str, end: int) -> int:
    match = re.match(r"\s+of\s+(?:18|19|20)\d\d\b", text[end:])
    return end + match.end() if match else end


def _singular(phrase: str) -> str:
    """The head of a generic phrase in the singular ("R&D tax credits" -> "R&D tax credit")."""
    if phrase.endswith("ies"):
        return phrase[:-3] + "y"
    if phrase.endswith("s") and not phrase.endswith(("ss", "Regulations", "Acts")):
        return phrase[:-1]
    return phrase


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
