"""Content negotiation for the Linked Data views and pages.

:func:`preferred` picks among a view's offers from ``?format=`` (a short name such as ``ttl``)
or the ``Accept`` header, following RFC 9110: each offer takes the quality of the most
specific range that covers it, ties go to the view's order, media-type parameters (e.g.
``;profile=``) are ignored and a missing header accepts everything.
"""

from __future__ import annotations

from flask import request

from s3kg.errors import InputError
from s3kg.store import jobs as st

HTML = "text/html"
RDF_TYPES = (
    "text/turtle",
    "application/ld+json",
    "application/n-triples",
    "application/rdf+xml",
    "text/n3",
)
FORMAT_NAMES = {
    "html": HTML,
    "ttl": "text/turtle",
    "turtle": "text/turtle",
    "jsonld": "application/ld+json",
    "nt": "application/n-triples",
    "ntriples": "application/n-triples",
    "xml": "application/rdf+xml",
    "rdfxml": "application/rdf+xml",
    "n3": "text/n3",
}
_ALIASES = {
    "application/json": "application/ld+json",
    "text/plain": "application/n-triples",
    "application/x-turtle": "text/turtle",
}


def negotiated(offers: tuple[str, ...]) -> str:
    """The preferred offer; 406 when the client accepts none of them."""
    media = preferred(offers)
    if media is None:
        raise st.NotAcceptableError(f"Available here: {', '.join(offers)}.")
    return media


def preferred(offers: tuple[str, ...], *, use_format: bool = True) -> str | None:
    """The best of ``offers`` for this request (``?format=`` first, then ``Accept``).

    Each offer takes the quality of the most specific range covering it; ties go to the
    earlier offer.  Media-type parameters such as ``;profile=`` are ignored, and a missing
    header accepts everything.
    """
    name = request.args.get("format") if use_format else None
    if name:
        media = FORMAT_NAMES.get(name.lower())
        if media is None or media not in offers:
            names = sorted(n for n, m in FORMAT_NAMES.items() if m in offers)
            raise InputError(f"Unknown format {name!r} here; use one of: {', '.join(names)}.")
        return media
    ranges = _accept_ranges(request.headers.get("Accept", ""))
    best, best_quality = None, 0.0
    for offer in offers:
        quality = _offer_quality(offer, ranges)
        if quality > best_quality:
            best, best_quality = offer, quality
    return best


def _accept_ranges(header: str) -> list[tuple[str, float]]:
    ranges: list[tuple[str, float]] = []
    for part in (header.strip() or "*/*").split(","):
        media, *params = (p.strip().lower() for p in part.split(";"))
        quality = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip() == "q":
                try:
                    quality = max(0.0, min(1.0, float(value)))
                except ValueError:
                    quality = 0.0
        if media:
            ranges.append((media, quality))
    return ranges


def _offer_quality(offer: str, ranges: list[tuple[str, float]]) -> float:
    """The quality of the most specific range covering ``offer`` (0 when none does)."""
    found: tuple[int, float] | None = None
    for media, quality in ranges:
        if offer in (media, _ALIASES.get(media)):
            specificity = 3
        elif media == offer.split("/")[0] + "/*":
            specificity = 2
        elif media in ("*/*", "*"):
            specificity = 1
        else:
            continue
        if found is None or specificity > found[0]:
            found = (specificity, quality)
    return found[1] if found else 0.0
