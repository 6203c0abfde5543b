"""HTML (``.html``, ``.htm``): the main text found by trafilatura, with its structure.

trafilatura decodes the page (``<meta charset>``, BOM or a guess), drops boilerplate (menus,
cookie notices, share buttons) and returns the main text as XML: headings (``<head>``),
paragraphs (``<p>``, with ``<lb/>`` line breaks), lists (``<list>``/``<item>``) and tables
(``<row>``/``<cell>``), which become lines as everywhere else. Two adjustments keep the
structure of plain documents (``<body><h1>…<p>…``, the kind a word processor or pandoc writes):

* a page with no ``<main>``, ``<article>`` or ``role="main"`` has its body's content (less
  ``<nav>``, ``<header>``, ``<footer>``, ``<aside>``) wrapped in ``<main>``, and the minimum
  extraction size is 1 character, so trafilatura neither drops short headings nor falls back
  to a flat dump of the whole page;
* a table's ``<caption>``, which trafilatura returns as leading text or as a first one-cell
  row, becomes the ``Table:`` line.

The title is the page's ``<title>``; it goes first unless the text starts with it (or with one
part of a ``Page | Site`` title).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from configparser import ConfigParser
from functools import cache
from typing import Any

import trafilatura
from trafilatura.settings import use_config

from s3kg.corpus.convert.base import (
    Block,
    Converted,
    clean_line,
    describe,
    fail,
    finish,
    table_block,
)
from s3kg.corpus.convert.plain import reject_binary

__all__ = ["convert_html"]

_LANDMARKS_OUTSIDE_MAIN = frozenset({"nav", "header", "footer", "aside", "form"})
_MAIN_XPATH = "//main|//article|//*[@role='main']"
_BLOCK_TAGS = frozenset({"p", "head", "list", "item", "table", "row", "cell", "quote", "code"})


def convert_html(data: bytes, name: str) -> Converted:
    reject_binary(data, name)
    try:
        title, xml = _extract(data)
        blocks = _blocks(ET.fromstring(xml)) if xml else []
    except Exception as err:  # lxml and trafilatura raise many types on broken input
        raise fail(name, f"not readable as HTML ({describe(err)})") from err
    if not any(blocks):
        raise fail(name, "no text found in the HTML")
    return finish(blocks, "text/html", name, title)


@cache
def _config() -> ConfigParser:
    config = use_config()
    config.set("DEFAULT", "MIN_EXTRACTED_SIZE", "1")
    return config


def _extract(data: bytes) -> tuple[str | None, str | None]:
    """The page's ``<title>`` and trafilatura's XML of its main text."""
    tree = trafilatura.load_html(data)
    if tree is None:  # a fragment such as "<p>...</p>" alone: trafilatura wants a page
        tree = trafilatura.load_html(b"<html><body>" + data + b"</body></html>")
    if tree is None:
        return None, None
    title = tree.findtext(".//title")
    captions = {clean_line(c.text_content()) for c in tree.iter("caption")}
    _wrap_main(tree)
    xml = trafilatura.extract(
        tree, output_format="xml", include_tables=True, include_comments=False,
        include_images=False, include_links=False, include_formatting=False,
        favor_recall=True, fast=True, deduplicate=False, config=_config(),
    )  # fmt: skip
    if xml is not None:
        xml = _mark_captions(xml, captions)
    return title, xml


def _wrap_main(tree: Any) -> None:
    """Put the body's content (less its landmarks) in ``<main>`` if the page has no main."""
    body = tree.find(".//body")
    if body is None or tree.xpath(_MAIN_XPATH):
        return
    main = body.makeelement("main", {})
    main.text, body.text = body.text, None
    for child in list(body):
        if not (isinstance(child.tag, str) and child.tag in _LANDMARKS_OUTSIDE_MAIN):
            main.append(child)
    body.append(main)


def _mark_captions(xml: str, captions: set[str]) -> str:
    """Mark the text trafilatura kept of each table's caption (``caption="..."``)."""
    root = ET.fromstring(xml)
    for table in root.iter("table"):
        rows = table.findall("row")
        lead = clean_line(table.text or "")
        first = [clean_line(_text(c)) for c in rows[0].findall("cell")] if rows else []
        if lead:
            table.set("caption", lead)
        elif len(rows) > 1 and len([c for c in first if c]) == 1 and first[0] in captions:
            table.set("caption", first[0])
            table.remove(rows[0])
    return ET.tostring(root, encoding="unicode")


def _blocks(root: ET.Element) -> list[Block]:
    main = root.find("main")
    blocks: list[Block] = []
    if main is None:
        return blocks
    if main.text and main.text.strip():
        blocks.append([main.text])
    for element in main:
        if element.tag == "list":
            blocks.append(list(_list_lines(element)))
        elif element.tag == "table":
            rows = [[_text(c) for c in row.findall("cell")] for row in element.iter("row")]
            blocks.append(table_block(rows, element.get("caption")))
        elif element.tag != "graphic":
            blocks.append(_text(element).split("\n"))
        if element.tail and element.tail.strip():
            blocks.append([element.tail])
    return blocks


def _list_lines(element: ET.Element) -> list[str]:
    """One line per item, ``- `` or ``1.`` first; nested lists follow their item."""
    lines: list[str] = []
    ordered = element.get("rend") == "ol"
    for number, item in enumerate(element.findall("item"), start=1):
        marker = f"{number}. " if ordered else "- "
        lines.append(marker + " ".join(_text(item, skip="list").split()))
        for nested in item.findall("list"):
            lines.extend(_list_lines(nested))
    return lines


def _text(element: ET.Element, skip: str = "") -> str:
    """The text of ``element``: ``<lb/>`` and block boundaries become ``\\n``."""
    parts = [element.text or ""]
    for child in element:
        if child.tag == "lb" or child.tag in _BLOCK_TAGS:
            parts.append("\n")
        if child.tag not in (skip, "lb", "graphic"):
            parts.append(_text(child, skip))
        parts.append(child.tail or "")
    return "".join(parts)
