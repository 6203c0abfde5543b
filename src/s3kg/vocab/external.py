"""IRIs of the external schemes s3kg links to, and the datatypes of the codes it records.

Codes are written as typed literals of ``skos:notation``, one datatype per code system, so
that a place carrying several codes stays unambiguous::

    id:region/ru-ta skos:notation "RU-TA"^^id:datatype/iso-3166-2 .
    id:region/de-nw skos:notation "DE-NW"^^id:datatype/iso-3166-2 , "DEA"^^id:datatype/nuts-2021 .

NACE concepts keep a plain ``skos:notation "01.11"`` as in EU Vocabularies: the concept
scheme already says which code system it is. ``data/alignments/README.md`` documents which
property links to which target and why.
"""

from __future__ import annotations

from rdflib import Namespace, URIRef

from s3kg.vocab.namespaces import ID

NUTS = Namespace("http://data.europa.eu/nuts/code/")
EU_COUNTRY = Namespace("http://publications.europa.eu/resource/authority/country/")
EU_FILE_TYPE = Namespace("http://publications.europa.eu/resource/authority/file-type/")
EU_THEME = Namespace("http://publications.europa.eu/resource/authority/data-theme/")
EU_LANGUAGE = Namespace("http://publications.europa.eu/resource/authority/language/")
EU_ACCESS_RIGHT = Namespace("http://publications.europa.eu/resource/authority/access-right/")
WIKIDATA = Namespace("http://www.wikidata.org/entity/")
NACE = Namespace("http://data.europa.eu/ux2/nace2/")
NACE_SCHEME = NACE["nace2"]
RAMON = Namespace("http://ec.europa.eu/eurostat/ramon/rdfdata/nace_r2/")
RAMON_TERMS = Namespace("http://ec.europa.eu/eurostat/ramon/ontologies/nace.rdf#")
DQV = Namespace("http://www.w3.org/ns/dqv#")
SPDX = Namespace("http://spdx.org/rdf/terms#")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
IANA_MEDIA = Namespace("http://www.iana.org/assignments/media-types/")

ECOSYSTEM_SCHEME = ID["scheme/eu-industrial-ecosystems"]


class Datatypes:
    """Datatypes of the code literals (declared as ``rdfs:Datatype`` in the alignments graph)."""

    ISO_ALPHA2 = ID["datatype/iso-3166-1-alpha-2"]
    ISO_ALPHA3 = ID["datatype/iso-3166-1-alpha-3"]
    ISO_SUBDIVISION = ID["datatype/iso-3166-2"]
    NUTS = ID["datatype/nuts-2021"]


DATATYPE_INFO: dict[URIRef, tuple[str, str, str]] = {
    Datatypes.ISO_ALPHA2: (
        "ISO 3166-1 alpha-2 code",
        "Two-letter country code of ISO 3166-1, e.g. RU.",
        "https://www.iso.org/iso-3166-country-codes.html",
    ),
    Datatypes.ISO_ALPHA3: (
        "ISO 3166-1 alpha-3 code",
        "Three-letter country code of ISO 3166-1, e.g. RUS; also the key of the EU "
        "Publications Office country authority table.",
        "https://www.iso.org/iso-3166-country-codes.html",
    ),
    Datatypes.ISO_SUBDIVISION: (
        "ISO 3166-2 subdivision code",
        "Country subdivision code of ISO 3166-2, e.g. RU-TA (codes taken from pycountry).",
        "https://www.iso.org/standard/72483.html",
    ),
    Datatypes.NUTS: (
        "NUTS 2021 code",
        "Code of the Nomenclature of territorial units for statistics, version 2021, e.g. DEA.",
        "https://ec.europa.eu/eurostat/web/nuts",
    ),
}

# Patterns of the codes, shared with shapes/identifiers.ttl (the tests keep them in step).
CODE_PATTERNS: dict[URIRef, str] = {
    Datatypes.ISO_ALPHA2: r"^[A-Z]{2}$",
    Datatypes.ISO_ALPHA3: r"^[A-Z]{3}$",
    Datatypes.ISO_SUBDIVISION: r"^[A-Z]{2}-[A-Z0-9]{1,3}$",
    Datatypes.NUTS: r"^[A-Z]{2}[A-Z0-9]{0,3}$",
}
NACE_NOTATION_PATTERN = r"^([A-U]|[0-9]{2}|[0-9]{2}\.[0-9]|[0-9]{2}\.[0-9]{2})$"
