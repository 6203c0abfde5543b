"""The parts of a build that are made per document, or from inputs that rarely change, and
cached as fragments (``s3kg.build.fragments``): what each fragment's key is made of.

Each key names every input the fragment is made from, so a cached fragment is exactly what
making it again would give: a document's parts depend on its key, IRI and text; its mentions
also on the gazetteer and on the evidence spans the curated facts already describe in it
(a mention reuses such a span rather than describing it twice); its candidates on the same
and on the extraction context's digest; the entailments on the ontology and the facts.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping

from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from s3kg.build.candidates import add_candidates
from s3kg.build.fragments import Fragment, FragmentCache, code_digest, digest, files_digest
from s3kg.build.gazetteer import Gazetteer, add_mentions
from s3kg.build.parts import DocumentParts
from s3kg.build.reasoning import ReasonerUnavailableError, assert_consistent
from s3kg.config import Settings
from s3kg.corpus.reader import Document
from s3kg.curation.review import Decision
from s3kg.errors import BuildError
from s3kg.extract.context import Context
from s3kg.extract.run import propose
from s3kg.vocab.namespaces import OA, Graphs
from s3kg.vocab.rdf import canonical_nquads

Progress = Callable[[str], None]


def silent(_: str) -> None:
    return None


def fragment_cache(settings: Settings, use_cache: bool = True) -> FragmentCache:
    """The build's cache of fragments (``var/cache/fragments``); nothing kept when not used."""
    validation = files_digest([settings.ontology_file, *settings.shapes_dir.glob("*.ttl")])
    folder = settings.var_dir / "cache" / "fragments" if use_cache else None
    return FragmentCache(folder, code_digest(), validation, settings.build_jobs)


def parts_fragment(cache: FragmentCache, doc: Document, iri: URIRef) -> Fragment:
    inputs = (doc.key, doc.sha256, str(iri))
    return cache.make("parts", Graphs.CORPUS, inputs, lambda g: DocumentParts(g, iri).add(doc))


def mention_fragments(
    cache: FragmentCache,
    gazetteer: Gazetteer,
    docs: list[Document],
    documents: Mapping[str, URIRef],
    provenance: Graph,
    progress: Progress = silent,
) -> list[Fragment]:
    spans = _described_spans(provenance)
    names = gazetteer.digest()
    jobs = []
    for doc in docs:
        iri = documents[doc.key]
        inputs = (doc.key, doc.sha256, str(iri), names, digest(*spans.get(iri, [])))

        def fill(graph: Graph, doc: Document = doc) -> None:
            add_mentions(gazetteer, [doc], graph, documents, provenance=provenance)

        jobs.append((inputs, fill))
    return cache.make_all("mentions", Graphs.MENTIONS, jobs, _counter("mentions", progress))


def candidate_fragments(
    cache: FragmentCache,
    context: Context,
    docs: list[Document],
    documents: Mapping[str, URIRef],
    provenance: Graph | None = None,
    decisions: Iterable[Decision] = (),
    mentions: Mapping[str, Fragment] | None = None,
    progress: Progress = silent,
) -> list[Fragment]:
    """Each document's candidates (``s3kg.extract``), keyed by its text and the context.

    Like mentions, candidates reuse the evidence spans the curated facts describe, so those
    spans are part of the key too; and so are the curator's decisions on the document's
    candidates, which leave them out.
    """
    spans = _described_spans(provenance) if provenance is not None else {}
    decided: dict[str, set[str]] = defaultdict(set)
    for decision in decisions:
        decided[decision.document].add(decision.annotation)
    known = context.digest()
    jobs = []
    for doc in docs:
        iri, skip = documents[doc.key], frozenset(decided.get(doc.key, ()))
        mentioned = (mentions or {}).get(doc.key)
        inputs = (doc.key, doc.sha256, str(iri), known, digest(*spans.get(iri, [])),
                  digest(*sorted(skip)), mentioned.key if mentioned else "")  # fmt: skip

        def fill(graph: Graph, doc: Document = doc, skip: frozenset[str] = skip,
                 mentioned: Fragment | None = mentioned) -> None:  # fmt: skip
            spans_there = _spans_of(mentioned) if mentioned else None
            add_candidates(propose(doc, context), doc, graph, documents, provenance, skip,
                           spans_there)  # fmt: skip

        jobs.append((inputs, fill))
    return cache.make_all("candidates", Graphs.CANDIDATES, jobs, _counter("candidates", progress))


def _counter(what: str, progress: Progress) -> Callable[[int, int], None]:
    """Progress about every tenth of the documents whose ``what`` are made (not cached)."""

    def report(done: int, total: int) -> None:
        if total > 1 and (done == total or done % max(1, total // 10) == 0):
            progress(f"{what} of {done}/{total} documents made")

    return report


def _spans_of(fragment: Fragment) -> Graph:
    """The spans a fragment describes (their type triples), read from its N-Quads."""
    marker = f" {RDF.type.n3()} {OA.SpecificResource.n3()} ".encode()
    graph = Graph()
    for line in fragment.nquads.splitlines():
        if marker in line:
            graph.add((URIRef(line.split(b" ", 1)[0].decode()[1:-1]), RDF.type,
                       OA.SpecificResource))  # fmt: skip
    return graph


def _described_spans(provenance: Graph) -> dict[URIRef, list[str]]:
    """The evidence spans each document already has, sorted (part of its mentions' key)."""
    spans: dict[URIRef, list[str]] = defaultdict(list)
    for span in provenance.subjects(RDF.type, OA.SpecificResource):
        for document in provenance.objects(span, OA.hasSource):
            if isinstance(document, URIRef):
                spans[document].append(str(span))
    return {document: sorted(found) for document, found in spans.items()}


def inferred_fragment(cache: FragmentCache, ontology: Graph, facts: Graph) -> Fragment:
    """HermiT's entailments from the ontology and the facts (cached by both)."""

    def fill(inferred: Graph) -> None:
        try:
            report = assert_consistent(ontology + facts)
        except ReasonerUnavailableError as err:
            raise BuildError(f"{err} (or build with --no-reason)") from err
        for triple in report.inferred:
            inferred.add(triple)

    source = canonical_nquads({Graphs.ONTOLOGY: ontology, Graphs.FACTS: facts})
    return cache.make("inferred", Graphs.INFERRED, (digest(source.decode()),), fill)


def fragment_graph(fragment: Fragment) -> Graph:
    """The fragment as an rdflib graph (read back from its N-Quads when it was cached)."""
    if fragment.graph is not None:
        return fragment.graph
    graph = Graph(identifier=fragment.name)
    graph.parse(data=fragment.nquads, format="nquads")
    return graph
