"""Read the source documents into located structures, with no RDF involved.

Every located thing is a :class:`TextSpan` whose offsets index ``Document.text`` exactly, so
the build can cite it with a W3C Web Annotation ``TextPositionSelector``.

Heuristics (the corpus is plain text exported from PDFs and web pages):

* A *block* is every non-empty line; blocks are the paragraph unit, numbered ``p1``, ``p2``...
* A *heading* is a block that is short (<= 12 words, <= 80 characters), starts with a capital,
  has no punctuation at all (this rules out author, e-mail, affiliation and ``Source:``
  lines), is not a tab row, list item, caption or caption title, is not the title, and is
  followed by body text: a block of >= 20 words ending a sentence.
* *Tables*, *figures* and *numbered lists* follow the layouts described on their parsers.
* *Keywords* come from a ``Keywords:``/``Key words:`` block; failing that, from a block in the
  second half of the document made of >= 3 ``;``-separated phrases of <= 6 words each with
  no sentence punctuation (an unlabelled keyword line).
* The document's own *DOI* is the first DOI outside its reference list (in 004 the
  ``Cite as:`` block), so the DOIs of cited works never count.
"""

from __future__ import annotations

import hashlib
import itertools
import re
import unicodedata
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from s3kg.config import Settings
from s3kg.errors import InputError

if TYPE_CHECKING:
    from s3kg.references import Reference

_KEY_RE = re.compile(r"^(\d{3})_")
_CAPTION_RE = re.compile(r"^(Table|Figure) (\d+)$")
_ITEM_RE = re.compile(r"^(\d{1,3})\.\s+(?=\S)")
_KEYWORDS_RE = re.compile(r"^\**(?:key ?words)\**:\**", re.IGNORECASE)
_SENTENCE_END_RE = re.compile(r"[.!?][\"”’)*]*$")
_HEAD_END_RE = re.compile(r"[.!?](?=\s+[A-Z]|\s*$)")
_LABEL_RE = re.compile(r"^[A-Z][A-Z-]+(?: [A-Z][A-Z-]+)+(?=\s|$)")


@dataclass(frozen=True)
class TextSpan:
    """Characters ``start:end`` of a document's text; ``text`` is that exact slice."""

    start: int
    end: int
    text: str


def make_span(text: str, start: int, end: int, chars: str = "") -> TextSpan:
    """Trim whitespace and ``chars`` from both ends of ``text[start:end]``, keeping offsets."""
    while start < end and (text[start].isspace() or text[start] in chars):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in chars):
        # "etc." keeps its dot: dropping it would leave a truncated abbreviation.
        if text[end - 1] == "." and text[end - 4 : end - 1] == "etc":
            break
        end -= 1
    return TextSpan(start, end, text[start:end])


@dataclass(frozen=True)
class Block:
    """A non-empty line: the paragraph unit that locators call ``pN``."""

    number: int
    line: int
    span: TextSpan
    section: str | None = None

    @property
    def text(self) -> str:
        return self.span.text

    @property
    def is_continuation(self) -> bool:
        """Starts lowercase: the rest of the previous block, split by a page break."""
        return self.text[:1].islower()


@dataclass(frozen=True)
class Section:
    """Blocks ``heading_block`` to ``last_block`` inclusive, the heading among them."""

    heading: TextSpan
    slug: str
    heading_block: int
    last_block: int


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


@dataclass(frozen=True)
class Document:
    key: str
    path: Path
    sha256: str
    text: str
    title: TextSpan
    blocks: list[Block]
    sections: list[Section] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    lists: list[NumberedList] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    references: list[Reference] = field(default_factory=list)
    keywords: list[TextSpan] = field(default_factory=list)
    doi: str | None = None

    def block(self, number: int) -> Block:
        """Block ``p<number>`` (1-based); IndexError when out of range."""
        if not 1 <= number <= len(self.blocks):
            raise IndexError(number)
        return self.blocks[number - 1]


def load_corpus(corpus_dir: Path | None = None) -> list[Document]:
    """Every ``*.txt`` document of ``corpus_dir`` (default: the settings), sorted by key."""
    directory = corpus_dir if corpus_dir is not None else Settings().corpus_dir
    if not directory.is_dir():
        raise InputError(f"corpus directory {directory} does not exist (set S3KG_CORPUS)")
    paths = sorted(directory.glob("*.txt"))
    if not paths:
        raise InputError(f"corpus directory {directory} holds no *.txt document")
    documents = sorted((load_document(p) for p in paths), key=lambda d: d.key)
    keys = [d.key for d in documents]
    if len(set(keys)) != len(keys):
        raise InputError(f"corpus directory {directory} has two documents with the same key")
    return documents


def load_document(path: Path) -> Document:
    """Read and analyse one document; its key is the 3-digit prefix of the file name."""
    # Deferred: references.py builds on the span and block types defined here.
    from s3kg.references import normalise_doi, parse_references

    match = _KEY_RE.match(path.name)
    if match is None:
        raise InputError(f"{path}: file name must start with a 3-digit key, as in 004_x.txt")
    try:
        data = path.read_bytes()
        text = data.decode("utf-8-sig")
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror}") from exc
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 (bad byte at offset {exc.start})") from exc
    raw = _split_blocks(text)
    if not raw:
        raise InputError(f"{path}: document has no text")
    sections = _find_sections(raw)
    blocks = _assign_sections(raw, sections)
    references = parse_references(text, blocks)
    cited = {n for r in references for n in r.blocks}
    doi_match = next((m for b in blocks if b.number not in cited for m in _dois(b.text)), None)
    return Document(
        key=match.group(1),
        path=path,
        sha256=hashlib.sha256(data).hexdigest(),
        text=text,
        title=blocks[0].span,
        blocks=blocks,
        sections=sections,
        tables=_find_tables(text, blocks),
        lists=_find_lists(text, [b for b in blocks if b.number not in cited]),
        figures=_find_figures(text, blocks),
        references=references,
        keywords=_find_keywords(text, blocks),
        doi=normalise_doi(doi_match) if doi_match else None,
    )


def _dois(text: str) -> list[str]:
    return re.findall(r"\b10\.\d{4,9}/[^\s<>\"]+", text)


def _split_blocks(text: str) -> list[Block]:
    blocks: list[Block] = []
    start = 0
    for line_no, line in enumerate(text.split("\n"), start=1):
        span = make_span(text, start, start + len(line))
        if span.text:
            blocks.append(Block(len(blocks) + 1, line_no, span))
        start += len(line) + 1
    return blocks


def slugify(text: str) -> str:
    """Lowercase ASCII words joined by hyphens."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")


def _is_body(block: Block) -> bool:
    return len(block.text.split()) >= 20 and _SENTENCE_END_RE.search(block.text) is not None


def _is_heading(blocks: list[Block], i: int) -> bool:
    text = blocks[i].text
    return (
        0 < i < len(blocks) - 1
        and len(text) <= 80
        and len(text.split()) <= 12
        and text[0].isupper()
        and not re.search(r"[.,;:?!\t]", text)
        and _CAPTION_RE.match(text) is None
        and _CAPTION_RE.match(blocks[i - 1].text) is None
        and _is_body(blocks[i + 1])
    )


def _find_sections(blocks: list[Block]) -> list[Section]:
    starts = [i for i in range(len(blocks)) if _is_heading(blocks, i)]
    sections: list[Section] = []
    seen: set[str] = set()
    for n, i in enumerate(starts):
        slug = base = slugify(blocks[i].text)
        suffix = 2
        while slug in seen:
            slug, suffix = f"{base}-{suffix}", suffix + 1
        seen.add(slug)
        last = starts[n + 1] if n + 1 < len(starts) else len(blocks)
        sections.append(Section(blocks[i].span, slug, i + 1, last))
    return sections


def _assign_sections(blocks: list[Block], sections: list[Section]) -> list[Block]:
    owner: dict[int, str] = {}
    for s in sections:
        owner.update((n, s.slug) for n in range(s.heading_block, s.last_block + 1))
    return [replace(b, section=owner.get(b.number)) for b in blocks]


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
    match = _CAPTION_RE.match(blocks[i].text)
    if match is None or match.group(1) != kind or i + 1 >= len(blocks):
        return None
    return int(match.group(2))


def _note(blocks: list[Block], i: int) -> TextSpan | None:
    if i < len(blocks) and re.match(r"(Source|Note)s?:", blocks[i].text):
        return blocks[i].span
    return None


def _find_tables(text: str, blocks: list[Block]) -> list[Table]:
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


def _find_lists(text: str, blocks: list[Block]) -> list[NumberedList]:
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


def _find_figures(text: str, blocks: list[Block]) -> list[Figure]:
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


def _find_keywords(text: str, blocks: list[Block]) -> list[TextSpan]:
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
