"""Time and size limits: killed queries, result limits, request size, no 200-then-error."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from flask import Flask

from web.conftest import NEVER_ENDING, slow_query

CLUSTERS = "SELECT ?c WHERE { ?c a <https://w3id.org/s3kg/ontology#Cluster> }"


def test_overrunning_query_is_stopped_with_503_and_the_pool_recovers(
        make_app: Callable[..., Flask]) -> None:
    app = make_app(query_timeout=0.5, workers=1)
    client = app.test_client()
    started = time.monotonic()
    response = client.get("/sparql", query_string={"query": NEVER_ENDING})
    elapsed = time.monotonic() - started
    assert response.status_code == 503
    assert response.mimetype == "text/plain"
    assert "timed out after 0.5 s" in response.get_data(as_text=True)
    assert elapsed < 3
    after = client.get("/sparql", query_string={"query": CLUSTERS})
    assert after.status_code == 200
    assert len(after.get_json(force=True)["results"]["bindings"]) == 4


def test_timed_out_query_does_not_block_a_concurrent_cheap_one(
        make_app: Callable[..., Flask]) -> None:
    app = make_app(query_timeout=1.0, workers=2)
    results: dict[str, int] = {}

    def slow() -> None:
        client = app.test_client()
        results["slow"] = client.get("/sparql", query_string={"query": NEVER_ENDING}).status_code

    thread = threading.Thread(target=slow)
    thread.start()
    time.sleep(0.2)
    started = time.monotonic()
    cheap = app.test_client().get("/sparql", query_string={"query": CLUSTERS})
    assert cheap.status_code == 200
    assert time.monotonic() - started < 0.5
    thread.join()
    assert results["slow"] == 503


def test_moderate_query_within_the_limit_succeeds(make_app: Callable[..., Flask]) -> None:
    client = make_app(query_timeout=20).test_client()
    response = client.get("/sparql", query_string={"query": slow_query(100)})
    assert response.status_code == 200
    assert response.get_json(force=True)["results"]["bindings"][0]["n"]["value"] == "1000000"


def test_result_limit_gives_422_and_never_a_partial_answer(
        make_app: Callable[..., Flask]) -> None:
    client = make_app(result_limit=3).test_client()
    response = client.get("/sparql", query_string={"query": CLUSTERS})
    assert response.status_code == 422
    assert "more than 3 solutions" in response.get_data(as_text=True)
    paged = client.get("/sparql", query_string={"query": CLUSTERS + " LIMIT 3"})
    assert paged.status_code == 200
    construct = "CONSTRUCT WHERE { ?s ?p ?o }"
    assert client.get("/sparql", query_string={"query": construct}).status_code == 422
    assert client.get("/rdf-graph-store?default").status_code == 422
    region = "https://w3id.org/s3kg/id/region/kaluga-oblast"
    named = client.get("/api/examples/clusters_in_region", query_string={"region": region})
    assert named.status_code == 200


def test_request_body_limit_is_413(make_app: Callable[..., Flask]) -> None:
    client = make_app(max_request_bytes=2000).test_client()
    big = "SELECT * WHERE { ?s ?p ?o } # " + "x" * 3000
    direct = client.post("/sparql", data=big, content_type="application/sparql-query")
    form = client.post("/sparql", data={"query": big})
    assert direct.status_code == form.status_code == 413
    small = client.post("/sparql", data=CLUSTERS, content_type="application/sparql-query")
    assert small.status_code == 200
