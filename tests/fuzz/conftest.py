"""An app over the small sample store for the fuzz tests, and what an acceptable answer is."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from flask import Flask
from werkzeug.test import TestResponse

from s3kg.config import ServerConfig, Settings
from s3kg.web import create_app
from web.conftest import SAMPLE, build_release

FUZZ_TIMEOUT = 3.0
# The only 5xx a request may get: the time limit, a full pool, or a crashed (restarted) worker.
ACCEPTED_503 = re.compile(
    r"timed out after|query workers stayed busy|query engine stopped|"
    r"too busy|shutting down"
)
LEAKS = ("Traceback", 'File "/', "site-packages", "werkzeug.", "pyoxigraph.")


@pytest.fixture(scope="module")
def fuzz_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    release = build_release(tmp_path_factory.mktemp("fuzz"), "sample", SAMPLE)
    config = ServerConfig(
        store_path=release / "store",
        queries_dir=Settings().queries_dir,
        query_timeout=FUZZ_TIMEOUT,
        result_limit=1000,
        workers=2,
    )
    app = create_app(config)
    yield app
    app.extensions["s3kg"].close()


def assert_handled(response: TestResponse, what: object = "") -> None:
    """A 2xx/3xx/4xx, or one of the known 503s; errors carry a message and no traceback."""
    status = response.status_code
    body = response.get_data(as_text=True)
    assert status != 500, (what, body[:300])
    assert status < 500 or (status == 503 and ACCEPTED_503.search(body)), (what, status, body)
    if status >= 400:
        assert response.mimetype in ("text/plain", "text/html"), (what, response.mimetype)
        assert body.strip() or response.request.method == "HEAD", (what, status)
        assert not any(leak in body for leak in LEAKS), (what, body[:300])
    assert response.headers.get("X-Content-Type-Options") == "nosniff"
