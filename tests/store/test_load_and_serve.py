"""``s3kg load``, ``s3kg query --store URL``, ``s3kg serve --store URL`` and the synthetic data."""

from __future__ import annotations

import hashlib
import io
import json
import os
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from s3kg.cli import main
from s3kg.config import Release, Settings
from s3kg.sparql.named import bind, load_queries
from s3kg.store import jobs as st
from s3kg.store import synthetic
from s3kg.store.load import load, split_by_graph
from s3kg.store.pool import WorkerPool
from s3kg.store.remote import RemoteStore
from store.oxigraph_server import OxigraphServer, free_port, oxigraph_command, start_oxigraph

DATA = Path(__file__).resolve().parents[1] / "data"
SAMPLE = DATA / "s3kg-sample.trig"
pytestmark = pytest.mark.skipif(oxigraph_command() is None, reason="no oxigraph CLI")


@pytest.fixture(scope="module")
def sample_nquads(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("nq") / "sample.nq"
    path.write_bytes(ox.serialize(ox.parse(path=str(SAMPLE)), format=ox.RdfFormat.N_QUADS)
                     or b"")
    return path


@pytest.fixture
def empty_server(tmp_path: Path) -> Iterator[OxigraphServer]:
    server = start_oxigraph(tmp_path / "remote")
    yield server
    server.stop()


def quads_on(url: str) -> set[str]:
    remote = RemoteStore.from_url(url, environ={})
    try:
        answer: st.Answer = remote.run(st.QueryJob(
            "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }",
            st.Formats(graph="application/n-triples"), limit=10**6), 10)
        return set(answer.body.decode().splitlines())
    finally:
        remote.close()


def test_split_by_graph_streams_into_bounded_chunks(sample_nquads: Path, tmp_path: Path) -> None:
    chunks = split_by_graph(sample_nquads, tmp_path, batch=5, flush=3)
    total = sum(n for c in chunks.values() for _, n in c.files)
    assert total == sum(1 for _ in ox.parse(path=str(SAMPLE)))
    assert all(n <= 5 for c in chunks.values() for _, n in c.files)


@pytest.mark.parametrize("how", ["graph-store", "bulk", "update", "dataset"])
def test_load_puts_every_quad_on_the_server(how: str, sample_nquads: Path,
                                            empty_server: OxigraphServer,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    if how == "update":  # no graph store URL: SPARQL Update, in requests of few triples
        monkeypatch.setenv("S3KG_STORE_GSP", "none")
    report = load(sample_nquads, empty_server.url, batch=7, bulk=how == "bulk",
                  dataset=how == "dataset")
    expected = {str(q.triple) for q in ox.parse(path=str(SAMPLE))}
    assert report.triples == sum(1 for _ in ox.parse(path=str(SAMPLE)))
    assert {line.rstrip(" .") for line in quads_on(empty_server.url)} == {
        t.rstrip(" .") for t in expected}
    if how != "dataset":  # loading again replaces the graphs, it does not add
        load(sample_nquads, empty_server.url, batch=7)
        assert len(quads_on(empty_server.url)) == len(expected)


def test_query_command_on_a_remote_store(sample_nquads: Path,
                                         empty_server: OxigraphServer) -> None:
    runner = CliRunner()
    loaded = runner.invoke(main, ["load", "-q", "--to", empty_server.url,
                                  "--from", str(sample_nquads)])
    assert loaded.exit_code == 0, loaded.output
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?c a s3kg:Cluster }"
    remote = runner.invoke(main, ["query", "--store", empty_server.url, query])
    embedded_store = empty_server.location.parent / "copy"
    st.create_store(embedded_store, [(SAMPLE, None)])
    local = runner.invoke(main, ["query", "--store", str(embedded_store), query])
    assert remote.exit_code == local.exit_code == 0
    assert remote.output == local.output and "(1 row)" in remote.output
    bad = runner.invoke(main, ["query", "--store", empty_server.url, "SELECT WHERE"])
    assert bad.exit_code == 2 and "Malformed query" in bad.output


def test_serve_from_a_remote_store(sample_nquads: Path, empty_server: OxigraphServer) -> None:
    load(sample_nquads, empty_server.url)
    port = free_port()
    command = [sys.executable, "-c", "from s3kg.cli import main; main()", "serve",
               "--host", "127.0.0.1", "--port", str(port), "--store", empty_server.url]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               env={**os.environ, "S3KG_QUERY_TIMEOUT": "5"})
    try:
        query = urllib.parse.urlencode({"query": "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"})
        body = _get_when_up(f"http://127.0.0.1:{port}/sparql?{query}", process)
        count = int(json.loads(body)["results"]["bindings"][0]["n"]["value"])
        assert count == sum(1 for _ in ox.parse(path=str(SAMPLE)))
    finally:
        process.terminate()
        process.wait(20)


def _get_when_up(url: str, process: subprocess.Popen[bytes]) -> bytes:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        assert process.poll() is None, "s3kg serve exited"
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                data: bytes = response.read()
                return data
        except OSError:
            time.sleep(0.2)
    raise AssertionError("s3kg serve did not answer")


def test_synthetic_data_is_deterministic_valid_and_sized(tmp_path: Path) -> None:
    first, second = io.BytesIO(), io.BytesIO()
    count = synthetic.generate(20_000, first, seed=7)
    synthetic.generate(20_000, second, seed=7)
    assert first.getvalue() == second.getvalue()
    assert 20_000 <= count < 21_000
    quads = list(ox.parse(first.getvalue(), format=ox.RdfFormat.N_QUADS))
    assert len(quads) == count
    graphs = {q.graph_name.value for q in quads if isinstance(q.graph_name, ox.NamedNode)}
    assert {"facts", "provenance", "mentions", "inferred"} <= {g.rsplit("/", 1)[1] for g in graphs}
    other = io.BytesIO()
    synthetic.generate(20_000, other, seed=8)
    assert hashlib.sha256(other.getvalue()).digest() != hashlib.sha256(first.getvalue()).digest()


def test_synthetic_data_answers_like_ours(tmp_path: Path) -> None:
    data = io.BytesIO()
    synthetic.generate(30_000, data, seed=1)
    store = ox.Store()
    store.load(data.getvalue(), format=ox.RdfFormat.N_QUADS)
    query = """PREFIX s3kg: <https://w3id.org/s3kg/ontology#>
    PREFIX org: <http://www.w3.org/ns/org#>
    PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
    PREFIX prov: <http://www.w3.org/ns/prov#>
    PREFIX oa: <http://www.w3.org/ns/oa#>
    SELECT (COUNT(DISTINCT ?m) AS ?n) WHERE {
      ?m a org:Membership ; org:organization ?c ; org:member ?o .
      ?c a s3kg:Cluster ; s3kg:locatedIn/a s3kg:Region .
      ?a rdf:subject ?m ; prov:wasDerivedFrom ?d ; s3kg:evidence/oa:hasSelector ?sel .
    }"""
    solutions = store.query(query, use_default_graph_as_union=True)
    assert isinstance(solutions, ox.QuerySolutions)
    rows = list(solutions)
    assert int(rows[0][0].value) > 100


@pytest.mark.slow
def test_every_named_query_answers_the_same_on_a_remote_server(built_release: Release) -> None:
    """The real graph, pushed with ``s3kg load``: every named query gives the same bytes."""
    server = start_oxigraph(built_release.path.parent / f"remote-{os.getpid()}")
    pool = WorkerPool(built_release.store_dir, 1, warm=False)
    remote = RemoteStore.from_url(server.url, environ={})
    try:
        load(built_release.graph_file, server.url, bulk=True)
        checked = 0
        for name, query in sorted(load_queries(Settings().queries_dir).items()):
            if any(p.required and p.default is None for p in query.params):
                continue
            job = st.QueryJob(query.text, substitutions=bind(query, {}), limit=100_000)
            assert pool.run(job, 60).body == remote.run(job, 60).body, name
            checked += 1
        assert checked >= 50
    finally:
        remote.close()
        pool.close()
        server.stop()
