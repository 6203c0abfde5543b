"""The pages of issue 14 over the real build: reader, passage, dataset and downloads, forms,
comparison, map and figures data, API docs, ontology in the layout; and their 4xx."""

from __future__ import annotations

import csv
import gzip
import io
import re
from typing import Any

import pyoxigraph as ox
import pytest
from flask.testing import FlaskClient

ID = "https://w3id.org/s3kg/id/"
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
SPAN = """PREFIX s3kg: <https://w3id.org/s3kg/ontology#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX oa: <http://www.w3.org/ns/oa#>
SELECT ?s ?doc ?start ?end WHERE {
  ?s a s3kg:Cluster . ?a rdf:subject ?s ; s3kg:evidence ?span .
  ?span oa:hasSource ?doc ; oa:hasSelector ?at . ?at oa:start ?start ; oa:end ?end .
  FILTER(STRSTARTS(STR(?doc), "https://w3id.org/s3kg/id/document/"))
} ORDER BY ?s ?start LIMIT 1"""


@pytest.fixture
def web(real_client: FlaskClient) -> FlaskClient:
    return real_client


@pytest.fixture(scope="module")
def span(built_store: Any) -> dict[str, str]:
    rows = list(built_store.query(SPAN, use_default_graph_as_union=True))
    assert rows, "the build has no cluster fact with a located span"
    return {name: str(rows[0][name].value) for name in ("s", "doc", "start", "end")}


def html(web: FlaskClient, path: str, status: int = 200) -> str:
    response = web.get(path, headers={"Accept": BROWSER})
    assert response.status_code == status, response.get_data(as_text=True)[:400]
    assert response.mimetype == "text/html"
    return response.get_data(as_text=True)


def test_an_entity_fact_links_to_its_highlighted_passage(web: FlaskClient,
                                                         span: dict[str, str]) -> None:
    page = html(web, "/id/" + span["s"][len(ID):])
    slug = span["doc"][len(ID + "document/"):]
    link = f"/doc/{slug}?at={span['start']}#span-{span['start']}-{span['end']}"
    assert f'href="{link.replace("&", "&amp;")}"' in page or f'href="{link}"' in page
    reader = html(web, link.split("#")[0])
    key = f"{span['start']}-{span['end']}"
    assert f'<mark class="evidence" id="span-{key}">' in reader
    assert f'id="facts-{key}"' in reader and f'href="#facts-{key}"' in reader
    assert f'href="/id/{span["s"][len(ID):]}"' in reader  # the span's facts link their entity


def test_the_reader_pages_long_documents_and_refuses_bad_pages(web: FlaskClient,
                                                               span: dict[str, str]) -> None:
    slug = span["doc"][len(ID + "document/"):]
    first = html(web, f"/doc/{slug}")
    assert "<article class=\"reader\">" in first
    pages = re.findall(r'href="\?page=(\d+)"', first)
    if pages:
        html(web, f"/doc/{slug}?page={max(map(int, pages))}")
    assert "whole numbers" in html(web, f"/doc/{slug}?page=two", 400)
    html(web, f"/doc/{slug}?page=999", 404)
    html(web, "/doc/no-such-document", 404)
    html(web, "/doc/..%2Fetc", 404)


def test_a_passage_lists_every_fact_it_backs(web: FlaskClient, span: dict[str, str]) -> None:
    slug = span["doc"][len(ID + "document/"):]
    page = html(web, f"/doc/{slug}/span/{span['start']}-{span['end']}")
    assert f'/id/{span["s"][len(ID):]}' in page
    html(web, f"/doc/{slug}/span/0-1", 404)


def test_document_pages_link_their_reader_and_profile(web: FlaskClient,
                                                    span: dict[str, str]) -> None:
    slug = span["doc"][len(ID + "document/"):]
    page = html(web, f"/id/document/{slug}")
    assert f'href="/doc/{slug}"' in page
    profile = re.search(r'class="profile" href="([^"]+)"', page)
    assert profile is not None
    one = html(web, profile.group(1).replace("&amp;", "&"))
    assert one.count('class="item"') == 1 and "evidence-link" in one


def test_country_codes_link_to_their_registry(web: FlaskClient) -> None:
    page = html(web, "/id/country/fr")
    assert 'href="https://www.iso.org/obp/ui/#iso:code:3166:FR"' in page


def test_dataset_page_and_downloads(web: FlaskClient) -> None:
    page = html(web, "/dataset")
    assert "How to cite" in page and "creativecommons.org/licenses/by/4.0" in page
    assert 'href="/downloads/s3kg.nq.gz"' in page and 'id="build-id"' in page
    response = web.get("/downloads/links.ttl.gz")
    assert response.status_code == 200 and response.mimetype == "application/gzip"
    graph = list(ox.parse(gzip.decompress(response.data), format=ox.RdfFormat.TURTLE))
    assert graph  # the links graph, whole, as Turtle
    assert web.get("/downloads/nothing.ttl.gz").status_code == 404
    assert web.get("/downloads/links.ttl.gz").data == response.data  # made once, then kept


def test_void_lists_the_downloads_as_distributions(web: FlaskClient) -> None:
    web.get("/downloads/links.nq.gz")
    turtle = web.get("/.well-known/void", headers={"Accept": "text/turtle"}).get_data(as_text=True)
    assert "/downloads/s3kg.trig.gz>" in turtle and "dcat:downloadURL" in turtle
    assert "dcat:byteSize" in turtle
    assert "<http://www.iana.org/assignments/media-types/application/n-quads>" in turtle


def test_the_graph_store_points_at_the_downloads_when_over_the_limit(web: FlaskClient) -> None:
    response = web.get("/rdf-graph-store?default", headers={"Accept": "text/turtle"})
    assert response.status_code == 422 and "/dataset" in response.get_data(as_text=True)


def test_a_parameter_form_offers_choices_and_shows_a_table(web: FlaskClient) -> None:
    assert "CQ01_authors_of_document" in html(web, "/queries")
    form = html(web, "/queries/cq/CQ01_authors_of_document")
    options = re.findall(r'<option value="(https://w3id.org/s3kg/id/document/[^"]+)"', form)
    assert len(options) > 1  # the documents, not only the default
    answer = html(web, f"/queries/cq/CQ01_authors_of_document?run=1&document={options[0]}")
    assert '<table class="data results">' in answer and "Open in the editor" in answer
    bad = html(web, "/queries/cq/CQ01_authors_of_document?run=1&document=not%20an%20iri", 400)
    assert "is not an absolute IRI" in bad
    html(web, "/queries/no/such/query", 404)


def test_year_parameters_are_number_inputs(web: FlaskClient) -> None:
    form = html(web, "/queries/cq/CQ20_specialisations_since_year")
    assert re.search(r'<input id="param-\w+" name="\w+" type="number"', form)


def test_comparison_has_a_column_per_item_and_evidence(web: FlaskClient) -> None:
    items = f"item={ID}country/us&item={ID}country/fi"
    page = html(web, f"/compare?{items}")
    assert page.count('class="item"') == 2 and 'class="evidence-link" href="/doc/' in page
    response = web.get(f"/compare.csv?{items}")
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert {r["item"] for r in rows} == {ID + "country/us", ID + "country/fi"}
    assert any(r["row"] == "preconditions" and "/doc/" in r["evidence"] for r in rows)
    too_many = "&".join(f"item={ID}country/{c}" for c in ("us", "fi", "de", "fr", "ca", "cn", "ru"))
    assert "at most 6" in html(web, f"/compare?{too_many}", 400)
    html(web, f"/compare?item={ID}country/us&item=not-an-iri", 400)
    html(web, f"/compare?item={ID}country/us&item={ID}nothing/here", 404)
    assert "<select id=\"items\"" in html(web, "/compare")


def test_map_and_figures_data(web: FlaskClient) -> None:
    data = web.get("/map/data.json").get_json()
    assert data["clusters"] and data["countries"]
    assert all(-90 <= c["at"][0] <= 90 and -180 <= c["at"][1] <= 180 for c in data["countries"])
    assert 'id="map"' in html(web, "/map")
    figures = web.get("/figures/data.json").get_json()
    assert figures and all(isinstance(f["value"], float) for f in figures)
    assert any(f["evidence"] and f["evidence"].startswith("/doc/") for f in figures)
    assert 'id="chart"' in html(web, "/figures")


def test_reference_pages_are_in_the_layout(web: FlaskClient) -> None:
    assert 'id="swagger"' in html(web, "/api/docs")
    ontology = html(web, "/ontology")
    assert '<header class="site">' in ontology and 'id="Cluster"' in ontology
    assert web.get("/static/vendor/leaflet/leaflet.js").status_code in (200, 404)
    assert web.get("/static/vendor/not-a-package/x.js").status_code == 404
