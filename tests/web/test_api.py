"""The named query API over queries/examples and its OpenAPI description."""

from __future__ import annotations

import csv
import io

import pytest
import rdflib
from flask.testing import FlaskClient

from web.conftest import ID

KALUGA = ID + "region/kaluga-oblast"
IN_REGION = "/api/examples/clusters_in_region"


def rows(client: FlaskClient, url: str, **params: str) -> list[dict[str, str]]:
    response = client.get(url, query_string=params)
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.mimetype == "application/sparql-results+json"
    bindings = response.get_json(force=True)["results"]["bindings"]
    return [{k: v["value"] for k, v in b.items()} for b in bindings]


def test_index_lists_the_example_queries(client: FlaskClient) -> None:
    listed = {q["name"]: q for q in client.get("/api").get_json()}
    assert listed["examples/clusters_in_region"]["params"] == {"region": "iri"}
    assert listed["examples/clusters_in_region"]["path"] == IN_REGION


def test_iri_parameter_is_bound_as_a_term(client: FlaskClient) -> None:
    found = rows(client, IN_REGION, region=KALUGA)
    assert [r["cluster"] for r in found] == [ID + "cluster/kaluga-auto",
                                            ID + "cluster/kaluga-pharma"]
    assert {r["region"] for r in found} == {KALUGA}


@pytest.mark.parametrize("how", ["accept", "format"])
def test_csv_on_request(client: FlaskClient, how: str) -> None:
    if how == "accept":
        response = client.get(IN_REGION, query_string={"region": KALUGA},
                              headers={"Accept": "text/csv"})
    else:
        response = client.get(IN_REGION, query_string={"region": KALUGA, "format": "csv"})
    assert response.status_code == 200 and response.mimetype == "text/csv"
    table = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert table[0] == ["cluster", "label", "region"]
    assert table[1][1] == "Kaluga automotive cluster"


def test_year_default_and_explicit_value(client: FlaskClient) -> None:
    assert len(rows(client, "/api/examples/clusters_founded_since")) == 2
    assert len(rows(client, "/api/examples/clusters_founded_since", since="2000")) == 3
    assert rows(client, "/api/examples/clusters_founded_since", since="2013") == []


def test_string_and_boolean_parameters(client: FlaskClient) -> None:
    url = "/api/examples/search_labels"
    assert {r["label"] for r in rows(client, url, text="RUSS")} == {"Russia"}
    assert {r["label"] for r in rows(client, url, text="Рос", english_only="false")} == {"Россия"}
    assert rows(client, url, text="Рос") == []


def test_injection_attempts_are_values_not_sparql(client: FlaskClient) -> None:
    url = "/api/examples/search_labels"
    assert rows(client, url, text='") } UNION { ?entity ?p ?label } #') == []
    sneaky_iri = KALUGA + "> } UNION { ?cluster ?p ?label } #"
    response = client.get(IN_REGION, query_string={"region": sneaky_iri})
    assert response.status_code == 400
    assert "absolute IRI" in response.get_data(as_text=True)


@pytest.mark.parametrize(("url", "params", "message"), [
    (IN_REGION, {}, "missing required parameter 'region'"),
    (IN_REGION, {"region": "kaluga"}, "is not an absolute IRI"),
    (IN_REGION, {"region": KALUGA, "regoin": "x"}, "unknown parameter(s) regoin"),
    ("/api/examples/clusters_founded_since", {"since": "20x0"}, "is not a year"),
    ("/api/examples/search_labels", {"text": "a", "english_only": "maybe"}, "true or false"),
    (IN_REGION, {"region": KALUGA, "format": "pdf"}, "Unknown format"),
])
def test_bad_parameters_are_400_with_a_message(client: FlaskClient, url: str,
                                               params: dict[str, str], message: str) -> None:
    response = client.get(url, query_string=params)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)


def test_repeated_parameter_is_400(client: FlaskClient) -> None:
    response = client.get(f"{IN_REGION}?region={KALUGA}&region={KALUGA}")
    assert response.status_code == 400


def test_ask_and_construct_queries(client: FlaskClient) -> None:
    ask = client.get("/api/examples/cluster_exists",
                     query_string={"entity": ID + "cluster/kaluga-auto"})
    assert ask.get_json(force=True) == {"head": {}, "boolean": True}
    no = client.get("/api/examples/cluster_exists", query_string={"entity": KALUGA})
    assert no.get_json(force=True)["boolean"] is False
    graph = client.get("/api/examples/describe_entity", query_string={"entity": KALUGA})
    assert graph.mimetype == "text/turtle"
    parsed = rdflib.Graph().parse(data=graph.get_data(), format="turtle")
    assert set(parsed.subjects()) == {rdflib.URIRef(KALUGA)} and len(parsed) == 3


def test_unknown_query_is_404(client: FlaskClient) -> None:
    response = client.get("/api/examples/no_such_query")
    assert response.status_code == 404
    assert "GET /api lists them" in response.get_data(as_text=True)


def test_openapi_document_is_valid_and_covers_every_query(client: FlaskClient) -> None:
    validator = pytest.importorskip("openapi_spec_validator")
    document = client.get("/api/openapi.json").get_json()
    validator.validate(document)
    listed = {q["path"] for q in client.get("/api").get_json()}
    assert set(document["paths"]) == listed
    operation = document["paths"][IN_REGION]["get"]
    region = next(p for p in operation["parameters"] if p["name"] == "region")
    assert region["required"] is True and region["schema"]["format"] == "uri"
    since = document["paths"]["/api/examples/clusters_founded_since"]["get"]["parameters"][0]
    assert since["schema"]["default"] == "2010"
    assert "text/csv" in operation["responses"]["200"]["content"]
