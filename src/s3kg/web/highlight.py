"""A document's text as HTML paragraphs with the spans that back facts highlighted.

Pure functions over the document's text (read from the corpus at run time, never stored in
the repository) and the spans the graph holds: no store, no Flask.  Spans can nest (a
mention inside a quoted sentence) or overlap; a span is a ``<mark id="span-S-E">`` and one
that starts inside another is drawn inside it, cut at the outer one's end, so the HTML stays
well formed and every span's start keeps its anchor.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup, escape

from s3kg.corpus.reader import Block, Document

PAGE_CHARS = 8_000  # text per reader page: a long paper is a few pages, each light to load


@dataclass
class Note:
    """The facts one span supports, numbered on its page."""

    number: int
    start: int
    end: int
    facts: list[dict[str, Any]] = field(default_factory=list)

    @property
    def key(self) -> str:
        return f"{self.start}-{self.end}"


@dataclass
class Paragraph:
    number: int
    heading: bool
    html: Markup
    notes: list[Note]


def pages(doc: Document) -> list[tuple[int, int]]:
    """(first, last) block numbers of each page: consecutive blocks up to ``PAGE_CHARS``."""
    found: list[tuple[int, int]] = []
    first, size = 1, 0
    for block in doc.blocks:
        if size and size + len(block.text) > PAGE_CHARS:
            found.append((first, block.number - 1))
            first, size = block.number, 0
        size += len(block.text)
    found.append((first, len(doc.blocks)))
    return found


def page_of(doc: Document, offset: int) -> int:
    """The 1-based page whose text holds ``offset`` (the last page for offsets past the end)."""
    for index, (_, last) in enumerate(pages(doc), start=1):
        if offset < doc.block(last).span.end:
            return index
    return len(pages(doc))


def paragraphs(doc: Document, page: tuple[int, int], notes: list[Note]) -> list[Paragraph]:
    """The blocks of ``page`` with their notes' spans highlighted, in reading order."""
    headings = {s.heading_block for s in doc.sections}
    drawn: set[str] = set()
    out: list[Paragraph] = []
    for number in range(page[0], page[1] + 1):
        block = doc.block(number)
        inside = [n for n in notes if _overlaps(n, block)]
        html = _render(doc.text, block.span.start, block.span.end, inside, drawn)
        out.append(Paragraph(number, number in headings, html,
                             [n for n in inside if block.span.start <= n.start]))
    return out


def _overlaps(note: Note, block: Block) -> bool:
    return note.start < block.span.end and note.end > block.span.start


def _render(text: str, low: int, high: int, notes: list[Note], drawn: set[str]) -> Markup:
    """``text[low:high]`` with ``notes`` (sorted by start, longest first) as nested marks."""
    ordered = sorted(notes, key=lambda n: (max(n.start, low), -n.end))
    parts: list[str] = []
    position, index = low, 0
    while index < len(ordered):
        note = ordered[index]
        start, end = max(note.start, position), min(note.end, high)
        inner_end = index + 1
        while inner_end < len(ordered) and ordered[inner_end].start < end:
            inner_end += 1
        if start >= end:
            index = inner_end
            continue
        parts.append(escape(text[position:start]))
        inner = _render(text, start, end, ordered[index + 1 : inner_end], drawn)
        parts.append(_mark(note, inner, drawn))
        position, index = end, inner_end
    parts.append(escape(text[position:high]))
    return Markup("".join(parts))


def _mark(note: Note, inner: Markup, drawn: set[str]) -> str:
    """The mark of one span; a span cut by a paragraph boundary is anchored only once."""
    anchor = "" if note.key in drawn else f' id="span-{note.key}"'
    drawn.add(note.key)
    return (f'<mark class="evidence"{anchor}>{inner}</mark><sup class="ref">'
            f'<a href="#facts-{note.key}" aria-label="facts of this passage">{note.number}'
            "</a></sup>")
