"""``s3kg build``: corpus + curated data + ontology -> knowledge graph release.

Data flows one way: read and hash the documents, check the curated data against them,
emit facts with provenance, extract tables/lists/figures, parse the corpus structure and
references, find mentions, reason, validate, and only then publish atomically (see
``release.py``). Any failure before the publish leaves the last good release in place.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rdflib import Graph, URIRef

from s3kg import __version__
from s3kg.build.corpus_graph import CorpusGraph
from s3kg.build.documents import describe_uncurated, read_documents
from s3kg.build.emitter import Emitter
from s3kg.build.extraction import Extractor
from s3kg.build.facts import FactBuilder
from s3kg.build.gazetteer import Gazetteer, add_mentions
from s3kg.build.metadata import describe_dataset
from s3kg.build.ontology import load_ontology
from s3kg.build.provenance import ProvenanceRecorder
from s3kg.build.reasoning import ReasonerUnavailableError, assert_consistent
from s3kg.build.release import publish
from s3kg.config import Release, Settings
from s3kg.corpus.reader import Document
from s3kg.curation.records import CuratedData, load_curated
from s3kg.curation.terms import Vocabulary
from s3kg.errors import BuildError, S3kgError
from s3kg.integrate.graphs import add_integration
from s3kg.integrate.import_prov import ImportReport
from s3kg.integrate.importer import run_import
from s3kg.validate.shacl import validate_graphs
from s3kg.vocab.namespaces import Graphs
from s3kg.vocab.rdf import canonical_nquads

Progress = Callable[[str], None]


def _silent(_: str) -> None:
    return None


@dataclass
class BuildOutcome:
    graphs: dict[URIRef, Graph]
    report: dict[str, Any] = field(default_factory=dict)


def build_graph(
    settings: Settings,
    *,
    force: bool = False,
    reason: bool = True,
    progress: Progress = _silent,
) -> Release:
    """Build and publish the graph; returns the new current release."""
    started = time.monotonic()
    outcome = assemble(settings, reason=reason, progress=progress)
    progress("validating against the SHACL shapes")
    _validate(outcome, settings, force)
    progress("writing canonical N-Quads and loading the store")
    nquads = canonical_nquads(outcome.graphs)
    outcome.report["seconds"] = round(time.monotonic() - started, 2)
    release = publish(nquads, outcome.report, settings.var_dir)
    progress(f"published build {release.build_id} ({outcome.report['triples']} triples)")
    return release


def assemble(
    settings: Settings, *, reason: bool = True, progress: Progress = _silent
) -> BuildOutcome:
    """Everything but validation and publishing: the graphs of a build, in memory."""
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
    progress("parsing document structure and reference lists")
    CorpusGraph(graphs[Graphs.CORPUS], emitter, documents).add(docs)
    describe_uncurated(graphs[Graphs.CORPUS], emitter, found)
    progress("finding entity mentions")
    gazetteer = Gazetteer.from_graph(graphs[Graphs.FACTS])
    mentions = add_mentions(
        gazetteer, docs, graphs[Graphs.MENTIONS], documents, provenance=graphs[Graphs.PROVENANCE]
    )
    add_integration(graphs, settings, progress)
    if reason:
        progress("reasoning with HermiT")
        _reason(graphs, ontology)
    report = _report(graphs, docs, mentions, gazetteer)
    report["skipped"] = [{"file": name, "reason": why} for name, why in found.skipped]
    describe_dataset(graphs, report)
    # Counted again: the dataset description itself adds to the metadata graph.
    report["graphs"] = {str(name): len(g) for name, g in sorted(graphs.items())}
    report["triples"] = sum(report["graphs"].values())
    return BuildOutcome(graphs, report)


_BUILT_GRAPHS = (Graphs.CORPUS, Graphs.FACTS, Graphs.PROVENANCE, Graphs.MENTIONS,
                 Graphs.INFERRED, Graphs.METADATA)


def _add_facts(facts_graph: Graph, curated: CuratedData, emitter: Emitter, vocab: Vocabulary,
               progress: Progress) -> None:
    """The curated facts, then what code extracts from tables, lists and figure grids."""
    progress("emitting curated facts with their locators")
    facts = FactBuilder(vocab, emitter, facts_graph)
    facts.add_all(curated)
    progress("extracting tables, lists and figure grids")
    extractor = Extractor(vocab, emitter, facts_graph)
    extractor.run(curated.extraction, curated.classifiers)
    facts.check_references(extractor.ids())


def _reason(graphs: dict[URIRef, Graph], ontology: Graph) -> None:
    try:
        report = assert_consistent(ontology + graphs[Graphs.FACTS])
    except ReasonerUnavailableError as err:
        raise BuildError(f"{err} (or build with --no-reason)") from err
    for triple in report.inferred:
        graphs[Graphs.INFERRED].add(triple)


def _validate(outcome: BuildOutcome, settings: Settings, force: bool) -> None:
    """Run the SHACL shapes; refuse to publish on violations unless forced."""
    result = validate_graphs(outcome.graphs, settings)
    outcome.report["validation"] = result.summary()
    if not result.conforms and not force:
        raise BuildError(
            "the graph has SHACL violations; the last good graph stays published. "
            "Fix the data (details below) or pass --force.\n" + result.brief()
        )


def _report(
    graphs: dict[URIRef, Graph], docs: list[Document], mentions: int, gazetteer: Gazetteer
) -> dict[str, Any]:
    return {
        "version": __version__,
        "documents": {d.key: {"file": d.path.name, "sha256": d.sha256} for d in docs},
        "graphs": {str(name): len(g) for name, g in sorted(graphs.items())},
        "triples": sum(len(g) for g in graphs.values()),
        "mentions": mentions,
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
