"""What a document says about itself: its authors, its year and its abstract.

* *Authors*: an ``Author(s):`` or ``By`` line near the top, else the lines between the title
  and the first heading or paragraph that are nothing but personal names (``Irina V.
  Korchagina``, ``A. Smith and B. Jones``).
* *Year*: from a ``Cite as:`` line with ``(2020)``, else a ``Published``/``©``/``Copyright``
  line, else the latest of ``Received``/``Accepted``/``Revised`` dates, outside the reference
  list.
* *Abstract*: the body of an ``Abstract``/``Summary`` section (without a ``Keywords:`` line
  inside it), else the text of a block opening with ``Abstract:`` or ``Abstract.``.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, field

from s3kg.corpus.headings import Section, is_body
from s3kg.corpus.refbase import UPPER, YEAR
from s3kg.corpus.spans import Block, TextSpan, make_span

_NAME = rf"(?:[{UPPER}]\.\s?)*[{UPPER}][^\W\d_]+(?:[-'’][^\W\d_]+)?"
_PERSON = rf"{_NAME}(?:\s+(?:[{UPPER}]\.\s?)+|\s+{_NAME}){{0,2}}\s+{_NAME}"
_PEOPLE_RE = re.compile(rf"^{_PERSON}(?:(?:,\s*|\s+and\s+|\s*&\s*){_PERSON})*$")
_SPLIT_RE = re.compile(r",\s*|\s+and\s+|\s*&\s*")
_BYLINE_RE = re.compile(r"^(?:authors?\s*:|by\s+)\s*", re.IGNORECASE)
_CITE_AS_RE = re.compile(rf"^(?:cite as|citation|how to cite)\b.*?\(({YEAR})[a-z]?\)", re.I)
_PUBLISHED_RE = re.compile(rf"^(?:published|publication date|©|copyright)\b\D*?({YEAR})\b", re.I)
_DATED_RE = re.compile(rf"^(?:received|accepted|revised)\b.*?\b({YEAR})\b", re.IGNORECASE)
_ABSTRACT_RE = re.compile(r"^\**(?:abstract|summary)\**\s*[:.—–-]\s*(?=\S)", re.IGNORECASE)
_KEYWORDS_RE = re.compile(r"^\**(?:key ?words|index terms)", re.IGNORECASE)


@dataclass(frozen=True)
class FrontMatter:
    authors: list[TextSpan] = field(default_factory=list)
    year: int | None = None
    abstract: TextSpan | None = None


def read_front_matter(
    text: str, blocks: list[Block], sections: list[Section], cited: Collection[int]
) -> FrontMatter:
    own = [b for b in blocks if b.number not in cited]
    return FrontMatter(
        _authors(text, blocks, sections), _year(own), _abstract(text, blocks, sections)
    )


def _names(text: str, start: int, end: int) -> list[TextSpan]:
    """The names of a ``A, B and C`` line, each as its own span."""
    bounds = [start]
    for gap in _SPLIT_RE.finditer(text, start, end):
        bounds.extend((gap.start(), gap.end()))
    bounds.append(end)
    spans = [make_span(text, a, b, ",;") for a, b in zip(bounds[::2], bounds[1::2], strict=True)]
    return [s for s in spans if s.text]


def _authors(text: str, blocks: list[Block], sections: list[Section]) -> list[TextSpan]:
    first_heading = min((s.heading_block for s in sections), default=len(blocks) + 1)
    found: list[TextSpan] = []
    for block in blocks[1:10]:
        if block.number >= first_heading or is_body(block.text):
            break
        byline = _BYLINE_RE.match(block.text)
        body = block.text[byline.end() :] if byline else block.text
        if len(body) <= 120 and _PEOPLE_RE.match(body):
            found.extend(_names(text, block.span.end - len(body), block.span.end))
    return found


def _year(blocks: list[Block]) -> int | None:
    for pattern in (_CITE_AS_RE, _PUBLISHED_RE):
        match = next((m for b in blocks if (m := pattern.match(b.text))), None)
        if match:
            return int(match.group(1))
    dated = [int(m.group(1)) for b in blocks if (m := _DATED_RE.match(b.text))]
    return max(dated) if dated else None


def _abstract(text: str, blocks: list[Block], sections: list[Section]) -> TextSpan | None:
    for section in sections:
        if section.slug in ("abstract", "summary") and section.last_block > section.heading_block:
            body = [
                b
                for b in blocks[section.heading_block : section.last_block]
                if not _KEYWORDS_RE.match(b.text)
            ]
            if body:
                return make_span(text, body[0].span.start, body[-1].span.end)
    for block in blocks:
        match = _ABSTRACT_RE.match(block.text)
        if match:
            return make_span(text, block.span.start + match.end(), block.span.end)
    return None
