"""No request leaves the server because of a query unless the operator allowed it.

A recording listener on 127.0.0.1 plays the target.  Every refused form must leave it
untouched; the positive controls show that the listener does see the engine's requests when
the operator allows them, so "no request received" means something.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from flask import Flask

from security.conftest import TOKEN, Listener

SERVICE_FORMS = [
    "SELECT * WHERE {{ SERVICE <{url}/sparql> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ service silent <{url}/sparql> {{ ?s ?p ?o }} }}",
    "PREFIX r: <{url}/>\nSELECT * WHERE {{ SERVICE r:sparql {{ ?s ?p ?o }} }}",
    "BASE <{url}/>\nSELECT * WHERE {{ SERVICE <sparql> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ SERVICE <{escaped}/sparql> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ VALUES ?e {{ <{url}/sparql> }} SERVICE ?e {{ ?s ?p ?o }} }}",
    "ASK {{ FILTER EXISTS {{ SERVICE <{url}/sparql> {{ }} }} }}",
    "SELECT * WHERE {{ {{ SELECT * WHERE {{ SERVICE <{url}/sparql> {{ ?s ?p ?o }} }} }} }}",
    "SELECT * WHERE {{ OPTIONAL {{ SERVICE#comment\n<{url}/sparql> {{ ?s ?p ?o }} }} }}",
    "CONSTRUCT {{ ?s ?p ?o }} WHERE {{ SERVICE <{url}/sparql> {{ ?s ?p ?o }} }}",
]
FROM_FORMS = [
    "SELECT * FROM <{url}/data.ttl> WHERE {{ ?s ?p ?o }}",
    "SELECT * FROM NAMED <{url}/data.ttl> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
    "PREFIX r: <{url}/>\nSELECT * FROM r:data.ttl WHERE {{ ?s ?p ?o }}",
    "SELECT * FROM <file:///etc/passwd> WHERE {{ ?s ?p ?o }}",
]
UPDATE_FORMS = [
    "LOAD <{url}/data.ttl>",
    "LOAD SILENT <{url}/data.ttl> INTO GRAPH <http://x/g>",
    "INSERT {{ ?s ?p ?o }} WHERE {{ SERVICE <{url}/sparql> {{ ?s ?p ?o }} }}",
    "INSERT {{ ?s ?p ?o }} USING <{url}/data.ttl> WHERE {{ ?s ?p ?o }}",
]


def _escape(url: str) -> str:
    """The IRI with its colon written as a \\u escape, which the engine unescapes."""
    return url.replace(":", "\\u003A", 1)


@pytest.mark.parametrize("form", SERVICE_FORMS + FROM_FORMS)
def test_queries_that_would_call_out_are_refused(
    read_only_app: Flask, listener: Listener, form: str
) -> None:
    client = read_only_app.test_client()
    query = form.format(url=listener.url, escaped=_escape(listener.url))
    for response in (
        client.get("/sparql", query_string={"query": query}),
        client.post("/sparql", data=query, content_type="application/sparql-query"),
    ):
        assert response.status_code == 403, response.get_data(as_text=True)
        assert "refused" in response.get_data(as_text=True)
    assert listener.requests == []


@pytest.mark.parametrize("form", UPDATE_FORMS)
def test_updates_that_would_call_out_are_refused_even_with_the_token(
    fresh_app: Callable[..., Flask], listener: Listener, form: str
) -> None:
    update = form.format(url=listener.url)
    anonymous = fresh_app().test_client()
    assert anonymous.post("/sparql", data={"update": update}).status_code == 403
    client = fresh_app(update_token=TOKEN).test_client()
    response = client.post(
        "/sparql", data={"update": update}, headers={"Authorization": f"Bearer {TOKEN}"}
    )
    assert response.status_code == 403, response.get_data(as_text=True)
    assert listener.requests == []


def test_protocol_dataset_and_describe_of_remote_iris_fetch_nothing(
    read_only_app: Flask, listener: Listener
) -> None:
    client = read_only_app.test_client()
    remote = f"{listener.url}/data.ttl"
    answers = [
        client.get(
            "/sparql",
            query_string={"query": "SELECT * WHERE { ?s ?p ?o }", "default-graph-uri": remote},
        ),
        client.get(
            "/sparql",
            query_string={
                "query": "SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }",
                "named-graph-uri": remote,
            },
        ),
        client.get("/sparql", query_string={"query": f"DESCRIBE <{remote}>"}),
        client.get("/rdf-graph-store", query_string={"graph": remote}),
        client.get("/api/examples/describe_entity", query_string={"entity": remote}),
    ]
    assert [a.status_code for a in answers][:3] == [200, 200, 200]
    assert answers[3].status_code == 404
    assert answers[4].status_code in (200, 400)
    assert listener.requests == []


def test_allowed_service_is_called_and_only_that_one(
    fresh_app: Callable[..., Flask], listener: Listener
) -> None:
    """Positive control: the listener does see the engine when the operator allows it."""
    allowed = f"{listener.url}/sparql"
    client = fresh_app(allow_service=frozenset({allowed})).test_client()
    other = f"{listener.url}/other"
    refused = client.get(
        "/sparql", query_string={"query": f"SELECT * WHERE {{ SERVICE <{other}> {{ ?s ?p ?o }} }}"}
    )
    assert refused.status_code == 403
    assert listener.requests == []
    called = client.get(
        "/sparql",
        query_string={"query": f"SELECT * WHERE {{ SERVICE <{allowed}> {{ ?s ?p ?o }} }}"},
    )
    assert called.status_code == 200, called.get_data(as_text=True)
    assert [path.split("?")[0] for _, path in listener.requests] == ["/sparql"]


def test_load_reaches_out_only_with_token_and_allow_load(
    fresh_app: Callable[..., Flask], listener: Listener
) -> None:
    update = f"LOAD SILENT <{listener.url}/data.ttl> INTO GRAPH <http://x/g>"
    client = fresh_app(update_token=TOKEN, allow_load=True).test_client()
    unauthenticated = client.post("/sparql", data={"update": update})
    assert unauthenticated.status_code == 401
    assert listener.requests == []
    response = client.post(
        "/sparql", data={"update": update}, headers={"Authorization": f"Bearer {TOKEN}"}
    )
    assert response.status_code < 500, response.get_data(as_text=True)
    assert [path for _, path in listener.requests] == ["/data.ttl"]
