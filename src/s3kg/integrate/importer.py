"""``s3kg import MAPPING``: load external cluster data into its own named graph.

Steps, all driven by the mapping (``import_mapping.py``): read the file (CSV with any line
endings, or JSON), normalise every value (trim, collapse white space), reject records that
fail the mapping's checks — with the reason —, drop exact duplicates (same key, same values),
reject conflicting ones (same key, other values), and emit the triples. The counts and the
provenance (source file and mapping with their SHA-256) go into the same graph
(``import_prov.py``), which is written to ``var/imports/<source>.nq`` as sorted N-Quads: the
same file and mapping always give the same bytes. Every build includes every file there.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from s3kg.config import imports_dir
from s3kg.errors import InputError
from s3kg.integrate.import_prov import ImportReport, add_import_provenance
from s3kg.integrate.mapping import EntitySpec, ImportMapping, RecordError, iterate, load_mapping
from s3kg.vocab.namespaces import Graphs
from s3kg.vocab.rdf import canonical_nquads

Record = dict[str, Any]


def run_import(
    mapping_path: Path, shared_data: Path, var_dir: Path, file: Path | None = None
) -> ImportReport:
    """Import the source of ``mapping_path`` (or ``file``) into ``var/imports/<source>.nq``."""
    mapping = load_mapping(mapping_path, shared_data)
    source_file = file or mapping.file
    if not source_file.is_file():
        raise InputError(f"source file not found: {source_file}")
    data = source_file.read_bytes()
    report = ImportReport(
        source=mapping.source,
        file=source_file,
        sha256=hashlib.sha256(data).hexdigest(),
        mapping=mapping_path,
        mapping_sha256=hashlib.sha256(mapping_path.read_bytes()).hexdigest(),
    )
    graph = Graph()
    for spec in mapping.static:
        _emit(graph, spec, {})
    _map_records(mapping, _records(mapping, data, source_file.name, report), graph, report)
    add_import_provenance(graph, mapping, report)
    report.triples = len(graph)
    report.output = _write(graph, mapping.source, var_dir)
    return report


def _map_records(
    mapping: ImportMapping,
    records: Iterator[tuple[str, Record]],
    graph: Graph,
    report: ImportReport,
) -> None:
    seen: dict[tuple[str, ...], tuple[str, str]] = {}
    for where, record in records:
        problem = _check(mapping, record)
        if problem:
            report.reject(problem, where)
            continue
        key = tuple(str(record.get(k)) for k in mapping.key)
        content = json.dumps(record, sort_keys=True, ensure_ascii=False)
        if key in seen:
            if seen[key][0] == content:
                report.duplicates += 1
            else:
                report.reject("same key as an earlier record with other values", where)
            continue
        seen[key] = (content, where)
        try:
            triples = [t for spec in mapping.entities for t in _triples(spec, record)]
        except RecordError as err:
            report.reject(str(err), where)
            continue
        for triple in triples:
            graph.add(triple)
        report.imported += 1


def _check(mapping: ImportMapping, record: Record) -> str | None:
    for name in (*mapping.key, *(n for n, _ in mapping.require)):
        value = record.get(name)
        if value is None or value == "":
            return f"missing {name}"
    for name, pattern in mapping.require:
        if pattern is not None and not pattern.search(str(record.get(name))):
            return f"{name} does not match {pattern.pattern}"
    return None


def _triples(spec: EntitySpec, record: Record) -> list[tuple[URIRef, URIRef, Any]]:
    out: list[tuple[URIRef, URIRef, Any]] = []
    for context in iterate(record, spec.each) if spec.each else [record]:
        subject = spec.id.render_iri(context)
        if subject is None:
            continue
        out += [(subject, RDF.type, t) for t in spec.types]
        for predicate, value in spec.values:
            out += [(subject, predicate, term) for term in value.terms(context)]
    return out


def _emit(graph: Graph, spec: EntitySpec, context: Record) -> None:
    try:
        for triple in _triples(spec, context):
            graph.add(triple)
    except RecordError as err:
        raise InputError(f"static entity {spec.id.text}: {err}") from err


def _records(
    mapping: ImportMapping, data: bytes, name: str, report: ImportReport
) -> Iterator[tuple[str, Record]]:
    """Normalised records with their location; unusable ones are rejected on the way."""
    try:
        text = data.decode(mapping.encoding)
    except (UnicodeDecodeError, LookupError) as err:
        raise InputError(f"{name}: cannot decode as {mapping.encoding}: {err}") from err
    reader = _csv_records if mapping.format == "csv" else _json_records
    for where, record in reader(mapping, text, name):
        report.read += 1
        if isinstance(record, str):
            report.reject(record, where)
        else:
            yield where, normalise(record)


def _csv_records(
    mapping: ImportMapping, text: str, name: str
) -> Iterator[tuple[str, Record | str]]:
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        raise InputError(f"{name}: empty file (no header row)") from None
    except csv.Error as err:
        raise InputError(f"{name}: malformed CSV header: {err}") from err
    missing = sorted(mapping.fields() - set(header))
    if missing:
        raise InputError(f"{name}: no column {missing[0]!r} (columns: {', '.join(header)})")
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as err:
            raise InputError(f"{name}: malformed CSV at line {reader.line_num}: {err}") from err
        if not any(cell.strip() for cell in row):
            continue
        where = f"line {reader.line_num}"
        if len(row) != len(header):
            yield where, f"row has {len(row)} fields, the header has {len(header)}"
        else:
            yield where, dict(zip(header, row, strict=True))


def _json_records(
    mapping: ImportMapping, text: str, name: str
) -> Iterator[tuple[str, Record | str]]:
    try:
        data: Any = json.loads(text)
    except json.JSONDecodeError as err:
        raise InputError(f"{name}: not valid JSON: {err.msg} at line {err.lineno}") from err
    for part in filter(None, mapping.records.split(".")):
        data = data.get(part) if isinstance(data, dict) else None
    if not isinstance(data, list):
        where = f"'{mapping.records}'" if mapping.records else "the top level"
        raise InputError(f"{name}: expected a list of records at {where}")
    for i, item in enumerate(data, 1):
        yield f"record {i}", item if isinstance(item, dict) else "record is not a JSON object"


def normalise(value: Any) -> Any:
    """Trim strings and collapse runs of white space, recursively."""
    if isinstance(value, str):
        return " ".join(value.split())
    if isinstance(value, list):
        return [normalise(v) for v in value]
    if isinstance(value, dict):
        return {" ".join(str(k).split()): normalise(v) for k, v in value.items()}
    return value


def _write(graph: Graph, source: str, var_dir: Path) -> Path:
    folder = imports_dir(var_dir)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{source}.nq"
    tmp = folder / f".{source}.nq.{os.getpid()}"
    tmp.write_bytes(canonical_nquads({Graphs.import_graph(source): graph}))
    os.replace(tmp, target)
    return target
