"""Markdown (``.md``): CommonMark plus tables, parsed by markdown-it-py, syntax stripped.

Headings and paragraphs become lines (soft breaks join, hard breaks split), links their text,
images nothing; list items ``- item`` or ``3. item`` / ``3) item`` (nested items too, without
indentation); GFM tables `` | `` rows, captioned by a ``Table: ...`` paragraph just before or
after them (pandoc's style); code blocks their lines; HTML blocks their text. A YAML front
matter block's ``title`` is the document's title.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token

from s3kg.corpus.convert.base import Block, Converted, describe, fail, finish, table_block
from s3kg.corpus.convert.plain import decode_text
from s3kg.yamlfile import safe_load

__all__ = ["convert_markdown"]

_FRONT_MATTER_RE = re.compile(r"\A---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
_TAG_RE = re.compile(r"<!--.*?-->|<[^>]*>", re.DOTALL)
_BREAK_TAG_RE = re.compile(r"<br\s*/?>", re.IGNORECASE)
_CAPTION_RE = re.compile(r"^Table:\s*\S")


@dataclass
class _Walk:
    """The blocks made so far and where the walk is: lists, list items, table rows."""

    blocks: list[Block] = field(default_factory=list)
    lists: list[list[Any]] = field(default_factory=list)  # [marker ("-", "." or ")"), next n]
    item_open: bool = False
    rows: list[list[str]] | None = None
    tables: set[int] = field(default_factory=set)  # indexes of table blocks with no caption


def convert_markdown(data: bytes, name: str) -> Converted:
    text = decode_text(data, name)
    title, body = _front_matter(text)
    try:
        tokens = MarkdownIt("commonmark").enable(["table", "strikethrough"]).parse(body)
    except Exception as err:  # a bug or limit in the parser must not escape as a traceback
        raise fail(name, f"could not read the Markdown ({describe(err)})") from err
    walk = _Walk()
    for token in tokens:
        _step(walk, token)
    return finish(walk.blocks, "text/markdown", name, title)


def _front_matter(text: str) -> tuple[str | None, str]:
    """The ``title`` of a leading YAML front matter block (if any) and the text after it."""
    match = _FRONT_MATTER_RE.match(text)
    if match is None:
        return None, text
    try:
        meta = safe_load(match.group(1) or "")
    except Exception:  # any malformed front matter (bad dates, deep nesting): ignore it
        meta = None
    title = meta.get("title") if isinstance(meta, dict) else None
    return (str(title) if isinstance(title, str | int | float) else None), text[match.end() :]


def _step(walk: _Walk, token: Token) -> None:
    kind = token.type
    if kind in ("bullet_list_open", "ordered_list_open"):
        if not walk.lists:
            walk.blocks.append([])
        start = token.attrs.get("start", 1) if kind == "ordered_list_open" else None
        walk.lists.append(["-" if start is None else token.markup, start])
    elif kind in ("bullet_list_close", "ordered_list_close"):
        walk.lists.pop()
    elif kind == "list_item_open":
        walk.item_open = True
    elif kind == "table_open":
        walk.rows = []
    elif kind == "tr_open" and walk.rows is not None:
        walk.rows.append([])
    elif kind == "table_close" and walk.rows is not None:
        _add_table(walk, walk.rows)
        walk.rows = None
    elif kind == "inline":
        _add_text(walk, _inline_text(token))
    elif kind in ("fence", "code_block"):
        _add_text(walk, token.content)
    elif kind == "html_block":
        _add_text(walk, html.unescape(_TAG_RE.sub(" ", _BREAK_TAG_RE.sub("\n", token.content))))


def _add_text(walk: _Walk, text: str) -> None:
    """Text of a heading, paragraph, cell, code or HTML block, placed where the walk is."""
    if walk.rows is not None:
        if walk.rows:
            walk.rows[-1].append(text)
    elif walk.lists:
        _add_to_list(walk, text)
    elif _CAPTION_RE.match(text) and len(walk.blocks) - 1 in walk.tables:
        walk.blocks[-1].insert(0, text)  # a pandoc caption after its table
        walk.tables.discard(len(walk.blocks) - 1)
    else:
        walk.blocks.append(text.splitlines())


def _add_to_list(walk: _Walk, text: str) -> None:
    block = walk.blocks[-1]
    if not walk.item_open and block:
        block[-1] += " " + text.replace("\n", " ")  # the item's second paragraph
        return
    marker, number = walk.lists[-1]
    if number is None:
        prefix = "- "
    else:
        prefix = f"{number}{marker} "
        walk.lists[-1][1] = number + 1
    block.append(prefix + text.replace("\n", " ").strip())
    walk.item_open = False


def _add_table(walk: _Walk, rows: list[list[str]]) -> None:
    caption = None
    if walk.blocks and len(walk.blocks[-1]) == 1 and _CAPTION_RE.match(walk.blocks[-1][0]):
        caption = walk.blocks.pop()[0]
    block = table_block(rows, caption)
    if block:
        walk.blocks.append(block)
        if caption is None:
            walk.tables.add(len(walk.blocks) - 1)


def _inline_text(token: Token) -> str:
    """The plain text of an inline token: emphasis, links and code marks gone, no images."""
    parts: list[str] = []
    for child in token.children or []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type == "softbreak":
            parts.append(" ")
        elif child.type == "hardbreak" or (
            child.type == "html_inline" and _BREAK_TAG_RE.fullmatch(child.content.strip())
        ):
            parts.append("\n")
    return "".join(parts)
