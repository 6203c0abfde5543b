"""Accepting and rejecting proposals: the records and decisions written, and the next build
making an accepted proposal a located fact (on the tiny test corpus)."""

from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import replace
from pathlib import Path

import pyoxigraph as ox
import pytest
import yaml
from tests.build.conftest import TINY_CORPUS

from s3kg.build.pipeline import build_graph
from s3kg.config import Settings
from s3kg.corpus.reader import load_document
from s3kg.curation.review import load_decisions
from s3kg.errors import InputError
from s3kg.review.actions import accept, reject
from s3kg.review.proposals import Proposal, locator, pending

ID = "https://w3id.org/s3kg/id/"
S3KG = "https://w3id.org/s3kg/ontology#"
DAY = dt.date(2026, 12, 3)


def _proposal(block: int, text: str, occurrence: int = 1, **extra: object) -> Proposal:
    """A proposal for the ``occurrence``-th ``text`` in block ``block`` of document 901."""
    doc = load_document(TINY_CORPUS / "901_lakeside_robotics.txt")
    para = doc.block(block).span
    start = para.start - 1
    for _ in range(occurrence):
        start = doc.text.index(text, start + 1)
    fields: dict[str, object] = {
        "annotation": f"{ID}annotation/test-{block}-{start}", "document": f"{ID}document/x",
        "paragraph_locator": f"901:p{block}", "paragraph_start": para.start,
        "paragraph_text": para.text, "start": start, "end": start + len(text), "exact": text,
        "entity": f"{ID}candidate/sector/{text}", "label": text,
        "proposed_type": f"{S3KG}Sector", "kind": None, "method": "sectors:lexicon",
        "confidence": 0.9,
    }  # fmt: skip
    fields.update(extra)
    return Proposal(**fields)  # type: ignore[arg-type]


def _tiny_settings(curated: Path, review: Path, tmp_path: Path) -> Settings:
    return replace(Settings(), corpus_dir=TINY_CORPUS, curated_dir=curated, review_dir=review,
                   var_dir=tmp_path / "var", library_dir=tmp_path / "library")  # fmt: skip


@pytest.fixture()
def folders(tmp_path: Path) -> tuple[Path, Path]:
    curated = tmp_path / "curated"
    shutil.copytree(TINY_CORPUS / "curated", curated)
    return curated, tmp_path / "review"


def test_the_locator_names_the_paragraph_and_the_occurrence() -> None:
    assert locator(_proposal(3, "robotics")) == '901:p3 "robotics"'
    second = _proposal(4, "the", occurrence=2)
    assert locator(second) == '901:p4 "the"#2'


def test_accepting_a_new_entity_writes_a_located_record_and_the_decision(
    folders: tuple[Path, Path],
) -> None:
    curated, review = folders
    decision, records = accept(_proposal(3, "robotics"), curated, review, "Ada", today=DAY)
    assert records == {"entities": [{"id": "sector/robotics", "a": "Sector",
                                     "label": "robotics", "at": '901:p3 "robotics"'}]}
    written = yaml.safe_load((curated / "reviewed.yaml").read_text(encoding="utf-8"))
    assert written["entities"] == records["entities"]
    assert load_decisions(review)[decision.annotation].verdict == "accepted"
    assert decision.records == ("sector/robotics",) and decision.date == "2026-12-03"


def test_a_decided_proposal_cannot_be_decided_again_and_is_no_longer_pending(
    folders: tuple[Path, Path],
) -> None:
    curated, review = folders
    proposal = _proposal(3, "robotics")
    reject(proposal, curated, review, "Ada", today=DAY)
    assert pending([proposal], load_decisions(review)) == []
    with pytest.raises(InputError, match="already rejected by Ada"):
        accept(proposal, curated, review, "Bob")
    assert not (curated / "reviewed.yaml").exists()


def test_a_figure_needs_what_it_is_about_and_reuses_curated_indicators(
    folders: tuple[Path, Path],
) -> None:
    curated, review = folders
    values = (("value", "640"), ("unit", "persons"), ("measure", "employees"))
    figure = _proposal(18, "about 640 people", entity=f"{ID}candidate/figure/x",
                       proposed_type=None, values=values)  # fmt: skip
    with pytest.raises(InputError, match="needs --about"):
        accept(figure, curated, review, "Ada")
    _, records = accept(figure, curated, review, "Ada", about="cluster/lakeside-robotics")
    (record,) = records["figures"]
    assert (record["about"], record["value"], record["unit"]) == (
        "cluster/lakeside-robotics", 640, "unit/persons")
    assert record["indicator"] == "indicator/employees"
    assert "entities" not in records  # indicator and unit are the curated ones


def test_an_empty_reviewer_or_label_is_refused(folders: tuple[Path, Path]) -> None:
    curated, review = folders
    with pytest.raises(InputError, match="reviewer"):
        accept(_proposal(3, "robotics"), curated, review, "  ")
    with pytest.raises(InputError, match="label"):
        accept(_proposal(3, "robotics"), curated, review, "Ada", label="  ")


def test_an_accepted_proposal_is_a_located_fact_after_the_next_build(
    folders: tuple[Path, Path], tmp_path: Path,
) -> None:
    curated, review = folders
    accept(_proposal(3, "robotics"), curated, review, "Ada", today=DAY)
    settings = _tiny_settings(curated, review, tmp_path)
    release = build_graph(settings, reason=False)
    store = ox.Store.read_only(str(release.store_dir))
    query = (
        "PREFIX s3kg: <https://w3id.org/s3kg/ontology#> "
        "PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> "
        "SELECT ?locator WHERE { ?a rdf:subject <https://w3id.org/s3kg/id/sector/robotics> ; "
        "rdf:object s3kg:Sector ; s3kg:evidence ?span . ?span s3kg:locator ?locator }"
    )
    rows = list(store.query(query, use_default_graph_as_union=True))
    assert [r["locator"].value for r in rows] == ['901:p3 "robotics"']


def test_accepted_facts_carry_the_method_and_the_review(
    folders: tuple[Path, Path], tmp_path: Path,
) -> None:
    curated, review = folders
    accept(_proposal(3, "robotics"), curated, review, "Ada Lovelace", today=DAY)
    settings = _tiny_settings(curated, review, tmp_path)
    store = ox.Store.read_only(str(build_graph(settings, reason=False).store_dir))
    query = (
        "PREFIX prov: <http://www.w3.org/ns/prov#> "
        "PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> "
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
        "SELECT DISTINCT ?method ?who ?when WHERE { "
        "?a rdf:subject <https://w3id.org/s3kg/id/sector/robotics> ; "
        "prov:wasGeneratedBy ?m , ?r . ?m rdfs:label ?method . "
        "FILTER(STRSTARTS(STR(?m), 'https://w3id.org/s3kg/id/method/')) "
        "?r prov:wasAssociatedWith/rdfs:label ?who ; prov:endedAtTime ?when }"
    )
    rows = [(r["method"].value, r["who"].value, r["when"].value)
            for r in store.query(query, use_default_graph_as_union=True)]  # fmt: skip
    assert rows == [("sectors:lexicon", "Ada Lovelace", "2026-12-03T00:00:00Z")]
