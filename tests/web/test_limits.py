"""Time and size limits: killed queries, result limits, request size, no 200-then-error."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from flask import Flask

from web.conftest import NEVER_ENDING, client_at, slow_query

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
    # The bound on the cheap query is generous (CI is a loaded machine) but well under the
    # runaway's time limit, which is what it would take if it had to wait for it.
    app = make_app(query_timeout=10.0, workers=2)
    results: dict[str, int] = {}

    def slow() -> None:
        client = app.test_client()
        results["slow"] = client.get("/sparql", query_string={"query": NEVER_ENDING}).status_code

    thread = threading.Thread(target=slow)
    thread.start()
    time.sleep(0.2)
    started = time.monotonic()
    cheap = client_at(app, "192.0.2.2").get("/sparql", query_string={"query": CLUSTERS})
    assert cheap.status_code == 200
    assert time.monotonic() - started < 5
    thread.join()
    assert results["slow"] == 503


def test_a_client_over_its_query_limit_gets_429_and_others_are_answered(
        make_app: Callable[..., Flask]) -> None:
    app = make_app(query_timeout=5.0, workers=2, client_queries=1)
    greedy = client_at(app, "192.0.2.1")
    results: dict[str, int] = {}
    thread = threading.Thread(target=lambda: results.update(
        slow=greedy.get("/sparql", query_string={"query": NEVER_ENDING}).status_code))
    thread.start()
    deadline = time.monotonic() + 20
    while not app.extensions["s3kg"].pool.slots.held("192.0.2.1"):
        assert time.monotonic() < deadline, "the runaway query never reached the pool"
        time.sleep(0.02)
    refused = greedy.get("/sparql", query_string={"query": CLUSTERS})
    assert refused.status_code == 429 and refused.headers["Retry-After"].isdigit()
    assert "Too many queries at once" in refused.get_data(as_text=True)
    named = greedy.get("/api/examples/clusters_in_region",
                       query_string={"region": "https://w3id.org/s3kg/id/region/kaluga-oblast"})
    assert named.status_code == 429  # every way to the pool is counted
    page = greedy.get("/id/region/kaluga-oblast", headers={"Accept": "text/html"})
    assert page.status_code == 429 and page.headers["Retry-After"].isdigit()
    other = client_at(app, "192.0.2.2").get("/sparql", query_string={"query": CLUSTERS})
    assert other.status_code == 200
    thread.join(30)
    assert results["slow"] == 503  # the time limit still stops it
    assert greedy.get("/sparql", query_string={"query": CLUSTERS}).status_code == 200


def test_failed_queries_give_their_slot_back(make_app: Callable[..., Flask]) -> None:
    app = make_app(client_queries=1, result_limit=1)
    client = app.test_client()
    for _ in range(3):  # refused by the query worker, over the result limit
        assert client.get("/sparql", query_string={"query": CLUSTERS}).status_code == 422
    assert client.get("/sparql", query_string={"query": CLUSTERS + " LIMIT 1"}).status_code == 200
    assert app.extensions["s3kg"].pool.slots.held("127.0.0.1") == 0


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
