"""The query worker: one long-lived evaluation thread per process, its reply framing, and
the safety it keeps (time limit kills, crash recovery, deep queries, the result limit)."""

from __future__ import annotations

import json
import socket
import threading
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import pytest

from s3kg.sparql import results as res
from s3kg.store import jobs as st
from s3kg.store import worker
from s3kg.store.pool import WorkerPool
from s3kg.store.worker import QueryTimeoutError, WorkerCrashedError

DATA = Path(__file__).resolve().parents[1] / "data"
SAMPLE = DATA / "s3kg-sample.trig"
# Long flat queries: the engine recurses over them and overflows an ordinary thread's stack.
DEEP = (DATA / "fuzz" / "chain-filter-10000.rq").read_text(encoding="utf-8")
ENDLESS = "SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n ?o }"
ROWS = "SELECT * { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"  # 50^4 rows, unordered


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("store") / "store"
    st.create_store(path, [(SAMPLE, None)])
    return path


@pytest.fixture
def pool(store_path: Path) -> Any:
    workers = WorkerPool(store_path, 1, warm=False)
    yield workers
    workers.close()


def test_sequential_jobs_run_on_one_evaluation_thread(store_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """Every job of a worker runs on the same thread, started once, not on one per job."""
    seen: list[threading.Thread] = []
    run = st.execute

    def recording(db: Any, job: st.Job) -> Any:
        seen.append(threading.current_thread())
        return run(db, job)

    monkeypatch.setattr(st, "execute", recording)
    mine, theirs = socket.socketpair()
    parent, child = Connection(mine.detach()), Connection(theirs.detach())
    evaluator = worker.start_evaluator(child, str(store_path), writable=False)
    try:
        assert worker.decode_reply(parent.recv_bytes()) == ("ready", None, None)
        for number in range(25):
            parent.send(st.QueryJob(f"SELECT ({number} AS ?n) {{}}"))
            answer = worker.decode_reply(parent.recv_bytes())
            assert isinstance(answer, st.Answer) and answer.count == 1
            assert json.loads(answer.body)["results"]["bindings"][0]["n"]["value"] == str(number)
    finally:
        parent.close()  # the evaluation thread ends when its pipe closes
        evaluator.join(10)
    assert not evaluator.is_alive()
    assert len(seen) == 25 and all(thread is evaluator for thread in seen)
    assert evaluator is not threading.main_thread() and evaluator.name == "s3kg-evaluation"


def test_replies_keep_the_body_bytes_and_the_errors() -> None:
    body = b'{"head":{"vars":["x"]},"results":{"bindings":[]}}\n\x00\xff' * 1000
    answer = worker.decode_reply(worker.encode_reply(st.Answer(body, res.JSON, 7)))
    assert answer == st.Answer(body, res.JSON, 7)
    catalog = st.Catalog(("urn:g",), 3)
    assert worker.decode_reply(worker.encode_reply(("ok", catalog, None))) == ("ok", catalog, None)
    error = ("error", "QuerySyntaxError", "Malformed query: …")
    assert worker.decode_reply(worker.encode_reply(error)) == error


def test_many_jobs_then_a_deep_query_on_the_same_worker(pool: WorkerPool) -> None:
    """The long-lived thread keeps the large stack: after many jobs, a query that overflows an
    ordinary thread's stack still runs, on the same worker process (no crash, no restart)."""
    for _ in range(50):
        pool.run(st.QueryJob("ASK { ?s ?p ?o }"), 10)
    first = pool._state.idle[0].process.pid
    answer = pool.run(st.QueryJob(DEEP), 30)
    assert answer.count == 1
    assert pool._state.idle[0].process.pid == first


def test_a_timed_out_worker_is_replaced_and_the_new_one_answers(pool: WorkerPool) -> None:
    pool.run(st.QueryJob("ASK {}"), 10)
    first = pool._state.idle[0].process.pid
    with pytest.raises(QueryTimeoutError):
        pool.run(st.QueryJob(ENDLESS), 0.5)
    answer = pool.run(st.QueryJob("SELECT ?s { ?s ?p ?o } LIMIT 3"), 10)
    assert answer.count == 3
    replacement = pool._state.idle[0].process.pid
    assert replacement != first
    assert pool.run(st.QueryJob(DEEP), 30).count == 1  # with its own large-stack thread
    assert pool._state.idle[0].process.pid == replacement


def test_a_crash_is_reported_and_the_pool_serves_on(pool: WorkerPool) -> None:
    with pytest.raises(WorkerCrashedError) as caught:
        pool.run(st.QueryJob("SELECT * WHERE " + "{" * 400_000 + "}" * 400_000), 30)
    assert caught.value.http_status == 503
    assert pool.run(st.QueryJob("ASK {}"), 10).body.startswith(b'{"head"')


@pytest.mark.parametrize("media", res.TABULAR_TYPES)
def test_the_result_limit_stops_a_huge_answer_early(pool: WorkerPool, media: str) -> None:
    """6,250,000 rows with a limit of 100: refused as over the limit (not timed out, not
    partial), in every format, and the worker stays in the pool."""
    job = st.QueryJob(ROWS, st.Formats(tabular=media), limit=100)
    with pytest.raises(st.ResultLimitError, match="more than 100 solutions") as caught:
        pool.run(job, 30)
    assert caught.value.http_status == 422
    worker_before = pool._state.idle[0]
    assert pool.run(st.QueryJob("ASK {}"), 10).count == 1
    assert pool._state.idle[0] is worker_before


def test_the_pool_follows_the_store_link_both_ways(tmp_path: Path) -> None:
    """``follow`` checks the link with one stat; a switch, and a switch back, are both seen."""
    first, second = tmp_path / "build-1" / "store", tmp_path / "build-2" / "store"
    for path in (first, second):
        path.parent.mkdir()
        st.create_store(path, [(SAMPLE, None)])
    link = tmp_path / "current"
    link.symlink_to(first.parent)
    pool = WorkerPool(link / "store", 1, warm=False)
    try:
        for target in (first, second, first):
            replacement = tmp_path / "current.tmp"
            replacement.symlink_to(target.parent)
            replacement.replace(link)
            assert pool.follow() == target.resolve()
            assert pool.follow() == target.resolve()  # unchanged: the cheap check
            assert pool.run(st.QueryJob("ASK {}"), 10).count == 1
            assert pool._state.idle[0].path == target.resolve()
    finally:
        pool.close()
