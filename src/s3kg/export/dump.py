"""``s3kg export``: the whole graph of the current release in a standard RDF syntax."""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox

from s3kg.config import Settings
from s3kg.errors import InputError, S3kgError
from s3kg.vocab.prefixes import PREFIXES

FORMATS: dict[str, ox.RdfFormat] = {
    "nq": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "ttl": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
    "rdfxml": ox.RdfFormat.RDF_XML,
}


def current_graph_file(settings: Settings) -> Path:
    path = settings.graph_file
    if not path.is_file():
        raise S3kgError("no built graph yet: run `s3kg build` first")
    return path


def export_graph(fmt: str, out: BinaryIO, settings: Settings) -> None:
    """Write the current graph to ``out``; formats without named graphs get their union."""
    if fmt not in FORMATS:
        raise InputError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    rdf_format = FORMATS[fmt]
    source = current_graph_file(settings)
    if fmt == "nq":  # the canonical file already is the answer
        out.write(source.read_bytes())
        return
    if fmt == "jsonld":  # compacted with the s3kg context (context.jsonld)
        from s3kg.export.jsonld import write_jsonld

        write_jsonld(source, out)
        return
    quads = ox.parse(path=str(source), format=ox.RdfFormat.N_QUADS)
    prefixes = PREFIXES if fmt in {"ttl", "trig", "rdfxml"} else None
    if rdf_format.supports_datasets:
        ox.serialize(quads, out, format=rdf_format, prefixes=prefixes)
    else:
        triples = sorted({q.triple for q in quads}, key=str)
        ox.serialize(triples, out, format=rdf_format, prefixes=prefixes)
