"""Store jobs, result writers checked against pyoxigraph's own, and the worker pool."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest

from s3kg.sparql import results as res
from s3kg.store import jobs as st
from s3kg.store.pool import WorkerPool
from s3kg.store.worker import QueryTimeoutError

DATA = Path(__file__).resolve().parents[1] / "data"
SAMPLE = DATA / "s3kg-sample.trig"
FACTS = "https://w3id.org/s3kg/graph/facts"
FACTS_SIZE = sum(1 for q in ox.parse(path=str(SAMPLE)) if q.graph_name == ox.NamedNode(FACTS))
MIXED = """SELECT ?s ?o ?missing WHERE {
  { ?s ?p ?o } UNION { BIND(BNODE() AS ?s) BIND(42 AS ?o) }
  UNION { BIND(TRIPLE(<urn:a>, <urn:b>, <urn:c>) AS ?s) BIND("x"@en-gb AS ?o) }
}"""


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("store") / "store"
    st.create_store(path, [(SAMPLE, None)])
    return path


@pytest.fixture(scope="module")
def db(store_path: Path) -> Any:
    return st.open_read_only(store_path)


def run(db: Any, text: str, **options: Any) -> st.Answer:
    answer = st.execute(db, st.QueryJob(text, **options))
    assert isinstance(answer, st.Answer)
    return answer


def test_missing_store_is_unavailable(tmp_path: Path) -> None:
    with pytest.raises(st.StoreUnavailableError, match="no store"):
        st.open_read_only(tmp_path / "nothing")


def test_create_store_puts_triples_files_in_their_graph(tmp_path: Path) -> None:
    source = tmp_path / "one.nt"
    source.write_text("<urn:a> <urn:b> <urn:c> .\n")
    st.create_store(tmp_path / "store", [(source, "urn:graph")])
    catalog = st.execute(st.open_read_only(tmp_path / "store"), st.CatalogJob())
    assert catalog == st.Catalog(("urn:graph",), 1)


def test_union_default_and_protocol_dataset(db: Any) -> None:
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"

    def number(**options: Any) -> int:
        data = json.loads(run(db, count, **options).body)
        return int(data["results"]["bindings"][0]["n"]["value"])

    assert number() == 50
    assert number(union_default=False) == 0  # the store's own default graph is empty
    assert number(default_graphs=(FACTS,)) == FACTS_SIZE
    assert number(default_graphs=(), named_graphs=(FACTS,)) == 0


@pytest.mark.parametrize("media", res.TABULAR_TYPES)
def test_result_writers_agree_with_pyoxigraph(db: Any, media: str) -> None:
    ours = run(db, MIXED, formats=st.Formats(tabular=media), limit=1000).body
    native = db.query(MIXED, use_default_graph_as_union=True).serialize(
        format=ox.QueryResultsFormat.from_media_type(media))
    if media == res.CSV:
        assert _csv_lines(ours) == _csv_lines(native)
        return
    fmt = ox.QueryResultsFormat.from_media_type(media)
    mine = ox.parse_query_results(ours, format=fmt)
    theirs = ox.parse_query_results(native, format=fmt)
    assert [v.value for v in mine.variables] == ["s", "o", "missing"]
    assert _canonical(mine) == _canonical(theirs)


def _csv_lines(body: bytes) -> list[str]:
    return sorted(re.sub(r"_:\w+", "_:", line) for line in body.decode().split("\r\n"))


def _canonical(solutions: Any) -> list[tuple[str, ...]]:
    rows = []
    for row in solutions:
        rows.append(tuple("_:" if isinstance(t, ox.BlankNode) else str(t) for t in row))
    return sorted(rows)


@pytest.mark.parametrize("media", res.BOOLEAN_TYPES)
def test_boolean_writers_agree_with_pyoxigraph(db: Any, media: str) -> None:
    fmt = ox.QueryResultsFormat.from_media_type(media)
    for query, expected in (("ASK { ?s ?p ?o }", True), ("ASK { <urn:no> ?p ?o }", False)):
        body = run(db, query, formats=st.Formats(boolean=media)).body
        assert bool(ox.parse_query_results(body, format=fmt)) is expected


TRICKY = """SELECT ?s ?o ?missing WHERE {
  { BIND(<urn:a> AS ?s) BIND("tab\\there\\nnew \\"line\\" \\\\ é 😀"@en-GB AS ?o) }
  UNION { BIND(<urn:b> AS ?s) BIND("01"^^<http://www.w3.org/2001/XMLSchema#integer> AS ?o) }
  UNION { BIND("x\\u0000y\\r" AS ?o) } UNION { BIND(1.50 AS ?o) } UNION { }
  UNION { BIND(TRIPLE(<urn:a>, <urn:b>, <urn:c>) AS ?s) BIND("v"^^<urn:dt> AS ?o) }
  UNION { BIND(STRLANGDIR("r", "ar", "rtl") AS ?o) }
} ORDER BY ?s ?o"""


@pytest.mark.parametrize("media", res.TABULAR_TYPES)
def test_answers_are_pyoxigraphs_own_bytes(db: Any, media: str) -> None:
    """Solutions are written by pyoxigraph (through TSV, to count them): byte for byte what
    it writes directly, escapes, datatypes, language directions and triple terms included."""
    answer = run(db, TRICKY, formats=st.Formats(tabular=media), limit=7)
    native = db.query(TRICKY, use_default_graph_as_union=True).serialize(
        format=ox.QueryResultsFormat.from_media_type(media))
    assert (answer.body, answer.count) == (native, 7)


def test_blank_node_labels_survive_the_count(db: Any) -> None:
    query = "SELECT ?b ?c WHERE { BIND(BNODE() AS ?b) BIND(?b AS ?c) }"
    row = json.loads(run(db, query).body)["results"]["bindings"][0]
    assert row["b"]["type"] == "bnode" and row["b"] == row["c"]


@pytest.mark.parametrize("media", res.TABULAR_TYPES)
def test_limit_is_exact_in_every_format(db: Any, media: str) -> None:
    query = f"SELECT ?s WHERE {{ GRAPH <{FACTS}> {{ ?s ?p ?o }} }}"
    formats = st.Formats(tabular=media)
    assert run(db, query, formats=formats, limit=FACTS_SIZE).count == FACTS_SIZE
    with pytest.raises(st.ResultLimitError, match=f"more than {FACTS_SIZE - 1} solutions"):
        run(db, query, formats=formats, limit=FACTS_SIZE - 1)
    assert run(db, "SELECT * WHERE { FILTER(false) }", formats=formats, limit=0).count == 0
    with pytest.raises(st.ResultLimitError):
        run(db, "SELECT * {}", formats=formats, limit=0)  # one solution, with no variables


def test_limit_is_exact(db: Any) -> None:
    query = f"SELECT ?s WHERE {{ GRAPH <{FACTS}> {{ ?s a ?t }} }}"
    assert run(db, query, limit=11).count == 11
    with pytest.raises(st.ResultLimitError, match="more than 10 solutions"):
        run(db, query, limit=10)
    with pytest.raises(st.ResultLimitError, match="triples"):
        run(db, "CONSTRUCT WHERE { ?s ?p ?o }", limit=49)


def test_unacceptable_kind_is_refused_after_evaluation(db: Any) -> None:
    with pytest.raises(st.NotAcceptableError, match="tabular"):
        run(db, "SELECT * {}", formats=st.Formats(tabular=None))
    assert run(db, "ASK {}", formats=st.Formats(tabular=None)).media_type == res.JSON


def test_syntax_errors_are_query_syntax_errors(db: Any) -> None:
    with pytest.raises(st.QuerySyntaxError, match="Malformed query"):
        run(db, "SELECT WHERE")


def test_graph_job(db: Any) -> None:
    answer = st.execute(db, st.GraphJob(FACTS, "application/n-quads"))
    assert isinstance(answer, st.Answer) and answer.count == FACTS_SIZE
    with pytest.raises(st.GraphNotFoundError):
        st.execute(db, st.GraphJob("urn:none"))


def test_default_graph_is_a_set_of_triples(tmp_path: Path) -> None:
    source = tmp_path / "twice.nq"
    source.write_text("<urn:a> <urn:b> <urn:c> <urn:g1> .\n<urn:a> <urn:b> <urn:c> <urn:g2> .\n")
    st.create_store(tmp_path / "store", [(source, None)])
    answer = st.execute(st.open_read_only(tmp_path / "store"),
                        st.GraphJob(None, "application/n-triples"))
    assert isinstance(answer, st.Answer) and answer.count == 1


def test_build_id(tmp_path: Path) -> None:
    (tmp_path / "rel-7" / "store").mkdir(parents=True)
    assert st.read_build_id(tmp_path / "rel-7" / "store") == "rel-7"
    (tmp_path / "rel-7" / "build.json").write_text('{"build_id": "b42"}')
    assert st.read_build_id(tmp_path / "rel-7" / "store") == "b42"


def test_pool_kills_an_overrunning_worker_and_serves_on(store_path: Path) -> None:
    pool = WorkerPool(store_path, 1, warm=False)
    try:
        query = "SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n ?o }"
        with pytest.raises(QueryTimeoutError):
            pool.run(st.QueryJob(query), 0.3)
        answer = pool.run(st.QueryJob("ASK {}"), 10)
        assert json.loads(answer.body)["boolean"] is True
    finally:
        pool.close()


def test_pool_survives_a_worker_that_dies(store_path: Path) -> None:
    pool = WorkerPool(store_path, 1, warm=False)
    try:
        pool.run(st.QueryJob("ASK {}"), 10)
        victim = pool._state.idle[0]
        os.kill(victim.process.pid, 9)
        victim.process.wait(5)
        answer = pool.run(st.QueryJob("ASK {}"), 10)
        assert json.loads(answer.body)["boolean"] is True
        assert pool._state.idle[0] is not victim
    finally:
        pool.close()


def test_a_worker_that_reports_an_error_stays_in_the_pool(store_path: Path) -> None:
    pool = WorkerPool(store_path, 1, warm=False)
    try:
        pool.run(st.QueryJob("ASK {}"), 10)
        worker = pool._state.idle[0]
        with pytest.raises(st.QuerySyntaxError):
            pool.run(st.QueryJob("ASK {"), 10)
        assert pool._state.idle == [worker] and worker.alive
    finally:
        pool.close()
