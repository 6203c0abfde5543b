"""Response headers: nosniff everywhere, caching, CORS (off by default), CSP on HTML pages."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask
from werkzeug.test import TestResponse

import s3kg.web

QUERY = "SELECT * WHERE { ?s ?p ?o } LIMIT 1"
ENTITY = "/id/cluster/kaluga-automotive"
TEMPLATES = Path(s3kg.web.__file__).parent / "templates"
REQUESTS: list[tuple[str, str, dict[str, object]]] = [
    ("GET", "/sparql", {"query_string": {"query": QUERY}}),
    ("POST", "/sparql", {"data": QUERY, "content_type": "application/sparql-query"}),
    ("GET", "/sparql", {"query_string": {"query": "SELECT nonsense"}}),
    ("GET", "/sparql", {}),
    ("PUT", "/sparql", {}),
    ("POST", "/sparql", {"data": "x" * 2_000_000, "content_type": "application/sparql-query"}),
    ("GET", "/sparql", {"query_string": {"query": QUERY}, "headers": {"Accept": "image/png"}}),
    ("GET", "/api", {}),
    ("GET", "/api/examples/clusters_in_region", {"query_string": {"region": "bad"}}),
    ("GET", "/rdf-graph-store", {"query_string": {"graph": "https://w3id.org/s3kg/graph/facts"}}),
    ("GET", "/graph/facts", {}),
    ("GET", ENTITY, {"headers": {"Accept": "text/turtle"}}),
    ("GET", ENTITY, {"headers": {"Accept": "text/html"}}),
    ("GET", "/nowhere", {"headers": {"Accept": "text/html"}}),
    ("GET", "/nowhere", {}),
    ("GET", "/", {}),
    ("GET", "/query", {}),
    ("GET", "/health", {}),
    ("GET", "/.well-known/void", {}),
    ("GET", "/static/s3kg.css", {}),
    ("HEAD", "/static/query.js", {}),
    (
        "OPTIONS",
        "/sparql",
        {"headers": {"Origin": "https://x.example", "Access-Control-Request-Method": "POST"}},
    ),
]
IDS = [f"{method} {path} {sorted(kw)}" for method, path, kw in REQUESTS]


def _open(app: Flask, method: str, path: str, kwargs: dict[str, object]) -> TestResponse:
    return app.test_client().open(path, method=method, **kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize(("method", "path", "kwargs"), REQUESTS, ids=IDS)
def test_every_response_says_nosniff(
    read_only_app: Flask, method: str, path: str, kwargs: dict[str, object]
) -> None:
    response = _open(read_only_app, method, path, kwargs)
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "Cache-Control" in response.headers


def test_query_results_are_not_cached_and_static_files_are(read_only_app: Flask) -> None:
    client = read_only_app.test_client()
    for response in (
        client.get("/sparql", query_string={"query": QUERY}),
        client.get(
            "/api/examples/clusters_in_region",
            query_string={"region": "https://w3id.org/s3kg/id/region/x"},
        ),
        client.get(ENTITY, headers={"Accept": "text/turtle"}),
        client.get("/sparql", query_string={"query": "nonsense"}),
    ):
        assert response.headers["Cache-Control"] == "no-store"
    static = client.get("/static/s3kg.css")
    assert static.cache_control.max_age and static.cache_control.max_age >= 600
    assert static.cache_control.public


def test_cors_is_off_by_default(read_only_app: Flask) -> None:
    client = read_only_app.test_client()
    origin = {"Origin": "https://evil.example"}
    simple = client.get("/sparql", query_string={"query": QUERY}, headers=origin)
    preflight = client.options(
        "/sparql", headers={**origin, "Access-Control-Request-Method": "POST"}
    )
    for response in (simple, preflight):
        names = [name.lower() for name, _ in response.headers.items()]
        assert not any(name.startswith("access-control-") for name in names)


def test_cors_allows_only_the_configured_origins(fresh_app: Callable[..., Flask]) -> None:
    client = fresh_app(cors_origins=("https://ok.example",)).test_client()
    allowed = client.get(
        "/sparql", query_string={"query": QUERY}, headers={"Origin": "https://ok.example"}
    )
    assert allowed.headers["Access-Control-Allow-Origin"] == "https://ok.example"
    assert "Origin" in allowed.headers["Vary"]
    other = client.get(
        "/sparql", query_string={"query": QUERY}, headers={"Origin": "https://evil.example"}
    )
    assert "Access-Control-Allow-Origin" not in other.headers
    assert "Access-Control-Allow-Credentials" not in allowed.headers
    anyone = fresh_app(cors_origins=("*",)).test_client()
    wild = anyone.get("/sparql", query_string={"query": QUERY}, headers={"Origin": "https://a.b"})
    assert wild.headers["Access-Control-Allow-Origin"] == "*"


def _directives(policy: str) -> dict[str, str]:
    return {part.split()[0]: part.strip() for part in policy.split(";") if part.strip()}


@pytest.mark.parametrize("path", ["/", "/query", "/report", ENTITY, "/id/cluster/none", "/nowhere"])
def test_html_pages_carry_a_csp_without_inline_scripts(read_only_app: Flask, path: str) -> None:
    response = read_only_app.test_client().get(path, headers={"Accept": "text/html"})
    assert response.mimetype == "text/html"
    policy = _directives(response.headers["Content-Security-Policy"])
    scripts = policy.get("script-src", policy["default-src"])
    assert "'unsafe-inline'" not in scripts and "'unsafe-eval'" not in scripts
    assert "*" not in scripts.split()
    assert policy["object-src"].endswith("'none'")
    assert "frame-ancestors" in policy
    body = response.get_data(as_text=True)
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", body), "inline script"


def test_templates_need_no_inline_script() -> None:
    for template in TEMPLATES.glob("*.html"):
        text = template.read_text(encoding="utf-8")
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text), template.name
        assert not re.search(r"\son[a-z]+\s*=", text, re.IGNORECASE), template.name
        assert "javascript:" not in text.lower(), template.name
