"""PDF lines (in reading order) to blocks: headings, paragraphs, list items, tables.

* The *body size* is the font size of most characters; a line at least 15% larger, or all
  bold, has a heading's style. A change of style (size, bold, monospaced) starts a block.
* In one column of one page, a line starts a new block after a gap larger than the usual
  line gap plus half a line, after a short line ending a sentence (``.``, ``!``, ``?``,
  ``:``), after a contents entry (``Methods . . . 7``), or when it is indented by a
  first-line indent. Other lines join their paragraph (monospaced lines, code, stay lines).
* At a change of column or page, a paragraph goes on when its last line was full and it did
  not end a sentence (or the next line starts in lowercase).
* A list item starts at a bullet drawn as a shape, a bullet character (``•``, ``–``...) or a
  number (``1.``, ``2)``, ``(a)``) and takes the lines aligned with its text after it.
* A one-line paragraph just above a table (starting with ``Table``, or centred on it) is the
  table's caption.
* End-of-line hyphens: ``inno-`` + ``vation`` joins to ``innovation`` unless the document
  writes ``inno-vation`` elsewhere, or writes both parts as words and never the whole (then
  the hyphen is kept: ``high-`` + ``tech`` gives ``high-tech``). Before a capital or a digit
  the hyphen always stays.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from dataclasses import dataclass, field

from s3kg.corpus.convert.base import Block, clean_line, table_block
from s3kg.corpus.convert.pdf_layout import Line

__all__ = ["PageMarks", "build_blocks"]

PageMarks = dict[int, tuple[int, int, int]]
"""Where each page's text starts: block index, line index in the block, offset in the line."""

_BULLETS = frozenset("•◦▪▫‣⁃●○■□➢►▸✓✔◆♦·")
_DASHES = frozenset("-–—*")
_NUMBER_RE = re.compile(r"^(?:\d{1,3}[.)]|[a-z][.)]|\((?:\d{1,3}|[a-z]|[ivx]{1,4})\))$")
_SENTENCE_END = ".!?:"
_TOKEN_RE = re.compile(r"[^\W\d_]+(?:[-‐][^\W\d_]+)*")
_HYPHEN_END_RE = re.compile(r"([^\W\d_]+)[-‐]$")
_LEADING_WORD_RE = re.compile(r"[^\W\d_]+")
_CAPTION_START_RE = re.compile(r"^(?:table|tab\.)\s", re.IGNORECASE)
_LEADER_RE = re.compile(r"(?:\.\s?){3,}\s*\w{1,6}$")  # a contents entry: "Methods . . . 7"


@dataclass
class _Builder:
    body: float
    leading: float
    vocabulary: set[str]
    blocks: list[Block] = field(default_factory=list)
    marks: PageMarks = field(default_factory=dict)
    kinds: list[str] = field(default_factory=list)  # "text", "heading", "list", "table"
    prev: Line | None = None
    item_x0: float = 0.0
    block_lines: int = 0  # physical lines in the last block


def build_blocks(lines: list[Line]) -> tuple[list[Block], PageMarks]:
    """The blocks of the document's lines, and where each page starts in them."""
    text_lines = [line for line in lines if line.rows is None]
    builder = _Builder(_body_size(text_lines), _leading(text_lines), _vocabulary(text_lines))
    for line in lines:
        if line.rows is not None:
            _add_table(builder, line)
        else:
            _add_line(builder, line)
        builder.prev = line
    return builder.blocks, builder.marks


def _body_size(lines: list[Line]) -> float:
    sizes = Counter(round(w.size, 1) for line in lines for w in line.words for _ in w.text)
    return sizes.most_common(1)[0][0] if sizes else 10.0


def _leading(lines: list[Line]) -> float:
    """The usual gap between two lines of one paragraph: the 20th percentile of the gaps
    between lines that follow each other in a column (paragraph gaps are the larger ones)."""
    gaps = sorted(
        b.top - a.bottom for a, b in itertools.pairwise(lines)
        if _same_flow(a, b) and 0 <= b.top - a.bottom < 1.5 * a.size
    )  # fmt: skip
    return gaps[len(gaps) // 5] if gaps else 2.0


def _vocabulary(lines: list[Line]) -> set[str]:
    """The words of the document, less the parts of words hyphenated at a line's end."""
    words: set[str] = set()
    broken = False
    for line in lines:
        tokens = _TOKEN_RE.findall(line.text.casefold())
        if broken and tokens:
            tokens = tokens[1:]
        broken = bool(_HYPHEN_END_RE.search(line.text))
        if broken and tokens:
            tokens = tokens[:-1]
        words.update(tokens)
        words.update(part for token in tokens for part in re.split(r"[-‐]", token))
    return words


def _style(line: Line, body: float) -> tuple[float, bool, bool]:
    scale = line.size / body if body else 1.0
    return (round(scale, 1) if scale >= 1.15 else 1.0), line.bold, line.mono


def _same_flow(a: Line, b: Line) -> bool:
    """Is ``b`` the next line down in the same column of the same page?"""
    return a.page == b.page and (a.left, a.right) == (b.left, b.right) and b.top >= a.bottom - 1


def _is_short(line: Line) -> bool:
    return line.x1 < line.right - max(2 * line.size, 0.15 * (line.right - line.left))


def _add_line(builder: _Builder, line: Line) -> None:
    words = [clean_line(w.text) for w in line.words]
    words = [w for w in words if w]
    if not words:
        return
    marker, rest, text_x0 = _item_start(builder, line, words)
    kind = "heading" if _style(line, builder.body)[:2] != (1.0, False) else "text"
    if marker is not None:
        builder.item_x0 = text_x0
        item = f"{marker} {rest}".strip()
        if builder.kinds and builder.kinds[-1] == "list" and not _style_changed(builder, line):
            _append(builder, line, item, new_line=True)
        else:
            _new_block(builder, line, item, "list")
    elif _starts_block(builder, line):
        _new_block(builder, line, " ".join(words), kind)
    else:  # code (monospaced) keeps its lines
        _append(builder, line, " ".join(words), new_line=line.mono)


def _item_start(builder: _Builder, line: Line, words: list[str]) -> tuple[str | None, str, float]:
    """The item marker (``-`` or the number) if ``line`` starts a list item, its text and x."""
    if line.bullet:
        return "-", " ".join(words), line.x0
    first, rest = words[0], " ".join(words[1:])
    text_x0 = line.words[1].x0 if len(line.words) > 1 else line.x1
    if first in _BULLETS or (len(first) > 1 and first[0] in _BULLETS):
        return "-", rest if first in _BULLETS else f"{first[1:]} {rest}".strip(), text_x0
    loose = _starts_block(builder, line) or (bool(builder.kinds) and builder.kinds[-1] == "list")
    if loose and first in _DASHES and rest:
        return "-", rest, text_x0
    if loose and _NUMBER_RE.match(first) and rest:
        return first, rest, text_x0
    return None, "", 0.0


def _style_changed(builder: _Builder, line: Line) -> bool:
    prev = builder.prev
    return (
        prev is None
        or prev.rows is not None
        or (_style(prev, builder.body) != _style(line, builder.body))
    )


def _starts_block(builder: _Builder, line: Line) -> bool:
    """Does ``line`` start a new block (rather than go on with the last one)?"""
    prev = builder.prev
    if prev is None or prev.rows is not None or not builder.blocks or _style_changed(builder, line):
        return True
    if builder.kinds[-1] == "list":
        aligned = line.x0 >= builder.item_x0 - 0.5 * line.size
        return not aligned or not _continues(builder, prev, line)
    return not _continues(builder, prev, line)


def _continues(builder: _Builder, prev: Line, line: Line) -> bool:
    """Does ``line`` go on with the paragraph (or list item) whose last line is ``prev``?"""
    ends_sentence = prev.text.rstrip("\"'”’)*").endswith(tuple(_SENTENCE_END))
    if not _same_flow(prev, line):
        lowercase = line.text[:1].islower()
        return (
            builder.kinds[-1] != "heading"
            and not _is_short(prev)
            and (lowercase or not ends_sentence)
        )
    if line.top - prev.bottom > builder.leading + 0.5 * line.size:
        return False
    if (_is_short(prev) and ends_sentence) or _LEADER_RE.search(prev.text):
        return False
    indent = line.x0 - prev.x0
    return not (builder.kinds[-1] == "text" and indent > 0.8 * line.size and not _is_short(prev))


def _new_block(builder: _Builder, line: Line, text: str, kind: str) -> None:
    builder.blocks.append([])
    builder.kinds.append(kind)
    builder.block_lines = 0
    _append(builder, line, text, new_line=True)


def _append(builder: _Builder, line: Line, text: str, *, new_line: bool) -> None:
    block = builder.blocks[-1]
    builder.block_lines += 1
    if new_line:
        block.append(text)
        offset = 0
    else:
        block[-1], offset = join_text(block[-1], text, builder.vocabulary)
    builder.marks.setdefault(line.page, (len(builder.blocks) - 1, len(block) - 1, offset))


def join_text(left: str, right: str, vocabulary: set[str]) -> tuple[str, int]:
    """``left`` and the next line's ``right`` as one line, and where ``right`` starts in it."""
    match = _HYPHEN_END_RE.search(left)
    if match is None:
        return f"{left} {right}", len(left) + 1
    head = match.group(1)
    tail = _LEADING_WORD_RE.match(right)
    if right[:1].islower() and tail is not None and _broken(head, tail.group(0), vocabulary):
        return left[:-1] + right, len(left) - 1
    return left + right, len(left)


def _broken(head: str, tail: str, vocabulary: set[str]) -> bool:
    """Is ``head-`` + ``tail`` one word broken by hyphenation (not a hyphenated compound)?"""
    head, tail = head.casefold(), tail.casefold()
    if f"{head}-{tail}" in vocabulary:
        return False
    if head + tail in vocabulary:
        return True
    return not (head in vocabulary and tail in vocabulary)


def _add_table(builder: _Builder, line: Line) -> None:
    caption = _caption(builder, line)
    if caption is not None:
        builder.blocks.pop()
        builder.kinds.pop()
    block = table_block(line.rows or [], caption)
    if block:
        builder.blocks.append(block)
        builder.kinds.append("table")
        builder.marks.setdefault(line.page, (len(builder.blocks) - 1, 0, 0))
    elif caption is not None:
        builder.blocks.append([caption])
        builder.kinds.append("text")


def _caption(builder: _Builder, table: Line) -> str | None:
    """The text of the one-line block just above ``table``, if it is its caption."""
    prev = builder.prev
    if prev is None or prev.rows is not None or not builder.blocks or builder.kinds[-1] == "list":
        return None
    block = builder.blocks[-1]
    near = prev.page == table.page and 0 <= table.top - prev.bottom < 2 * prev.size
    if builder.block_lines != 1 or not near or len(block[0].split()) > 25:
        return None
    middle, table_middle = (prev.x0 + prev.x1) / 2, (table.x0 + table.x1) / 2
    centred = abs(middle - table_middle) < 0.1 * (table.x1 - table.x0)
    return block[0] if centred or _CAPTION_START_RE.match(block[0]) else None
