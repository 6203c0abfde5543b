"""Reference lists: find them and parse their entries into fields.

Finding the list: the bullet (``- ``) or numbered blocks right after a ``References`` /
``Bibliography`` / ``Literature`` heading; failing that, the last run of >= 3 numbered blocks
(``N.`` or ``N.Text``) most of which carry a year. Numbering is not checked, because printed
numbers repeat or skip; ``position`` is the order of appearance and ``label`` the printed one.

Two styles are parsed. APA (``Authors (Year). Title. *Journal*, 1(2), 3-4.``, chapters as
``Title. In Eds (Eds.), *Book* (pp. 1-2). Publisher.``, books as ``*Title*. Publisher.``)
is recognised by a parenthesised year; anything else is read as the Russian/GOST-like
``Authors. Title. Venue, Year, vol.N, no.N, pp.N-N`` (a book: ``City, Publisher, Year, N p.``).


Merging entries into works across documents is in :mod:`s3kg.corpus.citations`.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TypedDict
from urllib.parse import unquote

from s3kg.corpus.spans import Block, TextSpan, make_span

UPPER = "A-ZÀ-ÖØ-ÞА-ЯЁ"
INITIALS = rf"(?:-?[{UPPER}][a-z]?\.\s?)+"
_AUTHOR = rf"[{UPPER}][\w'’-]+(?: [{UPPER}][\w'’-]+)?,?\s{INITIALS}"
_AUTHOR_RE = re.compile(_AUTHOR)
_AUTHORS_PREFIX_RE = re.compile(rf"^{_AUTHOR}(?:,\s*{_AUTHOR})*\.?\s*")
_LIST_HEADING_RE = re.compile(r"^(references|bibliography|literature)$", re.IGNORECASE)
_NUMBERED_RE = re.compile(r"^(\d{1,3})\.(?!\d)\s*(?=\S)")
_BULLET_RE = re.compile(r"^[-•]\s+")
_YEAR = r"(?:1[89]\d\d|20\d\d)"
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


class _Fields(TypedDict, total=False):
    authors: list[str]
    year: int | None
    title: str
    container: str | None
    publisher: str | None
    volume: str | None
    issue: str | None
    pages: str | None


def normalise_doi(value: str) -> str:
    """Bare lowercase DOI: no resolver prefix, percent-escapes (``%2F``) decoded."""
    doi = unquote(value.strip()).lower()
    doi = re.sub(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", "", doi)
    return doi.rstrip(".,;>)")


def parse_references(text: str, blocks: Sequence[Block]) -> list[Reference]:
    """The document's reference entries in order of appearance."""
    entries = _reference_blocks(blocks)
    refs = []
    for position, (block, marker) in enumerate(entries, start=1):
        span = make_span(text, block.span.start + marker.end(), block.span.end)
        label = marker.group(1) if marker.groups() else None
        refs.append(parse_entry(span, position, (block.number,), label))
    return refs


def _reference_blocks(blocks: Sequence[Block]) -> list[tuple[Block, re.Match[str]]]:
    for i, block in enumerate(blocks):
        if _LIST_HEADING_RE.match(block.text):
            run = []
            for entry in blocks[i + 1 :]:
                marker = _BULLET_RE.match(entry.text) or _NUMBERED_RE.match(entry.text)
                if marker is None:
                    break
                run.append((entry, marker))
            return run
    runs: list[list[tuple[Block, re.Match[str]]]] = [[]]
    for block in blocks:
        match = _NUMBERED_RE.match(block.text)
        if match:
            runs[-1].append((block, match))
        elif runs[-1]:
            runs.append([])
    dated = [r for r in runs if len(r) >= 3 and _mostly_dated(r)]
    return dated[-1] if dated else []


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
    fields = _parse_apa(body) if _APA_YEAR_RE.match(body) else _parse_plain(body)
    return Reference(position, span, blocks, label, doi=doi, url=url, **fields)


def _split_authors(text: str) -> list[str]:
    return [m.group(0).strip(" ,") for m in _AUTHOR_RE.finditer(text)]


def _clean(value: str | None) -> str | None:
    value = value.strip(" .,") if value else None
    return value or None


def _parse_apa(body: str) -> _Fields:
    head = _APA_YEAR_RE.match(body)
    assert head is not None
    authors, rest = _split_authors(head.group(1)), body[head.end() :]
    fields: _Fields = {"authors": authors, "year": int(head.group(2))}
    if m := _BOOK_RE.match(rest):
        fields.update(_Fields(title=m["title"], publisher=_clean(m["publisher"])))
    elif m := _CHAPTER_RE.match(rest):
        fields.update(_Fields(title=m["title"], container=m["container"], pages=_clean(m["pages"])))
        fields["publisher"] = _clean(m["publisher"])
    elif m := _JOURNAL_RE.match(rest):
        fields.update(_Fields(title=m["title"], container=_clean(m["container"])))
        if vol := _VOLUME_RE.match(m["tail"]):
            fields.update(_Fields(volume=vol.group(1), issue=vol.group(2), pages=vol.group(3)))
    else:
        fields["title"] = re.split(r"\.\s", rest, maxsplit=1)[0]
    if not authors and head.group(1):
        # No personal author: APA moves the title into the author slot.
        fields["title"] = f"{head.group(1).rstrip('.')}. {fields['title']}"
    fields["title"] = (_clean(fields.get("title")) or "").strip("*")
    return fields


def _parse_plain(body: str) -> _Fields:
    body = re.split(r"\s*Available at:", body)[0]
    body = re.sub(r"\(in Russ(?:ian|\.)\)\.?", "", body, flags=re.IGNORECASE).strip(" .")
    prefix = _AUTHORS_PREFIX_RE.match(body)
    authors = _split_authors(prefix.group(0)) if prefix else []
    rest = body[prefix.end() :] if prefix else body
    starts = [0, *(m.end() for m in _SEGMENT_END_RE.finditer(rest))]
    segments = [rest[a:b] for a, b in itertools.pairwise([*starts, len(rest)])]
    fields: _Fields = {"authors": authors}
    venue = next((k for k, s in enumerate(segments) if _VENUE_YEAR_RE.search(s)), None)
    if venue is None:
        fields["title"] = _clean(rest) or ""
        return fields
    found = _VENUE_YEAR_RE.search(segments[venue])
    assert found is not None
    fields["year"] = int(found.group(1) or found.group(2))
    pre, post = segments[venue][: found.start()].strip(" ,."), segments[venue][found.end() :]
    title_end = starts[venue]
    if found.group(2) or re.search(r"\b(?:vol|no|pp)\.", post):
        if not pre and venue >= 2:
            pre, title_end = segments[venue - 1], starts[venue - 1]
        fields["container"] = _clean(pre)
        fields.update(_volume_fields(post))
    elif " " not in pre and "," not in pre and venue >= 2:
        # A lone place name: the previous segment names the proceedings or series.
        fields.update(_Fields(publisher=pre, container=_clean(segments[venue - 1])))
        title_end = starts[venue - 1]
    else:
        fields["publisher"] = pre
    title = rest[:title_end].strip(" .")
    if not title and "," in pre:
        title, fields["publisher"] = (part.strip() for part in pre.rsplit(",", 1))
    fields["title"] = re.sub(r"^\[(.*)\]$", r"\1", title)
    return fields


def _volume_fields(text: str) -> _Fields:
    def grab(pattern: str) -> str | None:
        m = re.search(pattern, text)
        return m.group(1) if m else None

    return _Fields(
        volume=grab(r"\bvol\.\s*(\d+)"),
        issue=grab(r"\bno\.\s*(\d+)"),
        pages=grab(r"\bpp\.\s*(\d+\s*[–-]\s*\d+|\d+)"),
    )
