"""Health, access log, CORS, switching to a rebuilt store, and opt-in updates."""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from web.conftest import (
    FACTS,
    SAMPLE,
    SAMPLE_NEXT,
    SAMPLE_QUADS,
    build_release,
    client_at,
    point_current,
    slow_query,
)

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def count(client: FlaskClient, query: str = COUNT) -> int:
    response = client.get("/sparql", query_string={"query": query})
    assert response.status_code == 200, response.get_data(as_text=True)
    return int(response.get_json(force=True)["results"]["bindings"][0]["n"]["value"])


def test_health_reports_the_store(client: FlaskClient) -> None:
    report = client.get("/health").get_json()
    assert report["status"] == "ok"
    assert report["triples"] == SAMPLE_QUADS and report["graphs"] == 4
    assert report["store"].endswith("/sample/store")
    assert report["build_id"] == "sample"


def test_health_reads_build_id_from_build_json(tmp_path: Path,
                                               make_app: Callable[..., Flask]) -> None:
    release = build_release(tmp_path, "r1", SAMPLE)
    (release / "build.json").write_text(json.dumps({"build_id": "2025-01-01T00:00Z-abc"}))
    report = make_app(store_path=release / "store").test_client().get("/health").get_json()
    assert report["build_id"] == "2025-01-01T00:00Z-abc"


def test_health_is_503_without_a_store(tmp_path: Path, make_app: Callable[..., Flask]) -> None:
    client = make_app(store_path=tmp_path / "missing" / "store").test_client()
    response = client.get("/health")
    assert response.status_code == 503
    assert response.get_json()["status"] == "unavailable"
    query = client.get("/sparql", query_string={"query": COUNT})
    assert query.status_code == 503
    assert "build the graph first" in query.get_data(as_text=True)


def test_access_log_is_one_json_line_per_request(client: FlaskClient,
                                                 caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="s3kg.access"):
        client.get("/sparql", query_string={"query": "ASK {}"})
        client.get("/sparql", query_string={"query": "ASK {"})
    lines = [json.loads(r.getMessage()) for r in caplog.records if r.name == "s3kg.access"]
    assert [(line["method"], line["path"], line["status"]) for line in lines] == [
        ("GET", "/sparql", 200), ("GET", "/sparql", 400)]
    assert all(isinstance(line["duration_ms"], float) for line in lines)


def test_cors_only_for_configured_origins(make_app: Callable[..., Flask]) -> None:
    client = make_app(cors_origins=("https://app.example",)).test_client()
    allowed = client.get("/health", headers={"Origin": "https://app.example"})
    assert allowed.headers["Access-Control-Allow-Origin"] == "https://app.example"
    other = client.get("/health", headers={"Origin": "https://evil.example"})
    assert "Access-Control-Allow-Origin" not in other.headers
    preflight = client.options("/sparql", headers={
        "Origin": "https://app.example", "Access-Control-Request-Method": "POST"})
    assert preflight.status_code == 204
    assert "POST" in preflight.headers["Access-Control-Allow-Methods"]


def test_server_follows_a_rebuilt_current_symlink(tmp_path: Path,
                                                  make_app: Callable[..., Flask]) -> None:
    releases, var = tmp_path / "releases", tmp_path / "var"
    var.mkdir()
    first = build_release(releases, "build-1", SAMPLE)
    second = build_release(releases, "build-2", SAMPLE, SAMPLE_NEXT)
    point_current(var, first)
    app = make_app(store_path=var / "current" / "store", query_timeout=20)
    client = app.test_client()
    assert count(client) == SAMPLE_QUADS
    slow = slow_query(250, joins=2, pattern="?s ?p ?o .")
    in_flight: dict[str, int] = {}
    other = client_at(app, "192.0.2.2")  # another user: each has one query at a time
    thread = threading.Thread(target=lambda: in_flight.update(n=count(other, slow)))
    thread.start()
    time.sleep(0.1)
    point_current(var, second)
    assert count(client) == SAMPLE_QUADS + 2
    assert client.get("/health").get_json()["build_id"] == "build-2"
    thread.join()
    assert in_flight["n"] == SAMPLE_QUADS * 250 * 250  # finished on the old store


def test_updates_need_the_bearer_token(tmp_path: Path, make_app: Callable[..., Flask]) -> None:
    release = build_release(tmp_path, "writable", SAMPLE)
    client = make_app(store_path=release / "store", update_token="s3cret").test_client()
    update = f'INSERT DATA {{ GRAPH <{FACTS}> {{ <urn:x:a> <urn:x:b> "c" }} }}'
    anonymous = client.post("/sparql", data={"update": update})
    assert anonymous.status_code == 401
    assert anonymous.headers["WWW-Authenticate"].startswith("Bearer")
    wrong = client.post("/sparql", data={"update": update},
                        headers={"Authorization": "Bearer guess"})
    assert wrong.status_code == 401
    assert count(client) == SAMPLE_QUADS
    auth = {"Authorization": "Bearer s3cret"}
    applied = client.post("/sparql", data=update, headers=auth,
                          content_type="application/sparql-update")
    assert applied.status_code == 204, applied.get_data(as_text=True)
    assert count(client) == SAMPLE_QUADS + 1
    assert client.get("/health").get_json()["triples"] == SAMPLE_QUADS + 1
    load = client.post("/sparql", data={"update": "LOAD <http://127.0.0.1:1/x.ttl>"},
                       headers=auth)
    assert load.status_code == 403
    bad = client.post("/sparql", data={"update": "CLEAR XYZ"}, headers=auth)
    assert bad.status_code == 400


def test_service_description_announces_update_only_when_enabled(
        tmp_path: Path, make_app: Callable[..., Flask]) -> None:
    release = build_release(tmp_path, "sd", SAMPLE)
    client = make_app(store_path=release / "store", update_token="t").test_client()
    description = client.get("/sparql", headers={"Accept": "application/n-triples"})
    assert "SPARQL11Update" in description.get_data(as_text=True)


def test_extra_blueprints_reach_the_store_through_the_backend(
        make_app: Callable[..., Flask]) -> None:
    from flask import Blueprint
    from pyoxigraph import NamedNode

    from s3kg.web import current_backend

    pages = Blueprint("extra_test_pages", __name__)

    @pages.route("/extra-test/label")
    def label() -> str:
        region = NamedNode("https://w3id.org/s3kg/id/region/kaluga-oblast")
        data = current_backend().select(
            "SELECT ?r ?l WHERE { ?r <http://www.w3.org/2004/02/skos/core#prefLabel> ?l }",
            [("r", region)])
        return str(data["results"]["bindings"][0]["l"]["value"])

    client = make_app(blueprints=[pages]).test_client()
    assert client.get("/extra-test/label").get_data(as_text=True) == "Kaluga Oblast"
