"""The tiny test corpus (tests/data/tiny-corpus) and fresh build graphs over it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from rdflib import Graph, URIRef

from s3kg.build.emitter import Emitter
from s3kg.build.extraction import Extractor
from s3kg.build.facts import FactBuilder
from s3kg.build.ontology import load_ontology
from s3kg.build.provenance import ProvenanceRecorder
from s3kg.config import Settings
from s3kg.corpus.reader import Document, load_corpus
from s3kg.curation.records import CuratedData, load_curated
from s3kg.curation.terms import Vocabulary, entity_iri

TINY_CORPUS = Path(__file__).resolve().parents[1] / "data" / "tiny-corpus"
TINY_CURATED = TINY_CORPUS / "curated"


@dataclass
class TinyBuild:
    """The graphs and helpers of one build over the tiny corpus, as the pipeline wires them."""

    corpus: dict[str, Document]
    curated: CuratedData
    vocab: Vocabulary
    documents: dict[str, URIRef]
    facts: Graph
    provenance: Graph
    recorder: ProvenanceRecorder
    emitter: Emitter

    def fact_builder(self) -> FactBuilder:
        return FactBuilder(self.vocab, self.emitter, self.facts)

    def extractor(self) -> Extractor:
        return Extractor(self.vocab, self.emitter, self.facts)


@pytest.fixture(scope="session")
def tiny_corpus() -> dict[str, Document]:
    return {doc.key: doc for doc in load_corpus(TINY_CORPUS)}


@pytest.fixture(scope="session")
def tiny_curated() -> CuratedData:
    return load_curated(TINY_CURATED)


@pytest.fixture(scope="session")
def vocab() -> Vocabulary:
    return Vocabulary(load_ontology(Settings().ontology_file))


@pytest.fixture()
def tiny(
    tiny_corpus: dict[str, Document], tiny_curated: CuratedData, vocab: Vocabulary
) -> TinyBuild:
    """Empty facts and provenance graphs with an emitter over the tiny corpus."""
    documents = {str(record.key): entity_iri(record.id) for record in tiny_curated.documents}
    facts, provenance = Graph(), Graph()
    texts = {key: doc.text for key, doc in tiny_corpus.items()}
    recorder = ProvenanceRecorder(provenance, documents, texts)
    emitter = Emitter(tiny_corpus, recorder)
    return TinyBuild(
        tiny_corpus, tiny_curated, vocab, documents, facts, provenance, recorder, emitter
    )
