"""Reading reference entries written outside the two curated styles (APA and GOST-like).

:func:`entry_kind` tells a cited *work* from a *note* (a footnote in prose, or ``Op. cit.``)
and from a *link* (an entry that is only a URL). :func:`parse_styled` reads, in this order:

* a quoted title: ``Authors, "Title", Venue, Date`` or ``"Title". Publisher. Date``;
* Vancouver: ``Porter ME, Stern S. Title. Journal. 2014;43(10):1785-99.``;
* author-year without brackets: ``Foray D. 2015. Title. Publisher.``;
* web and news citations: ``Title, by Author, Publisher, 16 March 2006``, ``Title. BBC,
  15 January 2009. Retrieved ...``, ``Title from example.com``.

It returns ``None`` for anything else, which the GOST-like reader then takes, as before.

Why no library: ``refextract`` (INSPIRE-HEP) was tried. It installs (with inspire-utils, lxml,
pypdf, python-magic) and works offline, but it is tuned to physics references: on these
texts it left most titles in ``misc``, split Vancouver and APA entries in the wrong places,
took title words for authors, loads its knowledge bases for ~2 s, and returns rewritten text
without offsets, so its fields could not be located in the document.
"""

from __future__ import annotations

import re

from s3kg.corpus.refbase import UPPER, YEAR, YEAR_RE, Fields, clean

_WORD = rf"[{UPPER}][^\W\d_]*(?:[-'’][^\W\d_]+)*"
_NATURAL = rf"{_WORD}(?:\s+(?:[{UPPER}]\.\s?)+|\s+{_WORD}){{0,2}}\s+{_WORD}"
_NATURAL_RE = re.compile(rf"^{_NATURAL}$")
_VANCOUVER_AUTHOR = rf"{_WORD}(?:[ -]{_WORD})? [{UPPER}]{{1,3}}"
_VANCOUVER_RE = re.compile(
    rf"^(?P<authors>{_VANCOUVER_AUTHOR}(?:, {_VANCOUVER_AUTHOR})*(?:,? et al)?)\.\s+"
    r"(?P<title>.+?[.?!])\s+(?P<journal>[^.;]+?)\.?\s+"
    rf"(?P<year>{YEAR})[^;:.]*;\s*(?P<volume>\d+)?(?:\((?P<issue>[^)]+)\))?"
    r"(?::\s*(?P<pages>[\d\s–-]+\d))?"
)
_HARVARD_RE = re.compile(
    rf"^(?P<authors>[^.(]*?(?:[{UPPER}]\.\s?)+|[^.(]*?)[.,]?\s+(?P<year>{YEAR})[a-z]?[.,:]\s+"
    r"(?P<rest>.+)$"
)
_QUOTED_RE = re.compile(r'^(?P<pre>[^"“”]*?)\s*["“](?P<title>[^"“”]{3,}?)["”]\s*(?P<post>.*)$')
_INTRO_RE = re.compile(r"^(?:see also|source|sources|cited in|quoted in)\s*:\s*", re.IGNORECASE)
_NOTE_OPENER_RE = re.compile(
    r"^(?:[Ss]ee\b|[Ff]or [a-z]|[Aa]ccording to\b|[Cc]f\.|[Nn]ote\b|[Tt]he same [a-z]"
    r"|[Ii]bid|[Ii]d\.)"
)
_BACK_REFERENCE_RE = re.compile(r"\b(?:op\.\s*cit|ibid|loc\.\s*cit)\b", re.IGNORECASE)
_VERB_RE = re.compile(
    r"\b(?:is|are|was|were|be|been|has|have|had|see|appeared|appears|refers|can|could|will"
    r"|would|may|might|did|does|shows|says|said|became|contains|according)\b"
)
_MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December"
    "|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
)
_DATE_RE = re.compile(
    rf"\b(?:\d{{1,2}}\s+(?:{_MONTHS})\.?,?\s+{YEAR}|(?:{_MONTHS})\.?\s+(?:\d{{1,2}}(?:[–-]\d{{1,2}})?,?\s+)?{YEAR})\b"
)
_TAIL_RE = re.compile(
    r"[.,]?\s*(?:Retrieved|Accessed|Archived|Available at|Viewed)\b.*$", re.IGNORECASE
)
_WEB_SIGNAL_RE = re.compile(
    rf"{_DATE_RE.pattern}|\b(?:Retrieved|Accessed|Archived)\b|,? by (?:the )?[{UPPER}]"
    r"|\sfrom\s+[\w-]+\.[a-z]{2,}\b|\bwww\."
)
_ORGANISATION_RE = re.compile(
    r"\b(?:News|Journal|Times|Post|Business|Magazine|Review|Press|University|Institute|Agency"
    r"|Ministry|Bank|Council|Office|Online|Daily|Weekly|Herald|Tribune|Group|Association"
    r"|Society|Foundation|Company|Corporation|Services?|Commission|Department)\b"
)
_SEGMENT_RE = re.compile(r"(?<![A-Z])(?<!\bp)(?<!\bpp)(?<!\bvol)(?<!\bno)[.?!](?=\s+\S)|,\s+(?=\S)")


def strip_intro(body: str) -> str:
    """``See also: X`` and ``Source: X`` cite X."""
    return _INTRO_RE.sub("", body, count=1)


def entry_kind(body: str, url: str | None) -> str:
    """``link`` (only a URL), ``note`` (prose or a back-reference) or ``work``."""
    rest = _TAIL_RE.sub("", body).strip(" .,;:<>()")
    if url and not rest:
        return "link"
    if not rest or _BACK_REFERENCE_RE.search(rest) or _NOTE_OPENER_RE.match(rest):
        return "note" if rest else "work"
    return "note" if _is_prose(rest) and not _cites(rest) else "work"


def _is_prose(text: str) -> bool:
    """Some sentence of the entry reads as running text, not a title."""
    for sentence in re.split(r"(?<=[.;?!]),?\s+", re.sub(r'["“][^"“”]*["”]', "", text)):
        words = sentence.split()
        lower = sum(w[:1].islower() for w in words[1:])
        if (
            len(words) >= 5
            and not sentence.rstrip().endswith("?")
            and _VERB_RE.search(sentence)
            and 2 * lower >= len(words) - 1
        ):
            return True
    return False


def _cites(text: str) -> bool:
    """Signs of a citation: a quoted title, author initials, a volume, a short publisher."""
    if re.search(r'["“].{3,}["”]|\(\s*' + YEAR + r"[a-z]?\s*\)|\b(?:pp?|vol|no)\.\s*\d", text):
        return True
    if re.search(rf"\b[{UPPER}][a-z]+,?\s(?:[{UPPER}]\.\s?)+", text):
        return True
    segments = [s.strip() for s in re.split(r"\.\s+", text)]
    return any(
        1 <= len(s.split()) <= 4 and all(w[:1].isupper() or w[:1].isdigit() for w in s.split())
        for s in segments[1:]
    )


def names(text: str) -> list[str] | None:
    """Author names if ``text`` is nothing but names (``A B, C D and E F``), else ``None``."""
    text = re.sub(r"\s*(?:,?\s+et al\.?)$", "", text.strip(" ,.;:"))
    if not text:
        return None
    parts = [p.strip() for p in re.split(r",\s*|\s+(?:and|&)\s+", text) if p.strip()]
    if any(_ORGANISATION_RE.search(p) for p in parts):
        return None
    if parts and all(_NATURAL_RE.match(p) for p in parts):
        return parts
    if len(parts) >= 2 and all(re.fullmatch(_WORD, p) for p in parts):
        return parts  # surnames only: "Milov, Nemtsov, Ryzhkov"
    return None


def parse_styled(body: str) -> Fields | None:
    """Fields of an entry in one of the styles above, or ``None``."""
    for parser in (_parse_vancouver, _parse_harvard, _parse_named, _parse_web):
        fields = parser(body)
        if fields is not None:
            return fields
    return None


def _year(text: str) -> int | None:
    date = _DATE_RE.search(text)
    found = YEAR_RE.search(date.group(0)) if date else YEAR_RE.search(text)
    return int(found.group(0)) if found else None


def parse_quoted(body: str) -> Fields | None:
    """``Authors, "Title", Venue, Date``: the quotes mark the title, whatever the style."""
    match = _QUOTED_RE.match(body)
    if match is None or len(match["title"].split()) < 2:
        return None
    pre = re.sub(rf"\(?{YEAR}[a-z]?\)?\.?$", "", match["pre"].strip()).strip(" ,.")
    authors = names(pre) if pre else []
    if authors is None:
        return None
    post = _TAIL_RE.sub("", match["post"]).strip(" ,.")
    venue = re.split(r"[,.]\s+", post, maxsplit=1)[0] if post else ""
    venue = re.sub(rf"\s*\(?{YEAR}\b.*$", "", venue).strip(" ,.()") if venue else ""
    fields = Fields(authors=authors, year=_year(match["pre"] + " " + post))
    fields["title"] = match["title"].strip(" ,.")
    fields["container"] = _venue(venue)
    return fields


def _venue(text: str | None) -> str | None:
    """A container name, not a page or volume abbreviation or a bare number."""
    value = clean(text)
    if value is None or value[:1].isdigit() or re.fullmatch(r"(?i)pp?|vol|no|ch|chapter", value):
        return None
    return value


def _parse_vancouver(body: str) -> Fields | None:
    match = _VANCOUVER_RE.match(body)
    if match is None:
        return None
    authors = [a.strip() for a in re.split(r",\s*", match["authors"]) if a.strip() != "et al"]
    return Fields(
        authors=authors,
        year=int(match["year"]),
        title=match["title"].strip(" ."),
        container=clean(match["journal"]),
        volume=match["volume"],
        issue=match["issue"],
        pages=clean(match["pages"]),
    )


def _parse_harvard(body: str) -> Fields | None:
    match = _HARVARD_RE.match(body)
    if match is None:
        return None
    authors = _initialled(match["authors"]) or names(match["authors"])
    if not authors:
        return None
    segments = [s.strip() for s in re.split(r"(?<=[.?!])\s+", match["rest"]) if s.strip()]
    fields = Fields(authors=authors, year=int(match["year"]), title=segments[0].strip(" ."))
    if len(segments) > 1:
        fields["container"] = clean(segments[1])
    return fields


def _initialled(text: str) -> list[str] | None:
    found = re.findall(rf"{_WORD},?\s(?:[{UPPER}]\.\s?)+", text)
    rest = re.sub(rf"{_WORD},?\s(?:[{UPPER}]\.\s?)+|,|\band\b|&|\s", "", text)
    return [f.strip(" ,") for f in found] if found and not rest else None


def _parse_named(body: str) -> Fields | None:
    """``Names. Title. Rest``: the first sentence is nothing but author names."""
    match = re.match(
        r"^(?P<names>.+?)(?<![A-Z])\.\s+(?P<title>.+?)(?:(?<=[.?!])\s+(?P<rest>.*))?$", body
    )
    if match is None or not (people := names(match["names"])):
        return None
    rest = _TAIL_RE.sub("", match["rest"] or "")
    fields = Fields(authors=people, year=_year(rest), title=match["title"].strip(" ."))
    fields["container"] = _venue(re.split(r"[,.]\s+", rest, maxsplit=1)[0]) if rest else None
    return fields


def _parse_web(body: str) -> Fields | None:
    if not _WEB_SIGNAL_RE.search(body):
        return None
    core = _TAIL_RE.sub("", body).strip(" ,.")
    fields = Fields(authors=[], year=_year(body))
    by = re.search(rf",?\s+by\s+(?:the\s+)?(?P<who>[{UPPER}][^,()]*)", core)
    if by:
        who = by["who"].strip()
        people = names(who)
        if people:
            fields["authors"] = people
        else:
            fields["publisher"] = who
        core = (core[: by.start()] + core[by.end() :]).strip(" ,")
    host = re.search(r"\s+from\s+(?P<host>[\w-]+(?:\.[\w-]+)+)\s*$", core)
    if host:
        fields["publisher"] = host["host"]
        core = core[: host.start()]
    first, _, rest = _first_segment(core)
    if not fields.get("authors") and (people := names(first)) and rest:
        fields["authors"] = people
        first, _, rest = _first_segment(rest)
    fields["title"] = first.strip(" ,.–—")
    venue = re.sub(rf"{_DATE_RE.pattern}|\b{YEAR}\b|[()]", "", rest).strip(" ,.–—")
    if venue and not fields.get("publisher"):
        fields["container"] = _venue(re.split(r",\s+|\.\s+", venue, maxsplit=1)[0])
    return fields


def _first_segment(text: str) -> tuple[str, str, str]:
    """Split at the first sentence end or comma that is not inside brackets."""
    depth = 0
    for match in _SEGMENT_RE.finditer(text):
        depth = text.count("(", 0, match.start()) - text.count(")", 0, match.start())
        if depth <= 0:
            end = match.start() + (1 if text[match.start()] in "?!" else 0)
            return text[:end], text[match.start() : match.end()], text[match.end() :]
    return text, "", ""
