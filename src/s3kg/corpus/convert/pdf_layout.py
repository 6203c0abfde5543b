"""PDF pages as lines in reading order: words, tables, running headers, columns.

pdfplumber gives the words of a page with their boxes and fonts. Here they become *lines*
(words whose vertical middles agree), in the order a reader takes them:

* *Tables* are pdfplumber's ruled tables with at least two rows and two columns (and no cell
  of more than 60 words: a framed page layout is not a table); their words leave the running
  text and the table takes its place as one item.
* *Running headers and footers*: a line among the two first or two last of a page, in the top
  or bottom eighth, is dropped if it is a bare page number (``7``, ``Page 7``, ``7 of 9``,
  ``- 7 -``, ``vii``) or if another page has it there too (digits aside: ``Chapter 2: Methods
  7``). A chapter's running header on its only page stays.
* *Words*: characters closer than 0.15 em are one word (PDFs without space characters).
* *Two columns*: the *gutter* is the x-position, in the middle two-fifths of the page, that
  the most lines leave empty with words on both sides (a gap of at least 0.8 em). With at least
  3 such lines (and 40% of the page's lines), and mostly full left halves, every line
  that no word crosses the gutter with is split in two; each run of split lines is read left
  column first, then right; lines crossing the gutter (a title, a wide figure caption) are
  read where they are. Three or more columns are read as two or one.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from dataclasses import dataclass, replace
from statistics import median
from typing import Any

__all__ = ["Line", "PageText", "Word", "drop_running_lines", "page_text", "read_order"]

_BOLD_RE = re.compile(r"bold|black|heavy|semibold|demi", re.IGNORECASE)
_MONO_RE = re.compile(r"mono|nimbusmon|courier|consol|typewriter|cmtt", re.IGNORECASE)
_PAGE_NUMBER_RE = re.compile(  # on a line's signature: digits are "#"
    r"^(?:page\s*)?[-–—]?\s*(?:#+|x{0,3}(?:ix|iv|v?i{0,3}))\s*[-–—]?(?:\s*(?:/|of)\s*#+)?$"
)
_MARGIN = 1 / 8


@dataclass(frozen=True)
class Word:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool
    mono: bool


@dataclass
class Line:
    """A line of words (or a table: ``rows``), with the frame (column) it sits in."""

    page: int
    words: list[Word]
    top: float
    bottom: float
    x0: float
    x1: float
    rows: list[list[str]] | None = None
    bullet: bool = False
    left: float = 0.0
    right: float = 0.0

    @property
    def text(self) -> str:
        return " ".join(word.text for word in self.words)

    @property
    def size(self) -> float:
        return median(w.size for w in self.words) if self.words else 0.0

    @property
    def bold(self) -> bool:
        return bool(self.words) and all(w.bold for w in self.words)

    @property
    def mono(self) -> bool:
        return bool(self.words) and all(w.mono for w in self.words)


@dataclass
class PageText:
    """A page's size, its lines and tables (top to bottom) and its bullet-sized shapes."""

    number: int
    width: float
    height: float
    lines: list[Line]
    marks: list[tuple[float, float, float]]  # bullet-sized shapes: x1, top, bottom


def page_text(page: Any, number: int) -> PageText:
    """The lines and tables of one pdfplumber page (columns not yet read)."""
    tables = [(t.bbox, rows) for t in page.find_tables() if _is_table(rows := t.extract())]
    boxes = [box for box, _ in tables]
    raw_words = page.extract_words(x_tolerance_ratio=0.15, return_chars=True)
    words = [w for w in map(_word, raw_words) if w is not None]
    words = [w for w in words if not any(_inside(w, box) for box in boxes)]
    lines = _group(words, number)
    for (x0, top, x1, bottom), rows in tables:
        cells = [[cell or "" for cell in row] for row in rows]
        lines.append(Line(number, [], top, bottom, x0, x1, rows=cells))
    marks = [
        (float(o["x1"]), float(o["top"]), float(o["bottom"]))
        for o in (*page.curves, *page.rects) if _is_mark(o)
    ]  # fmt: skip
    lines.sort(key=lambda line: line.top)
    return PageText(number, float(page.width), float(page.height), lines, marks)


def _is_table(rows: list[list[str | None]]) -> bool:
    """Two rows and two columns at least, and no cell a page of text (a framed layout)."""
    longest = max((len((cell or "").split()) for row in rows for cell in row), default=0)
    return len(rows) >= 2 and max(len(row) for row in rows) >= 2 and longest <= 60


def _word(raw: dict[str, Any]) -> Word | None:
    chars = [c for c in raw.get("chars", []) if c.get("upright", True)]
    if not chars or not raw["text"].strip():
        return None
    size = median(float(c.get("size", 0.0)) for c in chars)
    fonts = [str(c.get("fontname", "")) for c in chars]
    bold = all(_BOLD_RE.search(font) for font in fonts)
    mono = all(_MONO_RE.search(font) for font in fonts)
    return Word(raw["text"], raw["x0"], raw["x1"], raw["top"], raw["bottom"], size, bold, mono)


def _inside(word: Word, box: tuple[float, float, float, float]) -> bool:
    x, y = (word.x0 + word.x1) / 2, (word.top + word.bottom) / 2
    return box[0] <= x <= box[2] and box[1] <= y <= box[3]


def _group(words: list[Word], page: int) -> list[Line]:
    """Words whose vertical middles are within 0.45 of a word's height: one line each."""
    lines: list[Line] = []
    for word in sorted(words, key=lambda w: (w.top + w.bottom) / 2):
        middle = (word.top + word.bottom) / 2
        last = lines[-1] if lines else None
        if last is not None and middle - (last.top + last.bottom) / 2 <= 0.45 * (
            last.bottom - last.top
        ):
            last.words.append(word)
            last.top, last.bottom = min(last.top, word.top), max(last.bottom, word.bottom)
        else:
            lines.append(Line(page, [word], word.top, word.bottom, word.x0, word.x1))
    for line in lines:
        line.words.sort(key=lambda w: w.x0)
        line.x0, line.x1 = line.words[0].x0, max(w.x1 for w in line.words)
    return lines


def _is_mark(obj: dict[str, Any]) -> bool:
    """A small, squarish graphic: a list bullet drawn as a shape."""
    width, height = float(obj["width"]), float(obj["height"])
    return 1.0 <= width <= 8.0 and 1.0 <= height <= 8.0 and 0.5 <= width / height <= 2.0


def _mark_bullets(lines: list[Line], marks: list[tuple[float, float, float]]) -> None:
    """Flag the lines that a bullet-sized shape stands just left of."""
    for line in lines:
        line.bullet = line.rows is None and any(
            line.top <= (top + bottom) / 2 <= line.bottom and 0.0 <= line.x0 - x1 <= 3 * line.size
            for x1, top, bottom in marks
        )


def drop_running_lines(pages: list[PageText]) -> None:
    """Remove running headers, footers and bare page numbers from ``pages``."""
    candidates = [_margin_lines(page) for page in pages]
    seen = Counter(sig for lines in candidates for sig in {_signature(line) for line in lines})
    repeated = {sig for sig, n in seen.items() if n >= 2}
    for page, margin in zip(pages, candidates, strict=True):
        drop = {
            id(line) for line in margin
            if _signature(line) in repeated or _PAGE_NUMBER_RE.match(_signature(line))
        }  # fmt: skip
        page.lines = [line for line in page.lines if id(line) not in drop]


def _margin_lines(page: PageText) -> list[Line]:
    height = page.height
    text = [line for line in page.lines if line.rows is None]
    ends = text[:2] + text[-2:] if len(text) > 4 else text
    return [
        line for line in ends
        if line.bottom <= height * _MARGIN or line.top >= height * (1 - _MARGIN)
    ]  # fmt: skip


def _signature(line: Line) -> str:
    return re.sub(r"\d+", "#", " ".join(line.text.casefold().split()))


def read_order(page: PageText) -> list[Line]:
    """The page's lines in reading order, each with the frame (``left``, ``right``) it is in,
    bullets flagged."""
    gutter = _gutter([line for line in page.lines if line.rows is None], page.width)
    ordered = _framed(page.lines) if gutter is None else _by_columns(page.lines, gutter)
    _mark_bullets(ordered, page.marks)
    return ordered


def _by_columns(lines: list[Line], gutter: float) -> list[Line]:
    """Runs of lines split at the gutter: left column, then right; wide lines in between."""
    ordered: list[Line] = []
    full: list[Line] = []
    left: list[Line] = []
    right: list[Line] = []
    for line in lines:
        if _crosses(line, gutter):
            ordered += _framed(left) + _framed(right) + [line]
            full.append(line)
            left, right = [], []
        elif line.rows is not None:
            (left if line.x1 <= gutter else right).append(line)
        else:
            left_words = [w for w in line.words if w.x1 <= gutter]
            right_words = [w for w in line.words if w.x0 >= gutter]
            for half, side in ((left_words, left), (right_words, right)):
                if half:
                    side.append(replace(line, words=half, x0=half[0].x0, x1=half[-1].x1))
    _framed(full)
    return ordered + _framed(left) + _framed(right)


def _crosses(line: Line, gutter: float) -> bool:
    """Does the table, or a word of the line, lie across the gutter?"""
    if line.rows is not None:
        return line.x0 < gutter < line.x1
    return any(w.x0 < gutter < w.x1 for w in line.words)


def _framed(lines: list[Line]) -> list[Line]:
    """``lines`` with the frame their text spans (left and right edge)."""
    text = [line for line in lines if line.rows is None] or lines
    left = min((line.x0 for line in text), default=0.0)
    right = max((line.x1 for line in text), default=0.0)
    for line in lines:
        line.left, line.right = left, right
    return lines


def _gutter(lines: list[Line], width: float) -> float | None:
    """The x-position between two columns of text, or None for a single column."""
    low, high = int(width * 0.3), int(width * 0.7)
    votes = [0] * max(high - low, 0)
    for line in lines:
        min_gap = max(0.8 * line.size, 6.0)
        for a, b in itertools.pairwise(line.words):
            if b.x0 - a.x1 >= min_gap:
                for x in range(max(low, int(a.x1) + 1), min(high, int(b.x0))):
                    votes[x - low] += 1
    best = max(votes, default=0)
    if best < max(3, 0.4 * len(lines)):
        return None
    run = [x for x, n in enumerate(votes) if n == best]
    gutter = low + (run[0] + run[-1]) / 2
    return gutter if _prose_columns(lines, gutter) else None


def _prose_columns(lines: list[Line], gutter: float) -> bool:
    """Do the left halves of the split lines mostly reach the gutter (columns of prose)?"""
    split = [line for line in lines if not _crosses(line, gutter)]
    halves = [[w for w in line.words if w.x1 <= gutter] for line in split]
    halves = [half for half in halves if half]
    if not halves:
        return False
    start = min(half[0].x0 for half in halves)
    reach = [(half[-1].x1 - start) / max(gutter - start, 1.0) for half in halves]
    return median(reach) >= 0.6
