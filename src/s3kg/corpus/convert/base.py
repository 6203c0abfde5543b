"""What every converter shares: the result type, the normalised-text rules and the checks.

A converter turns a document into *blocks*, each a list of lines: a heading or a paragraph is
one line; a list is one ``- item`` (or ``1. item``) line per item; a table is an optional
``Table: caption`` line and one ``cell | cell`` line per row. :func:`assemble` cleans every
line and writes the blocks one empty line apart, which gives the normalised text of
``shared/corpus-extra``: UTF-8, NFC, ``\\n`` line ends, no trailing spaces, at most one empty
line in a row, ending with one ``\\n``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from s3kg.errors import InputError

__all__ = [
    "MIN_WORDS", "Block", "Converted", "assemble", "check_words", "clean_block", "clean_line",
    "describe", "fail", "finish", "table_block", "title_first", "word_count",
]  # fmt: skip

MIN_WORDS = 5
"""A document with fewer words than this is refused: nothing useful can be read from it."""

Block = list[str]

# Invisible characters that carry nothing in running text: soft hyphen, zero-width space, BOM.
_DROPPED = dict.fromkeys(map(ord, "\u00ad\u200b\ufeff"))
_WORD_RE = re.compile(r"\w+")
_TITLE_PARTS_RE = re.compile(r"\s+[|–—·•-]\s+")


@dataclass(frozen=True)
class Converted:
    """A document as normalised text (see the module docstring)."""

    text: str
    media_type: str
    pages: tuple[tuple[int, int], ...] = ()
    """PDF only: ``(start, end)`` offsets of each page in ``text``, page 1 first."""
    title: str | None = None
    """From the format's metadata (HTML ``<title>``, PDF ``/Title``, DOCX core title)."""


def fail(name: str, message: str) -> InputError:
    """A one-line error about the document ``name``."""
    return InputError(" ".join(f"{name}: {message}".split()))


def describe(exc: BaseException) -> str:
    """A library exception in a few words, for the end of a one-line message."""
    detail = " ".join(str(exc).split())
    if len(detail) > 100:
        detail = detail[:99] + "…"
    return f"{type(exc).__name__}: {detail}" if detail else type(exc).__name__


def clean_line(line: str) -> str:
    """One line of normalised text: no control characters, single spaces, NFC."""
    line = line.translate(_DROPPED)
    line = "".join(" " if unicodedata.category(ch) == "Cc" else ch for ch in line)
    return unicodedata.normalize("NFC", " ".join(line.split()))


def clean_block(lines: Iterable[str]) -> Block:
    """The non-empty cleaned lines of ``lines`` (a line holding ``\\n`` becomes several)."""
    out = (clean_line(part) for line in lines for part in line.splitlines())
    return [line for line in out if line]


def table_block(rows: Iterable[Sequence[str]], caption: str | None = None) -> Block:
    """A table: ``Table: caption`` (if any), then each non-empty row's cells joined by `` | ``."""
    lines = [" | ".join(clean_line(cell) for cell in row) for row in rows]
    lines = [line for line in (clean_line(row) for row in lines) if line.strip("| ")]
    caption = clean_line(caption or "")
    if lines and caption:
        lines.insert(0, caption if caption.startswith("Table:") else f"Table: {caption}")
    return lines


def title_first(blocks: list[Block], title: str | None) -> list[Block]:
    """``blocks`` with ``title`` on top, unless the first line already says it."""
    title = clean_line(title or "")
    if not title:
        return blocks
    first = next((line for block in blocks for line in clean_block(block)), "")
    if _same_title(first, title):
        return blocks
    return [[title], *blocks]


def _same_title(line: str, title: str) -> bool:
    """``line`` is ``title``, or one part of a ``Page | Site`` style title."""
    line = line.casefold()
    return line == title.casefold() or line in (p.casefold() for p in _TITLE_PARTS_RE.split(title))


def assemble(blocks: Iterable[Iterable[str]]) -> str:
    """The normalised text of ``blocks``: cleaned lines, blocks one empty line apart."""
    cleaned = [block for block in map(clean_block, blocks) if block]
    return "\n\n".join("\n".join(block) for block in cleaned) + "\n" if cleaned else ""


def word_count(text: str) -> int:
    return len(_WORD_RE.findall(text))


def check_words(text: str, name: str) -> None:
    """Refuse a document with (almost) no text."""
    count = word_count(text)
    if count < MIN_WORDS:
        found = "no words" if count == 0 else f"only {count} word{'s' * (count > 1)}"
        raise fail(name, f"too little text ({found}; at least {MIN_WORDS} needed)")


def finish(blocks: list[Block], media_type: str, name: str, title: str | None = None) -> Converted:
    """The converted document: title first, normalised text, checked for words."""
    title = clean_line(title or "") or None
    text = assemble(title_first(blocks, title))
    check_words(text, name)
    return Converted(text=text, media_type=media_type, title=title)
