"""Every file of the fuzz corpus (``tests/data/fuzz``, see ``make_corpus.py``) as a request.

Each body goes by POST (``application/sparql-query``), and the small ones also by GET and by
a form POST.  The server must answer each with a handled status and a message; the file
name's prefix pins down the stricter outcomes (policy refusals, nesting refusals, long
chains that once crashed the engine).  Afterwards the worker pool still answers at once.
"""

from __future__ import annotations

import time
from pathlib import Path
from urllib.parse import quote_from_bytes

import pytest
from flask import Flask
from werkzeug.test import TestResponse

from fuzz.conftest import assert_handled

CORPUS = Path(__file__).resolve().parents[1] / "data" / "fuzz"
FILES = sorted(p for p in CORPUS.iterdir() if p.suffix in (".rq", ".bin"))
SMALL = 6000  # bytes: what a GET request line (at most 8190) can carry once encoded


def _requests(app: Flask, path: Path) -> list[TestResponse]:
    data = path.read_bytes()
    client = app.test_client()
    answers = [client.post("/sparql", data=data, content_type="application/sparql-query")]
    if len(data) <= SMALL and not path.name.startswith("slow-"):
        encoded = quote_from_bytes(data, safe="")
        answers.append(client.get(f"/sparql?query={encoded}"))
        answers.append(
            client.post(
                "/sparql",
                data=f"query={encoded}".encode(),
                content_type="application/x-www-form-urlencoded",
            )
        )
    return answers


def test_the_corpus_is_there() -> None:
    assert len(FILES) >= 250
    prefixes = {p.name.split("-")[0] for p in FILES}
    assert {
        "truncated",
        "random",
        "invalid",
        "huge",
        "nested",
        "chain",
        "unknown",
        "policy",
        "edge",
        "token",
    } <= prefixes


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_corpus_file_is_handled(fuzz_app: Flask, path: Path) -> None:
    for response in _requests(fuzz_app, path):
        assert_handled(response, path.name)
        status, body = response.status_code, response.get_data(as_text=True)
        if path.name.startswith("policy-"):
            assert status in (400, 403), (path.name, status, body)
        elif path.name.startswith("nested-"):
            assert status == 400 and "levels deep" in body, (path.name, status, body)
        elif path.name.startswith("chain-"):  # the engine must not crash on them any more
            assert status in (200, 400) or "timed out" in body, (path.name, status, body)
        elif path.name.startswith("unknown-function-"):
            assert status in (200, 400), (path.name, status, body)
        elif (
            path.suffix == ".bin"
            and response.request.method == "POST"
            and (response.request.mimetype == "application/sparql-query")
        ):
            assert status == 400 and "UTF-8" in body, (path.name, status, body)


def test_the_pool_answers_at_once_after_the_corpus(fuzz_app: Flask) -> None:
    started = time.monotonic()
    response = fuzz_app.test_client().get("/sparql", query_string={"query": "ASK {}"})
    assert response.status_code == 200
    assert time.monotonic() - started < 2.0
