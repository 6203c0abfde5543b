"""Read the source documents into located structures, with no RDF involved.

Every located thing is a :class:`TextSpan` whose offsets index ``Document.text`` exactly, so
the build can cite it with a W3C Web Annotation ``TextPositionSelector``.

Heuristics (the corpus is plain text exported from PDFs, web pages and office documents):

* A *block* is every non-empty line; blocks are the paragraph unit, numbered ``p1``, ``p2``...
  The first block is the title.
* *Headings* and the *sections* they open: :mod:`s3kg.corpus.headings`.
* *Tables* (``Table N`` + tab rows, or ``|`` rows), *figures* and *lists* (numbered and
  bulleted): :mod:`s3kg.corpus.structures`, :mod:`s3kg.corpus.tables`,
  :mod:`s3kg.corpus.lists`. List items never cross a heading or a ``|`` table row.
* *Keywords* come from a ``Keywords:``/``Key words:``/``Index terms:`` block; failing that,
  from a block in the second half of the document made of >= 3 ``;``-separated phrases of
  <= 6 words each with no sentence punctuation (an unlabelled keyword line).
* *References* and notes: :mod:`s3kg.corpus.references`; *authors*, *year* and *abstract*:
  :mod:`s3kg.corpus.frontmatter`.
* The document's own *DOI* is the first DOI outside its reference list (in 004 the
  ``Cite as:`` block), so the DOIs of cited works never count.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from s3kg.corpus.frontmatter import read_front_matter
from s3kg.corpus.headings import Section, find_sections, slugify
from s3kg.corpus.lists import find_lists
from s3kg.corpus.references import Reference, normalise_doi, parse_references
from s3kg.corpus.spans import Block, TextSpan, make_span
from s3kg.corpus.structures import (
    Figure,
    FigureCell,
    ListItem,
    NumberedList,
    Table,
    TableRow,
    find_figures,
    find_keywords,
    find_tables,
)
from s3kg.corpus.tables import find_pipe_tables, is_pipe_row, merge_tables
from s3kg.errors import InputError

__all__ = [
    "Block", "Document", "Figure", "FigureCell", "ListItem", "NumberedList", "Section",
    "Table", "TableRow", "TextSpan", "load_corpus", "load_document", "make_span", "slugify",
]  # fmt: skip

KEY_RE = re.compile(r"^(\d{3,})_")


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
    authors: list[TextSpan] = field(default_factory=list)
    year: int | None = None
    abstract: TextSpan | None = None
    # (start, end) offsets of each page of a document converted from PDF, page 1 first
    pages: tuple[tuple[int, int], ...] = ()

    def block(self, number: int) -> Block:
        """Block ``p<number>`` (1-based); IndexError when out of range."""
        if not 1 <= number <= len(self.blocks):
            raise IndexError(number)
        return self.blocks[number - 1]


def load_corpus(directory: Path) -> list[Document]:
    """Every ``*.txt`` document of ``directory``, sorted by key."""
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


def load_document(path: Path, key: str | None = None) -> Document:
    """Read and analyse one document; its key is ``key``, else the digits that start the file
    name (``004_x.txt``)."""
    if key is None:
        match = KEY_RE.match(path.name)
        if match is None:
            raise InputError(f"{path}: file name must start with a 3-digit key, as in 004_x.txt")
        key = match.group(1)
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
    return _analyse(key, path, hashlib.sha256(data).hexdigest(), text, raw)


def _analyse(key: str, path: Path, sha256: str, text: str, raw: list[Block]) -> Document:
    """Find the structures of a document's blocks (``raw``: at least one)."""
    sections = find_sections(raw)
    blocks = _assign_sections(raw, sections)
    references = parse_references(text, blocks)
    cited = {n for r in references for n in r.blocks}
    closers = {b.number for b in blocks if is_pipe_row(b)}
    closers.update(s.heading_block for s in sections)
    front = read_front_matter(text, blocks, sections, cited)
    doi_match = next((m for b in blocks if b.number not in cited for m in _dois(b.text)), None)
    return Document(
        key=key,
        path=path,
        sha256=sha256,
        text=text,
        title=blocks[0].span,
        blocks=blocks,
        sections=sections,
        tables=merge_tables(find_tables(text, blocks), find_pipe_tables(text, blocks)),
        lists=find_lists(text, [b for b in blocks if b.number not in cited], closers),
        figures=find_figures(text, blocks),
        references=references,
        keywords=find_keywords(text, blocks),
        doi=normalise_doi(doi_match) if doi_match else None,
        authors=front.authors,
        year=front.year,
        abstract=front.abstract,
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


def _assign_sections(blocks: list[Block], sections: list[Section]) -> list[Block]:
    owner: dict[int, str] = {}
    for s in sections:
        owner.update((n, s.slug) for n in range(s.heading_block, s.last_block + 1))
    return [replace(b, section=owner.get(b.number)) for b in blocks]
