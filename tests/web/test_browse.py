"""Browsing with facets: counts, filters as shareable URLs, paging, CSV/JSON export, 4xx."""

from __future__ import annotations

import csv
import io
import re
from typing import Any

import pytest
from flask.testing import FlaskClient

from s3kg.web.facets import listing

ID = "https://w3id.org/s3kg/id/"
KALUGA = ID + "region/ru-klu"
IN_REGION = """SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE {
  ?c a/<http://www.w3.org/2000/01/rdf-schema#subClassOf>* <https://w3id.org/s3kg/ontology#Cluster> ;
     <https://w3id.org/s3kg/ontology#locatedIn>+ <https://w3id.org/s3kg/id/region/ru-klu> }"""
CLUSTERS = """SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {
  ?s a/<http://www.w3.org/2000/01/rdf-schema#subClassOf>*
     <https://w3id.org/s3kg/ontology#Cluster> }"""


def count(store: Any, query: str) -> int:
    return int(next(iter(store.query(query, use_default_graph_as_union=True)))[0].value)


def row(item: str, facet: str = "", value: str = "", label: str = "") -> dict[str, Any]:
    cells = {"item": item, "label": item.upper(), "facet": facet, "value": value,
             "valueLabel": label or value}
    return {k: {"value": v} for k, v in cells.items() if v}


def test_counts_are_disjunctive_within_a_facet_and_conjunctive_across() -> None:
    rows = [row("a", "region", "r1"), row("a", "sector", "s1"), row("b", "region", "r2"),
            row("b", "sector", "s1"), row("c", "region", "r1"), row("d")]
    data = listing(("region", "sector"), rows)
    assert [i.iri for i in data.items] == ["a", "b", "c", "d"]
    chosen = data.resolve({"region": ["r1"]})
    assert [i.iri for i in data.matching(chosen)] == ["a", "c"]
    counts = {f: {v.iri: n for v, n in vs} for f, vs in data.counts(chosen).items()}
    assert counts["region"] == {"r1": 2, "r2": 1}  # what picking r2 as well would add
    assert counts["sector"] == {"s1": 1}
    both = data.resolve({"region": ["r1", "r2"], "sector": ["s1"]})
    assert [i.iri for i in data.matching(both)] == ["a", "b"]


def test_clusters_page_lists_every_cluster_with_facets(real_client: FlaskClient,
                                                       built_store: Any) -> None:
    response = real_client.get("/browse/clusters?format=json&size=1000")
    assert response.status_code == 200
    data = response.get_json()
    assert data["total"] == len(data["items"]) == count(built_store, CLUSTERS) > 0
    page = real_client.get("/browse/clusters").get_data(as_text=True)
    for facet in ("type", "country", "region", "sector", "nace", "ecosystem", "document"):
        assert f'id="facet-{facet}"' in page, facet
    assert "innovative territorial cluster" in page  # a cluster type of the ontology


def test_a_region_facet_counts_and_filters(real_client: FlaskClient, built_store: Any) -> None:
    expected = count(built_store, IN_REGION)
    page = real_client.get("/browse/clusters").get_data(as_text=True)
    shown = re.search(r'data-value="region/ru-klu"[^>]*>[^<]*</a>\s*<span class="n">(\d+)</span>',
                      page)
    assert shown and int(shown.group(1)) == expected > 0
    filtered = real_client.get("/browse/clusters?region=region/ru-klu&format=json").get_json()
    assert filtered["total"] == expected
    assert all(KALUGA in [v["iri"] for v in item["region"]] for item in filtered["items"])
    assert filtered["selected"] == {"region": [KALUGA]}
    by_iri = real_client.get("/browse/clusters", query_string={"region": KALUGA, "format": "json"})
    assert by_iri.get_json()["total"] == expected  # the full IRI works as well


def test_csv_export_has_exactly_the_rows_shown(real_client: FlaskClient) -> None:
    shown = real_client.get("/browse/clusters?size=5&page=2&format=json").get_json()
    response = real_client.get("/browse/clusters?size=5&page=2&format=csv")
    assert response.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert [r["iri"] for r in rows] == [item["iri"] for item in shown["items"]]
    assert len(rows) == 5
    assert rows[0]["label"] == shown["items"][0]["label"]
    page = real_client.get("/browse/clusters?size=5&page=2").get_data(as_text=True)
    assert 'href="/browse/clusters?size=5&amp;page=2&amp;format=csv"' in page


def test_organisations_page_has_kinds_of_organisation(real_client: FlaskClient) -> None:
    data = real_client.get("/browse/organisations?format=json&type=University").get_json()
    assert data["total"] > 0
    assert all("university" in [v["label"] for v in item["type"]] for item in data["items"])
    assert not any("/cluster/" in item["iri"] for item in data["items"])


@pytest.mark.parametrize(
    ("path", "status", "says"),
    [
        ("/browse/clusters?region=nowhere", 400, "no region 'nowhere'"),
        ("/browse/clusters?colour=red", 400, "unknown parameter(s) colour"),
        ("/browse/clusters?format=xlsx", 400, "format must be"),
        ("/browse/clusters?page=999", 400, "page must be"),
        ("/browse/clusters?size=-1", 400, "size must be"),
        ("/browse/spaceships", 404, "nothing to browse"),
    ],
)
def test_bad_browse_input_is_a_4xx_with_a_message(
    real_client: FlaskClient, path: str, status: int, says: str
) -> None:
    response = real_client.get(path)
    assert response.status_code == status
    assert says in response.get_data(as_text=True)


def test_serve_warm_up_prepares_the_listings_before_any_visit(built_release: Any) -> None:
    from flask import request

    from s3kg.config import ServerConfig, Settings
    from s3kg.web import browse, create_app
    from s3kg.web.serve import WARM_PAGES, WARM_UP_CLIENT, warm_in_background

    real_app = create_app(ServerConfig(store_path=built_release.store_dir,
                                       queries_dir=Settings().queries_dir))
    browse._CACHE.clear()
    statuses: list[int] = []
    clients: set[str | None] = set()

    @real_app.after_request
    def _seen(response: Any) -> Any:  # the warm-up's own requests, as the app answers them
        statuses.append(response.status_code)
        clients.add(request.remote_addr)
        return response

    warm_in_background(real_app).join(timeout=300)
    assert len(statuses) == len(WARM_PAGES) and set(statuses) == {200}
    # Regression: as 127.0.0.1 the warm-up took the local visitor's one query slot, and the
    # first pages a browser opened at start were refused with 429.
    assert clients == {WARM_UP_CLIENT}
    kinds = {key[:2] for key in browse._CACHE}
    assert {("listing", "clusters"), ("listing", "organisations"),
            ("rows", "partners/topics")} <= kinds
    real_app.extensions["s3kg"].close()
