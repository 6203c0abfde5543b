"""The one prefix table: CLI, web pages, exports, reports and queries all use it.

Data IRIs are ``id:`` (``id:cluster\\/kama``), ontology terms ``s3kg:``. What the CLI prints
can be pasted back into a query, because every prefix here is also declared for queries.
"""

from __future__ import annotations

from rdflib.namespace import (
    DCAT,
    DCTERMS,
    FOAF,
    ORG,
    OWL,
    PROV,
    QB,
    RDF,
    RDFS,
    SDO,
    SH,
    SKOS,
    VANN,
    VOID,
    XSD,
)

from s3kg.vocab.namespaces import BIBO, CITO, DOCO, GRAPH, ID, OA, S3KG, SD, SDMXA

SHAPES = "https://w3id.org/s3kg/shapes#"

PREFIXES: dict[str, str] = {
    "s3kg": str(S3KG._NS),
    "id": str(ID),
    "graph": str(GRAPH),
    "s3kgsh": SHAPES,
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "xsd": str(XSD),
    "skos": str(SKOS),
    "dcterms": str(DCTERMS),
    "dcat": str(DCAT),
    "org": str(ORG),
    "prov": str(PROV),
    "foaf": str(FOAF),
    "schema": str(SDO),
    "qb": str(QB),
    "oa": str(OA),
    "cito": str(CITO),
    "doco": str(DOCO),
    "bibo": str(BIBO),
    "sdmxa": str(SDMXA),
    "void": str(VOID),
    "vann": str(VANN),
    "sh": str(SH),
    "sd": str(SD),
    "formats": "http://www.w3.org/ns/formats/",
    "dqv": "http://www.w3.org/ns/dqv#",
    "nace2": "http://data.europa.eu/ux2/nace2/",
}


def sparql_prologue(prefixes: dict[str, str] | None = None) -> str:
    """``PREFIX`` declarations for ``prefixes`` (default: all of them), one per line."""
    chosen = PREFIXES if prefixes is None else prefixes
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in chosen.items())
