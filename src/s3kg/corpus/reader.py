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
import re
import unicodedata
from dataclasses import dataclass, field, replace
from pathlib import Path

from s3kg.corpus.references import Reference, normalise_doi, parse_references
from s3kg.corpus.spans import Block, TextSpan, make_span
from s3kg.corpus.structures import (
    CAPTION_RE,
    Figure,
    FigureCell,
    ListItem,
    NumberedList,
    Table,
    TableRow,
    find_figures,
    find_keywords,
    find_lists,
    find_tables,
)
from s3kg.errors import InputError

__all__ = [
    "Block", "Document", "Figure", "FigureCell", "ListItem", "NumberedList", "Section",
    "Table", "TableRow", "TextSpan", "load_corpus", "load_document", "make_span", "slugify",
]  # fmt: skip

_KEY_RE = re.compile(r"^(\d{3})_")
_SENTENCE_END_RE = re.compile(r"[.!?][\"”’)*]*$")


@dataclass(frozen=True)
class Section:
    """Blocks ``heading_block`` to ``last_block`` inclusive, the heading among them."""

    heading: TextSpan
    slug: str
    heading_block: int
    last_block: int


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


def load_document(path: Path) -> Document:
    """Read and analyse one document; its key is the 3-digit prefix of the file name."""
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
        tables=find_tables(text, blocks),
        lists=find_lists(text, [b for b in blocks if b.number not in cited]),
        figures=find_figures(text, blocks),
        references=references,
        keywords=find_keywords(text, blocks),
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
        and CAPTION_RE.match(text) is None
        and CAPTION_RE.match(blocks[i - 1].text) is None
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
