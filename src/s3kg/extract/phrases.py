"""Shallow noun-phrase chunking and label normalising for the instrument and factor rules.

No tagger model is shipped or downloaded, so a noun phrase is read as a run of words with no
function word in it: forward from a cue ("lack of <finance>") up to a clause boundary, or
backward from a head noun ("<Regional Growth> Fund") over its modifiers. Title-case names
may contain "and", "of", "for" and "&" between capitalised words.
"""

from __future__ import annotations

import re

from s3kg.extract.prose import STOPWORDS

WORD_RE = re.compile(r"[A-Za-z][\w&'’-]*(?:\.[A-Za-z]\.)?|R&D")
# Words allowed inside a phrase read forward; the others end it ("access to finance which").
_JOINERS = frozenset({"of", "and", "or", "the", "a", "an", "to"})
_NAME_JOINERS = frozenset({"and", "of", "for", "&", "on", "in"})
_DETERMINERS = frozenset({"the", "a", "an", "its", "their", "our", "this", "these", "such"})
# Verbs that end a phrase read forward; a tagger would know them, a stop list must.
CLAUSE_VERBS = frozenset(
    {
        "is", "are", "was", "were", "has", "have", "had", "helps", "helped", "allows",
        "allowed", "makes", "made", "gives", "gave", "means", "led", "leads", "enables",
        "enabled", "exploded", "became", "remains", "remained", "provides", "provided",
        "provide", "offer", "offers", "give", "award", "awards", "receive", "receives", "get",
        "apply", "use", "win", "million", "billion", "thousand", "gbp", "usd", "eur", "rub",
        "accept", "evaluate", "appropriate", "appropriates", "establish", "administer",
        "first", "last", "other", "new", "such", "claim", "claims", "hinders", "hinder",
        "hampers", "impedes", "limits", "prevents", "slows", "holds", "pay", "pays", "add",
        "adds", "enjoy", "enjoys", "need", "needs", "seek", "seeks", "attract", "attracts",
        "introduce", "introduces", "launch", "launches", "plan", "plans", "cut", "cuts",
        "raise", "raises", "boost", "boosts", "bring", "brings", "create", "creates", "lend",
        "lends", "obtain", "obtains", "secure", "secures", "benefit", "benefits", "gets",
        "uses", "wins", "applies", "depend", "depends", "rely", "relies", "access", "keep",
        "keeps", "take", "takes", "find", "finds", "see", "sees", "want", "wants",
    }
)  # fmt: skip


# Past participles that do modify instruments ("targeted grants", "government-backed loans").
_ADJECTIVES_IN_ED = frozenset(
    {"targeted", "matched", "subsidised", "subsidized", "dedicated", "combined", "related",
     "funded", "backed", "advanced", "skilled", "qualified", "specialised", "specialized"}
)  # fmt: skip


_ADJECTIVE_ENDINGS = ("ive", "al", "ous", "ful", "ic", "able", "ible")


def phrase_after(text: str, pos: int, max_words: int = 6) -> tuple[int, int] | None:
    """Span of the noun phrase starting at ``pos`` (after spaces), or None."""
    words: list[re.Match[str]] = []
    cursor = pos
    while len(words) < max_words:
        match = WORD_RE.match(text, cursor + _spaces(text, cursor))
        if match is None:
            break
        lower = match.group().lower()
        if lower in CLAUSE_VERBS or (lower in STOPWORDS and lower not in _JOINERS):
            break
        after_of = bool(words) and words[-1].group().lower() == "of"
        gerund = lower.endswith("ing") and not after_of  # "sources of financing" stays
        if lower.endswith("ly") or (words and (_is_verb_form(lower) or gerund)):
            break  # "comparatively lower", "role models and noted": the phrase has ended
        if lower == "to" and (not words or words[-1].group().lower() not in ("access", "close")):
            break
        words.append(match)
        cursor = match.end()
    while words and words[-1].group().lower() in _JOINERS:
        words.pop()  # "access to skilled labour and": the phrase stops before "and"
    while words and words[0].group().lower() in _DETERMINERS:
        words.pop(0)
    if not words or (len(words) == 1 and words[0].group().endswith(_ADJECTIVE_ENDINGS)):
        return None  # "thanks to proactive ...": an adjective left alone names nothing
    return words[0].start(), words[-1].end()


# What may come before a sentence's first word: a list marker or an item number.
_ITEM_START = re.compile(r"\s*(?:[-–—•·*]|\(?(?:[a-z]|\d{1,3}|[ivx]{1,4})[.)])?\s*")


def modifiers_before(text: str, head_start: int, max_words: int = 5) -> int:
    """Where the phrase ending in the head at ``head_start`` begins: back over a title-case
    name ("Northern Powerhouse Investment") or up to three lowercase modifiers ("R&D tax")."""
    start = head_start
    words = list(WORD_RE.finditer(text, max(0, head_start - 80), head_start))
    capital = text[head_start : head_start + 1].isupper()
    lowercase = 0
    while words and len(words) and head_start - start < 80:
        word = words.pop()
        if text[word.end() : start].strip(" -"):
            break  # punctuation between: another phrase
        lower = word.group().lower()
        if capital and (word.group()[0].isupper() or word.group() == "R&D"):
            if lower in STOPWORDS and _ITEM_START.fullmatch(text[: word.start()]):
                break  # "The" opening the sentence or a list item ("- The Patent Box")
            start = word.start()
        elif capital and lower in _NAME_JOINERS and words and words[-1].group()[0].isupper():
            start = word.start()
        elif not capital and lower not in STOPWORDS and lowercase < 3:
            if lower in CLAUSE_VERBS or lower.endswith(("ing", "ly")):
                break
            if _is_verb_form(lower):
                break  # "introduced tax breaks": a verb, not a kind of break
            start, lowercase = word.start(), lowercase + 1
            if word.group().isupper() or word.group() == "R&D":
                break  # "R&D tax credits": an acronym opens the phrase
        else:
            break
        if len(WORD_RE.findall(text[start:head_start])) >= max_words:
            break
    return start


def normal_label(phrase: str, keep_case: bool = False) -> str:
    """Lowercase (acronyms and, with ``keep_case``, names kept), no leading determiner,
    whitespace collapsed, at most eight words."""
    words = phrase.replace("’", "'").split()
    while words and words[0].lower() in _DETERMINERS:
        words.pop(0)
    if not keep_case:
        words = [w if (w.isupper() or w == "R&D") else w.lower() for w in words]
    return " ".join(words[:8])


def subject_before(text: str, pos: int, max_words: int = 5) -> tuple[int, int] | None:
    """Span of the noun phrase just before ``pos`` ("<high costs> hinder growth")."""
    words = list(WORD_RE.finditer(text, max(0, pos - 80), pos))
    kept: list[re.Match[str]] = []
    end = pos
    if words and (words[-1].group().lower().endswith("ly") or words[-1].group() == "overall"):
        return None  # "... and overall impedes": the subject is further back
    while words and len(kept) < max_words:
        word = words.pop()
        if text[word.end() : end].strip():
            break
        lower = word.group().lower()
        if lower in STOPWORDS and lower not in ("of", "and"):
            break
        kept.insert(0, word)
        end = word.start()
    while kept and kept[0].group().lower() in ("of", "and"):
        kept.pop(0)
    return (kept[0].start(), kept[-1].end()) if kept else None


def _is_verb_form(lower: str) -> bool:
    return len(lower) > 4 and lower.endswith("ed") and lower not in _ADJECTIVES_IN_ED


def _spaces(text: str, pos: int) -> int:
    count = 0
    while pos + count < len(text) and text[pos + count] in " \u00a0":
        count += 1
    return count
