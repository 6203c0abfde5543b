"""PDF (``.pdf``): the text layer read with pdfplumber, laid out again as normalised text.

The pages' words become lines in reading order (``convert_pdf_layout``: tables, running
headers and footers, two columns), the lines become blocks (``convert_pdf_blocks``: headings,
paragraphs joined across line, column and page breaks, list items, table captions), and the
blocks are written as everywhere else, keeping where each page starts: ``Converted.pages``
gives each page's ``(start, end)`` in the text, page 1 first. The pages cover the text in
order with no gap: a page ends where the next one starts (the empty line between two blocks
belongs to the page before), a page with no text is empty (``start == end``), and the last
page ends at the end of the text. A paragraph running onto the next page is one line, and the
page boundary falls inside it. The title is the document's ``/Title``; it is not added to the
text, whose first line is whatever the first page starts with.
"""

from __future__ import annotations

import io
import re

import pdfplumber

from s3kg.corpus.convert.base import Block, Converted, check_words, describe, fail
from s3kg.corpus.convert.pdf_blocks import PageMarks, build_blocks
from s3kg.corpus.convert.pdf_layout import Line, PageText, drop_running_lines, page_text, read_order
from s3kg.errors import InputError

__all__ = ["PDF_TYPE", "convert_pdf"]

PDF_TYPE = "application/pdf"
_CID_RE = re.compile(r"\(cid:\d+\)")


def convert_pdf(data: bytes, name: str) -> Converted:
    if not data.strip():
        raise fail(name, "empty file")
    try:
        title, pages = _read(data)
        drop_running_lines(pages)
        lines = [line for page in pages for line in read_order(page)]
        _check_text_layer(lines, name)
        blocks, marks = build_blocks(lines)
    except InputError:
        raise
    except Exception as err:  # pdfminer raises many types on broken files
        raise fail(name, _broken(err)) from err
    text, offsets = assemble_pages(blocks, marks, len(pages))
    check_words(text, name)
    return Converted(text=text, media_type=PDF_TYPE, pages=offsets, title=title)


def _read(data: bytes) -> tuple[str | None, list[PageText]]:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        title = pdf.metadata.get("Title")
        pages = []
        for number, page in enumerate(pdf.pages, start=1):
            pages.append(page_text(page, number))
            page.close()  # frees the page's cached objects
    return (" ".join(title.split()) or None) if isinstance(title, str) else None, pages


def _broken(err: Exception) -> str:
    kind = type(err).__name__.casefold()
    if "password" in kind or "encrypt" in kind or "encrypt" in str(err).casefold():
        return "an encrypted PDF; remove its password first"
    return f"not a readable PDF (truncated or corrupt; {describe(err)})"


def _check_text_layer(lines: list[Line], name: str) -> None:
    words = [w.text for line in lines for w in line.words]
    cells = [cell for line in lines for row in line.rows or [] for cell in row if cell]
    if not words and not cells:
        raise fail(name, "PDF has no text layer (scanned pages?); run OCR first")
    if words and sum(1 for w in words if _CID_RE.search(w)) * 2 > len(words):
        raise fail(name, "PDF text cannot be decoded (fonts without a Unicode map); run OCR first")


def assemble_pages(
    blocks: list[Block], marks: PageMarks, page_count: int
) -> tuple[str, tuple[tuple[int, int], ...]]:
    """The text of ``blocks`` (one empty line apart) and each page's ``(start, end)`` in it."""
    at: dict[tuple[int, int], list[tuple[int, int]]] = {}
    for page, (block_index, line_index, char) in marks.items():
        at.setdefault((block_index, line_index), []).append((page, char))
    starts: dict[int, int] = {}
    offset = 0
    for block_index, block in enumerate(blocks):
        for line_index, line in enumerate(block):
            for page, char in at.get((block_index, line_index), []):
                starts[page] = offset + char
            offset += len(line) + 1
        offset += 1
    text = "\n\n".join("\n".join(block) for block in blocks) + "\n" if blocks else ""
    bounds = [0] * (page_count + 1)
    bounds[page_count] = len(text)
    for page in range(page_count, 1, -1):  # bounds[p - 1] is where page p starts
        bounds[page - 1] = min(starts.get(page, bounds[page]), bounds[page])
    return text, tuple((bounds[p], bounds[p + 1]) for p in range(page_count))
