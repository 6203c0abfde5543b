"""SPARQL query results writers: JSON, XML, CSV and TSV, within a limit on the solutions.

The solutions are written by pyoxigraph's own writers (the W3C formats "SPARQL 1.1 Query
Results JSON Format", "SPARQL Query Results XML Format (Second Edition)" and "SPARQL 1.1
Query Results CSV and TSV Formats"), not one term at a time in Python.  A server's limit on
the number of solutions must hold before anything is answered, and pyoxigraph writes a live
result iterator without counting it, so the solutions are first written as TSV, where each
solution is exactly one line (tabs and line breaks inside terms are escaped): a sink counts
the lines as they come and stops the evaluation as soon as there are more than the limit
(:class:`TooManySolutionsError`, nothing partial is kept).  TSV is then read back and written in the
asked format, natively too; that round trip keeps every term, blank node labels included.
"""

from __future__ import annotations

import json
from typing import Any

import pyoxigraph as ox

JSON = "application/sparql-results+json"
XML = "application/sparql-results+xml"
CSV = "text/csv"
TSV = "text/tab-separated-values"
TABULAR_TYPES = (JSON, XML, CSV, TSV)
BOOLEAN_TYPES = (JSON, XML)

_XML_NS = "http://www.w3.org/2005/sparql-results#"
_FORMATS = {JSON: ox.QueryResultsFormat.JSON, XML: ox.QueryResultsFormat.XML,
            CSV: ox.QueryResultsFormat.CSV, TSV: ox.QueryResultsFormat.TSV}


class TooManySolutionsError(Exception):
    """The solutions are more than the limit; nothing was kept (the caller says so)."""


def serialize_boolean(value: bool, media: str) -> bytes:
    if media == XML:
        text = (f'<?xml version="1.0" encoding="utf-8"?>\n<sparql xmlns="{_XML_NS}">'
                f"<head/><boolean>{'true' if value else 'false'}</boolean></sparql>\n")
        return text.encode()
    return json.dumps({"head": {}, "boolean": value}).encode()


def serialize_solutions(solutions: Any, media: str, limit: int) -> tuple[bytes, int]:
    """Write ``solutions`` (a pyoxigraph ``QuerySolutions``, not yet read) as ``media``; the
    body and the number of solutions.  More than ``limit`` raise :class:`TooManySolutionsError`."""
    sink = _CountingSink(limit)
    solutions.serialize(sink, format=ox.QueryResultsFormat.TSV)
    tsv = b"".join(sink.parts)
    count = sink.lines - 1  # the first line names the variables
    if media == TSV:
        return tsv, count
    table = ox.parse_query_results(tsv, format=ox.QueryResultsFormat.TSV)
    return table.serialize(format=_FORMATS[media]) or b"", count


class _CountingSink:
    """A binary file for pyoxigraph's TSV writer (it writes ~8 KB at a time): keeps the bytes
    and counts the lines; past ``limit`` solutions it raises, which stops the evaluation."""

    def __init__(self, limit: int) -> None:
        self.parts: list[bytes] = []
        self.lines = 0
        self.most = limit + 1  # the header line and ``limit`` solutions

    def write(self, data: bytes) -> int:
        chunk = bytes(data)
        self.lines += chunk.count(b"\n")
        if self.lines > self.most:
            raise TooManySolutionsError
        self.parts.append(chunk)
        return len(chunk)

    def flush(self) -> None:
        return None
