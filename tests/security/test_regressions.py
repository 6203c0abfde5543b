"""One regression test per bug found by the hardening work (issue 8), named after the bug.

Each docstring says what happened before the fix.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask

from s3kg.errors import InputError
from s3kg.sparql.guard import MAX_DEPTH, TooDeepError, inspect
from s3kg.sparql.named import Param, to_term
from s3kg.store import jobs as st
from s3kg.store.pool import WorkerPool
from s3kg.store.worker import WorkerCrashedError

FUZZ = Path(__file__).resolve().parents[1] / "data" / "fuzz"
ASK = "ASK {}"


def _post(app: Flask, query: str) -> tuple[int, str]:
    response = app.test_client().post(
        "/sparql", data=query, content_type="application/sparql-query"
    )
    return response.status_code, response.get_data(as_text=True)


def test_bug_deeply_nested_query_crashed_the_worker_with_a_500(read_only_app: Flask) -> None:
    """10,000 nested ``{`` overflowed the engine parser's stack: the worker died, client got 500."""
    status, body = _post(read_only_app, "SELECT * WHERE " + "{" * 10_000 + "}" * 10_000)
    assert status == 400 and "levels deep" in body
    assert _post(read_only_app, ASK)[0] == 200
    with pytest.raises(TooDeepError):
        inspect("(" * (MAX_DEPTH + 1))
    inspect("{" * MAX_DEPTH + "}" * MAX_DEPTH)


def test_bug_a_crashed_worker_was_a_500_without_a_useful_message(tmp_path: Path) -> None:
    """A worker that died mid-query gave "the query worker died..." as a 500; now a 503 that
    says what happened, and the pool starts a fresh worker.  (The guard is bypassed here on
    purpose: 400,000 nested braces crash the engine even with the large job stack.)"""
    from web.conftest import SAMPLE, build_release

    release = build_release(tmp_path, "sample", SAMPLE)
    pool = WorkerPool(release / "store", 1, warm=False)
    try:
        with pytest.raises(WorkerCrashedError, match="query engine stopped") as caught:
            pool.run(st.QueryJob("SELECT * WHERE " + "{" * 400_000 + "}" * 400_000), 20)
        assert caught.value.http_status == 503
        answer = pool.run(st.QueryJob(ASK), 20)
        assert b"true" in answer.body
    finally:
        pool.close()


@pytest.mark.parametrize(
    "name",
    [
        "chain-filter-10000.rq",
        "chain-optional-10000.rq",
        "chain-and-10000.rq",
        "chain-minus-3000.rq",
    ],
)
def test_bug_long_flat_queries_crashed_the_engine(read_only_app: Flask, name: str) -> None:
    """Not nested but long (10,000 FILTERs...): the engine recursed past the 8 MB main-thread
    stack and the worker died (500).  Jobs now run on a thread with a 256 MB stack."""
    status, body = _post(read_only_app, (FUZZ / name).read_text(encoding="utf-8"))
    assert status == 200, body


def test_bug_unsupported_custom_function_was_a_500(read_only_app: Flask) -> None:
    """``FILTER(<http://example.org/fn>(?o))``: the engine's "not supported" error was a 500."""
    status, body = _post(
        read_only_app, "SELECT * WHERE { ?s ?p ?o FILTER(<http://example.org/fn>(?o)) }"
    )
    assert status == 400 and "is not supported" in body


def test_bug_integer_parameter_with_thousands_of_digits_was_a_500(read_only_app: Flask) -> None:
    """``?minimum=999...`` (5,000 digits): ``int()`` refused it with ValueError: a 500."""
    response = read_only_app.test_client().get(
        "/api/cq/CQ59_clusters_with_large_employment", query_string={"minimum": "9" * 5000}
    )
    assert response.status_code == 400
    assert "parameter 'minimum'" in response.get_data(as_text=True)
    with pytest.raises(InputError, match="at most"):
        to_term(Param("n", "integer"), "9" * 5000)


def test_bug_lone_surrogate_parameter_raised_unicode_encode_error() -> None:
    """A value holding a lone surrogate raised UnicodeEncodeError inside pyoxigraph."""
    for kind in ("string", "iri"):
        with pytest.raises(InputError, match="surrogate"):
            to_term(Param("p", kind), "http://x/\ud800")


@pytest.mark.parametrize(
    "value", ["http://x/\u0000", "http://x/%zz", "http://[x/", "http://x/\u007f", "http://x/\ue000"]
)
def test_bug_invalid_iri_parameter_was_a_500(read_only_app: Flask, value: str) -> None:
    """An IRI parameter passing the pattern but not the engine's IRI check raised ValueError."""
    response = read_only_app.test_client().get(
        "/api/examples/cluster_exists", query_string={"entity": value}
    )
    assert response.status_code == 400
    assert "parameter 'entity'" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/sparql?query=ASK%20%7B%7D&default-graph-uri=http://x/%25zz", 400),
        ("/sparql?query=ASK%20%7B%7D&named-graph-uri=http://x/%7f", 400),
        ("/sparql?query=ASK%20%7B%7D&default-graph-uri=http://%5Bx/", 400),
        ("/rdf-graph-store?graph=http://x/%25zz", 400),
        ("/rdf-graph-store?graph=http://x/%7f", 400),
        ("/rdf-graph-store/%25zz", 404),
        ("/rdf-graph-store/%ff", 404),
    ],
)
def test_bug_invalid_graph_iri_in_the_protocol_was_a_500(
    read_only_app: Flask, path: str, status: int
) -> None:
    """``default-graph-uri`` / ``named-graph-uri`` / ``graph`` / a graph-store path that the
    engine rejects as an IRI failed inside the worker: "Query evaluation failed", a 500."""
    response = read_only_app.test_client().get(path)
    assert response.status_code == status, response.get_data(as_text=True)


def test_bug_head_on_sparql_was_415(read_only_app: Flask) -> None:
    """``HEAD /sparql?query=...`` went down the POST branch: "POST with no Content-Type", 415."""
    client = read_only_app.test_client()
    head = client.head("/sparql", query_string={"query": ASK})
    assert head.status_code == 200
    assert (
        head.headers["Content-Type"]
        == client.get("/sparql", query_string={"query": ASK}).headers["Content-Type"]
    )


def test_bug_responses_lacked_nosniff_and_cache_control(read_only_app: Flask) -> None:
    """No ``X-Content-Type-Options`` anywhere; query results and static files had no caching
    policy (Flask's default ``no-cache`` on static files, nothing on results)."""
    client = read_only_app.test_client()
    result = client.get("/sparql", query_string={"query": ASK})
    static = client.get("/static/s3kg.css")
    assert (
        result.headers["X-Content-Type-Options"]
        == static.headers["X-Content-Type-Options"]
        == "nosniff"
    )
    assert result.headers["Cache-Control"] == "no-store"
    assert static.cache_control.max_age == 3600


def test_bug_chunked_body_over_the_limit_was_silently_truncated(
    fresh_app: Callable[..., Flask],
) -> None:
    """A chunked body (no Content-Length) longer than --max-request-bytes was cut at the limit
    by Werkzeug and run: ``... LIMIT 1<spaces>0`` became ``LIMIT 1``, a 200 with the wrong
    answer.  Now a 413; chunked bodies within the limit still work, forms included."""
    app = fresh_app(max_request_bytes=100)
    client = app.test_client()
    chunked = {
        "headers": {"Transfer-Encoding": "chunked"},
        "environ_overrides": {"wsgi.input_terminated": True},
    }
    query = b"SELECT * WHERE { ?s ?p ?o } LIMIT 1"
    over = query + b" " * (100 - len(query)) + b"0"
    response = client.post(
        "/sparql", input_stream=io.BytesIO(over), content_type="application/sparql-query", **chunked
    )
    assert response.status_code == 413
    small = client.post(
        "/sparql",
        input_stream=io.BytesIO(query),
        content_type="application/sparql-query",
        **chunked,
    )
    assert small.status_code == 200
    form = client.post(
        "/sparql",
        input_stream=io.BytesIO(b"query=ASK%20%7B%7D"),
        content_type="application/x-www-form-urlencoded",
        **chunked,
    )
    assert form.status_code == 200
