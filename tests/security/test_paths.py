"""Path traversal through entity, graph, API and file routes, encoded every usual way.

Each path is requested through the Flask test client and, as a raw request line that no
client library normalises, from the production server.  None may reveal a file outside the
static folders (the markers below are lines of files an attacker would want).
"""

from __future__ import annotations

import http.client
from typing import Any
from urllib.parse import urlsplit

import pytest
from flask import Flask

TARGETS = ("pyproject.toml", "etc/passwd", "package.json", "src/s3kg/config.py")
TRAVERSALS = (
    "/static/../{t}",
    "/static/../../{t}",
    "/static/..%2f..%2f..%2f{t}",
    "/static/%2e%2e/%2e%2e/%2e%2e/{t}",
    "/static/%252e%252e/%252e%252e/{t}",
    "/static/..\\..\\..\\{t}",
    "/static/..%5c..%5c..%5c{t}",
    "/static/....//....//{t}",
    "/static/%c0%ae%c0%ae/%c0%ae%c0%ae/{t}",
    "/static//{t}",
    "/static/%2f{t}",
    "/static/%00/../{t}",
    "/static/vendor/yasgui/../../../../{t}",
    "/static/vendor/yasgui/..%2f..%2f..%2f..%2f..%2f{t}",
    "/static/vendor/yasgui/%2e%2e/{t}",
    "/id/../../{t}",
    "/id/..%2f..%2f{t}",
    "/id/%2e%2e/%2e%2e/{t}",
    "/id/cluster/..%2f..%2f{t}",
    "/graph/..%2f..%2f{t}",
    "/ontology/..%2f{t}",
    "/api/..%2f..%2f{t}",
    "/api/../../{t}",
    "/rdf-graph-store/..%2f..%2f{t}",
    "/%2e%2e/%2e%2e/{t}",
    "/..;/{t}",
    "/{t}",
)
MARKERS = ("[project]", "root:x:0:0", '"dependencies"', "def _find_project_root")
PATHS = [form.format(t=target) for form in TRAVERSALS for target in TARGETS]
RAW_ONLY = [
    "../../pyproject.toml",
    "http://127.0.0.1/static/../../pyproject.toml",
    "/static/../../../../../../../../etc/passwd",
    "*",
]


def _check(status: int, body: str, location: str | None, path: str) -> None:
    assert status in (301, 308, 400, 403, 404, 405), (path, status)
    assert not any(marker in body for marker in MARKERS), (path, body[:200])
    if location:
        assert urlsplit(location).netloc in ("", "localhost", "127.0.0.1") or location.startswith(
            "http://127.0.0.1"
        ), (path, location)


@pytest.mark.parametrize("path", PATHS)
def test_traversal_through_the_app_reveals_nothing(read_only_app: Flask, path: str) -> None:
    response = read_only_app.test_client().get(path)
    _check(
        response.status_code,
        response.get_data(as_text=True),
        response.headers.get("Location"),
        path,
    )


def test_traversal_as_raw_request_lines_reveals_nothing(real_server: Any) -> None:
    address = urlsplit(real_server.url)
    for path in PATHS + RAW_ONLY:
        connection = http.client.HTTPConnection(address.hostname, address.port, timeout=10)
        try:
            connection.putrequest("GET", path, skip_host=False, skip_accept_encoding=True)
            connection.endheaders()
            response = connection.getresponse()
            body = response.read().decode("utf-8", "replace")
            _check(response.status, body, response.getheader("Location"), path)
        finally:
            connection.close()


def test_static_files_are_still_served(read_only_app: Flask) -> None:
    response = read_only_app.test_client().get("/static/s3kg.css")
    assert response.status_code == 200 and response.mimetype == "text/css"
