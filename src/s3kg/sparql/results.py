"""SPARQL query results writers: JSON, XML, CSV and TSV.

pyoxigraph can only serialise a live result iterator, so a result set that has already been
read (to count it against the server's limit) is written here instead.  The formats follow
the W3C Recommendations "SPARQL 1.1 Query Results JSON Format", "SPARQL Query Results XML
Format (Second Edition)" and "SPARQL 1.1 Query Results CSV and TSV Formats".
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from typing import Any
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

JSON = "application/sparql-results+json"
XML = "application/sparql-results+xml"
CSV = "text/csv"
TSV = "text/tab-separated-values"
TABULAR_TYPES = (JSON, XML, CSV, TSV)
BOOLEAN_TYPES = (JSON, XML)

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
_XML_NS = "http://www.w3.org/2005/sparql-results#"


def serialize_boolean(value: bool, media: str) -> bytes:
    if media == XML:
        text = (f'<?xml version="1.0" encoding="utf-8"?>\n<sparql xmlns="{_XML_NS}">'
                f"<head/><boolean>{'true' if value else 'false'}</boolean></sparql>\n")
        return text.encode()
    return json.dumps({"head": {}, "boolean": value}).encode()


def serialize_solutions(names: Sequence[str], rows: Sequence[Any], media: str) -> bytes:
    """Write solutions (pyoxigraph ``QuerySolution`` objects) for the variables ``names``."""
    writer = {JSON: _json, XML: _xml, CSV: _csv, TSV: _tsv}[media]
    return writer(names, rows)


def _json(names: Sequence[str], rows: Sequence[Any]) -> bytes:
    bindings = []
    for row in rows:
        binding = {}
        for name in names:
            term = row[name]
            if term is not None:
                binding[name] = _json_term(term)
        bindings.append(binding)
    document = {"head": {"vars": list(names)}, "results": {"bindings": bindings}}
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode()


def _json_term(term: Any) -> dict[str, Any]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out: dict[str, Any] = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != XSD_STRING:
            out["datatype"] = term.datatype.value
        return out
    return {"type": "triple", "value": {
        "subject": _json_term(term.subject),
        "predicate": _json_term(term.predicate),
        "object": _json_term(term.object),
    }}


def _xml(names: Sequence[str], rows: Sequence[Any]) -> bytes:
    parts = [f'<?xml version="1.0" encoding="utf-8"?>\n<sparql xmlns="{_XML_NS}"><head>']
    parts.extend(f"<variable name={quoteattr(n)}/>" for n in names)
    parts.append("</head><results>")
    for row in rows:
        parts.append("<result>")
        for name in names:
            term = row[name]
            if term is not None:
                parts.append(f"<binding name={quoteattr(name)}>{_xml_term(term)}</binding>")
        parts.append("</result>")
    parts.append("</results></sparql>\n")
    return "".join(parts).encode()


def _xml_term(term: Any) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if isinstance(term, ox.Literal):
        if term.language:
            return f"<literal xml:lang={quoteattr(term.language)}>{escape(term.value)}</literal>"
        if term.datatype.value != XSD_STRING:
            dt = quoteattr(term.datatype.value)
            return f"<literal datatype={dt}>{escape(term.value)}</literal>"
        return f"<literal>{escape(term.value)}</literal>"
    return (f"<triple><subject>{_xml_term(term.subject)}</subject>"
            f"<predicate>{_xml_term(term.predicate)}</predicate>"
            f"<object>{_xml_term(term.object)}</object></triple>")


def _csv(names: Sequence[str], rows: Sequence[Any]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(names)
    for row in rows:
        writer.writerow([_csv_term(row[name]) for name in names])
    return buffer.getvalue().encode()


def _csv_term(term: Any) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.NamedNode | ox.Literal):
        return str(term.value)
    return " ".join(_csv_term(t) for t in (term.subject, term.predicate, term.object))


def _tsv(names: Sequence[str], rows: Sequence[Any]) -> bytes:
    lines = ["\t".join(f"?{n}" for n in names)]
    for row in rows:
        lines.append("\t".join(_tsv_term(row[n]) for n in names))
    return ("\n".join(lines) + "\n").encode()


def _tsv_term(term: Any) -> str:
    """Turtle-style terms; N-Triples escaping keeps tabs and newlines out of the cells."""
    if term is None:
        return ""
    if isinstance(term, ox.Triple):
        parts = (_tsv_term(t) for t in (term.subject, term.predicate, term.object))
        return f"<<( {' '.join(parts)} )>>"
    return str(term)
