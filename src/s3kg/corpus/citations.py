"""Cited works: merging reference entries of all documents into deduplicated works.

Two references are one work when their DOIs are equal, or when they share year and
ASCII-folded first-author surname and their normalised titles are >= 0.85 similar
(see :func:`title_similarity`). A chapter whose book is itself cited records that book in
``Work.part_of``. Notes (entries of kind ``note``) are no works; a link (an entry that is only
a URL) is a work without a title, one per URL.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from s3kg.corpus.refbase import INITIALS
from s3kg.corpus.references import Reference

SIMILAR_TITLES = 0.85
_STOPWORDS = frozenset(
    {"a", "an", "the", "and", "of", "in", "on", "for", "to", "from", "with", "by", "at"}
)


@dataclass(frozen=True)
class Work:
    """One cited work, merged over every document citing it."""

    slug: str
    title: str
    authors: list[str]
    year: int | None
    container: str | None
    publisher: str | None
    doi: str | None
    url: str | None
    citations: list[tuple[str, int]]
    part_of: str | None = None

    @property
    def cited_by(self) -> list[str]:
        return sorted({key for key, _ in self.citations})


def ascii_fold(text: str) -> str:
    """Drop diacritics (Sölvell -> Solvell), spelling out letters NFKD cannot split."""
    text = text.translate(str.maketrans("øØłŁđ", "oOlLd"))
    text = text.replace("æ", "ae").replace("ß", "ss")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def normalise_title(title: str) -> str:
    text = ascii_fold(title).lower().replace("&", " and ").replace("*", "")
    return " ".join(re.sub(r"[^\w]+", " ", text).split())


def title_similarity(a: str, b: str) -> float:
    """Mean of character- and word-level difflib ratios of the normalised titles.

    Characters alone rate short titles one word apart as near-equal ("cluster policy" and
    "cluster politics": 0.87); words alone punish a single typo hard. The mean does neither.
    """
    a, b = normalise_title(a), normalise_title(b)
    chars = difflib.SequenceMatcher(None, a, b).ratio()
    words = difflib.SequenceMatcher(None, a.split(), b.split()).ratio()
    return (chars + words) / 2


def first_surname(ref: Reference) -> str:
    """Folded lowercase surname of the first author; empty for anonymous works."""
    if not ref.authors:
        return ""
    author = ref.authors[0]
    name = author.split(",")[0] if "," in author else re.sub(rf"\s+{INITIALS}$", "", author)
    if name == author and " " in author:
        name = author.split()[-1]  # "Stephen B. Adams": the surname comes last
    return normalise_title(name)


def work_key(ref: Reference) -> str:
    """Exact identity: the DOI if known, else surname, year and normalised title."""
    if ref.doi:
        return f"doi:{ref.doi}"
    if ref.url and not ref.title and not ref.authors:
        return f"url:{ref.url}"
    return f"{first_surname(ref)}|{ref.year or ''}|{normalise_title(ref.title)}"


def same_work(a: Reference, b: Reference) -> bool:
    if a.doi and a.doi == b.doi:
        return True
    if a.url and not a.title and work_key(a) == work_key(b):
        return True
    return (
        a.year is not None
        and a.year == b.year
        and first_surname(a) == first_surname(b)
        and title_similarity(a.title, b.title) >= SIMILAR_TITLES
    )


def group_works(refs_by_doc: Mapping[str, Sequence[Reference]]) -> list[Work]:
    """Merge references to the same work across (and within) documents, sorted by slug."""
    cited = [
        (key, ref) for key in sorted(refs_by_doc) for ref in refs_by_doc[key] if ref.kind != "note"
    ]
    groups: list[list[tuple[str, Reference]]] = []
    for key, ref in cited:
        matches = [g for g in groups if any(same_work(ref, other) for _, other in g)]
        merged = [item for g in matches for item in g] + [(key, ref)]
        groups = [g for g in groups if g not in matches] + [merged]
    works = _name_works(groups)
    return sorted(_link_parts(works), key=lambda w: w.slug)


def _completeness(ref: Reference) -> int:
    values = (ref.year, ref.container, ref.publisher, ref.volume, ref.pages, ref.doi, ref.url)
    return len(ref.authors) + sum(v is not None for v in values)


def _name_works(groups: list[list[tuple[str, Reference]]]) -> list[Work]:
    works: list[Work] = []
    taken: set[str] = set()
    canon = [max(g, key=lambda item: _completeness(item[1]))[1] for g in groups]
    # Ties on the key fall back to where the group was first cited, never to comparing
    # references (two URL-only notes once had the same empty key and crashed the sort).
    order = sorted(
        range(len(groups)),
        key=lambda i: (work_key(canon[i]), groups[i][0][0], groups[i][0][1].position),
    )
    for i in order:
        ref = canon[i]
        named = ref.title or (_url_words(ref.url) if ref.url else "")
        words = [w for w in normalise_title(named).split() if w not in _STOPWORDS][:3]
        base = "-".join(
            [first_surname(ref).replace(" ", "-") or "anon", str(ref.year or "nd"), *words]
        )
        slug, n = base, 2
        while slug in taken:
            slug, n = f"{base}-{n}", n + 1
        taken.add(slug)
        citations = sorted((key, r.position) for key, r in groups[i])
        works.append(
            Work(
                slug,
                ref.title,
                ref.authors,
                ref.year,
                ref.container,
                ref.publisher,
                ref.doi,
                ref.url,
                citations,
            )
        )
    return works


def _url_words(url: str) -> str:
    """The host and path of a URL as words: ``https://www.example.org/a`` -> example org a."""
    return re.sub(r"^[a-z]+://(?:www\.)?", "", url.lower())


def _link_parts(works: list[Work]) -> list[Work]:
    """Point a chapter at the book it appears in, when that book is itself cited.

    The book is a work of the same year whose title is similar to the chapter's container.
    """
    linked = []
    for work in works:
        book = next(
            (
                other.slug
                for other in works
                if work.container
                and other is not work
                and other.year == work.year
                and title_similarity(work.container, other.title) >= SIMILAR_TITLES
            ),
            None,
        )
        linked.append(replace(work, part_of=book))
    return linked
