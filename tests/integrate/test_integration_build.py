"""The real graph with both imports: identifiers, queries, metadata, tables, JSON-LD."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest

from s3kg.config import Release, ServerConfig, Settings
from s3kg.sparql.named import bind, load_queries

pytestmark = pytest.mark.slow

ID = "https://w3id.org/s3kg/id/"


def _ask(store: Any, name: str, **params: str) -> list[dict[str, str]]:
    queries = load_queries(Settings().queries_dir)
    query = queries[f"integration/{name}"]
    substitutions = {ox.Variable(k): v for k, v in bind(query, params)}
    result = store.query(query.text, substitutions=substitutions, use_default_graph_as_union=True)
    names = [v.value for v in result.variables]
    return [{n: (row[n].value if row[n] is not None else "") for n in names} for row in result]


def _report(release: Release) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((release.path / "build.json").read_text(encoding="utf-8"))
    return data


def test_the_build_conforms_and_includes_every_integration_graph(
    integration_release: Release,
) -> None:
    report = _report(integration_release)
    graphs = report["graphs"]
    for name in ("alignments", "nace", "ecosystems", "links", "import/us-cluster-categories",
                 "import/us-cluster-organisations"):  # fmt: skip
        assert graphs[f"https://w3id.org/s3kg/graph/{name}"] > 0, name
    validation = report["validation"]
    assert validation["violations"] == 0


def test_every_country_and_coded_region_has_its_identifiers(integration_store: Any) -> None:
    rows = _ask(integration_store, "table_regions")
    countries = [r for r in rows if r["kind"] == "country"]
    assert countries and all(r["iso"] and r["isoAlpha3"] and r["euAuthority"] for r in countries)
    coded = [r for r in rows if r["kind"] == "region" and r["place"][len(ID) :].count("-") == 1
             and len(r["place"].rsplit("/", 1)[1].split("-")[0]) == 2]  # fmt: skip
    assert coded and all(r["iso"] == r["place"].rsplit("/", 1)[1].upper() for r in coded)
    by_id = {r["place"][len(ID) :]: r for r in rows}
    assert by_id["region/ru-ta"]["wikidata"] == "http://www.wikidata.org/entity/Q5481"
    assert by_id["region/de-nw"]["nuts"] == "DEA"
    assert by_id["country/de"]["nuts"] == "DE"


def test_every_sector_is_reviewed_for_nace(integration_store: Any) -> None:
    query = """
        PREFIX s3kg: <https://w3id.org/s3kg/ontology#>
        SELECT ?s WHERE { GRAPH <https://w3id.org/s3kg/graph/facts> { ?s a s3kg:Sector } }"""
    sectors = {row[0].value[len(ID) :] for row in integration_store.query(query)}
    from s3kg.integrate.sectors import load_mappings

    from .conftest import ROOT

    reviewed = {m.sector for m in load_mappings(ROOT / "data/alignments/sectors-nace.yaml", "nace")}
    assert sectors and sectors <= reviewed, sorted(sectors - reviewed)


def test_every_imported_us_category_is_aligned_to_an_ecosystem(integration_store: Any) -> None:
    query = """
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        SELECT ?c ?e WHERE {
          ?c skos:inScheme <https://w3id.org/s3kg/id/uscm/scheme/categories> .
          FILTER NOT EXISTS { ?c skos:broader ?b }
          OPTIONAL { GRAPH <https://w3id.org/s3kg/graph/alignments> {
            ?c skos:broadMatch|skos:relatedMatch ?e } } }"""
    answer = integration_store.query(query, use_default_graph_as_union=True)
    rows = [(r[0].value[len(ID) :], r[1]) for r in answer]
    from s3kg.integrate.sectors import load_mappings

    from .conftest import ROOT

    reviewed = load_mappings(ROOT / "data/alignments/uscm-ecosystems.yaml", "ecosystem",
                             "category", "uscm/category/")
    mapped = {m.sector for m in reviewed if m.target != "none"}
    assert rows and {c for c, _ in rows} <= {m.sector for m in reviewed}
    assert {c for c, e in rows if e is not None} == mapped  # each mapping reached the graph


@pytest.mark.parametrize(
    ("code", "cluster"),
    [("RU-TA", "cluster/kama"), ("ru-sam", "cluster/samara-aerospace"),
     ("DEA", "cluster/chemcologne"), ("DE", "cluster/chemcologne"),
     ("RUS", "cluster/samara-aerospace"), ("US-WA", "cluster/seattle-aerospace")],
)  # fmt: skip
def test_clusters_by_region_code(integration_store: Any, code: str, cluster: str) -> None:
    rows = _ask(integration_store, "clusters_by_region_code", code=code)
    assert ID + cluster in {r["cluster"] for r in rows}


def test_clusters_by_nace_code_follow_the_hierarchy(integration_store: Any) -> None:
    same = _ask(integration_store, "clusters_by_nace_code", code="30.3")
    assert {(r["cluster"], r["position"]) for r in same} >= {
        (ID + "cluster/seattle-aerospace", "same code")
    }
    below = _ask(integration_store, "clusters_by_nace_code", code="30")
    samara = {
        r["naceCode"]: r["position"]
        for r in below
        if r["cluster"] == ID + "cluster/samara-aerospace"
    }
    assert samara["30.3"] == samara["30.30"] == "narrower code"
    above = _ask(integration_store, "clusters_by_nace_code", code="30.30")
    assert any(r["naceCode"] == "30.3" and r["position"] == "broader code" for r in above)
    section = _ask(integration_store, "clusters_by_nace_code", code="C")
    assert ID + "cluster/chemcologne" in {r["cluster"] for r in section}


def test_clusters_correspond_to_us_categories(integration_store: Any) -> None:
    rows = _ask(
        integration_store, "clusters_us_categories", cluster=ID + "cluster/samara-aerospace"
    )
    assert {r["categoryLabel"] for r in rows} >= {
        "Aerospace Engines",
        "Aerospace Vehicles and Defense",
    }
    everything = _ask(integration_store, "clusters_us_categories")
    assert len({r["cluster"] for r in everything}) >= 5


def test_import_counts_are_queryable(integration_store: Any) -> None:
    rows = {r["source"]: r for r in _ask(integration_store, "import_counts")}
    orgs = rows["us-cluster-organisations"]
    assert (orgs["read"], orgs["duplicates"], orgs["rejected"], orgs["imported"]) == (
        "2237",
        "2000",
        "0",
        "237",
    )
    assert orgs["file"] == "CurrentOrganizationsAndClusters.csv" and len(orgs["sha256"]) == 64
    cats = rows["us-cluster-categories"]
    assert (cats["read"], cats["rejected"], cats["imported"]) == ("67", "1", "66")
    why = _ask(integration_store, "import_rejections", source="us-cluster-categories")
    assert [(r["reason"], r["records"]) for r in why] == [
        ("same key as an earlier record with other values", "1")
    ]


def test_dcat_ap_description(integration_store: Any) -> None:
    query = """
        PREFIX dcat: <http://www.w3.org/ns/dcat#>
        PREFIX dcterms: <http://purl.org/dc/terms/>
        SELECT ?format WHERE {
            <https://w3id.org/s3kg/id/catalog/s3kg> dcat:dataset ?d .
            ?d dcat:distribution ?x ; dcterms:publisher ?p ; dcat:contactPoint ?c ; dcat:theme ?t .
            ?x dcterms:format ?format ; dcat:accessURL ?url ; dcterms:license ?l .
        }"""
    formats = {
        row[0].value.rsplit("/", 1)[1]
        for row in integration_store.query(query, use_default_graph_as_union=True)
    }
    assert formats == {"RDF_N_QUADS", "RDF_TRIG", "JSON_LD", "RDF_TURTLE", "CSV"}
    subsets = """
        PREFIX void: <http://rdfs.org/ns/void#>
        PREFIX prov: <http://www.w3.org/ns/prov#>
        PREFIX dcterms: <http://purl.org/dc/terms/>
        PREFIX graph: <https://w3id.org/s3kg/graph/>
        SELECT ?file WHERE {
            <https://w3id.org/s3kg/id/dataset/s3kg> void:subset graph:alignments .
            graph:alignments prov:wasDerivedFrom/dcterms:title ?file }"""
    files = {
        row[0].value for row in integration_store.query(subsets, use_default_graph_as_union=True)
    }
    assert {
        "data/alignments/places.yaml",
        "data/alignments/sectors-nace.yaml",
        "nuts/nuts-2021.csv",
    } <= files


def test_tables_as_csv(integration_release: Release, integration_settings: Settings) -> None:
    from s3kg.export.tables import table_csv

    clusters = table_csv("clusters", integration_settings, _config(integration_settings))
    rows = list(csv.DictReader(io.StringIO(clusters.decode())))
    samara = next(r for r in rows if r["cluster"] == ID + "cluster/samara-aerospace")
    assert samara["regionCodes"] == "RU-SAM" and samara["countryCodes"] == "RU"
    assert "30.3" in samara["naceCodes"].split("; ") and int(samara["members"]) >= 3
    table = table_csv("sectors", integration_settings, _config(integration_settings))
    sectors = list(csv.DictReader(io.StringIO(table.decode())))
    aerospace = next(r for r in sectors if r["sector"] == ID + "sector/aerospace")
    assert aerospace["nace"] == "closeMatch 30.3"
    assert "broadMatch Aerospace & Defence" in aerospace["ecosystems"]


def test_jsonld_export_uses_the_context_and_keeps_every_quad(
    integration_release: Release, integration_settings: Settings, tmp_path: Path
) -> None:
    from s3kg.export.dump import export_graph

    out = tmp_path / "s3kg.export.jsonld"
    with out.open("wb") as handle:
        export_graph("jsonld", handle, integration_settings)
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["@context"]["locatedIn"] == {"@id": "s3kg:locatedIn", "@type": "@id"}
    facts = next(g for g in data["@graph"] if g["id"] == "https://w3id.org/s3kg/graph/facts")
    samara = next(n for n in facts["@graph"] if n["id"] == "cluster:samara-aerospace")
    assert "region:ru-sam" in samara["locatedIn"]
    quads = list(ox.parse(path=str(out), format=ox.RdfFormat.JSON_LD))
    assert len(quads) == len(
        integration_release.graph_file.read_text(encoding="utf-8").splitlines()
    )


def test_imports_survive_a_rebuild(
    integration_release: Release, integration_settings: Settings
) -> None:
    from s3kg.build.pipeline import build_graph

    again = build_graph(integration_settings, reason=False)
    assert again.build_id == integration_release.build_id
    assert "import/us-cluster-organisations" in again.graph_file.read_text(encoding="utf-8")


def _config(settings: Settings) -> ServerConfig:
    return ServerConfig(settings.store_dir, settings=settings)
