"""Later mentions of an organisation found once: the same name again, or its short form.

Rules (``method`` = ``organisations:<rule>``):

- ``repeat``: every other mention of a name found as an organisation somewhere in the
  document ("Zorblat" in a list of companies, then "Zorblat" alone).
- ``alias``: a one-word name in brackets right after an organisation's name ("Northtown
  Power Company (Nortpower)") is its other name, wherever it is used.
- ``short-form``: the distinctive word of a name that ends in a head word, used alone
  ("Zorblat Semiconductor", then "Zorblat's engineers"; "Quenmore University", then
  "Quenmore graduates"), unless the word is a place's name, a common word, or a person's
  surname somewhere in the text ("Ann Zorblat" founded it).
"""

from __future__ import annotations

import re
from dataclasses import replace

from s3kg.corpus.reader import Document
from s3kg.extract.candidate import Candidate
from s3kg.extract.names import function_word, is_generic
from s3kg.extract.orgheads import HEADS, LEGAL_FORMS, TRAILING
from s3kg.extract.orgrules import IsPlace
from s3kg.extract.places_data import common_word

_SHORT_CONFIDENCE = 0.5
_ALIAS = re.compile(r" \(([A-Z][A-Za-z]{2,}[a-z][A-Za-z]*)\)")
_ALIAS_CONFIDENCE = 0.7


def alias_candidates(
    doc: Document, named: list[Candidate], is_place: IsPlace
) -> list[Candidate]:
    """Each use of a one-word other name given in brackets after an organisation's name."""
    found, seen = [], set()
    for c in named:
        match = _ALIAS.match(doc.text, c.end)
        alias = match.group(1) if match else ""
        if not alias or alias in seen or is_place(alias) or common_word(alias, 4.3):
            continue
        seen.add(alias)
        for use in re.finditer(rf"(?<![\w-]){alias}(?![\w-])", doc.text):
            found.append(replace(c, start=use.start(), end=use.end(), method="organisations:alias",
                                 confidence=_ALIAS_CONFIDENCE))  # fmt: skip
    return found


def repeat_candidates(doc: Document, named: list[Candidate]) -> list[Candidate]:
    """Every other mention of a name found as an organisation somewhere in the document."""
    taken = {(c.start, c.end) for c in named}
    best: dict[str, Candidate] = {}
    for c in named:
        name = doc.text[c.start : c.end]
        if name[:1].isupper() and (name not in best or c.confidence > best[name].confidence):
            best[name] = c
    found = []
    for name, source in best.items():
        for use in re.finditer(rf"(?<![\w&.-]){re.escape(name)}(?![\w&-]| [A-Z])", doc.text):
            if (use.start(), use.end()) not in taken and _free(doc.text, use.start()):
                found.append(
                    replace(source, start=use.start(), end=use.end(), method="organisations:repeat",
                            confidence=round(min(source.confidence, 0.8) - 0.1, 2))
                )  # fmt: skip
    return found


def _free(text: str, start: int) -> bool:
    """Not the end of a longer capitalised name ("Bank of America Merrill Lynch")."""
    return not re.search(r"[A-Z][\w&]*(?: of| and| &)? $", text[max(0, start - 30) : start])


def short_form_candidates(
    doc: Document, named: list[Candidate], is_place: IsPlace
) -> list[Candidate]:
    """Each use of the first word of a "<Word> <head>" name on its own."""
    taken = {(c.start, c.end) for c in named}
    sources: dict[str, Candidate] = {}
    for c in named:
        short = _short_form(doc.text[c.start : c.end])
        if short and short not in sources and not is_place(short) and _not_a_surname(doc, short):
            sources[short] = c
    found = []
    for short, source in sources.items():
        for use in re.finditer(rf"(?<![\w&.-]){re.escape(short)}(?![\w&-]| [A-Z])", doc.text):
            if (use.start(), use.end()) not in taken and _free(doc.text, use.start()):
                found.append(replace(source, start=use.start(), end=use.end(), label=source.label,
                                     method="organisations:short-form",
                                     confidence=_SHORT_CONFIDENCE))  # fmt: skip
    return found


def _short_form(name: str) -> str | None:
    """ "Zorblat" of "Zorblat Semiconductor" or "Zorblat Motors UK"; None for other names."""
    words = name.split(" ")
    while len(words) > 2 and words[-1].casefold() in TRAILING:
        words = words[:-1]
    if len(words) != 2 or words[1].casefold() not in HEADS or words[1].casefold() in LEGAL_FORMS:
        return None  # "Zorblat Ltd" may be named after its mine, "Zorblat"
    short = words[0]
    if len(short) < 3 or not short[0].isupper() or is_generic(short) or common_word(short, 5.0):
        return None
    return short if short.isalpha() or "-" in short else None


def _not_a_surname(doc: Document, short: str) -> bool:
    """No "<Given> <short>" in the text: "William Zorblat" makes Zorblat a person's name."""
    for use in re.finditer(rf"\b[A-Z][a-z]+ {re.escape(short)}\b(?! [A-Z])", doc.text):
        if not function_word(use.group().split(" ")[0]):
            return False  # "William Zorblat", not "The Zorblat" or "At Zorblat"
    return True
