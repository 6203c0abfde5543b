"""Reference lists: find them and parse their entries into fields.

Finding the list: the entries right after every reference-list heading (``References``,
``Bibliography``, ``Literature``, ``Sources``, ``Notes``, ``Works cited``...; see
:data:`s3kg.corpus.headings.REFERENCE_HEADING_RE`), each marked ``- ``/``• ``/``* ``, ``N.``,
``N)`` or ``[N]``; when the first block after the heading has no marker, the blocks of that
section that carry a year, a URL or a DOI. Without such a heading, the last run of >= 3
numbered blocks (``N.`` or ``N.Text``) most of which carry a year. Numbering is not checked,
because printed numbers repeat or skip; ``position`` is the order of appearance and ``label``
the printed one.

Each entry has a ``kind`` (:func:`s3kg.corpus.refstyles.entry_kind`): a cited ``work``, a
``note`` (a footnote in prose or ``Op. cit.``: no fields, no cited work) or a ``link`` (only a
URL: ``url`` and no title). A work is read, in this order: with a quoted title
(``Author, "Title", Venue, Date``); in APA (``Authors (Year). Title. *Journal*, 1(2), 3-4.``,
chapters as ``Title. In Eds (Eds.), *Book* (pp. 1-2). Publisher.``, books as ``*Title*.
Publisher.``), recognised by a parenthesised year; in Vancouver, author-year or web/news
style (:func:`s3kg.corpus.refstyles.parse_styled`); anything else as the Russian/GOST-like
``Authors. Title. Venue, Year, vol.N, no.N, pp.N-N`` (a book: ``City, Publisher, Year, N p.``).

Merging entries into works across documents is in :mod:`s3kg.corpus.citations`.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from urllib.parse import unquote

from s3kg.corpus.headings import REFERENCE_HEADING_RE
from s3kg.corpus.refbase import INITIALS, UPPER, YEAR, Fields, clean
from s3kg.corpus.refstyles import entry_kind, parse_quoted, parse_styled, strip_intro
from s3kg.corpus.spans import Block, TextSpan, make_span

_AUTHOR = rf"[{UPPER}][\w'’-]+(?: [{UPPER}][\w'’-]+)?,?\s{INITIALS}"
_AUTHOR_RE = re.compile(_AUTHOR)
_AUTHORS_PREFIX_RE = re.compile(rf"^{_AUTHOR}(?:,\s*{_AUTHOR})*\.?\s*")
_NUMBERED_RE = re.compile(r"^(\d{1,3})\.(?!\d)\s*(?=\S)")
_ENTRY_RE = re.compile(r"^(?:[-•*]\s+|(\d{1,3})\.(?!\d)\s*|\[(\d{1,4})\]\s*|(\d{1,3})\)\s+)(?=\S)")
_YEAR = YEAR
_APA_YEAR_RE = re.compile(rf"^(.*?)[\s,]*\(({_YEAR})[a-z]?\)\.?\s*")
_URL_RE = re.compile(r"<(https?://[^>\s]+)>|(https?://\S+)\s*$")
_DOI_RE = re.compile(r"(?:doi\.org/|\bdoi:?\s*)(10\.\d{4,9}(?:/|%2F)[^\s>]+)", re.IGNORECASE)
_CHAPTER_RE = re.compile(
    r"^(?P<title>.+?)(?:\.|(?<=\?))\s+In:?\s+(?:[^*]*?\(Eds?\.?\),?\s*)?\*(?P<container>[^*]+)\*"
    r"\s*(?:\(pp\.\s*(?P<pages>[^)]+)\))?\.?\s*(?P<publisher>.*)$"
)
_BOOK_RE = re.compile(r"^\*(?P<title>[^*]+)\*\.?\s*(?:\[[^\]]*\]\.?)?\s*(?P<publisher>.*)$")
_JOURNAL_RE = re.compile(r"^(?P<title>[^*]+?)[.\s]*\*(?P<container>[^*]+)\*[,.]?\s*(?P<tail>.*)$")
_VOLUME_RE = re.compile(r"^(\d+)\s*(?:\(([^)]+)\))?(?:,\s*(\d+\s*[–-]\s*\d+|\d+))?")
_SEGMENT_END_RE = re.compile(r"(?:(?<=[?!])|(?<!\bpp)(?<!\bp)(?<!\bvol)(?<!\bno)\.)\s+")
_VENUE_YEAR_RE = re.compile(rf",\s*({_YEAR})(?=[,.\s]|$)|\b\d\d\.\d\d\.({_YEAR})\b")


@dataclass(frozen=True)
class Reference:
    position: int
    span: TextSpan
    blocks: tuple[int, ...]
    label: str | None = None
    authors: list[str] = field(default_factory=list)
    year: int | None = None
    title: str = ""
    container: str | None = None
    publisher: str | None = None
    volume: str | None = None
    issue: str | None = None
    pages: str | None = None
    doi: str | None = None
    url: str | None = None
    kind: str = "work"  # "work" (a cited work), "note" (a footnote in prose), "link" (a URL)


def normalise_doi(value: str) -> str:
    """Bare lowercase DOI: no resolver prefix, percent-escapes (``%2F``) decoded."""
    doi = unquote(value.strip()).lower()
    doi = re.sub(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", "", doi)
    return doi.rstrip(".,;>)")


def parse_references(text: str, blocks: Sequence[Block]) -> list[Reference]:
    """The document's reference entries in order of appearance."""
    refs: list[Reference] = []
    for block, marker in _reference_blocks(blocks):
        span = make_span(text, block.span.start + marker.end(), block.span.end)
        if span.text:
            label = next((g for g in marker.groups() if g), None)
            refs.append(parse_entry(span, len(refs) + 1, (block.number,), label))
    return refs


def _reference_blocks(blocks: Sequence[Block]) -> list[tuple[Block, re.Match[str]]]:
    headings = [i for i, block in enumerate(blocks) if REFERENCE_HEADING_RE.match(block.text)]
    if headings:
        return [entry for i in headings for entry in _entries_after(blocks, i)]
    runs: list[list[tuple[Block, re.Match[str]]]] = [[]]
    for block in blocks:
        match = _NUMBERED_RE.match(block.text)
        if match:
            runs[-1].append((block, match))
        elif runs[-1]:
            runs.append([])
    dated = [r for r in runs if len(r) >= 3 and _mostly_dated(r)]
    return dated[-1] if dated else []


def _entries_after(blocks: Sequence[Block], i: int) -> list[tuple[Block, re.Match[str]]]:
    """The marked entries right after heading ``i``; without markers, the blocks of its
    section that read as entries (a year, a URL or a DOI in each)."""
    run = []
    for entry in blocks[i + 1 :]:
        marker = _ENTRY_RE.match(entry.text)
        if marker is None:
            break
        run.append((entry, marker))
    if run or i + 1 >= len(blocks) or blocks[i].section is None:
        return run
    for entry in blocks[i + 1 :]:
        if entry.section != blocks[i].section or not _looks_like_entry(entry.text):
            break
        run.append((entry, re.match("", entry.text)))  # type: ignore[arg-type]
    return run


def _looks_like_entry(text: str) -> bool:
    return bool(re.search(rf"\b{_YEAR}\b|https?://|\b10\.\d{{4,9}}/", text))


def _mostly_dated(run: list[tuple[Block, re.Match[str]]]) -> bool:
    return 2 * sum(bool(re.search(rf"\b{_YEAR}\b", b.text)) for b, _ in run) > len(run)


def parse_entry(
    span: TextSpan, position: int, blocks: tuple[int, ...], label: str | None
) -> Reference:
    """Fields of one entry, read in APA style if it has a ``(Year)``, else GOST-like."""
    body = span.text
    url_match = _URL_RE.search(body)
    url = (url_match.group(1) or url_match.group(2)) if url_match else None
    doi_match = _DOI_RE.search(body)
    doi = normalise_doi(doi_match.group(1)) if doi_match else None
    cut = min(m.start() for m in (url_match, doi_match, re.search("$", body)) if m)
    body = body[:cut].strip()
    kind = entry_kind(strip_intro(body), url or doi)
    if kind != "work":
        return Reference(position, span, blocks, label, doi=doi, url=url, kind=kind)
    if quoted := parse_quoted(strip_intro(body)):
        fields = quoted
    elif _APA_YEAR_RE.match(body):
        fields = _parse_apa(body)
    else:
        fields = parse_styled(strip_intro(body)) or _parse_plain(body)
    return Reference(position, span, blocks, label, doi=doi, url=url, **fields)


def _split_authors(text: str) -> list[str]:
    return [m.group(0).strip(" ,") for m in _AUTHOR_RE.finditer(text)]


def _parse_apa(body: str) -> Fields:
    head = _APA_YEAR_RE.match(body)
    assert head is not None
    authors, rest = _split_authors(head.group(1)), body[head.end() :]
    fields: Fields = {"authors": authors, "year": int(head.group(2))}
    if m := _BOOK_RE.match(rest):
        fields.update(Fields(title=m["title"], publisher=clean(m["publisher"])))
    elif m := _CHAPTER_RE.match(rest):
        fields.update(Fields(title=m["title"], container=m["container"], pages=clean(m["pages"])))
        fields["publisher"] = clean(m["publisher"])
    elif m := _JOURNAL_RE.match(rest):
        fields.update(Fields(title=m["title"], container=clean(m["container"])))
        if vol := _VOLUME_RE.match(m["tail"]):
            fields.update(Fields(volume=vol.group(1), issue=vol.group(2), pages=vol.group(3)))
    else:
        fields["title"] = re.split(r"\.\s", rest, maxsplit=1)[0]
    if not authors and head.group(1):
        # No personal author: APA moves the title into the author slot.
        fields["title"] = f"{head.group(1).rstrip('.')}. {fields['title']}"
    fields["title"] = (clean(fields.get("title")) or "").strip("*")
    return fields


def _parse_plain(body: str) -> Fields:
    body = re.split(r"\s*Available at:", body)[0]
    body = re.sub(r"\(in Russ(?:ian|\.)\)\.?", "", body, flags=re.IGNORECASE).strip(" .")
    prefix = _AUTHORS_PREFIX_RE.match(body)
    authors = _split_authors(prefix.group(0)) if prefix else []
    rest = body[prefix.end() :] if prefix else body
    starts = [0, *(m.end() for m in _SEGMENT_END_RE.finditer(rest))]
    segments = [rest[a:b] for a, b in itertools.pairwise([*starts, len(rest)])]
    fields: Fields = {"authors": authors}
    venue = next((k for k, s in enumerate(segments) if _VENUE_YEAR_RE.search(s)), None)
    if venue is None:
        fields["title"] = clean(rest) or ""
        return fields
    found = _VENUE_YEAR_RE.search(segments[venue])
    assert found is not None
    fields["year"] = int(found.group(1) or found.group(2))
    pre, post = segments[venue][: found.start()].strip(" ,."), segments[venue][found.end() :]
    title_end = starts[venue]
    if found.group(2) or re.search(r"\b(?:vol|no|pp)\.", post):
        if not pre and venue >= 2:
            pre, title_end = segments[venue - 1], starts[venue - 1]
        fields["container"] = clean(pre)
        fields.update(_volume_fields(post))
    elif " " not in pre and "," not in pre and venue >= 2:
        # A lone place name: the previous segment names the proceedings or series.
        fields.update(Fields(publisher=pre, container=clean(segments[venue - 1])))
        title_end = starts[venue - 1]
    else:
        fields["publisher"] = pre
    title = rest[:title_end].strip(" .")
    if not title and "," in pre:
        title, fields["publisher"] = (part.strip() for part in pre.rsplit(",", 1))
    fields["title"] = re.sub(r"^\[(.*)\]$", r"\1", title)
    return fields


def _volume_fields(text: str) -> Fields:
    def grab(pattern: str) -> str | None:
        m = re.search(pattern, text)
        return m.group(1) if m else None

    return Fields(
        volume=grab(r"\bvol\.\s*(\d+)"),
        issue=grab(r"\bno\.\s*(\d+)"),
        pages=grab(r"\bpp\.\s*(\d+\s*[–-]\s*\d+|\d+)"),
    )
