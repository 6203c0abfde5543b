"""Candidate policy instruments: a head noun with the modifiers or the title-case name before it.

Heads: tax reliefs, credits, breaks, advantages, discounted business rates or taxes ("tax
incentive"); grants, subsidies, public funding ("grant"); loans, guarantees, preferential
lending rates ("loan"); state, public or financial support ("support"); funds, co-investment,
equity finance ("fund"); zones and freeports; programmes, schemes, initiatives, a stimulus
package; competitions, vouchers, procurement and state orders; named Acts and regulations.
``kind`` is the type. Heads that are ordinary words elsewhere ("fund", "programme", "zone",
"support", "funding", "incentive", "taxation") need a modifier, some a modifier of their own
kind ("state funding", "financial incentives", "preferential taxation"); programmes of
television or study, a head inside a longer name ("Grants Office") and a verb ("the Act
grants rights") are left out.

Confidence: 0.8 for a named instrument ("Northtown Growth Fund") except a law, a contest,
a purchase or a project, which are instruments only in some readings (0.6); 0.6 with a
modifier; 0.4 for a bare "grants".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from s3kg.corpus.reader import Document
from s3kg.extract.candidate import Candidate
from s3kg.extract.orgheads import HEADS
from s3kg.extract.phrases import CLAUSE_VERBS, modifiers_before, normal_label
from s3kg.extract.prose import STOPWORDS, Sentence, sentences


@dataclass(frozen=True)
class Head:
    pattern: str
    kind: str
    bare: bool = False  # an instrument without a modifier ("grants")
    needs: str = ""  # a modifier it needs (regex); "" for any, without ``bare``


_PUBLIC = r"state|public|government|federal|national|regional|eu|european|ministry|municipal"
_HEADS = (
    Head(r"tax\s+(?:relief|credit|incentive|break|allowance|exemption|holiday|deduction|"
         r"advantage|benefit|preference|concession|rebate|discount)s?|capital\s+allowances?|"
         r"(?:business\s+)?rates?\s+(?:relief|discounts?)|reliefs?|Patent\s+Box|"
         r"(?:discounted|reduced)\s+business\s+(?:rates|taxes)|"
         r"discounts?\s+on\s+business\s+(?:rates|taxes)", "tax incentive", bare=True),
    Head(r"taxation", "tax incentive", needs=r"preferential|reduced|favou?rable|special"),
    Head(r"grants?|subsid(?:y|ies)|subsidi[sz]ing|matched\s+funding", "grant", bare=True),
    Head(r"funding|financing", "grant", needs=_PUBLIC),
    Head(r"(?:support|aid)(?:\s+measures?)?", "support", needs=_PUBLIC + r"|financial"),
    Head(r"incentives?", "grant", needs=r"financial|fiscal|investment|cash|r&d|innovation"),
    Head(r"stimulus(?:\s+packages?)?", "programme", bare=True),
    Head(r"lending\s+rates?", "loan", needs=r"speciali[sz]ed|preferential|subsidi[sz]ed|low"),
    Head(r"loans?|loan\s+guarantees?|guarantee\s+schemes?", "loan", bare=True),
    Head(r"co-investments?|equity\s+(?:finance|funding|investment)", "fund", bare=True),
    Head(r"zones?|freeports?", "zone",
         needs=r"enterprise|economic|free|trade|development|investment|innovation|special|"
               r"industrial"),
    Head(r"funds?", "fund"),
    Head(r"programmes?|programs?|schemes?|initiatives?", "programme"),
    Head(r"Projects?", "project"),
    Head(r"competitions?|challenges?|prizes?", "competition"),
    Head(r"vouchers?", "voucher", bare=True),
    Head(r"procurement|state\s+orders?", "procurement", bare=True),
    Head(r"Act|Acts|Regulations?|Directive|Decree", "regulation"),
)  # fmt: skip
_HEAD_RE = re.compile(
    r"\b(?:" + "|".join(f"(?P<h{i}>{h.pattern})" for i, h in enumerate(_HEADS)) + r")\b", re.I
)
_NOT_INSTRUMENT = re.compile(
    r"\b(?:tv|television|radio|computer|software|degree|phd|undergraduate|postgraduate|"
    r"masters?|study|time|euro|war|comfort|space|nuclear|weapons?|missile|pension|mutual|"
    r"hedge|index|monetary|plus|code|the)\b",
    re.I,
)
# Named, these are instruments only in some readings: a law, a contest, a purchase, a project.
_UNSURE = frozenset({"regulation", "competition", "procurement", "project"})
# Only named: "Projects" and "Act" with a capital; "competition" in lower case is rivalry.
_NAMED_ONLY = frozenset({"project", "regulation", "competition"})
# Heads that are verbs too, and what may follow them as nouns ("grants worth", "grants are").
_ALSO_VERBS = frozenset({"grants", "loans", "funds"})
_AFTER_NOUN = frozenset({"worth", "available", "totalling", "totaling", "up"})
_PARTICIPLE = re.compile(r" [a-z]{3,}ed (?:by|to|from|under|through|for|at|on)\b")


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
    head = next(h for i, h in enumerate(_HEADS) if match.group(f"h{i}") is not None)
    start = modifiers_before(text, match.start())
    end = _act_year(text, match.end()) if head.kind == "regulation" else match.end()
    phrase, modifier = text[start:end], text[start : match.start()].strip()
    named = bool(modifier) and phrase[:1].isupper() and match.group()[:1].isupper()
    if not _acceptable(head, match, modifier, named, text):
        return None
    kind = head.kind
    if "tax" in phrase.lower() and kind in ("programme", "fund"):
        kind = "tax incentive"  # "Seed Enterprise Investment Scheme"-style tax schemes
    sure = 0.6 if kind in _UNSURE else 0.8
    confidence = sure if named else (0.6 if modifier else 0.4)
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


def _acceptable(
    head: Head, match: re.Match[str], modifier: str, named: bool, text: str
) -> bool:
    """Whether the head with these modifiers names an instrument here."""
    word = match.group()
    if head.kind in _NAMED_ONLY and not named:
        return False  # "act" is a verb, "competition" is rivalry, "projects" are anything
    if head.kind == "project" and not word[:1].isupper():
        return False
    following = re.match(r" ([A-Z][\w-]*)", text[match.end() :])
    if following and word[:1].isupper() and following.group(1).casefold() in HEADS:
        return False  # the head inside a body's name: "Grants Office", "Procurement Offices"
    if _NOT_INSTRUMENT.search(modifier):
        return False
    if word.lower().startswith("relief") and not modifier:
        return False  # "relief" alone is not named as a tax instrument
    subject = not modifier or (modifier.split()[-1][:1].isupper() and word.islower())
    if subject and _verb(word, text[match.end() :]):
        return False  # "Zorblat grants rights", "it funds projects"
    if not modifier:
        return head.bare
    return named or not head.needs or bool(re.search(rf"\b(?:{head.needs})", modifier, re.I))


def _verb(word: str, after: str) -> bool:
    """ "grants income security": a verb, since a content word follows the bare head."""
    if word.lower() not in _ALSO_VERBS:
        return False
    if _PARTICIPLE.match(after):
        return False  # "loans issued by banks": a participle after the noun, not an object
    following = re.match(r" ([a-z][\w-]*)", after)
    nouns_follow = STOPWORDS | _AFTER_NOUN | CLAUSE_VERBS
    return following is not None and following.group(1) not in nouns_follow


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
