"""The candidates graph of a tiny build: located annotations, resolved bodies, and cached
fragments reused by a rebuild."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF
from tests.build.conftest import TINY_CORPUS

from s3kg.build.fragments import FragmentCache, code_digest
from s3kg.build.incremental import fragment_graph
from s3kg.build.pipeline import BuildOutcome, assemble
from s3kg.config import Settings
from s3kg.corpus.adding import add_paths
from s3kg.corpus.reader import load_corpus
from s3kg.vocab.namespaces import ID, OA, S3KG, Graphs
from s3kg.vocab.rdf import canonical_nquads

EXTRA = Path(__file__).resolve().parents[3] / "shared" / "corpus-extra"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[BuildOutcome, BuildOutcome, Path]:
    """The tiny corpus and 102 from the library, assembled twice with one fragment cache."""
    root = tmp_path_factory.mktemp("candidates")
    settings = replace(Settings(), corpus_dir=TINY_CORPUS, curated_dir=TINY_CORPUS / "curated",
                       var_dir=root / "var", library_dir=root / "library")  # fmt: skip
    inbox = root / "inbox"
    inbox.mkdir()
    (inbox / "102_economy-of-taiwan.txt").write_bytes(
        (EXTRA / "102_economy-of-taiwan.txt").read_bytes()
    )
    add_paths(settings.library_dir, [inbox / "102_economy-of-taiwan.txt"], reserved=set())
    folder = root / "cache"
    first = assemble(settings, reason=False, cache=FragmentCache(folder, code_digest()))
    again = assemble(settings, reason=False, cache=FragmentCache(folder, code_digest()))
    return first, again, root


def _candidates(outcome: BuildOutcome) -> Graph:
    graph = Graph()
    for fragment in outcome.fragments:
        if fragment.kind == "candidates":
            graph += fragment_graph(fragment)
    return graph


def _texts() -> dict[str, str]:
    return {doc.key: doc.text for doc in load_corpus(TINY_CORPUS)}


def test_every_candidate_targets_the_text_it_names(
    built: tuple[BuildOutcome, BuildOutcome, Path],
) -> None:
    first, _, _ = built
    graph = _candidates(first)
    provenance = first.graphs[Graphs.PROVENANCE]
    mentions = Graph()
    for fragment in first.fragments:
        if fragment.kind == "mentions":
            mentions += fragment_graph(fragment)
    both = graph + provenance + mentions  # a span is described once, wherever it was first
    annotations = set(graph.subjects(RDF.type, S3KG.Candidate))
    assert len(annotations) > 100
    for annotation in annotations:
        span = both.value(annotation, OA.hasTarget)
        quote = both.value(URIRef(f"{span}/quote"), OA.exact)
        position = URIRef(f"{span}/position")
        start, end = int(both.value(position, OA.start)), int(both.value(position, OA.end))
        assert str(span).endswith(f"-{start}-{end}") and len(str(quote)) == end - start
    assert not set(graph.subjects(RDF.type, S3KG.Cluster))  # proposals are not facts
    assert not set(first.graphs[Graphs.FACTS].subjects(RDF.type, S3KG.Candidate))


def test_hsinchu_science_park_is_a_proposed_cluster_with_a_confidence(
    built: tuple[BuildOutcome, BuildOutcome, Path],
) -> None:
    graph = _candidates(built[0])
    park = ID["candidate/cluster/hsinchu-science-park"]
    assert (park, RDF.type, S3KG.ProposedEntity) in graph
    assert (park, S3KG.proposedType, S3KG.Cluster) in graph
    annotations = set(graph.subjects(OA.hasBody, park))
    assert annotations
    for annotation in annotations:
        assert 0 < float(graph.value(annotation, S3KG.confidence)) <= 1
        identifiers = {str(i) for i in graph.objects(annotation, S3KG.proposedIdentifier)}
        assert "iso3166-1:TW" in identifiers


def test_a_curated_cluster_is_resolved_and_its_spans_not_described_twice(
    built: tuple[BuildOutcome, BuildOutcome, Path],
) -> None:
    first, _, _ = built
    graph = _candidates(first)
    curated = ID["cluster/lakeside-robotics"]
    annotations = set(graph.subjects(OA.hasBody, curated))
    assert annotations
    provenance = first.graphs[Graphs.PROVENANCE]
    described = set(provenance.subjects(RDF.type, OA.SpecificResource))
    assert not described & set(graph.subjects(RDF.type, OA.SpecificResource))
    texts = _texts()
    for annotation in annotations:
        span = str(graph.value(annotation, OA.hasTarget))
        key, start, end = span.rsplit("/", 1)[1].rsplit("-", 2)
        assert texts[key][int(start) : int(end)].casefold() == "lakeside robotics cluster"


def test_a_rebuild_reads_the_candidates_back_from_the_cache(
    built: tuple[BuildOutcome, BuildOutcome, Path],
) -> None:
    first, again, _ = built
    made = [f for f in first.fragments if f.kind == "candidates"]
    reused = [f for f in again.fragments if f.kind == "candidates"]
    assert made and all(f.graph is not None for f in made)
    assert reused and all(f.graph is None for f in reused)
    assert [f.nquads for f in reused] == [f.nquads for f in made]
    assert first.report["candidates"] == again.report["candidates"] > 100


def test_the_named_query_lists_a_documents_candidates_with_their_spans(
    built: tuple[BuildOutcome, BuildOutcome, Path],
) -> None:
    first, _, _ = built
    store = ox.Store()
    nquads = [f.nquads for f in first.fragments if f.kind == "candidates"]
    store.load(b"".join(nquads), format=ox.RdfFormat.N_QUADS)
    store.load(canonical_nquads({Graphs.PROVENANCE: first.graphs[Graphs.PROVENANCE]}),
               format=ox.RdfFormat.N_QUADS)  # fmt: skip
    query = (Path(__file__).resolve().parents[2] / "queries/candidates/by_document.rq").read_text()
    document = ox.NamedNode(str(ID["document/lakeside-robotics"]))
    rows = list(store.query(query, use_default_graph_as_union=True,
                            substitutions={ox.Variable("document"): document}))  # fmt: skip
    assert rows
    for row in rows:
        assert len(row["exact"].value) == int(row["end"].value) - int(row["start"].value)
        assert 0 < float(row["confidence"].value) <= 1 and ":" in row["method"].value
