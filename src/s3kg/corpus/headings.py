"""Headings and the sections they open, found in a document's blocks.

A *heading* is a block on its own line that names what follows. Three shapes qualify:

* *plain*: short (<= 12 words, <= 80 characters), starts with a capital, no punctuation at all
  (this rules out author, e-mail, affiliation and ``Source:`` lines);
* *loose*: up to 16 words and 120 characters, starting with a capital, a digit (``21st
  century``, ``2.1 Methods``) or ``§``; inside it may have commas, dotted acronyms (``U.S.``),
  one ``Subject: Subtitle`` colon (not a metadata label such as ``Keywords:`` or ``E-mail:``)
  and may end in ``?``; it must not open like ``Name Surname,`` (a person and their role);
* *enumerated*: ``(a) Definitions``, ``(1) Eligible recipient``, ``§ 3722. Title``, as in
  statutes: a heading unless the next block is its own next sibling (then it is a list).

Never a heading: the title (block 1), list items and reference entries, tab or ``|`` rows,
``Table N``/``Figure N`` captions and the title block after them, and lines ending in
``. , ; : !`` (trailing note calls such as ``[12][13]`` are ignored when reading ends).

What must follow a heading:

* a plain heading followed by *body text* (>= 20 words ending a sentence, note calls allowed)
  is one, as it always was;
* a plain or loose heading is also one when followed by *prose* (>= 5 words, mostly lowercase,
  ending a sentence or a ``:`` lead-in), by a list item, a reference entry or a table, or by
  another heading, once the document has had body text (so front matter such as an author
  line followed by an affiliation and ``Abstract`` is no chain of headings);
* a ``References``/``Bibliography``/``Notes``/... heading is one before any entry;
* no line is a heading when it reads as the start of a sentence that runs on into what
  follows: it ends in ``to``, ``for``, ``the``, ``means``, ``include``... or says ``shall``, or
  the next block is a lowercase clause such as ``(A) a State;``.

The curated documents are read with these rules exactly as with the first, plain-only rule;
``tests/corpus/test_curated_reading_is_stable.py`` holds that.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from s3kg.corpus.spans import Block, TextSpan
from s3kg.corpus.structures import CAPTION_RE

REFERENCE_HEADING_RE = re.compile(
    r"^(?:\d+(?:\.\d+)*\.?\s+)?(?:references|bibliography|literature|sources|notes|footnotes"
    r"|endnotes|works cited|literature cited|cited works|reference list|list of references"
    r"|references and notes|notes and references|bibliographic references)\s*:?$",
    re.IGNORECASE,
)
NOTE_CALLS_RE = re.compile(r"(?:\[[^\[\]\n]{1,20}\])+$")
ITEM_MARKER_RE = re.compile(
    r"^(?:[-•*◦▪●]\s+|\d{1,3}[.)]\s+|\[\d{1,4}\]\s*|\((?:\d{1,3}|[a-zA-Z]{1,4})\)\s+)(?=\S)"
)
_SENTENCE_END_RE = re.compile(r"[.!?][\"”’)*]*$")
_LEAD_IN_END_RE = re.compile(r"[.!?:][\"”’)*]*$")
_ENUM_HEADING_RE = re.compile(r"^(?:\((\d{1,3}|[a-z]{1,4}|[A-Z]{1,3})\)\s+(?=[A-Z])|§+\s*\d)")
_LABEL_RE = re.compile(
    r"^(?:key ?words?|index terms|source|sources|note|notes|credits?|photo|image|e-?mail"
    r"|received|accepted|revised|published|cite as|citation|doi|tel|phone|fax|website|url"
    r"|available at|retrieved|accessed|copyright|licen[cs]e|jel|jel classification"
    r"|authors?|affiliations?|address|correspondence|attachments?|table|figure|chart|map"
    r"|abstract|summary|date|by)\b[^:]*:",
    re.IGNORECASE,
)
_NAME_COMMA_RE = re.compile(r"^[A-Z][\w'’-]+(?: [A-Z][\w.'’-]+){1,3},")
_ALLOWED_DOTS_RE = re.compile(r"(?:\b[A-Z]\.){2,}|^\d+(?:\.\d+)+\.?(?=\s)|^§+\s*[\d\w.-]+\.(?=\s)")
_CLAUSE_RE = re.compile(r"^\(\w{1,4}\)\s+[a-z$\d]")
_PIPE_RE = re.compile(r"\s\|\s|^\||\|$")
_LEAD_IN_RE = re.compile(
    r"\b(?:shall|must|should|to|for|of|the|a|an|and|or|that|which|who|with|by|as|in|on|at|from"
    r"|may|will|means|include|includes|including|is|are|be|following|such|than)$"
    r"|\bshall\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Section:
    """Blocks ``heading_block`` to ``last_block`` inclusive, the heading among them."""

    heading: TextSpan
    slug: str
    heading_block: int
    last_block: int


def slugify(text: str) -> str:
    """Lowercase ASCII words joined by hyphens."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")


def without_note_calls(text: str) -> str:
    """``text`` without the note calls (``[9]``, ``[12][13]``) it ends with."""
    return NOTE_CALLS_RE.sub("", text).rstrip()


def is_body(text: str) -> bool:
    """>= 20 words ending a sentence: a paragraph of running text."""
    return len(text.split()) >= 20 and _SENTENCE_END_RE.search(without_note_calls(text)) is not None


def is_prose(text: str) -> bool:
    """A sentence or a lead-in (``... include:``) of >= 5 words, mostly in lowercase."""
    core = without_note_calls(text)
    words = core.split()
    if len(words) < 5 or _LEAD_IN_END_RE.search(core) is None:
        return False
    lower = sum(w[:1].islower() for w in words[1:])
    return 3 * lower >= len(words) - 1


def _plain(text: str) -> bool:
    return (
        len(text) <= 80
        and len(text.split()) <= 12
        and text[0].isupper()
        and not re.search(r"[.,;:?!\t]", text)
        and not _PIPE_RE.search(text)
    )


def _loose(text: str) -> bool:
    if len(text) > 400:  # long lines are never headings; note-call stripping is costly on them
        return False
    core = without_note_calls(text)
    if not core or len(core) > 120 or len(core.split()) > 16 or "\t" in core:
        return False
    if not (core[0].isupper() or core[0].isdigit() or core[0] == "§"):
        return False
    if ITEM_MARKER_RE.match(core) or _PIPE_RE.search(core) or _NAME_COMMA_RE.match(core):
        return False
    if re.search(r"[.,;:!]$", core) or re.search(r"[;!]|\?.", core):
        return False
    if "." in _ALLOWED_DOTS_RE.sub("", core):
        return False
    if ":" in core:
        _, _, rest = core.partition(":")
        if ":" in rest or _LABEL_RE.match(core) or not rest.strip()[:1].isupper():
            return False
    return True


def _enumerated(text: str) -> bool:
    return _ENUM_HEADING_RE.match(text) is not None and _loose(_strip_enum(text))


def _strip_enum(text: str) -> str:
    match = re.match(r"^\([^)]*\)\s+", text)
    return text[match.end() :] if match else text


def _sibling(a: str, b: str) -> bool:
    """``b`` is the next enumerated heading after ``a`` at the same level: (a) then (b)."""
    ma, mb = (re.match(r"^\((\w{1,4})\)", t) for t in (a, b))
    if not (ma and mb):
        return False
    x, y = ma.group(1), mb.group(1)
    if x.isdigit() and y.isdigit():
        return int(y) == int(x) + 1
    return len(x) == len(y) == 1 and ord(y) == ord(x) + 1


def _is_structure(text: str) -> bool:
    """A list item, a reference entry, a table row or caption."""
    return (
        ITEM_MARKER_RE.match(text) is not None
        or _PIPE_RE.search(text) is not None
        or "\t" in text
        or re.match(r"^Table\b[^:]{0,12}[:.]", text) is not None
        or CAPTION_RE.match(text) is not None
    )


def _shape(blocks: list[Block], i: int) -> str | None:
    """The heading shape of block ``i``: plain, loose, enumerated or none."""
    text = blocks[i].text
    if i == 0 or i >= len(blocks) - 1 or CAPTION_RE.match(text):
        return None
    if CAPTION_RE.match(blocks[i - 1].text):
        return None
    if _plain(text):
        return "plain"
    if _enumerated(text):
        return "enumerated"
    return "loose" if _loose(text) else None


def _heading_flags(blocks: list[Block]) -> list[bool]:
    shapes = [_shape(blocks, i) for i in range(len(blocks))]
    first_body = next((i for i, b in enumerate(blocks) if is_body(b.text)), len(blocks))
    flags = [False] * len(blocks)
    for i in range(len(blocks) - 2, 0, -1):
        shape, follower = shapes[i], blocks[i + 1].text
        if REFERENCE_HEADING_RE.match(blocks[i].text) or (shape == "plain" and is_body(follower)):
            flags[i] = True  # a reference-list heading; or a heading as the curated texts have
        elif shape is None or _LEAD_IN_RE.search(blocks[i].text) or _CLAUSE_RE.match(follower):
            continue  # a sentence that runs on into the clauses listed under it
        elif shape == "enumerated":
            flags[i] = not _sibling(blocks[i].text, follower)
        else:
            flags[i] = (
                is_prose(follower) or _is_structure(follower) or (flags[i + 1] and i > first_body)
            )
    return flags


def find_sections(blocks: list[Block]) -> list[Section]:
    """Sections in order; each runs from its heading to the block before the next heading."""
    flags = _heading_flags(blocks)
    starts = [i for i, flag in enumerate(flags) if flag]
    sections: list[Section] = []
    seen: set[str] = set()
    for n, i in enumerate(starts):
        slug = base = slugify(blocks[i].text) or f"section-{n + 1}"
        suffix = 2
        while slug in seen:
            slug, suffix = f"{base}-{suffix}", suffix + 1
        seen.add(slug)
        last = starts[n + 1] if n + 1 < len(starts) else len(blocks)
        sections.append(Section(blocks[i].span, slug, i + 1, last))
    return sections
