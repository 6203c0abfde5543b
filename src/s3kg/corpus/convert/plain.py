"""Plain text (``.txt``): decoding with its checks, blocks and hard-wrapped paragraphs.

A ``.txt`` file must be UTF-8 (a BOM is allowed). Its blocks are the runs of lines between
empty lines. A file that was hard-wrapped (many lines end near one width of 50 to 100
characters) has its paragraphs joined again: a line break counts as a wrap when the line is
not longer than that width and the next line's first word would not have fitted on it (after
a hyphen the lines join with no space: wrapping tools break at hyphens, they do not add
them). Lines that start a list item (``-``, ``*``, ``•``, ``1.``, ``1)``) or are table rows
are never joined. A line with tabs between its words is a table row: its cells are joined by
`` | ``.
"""

from __future__ import annotations

import codecs
import re
from collections import Counter

from s3kg.corpus.convert.base import Block, Converted, fail, finish

__all__ = ["convert_txt", "decode_text", "looks_binary", "reject_binary", "text_blocks"]

_UTF16_32_BOMS = (
    codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE
)  # fmt: skip
_CONTROL_BYTES = frozenset(set(range(32)) - set(b"\t\n\r\f") | {127})
_BULLET_RE = re.compile(r"^\s*(?:[-*+•◦▪‣●○■–]|\d{1,3}[.)])\s+\S")
_LIST_MARK_RE = re.compile(r"^\s*[*+•◦▪‣●○■–]\s+")
_TAB_ROW_RE = re.compile(r"\S\t+\S")
_WRAP_MIN, _WRAP_MAX = 50, 100


def looks_binary(data: bytes) -> str | None:
    """Why ``data`` is not text (NUL bytes, mostly control bytes), or None."""
    if b"\x00" in data:
        return "NUL bytes"
    controls = sum(1 for byte in data if byte in _CONTROL_BYTES)
    if controls > max(2, len(data) // 20):
        return "mostly control characters"
    return None


def reject_binary(data: bytes, name: str) -> None:
    """Refuse an empty file, UTF-16/32 text and binary data given a text suffix."""
    if not data.strip():
        raise fail(name, "empty file")
    if data.startswith(_UTF16_32_BOMS):
        raise fail(name, "UTF-16 or UTF-32 text; save it as UTF-8")
    reason = looks_binary(data)
    if reason is not None:
        raise fail(name, f"binary data, not text ({reason})")


def decode_text(data: bytes, name: str) -> str:
    """``data`` as UTF-8 text, or a one-line error saying what is wrong with it."""
    reject_binary(data, name)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        byte = data[err.start]
        raise fail(
            name, f"not UTF-8 text (byte 0x{byte:02x} at offset {err.start}); save it as UTF-8"
        ) from err
    if not text.strip():
        raise fail(name, "empty file")
    return text


def text_blocks(text: str) -> list[Block]:
    """The runs of non-empty lines of ``text``, hard-wrapped paragraphs joined."""
    lines = [_tab_row(line).rstrip() for line in text.splitlines()]
    width = _wrap_width(lines)
    blocks: list[list[list[str]]] = [[]]  # blocks of lines of parts (joined at the end)
    previous = ""
    for line in lines:
        if not line.strip():
            blocks.append([])
        elif previous and width and _wrapped(previous, line, width):
            compound = re.search(r"[^\W\d_]-$", previous) is not None  # wrapped after a hyphen
            blocks[-1][-1].append(("" if compound else " ") + line.strip())
        else:
            blocks[-1].append([_LIST_MARK_RE.sub("- ", line)])
        previous = line.strip()
    return [["".join(parts) for parts in block] for block in blocks if block]


def _tab_row(line: str) -> str:
    """A tab-separated row as `` | ``-joined cells; other lines as they are."""
    if not _TAB_ROW_RE.search(line):
        return line
    return " | ".join(cell.strip() for cell in re.split(r"\t+", line.strip()))


def _wrap_width(lines: list[str]) -> int | None:
    """The width the text was hard-wrapped at, or None if it was not.

    That is the longest line of the 12-character band of lengths (between 50 and 100) that
    holds the most lines, if it holds at least 3 lines and a fifth of them."""
    lengths = Counter(len(line) for line in lines if line.strip())
    near, top = max(
        (sum(lengths[n] for n in range(top - 12, top + 1)), top)
        for top in range(_WRAP_MIN, _WRAP_MAX + 1)
    )
    if near < 3 or near * 5 < lengths.total():
        return None
    return max(n for n in lengths if n <= top)


def _wrapped(previous: str, line: str, width: int) -> bool:
    """Was the break before ``line`` a wrap (its first word did not fit on ``previous``)?"""
    if len(previous) > width or _BULLET_RE.match(line) or " | " in line or " | " in previous:
        return False
    first_word = line.split()[0]
    return len(previous) + 1 + len(first_word) > width - 4


def convert_txt(data: bytes, name: str) -> Converted:
    return finish(text_blocks(decode_text(data, name)), "text/plain", name)
