"""The review loop on a real build: the extractors propose candidates for an added document,
`s3kg review` and the review page list them, accepting one makes it a located fact on the
next build and rejecting one keeps it out (tiny corpus plus corpus-extra 102)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner
from flask import Flask
from tests.build.conftest import TINY_CORPUS

from s3kg.build.pipeline import build_graph
from s3kg.cli import main
from s3kg.config import ServerConfig, Settings
from s3kg.corpus.adding import add_paths
from s3kg.curation.review import load_decisions
from s3kg.web import create_app

EXTRA = Path(__file__).resolve().parents[3] / "shared" / "corpus-extra"
PARK = "Hsinchu Science Park"
DOC = "https://w3id.org/s3kg/id/document/201-economy-of-taiwan"


@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    root = tmp_path_factory.mktemp("review-flow")
    curated = root / "curated"
    curated.mkdir()
    for path in (TINY_CORPUS / "curated").iterdir():
        (curated / path.name).write_bytes(path.read_bytes())
    found = replace(Settings(), corpus_dir=TINY_CORPUS, curated_dir=curated,
                    var_dir=root / "var", library_dir=root / "library",
                    review_dir=root / "review")  # fmt: skip
    add_paths(found.library_dir, [EXTRA / "102_economy-of-taiwan.txt"], reserved=set())
    build_graph(found, reason=False)
    return found


def _cli(settings: Settings, *args: str) -> str:
    env = {"S3KG_CORPUS": str(settings.corpus_dir), "S3KG_CURATED": str(settings.curated_dir),
           "S3KG_VAR": str(settings.var_dir), "S3KG_LIBRARY": str(settings.library_dir),
           "S3KG_REVIEW": str(settings.review_dir), "S3KG_REVIEWER": "Ada"}  # fmt: skip
    result = CliRunner().invoke(main, ["review", *args], env=env)
    assert result.exit_code == 0, result.output
    return result.output


def _listed(settings: Settings) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = json.loads(_cli(settings, "list", "--format", "json"))
    return rows


@pytest.fixture(scope="module")
def app(settings: Settings) -> Iterator[Flask]:
    config = ServerConfig(store_path=settings.store_dir, queries_dir=settings.queries_dir,
                          update_token="s3cret", settings=settings)  # fmt: skip
    made = create_app(config)
    yield made
    made.extensions["s3kg"].close()


def test_the_added_document_has_candidates_of_several_kinds(settings: Settings) -> None:
    rows = _listed(settings)
    assert {r["document"] for r in rows} >= {"201"}
    categories = {r["category"] for r in rows}
    assert {"cluster", "organisation", "figure"} <= categories
    assert any(r["label"] == PARK and r["category"] == "cluster" for r in rows)


def test_the_review_page_shows_the_text_with_the_candidates_marked(app: Flask) -> None:
    client = app.test_client()
    overview = client.get("/review")
    assert overview.status_code == 200
    assert "/review/document?iri=https%3A//w3id.org/s3kg/id/document/201" in overview.text
    page = client.get("/review/document", query_string={"iri": DOC}).get_data(as_text=True)
    assert re.search(r'<mark id="span-[0-9a-f]+" title="Hsinchu Science Park">', page)
    assert 'name="token"' in page


def test_deciding_on_the_page_needs_the_update_token(app: Flask, settings: Settings) -> None:
    row = next(r for r in _listed(settings) if r["category"] == "organisation")
    form = {"candidate": f"https://w3id.org/s3kg/id/annotation/{row['id']}", "iri": DOC,
            "action": "reject", "reviewer": "Bob", "token": "wrong"}  # fmt: skip
    assert app.test_client().post("/review/decide", data=form).status_code == 403
    form["token"] = "s3cret"
    answer = app.test_client().post("/review/decide", data=form)
    assert answer.status_code == 303
    decided = load_decisions(settings.review_dir)[form["candidate"]]
    assert (decided.verdict, decided.reviewer) == ("rejected", "Bob")


def test_accepted_and_rejected_candidates_change_the_next_build(settings: Settings) -> None:
    rows = _listed(settings)
    park = next(r for r in rows if r["label"] == PARK and r["category"] == "cluster")
    other = next(r for r in rows if r["category"] == "place")
    assert "accepted" in _cli(settings, "accept", str(park["id"]))
    assert "rejected" in _cli(settings, "reject", str(other["id"]))
    release = build_graph(settings, reason=False)
    after = {str(r["id"]) for r in _listed(settings)}
    assert park["id"] not in after and other["id"] not in after
    graph = release.graph_file.read_text(encoding="utf-8")
    cluster = "<https://w3id.org/s3kg/id/cluster/hsinchu-science-park>"
    assert f"{cluster} <http://www.w3.org/2000/01/rdf-schema#label> " in graph
    assert re.search(r'"201:p\d+ \\"Hsinchu Science Park\\"(#\d+)?"', graph)


def test_a_review_page_without_a_document_says_what_it_needs(app: Flask) -> None:
    answer = app.test_client().get("/review/document", query_string={"iri": "201"})
    assert answer.status_code == 400 and "iri=" in answer.get_data(as_text=True)
