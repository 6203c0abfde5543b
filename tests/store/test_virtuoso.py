"""Virtuoso (Debian's ``virtuoso-opensource``) as the remote store, when it is installed.

A fresh database on 127.0.0.1 starts in about two seconds.  Loading goes through SPARQL
Update (Virtuoso's graph store needs digest authentication), after granting ``SPARQL_UPDATE``
to the anonymous SPARQL user of that private instance.  Virtuoso's default graph is already
the union of all graphs, so the backend sends queries unchanged.  The whole web suite is not
run on it: Virtuoso rejects some valid SPARQL 1.1 used by our queries (backslash escapes in
regular expressions) and types aggregates differently (``xsd:int`` for ``COUNT``), see
docs/scaling.md.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest

from s3kg.store import jobs as st
from s3kg.store.load import load
from s3kg.store.remote import RemoteStore
from store.oxigraph_server import free_port

DATA = Path(__file__).resolve().parents[1] / "data"
SAMPLE = DATA / "s3kg-sample.trig"
INI = Path("/etc/virtuoso-opensource-7/virtuoso.ini")
FACTS = "https://w3id.org/s3kg/graph/facts"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
pytestmark = pytest.mark.skipif(
    not (shutil.which("virtuoso-t") and shutil.which("isql-vt") and INI.is_file()),
    reason="Virtuoso is not installed (apt-get install virtuoso-opensource)")


def _config(folder: Path, sql_port: int, http_port: int) -> Path:
    lines: list[str] = []
    for line in INI.read_text().splitlines():
        key = line.split("=", 1)[0].strip()
        if key in ("DatabaseFile", "ErrorLogFile", "LockFile", "TransactionFile",
                   "xa_persistent_file"):
            line = f"{key} = {folder / Path(line.split('=', 1)[1].strip()).name}"
        elif key == "ServerPort":
            port = http_port if lines.count("[HTTPServer]") else sql_port
            line = f"ServerPort = 127.0.0.1:{port}"
        elif key == "DirsAllowed":
            line = f"DirsAllowed = ., {folder}"
        lines.append(line.strip() if line.strip().startswith("[") else line)
    path = folder / "virtuoso.ini"
    path.write_text("\n".join(lines) + "\n")
    return path


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("virtuoso")
    sql_port, http_port = free_port(), free_port()
    ini = _config(folder, sql_port, http_port)
    process = subprocess.Popen(["virtuoso-t", "+foreground", "+configfile", str(ini)],
                               cwd=folder, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{http_port}/sparql"
    try:
        _wait(url, process)
        subprocess.run(["isql-vt", str(sql_port), "dba", "dba",
                        'exec=GRANT SPARQL_UPDATE TO "SPARQL";'], check=True,
                       capture_output=True, timeout=60)
        yield url
    finally:
        process.terminate()
        process.wait(60)


def _wait(url: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert process.poll() is None, "virtuoso-t exited"
        try:
            with urllib.request.urlopen(url + "?query=ASK%7B%7D", timeout=2):
                return
        except OSError:
            time.sleep(0.3)
    raise AssertionError("Virtuoso did not start within 60 s")


def test_load_and_query_on_virtuoso(virtuoso: str, tmp_path: Path) -> None:
    nquads = tmp_path / "sample.nq"
    nquads.write_bytes(ox.serialize(ox.parse(path=str(SAMPLE)), format=ox.RdfFormat.N_QUADS)
                       or b"")
    report = load(nquads, virtuoso)
    assert report.method.startswith("SPARQL Update")
    quads = list(ox.parse(path=str(SAMPLE)))
    remote = RemoteStore.from_url(virtuoso, environ={})
    try:
        clusters = ("SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { "
                    "?c a <https://w3id.org/s3kg/ontology#Cluster> }")
        answer: st.Answer = remote.run(st.QueryJob(clusters), 30)
        cluster = ox.NamedNode("https://w3id.org/s3kg/ontology#Cluster")
        expected = {q.subject for q in quads if q.predicate == RDF_TYPE and q.object == cluster}
        count = json.loads(answer.body)["results"]["bindings"][0]["n"]["value"]
        assert int(count) == len(expected)
        assert remote.union == "server"  # found by the probe: Virtuoso queries the union
        facts: st.Answer = remote.run(st.GraphJob(FACTS, "application/n-triples", 1000), 30)
        assert facts.count == sum(1 for q in quads if q.graph_name == ox.NamedNode(FACTS))
        assert FACTS in remote.catalog(30).graphs
    finally:
        remote.close()
