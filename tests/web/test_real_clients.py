"""The production server (``s3kg serve``) on 127.0.0.1, used as users' code would:
SPARQLWrapper, rdflib's SPARQLStore and plain HTTP; plus graceful shutdown, SIGHUP and
latency."""

from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph
import pytest
import rdflib
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import JSON, TURTLE, XML, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

from web.conftest import ID, NEVER_ENDING, SAMPLE, SAMPLE_QUADS, build_release, slow_query

CLUSTERS = """PREFIX s3kg: <https://w3id.org/s3kg/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?cluster ?label WHERE { ?cluster a s3kg:Cluster ; skos:prefLabel ?label } ORDER BY ?label"""
CHEAP = f"ASK {{ <{ID}region/kaluga-oblast> ?p ?o }}"

# rdflib 7.x parsers warn about their own internal use of deprecated classes.
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning:rdflib.*")



@dataclass
class Server:
    process: subprocess.Popen[bytes]
    url: str
    store: Path

    @property
    def endpoint(self) -> str:
        return self.url + "/sparql"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def start_server(store: Path, *flags: str) -> Server:
    port = _free_port()
    command = [sys.executable, "-c", "from s3kg.cli import main; main()", "serve",
               "--host", "127.0.0.1", "--port", str(port), "--store", str(store), *flags]
    env = {**os.environ, "S3KG_QUERY_TIMEOUT": "2", "S3KG_QUERY_WORKERS": "2"}
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE)
    server = Server(process, f"http://127.0.0.1:{port}", store)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(process.stderr.read().decode() if process.stderr else "died")
        try:
            with urllib.request.urlopen(server.url + "/health", timeout=2) as response:
                if json.load(response)["status"] == "ok":
                    return server
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError("server did not start")


def stop_server(server: Server) -> int:
    if server.process.poll() is None:
        server.process.send_signal(signal.SIGTERM)
    try:
        return server.process.wait(20)
    finally:
        if server.process.poll() is None:
            server.process.kill()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    release = build_release(tmp_path_factory.mktemp("served"), "served", SAMPLE)
    running = start_server(release / "store")
    yield running
    stop_server(running)


def test_sparqlwrapper_select_json_and_xml(server: Server) -> None:
    client = SPARQLWrapper(server.endpoint)
    client.setQuery(CLUSTERS)
    client.setReturnFormat(JSON)
    bindings = client.queryAndConvert()["results"]["bindings"]  # type: ignore[index]
    assert [b["label"]["value"] for b in bindings][:1] == ["Kaluga automotive cluster"]
    client.setReturnFormat(XML)
    client.setMethod("POST")
    document = client.queryAndConvert()
    assert len(document.getElementsByTagName("result")) == 4  # type: ignore[union-attr]


def test_sparqlwrapper_construct_and_ask(server: Server) -> None:
    client = SPARQLWrapper(server.endpoint)
    client.setQuery("CONSTRUCT WHERE { ?s a <https://w3id.org/s3kg/ontology#Region> }")
    client.setReturnFormat(TURTLE)
    graph = rdflib.Graph().parse(data=client.queryAndConvert(), format="turtle")
    assert len(graph) == 3
    client.setQuery(CHEAP)
    client.setReturnFormat(JSON)
    assert client.queryAndConvert()["boolean"] is True  # type: ignore[index]


def test_sparqlwrapper_sees_a_malformed_query_as_such(server: Server) -> None:
    client = SPARQLWrapper(server.endpoint)
    client.setQuery("SELECT * WHERE { ?s ?p }")
    client.setReturnFormat(JSON)
    with pytest.raises(QueryBadFormed):
        client.queryAndConvert()


def test_rdflib_sparqlstore(server: Server) -> None:
    graph = rdflib.Graph(store=SPARQLStore(server.endpoint, returnFormat="json"))
    labels = {str(row[1]) for row in graph.query(CLUSTERS)}  # type: ignore[index]
    assert "Seattle aerospace cluster" in labels
    region = rdflib.URIRef(ID + "region/kaluga-oblast")
    assert (region, None, None) in graph
    assert len(list(graph.triples((region, None, None)))) == 3


def _status_line(server: Server, query: str) -> tuple[int, bytes]:
    parsed = urllib.parse.urlsplit(server.url)
    connection = http.client.HTTPConnection(parsed.hostname or "", parsed.port, timeout=20)
    connection.request("GET", "/sparql?" + urllib.parse.urlencode({"query": query}))
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, body


def test_timeout_is_the_status_line_not_a_broken_200(server: Server) -> None:
    status, body = _status_line(server, NEVER_ENDING)
    assert status == 503
    assert body.startswith(b"Query timed out after 2 s")


def test_cheap_query_latency_against_the_store_directly(server: Server) -> None:
    """Median of 200 cheap queries over HTTP vs the same query on the store in-process."""
    parsed = urllib.parse.urlsplit(server.url)
    connection = http.client.HTTPConnection(parsed.hostname or "", parsed.port, timeout=10)
    path = "/sparql?" + urllib.parse.urlencode({"query": CHEAP})
    timings = []
    for _ in range(200):
        started = time.perf_counter()
        connection.request("GET", path, headers={"Accept": "application/sparql-results+json"})
        response = connection.getresponse()
        assert response.status == 200
        response.read()
        timings.append(time.perf_counter() - started)
    connection.close()
    store = pyoxigraph.Store.read_only(str(server.store))
    direct = []
    for _ in range(200):
        started = time.perf_counter()
        bool(store.query(CHEAP, use_default_graph_as_union=True))
        direct.append(time.perf_counter() - started)
    served, local = statistics.median(timings) * 1000, statistics.median(direct) * 1000
    print(f"\ncheap query median: server {served:.2f} ms, direct {local:.3f} ms")
    assert served - local < 15


def test_graceful_shutdown_finishes_the_request_in_flight(tmp_path: Path) -> None:
    release = build_release(tmp_path, "graceful", SAMPLE)
    running = start_server(release / "store", "--query-timeout", "20")
    outcome: dict[str, object] = {}

    def slow_request() -> None:
        outcome["status"], outcome["body"] = _status_line(running, slow_query(250))

    thread = threading.Thread(target=slow_request)
    thread.start()
    time.sleep(0.3)
    code = stop_server(running)
    thread.join(20)
    assert outcome.get("status") == 200, outcome
    assert b'"15625000"' in outcome["body"]  # type: ignore[operator]
    assert code == 0
    time.sleep(0.2)
    assert not _query_workers_of(release / "store"), "query workers outlived the server"


HUP_QUERY = "#+ summary: Anything at all\nASK { ?s ?p ?o }\n"


def test_sighup_rereads_the_named_queries(tmp_path: Path) -> None:
    queries = tmp_path / "queries"
    queries.mkdir()
    (queries / "first.rq").write_text(HUP_QUERY, encoding="utf-8")
    release = build_release(tmp_path, "hup", SAMPLE)
    running = start_server(release / "store", "--queries", str(queries))
    try:
        assert _api_status(running, "first") == 200 and _api_status(running, "second") == 404
        (queries / "second.rq").write_text(HUP_QUERY, encoding="utf-8")
        running.process.send_signal(signal.SIGHUP)
        deadline = time.monotonic() + 20
        while _api_status(running, "second") != 200 and time.monotonic() < deadline:
            time.sleep(0.1)
        assert _api_status(running, "second") == 200
        assert running.process.poll() is None  # still the same server
    finally:
        assert stop_server(running) == 0


def _api_status(server: Server, name: str) -> int:
    try:
        with urllib.request.urlopen(f"{server.url}/api/{name}", timeout=20) as response:
            return int(response.status)
    except urllib.error.HTTPError as err:
        return err.code


def _query_workers_of(store: Path) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                command = (entry / "cmdline").read_bytes().split(b"\0")
            except OSError:
                continue
            if b"s3kg.store.worker" in command and str(store).encode() in command:
                found.append(int(entry.name))
    return found


def test_health_over_http(server: Server) -> None:
    with urllib.request.urlopen(server.url + "/health", timeout=5) as response:
        report = json.load(response)
    assert report["triples"] == SAMPLE_QUADS and report["status"] == "ok"
