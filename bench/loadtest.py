"""Load test of the production server: concurrent clients mixing cheap and runaway queries.

    python bench/loadtest.py --url http://127.0.0.1:8000 --seconds 60
    python bench/loadtest.py --store var/current/store --seconds 60   # starts its own server

Cheap clients loop over small SELECT/ASK queries, a named query and an entity page; runaway
clients loop over a cross join of all triples, which only the server's time limit stops.
Prints, per kind, the requests, p50/p99/max latency and the answers by status, plus the
server's resident memory (its whole process tree) when it started the server itself.
Plain ``http.client`` over keep-alive connections, one thread per client; loopback only.
Each client connects from an address of its own (127.0.0.10, .11, …), as separate users
would, so the server's per-client query limit (``--client-queries``) applies to each alone.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode, urlsplit

ID = "https://w3id.org/s3kg/id/"
CHEAP_QUERIES = (
    f"ASK {{ <{ID}cluster/seattle-aerospace> ?p ?o }}",
    "PREFIX s3kg: <https://w3id.org/s3kg/ontology#>\nPREFIX rdfs: "
    "<http://www.w3.org/2000/01/rdf-schema#>\nSELECT ?c ?l WHERE { ?c a s3kg:Cluster ; "
    "rdfs:label ?l } LIMIT 50",
    f"SELECT ?p ?o WHERE {{ <{ID}region/ru-sam> ?p ?o }} LIMIT 100",
)
CHEAP_PATHS = (
    "/api/examples/clusters_in_region?" + urlencode({"region": ID + "region/ru-sam"}),
    "/id/cluster/seattle-aerospace?format=ttl",
)
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
ACCEPTED_503 = ("timed out after", "query workers stayed busy")


@dataclass(frozen=True)
class Sample:
    kind: str
    status: int  # 0: no HTTP answer (connection refused, reset or timed out)
    seconds: float
    detail: str = ""


@dataclass
class LoadResult:
    samples: list[Sample] = field(default_factory=list)
    rss_mb: list[float] = field(default_factory=list)
    seconds: float = 0.0

    def of(self, kind: str) -> list[Sample]:
        return [s for s in self.samples if s.kind == kind]

    def unexpected(self) -> list[Sample]:
        """Answers no well-formed request may get: no answer, or a 5xx other than ours."""
        return [
            s
            for s in self.samples
            if s.status == 0
            or (
                s.status >= 500
                and not (s.status == 503 and any(text in s.detail for text in ACCEPTED_503))
            )
        ]


def percentile(values: Sequence[float], fraction: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


class Client:
    """One keep-alive connection (from ``source``, if given) that reconnects after an error."""

    def __init__(self, url: str, timeout: float, source: str | None = None) -> None:
        parts = urlsplit(url)
        self.host, self.port, self.timeout = parts.hostname or "127.0.0.1", parts.port, timeout
        self.source = (source, 0) if source else None
        self.connection: http.client.HTTPConnection | None = None

    def get(self, path: str, accept: str = "application/sparql-results+json") -> tuple[int, str]:
        if self.connection is None:
            self.connection = http.client.HTTPConnection(
                self.host, self.port, timeout=self.timeout, source_address=self.source
            )
        try:
            self.connection.request("GET", path, headers={"Accept": accept})
            response = self.connection.getresponse()
            body = response.read()
        except (OSError, http.client.HTTPException) as err:
            self.close()
            return 0, f"{type(err).__name__}: {err}"
        if response.getheader("Connection", "").lower() == "close":
            self.close()
        detail = body[:300].decode("utf-8", "replace") if response.status >= 400 else ""
        return response.status, detail

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()
            self.connection = None


def sparql_path(query: str) -> str:
    return "/sparql?" + urlencode({"query": query})


def cheap_requests() -> list[str]:
    return [sparql_path(q) for q in CHEAP_QUERIES] + list(CHEAP_PATHS)


def client_address(url: str, number: int) -> str | None:
    """A loopback address of its own for client ``number`` (None for a server elsewhere)."""
    host = urlsplit(url).hostname or ""
    return f"127.0.0.{10 + number % 240}" if host.startswith("127.") else None


def client_loop(
    url: str,
    kind: str,
    paths: Sequence[str],
    running: Callable[[], bool],
    timeout: float,
    out: list[Sample],
    source: str | None = None,
) -> None:
    """Send ``paths`` round-robin while ``running()``, recording one sample per request."""
    client, index = Client(url, timeout, source), 0
    while running():
        started = time.monotonic()
        status, detail = client.get(paths[index % len(paths)])
        out.append(Sample(kind, status, time.monotonic() - started, detail))
        index += 1
        if status == 0:
            time.sleep(0.05)
    client.close()


def run_load(
    url: str,
    seconds: float,
    cheap_clients: int = 6,
    runaway_clients: int = 2,
    timeout: float = 60.0,
    during: Callable[[], None] | None = None,
) -> LoadResult:
    """Run the clients for ``seconds``, and for as long as ``during`` (faults, run in this
    thread meanwhile) takes."""
    result = LoadResult()
    deadline, faults_done = time.monotonic() + seconds, threading.Event()

    def running() -> bool:
        return time.monotonic() < deadline or not faults_done.is_set()

    plans = [("cheap", cheap_requests())] * cheap_clients + [
        ("runaway", [sparql_path(RUNAWAY)])
    ] * runaway_clients
    threads = [
        threading.Thread(
            target=client_loop,
            daemon=True,
            args=(url, kind, paths, running, timeout, result.samples, client_address(url, i)),
        )
        for i, (kind, paths) in enumerate(plans)
    ]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    try:
        if during is not None:
            during()
    finally:
        faults_done.set()
    for thread in threads:
        thread.join(seconds + timeout + 5)
    result.seconds = time.monotonic() - started
    return result


def report(result: LoadResult) -> str:
    """A table per kind: requests, latency percentiles in ms, answers by status."""
    lines = [f"{'kind':8} {'requests':>8} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8}  statuses"]
    for kind in sorted({s.kind for s in result.samples}):
        samples = result.of(kind)
        times = [s.seconds * 1000 for s in samples]
        statuses = ", ".join(
            f"{k}: {v}" for k, v in sorted(Counter(s.status for s in samples).items())
        )
        lines.append(
            f"{kind:8} {len(samples):8} {percentile(times, 0.5):8.1f} "
            f"{percentile(times, 0.99):8.1f} {max(times):8.1f}  {statuses}"
        )
    unexpected = result.unexpected()
    lines.append(
        f"{len(result.samples)} requests in {result.seconds:.1f} s; "
        f"{len(unexpected)} unexpected answers"
    )
    lines += [f"  unexpected {s.kind} {s.status}: {s.detail[:120]}" for s in unexpected[:5]]
    if result.rss_mb:
        lines.append(
            f"server RSS (process tree): start {result.rss_mb[0]:.0f} MB, "
            f"median {statistics.median(result.rss_mb):.0f} MB, "
            f"max {max(result.rss_mb):.0f} MB"
        )
    return "\n".join(lines)


def tree_rss_mb(pid: int) -> float:
    """Resident memory of ``pid`` and all its descendants (Linux /proc)."""
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            for task in Path(f"/proc/{current}/task").iterdir():
                stack += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            continue
        for line in status.splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1])
    return total / 1024


def sample_rss(pid: int, until: float, out: list[float], every: float = 0.5) -> threading.Thread:
    def loop() -> None:
        while time.monotonic() < until:
            out.append(tree_rss_mb(pid))
            time.sleep(every)

    thread = threading.Thread(target=loop, daemon=True)
    thread.start()
    return thread


class ServerProcess:
    """``s3kg serve`` on a free loopback port, stopped with SIGTERM."""

    def __init__(self, store: Path, *flags: str, env: dict[str, str] | None = None) -> None:
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{port}"
        command = [
            sys.executable,
            "-c",
            "from s3kg.cli import main; main()",
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--store",
            str(store),
            *flags,
        ]
        self.process = subprocess.Popen(
            command,
            env={**os.environ, **(env or {})},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self._wait_ready(60)

    def _wait_ready(self, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline and self.process.poll() is None:
            try:
                with urllib.request.urlopen(self.url + "/health", timeout=2) as response:
                    if json.load(response).get("status") == "ok":
                        return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"s3kg serve did not become healthy at {self.url}")

    def stop(self) -> int:
        if self.process.poll() is None:
            self.process.terminate()
        try:
            return self.process.wait(30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            return self.process.wait(5)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    target = parser.add_mutually_exclusive_group()
    target.add_argument("--url", help="a running server (default: start one on --store)")
    target.add_argument("--store", type=Path, default=Path("var/current/store"))
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--cheap-clients", type=int, default=6)
    parser.add_argument("--runaway-clients", type=int, default=2)
    parser.add_argument("--query-timeout", type=float, default=2.0)
    parser.add_argument("--workers", type=int, default=4, help="query workers of the server")
    args = parser.parse_args(argv)
    server = (
        None
        if args.url
        else ServerProcess(
            args.store,
            "--query-timeout",
            str(args.query_timeout),
            "--workers",
            str(args.workers),
            "--threads",
            "16",
            "--log-level",
            "WARNING",
        )
    )
    url = args.url or server.url  # type: ignore[union-attr]
    rss: list[float] = []
    if server is not None:
        sample_rss(server.process.pid, time.monotonic() + args.seconds, rss)
    try:
        result = run_load(url, args.seconds, args.cheap_clients, args.runaway_clients)
    finally:
        if server is not None:
            server.stop()
    result.rss_mb = rss
    print(report(result))
    return 1 if result.unexpected() else 0


if __name__ == "__main__":
    sys.exit(main())
