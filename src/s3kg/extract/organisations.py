"""Organisations: names with the kind their head word gives, companies listed after a cue,
and acronyms a document defines for them.

Rules (``method`` = ``organisations:<rule>``):

- ``head``: a capitalised run (``names.py``) whose rightmost head word says the kind —
  "Stanford University", "Ministry of Economic Affairs", "Asian Development Bank",
  "Taiwan Semiconductor Manufacturing Company", "Fairchild Semiconductor", "X GmbH". The run
  needs a word that is neither a head nor generic ("Federal Government" is not a name).
- ``cue-list``: capitalised names listed after "companies such as", "firms including",
  "investors include" ... are companies (financial institutions after "investors").
- ``acronym``: "Industrial Technology Research Institute (ITRI)" defines ITRI; every later
  "ITRI" is a mention of the same organisation.
"""

from __future__ import annotations

import re

from s3kg.corpus.reader import Document
from s3kg.extract.candidate import Candidate
from s3kg.extract.context import Context
from s3kg.extract.names import GENERIC, LIST_SPLIT, Run, is_generic, runs, split_names

# Legal forms end a company's name ("Acme Ltd"); the company heads below include them.
_LEGAL_FORMS = frozenset(
    {"inc", "inc.", "corp", "corp.", "ltd", "ltd.", "limited", "plc", "llc", "gmbh", "ag", "sa",
     "s.a.", "nv", "bv"}
)  # fmt: skip

# Head word (casefolded) -> kind; the rightmost head of a run decides.
HEADS = {
    **dict.fromkeys(("university", "college", "polytechnic", "school"), "university"),
    **dict.fromkeys(
        (
            "institute",
            "institution",
            "laboratory",
            "laboratories",
            "lab",
            "labs",
            "academy",
            "academia",
            "catapult",
            "observatory",
        ),
        "research institute",
    ),
    **dict.fromkeys(
        (
            "ministry",
            "department",
            "council",
            "commission",
            "government",
            "parliament",
            "congress",
            "senate",
            "administration",
            "bureau",
            "authority",
            "office",
            "organization",
            "organisation",
        ),
        "public authority",
    ),
    **dict.fromkeys(("agency", "corporation for development"), "development agency"),
    **dict.fromkeys(
        ("bank", "fund", "capital", "ventures", "partners", "exchange", "investments"),
        "financial institution",
    ),
    **dict.fromkeys(
        (
            *sorted(_LEGAL_FORMS),
            "corporation",
            "company",
            "co",
            "co.",
            "group",
            "holdings",
            "motors",
            "technologies",
            "systems",
            "semiconductor",
            "semiconductors",
            "electronics",
            "airlines",
            "airways",
            "pharmaceuticals",
            "industries",
            "instruments",
            "networks",
            "software",
            "labs",
        ),
        "company",
    ),
    **dict.fromkeys(
        ("association", "federation", "chamber", "society", "foundation", "alliance", "consortium"),
        "association",
    ),
}
_CONNECTORS = frozenset({"of", "for", "on", "and", "the", "de", "du", "la", "in", "&"})
_CUE = re.compile(
    r"\b(?P<noun>companies|firms|manufacturers|employers|investors|corporations|brands|"
    r"makers|carmakers|producers|developers|suppliers|multinationals|players|giants|"
    r"businesses|studios|teams)\b,? (?:such as|including|like|include|includes|are|e\.g\.)"
    r",?:? "
)
_ACRONYM = re.compile(r"\s?\(([A-Z][A-Za-z&]{1,9})\)")
_CONFIDENCE = {"legal": 0.9, "head": 0.8, "cue-list": 0.6, "acronym": 0.75}


def extract_organisations(doc: Document, context: Context) -> list[Candidate]:
    found = [
        _head_candidate(doc, part)
        for run in runs(doc.text)
        for part in split_names(run, lambda name: org_kind(name) is not None)
    ]
    named = [c for c in found if c is not None]
    return named + _acronyms(doc, named) + _cue_lists(doc, context)


def org_kind(name: str) -> str | None:
    """The kind of organisation a name's head word gives, None when it has no head."""
    words = name.split(" ")
    heads = [i for i, w in enumerate(words) if w.casefold() in HEADS]
    if not heads:
        return None
    head = heads[-1]
    if head + 1 < len(words) and words[head + 1].casefold() not in _CONNECTORS:
        return None  # a head in the middle of a longer name: "Bank Street"
    distinct = [
        w
        for i, w in enumerate(words)
        if i not in heads and w.casefold() not in GENERIC and w.casefold() not in _CONNECTORS
    ]
    if not distinct and not (head == 0 and len(words) > 2):
        return None  # "Federal Government", "University": no name of its own
    if "cluster" in (w.casefold() for w in words) and HEADS[words[head].casefold()] in (
        "association",
        "public authority",
    ):
        return "cluster organisation"
    return HEADS[words[head].casefold()]


def _head_candidate(doc: Document, run: Run) -> Candidate | None:
    kind = org_kind(run.text)
    if kind is None or is_generic(run.text):
        return None
    legal = run.words[-1].casefold() in _LEGAL_FORMS
    rule = "legal" if legal else "head"
    return Candidate(
        "organisation",
        doc.key,
        run.start,
        run.end,
        run.text,
        f"organisations:{rule}",
        _CONFIDENCE[rule],
        kind,
    )


def _acronyms(doc: Document, named: list[Candidate]) -> list[Candidate]:
    """Later uses of an acronym defined in brackets right after a found name."""
    text, found = doc.text, []
    for org in named:
        match = _ACRONYM.match(text, org.end)
        if match is None or match.group(1)[0] != org.label[0]:
            continue
        acronym = match.group(1)
        for use in re.finditer(rf"(?<![\w(]){re.escape(acronym)}(?!\w)", text):
            if use.start() != match.start(1):
                found.append(
                    Candidate(
                        "organisation",
                        doc.key,
                        use.start(),
                        use.end(),
                        org.label,
                        "organisations:acronym",
                        _CONFIDENCE["acronym"],
                        org.kind,
                    )
                )
    return found


def _cue_lists(doc: Document, context: Context) -> list[Candidate]:
    text, found = doc.text, []
    for cue in _CUE.finditer(text):
        kind = "financial institution" if cue.group("noun") == "investors" else "company"
        stop = _list_end(text, cue.end())
        pos = cue.end()
        for item in LIST_SPLIT.split(text[cue.end() : stop]):
            start = text.index(item, pos) if item else pos
            pos = start + len(item)
            run = next(runs(text, start, pos), None)
            if run is None or run.start != start or len(run.words) > 5:
                continue  # lower-case words: the list is over or is not of names
            if is_generic(run.text) or _is_place(context, run):
                continue
            found.append(
                Candidate(
                    "organisation",
                    doc.key,
                    run.start,
                    run.end,
                    run.text,
                    "organisations:cue-list",
                    _CONFIDENCE["cue-list"],
                    kind,
                )
            )
    return found


def _list_end(text: str, start: int) -> int:
    """A list ends at the end of the sentence, a bracket or a line."""
    match = re.compile(r"[.;:()\n\[]|\s(?:to|in|at|that|which|who|with)\s").search(text, start)
    return match.start() if match else len(text)


def _is_place(context: Context, run: Run) -> bool:
    match = next(context.places.find(run.text), None)
    return match is not None and match.start == 0 and match.end == len(run.text)
