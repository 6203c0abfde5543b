"""No SPARQL injection through the named-query API: values are bound as terms, never pasted.

Each payload is sent as every parameter type; the answer must be a 400 naming the parameter
(malformed for its type) or a normal answer in which the payload is just a value.  The store
must hold the same triples afterwards, and a string payload must come back verbatim.
"""

from __future__ import annotations

import pytest
from flask import Flask

PAYLOADS = [
    "http://x> } ; DROP ALL ; SELECT * WHERE { ?s ?p ?o",
    "https://w3id.org/s3kg/id/region/kaluga-oblast> . ?x ?y ?z } #",
    "http://x>} UNION { ?entity ?p ?o",
    '" } ; DROP ALL ; #',
    "') } INSERT DATA { <http://x/a> <http://x/b> <http://x/c> } #",
    '" . ?s ?p ?o FILTER(true) } #',
    "http://x/\u0000",
    "http://x/\ninjected",
    "http://x/%3E%20%7D",
    "1 ; DROP ALL",
    "1) || true || (1",
    '2019" } UNION { ?s ?p ?o } #',
    "true } ; CLEAR ALL",
    "x" * 5000,
    "9" * 5000,
]
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
TYPED = [
    ("examples/cluster_exists", "entity"),  # iri
    ("examples/clusters_in_region", "region"),  # iri
    ("examples/search_labels", "text"),  # string
    ("examples/search_labels", "english_only"),  # boolean (with text=a)
    ("examples/clusters_founded_since", "since"),  # year
    ("cq/CQ59_clusters_with_large_employment", "minimum"),  # integer
]


def _count(app: Flask) -> str:
    answer = app.test_client().get("/sparql", query_string={"query": COUNT})
    return str(answer.get_json(force=True)["results"]["bindings"][0]["n"]["value"])


@pytest.mark.parametrize(("name", "param"), TYPED)
def test_payloads_are_values_or_400_and_change_nothing(
    read_only_app: Flask, name: str, param: str
) -> None:
    client = read_only_app.test_client()
    before = _count(read_only_app)
    for payload in PAYLOADS:
        values = {param: payload} if param != "english_only" else {"text": "a", param: payload}
        response = client.get(f"/api/{name}", query_string=values)
        body = response.get_data(as_text=True)
        assert response.status_code in (200, 400), (payload, response.status_code, body)
        if response.status_code == 400:
            assert f"parameter '{param}'" in body and "Traceback" not in body
    assert _count(read_only_app) == before


def test_a_string_payload_comes_back_verbatim_as_one_literal(read_only_app: Flask) -> None:
    client = read_only_app.test_client()
    for payload in PAYLOADS[3:6]:
        response = client.get("/api/examples/search_labels", query_string={"text": payload})
        assert response.status_code == 200
        head = response.get_json(force=True)["head"]["vars"]
        assert head == ["entity", "label", "text", "english_only"]


def test_an_iri_payload_cannot_widen_the_answer(read_only_app: Flask) -> None:
    client = read_only_app.test_client()
    good = "https://w3id.org/s3kg/id/region/kaluga-oblast"
    base = client.get("/api/examples/clusters_in_region", query_string={"region": good})
    assert base.status_code == 200
    for suffix in ("> . ?x ?y ?z } #", ">} UNION { ?cluster ?p ?o", "%3E"):
        widened = client.get(
            "/api/examples/clusters_in_region", query_string={"region": good + suffix}
        )
        if widened.status_code == 200:
            assert widened.get_json(force=True)["results"]["bindings"] == []
        else:
            assert widened.status_code == 400


def test_unknown_repeated_and_reserved_parameters_are_400(read_only_app: Flask) -> None:
    client = read_only_app.test_client()
    region = "https://w3id.org/s3kg/id/region/kaluga-oblast"
    cases = [
        {"region": region, "query": "DROP ALL"},
        [("region", region), ("region", "http://x")],
        {},
    ]
    for values in cases:
        response = client.get("/api/examples/clusters_in_region", query_string=values)
        assert response.status_code == 400, values
    unknown = client.get("/api/../../etc/passwd")
    assert unknown.status_code == 404
