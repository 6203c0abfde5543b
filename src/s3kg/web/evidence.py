"""Links between facts and the text they come from, and to the registries behind identifiers.

A span's place in the reader is ``/doc/<document slug>?at=<start>#span-<start>-<end>``: the
reader shows the page holding ``start`` and the browser scrolls to the ``<mark>`` with that
id.  Literal identifiers (a DOI, ISO 3166 and NUTS codes, GeoNames and Wikidata ids) become
links to the registry that defines them.
"""

from __future__ import annotations

import re
from urllib.parse import quote

from s3kg.web.resources import ID_BASE

DOCUMENT_BASE = ID_BASE + "document/"
BIBO_DOI = "http://purl.org/ontology/bibo/doi"
_DATATYPE_BASE = ID_BASE + "datatype/"
_QID = re.compile(r"^Q[1-9][0-9]*$")
_ISO_OBP = "https://www.iso.org/obp/ui/#iso:code:3166:"
_REGISTRIES = {
    "iso-3166-1-alpha-2": _ISO_OBP,
    "iso-3166-1-alpha-3": _ISO_OBP,
    "iso-3166-2": _ISO_OBP,
    "nuts-2021": "http://data.europa.eu/nuts/code/",
    "nace-rev2": "http://data.europa.eu/ux2/nace2/",
    "geonames": "https://www.geonames.org/",
    "wikidata": "https://www.wikidata.org/wiki/",
}


def document_slug(iri: str) -> str | None:
    """``panarina-2020`` for ``…/id/document/panarina-2020``; None for other IRIs and parts."""
    if not iri.startswith(DOCUMENT_BASE):
        return None
    slug = iri[len(DOCUMENT_BASE) :]
    return slug if slug and "/" not in slug else None


def reader_link(document: str, start: int | str, end: int | str) -> str | None:
    """Where the span ``start``–``end`` of ``document`` is highlighted in the reader."""
    slug = document_slug(document)
    if slug is None:
        return None
    return f"/doc/{quote(slug)}?at={int(start)}#span-{int(start)}-{int(end)}"


def external_link(predicate: str, value: str, datatype: str) -> str | None:
    """The registry page of a literal identifier, or None when it is no known identifier."""
    text = value.strip()
    if not text or any(c.isspace() for c in text):
        return None
    if predicate == BIBO_DOI and text.startswith("10."):
        return "https://doi.org/" + quote(text, safe="/:;()._-")
    if datatype.startswith(_DATATYPE_BASE):
        base = _REGISTRIES.get(datatype[len(_DATATYPE_BASE) :])
        if base is not None:
            return base + quote(text, safe="-.")
    if _QID.match(text) and "wikidata" in predicate.lower():
        return _REGISTRIES["wikidata"] + text
    return None
