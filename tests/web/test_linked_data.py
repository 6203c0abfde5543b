"""Linked Data over the real build: /id/... content negotiation, 404s, the ontology, VoID,
named graphs, YASGUI's files from node_modules, and hostile paths."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import rdflib
from flask import Flask
from flask.testing import FlaskClient
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, VOID

from s3kg.web import conneg, resources

ID = "https://w3id.org/s3kg/id/"
S3KG = "https://w3id.org/s3kg/ontology#"
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,*/*;q=0.8"
RDF_SYNTAXES = [
    ("text/turtle", "turtle"),
    ("application/ld+json", "json-ld"),
    ("application/n-triples", "nt"),
    ("application/rdf+xml", "xml"),
]
PICK = """PREFIX s3kg: <https://w3id.org/s3kg/ontology#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX oa: <http://www.w3.org/ns/oa#>
SELECT ?s ?exact WHERE {
  ?s a s3kg:Cluster . ?a rdf:subject ?s ; s3kg:evidence ?span .
  ?span oa:hasSelector ?q . ?q a oa:TextQuoteSelector ; oa:exact ?exact .
} ORDER BY STRLEN(?exact) ?s LIMIT 1"""


@pytest.fixture
def web(real_client: FlaskClient) -> FlaskClient:
    return real_client


@pytest.fixture(scope="module")
def cluster(built_store: Any) -> str:
    """A cluster that has at least one fact with a text span."""
    rows = list(built_store.query(PICK, use_default_graph_as_union=True))
    assert rows, "the build has no cluster with provenance"
    return str(rows[0]["s"].value)


def path_of(iri: str) -> str:
    assert iri.startswith(ID)
    return "/id/" + iri[len(ID) :]


def parse(body: bytes, syntax: str) -> rdflib.Graph:
    return rdflib.Graph().parse(data=body, format=syntax)


def test_entity_description_has_outgoing_and_incoming_triples(
    web: FlaskClient, cluster: str
) -> None:
    response = web.get(path_of(cluster), headers={"Accept": "text/turtle"})
    assert response.status_code == 200 and response.mimetype == "text/turtle"
    assert "Accept" in response.headers["Vary"]
    graph = parse(response.data, "turtle")
    me = rdflib.URIRef(cluster)
    assert (me, RDF.type, rdflib.URIRef(S3KG + "Cluster")) in graph  # from the inferred graph
    assert any(graph.objects(me, RDFS.label))
    assert (None, RDF.subject, me) in graph, "incoming links (its assertions) are missing"


@pytest.mark.parametrize(("media", "syntax"), RDF_SYNTAXES)
def test_every_rdf_syntax_gives_the_same_description(
    web: FlaskClient, cluster: str, media: str, syntax: str
) -> None:
    turtle = parse(web.get(path_of(cluster), headers={"Accept": "text/turtle"}).data, "turtle")
    response = web.get(path_of(cluster), headers={"Accept": f"{media};q=0.9, text/html;q=0.5"})
    assert response.status_code == 200 and response.mimetype == media
    assert len(parse(response.data, syntax)) == len(turtle)


def test_browsers_get_html_and_format_overrides_accept(web: FlaskClient, cluster: str) -> None:
    for headers in ({"Accept": BROWSER}, {"Accept": "*/*"}, {}):
        response = web.get(path_of(cluster), headers=headers)
        assert response.status_code == 200 and response.mimetype == "text/html", headers
    response = web.get(path_of(cluster) + "?format=nt", headers={"Accept": BROWSER})
    assert response.mimetype == "application/n-triples"
    links = response.headers["Link"]
    assert 'rel="alternate"; type="text/turtle"' in links and "format=jsonld" in links


def test_profile_parameters_and_aliases_are_understood(web: FlaskClient, cluster: str) -> None:
    response = web.get(
        path_of(cluster),
        headers={"Accept": 'application/ld+json;profile="http://www.w3.org/ns/json-ld#expanded"'},
    )
    assert response.mimetype == "application/ld+json"
    assert (
        web.get(path_of(cluster), headers={"Accept": "text/plain"}).mimetype
        == "application/n-triples"
    )


def test_unknown_entity_is_404_in_the_preferred_form(web: FlaskClient) -> None:
    html = web.get("/id/cluster/no-such-cluster", headers={"Accept": BROWSER})
    assert html.status_code == 404 and html.mimetype == "text/html"
    assert "Nothing is known" in html.get_data(as_text=True)
    text = web.get("/id/cluster/no-such-cluster", headers={"Accept": "text/turtle"})
    assert text.status_code == 404 and text.mimetype == "text/plain"


@pytest.mark.parametrize(
    "path",
    [
        "/id/../pyproject.toml",
        "/id/cluster/../../etc/passwd",
        "/id/cluster/%2e%2e/x",
        "/id/a%20b",
        "/id/cluster/x%00y",
        "/id/cluster/x%3E%20%7D%20ASK%20%7B",
        "/id/.hidden",
        "/static/..%2f..%2fpyproject.toml",
        "/static/../__init__.py",
        "/static/vendor/yasgui/../../../../package.json",
        "/static/vendor/yasgui/..%2f..%2fpackage.json",
        "/ontology/..%2f..%2fetc%2fpasswd",
        "/ontology/../../pyproject.toml",
        "/ontology/a.b",
        "/graph/..%2fx",
    ],
)
def test_hostile_paths_are_4xx_and_leak_nothing(web: FlaskClient, path: str) -> None:
    response = web.get(path, headers={"Accept": "text/turtle"})
    assert 400 <= response.status_code < 500, (path, response.status_code)
    body = response.get_data(as_text=True)
    assert "[project]" not in body and "root:" not in body and '"dependencies"' not in body


def test_unacceptable_and_unknown_formats(web: FlaskClient, cluster: str) -> None:
    assert web.get(path_of(cluster), headers={"Accept": "image/png"}).status_code == 406
    response = web.get(path_of(cluster) + "?format=docx")
    assert response.status_code == 400 and "ttl" in response.get_data(as_text=True)


def test_ontology_is_documentation_or_rdf(web: FlaskClient) -> None:
    turtle = web.get("/ontology", headers={"Accept": "text/turtle"})
    assert turtle.status_code == 200 and turtle.mimetype == "text/turtle"
    graph = parse(turtle.data, "turtle")
    assert (rdflib.URIRef("https://w3id.org/s3kg/ontology"), RDF.type, OWL.Ontology) in graph
    html = web.get("/ontology", headers={"Accept": BROWSER})
    assert html.status_code == 200 and html.mimetype == "text/html"
    page = html.get_data(as_text=True)
    assert 'id="Cluster"' in page and 'class="pylode-doc"' in page  # inside the site layout
    assert "default-src 'self'" in html.headers["Content-Security-Policy"]


def test_ontology_terms_resolve(web: FlaskClient) -> None:
    html = web.get("/ontology/Cluster", headers={"Accept": BROWSER})
    assert html.status_code == 303 and html.headers["Location"].endswith("/ontology#Cluster")
    rdf = web.get("/ontology/Cluster", headers={"Accept": "text/turtle"})
    graph = parse(rdf.data, "turtle")
    assert (rdflib.URIRef(S3KG + "Cluster"), RDF.type, OWL.Class) in graph
    assert web.get("/ontology/NoSuchTerm", headers={"Accept": BROWSER}).status_code == 404
    assert web.get("/ontology/NoSuchTerm", headers={"Accept": "text/turtle"}).status_code == 404


def test_void_names_the_dataset_and_this_endpoint(web: FlaskClient) -> None:
    response = web.get("/.well-known/void")
    assert response.status_code == 200 and response.mimetype == "text/turtle"
    graph = parse(response.data, "turtle")
    datasets = set(graph.subjects(VOID.sparqlEndpoint, rdflib.URIRef("http://localhost/sparql")))
    assert datasets
    assert any(graph.objects(next(iter(datasets)), DCTERMS.title)), "metadata graph not used"
    assert (
        web.get("/.well-known/void", headers={"Accept": "application/ld+json"}).mimetype
        == "application/ld+json"
    )


def test_graph_iris_redirect_to_the_graph_store(web: FlaskClient) -> None:
    response = web.get("/graph/metadata")
    assert response.status_code == 303
    target = response.headers["Location"]
    assert "/rdf-graph-store?graph=" in target
    assert web.get(target, headers={"Accept": "text/turtle"}).status_code == 200


def test_yasgui_is_served_from_node_modules(web: FlaskClient) -> None:
    if not resources.yasgui_installed():
        pytest.skip("node_modules has no YASGUI: run scripts/setup-test-tools.sh")
    response = web.get("/static/vendor/yasgui/yasgui.min.js")
    assert response.status_code == 200 and "javascript" in response.mimetype
    response.close()


def test_missing_node_modules_is_a_404_not_a_500(
    web: FlaskClient, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(resources, "node_modules", lambda: tmp_path)
    response = web.get("/static/vendor/yasgui/yasgui.min.js")
    assert response.status_code == 404 and "npm ci" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        ("", "text/html"),
        ("*/*", "text/html"),
        ("text/turtle", "text/turtle"),
        ("text/*", "text/html"),
        ("text/turtle;q=0.5, text/html;q=0.4", "text/turtle"),
        ("application/*;q=0.9, text/html;q=0", "application/ld+json"),
        ("text/html;q=0, */*;q=0.1", "text/turtle"),
        ("image/png", None),
        ("text/turtle;q=oops", None),
    ],
)
def test_preferred_follows_rfc_9110(real_app: Flask, accept: str, expected: str | None) -> None:
    offers = ("text/html", *conneg.RDF_TYPES)
    with real_app.test_request_context("/", headers={"Accept": accept} if accept else {}):
        assert conneg.preferred(offers) == expected


def test_void_lists_each_triple_once(web: FlaskClient) -> None:
    """Regression: the view compared parsed quads with added triples, so one repeated."""
    response = web.get("/.well-known/void", headers={"Accept": "application/n-triples"})
    lines = [line for line in response.get_data(as_text=True).splitlines() if line.strip()]
    assert response.status_code == 200 and lines
    assert len(lines) == len(set(lines))
