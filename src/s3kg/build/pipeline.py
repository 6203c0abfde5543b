"""``s3kg build``: corpus + curated data + ontology -> knowledge graph release.

Data flows one way: read and hash the documents, check the curated data against them,
emit facts with provenance, extract tables/lists/figures, parse the corpus structure and
references, find mentions, reason, validate, and only then publish atomically (see
``release.py``). Any failure before the publish leaves the last good release in place.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from s3kg import __version__
from s3kg.build.checking import Validation, Verdict
from s3kg.build.corpus_graph import CorpusGraph
from s3kg.build.documents import DocumentSet, describe_uncurated, read_documents
from s3kg.build.emitter import Emitter
from s3kg.build.extraction import Extractor
from s3kg.build.facts import FactBuilder
from s3kg.build.fragments import Fragment, FragmentCache, code_digest
from s3kg.build.gazetteer import Gazetteer
from s3kg.build.incremental import (
    Progress,
    candidate_fragments,
    fragment_cache,
    fragment_graph,
    inferred_fragment,
    mention_fragments,
    parts_fragment,
    silent,
)
from s3kg.build.metadata import describe_dataset
from s3kg.build.ontology import load_ontology
from s3kg.build.provenance import ProvenanceRecorder
from s3kg.build.release import commit, discard, stage
from s3kg.build.reviewed import add_review_provenance
from s3kg.build.storeload import Contents
from s3kg.config import Release, Settings
from s3kg.corpus.reader import Document
from s3kg.curation.records import CuratedData, load_curated
from s3kg.curation.review import Decision, load_decisions
from s3kg.curation.terms import Vocabulary
from s3kg.errors import BuildError, InputError, S3kgError
from s3kg.extract.run import load_context
from s3kg.integrate.graphs import add_integration
from s3kg.integrate.import_prov import ImportReport
from s3kg.integrate.importer import run_import
from s3kg.vocab.namespaces import S3KG, Graphs
from s3kg.vocab.rdf import canonical_nquads, graph_counts, sorted_lines


@dataclass
class BuildOutcome:
    graphs: dict[URIRef, Graph]  # everything but the document fragments
    report: dict[str, Any] = field(default_factory=dict)
    fragments: list[Fragment] = field(default_factory=list)
    nquads: bytes = b""  # the whole graph, canonical: set by ``assemble``
    lines: list[bytes] = field(default_factory=list)  # its lines, sorted and distinct
    core: list[bytes] = field(default_factory=list)  # those not from the fragments


def build_graph(
    settings: Settings,
    *,
    force: bool = False,
    reason: bool = True,
    use_cache: bool = True,
    progress: Progress = silent,
) -> Release:
    """Build and publish the graph; returns the new current release."""
    started = time.monotonic()
    cache = fragment_cache(settings, use_cache)
    outcome = assemble(settings, reason=reason, progress=progress, cache=cache, finish=False)
    progress("validating against the SHACL shapes while the graph is written and the store loads")
    # The metadata counts the whole graph: it comes last, the rest is prepared meanwhile.
    validation = Validation(lambda: _validation_graphs(outcome), settings, [Graphs.METADATA])
    try:
        progress("writing canonical N-Quads")
        _finish(outcome)
        validation.add_late({Graphs.METADATA: outcome.graphs[Graphs.METADATA]})
        progress("loading the store and the search index")
        staged = stage(outcome.nquads, settings.var_dir,
                       cache.folder and settings.var_dir / "cache", _contents(outcome, cache),
                       settings.build_jobs)  # fmt: skip
    except BaseException:
        validation.cancel()
        raise
    verdict = validation.result()
    try:
        _judge(outcome, verdict, force)
    except S3kgError:
        discard(staged)
        raise
    outcome.report["seconds"] = round(time.monotonic() - started, 2)
    release = commit(staged, outcome.report, settings.var_dir)
    if verdict.conforms:
        cache.mark_validated(f for f in outcome.fragments if f.kind in _VALIDATED_KINDS)
    cache.prune()
    progress(f"published build {release.build_id} ({outcome.report['triples']} triples)")
    return release


def _contents(outcome: BuildOutcome, cache: FragmentCache) -> Contents:
    """What the store of a rebuild is made from (``s3kg.build.storeload``)."""
    return Contents(outcome.lines, outcome.core,
                    {f.key: f.nquads for f in outcome.fragments}, cache.read_fragment)


def assemble(
    settings: Settings,
    *,
    reason: bool = True,
    progress: Progress = silent,
    cache: FragmentCache | None = None,
    finish: bool = True,
) -> BuildOutcome:
    """A build's graph in memory; without N-Quads and metadata if not ``finish``."""
    cache = cache or FragmentCache(None, code_digest())
    progress("reading the ontology, the corpus, the library and the curated data")
    ontology = load_ontology(settings.ontology_file)
    curated = load_curated(settings.curated_dir)
    found = read_documents(settings, curated, progress)
    docs, documents = found.docs, found.iris
    graphs = {name: Graph() for name in _BUILT_GRAPHS}
    graphs[Graphs.ONTOLOGY] = ontology
    recorder = ProvenanceRecorder(
        graphs[Graphs.PROVENANCE], documents, {d.key: d.text for d in docs}
    )
    emitter = Emitter({d.key: d for d in docs}, recorder)
    _add_facts(graphs[Graphs.FACTS], curated, emitter, Vocabulary(ontology), progress)
    decisions = load_decisions(settings.review_dir)
    add_review_provenance(graphs[Graphs.PROVENANCE], decisions.values())
    progress("parsing document structure and reference lists")
    CorpusGraph(graphs[Graphs.CORPUS], emitter, documents).add(docs)
    describe_uncurated(graphs[Graphs.CORPUS], emitter, found)
    fragments = [parts_fragment(cache, doc, documents[doc.key]) for doc in docs]
    gazetteer = Gazetteer.from_graph(graphs[Graphs.FACTS])
    fragments += _found_in_text(settings, cache, graphs, found, gazetteer, decisions, progress)
    add_integration(graphs, settings, progress)
    if reason:
        progress("reasoning with HermiT")
        fragments.append(inferred_fragment(cache, ontology, graphs[Graphs.FACTS]))
    outcome = BuildOutcome(graphs, _report(docs, fragments, gazetteer), fragments)
    outcome.report["skipped"] = [{"file": name, "reason": why} for name, why in found.skipped]
    if finish:
        progress("writing canonical N-Quads")
        _finish(outcome)
    return outcome


def _found_in_text(
    settings: Settings,
    cache: FragmentCache,
    graphs: dict[URIRef, Graph],
    found: DocumentSet,
    gazetteer: Gazetteer,
    decisions: Mapping[str, Decision],
    progress: Progress,
) -> list[Fragment]:
    """Each document's mentions of known entities, then the candidates the extractors propose
    (which reuse the mentions' spans, so they come second)."""
    docs, documents, provenance = found.docs, found.iris, graphs[Graphs.PROVENANCE]
    progress("finding entity mentions")
    mentions = mention_fragments(cache, gazetteer, docs, documents, provenance, progress)
    progress("proposing candidate entities, figures, instruments and factors")
    context = load_context(settings, graphs[Graphs.FACTS])
    by_doc = {doc.key: fragment for doc, fragment in zip(docs, mentions, strict=True)}
    candidates = candidate_fragments(
        cache, context, docs, documents, provenance, decisions.values(), by_doc, progress
    )
    return [*mentions, *candidates]


def _finish(outcome: BuildOutcome) -> None:
    """Describe the dataset with the counts of the whole graph; set the canonical N-Quads."""
    graphs = outcome.graphs
    rest = {name: g for name, g in graphs.items() if name != Graphs.METADATA}
    core = canonical_nquads(rest)
    lines, repeats = sorted_lines([core, *(f.nquads for f in outcome.fragments)])
    # Counted by chunk, without reading the lines, then less the quads two chunks both hold.
    counts = {URIRef(name): n for name, n in graph_counts(core).items()}
    for fragment in outcome.fragments:
        counts[fragment.name] = counts.get(fragment.name, 0) + fragment.nquads.count(b"\n")
    for name, n in graph_counts(b"\n".join(repeats)).items():
        counts[URIRef(name)] -= n
    counts.update({name: 0 for name in rest if name not in counts})
    describe_dataset(graphs, counts, outcome.report)
    metadata = canonical_nquads({Graphs.METADATA: graphs[Graphs.METADATA]})
    # Metadata quads sort among the others but never equal one: no need to de-duplicate.
    lines += metadata.splitlines()
    lines.sort()  # two sorted runs: a merge
    outcome.nquads = b"\n".join(lines) + b"\n"
    outcome.lines = lines
    outcome.core = sorted([*core.splitlines(), *metadata.splitlines()])
    counts[Graphs.METADATA] = len(graphs[Graphs.METADATA])
    outcome.report["graphs"] = {str(name): n for name, n in sorted(counts.items())}
    outcome.report["triples"] = sum(counts.values())


_VALIDATED_KINDS = frozenset({"parts"})
_BUILT_GRAPHS = (
    Graphs.CORPUS,
    Graphs.FACTS,
    Graphs.PROVENANCE,
    Graphs.MENTIONS,
    Graphs.CANDIDATES,
    Graphs.INFERRED,
    Graphs.METADATA,
)


def _add_facts(
    facts_graph: Graph,
    curated: CuratedData,
    emitter: Emitter,
    vocab: Vocabulary,
    progress: Progress,
) -> None:
    """The curated facts, then what code extracts from tables, lists and figure grids."""
    progress("emitting curated facts with their locators")
    facts = FactBuilder(vocab, emitter, facts_graph)
    facts.add_all(curated)
    progress("extracting tables, lists and figure grids")
    extractor = Extractor(vocab, emitter, facts_graph)
    extractor.run(curated.extraction, curated.classifiers)
    facts.check_references(extractor.ids())


def _validation_graphs(outcome: BuildOutcome) -> dict[URIRef, Graph]:
    """What the shapes check: all but the fragments that passed them in an earlier build.

    Fragments are only ever new parts of a document (``s3kg.build.fragments``); the rest of
    the graph is always validated.
    """
    graphs = dict(outcome.graphs)
    fresh = [f for f in outcome.fragments if f.kind in _VALIDATED_KINDS and not f.validated]
    for name in {f.name for f in fresh}:
        merged = Graph(identifier=name)
        merged += graphs[name]
        for fragment in fresh:
            if fragment.name == name:
                merged += fragment_graph(fragment)
        graphs[name] = merged
    return graphs


def _judge(outcome: BuildOutcome, verdict: Verdict, force: bool) -> None:
    """Record the validation in the report; refuse to publish on violations unless forced."""
    if verdict.error is not None:
        raise InputError(verdict.error)
    outcome.report["validation"] = {
        **verdict.summary,
        "cached_fragments": sum(
            1 for f in outcome.fragments if f.kind in _VALIDATED_KINDS and f.validated
        ),
    }
    if not verdict.conforms and not force:
        raise BuildError(
            "the graph has SHACL violations; the last good graph stays published. "
            "Fix the data (details below) or pass --force.\n" + verdict.brief
        )


def _report(
    docs: list[Document], fragments: list[Fragment], gazetteer: Gazetteer
) -> dict[str, Any]:
    mention = f"{RDF.type.n3()} {S3KG.Mention.n3()} ".encode()
    candidate = f"{RDF.type.n3()} {S3KG.Candidate.n3()} ".encode()
    return {
        "version": __version__,
        "documents": {d.key: {"file": d.path.name, "sha256": d.sha256} for d in docs},
        "mentions": sum(f.count(mention) for f in fragments if f.kind == "mentions"),
        "candidates": sum(f.count(candidate) for f in fragments if f.kind == "candidates"),
        "ambiguous_names": sorted(gazetteer.ambiguous),
    }


def import_and_publish(
    mapping_path: Path,
    settings: Settings,
    file: Path | None = None,
    publish: bool = True,
    progress: Callable[[str], None] = lambda _: None,
) -> ImportReport:
    """``s3kg import``: import, then republish through the normal build (atomic release)."""
    report = run_import(mapping_path, settings.shared_data_dir, settings.var_dir, file)
    if publish:
        try:
            build_graph(settings, progress=progress)
        except S3kgError as err:
            raise BuildError(
                f"{report.output} was written and the next successful build will include it, "
                f"but publishing failed: {err}"
            ) from err
    return report
