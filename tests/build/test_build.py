"""The build end to end: deterministic, traceable, and safe when inputs are broken."""

from __future__ import annotations

import shutil
from collections import defaultdict
from dataclasses import replace
from pathlib import Path

import pytest
from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import RDF
from rdflib.term import Node

from s3kg.build.pipeline import build_graph
from s3kg.config import Release, Settings
from s3kg.errors import BuildError, InputError
from s3kg.vocab.namespaces import S3KG, Graphs

pytestmark = pytest.mark.slow


def _dataset(release: Release) -> Dataset:
    ds = Dataset()
    ds.parse(release.graph_file, format="nquads")
    return ds


def test_two_builds_give_byte_identical_graph_files(built_release: Release, tmp_path: Path) -> None:
    again = build_graph(Settings(var_dir=tmp_path))
    assert again.build_id == built_release.build_id
    assert again.graph_file.read_bytes() == built_release.graph_file.read_bytes()


def test_every_fact_has_an_assertion_with_a_text_span(built_release: Release) -> None:
    ds = _dataset(built_release)
    facts, prov = ds.graph(Graphs.FACTS), ds.graph(Graphs.PROVENANCE)
    asserted = {
        (prov.value(a, RDF.subject), prov.value(a, RDF.predicate), prov.value(a, RDF.object))
        for a in prov.subjects(RDF.type, S3KG.Assertion)
        if prov.value(a, S3KG.evidence) is not None
    }
    missing = [t for t in facts if t not in asserted]
    assert len(facts) > 1000
    assert missing == [], missing[:5]


def test_no_span_has_two_locators_or_two_descriptions(built_release: Release) -> None:
    """A span IRI names one text selection: one locator, described in one graph."""
    ds = _dataset(built_release)
    locators: dict[Node, set[Node]] = defaultdict(set)
    graphs: dict[Node, set[Node]] = defaultdict(set)
    for span, _, locator, graph in ds.quads((None, S3KG.locator, None, None)):
        locators[span].add(locator)
        graphs[span].add(graph.identifier if isinstance(graph, Graph) else graph)
    spans = [s for s in locators if str(s).startswith("https://w3id.org/s3kg/id/span/")]
    assert len(spans) > 1000
    assert {s: v for s, v in locators.items() if len(v) > 1} == {}
    assert {s: v for s, v in graphs.items() if len(v) > 1} == {}


def test_inferred_types_are_kept_apart_from_asserted_ones(built_release: Release) -> None:
    ds = _dataset(built_release)
    facts, inferred = ds.graph(Graphs.FACTS), ds.graph(Graphs.INFERRED)
    assert len(inferred) > 0
    assert not [t for t in inferred if t in facts]
    clusters = set(inferred.subjects(RDF.type, S3KG.Cluster))
    assert URIRef("https://w3id.org/s3kg/id/cluster/samara-aerospace") in clusters


def _keeps_last_good(
    settings: Settings, release: Release, error: type[Exception], match: str
) -> None:
    with pytest.raises(error, match=match):
        build_graph(settings)
    current = settings.var_dir / "current"
    assert current.resolve() == release.path.resolve()
    assert release.graph_file.is_file()


@pytest.fixture()
def own_build(tmp_path: Path) -> tuple[Settings, Release]:
    """A private var dir with one good build, so tests can break the next one."""
    settings = Settings(var_dir=tmp_path / "var")
    return settings, build_graph(settings, reason=False)


def test_changed_document_fails_and_keeps_the_last_good_graph(
    own_build: tuple[Settings, Release], corpus_copy: Path
) -> None:
    settings, release = own_build
    doc = next(corpus_copy.glob("003_*.txt"))
    doc.write_text(doc.read_text(encoding="utf-8") + "\nappended line\n", encoding="utf-8")
    changed = replace(settings, corpus_dir=corpus_copy)
    _keeps_last_good(changed, release, BuildError, "003_.*changed")


def test_missing_document_fails_clearly(
    own_build: tuple[Settings, Release], corpus_copy: Path
) -> None:
    settings, release = own_build
    next(corpus_copy.glob("002_*.txt")).unlink()
    _keeps_last_good(
        replace(settings, corpus_dir=corpus_copy), release, BuildError, "002 is curated but missing"
    )


def test_broken_locator_fails_and_keeps_the_last_good_graph(
    own_build: tuple[Settings, Release], tmp_path: Path
) -> None:
    settings, release = own_build
    curated = tmp_path / "curated"
    shutil.copytree(settings.curated_dir, curated)
    target = curated / "extraction.yaml"
    target.write_text(
        target.read_text(encoding="utf-8").replace("004:table-3", "004:table-9"), encoding="utf-8"
    )
    _keeps_last_good(replace(settings, curated_dir=curated), release, InputError, "table-9")


def test_failure_while_publishing_keeps_the_last_good_graph(
    own_build: tuple[Settings, Release], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    settings, release = own_build
    curated = tmp_path / "curated"
    shutil.copytree(settings.curated_dir, curated)
    (curated / "zz-extra.yaml").write_text(
        "entities:\n  - {id: topic/extra-for-test, a: Topic, label: extra, at: '004:title'}\n",
        encoding="utf-8",
    )

    def explode(*_: object) -> None:
        raise OSError("disk full (simulated)")

    monkeypatch.setattr("s3kg.build.release.load_store", explode)
    with pytest.raises(OSError, match="simulated"):
        build_graph(replace(settings, curated_dir=curated), reason=False)
    assert (settings.var_dir / "current").resolve() == release.path.resolve()
    assert not list((settings.var_dir / "releases").glob(".staging-*"))


def test_rebuilding_the_same_graph_refreshes_the_report(
    own_build: tuple[Settings, Release],
) -> None:
    """Regression: an unchanged graph skipped staging and left the old build.json behind."""
    import json

    settings, release = own_build
    report = release.path / "build.json"
    report.write_text('{"stale": true}\n', encoding="utf-8")
    again = build_graph(settings, reason=False)
    assert again.build_id == release.build_id
    refreshed = json.loads(report.read_text(encoding="utf-8"))
    assert "stale" not in refreshed and refreshed["build_id"] == release.build_id
    assert refreshed["triples"] == sum(refreshed["graphs"].values())
