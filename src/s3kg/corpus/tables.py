"""Tables whose rows are cells joined by ``|``, as converted web pages and documents write them.

A table is a run of >= 2 consecutive blocks that hold `` | `` (or open or close with ``|``, as
Markdown writes them; ``|---|---|`` rule lines are skipped). Its caption is the block just
before: ``Table: Caption``, ``Table 3: Caption`` / ``Table 3. Caption``, or ``Table 3`` with the
title on the next block. The first row is the header when a caption or a Markdown rule line
says so, when its first cell is empty (a corner cell), when a column is numeric in every other
row but not in it, or when its cells after the first are increasing years; otherwise every row
is data. A ``Source:``/``Note:`` block right after the table is its source.

Rows are :class:`TableRow`: ``label`` is the first cell, ``cell`` spans the other cells,
``items`` are the non-empty other cells and ``cells`` all of them in column order.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import replace

from s3kg.corpus.spans import Block, TextSpan, make_span
from s3kg.corpus.structures import CAPTION_RE, Table, TableRow

_CAPTION_RE = re.compile(r"^Table(?:\s+(\d{1,3}))?\s*[:.–—-]\s*(?=\S)")
_RULE_RE = re.compile(r"^\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?$")
_NUMBER_RE = re.compile(r"^[−–+-]?[$€£]?\s?\d[\d,./ ]*(?:\s?%|\s?[a-zA-Z]{0,3})?(?:\s*\(.*\))?$")
_YEAR_RE = re.compile(r"^(?:1[5-9]|20)\d\d$")
_NOTE_RE = re.compile(r"^\(?(?:Source|Note)s?:")


def is_pipe_row(block: Block) -> bool:
    text = block.text
    return " | " in text or ((text.startswith("|") or text.endswith("|")) and text.count("|") >= 2)


def _is_rule(block: Block) -> bool:
    return _RULE_RE.match(block.text) is not None and "|" in block.text


def pipe_cells(text: str, block: Block) -> list[TextSpan]:
    """The cells of a ``|`` row, trimmed; Markdown's outer pipes open and close no cell."""
    start, end = block.span.start, block.span.end
    body = text[start:end]
    if body.startswith("|") and body.endswith("|") and len(body) > 1:
        start, end = start + 1, end - 1
    cuts = [start - 1, *(start + m.start() for m in re.finditer(r"\|", text[start:end])), end]
    return [make_span(text, a + 1, b) for a, b in itertools.pairwise(cuts)]


def find_pipe_tables(text: str, blocks: list[Block]) -> list[Table]:
    """``|`` tables in order of appearance; ``index`` is their place among them (1, 2, ...)."""
    tables: list[Table] = []
    i = 0
    while i < len(blocks):
        j = i
        while j < len(blocks) and (is_pipe_row(blocks[j]) or _is_rule(blocks[j])):
            j += 1
        rows = [b for b in blocks[i:j] if not _is_rule(b)]
        if len(rows) >= 2:
            ruled = any(_is_rule(b) for b in blocks[i:j])
            tables.append(_table(text, blocks, i, rows, ruled, len(tables) + 1, j))
        i = max(j, i + 1)
    return tables


def _caption(text: str, blocks: list[Block], i: int) -> tuple[int, TextSpan] | None:
    """The caption block number and the table's title, from the blocks before block ``i``."""
    if i >= 1 and (match := _CAPTION_RE.match(blocks[i - 1].text)):
        block = blocks[i - 1]
        return block.number, make_span(text, block.span.start + match.end(), block.span.end)
    if i >= 2 and CAPTION_RE.match(blocks[i - 2].text) and blocks[i - 2].text.startswith("T"):
        return blocks[i - 2].number, blocks[i - 1].span
    return None


def _table(
    text: str, blocks: list[Block], i: int, rows: list[Block], ruled: bool, index: int, j: int
) -> Table:
    caption = _caption(text, blocks, i)
    grid = [pipe_cells(text, row) for row in rows]
    header = ruled or caption is not None or _has_header(grid)
    body = list(zip(rows, grid, strict=True))[1 if header else 0 :]
    title = caption[1] if caption else rows[0].span
    caption_block = caption[0] if caption else rows[0].number
    table_rows = [_row(text, n, row, cells) for n, (row, cells) in enumerate(body, 1)]
    source = blocks[j].span if j < len(blocks) and _NOTE_RE.match(blocks[j].text) else None
    head = grid[0] if header else []
    return Table(index, caption_block, title, head, table_rows, source, "pipe")


def _row(text: str, number: int, block: Block, cells: list[TextSpan]) -> TableRow:
    label, *rest = cells
    if rest:
        cell = TextSpan(rest[0].start, rest[-1].end, text[rest[0].start : rest[-1].end])
    else:
        cell = TextSpan(label.end, label.end, "")
    return TableRow(number, block.number, label, cell, [c for c in rest if c.text], tuple(cells))


def _numeric(cell: TextSpan) -> bool:
    return _NUMBER_RE.match(cell.text) is not None


def _has_header(grid: list[list[TextSpan]]) -> bool:
    first, others = grid[0], grid[1:]
    if not first[0].text:
        return True
    years = [c.text for c in first[1:]]
    if len(years) >= 2 and all(_YEAR_RE.match(y) for y in years) and years == sorted(years):
        return True
    for col in range(len(first)):
        column = [row[col] for row in others if col < len(row) and row[col].text]
        if column and all(_numeric(c) for c in column) and not _numeric(first[col]):
            return True
    return False


def merge_tables(tab: list[Table], pipe: list[Table]) -> list[Table]:
    """All tables in order of appearance. A ``|`` table is numbered by its place among them,
    unless a ``Table N`` caption already took that number (then it takes the next free one)."""
    merged = sorted([*tab, *pipe], key=lambda t: t.caption_block)
    taken = {t.index for t in tab}
    tables = []
    for position, table in enumerate(merged, 1):
        if table.layout == "pipe":
            index = position if position not in taken else max(taken) + 1
            taken.add(index)
            table = replace(table, index=index)
        tables.append(table)
    return tables
