"""Random requests (routes, parameters, headers, methods, bodies): never a 500, never a trace."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from flask import Flask
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fuzz.conftest import assert_handled

ROUTES = (
    "/sparql",
    "/rdf-graph-store",
    "/rdf-graph-store/{}",
    "/id/{}",
    "/id/cluster/{}",
    "/graph/{}",
    "/ontology/{}",
    "/api/{}",
    "/api/examples/clusters_in_region",
    "/api/examples/search_labels",
    "/api/cq/CQ59_clusters_with_large_employment",
    "/static/{}",
    "/static/vendor/yasgui/{}",
    "/.well-known/void",
    "/health",
    "/",
    "/{}",
    "/api",
    "/api/openapi.json",
)
KEYS = (
    "query",
    "update",
    "format",
    "graph",
    "default",
    "default-graph-uri",
    "named-graph-uri",
    "region",
    "text",
    "english_only",
    "minimum",
    "using-graph-uri",
)
MEDIA = (
    "application/sparql-results+json",
    "text/csv",
    "text/html",
    "text/turtle",
    "application/ld+json",
    "*/*",
    "application/*",
    "image/png",
    "",
    "text/*;q=0",
    "application/sparql-results+xml;q=0.5, */*;q=0.1",
    "x/y;q=abc",
    ";;;",
    "*",
)
CONTENT = (
    "application/x-www-form-urlencoded",
    "application/sparql-query",
    "application/sparql-update",
    "text/plain",
    "multipart/form-data; boundary=x",
    "application/sparql-query; charset=latin-1",
    "application/json",
    "",
)
SAFE_QUERY = "SELECT * WHERE { ?s ?p ?o } LIMIT 2"

text = st.text(max_size=60)
values = st.one_of(
    text,
    st.sampled_from(
        [
            SAFE_QUERY,
            "ASK {}",
            "csv",
            "ttl",
            "xml",
            "html",
            "https://w3id.org/s3kg/graph/facts",
            "true",
            "12",
        ]
    ),
)


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    route=st.sampled_from(ROUTES),
    segment=text,
    params=st.lists(st.tuples(st.one_of(st.sampled_from(KEYS), text), values), max_size=4),
    accept=st.one_of(st.sampled_from(MEDIA), text),
    method=st.sampled_from(("GET", "GET", "POST", "HEAD", "OPTIONS", "PUT", "DELETE")),
    content_type=st.sampled_from(CONTENT),
    body=st.binary(max_size=200),
)
def test_random_requests_are_handled(
    fuzz_app: Flask,
    route: str,
    segment: str,
    params: list[tuple[str, str]],
    accept: str,
    method: str,
    content_type: str,
    body: bytes,
) -> None:
    path = route.format(quote(segment, safe=""))
    headers = {"Accept": accept} if accept.isprintable() else {}
    response = fuzz_app.test_client().open(
        path,
        method=method,
        query_string=params,
        headers=headers,
        data=body if method in ("POST", "PUT") else None,
        content_type=content_type if method in ("POST", "PUT") else None,
    )
    assert_handled(response, (method, path, params, accept, content_type, body))


@settings(max_examples=150, deadline=None)
@given(
    query=st.lists(
        st.sampled_from(
            (
                "SELECT",
                "*",
                "WHERE",
                "{",
                "}",
                "?s",
                "?p",
                "?o",
                ".",
                "FILTER",
                "(",
                ")",
                "OPTIONAL",
                "UNION",
                "BIND",
                "AS",
                "<http://x/a>",
                '"x"',
                "1",
                "VALUES",
                "GRAPH",
                "a",
                "COUNT",
                "GROUP",
                "BY",
                "LIMIT",
                "!",
                "+",
                "/",
                "|",
                "^",
                "[",
                "]",
                ";",
                ",",
                "ASK",
                "CONSTRUCT",
                "DESCRIBE",
                "MINUS",
                "EXISTS",
                "NOT",
                "?g",
                "ORDER",
                "DESC",
            )
        ),
        max_size=40,
    ).map(" ".join)
)
def test_random_token_soup_is_handled(fuzz_app: Flask, query: str) -> None:
    client = fuzz_app.test_client()
    assert_handled(client.get("/sparql", query_string={"query": query}), query)
    assert_handled(
        client.post("/sparql", data=query, content_type="application/sparql-query"), query
    )


@settings(max_examples=100, deadline=None)
@given(body=st.binary(max_size=3000))
def test_random_bytes_as_a_query_body_are_handled(fuzz_app: Flask, body: bytes) -> None:
    response = fuzz_app.test_client().post(
        "/sparql", data=body, content_type="application/sparql-query"
    )
    assert_handled(response, body)
    assert response.status_code in (200, 400)


FORMAT_ROUTES = (
    "/sparql?query=SELECT%20*%20WHERE%20%7B%3Fs%20%3Fp%20%3Fo%7D%20LIMIT%201",
    "/sparql?query=ASK%20%7B%7D",
    "/sparql?query=CONSTRUCT%20WHERE%20%7B%3Fs%20%3Fp%20%3Fo%7D%20LIMIT%201",
    "/sparql",
    "/api/examples/clusters_in_region?region=https://w3id.org/s3kg/id/region/x",
    "/rdf-graph-store?graph=https://w3id.org/s3kg/graph/facts",
    "/id/cluster/kaluga-automotive",
    "/.well-known/void",
)


@pytest.mark.parametrize("route", FORMAT_ROUTES)
@pytest.mark.parametrize(
    ("name", "accept"),
    [
        ("exe", None),
        ("JSON;drop", None),
        ("", "application/x-unknown"),
        ("", "image/*"),
        ("", "text/html;q=0, */*;q=0"),
        ("", "application/sparql-results+json;q=2, x"),
        ("../../etc/passwd", None),
    ],
)
def test_unknown_formats_and_media_types_are_400_or_406(
    fuzz_app: Flask, route: str, name: str, accept: str | None
) -> None:
    separator = "&" if "?" in route else "?"
    path = route + (f"{separator}format={quote(name)}" if name else "")
    headers = {"Accept": accept} if accept else {}
    response = fuzz_app.test_client().get(path, headers=headers)
    assert_handled(response, (path, accept))
    if name:
        assert response.status_code == 400, (path, response.get_data(as_text=True))
    elif accept and "q=2" not in accept:
        assert response.status_code in (200, 404, 406), (path, accept)
