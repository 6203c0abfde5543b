"""Bulleted and numbered lists, found in a document's blocks.

A list is a run of >= 2 item blocks with the same kind of marker, in sequence:

* numbered: ``1.``, ``1)``, ``(1)``; lettered ``a)``, ``(a)``, ``(A)``; roman ``(i)``, ``(I)``;
  the first item is number 1 (or a, i) and each next item the next number;
* bulleted: ``- ``, ``• ``, ``* ``, ``◦ ``, ``▪ ``, ``● ``, all the same character.

Between two items, a block continues the item before it when it starts in lowercase (a page
break split the item), when it is a deeper item (``(i)`` under ``(A)``, or a marker indented
further than the item), or, in a bulleted list, when it is a parenthesised note such as
``(Source: ...)``. Any other block ends the list, and so do the blocks in ``closers``
(headings, table rows). An item's ``number`` is its number in the list (1, 2, ...).
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, field

from s3kg.corpus.spans import Block, make_span
from s3kg.corpus.structures import ListItem, NumberedList

_HEAD_END_RE = re.compile(r"[.!?](?=\s+[A-Z]|\s*$)")
_MARKER_RE = re.compile(
    r"^(?:(?P<bullet>[-•*◦▪●])|(?P<dot>\d{1,3})\.|(?P<close>\d{1,3})\)|\((?P<paren>\d{1,3})\)"
    r"|(?P<lclose>[a-z])\)|\((?P<lparen>[a-z]{1,4})\)|\((?P<uparen>[A-Z]{1,4})\))\s+(?=\S)"
)
_NOTE_RE = re.compile(r"^\((?!\w{1,4}\)\s).*\)$")  # "(Source: ...)", not "(a) ..."
_ROMAN_NUMERALS = "i ii iii iv v vi vii viii ix x xi xii xiii xiv xv xvi xvii xviii xix xx"
_ROMAN = {numeral: n for n, numeral in enumerate(_ROMAN_NUMERALS.split(" "), 1)}
# Depth of the parenthesised styles in legal texts: (a) > (1) > (A) > (i) > (I).
_DEPTH = {"lparen": 0, "paren": 1, "uparen": 2, "roman-lparen": 3, "Roman-uparen": 4}


@dataclass(frozen=True)
class _Marker:
    readings: tuple[tuple[str, int], ...]  # (style, number): ``(i)`` is letter 9 or roman 1
    end: int
    text: str


@dataclass
class _Run:
    style: str
    indent: int
    items: list[list[Block]] = field(default_factory=list)
    markers: list[_Marker] = field(default_factory=list)


def _marker(block: Block) -> _Marker | None:
    match = _MARKER_RE.match(block.text)
    if match is None:
        return None
    style = next(name for name, value in match.groupdict().items() if value is not None)
    raw = match.group(style)
    readings = _readings(style, raw)
    return _Marker(readings, match.end(), match.group(0).strip()) if readings else None


def _readings(style: str, raw: str) -> tuple[tuple[str, int], ...]:
    if style == "bullet":
        return ((f"bullet{raw}", 0),)
    if raw.isdigit():
        return ((style, int(raw)),)
    readings = [(style, ord(raw.lower()) - 96)] if len(raw) == 1 else []
    if raw.lower() in _ROMAN:
        roman = "roman" if raw.islower() else "Roman"
        readings.append((f"{roman}-{style}", _ROMAN[raw.lower()]))
    return tuple(readings)


def _indent(text: str, block: Block) -> int:
    return block.span.start - (text.rfind("\n", 0, block.span.start) + 1)


def _next_item(run: _Run, marker: _Marker) -> bool:
    if run.style.startswith("bullet"):
        return (run.style, 0) in marker.readings
    return (run.style, len(run.items) + 1) in marker.readings


def _continues(text: str, run: _Run, block: Block, marker: _Marker | None) -> bool:
    if block.number != run.items[-1][-1].number + 1:
        return False
    if block.is_continuation:
        return True
    if marker is None:
        return run.style.startswith("bullet") and _NOTE_RE.match(block.text) is not None
    deeper = run.style in _DEPTH and any(
        _DEPTH.get(style, -1) > _DEPTH[run.style] for style, _ in marker.readings
    )
    return deeper or _indent(text, block) > run.indent


def _start(text: str, block: Block, marker: _Marker | None) -> _Run | None:
    if marker is None:
        return None
    first = [s for s, n in marker.readings if n == int(not s.startswith("bullet"))]
    if not first:
        return None
    return _Run(first[0], _indent(text, block), [[block]], [marker])


def find_lists(text: str, blocks: list[Block], closers: Collection[int] = ()) -> list[NumberedList]:
    """Lists in order of appearance, numbered from 1; ``closers`` are blocks no list crosses."""
    runs: list[_Run] = []
    current: _Run | None = None
    for block in blocks:
        marker = None if block.number in closers else _marker(block)
        if current and marker and _next_item(current, marker):
            current.items.append([block])
            current.markers.append(marker)
        elif current and block.number not in closers and _continues(text, current, block, marker):
            current.items[-1].append(block)
        else:
            runs.extend([current] if current else [])
            current = _start(text, block, marker)
    runs.extend([current] if current else [])
    found = [_trimmed(run) for run in runs if len(run.items) >= 2]
    return [_list(text, n, run) for n, run in enumerate(found, 1)]


def _trimmed(run: _Run) -> _Run:
    """Without the ``(Source: ...)`` notes after the last item: they follow the list."""
    last = run.items[-1]
    while run.style.startswith("bullet") and len(last) > 1 and _NOTE_RE.match(last[-1].text):
        last.pop()
    return run


def _list(text: str, index: int, run: _Run) -> NumberedList:
    kind = "bulleted" if run.style.startswith("bullet") else "numbered"
    items = [
        _list_item(text, number, parts, marker)
        for number, (parts, marker) in enumerate(zip(run.items, run.markers, strict=True), 1)
    ]
    return NumberedList(index, items, kind)


def _list_item(text: str, number: int, parts: list[Block], marker: _Marker) -> ListItem:
    span = make_span(text, parts[0].span.start + marker.end, parts[-1].span.end)
    end_match = _HEAD_END_RE.search(span.text)
    head_end = span.start + end_match.start() if end_match else span.end
    head = make_span(text, span.start, head_end, ".")
    return ListItem(number, span, head, tuple(b.number for b in parts), marker.text)
