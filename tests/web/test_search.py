"""The label index and the search box's endpoints: ranking, case, accents, typos, 4xx."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pyoxigraph as ox
import pytest
from flask.testing import FlaskClient

from s3kg.config import Release
from s3kg.search import lookup
from s3kg.search.index import entries, index_quads, write_index
from s3kg.search.text import normalise

S3KG = "https://w3id.org/s3kg/ontology#"
ID = "https://w3id.org/s3kg/id/"
TURTLE = """
@prefix s3kg: <https://w3id.org/s3kg/ontology#> . @prefix id: <https://w3id.org/s3kg/id/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> . @prefix dcterms: <http://purl.org/dc/terms/> .
s3kg:Cluster a owl:Class ; rdfs:label "cluster"@en .
s3kg:SMECluster a owl:Class ; rdfs:subClassOf s3kg:Cluster ; rdfs:label "SME cluster"@en .
s3kg:Region rdfs:subClassOf s3kg:Place ; rdfs:label "region"@en .
s3kg:SourceDocument rdfs:label "source document"@en .
s3kg:Paragraph rdfs:label "paragraph"@en .
id:region\\/ru-klu a s3kg:Region ; rdfs:label "Kaluga region"@en ;
    skos:altLabel "Kaluzhskaya oblast"@en ; skos:notation "RU-KLU" .
id:cluster\\/kaluga-pharma a s3kg:SMECluster ; rdfs:label "Pharmaceutical cluster of Kaluga"@en .
id:cluster\\/reseau a s3kg:Cluster ; rdfs:label "Réseau Mécanique Île-de-France"@fr .
id:document\\/d1 a s3kg:SourceDocument ; dcterms:title "Clusters in Kaluga and elsewhere" .
id:document\\/d1\\/p1 a s3kg:Paragraph ; rdfs:label "Kaluga paragraph" .
id:sector\\/kaluga-things a skos:Concept ; skos:prefLabel "things of Kaluga" .
"""


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("search") / "search.sqlite"
    write_index(path, ox.parse(TURTLE, format=ox.RdfFormat.TURTLE))
    return path


def names(index: Path, query: str) -> list[str]:
    return [hit.iri.removeprefix(ID) for hit in lookup.search(index, query)]


def test_normalise_folds_case_accents_and_punctuation() -> None:
    assert normalise("  Réseau Mécanique — Île-de-France ") == "reseau mecanique ile de france"


def test_exact_and_prefix_matches_rank_first_and_places_before_concepts(index: Path) -> None:
    found = names(index, "kaluga")
    assert found[0] == "region/ru-klu"  # "Kaluga region" starts with the query
    assert found.index("cluster/kaluga-pharma") < found.index("sector/kaluga-things")
    assert "document/d1/p1" not in found  # document parts are reached from their documents
    assert "document/d1" in found  # titles count


def test_case_accents_and_aliases(index: Path) -> None:
    assert names(index, "ILE DE FRANCE") == ["cluster/reseau"]
    assert names(index, "réseau")[0] == "cluster/reseau"
    assert names(index, "reseau mecan")[0] == "cluster/reseau"
    hit = lookup.search(index, "kaluzhskaya")[0]
    assert (hit.iri, hit.matched, hit.label) == (
        ID + "region/ru-klu", "Kaluzhskaya oblast", "Kaluga region")
    assert names(index, "ru-klu") == ["region/ru-klu"]  # codes of places


def test_small_typos_still_find_and_are_marked(index: Path) -> None:
    hits = lookup.search(index, "kaluag regoin")
    assert hits and hits[0].iri == ID + "region/ru-klu"
    assert hits[0].approximate
    assert not lookup.search(index, "zzzzqqqq")


def test_typos_without_rapidfuzz(index: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(lookup, "_fuzz", None)
    assert names(index, "pharmaceutcal")[0] == "cluster/kaluga-pharma"


def test_short_queries_match_name_starts(index: Path) -> None:
    assert names(index, "ka")[0] == "region/ru-klu"
    assert names(index, "k") and names(index, "%") == []


def test_results_are_typed_by_their_most_specific_class(index: Path) -> None:
    by_iri = {hit.iri: hit for hit in lookup.search(index, "kaluga")}
    assert by_iri[ID + "cluster/kaluga-pharma"].class_label == "SME cluster"
    assert by_iri[ID + "cluster/kaluga-pharma"].kind == "cluster"
    assert by_iri[ID + "region/ru-klu"].class_label == "region"
    assert by_iri[ID + "document/d1"].kind == "document"


def test_query_syntax_in_user_text_is_just_text(index: Path) -> None:
    for text in ['"', 'kaluga" OR "a', "NEAR(a b)", "kal*", "a AND", "'; DROP TABLE name; --"]:
        lookup.search(index, text)  # no sqlite3.OperationalError
    assert sqlite3.connect(index).execute("SELECT COUNT(*) FROM name").fetchone()[0] > 0


def test_the_build_writes_the_index_with_the_release(built_release: Release) -> None:
    assert built_release.search_file.is_file()
    hits = lookup.search(built_release.search_file, "Kaluga")
    assert ID + "region/ru-klu" in [h.iri for h in hits[:3]]


# --- the endpoints, over the sample store (whose release has no index: built on first use) --


def test_the_build_indexes_only_the_lines_it_needs_with_the_same_result(
    built_release: Release,
) -> None:
    nquads = built_release.graph_file.read_bytes()
    chosen = list(index_quads(nquads))
    every = ox.parse(nquads, format=ox.RdfFormat.N_QUADS)
    assert entries(chosen) == entries(every) != []
    assert len(chosen) < nquads.count(b"\n") / 3  # most lines are never parsed


def test_api_search_suggests_typed_entities(client: FlaskClient) -> None:
    response = client.get("/api/search?q=kaluga&limit=2")
    assert response.status_code == 200
    results = response.get_json()["results"]
    assert len(results) == 2
    assert all(r["url"].startswith("/id/") and r["class"] and r["label"] for r in results)
    assert {r["kind"] for r in results} <= {"cluster", "place"}


@pytest.mark.parametrize(
    ("path", "says"),
    [
        ("/api/search", "give the text"),
        ("/api/search?q=%20", "give the text"),
        ("/api/search?q=a&limit=0", "limit must be"),
        ("/api/search?q=a&limit=abc", "limit must be"),
        ("/api/search?q=a&limit=51", "limit must be"),
        ("/api/search?q=" + "a" * 201, "at most 200"),
        ("/search?q=a&page=0", "page must be"),
        ("/search?q=a&type=spaceship", "unknown type"),
    ],
)
def test_bad_search_parameters_are_400_with_a_message(
    client: FlaskClient, path: str, says: str
) -> None:
    response = client.get(path)
    assert response.status_code == 400
    assert says in response.get_data(as_text=True)


def test_search_page_lists_pages_and_narrows_by_kind(client: FlaskClient) -> None:
    page = client.get("/search?q=aerospace", headers={"Accept": "text/html"})
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Samara aerospace innovative territorial cluster" in text
    assert 'href="/id/cluster/seattle-aerospace"' in text
    narrowed = client.get("/search?q=aerospace&type=ontology").get_data(as_text=True)
    assert "/id/cluster/seattle-aerospace" not in narrowed
    assert client.get("/search").status_code == 200  # the empty form


def test_every_page_has_the_search_box(client: FlaskClient) -> None:
    for path in ("/", "/search?q=x", "/query"):
        text = client.get(path).get_data(as_text=True)
        assert 'role="combobox"' in text and 'aria-controls="site-search-list"' in text
        assert "/static/search.js" in text


