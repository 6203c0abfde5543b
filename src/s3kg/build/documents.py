"""The documents of a build: the corpus folder and the library, curated or not.

A curated document (one with an entry in ``documents.yaml``) keeps its hash check: if its
file changed, the build stops, because its locators may no longer point where they did. Every
other document is built from what code can read in it, under an IRI minted from its file name
(``document/201-silicon-valley``); one that cannot be read is reported and skipped, so a new
document never stops a build.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS

from s3kg.build.emitter import Emitter, literal_en
from s3kg.config import Settings
from s3kg.corpus.library import Entry, load_library, open_library, read_folder
from s3kg.corpus.reader import Document, slugify
from s3kg.curation.records import CuratedData
from s3kg.curation.terms import entity_iri
from s3kg.errors import BuildError
from s3kg.vocab.namespaces import BIBO, ID

Progress = Callable[[str], None]
_MEDIA_TYPES = "http://www.iana.org/assignments/media-types/"


@dataclass
class DocumentSet:
    docs: list[Document]
    iris: dict[str, URIRef]
    entries: dict[str, Entry] = field(default_factory=dict)  # library documents by key
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (file, reason)
    curated: frozenset[str] = frozenset()  # keys of the curated documents


def read_documents(settings: Settings, curated: CuratedData, progress: Progress) -> DocumentSet:
    """Every readable document of the corpus folder and of the library, with its IRI."""
    docs, skipped = read_folder(settings.corpus_dir)
    library = open_library(settings.library_dir)
    added, unreadable = load_library(library)
    taken = {d.key for d in docs}
    for doc in added:
        if doc.key in taken:
            skipped.append((doc.path.name, f"key {doc.key} is also used in the corpus folder"))
        else:
            docs.append(doc)
    skipped += unreadable
    for name, reason in skipped:
        progress(f"skipped {name}: {reason}")
    docs.sort(key=lambda d: d.key)
    iris, curated_keys = _document_iris(docs, curated)
    entries = {e.key: e for e in library.entries}
    return DocumentSet(docs, iris, entries, skipped, curated_keys)


def _document_iris(
    docs: list[Document], curated: CuratedData
) -> tuple[dict[str, URIRef], frozenset[str]]:
    """Curated keys map to their records' IRIs (refusing changed files); others get one."""
    records = {str(d.key): d for d in curated.documents}
    problems = []
    for doc in docs:
        record = records.get(doc.key)
        if record is not None and record.sha256 != doc.sha256:
            problems.append(
                f"{doc.path.name} changed: curated data was recorded against sha256 "
                f"{(record.sha256 or '')[:12]}…, the file now hashes to {doc.sha256[:12]}…; "
                "review the locators of this document, then update its sha256 in documents.yaml"
            )
    missing = sorted(set(records) - {d.key for d in docs})
    problems += [f"document {key} is curated but missing from the corpus" for key in missing]
    if problems:
        raise BuildError("the corpus does not match the curated data:\n  " + "\n  ".join(problems))
    iris = {key: entity_iri(record.id) for key, record in records.items()}
    for doc in docs:
        iris.setdefault(doc.key, _minted(doc.path.stem))
    return iris, frozenset(records)


def describe_uncurated(graph: Graph, emitter: Emitter, found: DocumentSet) -> None:
    """The original file, format and versions of each added document, and the located title
    and abstract of each uncurated one (a curated one has its own)."""
    for doc in found.docs:
        iri = found.iris[doc.key]
        entry = found.entries.get(doc.key)
        if entry is not None:  # curated or not, an added document keeps its origin
            _describe_origin(graph, iri, entry, found.entries)
        if doc.key in found.curated:
            continue
        title = " ".join(doc.title.text.split())
        where = emitter.span_evidence(doc.key, doc.title, f"{doc.key}:title")
        emitter.emit(graph, (iri, DCTERMS.title, Literal(title)), where)
        emitter.emit(graph, (iri, RDFS.label, literal_en(title)), where)
        if doc.abstract is not None:
            block = next((b.number for b in doc.blocks if b.span.end > doc.abstract.start), 1)
            where = emitter.span_evidence(doc.key, doc.abstract, f"{doc.key}:p{block}")
            abstract = Literal(" ".join(doc.abstract.text.split()))
            emitter.emit(graph, (iri, DCTERMS.abstract, abstract), where)


def _describe_origin(graph: Graph, iri: URIRef, entry: Entry, entries: Mapping[str, Entry]) -> None:
    """The file the text was converted from, as a PROV entity (format, name, digest)."""
    origin = ID[f"file/{entry.source_sha256[:16]}"]
    graph.add((iri, PROV.wasDerivedFrom, origin))
    graph.add((origin, RDF.type, PROV.Entity))
    graph.add((origin, DCTERMS.title, Literal(entry.file)))
    graph.add((origin, DCTERMS.format, URIRef(_MEDIA_TYPES + entry.media_type)))
    graph.add((origin, DCTERMS.identifier, Literal(f"sha256:{entry.source_sha256}")))
    if entry.pages:
        graph.add((iri, BIBO.numPages, Literal(len(entry.pages))))
    previous = entries.get(entry.replaces or "")
    if previous is not None:
        graph.add((iri, PROV.wasRevisionOf, _minted(Path(previous.text_file).stem)))


def _minted(stem: str) -> URIRef:
    """The IRI of an uncurated document, from its text file's name (``201-silicon-valley``)."""
    return ID[f"document/{slugify(stem)}"]
