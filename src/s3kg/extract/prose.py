"""The running text of a document, in sentences, for the phrase-level extractors.

Figures, instruments and factors are read from prose only: the title, headings, table rows
and the reference list are left out, because their numbers are section numbers, years of
publication and cells whose meaning lies in a header (a table reader's job), and their
phrases are titles rather than statements.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from s3kg.corpus.reader import Document
from s3kg.corpus.tables import is_pipe_row

# A sentence ends at . ! or ? (after any closing quote or [n] note marker) before a space and
# an uppercase letter, digit or quote; "U.S. venture" stays one sentence since a lowercase
# word follows.
_SENTENCE_END_RE = re.compile(r"[.!?][\"'”’)]*(?:\[\d+\])*\s+(?=[A-Z0-9\"“(£$€])")

# Function words: they end a noun phrase and never make a label on their own.
STOPWORDS = frozenset(
    (
        "a", "an", "the", "this", "that", "these", "those", "its", "their", "his", "her", "our",
        "your", "my", "it", "they", "we", "he", "she", "and", "or", "but", "nor", "so", "yet", "if",
        "then", "than", "as", "at", "by", "for", "from", "in", "into", "of", "on", "onto", "to",
        "with", "within", "without", "over", "under", "about", "above", "below", "between", "among",
        "through", "during", "after", "before", "since", "until", "while", "when", "where", "which",
        "who", "whom", "whose", "what", "why", "how", "all", "any", "both", "each", "every", "few",
        "more", "most", "other", "some", "such", "no", "not", "only", "own", "same", "too", "very",
        "can", "could", "may", "might", "must", "shall", "should", "will", "would", "is", "are",
        "was", "were", "be", "been", "being", "am", "has", "have", "had", "having", "do", "does",
        "did", "also", "there", "here", "per", "via", "including", "include", "includes",
        "included", "such", "etc", "just", "well", "many", "much", "several", "one"
    )
)  # fmt: skip


@dataclass(frozen=True)
class Sentence:
    """Characters ``start:end`` of the document text."""

    start: int
    end: int
    text: str


def prose_blocks(
    doc: Document, tables: bool = False, headings: bool = False
) -> Iterator[tuple[int, str]]:
    """(offset, text) of each block that is running text or a list item, with ``tables``
    of each table row too (their cells name factors and instruments as well) and with
    ``headings`` of each section heading."""
    skipped = {1}
    if not headings:
        skipped.update(section.heading_block for section in doc.sections)
    for table in doc.tables:
        skipped.add(table.caption_block)
        if not tables:
            skipped.update(row.block for row in table.rows)
    for reference in doc.references:
        skipped.update(reference.blocks)
    for block in doc.blocks:
        if block.number in skipped or _is_source_note(block.text):
            continue
        if is_pipe_row(block) and not tables:
            continue
        yield block.span.start, block.text


def sentences(
    doc: Document, tables: bool = False, headings: bool = False
) -> Iterator[Sentence]:
    """The sentences of the document's prose blocks, with document offsets."""
    for offset, text in prose_blocks(doc, tables, headings):
        yield from split_sentences(text, offset)


def split_sentences(text: str, offset: int = 0) -> Iterator[Sentence]:
    """Split one block into sentences; offsets are ``offset`` plus the block offset."""
    start = 0
    for match in _SENTENCE_END_RE.finditer(text):
        end = match.end()
        yield Sentence(offset + start, offset + end, text[start:end])
        start = end
    if start < len(text):
        yield Sentence(offset + start, offset + len(text), text[start:])


def _is_source_note(text: str) -> bool:
    # "(Source: ONS 2016)" lines cite where a figure came from; their years are not figures.
    return text.startswith("(Source") and text.endswith(")")
