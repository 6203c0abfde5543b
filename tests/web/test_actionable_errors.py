"""Errors people can act on: /sparql and /api name the line, column and cause of a syntax
error, and /sparql accepts the CLI's well-known prefixes undeclared, as `s3kg query` does."""

from __future__ import annotations

from flask.testing import FlaskClient


def test_well_known_prefixes_need_no_declaration(client: FlaskClient) -> None:
    query = "SELECT ?l WHERE { ?s rdfs:label ?l FILTER(?s != s3kg:Nothing) } LIMIT 1"
    response = client.get("/sparql", query_string={"query": query})
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.get_json()["results"]["bindings"]


def test_an_undeclared_prefix_is_named(client: FlaskClient) -> None:
    query = "SELECT * WHERE {\n  ?s foo:bar ?o\n}"
    response = client.get("/sparql", query_string={"query": query})
    assert response.status_code == 400
    text = response.get_data(as_text=True)
    assert "line 2, column" in text and "prefix foo: is not declared" in text
    assert "\\u{" not in text


def test_an_unclosed_group_says_so(client: FlaskClient) -> None:
    response = client.post("/sparql", data={"query": "SELECT * WHERE { ?s ?p ?o "})
    assert response.status_code == 400
    assert "ends too early" in response.get_data(as_text=True)
