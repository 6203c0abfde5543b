"""The /sparql endpoint and the graph store, through the Flask test client."""

from __future__ import annotations

import csv
import io
import json
from urllib.parse import quote
from xml.etree import ElementTree

import pytest
import rdflib
from flask.testing import FlaskClient

from web.conftest import FACTS, ID, SAMPLE_QUADS, graph_size

SELECT_CLUSTERS = """
PREFIX s3kg: <https://w3id.org/s3kg/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?cluster ?label WHERE { ?cluster a s3kg:Cluster ; skos:prefLabel ?label } ORDER BY ?label
"""
CONSTRUCT_REGIONS = """
PREFIX s3kg: <https://w3id.org/s3kg/ontology#>
CONSTRUCT { ?r a s3kg:Region } WHERE { ?r a s3kg:Region }
"""
RESULTS_NS = "{http://www.w3.org/2005/sparql-results#}"

# rdflib 7.x parsers warn about their own internal use of deprecated classes.
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning:rdflib.*")



def get(client: FlaskClient, query: str, accept: str | None = None, **params: str) -> object:
    headers = {"Accept": accept} if accept else {}
    return client.get("/sparql", query_string={"query": query, **params}, headers=headers)


def test_select_by_get_returns_sparql_json_with_union_default_graph(client: FlaskClient) -> None:
    response = get(client, SELECT_CLUSTERS)
    assert response.status_code == 200
    assert response.mimetype == "application/sparql-results+json"
    data = response.get_json(force=True)
    assert data["head"]["vars"] == ["cluster", "label"]
    clusters = [b["cluster"]["value"] for b in data["results"]["bindings"]]
    assert len(clusters) == 4 and ID + "cluster/kaluga-auto" in clusters


def test_post_form_and_post_direct_give_the_same_answer(client: FlaskClient) -> None:
    by_get = get(client, SELECT_CLUSTERS).get_data()
    form = client.post("/sparql", data={"query": SELECT_CLUSTERS})
    direct = client.post("/sparql", data=SELECT_CLUSTERS.encode(),
                         content_type="application/sparql-query")
    assert form.status_code == direct.status_code == 200
    assert form.get_data() == direct.get_data() == by_get


@pytest.mark.parametrize(("accept", "media"), [
    ("application/sparql-results+xml", "application/sparql-results+xml"),
    ("text/csv", "text/csv"),
    ("text/tab-separated-values", "text/tab-separated-values"),
    ("application/json", "application/sparql-results+json"),
    ("text/html, */*;q=0.1", "application/sparql-results+json"),
    ("application/sparql-results+json;q=0.5, text/csv", "text/csv"),
])
def test_select_content_negotiation(client: FlaskClient, accept: str, media: str) -> None:
    response = get(client, SELECT_CLUSTERS, accept)
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.mimetype == media
    assert response.headers["Vary"] == "Accept"


def test_select_formats_carry_the_same_rows(client: FlaskClient) -> None:
    xml = ElementTree.fromstring(get(client, SELECT_CLUSTERS, "application/sparql-results+xml")
                                 .get_data())
    rows = list(csv.reader(io.StringIO(get(client, SELECT_CLUSTERS, "text/csv")
                                       .get_data(as_text=True))))
    tsv = get(client, SELECT_CLUSTERS, "text/tab-separated-values").get_data(as_text=True)
    assert rows[0] == ["cluster", "label"] and len(rows) == 5
    assert len(xml.findall(f"{RESULTS_NS}results/{RESULTS_NS}result")) == 4
    assert tsv.splitlines()[0] == "?cluster\t?label"
    assert '"Kaluga automotive cluster"@en' in tsv


def test_tsv_and_csv_escape_awkward_literals(client: FlaskClient) -> None:
    comment = "<http://www.w3.org/2000/01/rdf-schema#comment>"
    query = f"SELECT ?c WHERE {{ <{ID}cluster/samara-aerospace> {comment} ?c }}"
    tsv = get(client, query, "text/tab-separated-values").get_data(as_text=True)
    assert tsv.splitlines()[1] == r'"A label with\ta tab, a \"quote\" and a\nnew line."@en'
    rows = list(csv.reader(io.StringIO(get(client, query, "text/csv").get_data(as_text=True))))
    assert rows[1] == ['A label with\ta tab, a "quote" and a\nnew line.']


@pytest.mark.parametrize(("accept", "fmt"), [
    ("text/turtle", "turtle"), ("application/n-triples", "nt"),
    ("application/rdf+xml", "xml"), ("application/ld+json", "json-ld"),
    ("application/n-quads", "nquads"), ("application/trig", "trig"),
])
def test_construct_content_negotiation(client: FlaskClient, accept: str, fmt: str) -> None:
    response = get(client, CONSTRUCT_REGIONS, accept)
    assert response.status_code == 200
    assert response.mimetype == accept
    graph = rdflib.Dataset() if fmt in ("nquads", "trig") else rdflib.Graph()
    graph.parse(data=response.get_data(), format=fmt)
    assert len(graph) == 3


def test_ask_is_json_or_xml_and_csv_only_is_not_acceptable(client: FlaskClient) -> None:
    query = f"ASK {{ <{ID}region/kaluga-oblast> ?p ?o }}"
    assert get(client, query).get_json(force=True) == {"head": {}, "boolean": True}
    xml = get(client, query, "application/sparql-results+xml").get_data()
    assert ElementTree.fromstring(xml).findtext(f"{RESULTS_NS}boolean") == "true"
    refused = get(client, query, "text/csv")
    assert refused.status_code == 406
    assert "application/sparql-results+json" in refused.get_data(as_text=True)


def test_format_parameter_overrides_accept(client: FlaskClient) -> None:
    response = get(client, SELECT_CLUSTERS, "application/sparql-results+xml", format="csv")
    assert response.mimetype == "text/csv"
    assert get(client, CONSTRUCT_REGIONS, format="nt").mimetype == "application/n-triples"
    unknown = get(client, SELECT_CLUSTERS, format="yaml")
    assert unknown.status_code == 400 and "yaml" in unknown.get_data(as_text=True)


def test_negotiation_answers_each_request_for_its_own_headers(client: FlaskClient) -> None:
    """Negotiated formats are remembered per (format, Accept): the same query asked in turn
    with different headers gets each its own format, and a refusal stays a refusal."""
    asks = [("application/sparql-results+xml", None, "application/sparql-results+xml"),
            ("text/csv", None, "text/csv"), (None, None, "application/sparql-results+json"),
            ("application/sparql-results+xml", "tsv", "text/tab-separated-values"),
            ("text/csv;q=0.5, application/json", None, "application/sparql-results+json")]
    for _ in range(2):
        for accept, name, media in asks:
            params = {"format": name} if name else {}
            assert get(client, SELECT_CLUSTERS, accept, **params).mimetype == media
        assert get(client, SELECT_CLUSTERS, "text/turtle").status_code == 406
        assert get(client, SELECT_CLUSTERS, format="yaml").status_code == 400


def test_select_with_only_graph_media_types_is_406(client: FlaskClient) -> None:
    assert get(client, SELECT_CLUSTERS, "text/turtle").status_code == 406
    assert get(client, CONSTRUCT_REGIONS, "application/sparql-results+json").status_code == 406


def test_protocol_dataset_replaces_the_union_default_graph(client: FlaskClient) -> None:
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"

    def number(**params: str) -> int:
        data = get(client, count, **params).get_json(force=True)
        return int(data["results"]["bindings"][0]["n"]["value"])

    assert number() == SAMPLE_QUADS
    corpus = "https://w3id.org/s3kg/graph/corpus"
    assert number(**{"default-graph-uri": corpus}) == graph_size(corpus) == 3
    assert number(**{"named-graph-uri": FACTS}) == 0  # default graph is then empty


def test_from_a_local_graph_is_allowed_and_scopes_the_query(client: FlaskClient) -> None:
    query = ("SELECT (COUNT(*) AS ?n) FROM <https://w3id.org/s3kg/graph/provenance> "
             "WHERE { ?s ?p ?o }")
    data = get(client, query).get_json(force=True)
    assert data["results"]["bindings"][0]["n"]["value"] == "2"


@pytest.mark.parametrize("clause", [
    "FROM <http://example.org/remote.ttl>",
    "FROM NAMED <http://example.org/remote.ttl>",
    "FROM <file:///etc/passwd>",
])
def test_remote_or_file_from_is_refused_before_evaluation(client: FlaskClient, clause: str) -> None:
    response = get(client, f"SELECT * {clause} WHERE {{ ?s ?p ?o }}")
    assert response.status_code == 403
    assert "FROM" in response.get_data(as_text=True)


def test_service_is_refused_by_default(client: FlaskClient) -> None:
    response = get(client, "SELECT * WHERE { SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }")
    assert response.status_code == 403
    assert "SERVICE" in response.get_data(as_text=True)


def test_malformed_query_is_400_with_the_parse_error(client: FlaskClient) -> None:
    response = get(client, "SELECT * WHERE { ?s ?p }")
    assert response.status_code == 400
    assert response.mimetype == "text/plain"
    assert response.get_data(as_text=True).startswith("Malformed query")


@pytest.mark.parametrize(("method", "kwargs", "status"), [
    ("put", {"query_string": {"query": "ASK {}"}}, 405),
    ("delete", {}, 405),
    ("post", {"data": "ASK {}", "content_type": "text/plain"}, 415),
    ("post", {"data": b"ASK {}"}, 415),
    ("post", {"data": "ASK {}".encode("utf-16"),
              "content_type": "application/sparql-query; charset=UTF-16"}, 415),
    ("post", {"data": b"ASK { \xff }", "content_type": "application/sparql-query"}, 400),
    ("post", {"data": "", "content_type": "application/sparql-query"}, 400),
    ("post", {"data": {"nothing": "here"}}, 400),
    ("get", {"query_string": "query=ASK%20%7B%7D&query=ASK%20%7B%7D"}, 400),
    ("post", {"data": {"query": "ASK {}", "update": "CLEAR ALL"}}, 400),
])
def test_protocol_errors(client: FlaskClient, method: str, kwargs: dict[str, object],
                         status: int) -> None:
    response = getattr(client, method)("/sparql", **kwargs)
    assert response.status_code == status
    assert response.mimetype == "text/plain"
    assert "Traceback" not in response.get_data(as_text=True)
    if status == 405:
        assert "POST" in response.headers["Allow"]


def test_updates_are_refused_on_a_read_only_server(client: FlaskClient) -> None:
    direct = client.post("/sparql", data="CLEAR ALL", content_type="application/sparql-update")
    form = client.post("/sparql", data={"update": "DROP ALL"})
    by_get = client.get("/sparql", query_string={"update": "CLEAR ALL"})
    assert direct.status_code == form.status_code == 403
    assert "read-only" in direct.get_data(as_text=True)
    assert by_get.status_code == 400
    sneaked = get(client, "DELETE WHERE { ?s ?p ?o }")
    assert sneaked.status_code == 400 and "Update" in sneaked.get_data(as_text=True)
    assert int(client.get("/health").get_json()["triples"]) == SAMPLE_QUADS


def test_service_description_lists_graphs_and_formats(client: FlaskClient) -> None:
    response = client.get("/sparql", headers={"Accept": "text/turtle"})
    assert response.status_code == 200 and response.mimetype == "text/turtle"
    graph = rdflib.Graph().parse(data=response.get_data(), format="turtle")
    sd = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
    assert (None, sd.endpoint, rdflib.URIRef("http://localhost/sparql")) in graph
    names = {str(o) for o in graph.objects(None, sd.name)}
    assert FACTS in names and len(names) == 4
    assert (None, sd.supportedLanguage, sd.SPARQL11Update) not in graph
    assert client.get("/sparql", headers={"Accept": "text/csv"}).status_code == 406


def test_graph_store_reads_named_and_default_graphs(client: FlaskClient) -> None:
    named = client.get("/rdf-graph-store", query_string={"graph": FACTS},
                       headers={"Accept": "application/n-triples"})
    assert named.status_code == 200 and named.mimetype == "application/n-triples"
    assert len(rdflib.Graph().parse(data=named.get_data(), format="nt")) == graph_size(FACTS)
    quads = client.get("/rdf-graph-store", query_string={"graph": FACTS},
                       headers={"Accept": "application/n-quads"}).get_data(as_text=True)
    assert all(line.endswith(f"<{FACTS}> .") for line in quads.splitlines())
    default = client.get("/rdf-graph-store?default")
    assert len(rdflib.Graph().parse(data=default.get_data(), format="turtle")) == SAMPLE_QUADS
    head = client.head("/rdf-graph-store", query_string={"graph": FACTS})
    assert head.status_code == 200 and head.get_data() == b""


@pytest.mark.parametrize(("query_string", "status"), [
    ({"graph": "http://example.org/nowhere"}, 404),
    ({"graph": "not an iri"}, 400),
    ({}, 400),
    ({"graph": FACTS, "default": ""}, 400),
])
def test_graph_store_errors(client: FlaskClient, query_string: dict[str, str],
                            status: int) -> None:
    assert client.get("/rdf-graph-store", query_string=query_string).status_code == status


@pytest.mark.parametrize("method", ["put", "post", "delete", "patch"])
def test_graph_store_writes_are_405(client: FlaskClient, method: str) -> None:
    response = getattr(client, method)(f"/rdf-graph-store?graph={quote(FACTS)}",
                                       data="<a> <b> <c> .", content_type="text/turtle")
    assert response.status_code == 405
    assert response.headers["Allow"] == "GET, HEAD, OPTIONS"
    direct = getattr(client, method)("/rdf-graph-store/people/1")
    assert direct.status_code == 405


def test_graph_store_direct_identification(client: FlaskClient) -> None:
    assert client.get("/rdf-graph-store/person/1").status_code == 404


def test_error_responses_never_leak_tracebacks(client: FlaskClient) -> None:
    for url in ("/sparql?query=%00", "/sparql?query=SELECT", "/nope", "/api/nope",
                "/rdf-graph-store?graph=%3C%3E"):
        response = client.get(url)
        assert 400 <= response.status_code < 500, url
        assert "Traceback" not in response.get_data(as_text=True)


def test_json_results_parse_as_json_for_unicode(client: FlaskClient) -> None:
    query = f'SELECT ?l WHERE {{ <{ID}country/russia> ?p ?l FILTER(LANG(?l) = "ru") }}'
    data = json.loads(get(client, query).get_data())
    assert data["results"]["bindings"][0]["l"] == {"type": "literal", "value": "Россия",
                                                   "xml:lang": "ru"}
