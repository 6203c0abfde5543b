"""Locator strings: how curated data files point at places in the source documents.

Grammar (numbers are 1-based; ``DOC`` is a document key such as ``004``)::

    locator  := DOC ":" target [ " " quote ]
    target   := "p" N                       block N
              | "p" N "-p" M                blocks N to M inclusive
              | "table-" N [ "/row-" R [ "/item-" I ] ]
              | "list-" N [ "/item-" I ]
              | "figure-" N [ "/cell-" R "-" C ]
              | "ref-" N                    the N-th reference entry, in order of appearance
              | "page-" N                   page N of a document converted from PDF
              | "keywords" | "title"
    quote    := '"' text '"' [ "#" K ]      write \\" for a quote and \\\\ for a backslash

Table row 1 is the first data row after the header. Figure cells count rows over all the
figure's grids, so the second 3x3 grid of a figure starts at row 4. A quote narrows the
span to that exact, case-sensitive substring of the located text; it must occur once, or
``#K`` picks the K-th occurrence.

Examples: ``004:p52``, ``004:p52-p54``, ``004:table-2/row-3/item-2``, ``004:list-2/item-5``,
``004:figure-2/cell-2-1``, ``004:ref-17``, ``004:p52 "380 clusters"``, ``004:p1 "the"#2``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from s3kg.corpus.reader import Document, Figure, Table, TextSpan
from s3kg.errors import InputError

_N = r"([1-9][0-9]{0,5})"
_TARGETS: dict[str, re.Pattern[str]] = {
    "block": re.compile(rf"p{_N}(?:-p{_N})?"),
    "table": re.compile(rf"table-{_N}(?:/row-{_N}(?:/item-{_N})?)?"),
    "list": re.compile(rf"list-{_N}(?:/item-{_N})?"),
    "figure": re.compile(rf"figure-{_N}(?:/cell-{_N}-{_N})?"),
    "ref": re.compile(rf"ref-{_N}"),
    "page": re.compile(rf"page-{_N}"),
    "keywords": re.compile("keywords"),
    "title": re.compile("title"),
}
_LOCATOR_RE = re.compile(r'(?P<doc>[0-9A-Za-z_]+):(?P<target>[^\s"]+)(?:\s+(?P<quote>".*))?')
_QUOTE_RE = re.compile(r'"(?P<text>(?:[^"\\]|\\.)*)"(?:#(?P<nth>[1-9][0-9]{0,5}))?')


# A quote is written on one line: line breaks and tabs travel as \n and \t.
_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r"})
_UNESCAPES = {"n": "\n", "t": "\t", "r": "\r"}


class LocatorError(InputError):
    """A locator that cannot be parsed or does not resolve; the message says which and why."""


@dataclass(frozen=True)
class Locator:
    doc: str
    kind: str
    numbers: tuple[int, ...]
    quote: str | None = None
    occurrence: int | None = None

    def __str__(self) -> str:
        text = f"{self.doc}:{_render_target(self.kind, self.numbers)}"
        if self.quote is not None:
            escaped = self.quote.translate(_ESCAPES)
            text += f' "{escaped}"' + (f"#{self.occurrence}" if self.occurrence else "")
        return text


@dataclass(frozen=True)
class ResolvedLocator:
    locator: Locator
    doc: str
    span: TextSpan
    label: str
    blocks: tuple[int, ...]


def _render_target(kind: str, numbers: tuple[int, ...]) -> str:
    if kind == "block":
        return "-".join(f"p{n}" for n in numbers)
    if kind in ("keywords", "title"):
        return kind
    parts = {
        "table": ("table-{}", "row-{}", "item-{}"),
        "list": ("list-{}", "item-{}"),
        "ref": ("ref-{}",),
        "page": ("page-{}",),
    }
    if kind == "figure":
        return f"figure-{numbers[0]}" + (f"/cell-{numbers[1]}-{numbers[2]}" if numbers[1:] else "")
    return "/".join(fmt.format(n) for fmt, n in zip(parts[kind], numbers, strict=False))


def parse_locator(text: str) -> Locator:
    """Parse ``text``; raise :class:`LocatorError` naming what is wrong."""
    match = _LOCATOR_RE.fullmatch(text.strip())
    if match is None:
        raise LocatorError(
            f"locator {text!r}: expected DOC:TARGET, optionally followed by a quoted span,"
            ' as in 004:p52 or 004:p52 "380 clusters"'
        )
    kind, numbers = _parse_target(text, match["target"])
    if kind == "block" and len(numbers) == 2 and numbers[1] < numbers[0]:
        raise LocatorError(f"locator {text!r}: block range p{numbers[0]}-p{numbers[1]} is reversed")
    quote, occurrence = _parse_quote(text, match["quote"])
    return Locator(match["doc"], kind, numbers, quote, occurrence)


def _parse_target(text: str, target: str) -> tuple[str, tuple[int, ...]]:
    for kind, pattern in _TARGETS.items():
        found = pattern.fullmatch(target)
        if found:
            return kind, tuple(int(g) for g in found.groups() if g is not None)
    raise LocatorError(
        f"locator {text!r}: unknown target {target!r}; expected pN, pN-pM, table-N/row-R,"
        " table-N/row-R/item-I, list-N/item-I, figure-N/cell-R-C, ref-N, page-N, keywords or title"
        " (numbers start at 1)"
    )


def _parse_quote(text: str, raw: str | None) -> tuple[str | None, int | None]:
    if raw is None:
        return None, None
    match = _QUOTE_RE.fullmatch(raw.rstrip())
    if match is None:
        raise LocatorError(
            f'locator {text!r}: the quote must be "text" or "text"#K, with \\" for a quote'
            " inside and nothing after it"
        )
    quote = re.sub(r"\\(.)", lambda m: _UNESCAPES.get(m[1], m[1]), match["text"])
    if not quote:
        raise LocatorError(f"locator {text!r}: the quoted span is empty")
    return quote, int(match["nth"]) if match["nth"] else None


def resolve(locator: Locator | str, corpus: Mapping[str, Document]) -> ResolvedLocator:
    """The span a locator designates, with a human label and the blocks it covers."""
    loc = parse_locator(locator) if isinstance(locator, str) else locator
    doc = corpus.get(loc.doc)
    if doc is None:
        known = ", ".join(sorted(corpus)) or "none"
        raise LocatorError(f"locator {str(loc)!r}: unknown document {loc.doc!r} (known: {known})")
    span, label = _locate(loc, doc)
    if loc.quote is not None:
        span = _narrow(loc, span)
        label += f", “{loc.quote}”"
    blocks = tuple(
        b.number for b in doc.blocks if b.span.start < span.end and span.start < b.span.end
    )
    return ResolvedLocator(loc, doc.key, span, f"{doc.key}, {label}", blocks or _nearest(doc, span))


def _nearest(doc: Document, span: TextSpan) -> tuple[int, ...]:
    """An empty span still sits in some block."""
    inside = [b.number for b in doc.blocks if b.span.start <= span.start <= b.span.end]
    return tuple(inside[:1])


def _fail(loc: Locator, problem: str) -> LocatorError:
    return LocatorError(f"locator {str(loc)!r}: {problem}")


def _pick(loc: Locator, what: str, number: int, count: int, owner: str) -> int:
    """Check a 1-based ``number`` against ``count`` things; the error names the valid range."""
    if number > count:
        valid = f"it has {what}s 1-{count}" if count else f"it has no {what}s"
        raise _fail(loc, f"no {what} {number} in {owner} ({valid})")
    return number - 1


def _span_between(doc: Document, first: TextSpan, last: TextSpan) -> TextSpan:
    return TextSpan(first.start, last.end, doc.text[first.start : last.end])


def _locate(loc: Locator, doc: Document) -> tuple[TextSpan, str]:
    n = loc.numbers
    owner = f"document {doc.key}"
    if loc.kind == "block":
        first = doc.blocks[_pick(loc, "block", n[0], len(doc.blocks), owner)].span
        last = doc.blocks[_pick(loc, "block", n[-1], len(doc.blocks), owner)].span
        label = f"paragraph {n[0]}" if len(n) == 1 else f"paragraphs {n[0]}-{n[1]}"
        return _span_between(doc, first, last), label
    if loc.kind == "table":
        return _locate_table(
            loc, doc, doc.tables[_pick(loc, "table", n[0], len(doc.tables), owner)]
        )
    if loc.kind == "list":
        items = doc.lists[_pick(loc, "list", n[0], len(doc.lists), owner)].items
        if len(n) == 1:
            return _span_between(doc, items[0].span, items[-1].span), f"list {n[0]}"
        item = items[_pick(loc, "item", n[1], len(items), f"list {n[0]}")]
        return item.span, f"list {n[0]}, item {n[1]}"
    if loc.kind == "figure":
        return _locate_figure(
            loc, doc, doc.figures[_pick(loc, "figure", n[0], len(doc.figures), owner)]
        )
    if loc.kind == "ref":
        ref = doc.references[_pick(loc, "reference", n[0], len(doc.references), owner)]
        return ref.span, f"reference {n[0]}"
    if loc.kind == "page":
        start, end = doc.pages[_pick(loc, "page", n[0], len(doc.pages), owner)]
        return TextSpan(start, end, doc.text[start:end]), f"page {n[0]}"
    if loc.kind == "keywords":
        if not doc.keywords:
            raise _fail(loc, f"document {doc.key} has no keywords")
        return _span_between(doc, doc.keywords[0], doc.keywords[-1]), "keywords"
    return doc.title, "title"


def _locate_table(loc: Locator, doc: Document, table: Table) -> tuple[TextSpan, str]:
    n = loc.numbers
    label = f"Table {table.index}"
    if len(n) == 1:
        last = table.rows[-1].cell if table.rows else table.title
        return _span_between(doc, table.title, last), label
    row = table.rows[_pick(loc, "row", n[1], len(table.rows), f"table {n[0]}")]
    label += f", row {n[1]} ({row.label.text})"
    if len(n) == 2:
        return _span_between(doc, row.label, row.cell), label
    item = row.items[_pick(loc, "item", n[2], len(row.items), f"table {n[0]} row {n[1]}")]
    return item, f"{label}, item {n[2]}"


def _locate_figure(loc: Locator, doc: Document, figure: Figure) -> tuple[TextSpan, str]:
    n = loc.numbers
    label = f"Figure {figure.index}"
    if len(n) == 1:
        return figure.title, label
    spans = [c.span for c in figure.cells if (c.row, c.col) == n[1:]]
    if n[1:] in figure.labels:
        spans.insert(0, figure.labels[(n[1], n[2])])
    if not spans:
        rows = max((c.row for c in figure.cells), default=0)
        cols = max((c.col for c in figure.cells), default=0)
        grid = f"its grid has rows 1-{rows} and columns 1-{cols}" if rows else "it has no grid"
        raise _fail(loc, f"no cell {n[1]}-{n[2]} in figure {n[0]} ({grid})")
    return _span_between(doc, spans[0], spans[-1]), f"{label}, cell {n[1]}-{n[2]}"


def _narrow(loc: Locator, span: TextSpan) -> TextSpan:
    assert loc.quote is not None
    # Overlapping matches count, so "exactly once" means what it says.
    starts = [m.start() for m in re.finditer(f"(?={re.escape(loc.quote)})", span.text)]
    # The opening words tell the editor whether the locator points where they meant.
    opening = span.text[:40] + ("…" if len(span.text) > 40 else "")
    where = f"the located text ({len(span.text)} characters, starting {opening!r})"
    if not starts:
        raise _fail(loc, f"quote {loc.quote!r} not found in {where}; it is case-sensitive")
    if loc.occurrence is None and len(starts) > 1:
        raise _fail(
            loc, f"quote {loc.quote!r} occurs {len(starts)} times in {where}; add #1-#{len(starts)}"
        )
    nth = loc.occurrence or 1
    if nth > len(starts):
        raise _fail(loc, f"quote {loc.quote!r} occurs only {len(starts)} time(s), not #{nth}")
    start = span.start + starts[nth - 1]
    return TextSpan(start, start + len(loc.quote), loc.quote)
