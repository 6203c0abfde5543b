"""The store interface on every backend: the embedded pool and real Oxigraph servers.

Each test takes ``backend``, parametrised over ``embedded`` (worker processes over the store
folder), ``oxigraph-server`` (a plain ``oxigraph serve``: the union default graph is sent as
an explicit protocol dataset) and ``oxigraph-union`` (``--union-default-graph``: queries go
as they are).  All three must give the same answers.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest

from s3kg.errors import InputError
from s3kg.store import jobs as st
from s3kg.store import rewrite
from s3kg.store.backends import StoreBackend, is_remote, open_backend
from s3kg.store.http import Endpoints
from s3kg.store.worker import QueryTimeoutError
from store.oxigraph_server import ServedRemoteStore, oxigraph_command, serve_copy

DATA = Path(__file__).resolve().parents[1] / "data"
SAMPLE = DATA / "s3kg-sample.trig"
FACTS = "https://w3id.org/s3kg/graph/facts"
QUADS = sum(1 for _ in ox.parse(path=str(SAMPLE)))
FACTS_SIZE = sum(1 for q in ox.parse(path=str(SAMPLE)) if q.graph_name == ox.NamedNode(FACTS))
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
KINDS = ("embedded", "oxigraph-server", "oxigraph-union")
needs_oxigraph = pytest.mark.skipif(oxigraph_command() is None, reason="no oxigraph CLI")


@pytest.fixture(scope="module")
def sample_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("backend") / "store"
    st.create_store(path, [(SAMPLE, None)])
    return path


def open_kind(kind: str, store: Path) -> StoreBackend:
    if kind == "embedded":
        return open_backend(store, local=store, workers=1, warm=False)
    if oxigraph_command() is None:
        pytest.skip("the oxigraph CLI is not installed")
    return ServedRemoteStore(serve_copy(store, union=kind == "oxigraph-union"), store)


@pytest.fixture(scope="module", params=KINDS)
def backend(request: pytest.FixtureRequest, sample_store: Path) -> Iterator[StoreBackend]:
    opened = open_kind(request.param, sample_store)
    yield opened
    opened.close()


def select(backend: StoreBackend, text: str, **options: Any) -> list[dict[str, Any]]:
    answer: st.Answer = backend.run(st.QueryJob(text, **options), 10)
    rows: list[dict[str, Any]] = json.loads(answer.body)["results"]["bindings"]
    return rows


def number(backend: StoreBackend, text: str = COUNT, **options: Any) -> int:
    return int(select(backend, text, **options)[0]["n"]["value"])


def test_union_default_graph_and_protocol_datasets(backend: StoreBackend) -> None:
    assert number(backend) == QUADS
    assert number(backend, default_graphs=(FACTS,)) == FACTS_SIZE
    assert number(backend, default_graphs=(), named_graphs=(FACTS,)) == 0
    in_graphs = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    assert number(backend, in_graphs) == QUADS
    scoped = f"SELECT (COUNT(*) AS ?n) FROM <{FACTS}> WHERE {{ ?s ?p ?o }}"
    assert number(backend, scoped, union_default=False) == FACTS_SIZE


def test_substitutions_bind_everywhere_even_in_subqueries(backend: StoreBackend) -> None:
    query = ("SELECT ?this (COUNT(*) AS ?n) WHERE { { SELECT ?this ?p WHERE { ?this ?p ?o } "
             "LIMIT 1000 } } GROUP BY ?this")
    cluster = select(backend, "SELECT ?c WHERE { ?c a ?t } ORDER BY DESC(?c) LIMIT 1")
    term = ox.NamedNode(cluster[0]["c"]["value"])
    rows = select(backend, query, substitutions=(("this", term),))
    assert rows and rows[0]["this"]["value"] == term.value
    injected = 'SELECT ?x WHERE { BIND(STR(?x) AS ?s) }'
    hostile = ox.Literal('"} } DROP ALL ; SELECT * { "')
    assert select(backend, injected, substitutions=(("x", hostile),))[0]["x"]["value"] == \
        hostile.value


def test_answers_are_the_same_bytes_on_every_backend(sample_store: Path,
                                                     backend: StoreBackend) -> None:
    reference = open_kind("embedded", sample_store)
    try:
        for text in ("SELECT ?s ?p ?o WHERE { ?s ?p ?o } ORDER BY ?s ?p ?o",
                     "ASK { ?s a ?t }",
                     "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH <" + FACTS + "> { ?s ?p ?o } }"):
            for media in ("application/sparql-results+json", "text/csv"):
                job = st.QueryJob(text, st.Formats(tabular=media, graph="application/n-triples"))
                mine, theirs = backend.run(job, 10), reference.run(job, 10)
                assert sorted(mine.body.splitlines()) == sorted(theirs.body.splitlines())
    finally:
        reference.close()


def test_errors_map_to_the_same_store_errors(backend: StoreBackend) -> None:
    with pytest.raises(st.QuerySyntaxError, match="Malformed query"):
        backend.run(st.QueryJob("SELECT WHERE"), 10)
    with pytest.raises(st.ResultLimitError, match="more than 10 solutions"):
        backend.run(st.QueryJob("SELECT * WHERE { ?s ?p ?o }", limit=10), 10)
    with pytest.raises(st.NotAcceptableError):
        backend.run(st.QueryJob("SELECT * {}", st.Formats(tabular=None)), 10)
    with pytest.raises(st.GraphNotFoundError):
        backend.run(st.GraphJob("urn:x-no-such-graph"), 10)


def test_graph_jobs_and_catalog(backend: StoreBackend) -> None:
    named: st.Answer = backend.run(st.GraphJob(FACTS, "application/n-quads", 10_000), 10)
    assert named.count == FACTS_SIZE and f"<{FACTS}>" in named.body.decode()
    default: st.Answer = backend.run(st.GraphJob(None, "application/n-triples", 10_000), 10)
    assert default.count == len({q.triple for q in ox.parse(path=str(SAMPLE))})
    catalog = backend.catalog(10)
    assert FACTS in catalog.graphs and catalog.quads == QUADS


def test_a_slow_query_is_stopped_at_the_deadline(backend: StoreBackend) -> None:
    values = " ".join(str(i) for i in range(60))
    blocks = " ".join(f"VALUES ?v{j} {{ {values} }}" for j in range(5))
    slow = f"SELECT (COUNT(*) AS ?n) WHERE {{ {blocks} }}"
    with pytest.raises(QueryTimeoutError):
        backend.run(st.QueryJob(slow), 0.5)
    assert number(backend) == QUADS  # and the backend still answers


@needs_oxigraph
def test_updates_reach_the_remote_and_refresh_the_catalog(sample_store: Path) -> None:
    remote = open_kind("oxigraph-server", sample_store)
    try:
        before = remote.catalog(10)
        insert = "INSERT DATA { GRAPH <urn:x-new> { <urn:a> <urn:b> 1 } }"
        remote.run_exclusive(st.UpdateJob(insert), 10)
        after = remote.catalog(10)
        assert "urn:x-new" in after.graphs and after.quads == before.quads + 1
        with pytest.raises(st.QuerySyntaxError, match="Malformed update"):
            remote.run_exclusive(st.UpdateJob("INSERT DATA {"), 10)
    finally:
        remote.close()


def test_unreachable_remote_is_unavailable(tmp_path: Path) -> None:
    remote = open_backend("http://127.0.0.1:9/query", local=tmp_path / "store")
    with pytest.raises(st.StoreUnavailableError, match="cannot reach"):
        remote.run(st.QueryJob("ASK {}"), 2)
    remote.close()


def test_endpoints_are_guessed_from_the_query_url() -> None:
    oxigraph = Endpoints.from_url("http://h:7878/query", environ={})
    assert (oxigraph.update, oxigraph.graph_store) == ("http://h:7878/update", "http://h:7878/store")
    virtuoso = Endpoints.from_url("http://h:8890/sparql", environ={})
    assert (virtuoso.update, virtuoso.graph_store) == ("http://h:8890/sparql", None)
    given = Endpoints.from_url("http://h/sparql", environ={"S3KG_STORE_GSP": "http://h/gsp"})
    assert given.graph_store == "http://h/gsp"
    assert is_remote("https://h/sparql") and not is_remote("var/current/store")
    assert not is_remote(Path("http:/h"))


@pytest.mark.parametrize(("query", "expected"), [
    ("SELECT * { ?s ?p ?o }", "SELECT * { VALUES (?s) { (<urn:x>) }  ?s ?p ?o }"),
    ('SELECT ?s WHERE { ?s ?p "{" } # {',
     'SELECT ?s WHERE { VALUES (?s) { (<urn:x>) }  ?s ?p "{" } # {'),
    ("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }",
     "CONSTRUCT { ?s ?p ?o } WHERE { VALUES (?s) { (<urn:x>) }  ?s ?p ?o }"),
    ("CONSTRUCT WHERE { ?s ?p ?o }", "CONSTRUCT WHERE { ?s ?p ?o }\nVALUES (?s) { (<urn:x>) }\n"),
    ("DESCRIBE ?s", "DESCRIBE ?s\nVALUES (?s) { (<urn:x>) }\n"),
])
def test_values_block_goes_where_a_substitution_would(query: str, expected: str) -> None:
    assert rewrite.bind(query, [("s", ox.NamedNode("urn:x"))]) == expected


def test_rewrite_refuses_what_it_cannot_write_safely() -> None:
    with pytest.raises(InputError, match="variable"):
        rewrite.values_block([("s } DROP ALL", ox.NamedNode("urn:x"))])
    with pytest.raises(InputError, match="IRI or a literal"):
        rewrite.values_block([("s", ox.BlankNode())])
    with pytest.raises(InputError, match="IRI"):
        rewrite.prologue("not an iri> <x")
