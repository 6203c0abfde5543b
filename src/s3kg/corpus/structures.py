"""Tables, figure grids and keyword lines, found in a document's blocks; the list types.

Layouts (plain text exported from PDFs and web pages):

* A *table* is a ``Table N`` caption block, a title block, a tab-separated header row, then
  tab-separated rows until a block without a tab. A row's items are ``•`` bullets (inside an
  HTML ``<ul>`` fragment) or, without bullets, ``;``-separated phrases.
* Lists are found by :mod:`s3kg.corpus.lists`, ``|`` tables by :mod:`s3kg.corpus.tables`.
* A *figure* is a ``Figure N`` caption block, a title block and any tab-separated grid rows;
  an ALL-CAPS label inside a grid cell names the group of the grid's other cells.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, replace

from s3kg.corpus.spans import Block, TextSpan, make_span

CAPTION_RE = re.compile(r"^(Table|Figure) (\d+)$")
_KEYWORDS_RE = re.compile(r"^\**(?:key ?words|index terms)\**\s?[:—–-]\**", re.IGNORECASE)
_LABEL_RE = re.compile(r"^[A-Z][A-Z-]+(?: [A-Z][A-Z-]+)+(?=\s|$)")


@dataclass(frozen=True)
class TableRow:
    """A data row (``number`` 1-based after the header): label cell, other cell, its items.

    ``cells`` holds every cell of the row in column order, the label first (an empty cell is
    an empty span). In a ``|`` table ``cell`` spans the cells after the label and ``items``
    are those cells that are not empty.
    """

    number: int
    block: int
    label: TextSpan
    cell: TextSpan
    items: list[TextSpan]
    cells: tuple[TextSpan, ...] = ()


@dataclass(frozen=True)
class Table:
    index: int
    caption_block: int
    title: TextSpan
    header: list[TextSpan]
    rows: list[TableRow]
    source: TextSpan | None
    layout: str = "tab"  # "tab": the caption/title/tab-row layout; "pipe": cells joined by |


@dataclass(frozen=True)
class ListItem:
    """An item without its marker; ``head`` is its first sentence, the point it makes.

    ``number`` is the item's place in its list (1, 2, ...); ``marker`` the printed ``1.``,
    ``(a)`` or ``-``.
    """

    number: int
    span: TextSpan
    head: TextSpan
    blocks: tuple[int, ...]
    marker: str = ""


@dataclass(frozen=True)
class NumberedList:
    """A list of items: ``kind`` is ``numbered`` (1., 1), (a), (i)...) or ``bulleted``."""

    index: int
    items: list[ListItem]
    kind: str = "numbered"


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
            cells = _cells(text, blocks[j].span)
            label, *rest = cells
            cell = rest[0] if rest else TextSpan(label.end, label.end, "")
            items = _items(text, cell)
            rows.append(TableRow(len(rows) + 1, j + 1, label, cell, items, tuple(cells)))
            j += 1
        header = _cells(text, blocks[i + 2].span)
        tables.append(Table(index, i + 1, blocks[i + 1].span, header, rows, _note(blocks, j)))
    return tables


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
