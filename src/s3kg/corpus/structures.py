"""Tables, numbered lists, figure grids and keyword lines, found in a document's blocks.

Layouts (plain text exported from PDFs and web pages):

* A *table* is a ``Table N`` caption block, a title block, a tab-separated header row, then
  tab-separated rows until a block without a tab. A row's items are ``•`` bullets (inside an
  HTML ``<ul>`` fragment) or, without bullets, ``;``-separated phrases.
* A *numbered list* is a run of blocks starting ``1.``, ``2.``, ... in sequence; a block that
  starts lowercase right after an item continues that item (a page break split it).
* A *figure* is a ``Figure N`` caption block, a title block and any tab-separated grid rows;
  an ALL-CAPS label inside a grid cell names the group of the grid's other cells.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, replace

from s3kg.corpus.spans import Block, TextSpan, make_span

CAPTION_RE = re.compile(r"^(Table|Figure) (\d+)$")
_ITEM_RE = re.compile(r"^(\d{1,3})\.\s+(?=\S)")
_KEYWORDS_RE = re.compile(r"^\**(?:key ?words)\**:\**", re.IGNORECASE)
_HEAD_END_RE = re.compile(r"[.!?](?=\s+[A-Z]|\s*$)")
_LABEL_RE = re.compile(r"^[A-Z][A-Z-]+(?: [A-Z][A-Z-]+)+(?=\s|$)")


@dataclass(frozen=True)
class TableRow:
    """A data row (``number`` 1-based after the header): label cell, other cell, its items."""

    number: int
    block: int
    label: TextSpan
    cell: TextSpan
    items: list[TextSpan]


@dataclass(frozen=True)
class Table:
    index: int
    caption_block: int
    title: TextSpan
    header: list[TextSpan]
    rows: list[TableRow]
    source: TextSpan | None


@dataclass(frozen=True)
class ListItem:
    """An item without its number; ``head`` is its first sentence, the point it makes."""

    number: int
    span: TextSpan
    head: TextSpan
    blocks: tuple[int, ...]


@dataclass(frozen=True)
class NumberedList:
    index: int
    items: list[ListItem]


@dataclass(frozen=True)
class FigureCell:
    """A grid cell; ``group_label`` is set on the cell that printed the label."""

    row: int
    col: int
    span: TextSpan
    group_label: str | None = None


@dataclass(frozen=True)
class Figure:
    """Grid cells with content; ``labels`` holds where each group label is printed."""

    index: int
    caption_block: int
    title: TextSpan
    cells: list[FigureCell]
    labels: dict[tuple[int, int], TextSpan]
    groups: dict[str, list[FigureCell]]
    note: TextSpan | None


def _line(text: str, span: TextSpan) -> tuple[int, int]:
    """Bounds of the raw line holding ``span``: stripping would hide an empty last cell."""
    end = text.find("\n", span.end)
    return text.rfind("\n", 0, span.start) + 1, len(text) if end < 0 else end


def _is_row(text: str, block: Block) -> bool:
    start, end = _line(text, block.span)
    return "\t" in text[start:end]


def _cells(text: str, span: TextSpan) -> list[TextSpan]:
    """Split a tab row into trimmed cells."""
    start, end = _line(text, span)
    tabs = [start + m.start() for m in re.finditer("\t", text[start:end])]
    return [make_span(text, a + 1, b) for a, b in itertools.pairwise([start - 1, *tabs, end])]


def _items(text: str, cell: TextSpan) -> list[TextSpan]:
    """Bulleted items of an HTML ``<ul>`` fragment, else ``;``-separated phrases."""
    body = cell.text
    if "•" in body:
        cuts = [m.start() for m in re.finditer("•", body)]
        pieces = zip(cuts, [*cuts[1:], len(body)], strict=True)
        spans = [make_span(text, cell.start + a + 1, cell.start + b, ";.") for a, b in pieces]
        return [_strip_tags(text, s) for s in spans]
    if not body:
        return []
    cuts = [-1, *(m.start() for m in re.finditer(";", body)), len(body)]
    spans = [
        make_span(text, cell.start + a + 1, cell.start + b, ";.")
        for a, b in itertools.pairwise(cuts)
    ]
    return [s for s in spans if s.text]


def _strip_tags(text: str, span: TextSpan) -> TextSpan:
    """Drop a closing tag such as ``</ul>`` left after the last bullet."""
    match = re.search(r"(?:\s*</?\w+[^>]*>)+$", span.text)
    return make_span(text, span.start, span.start + match.start(), ";.") if match else span


def _caption(blocks: list[Block], i: int, kind: str) -> int | None:
    match = CAPTION_RE.match(blocks[i].text)
    if match is None or match.group(1) != kind or i + 1 >= len(blocks):
        return None
    return int(match.group(2))


def _note(blocks: list[Block], i: int) -> TextSpan | None:
    if i < len(blocks) and re.match(r"(Source|Note)s?:", blocks[i].text):
        return blocks[i].span
    return None


def find_tables(text: str, blocks: list[Block]) -> list[Table]:
    """``Table N``, a title, a tab header row, tab rows, then optionally a ``Source:`` line."""
    tables: list[Table] = []
    for i in range(len(blocks)):
        index = _caption(blocks, i, "Table")
        if index is None or i + 2 >= len(blocks) or not _is_row(text, blocks[i + 2]):
            continue
        j = i + 3
        rows: list[TableRow] = []
        while j < len(blocks) and _is_row(text, blocks[j]):
            label, *rest = _cells(text, blocks[j].span)
            cell = rest[0] if rest else TextSpan(label.end, label.end, "")
            rows.append(TableRow(len(rows) + 1, j + 1, label, cell, _items(text, cell)))
            j += 1
        header = _cells(text, blocks[i + 2].span)
        tables.append(Table(index, i + 1, blocks[i + 1].span, header, rows, _note(blocks, j)))
    return tables


def find_lists(text: str, blocks: list[Block]) -> list[NumberedList]:
    """Runs of blocks numbered 1., 2., ... in sequence; lowercase blocks continue an item."""
    runs: list[list[list[Block]]] = []
    current: list[list[Block]] = []
    for block in blocks:
        match = _ITEM_RE.match(block.text)
        number = int(match.group(1)) if match else 0
        if number == len(current) + 1:
            current.append([block])
        elif current and block.is_continuation and block.number == current[-1][-1].number + 1:
            current[-1].append(block)
        else:
            runs.append(current)
            current = [[block]] if number == 1 else []
    runs.append(current)
    found = [run for run in runs if len(run) >= 2]
    return [NumberedList(n, [_list_item(text, p) for p in run]) for n, run in enumerate(found, 1)]


def _list_item(text: str, parts: list[Block]) -> ListItem:
    number = parts[0].text.split(".", 1)[0]
    start = parts[0].span.start + len(number) + 1
    span = make_span(text, start, parts[-1].span.end)
    end_match = _HEAD_END_RE.search(span.text)
    head_end = span.start + end_match.start() if end_match else span.end
    head = make_span(text, span.start, head_end, ".")
    return ListItem(int(number), span, head, tuple(b.number for b in parts))


def find_figures(text: str, blocks: list[Block]) -> list[Figure]:
    """``Figure N``, a title, then tab grids (blank lines may separate them), maybe a note."""
    figures: list[Figure] = []
    for i in range(len(blocks)):
        index = _caption(blocks, i, "Figure")
        if index is None:
            continue
        j = i + 2
        grids: list[list[Block]] = []
        while j < len(blocks) and _is_row(text, blocks[j]):
            if grids and blocks[j].line == grids[-1][-1].line + 1:
                grids[-1].append(blocks[j])
            else:
                grids.append([blocks[j]])
            j += 1
        figure = _figure(text, index, i + 1, blocks[i + 1].span, grids)
        figures.append(replace(figure, note=_note(blocks, j)))
    return figures


def _figure(
    text: str, index: int, caption: int, title: TextSpan, grids: list[list[Block]]
) -> Figure:
    cells: list[FigureCell] = []
    labels: dict[tuple[int, int], TextSpan] = {}
    groups: dict[str, list[FigureCell]] = {}
    row = 0
    for grid in grids:
        grid_cells: list[FigureCell] = []
        label: str | None = None
        for block in grid:
            row += 1
            for col, span in enumerate(_cells(text, block.span), start=1):
                match = _LABEL_RE.match(span.text)
                if match:
                    label = match.group(0)
                    labels[(row, col)] = make_span(text, span.start, span.start + match.end())
                    span = make_span(text, span.start + match.end(), span.end)
                if span.text:
                    grid_cells.append(FigureCell(row, col, span, match.group(0) if match else None))
        cells.extend(grid_cells)
        if label is not None:
            groups.setdefault(label, []).extend(grid_cells)
    return Figure(index, caption, title, cells, labels, groups, None)


def find_keywords(text: str, blocks: list[Block]) -> list[TextSpan]:
    for block in blocks:
        match = _KEYWORDS_RE.match(block.text)
        if match:
            return _split_keywords(text, block.span.start + match.end(), block.span.end)
    for block in blocks[len(blocks) // 2 :]:
        phrases = block.text.split(";")
        if len(phrases) >= 3 and all(
            len(p.split()) <= 6 and not re.search(r"[.:?!\t]", p) for p in phrases
        ):
            return _split_keywords(text, block.span.start, block.span.end)
    return []


def _split_keywords(text: str, start: int, end: int) -> list[TextSpan]:
    cuts = [start - 1, *(start + m.start() for m in re.finditer(r"[,;]", text[start:end])), end]
    spans = [make_span(text, a + 1, b, "*.") for a, b in itertools.pairwise(cuts)]
    return [s for s in spans if s.text]
