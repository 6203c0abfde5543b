"""Partner discovery (/partners): the search rules on small listings, then the page over the real
build and over the build with the imported US cluster data, each answer checked against
SPARQL written independently here."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from s3kg.config import Release, ServerConfig, Settings
from s3kg.web import create_app
from s3kg.web.facets import listing
from s3kg.web.partnering import Search, Topic, find, match_topics, normalise, topics

ID = "https://w3id.org/s3kg/id/"
S3KG = "https://w3id.org/s3kg/ontology#"
PREFIXES = """PREFIX s3kg: <https://w3id.org/s3kg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX org: <http://www.w3.org/ns/org#>
"""
PHARMA_CLUSTERS_IN_RUSSIA = PREFIXES + """SELECT DISTINCT ?c WHERE {
  ?c a/rdfs:subClassOf* s3kg:Cluster ; s3kg:locatedIn+ <https://w3id.org/s3kg/id/country/ru> ;
     s3kg:specialisesIn ?s .
  { ?s rdfs:label ?l }
  UNION { ?s (skos:closeMatch|skos:broadMatch|skos:exactMatch|skos:relatedMatch) ?n .
    ?n skos:inScheme <http://data.europa.eu/ux2/nace2/nace2> ; skos:prefLabel ?l }
  FILTER(CONTAINS(LCASE(STR(?l)), "pharmaceutical")) }"""
# What the clusters, their regions and countries, and the place searched use.
SUPPORT_OF = PREFIXES + """SELECT DISTINCT ?i WHERE {
  { VALUES ?c { %s } ?c s3kg:locatedIn+ ?scope .
    FILTER EXISTS { ?scope a ?t FILTER(?t IN (s3kg:Region, s3kg:Country)) } }
  UNION { VALUES ?scope { %s <https://w3id.org/s3kg/id/country/ru> } }
  ?scope s3kg:usesInstrument ?i }"""
US_AEROSPACE_ORGS = PREFIXES + """SELECT (COUNT(DISTINCT ?o) AS ?n) WHERE {
  ?o org:classification ?c . ?c skos:prefLabel ?l .
  FILTER(CONTAINS(LCASE(STR(?l)), "aerospace")) }"""


def rows(*cells: tuple[str, str, str, str]) -> list[dict[str, Any]]:
    """Listing rows (item, facet, value, value label)."""
    return [{"item": {"value": i}, "label": {"value": i.upper()}, "facet": {"value": f},
             "value": {"value": v}, "valueLabel": {"value": vl}} for i, f, v, vl in cells]


CLUSTERS = listing(("sector", "nace", "ecosystem", "country", "region"), rows(
    ("c1", "sector", "s:pharma", "pharmaceuticals"), ("c1", "ecosystem", "e:health", "Health"),
    ("c1", "region", "r:klu", "Kaluga"), ("c1", "country", "p:ru", "Russia"),
    ("c2", "sector", "s:medtech", "medical devices"), ("c2", "ecosystem", "e:health", "Health"),
    ("c2", "country", "p:fr", "France"),
    ("c3", "sector", "s:cars", "automotive"), ("c3", "country", "p:ru", "Russia")))
ORGS = listing(("type", "cluster", "country", "region", "sector", "ecosystem"), rows(
    ("o1", "cluster", "c1", "C1"), ("o1", "type", S3KG + "Company", "company"),
    ("o2", "cluster", "c1", "C1"), ("o2", "type", S3KG + "University", "university"),
    ("o3", "sector", "u:bio", "Biopharmaceuticals"), ("o3", "ecosystem", "e:health", "Health"),
    ("o3", "country", "p:us", "United States"),
    ("o4", "cluster", "c3", "C3"), ("o4", "type", S3KG + "Company", "company")))
TOPICS = topics([
    {"topic": {"value": t}, "kind": {"value": k}, "label": {"value": label},
     **({"code": {"value": code}} if code else {}), **({"ecosystem": {"value": e}} if e else {})}
    for t, k, label, code, e in (
        ("s:pharma", "sector", "pharmaceuticals", "", "e:health"),
        ("s:medtech", "sector", "medical devices", "", "e:health"),
        ("s:cars", "sector", "automotive", "", ""),
        ("n:21", "nace", "Manufacture of pharmaceutical products", "21", ""),
        ("u:bio", "category", "Biopharmaceuticals", "21", "e:health"),
        ("e:health", "ecosystem", "Health", "", "e:health"))])
SUPPORT = [{"scope": {"value": s}, "role": {"value": r}, "value": {"value": v},
            "valueLabel": {"value": v.upper()}}
           for s, r, v in (("r:klu", "instrument", "i:technopark"), ("p:ru", "instrument", "i:sez"),
                           ("p:fr", "instrument", "i:pole"), ("c3", "authority", "a:ministry"))]


def test_topic_words_match_labels_without_case_accents_or_small_typos() -> None:
    assert normalise("Pharmaceutiques – Énergie") == "pharmaceutiques energie"
    found = {t.iri for t in match_topics("PHARMA", TOPICS)}
    assert found == {"s:pharma", "n:21", "u:bio"}
    assert {t.iri for t in match_topics("pharmaceuticls", TOPICS)} >= {"s:pharma"}
    # A code names only a NACE class, never a US category that happens to share the number.
    assert [t.iri for t in match_topics("21", TOPICS)] == ["n:21"]
    assert match_topics("shipbuilding", TOPICS) == []
    # Regression: short words matched inside others ("ai" in "retail", "it" in "digital").
    inside = {t: Topic(t, "sector", t, "", frozenset()) for t in ("retail", "digital")}
    assert match_topics("ai", inside) == [] and match_topics("it", inside) == []
    assert [t.iri for t in match_topics("auto", TOPICS)] == ["s:cars"]


def test_clusters_match_directly_or_through_their_ecosystem() -> None:
    found = find(Search("pharma"), CLUSTERS, ORGS, TOPICS, SUPPORT)
    assert [(h.item.iri, h.direct) for h in found.clusters] == [("c1", True), ("c2", False)]
    assert found.clusters[1].why == ["Health"]  # said why it is only related
    orgs = {h.item.iri: (h.direct, h.kinds) for h in found.organisations}
    assert orgs == {"o1": (True, ["company"]), "o2": (True, ["university"]),
                    "o3": (True, ["other"])}  # members of c1, and the category's organisation
    # Support: what the direct cluster's region and country use, not the related cluster's.
    assert {s.iri: s.scopes for s in found.support} == {"i:technopark": {"Kaluga"},
                                                       "i:sez": {"Russia"}}


def test_place_and_kinds_narrow_and_members_follow_their_cluster() -> None:
    found = find(Search("pharma", place="p:ru", kinds=frozenset({"university"})),
                 CLUSTERS, ORGS, TOPICS, SUPPORT)
    assert [h.item.iri for h in found.clusters] == ["c1"]
    # o2 has no place of its own; it is a member of a cluster in Russia.
    assert [h.item.iri for h in found.organisations] == ["o2"]
    only_place = find(Search("", place="p:ru"), CLUSTERS, ORGS, TOPICS, SUPPORT)
    assert [h.item.iri for h in only_place.clusters] == ["c1", "c3"]
    assert "a:ministry" in {s.iri for s in only_place.support}


@pytest.fixture(scope="module")
def imported_client(integration_release: Release) -> Iterator[FlaskClient]:
    config = ServerConfig(store_path=integration_release.store_dir,
                          queries_dir=Settings().queries_dir, query_timeout=30.0)
    app: Flask = create_app(config)
    yield app.test_client()
    app.extensions["s3kg"].close()


def answer(store: Any, query: str) -> set[str]:
    return {str(r[0].value) for r in store.query(query, use_default_graph_as_union=True)}


def test_pharmaceutical_partners_in_russia(real_client: FlaskClient, built_store: Any) -> None:
    response = real_client.get("/partners?topic=pharmaceutical&place=country/ru&format=json")
    assert response.status_code == 200
    data = response.get_json()
    direct = {c["iri"] for c in data["clusters"] if c["match"] == "direct"}
    assert direct == answer(built_store, PHARMA_CLUSTERS_IN_RUSSIA) != set()
    clusters = " ".join(f"<{iri}>" for iri in direct)
    instruments = {s["iri"] for s in data["support"] if s["role"] == "instrument"}
    assert instruments == answer(built_store, SUPPORT_OF % (clusters, clusters)) != set()
    members = [o for o in data["organisations"] if o["match"] == "direct"]
    assert members and all(any(w.startswith("member of ") for w in o["why"]) for o in members)


def test_imported_us_organisations_are_partners_too(imported_client: FlaskClient,
                                                    integration_store: Any) -> None:
    data = imported_client.get("/partners?topic=aerospace&place=country/us&format=json"
                               ).get_json()
    imported = [o for o in data["organisations"] if o["iri"].startswith(ID + "uscm/")]
    expected = int(next(iter(answer(integration_store, US_AEROSPACE_ORGS))))
    assert len(imported) == expected > 0
    assert any(o["iri"].startswith(ID + "org/") for o in data["organisations"])  # documents'
    companies = imported_client.get("/partners?topic=aerospace&kind=company&format=json"
                                    ).get_json()
    assert companies["organisations"]
    assert all(o["kinds"] == ["company"] for o in companies["organisations"])


def test_page_form_export_and_errors(real_client: FlaskClient) -> None:
    page = real_client.get("/partners").get_data(as_text=True)
    assert 'id="partner-form"' in page and "Try:" in page
    shown = real_client.get("/partners?topic=aerospace&kind=company").get_data(as_text=True)
    assert 'id="partner-clusters"' in shown and "Seattle aerospace cluster" in shown
    data = real_client.get("/partners?topic=aerospace&kind=company&format=json").get_json()
    table = list(csv.DictReader(io.StringIO(real_client.get(
        "/partners?topic=aerospace&kind=company&format=csv").get_data(as_text=True))))
    assert len(table) == len(data["clusters"]) + len(data["organisations"]) + len(data["support"])
    nothing = real_client.get("/partners?topic=zzzzqx")
    assert nothing.status_code == 200 and "No sector, NACE class" in nothing.get_data(as_text=True)
    bad_ones = ("kind=robots", "place=country/zz", "format=xml", "colour=red", "topic=" + "a" * 201)
    for bad in bad_ones:
        response = real_client.get(f"/partners?{bad}")
        assert response.status_code == 400, bad
