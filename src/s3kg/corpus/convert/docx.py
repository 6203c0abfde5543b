"""Word documents (``.docx``), read with python-docx, in body order.

Each paragraph is a line (headings too; tabs become spaces, line breaks new lines). Numbered
and bulleted paragraphs (numbering on the paragraph or its style) are list items: ``- item``
for bullets, else the label Word would show built from the level's ``lvlText`` (``1.``,
``1)``, ``a.``, ``iv.``), counting per list and level. A table's rows become `` | `` lines
(merged cells once); a ``Caption`` paragraph just before a table (or just after it, when it
starts with ``Table``) is its ``Table:`` line. Text boxes, content controls (``w:sdt``),
headers, footers, footnotes and comments are not read. The title is the core property
``title``; it goes first unless the text starts with it.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

import docx
from docx.table import Table
from docx.text.paragraph import Paragraph

from s3kg.corpus.convert.base import Block, Converted, describe, fail, finish, table_block

__all__ = ["DOCX_TYPE", "convert_docx"]

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"
_ROMAN = ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
          (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))  # fmt: skip


def convert_docx(data: bytes, name: str) -> Converted:
    if not data.strip():
        raise fail(name, "empty file")
    if data.startswith(_OLE_MAGIC):
        raise fail(name, "an old binary Word file (.doc), not .docx; save it as .docx first")
    try:
        document = docx.Document(io.BytesIO(data))
        title = document.core_properties.title
        blocks = _blocks(document)
    except Exception as err:  # zipfile, lxml and python-docx raise many types
        raise fail(name, f"not a readable DOCX (truncated or corrupt; {describe(err)})") from err
    return finish(blocks, DOCX_TYPE, name, title)


def _blocks(document: Any) -> list[Block]:
    numbering = _Numbering(document)
    blocks: list[Block] = []
    kind = ""  # what the last block is: "list", "caption" (for a table to come), "table"...
    for item in document.iter_inner_content():
        if isinstance(item, Table):
            caption = blocks.pop()[0] if kind == "caption" else None
            blocks.append(table_block(_rows(item), caption))
            kind = "table"
            continue
        text = item.text.replace("\t", " ")
        if not text.strip():
            continue
        label = numbering.label(item)
        is_caption = label is None and _style_name(item) == "caption"
        if label is not None and kind == "list":
            blocks[-1].append(f"{label} {text}")
        elif is_caption and kind == "table" and text.lstrip().startswith("Table"):
            if blocks[-1] and not blocks[-1][0].startswith("Table:"):
                blocks[-1].insert(0, f"Table: {text}")  # a caption under its table
            kind = "text"
        else:
            blocks.append([f"{label} {text}" if label is not None else text])
            kind = "list" if label is not None else "caption" if is_caption else "text"
    return blocks


def _rows(table: Table) -> Iterator[list[str]]:
    for row in table.rows:
        cells: list[str] = []
        previous = None
        for cell in row.cells:
            if cell._tc is not previous:  # a merged cell is returned once per grid column
                cells.append(cell.text)
            previous = cell._tc
        yield cells


def _style_name(paragraph: Paragraph) -> str:
    style = paragraph.style
    return (style.name or "").casefold() if style is not None else ""


def _numbering_root(document: Any) -> Any:
    """The numbering definitions, or None: Word writes that part only for documents with
    lists, and python-docx's ``numbering_part`` cannot make a missing one."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    try:
        return document.part.part_related_by(RT.NUMBERING).element
    except KeyError:
        return None


class _Numbering:
    """The label Word shows before a list paragraph: ``-`` for bullets, else ``1.`` etc."""

    def __init__(self, document: Any) -> None:
        self._root: Any = _numbering_root(document)
        self._counters: dict[str, list[int]] = {}

    def label(self, paragraph: Paragraph) -> str | None:
        num_id, level = _num_pr(paragraph)
        if num_id is None or num_id == "0" or self._root is None:
            return _label_from_style(_style_name(paragraph))
        fmt, text, start = self._level(num_id, level)
        if fmt == "bullet" or not text:
            return "-"
        counters = self._counters.setdefault(num_id, [])
        counters[level + 1 :] = []
        counters.extend([0] * (level + 1 - len(counters)))
        counters[level] = counters[level] + 1 if counters[level] else start
        for index, count in enumerate(counters):
            text = text.replace(f"%{index + 1}", _format_number(count, fmt))
        return text.strip() or "-"

    def _level(self, num_id: str, level: int) -> tuple[str, str, int]:
        """``numFmt``, ``lvlText`` and ``start`` of one level of one list."""
        root = self._root
        abstract = root.xpath(f'./w:num[@w:numId="{num_id}"]/w:abstractNumId/@w:val')
        lvl = f'./w:abstractNum[@w:abstractNumId="{abstract[0] if abstract else ""}"]'
        lvl += f'/w:lvl[@w:ilvl="{level}"]'
        fmt = root.xpath(f"{lvl}/w:numFmt/@w:val") or ["decimal"]
        text = root.xpath(f"{lvl}/w:lvlText/@w:val") or [f"%{level + 1}."]
        start = root.xpath(f"{lvl}/w:start/@w:val") or ["1"]
        first = int(start[0]) if str(start[0]).isdigit() and len(str(start[0])) < 6 else 1
        return str(fmt[0]), str(text[0]), first


def _num_pr(paragraph: Paragraph) -> tuple[str | None, int]:
    """``numId`` and ``ilvl`` of the paragraph, else of its style or the style's bases."""
    element: Any = paragraph._p
    style = paragraph.style
    while element is not None:
        num_id = element.xpath("./w:pPr/w:numPr/w:numId/@w:val")
        if num_id:
            level = element.xpath("./w:pPr/w:numPr/w:ilvl/@w:val")
            return str(num_id[0]), min(int(level[0]), 8) if level and level[0].isdigit() else 0
        element = style.element if style is not None else None
        style = style.base_style if style is not None else None
    return None, 0


def _label_from_style(style: str) -> str | None:
    if style.startswith("list number"):
        return "1."
    return "-" if style.startswith("list bullet") else None


def _format_number(number: int, fmt: str) -> str:
    if fmt in ("lowerLetter", "upperLetter"):
        letter = chr(ord("a") + (number - 1) % 26)
        return letter.upper() if fmt == "upperLetter" else letter
    if fmt in ("lowerRoman", "upperRoman"):
        roman = ""
        for value, digits in _ROMAN:
            while number >= value:
                roman, number = roman + digits, number - value
        return roman.upper() if fmt == "upperRoman" else roman
    return str(number)
