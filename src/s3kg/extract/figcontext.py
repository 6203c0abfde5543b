"""What a quantity's sentence says about it: its year or period, what it measures, what it
is about and whether it is a change.

All rules read the same sentence only. They are cue-word rules over a shallow tokenisation:
a noun phrase is a run of words with no function word in it (``of`` and ``the`` may join
two), which is enough to name a measure in a few words without a tagger model.
"""

from __future__ import annotations

import re

from s3kg.extract.prose import STOPWORDS
from s3kg.extract.quantities import Quantity

_YEAR = r"(?:18|19|20)\d\d"
# "in 2011", "2016–2017", "2016-17", "from 1981 to 1995", "between 2016 and 2017"
_YEAR_RE = re.compile(
    rf"(?:\b(?:from|between)\s+)?(?<![\w$£€.,])(?P<y1>{_YEAR})"
    rf"(?:\s?(?:[–—-]|\bto\b|\band\b)\s?(?P<y2>{_YEAR}|\d\d)\b)?(?![\w%])"
)
_TOKEN_RE = re.compile(r"(?:[A-Z]\.){2,}|[A-Za-z][\w&'’-]*|\d[\d,.]*|[^\w\s]")
# Words between a measure and its value: "exports were $5bn", "sales volume is", "GDP:".
_COPULAS = frozenset(
    (
        "of", "was", "were", "is", "are", "reached", "totalled", "totaled", "totalling", "totaling",
        "amounted", "stood", "at", "worth", "valued", "exceeded", "hit", ":", "–", "—", "by", "to",
        "increased", "rose", "grew", "fell", "declined", "decreased", "dropped", "climbed", "jumped"
    )
)  # fmt: skip
_INCREASE = frozenset(
    (
        "increased", "increase", "rose", "risen", "grew", "grown", "climbed", "jumped", "up",
        "gained"
    )
)  # fmt: skip
_DECREASE = frozenset(
    (
        "decreased", "decrease", "fell", "fallen", "dropped", "declined", "shrank", "down", "cut"
    )
)  # fmt: skip
# Verbs that end a subject read backwards ("the sector became the largest at 51%").
_VERBS = (_COPULAS - {"of", "by", "to", "at", ":", "–", "—"}) | _INCREASE | _DECREASE | {
    "became", "become", "becoming", "remained", "remains", "made", "makes", "make", "accounted",
    "accounts", "account", "represented", "represents", "increase", "reduce", "reduced", "raise",
    "raised", "received", "receives",
}  # fmt: skip
_CHANGE_AFTER_RE = re.compile(
    r"\s+(?P<w>increase|rise|growth|gain|jump|decline|decrease|drop|fall|reduction|cut)\b"
)
_RATE_BEFORE_RE = re.compile(
    r"\b(?:growth|annual|yearly|average)\s+(?:\w+\s+)?rate\s+of\s+$"
    r"|\bgrew\s+(?:at|by)\s+an?\s+(?:\w+\s+)?rate\s+of\s+$",
    re.I,
)
_SHARE_OF_RE = re.compile(r"\s+of\s+(?:(?:the|all|its|their|total|of)\s+)*")
_EMPLOY_RE = re.compile(r"\b(?:employ\w*|staff\s+of|workforce\s+of|work\s+force\s+of)\s+$", re.I)
_NAME_RE = re.compile(r"\b[A-Z][\w&'’-]*(?:\s+(?:of\s+|and\s+|the\s+)?[A-Z][\w&'’-]*)*")
# Capitalised words that open sentences rather than names ("Currently", "Over", "The").
_NOT_NAMES = STOPWORDS | {
    "thousand", "million", "billion", "trillion", "thus", "so", "currently", "today",
    "altogether", "throughout", "note", "figure", "table", "based", "due", "only", "except",
    "although", "however", "therefore", "moreover", "furthermore", "around", "nearly", "almost",
    "less", "up", "approximately", "roughly", "january", "february", "march", "april", "may",
    "june", "july", "august", "september", "october", "november", "december", "usd", "gbp",
    "eur", "rub",
}  # fmt: skip


def period_of(text: str, quantity: Quantity, others: list[Quantity]) -> tuple[str, ...]:
    """("start_year", "year") or ("year",) values: the nearest year after the quantity, with
    no other quantity between, or else the nearest one shortly before it."""
    spans = [(q.start, q.end) for q in others]
    after = [m for m in _YEAR_RE.finditer(text, quantity.end) if m.start() - quantity.end < 50]
    after = [m for m in after if not any(quantity.end <= s < m.start() for s, _ in spans)]
    before = [m for m in _YEAR_RE.finditer(text, max(0, quantity.start - 80), quantity.start)]
    chosen = after[0] if after else (before[-1] if before else None)
    if chosen is None or any(s <= chosen.start("y1") < e for s, e in spans):
        return ()
    first, second = chosen.group("y1"), chosen.group("y2")
    if second is None:
        return (first,)
    if len(second) == 2:
        second = first[:2] + second
    return (first, second) if second > first else (first,)


def change_of(text: str, quantity: Quantity) -> str | None:
    """The change the sentence states: increase, decrease or growth rate (else None)."""
    before = text[: quantity.start]
    if _RATE_BEFORE_RE.search(before):
        return "growth rate"
    words = [w.lower() for w in _TOKEN_RE.findall(before[-40:])]
    while words and words[-1] in ("by", "to", "of", "an", "a"):
        words.pop()
    if words and words[-1] in _INCREASE:
        return "increase"
    if words and words[-1] in _DECREASE:
        return "decrease"
    match = _CHANGE_AFTER_RE.match(text, quantity.end)
    if match is None:
        return None
    falling = _DECREASE | {"drop", "fall", "reduction"}
    return "decrease" if match.group("w") in falling else "increase"


def measure_of(text: str, quantity: Quantity) -> str | None:
    """A short label of what is measured: the counted noun, the whole a share is of, or the
    noun phrase the value is linked to ("exports were ...", "unemployment rate of ...")."""
    if quantity.noun is not None:
        if quantity.unit == "persons" and _EMPLOY_RE.search(text[: quantity.start]):
            return "employees"
        return _normal(quantity.noun.split())
    if quantity.unit in ("percent", "percentage points"):
        share = _SHARE_OF_RE.match(text, quantity.end)
        if share is not None:
            words = _phrase_forward(text, share.end())
            if words:
                return _normal([*words, "share"])
    return _subject(text[max(0, quantity.start - 100) : quantity.start])


def about_of(text: str, quantity: Quantity) -> str | None:
    """The nearest capitalised name before the quantity (cheap: no gazetteer)."""
    for match in reversed(list(_NAME_RE.finditer(text, 0, quantity.start))):
        words = match.group().split()
        while words and (words[0].lower() in _NOT_NAMES or words[0].endswith(("ly", "ing"))):
            words.pop(0)  # "Currently", "Throughout", "The": capitals of a sentence start
        name = " ".join(words)
        if len(name) > 1 and words[-1].lower() not in STOPWORDS:
            return name
    return None


def _subject(before: str) -> str | None:
    tokens = _TOKEN_RE.findall(before)
    linked = False
    while tokens and tokens[-1].lower() in _COPULAS:
        tokens.pop()
        linked = True
    if not linked:
        return None
    words: list[str] = []
    while tokens and len(words) < 7:
        token = tokens.pop()
        lower = token.lower()
        if not token[0].isalpha() or lower in _VERBS:
            break
        if lower in STOPWORDS and lower not in ("of", "the", "per"):
            break
        words.insert(0, token)
    if "of" in words and words.index("of") > 0:
        words = words[: words.index("of")]  # "unemployment rate of the region": the rate
    words = [w for w in words if w.lower() not in ("the", "of")]
    if not words or not _looks_nominal(words):
        return None
    return _normal(words)


def _looks_nominal(words: list[str]) -> bool:
    # No tagger: reject what is plainly not a noun phrase naming a measure, i.e. a verb or
    # adverb ("grew slightly", "composed"), a change word ("an increase of 12%") or a bare
    # proper name (the thing measured, not the measure).
    last = words[-1].lower()
    if last in _INCREASE | _DECREASE | {"growth", "rise", "decline", "change"}:
        return False
    if any(w.lower().endswith("ly") for w in words) or last.endswith("ed"):
        return False
    return not all(w[0].isupper() for w in words)


def _phrase_forward(text: str, pos: int) -> list[str]:
    words: list[str] = []
    for token in _TOKEN_RE.findall(text[pos : pos + 80]):
        if not token[0].isalpha() or token.lower() in STOPWORDS or len(words) == 4:
            break
        words.append(token)
    return words


def _normal(words: list[str]) -> str:
    """Lowercase except acronyms ("GDP", "U.S."), at most six words."""
    words = [w for w in words if w.lower() not in ("a", "an")]
    kept = [w if (w.isupper() or "." in w) else w.lower() for w in words[-6:]]
    return " ".join(kept)
