"""Slow and greedy clients against the production server: do cheap queries still get answers?

    python bench/slowclients.py                         # sample graph, its own server
    python bench/slowclients.py --store var/current/store --slow 64 --seconds 20
    python bench/slowclients.py --url http://127.0.0.1:8000

Two scenarios, each after a baseline without attackers:

- **slowloris**: ``--slow`` connections each send a request's headers one byte every half
  second and never finish them, while one client sends cheap queries one after another;
- **greedy client**: one client address (127.0.0.2) keeps ``--greedy`` runaway queries in
  flight at once while another (127.0.0.3) sends cheap queries.

Prints, per phase, the cheap requests sent, how many were answered 200, the other answers by
status (0: no answer within ``--request-timeout``) and the p50 / p99 / max latency.  Loopback
only; every address of 127.0.0.0/8 reaches a server bound to 127.0.0.1 on Linux.
"""

from __future__ import annotations

import argparse
import http.client
import socket
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))

from loadtest import ServerProcess, cheap_requests, percentile, sparql_path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "tests" / "data" / "s3kg-sample.trig"
SLOW_HEAD = b"GET /health HTTP/1.1\r\nHost: x\r\nX-Slow: "
# A cross join that only the time limit stops, even on the 50-quad sample graph.
RUNAWAY = ("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . "
           "?m ?n2 ?o . ?p ?q ?r }")


@dataclass
class Phase:
    name: str
    seconds: list[float] = field(default_factory=list)
    statuses: Counter[int] = field(default_factory=Counter)
    note: str = ""

    def row(self) -> str:
        times = [s * 1000 for s in self.seconds]
        other = ", ".join(f"{k}: {v}" for k, v in sorted(self.statuses.items()) if k != 200)
        return (f"{self.name:22} {len(times):8} {self.statuses[200]:8} "
                f"{percentile(times, 0.5):9.1f} {percentile(times, 0.99):9.1f} "
                f"{max(times, default=float('nan')):9.1f}  {other or '-'}")


def get(url: str, path: str, timeout: float, source: str = "127.0.0.1") -> tuple[int, str]:
    """One request on a fresh connection from ``source``; status 0 when there is no answer."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port,
                                            timeout=timeout, source_address=(source, 0))
    try:
        connection.request("GET", path, headers={"Accept": "application/sparql-results+json"})
        response = connection.getresponse()
        body = response.read()
        return response.status, body[:200].decode("utf-8", "replace")
    except (OSError, http.client.HTTPException) as err:
        return 0, type(err).__name__
    finally:
        connection.close()


def cheap_phase(name: str, url: str, seconds: float, timeout: float,
                source: str = "127.0.0.1") -> Phase:
    """Cheap requests one after another for ``seconds`` (the last may run ``timeout`` more)."""
    phase, paths, index = Phase(name), cheap_requests(), 0
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        started = time.monotonic()
        status, _ = get(url, paths[index % len(paths)], timeout, source)
        phase.seconds.append(time.monotonic() - started)
        phase.statuses[status] += 1
        index += 1
    return phase


class Slowloris:
    """``count`` connections that send one more header byte every ``every`` seconds, forever;
    a connection the server closes is opened again, as an attacker would."""

    def __init__(self, url: str, count: int, every: float = 0.5) -> None:
        parts = urlsplit(url)
        self.address = (parts.hostname or "127.0.0.1", parts.port or 80)
        self.count, self.every, self.reopened = count, every, 0
        self._stop = threading.Event()
        self._sockets = [self._open() for _ in range(count)]
        self._thread = threading.Thread(target=self._drip, daemon=True)
        self._thread.start()

    def _open(self) -> socket.socket | None:
        try:
            sock = socket.create_connection(self.address, timeout=2)
            sock.sendall(SLOW_HEAD)
            return sock
        except OSError:
            return None

    def _drip(self) -> None:
        while not self._stop.wait(self.every):
            for index, sock in enumerate(self._sockets):
                try:
                    if sock is None:
                        raise OSError("not connected")
                    sock.sendall(b"a")
                except OSError:
                    if sock is not None:
                        sock.close()
                    self.reopened += 1
                    self._sockets[index] = self._open()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(5)
        for sock in self._sockets:
            if sock is not None:
                sock.close()


class Greedy:
    """``count`` threads from ``source``, each sending runaway queries one after another."""

    def __init__(self, url: str, count: int, timeout: float, source: str) -> None:
        self.statuses: Counter[int] = Counter()
        self._stop = threading.Event()
        self._threads = [threading.Thread(target=self._loop, args=(url, timeout, source),
                                          daemon=True) for _ in range(count)]
        for thread in self._threads:
            thread.start()

    def _loop(self, url: str, timeout: float, source: str) -> None:
        while not self._stop.is_set():
            status, _ = get(url, sparql_path(RUNAWAY), timeout, source)
            self.statuses[status] += 1
            if status == 429:  # refused at once: retry soon, but do not burn the bench's CPU
                self._stop.wait(0.05)

    def stop(self) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(60)


def during(attack: Callable[[], Slowloris | Greedy], measure: Callable[[], Phase]) -> Phase:
    started = attack()
    time.sleep(1.0)  # let the attack take hold first
    try:
        phase = measure()
    finally:
        started.stop()
    if isinstance(started, Greedy):
        phase.note = "greedy client got " + ", ".join(
            f"{k}: {v}" for k, v in sorted(started.statuses.items()))
    return phase


def sample_store(work: Path) -> Path:
    from s3kg.store.jobs import create_store

    store = work / "release" / "store"
    store.parent.mkdir(parents=True)
    create_store(store, [(SAMPLE, None)])
    return store


def run(args: argparse.Namespace, url: str) -> list[str]:
    seconds, timeout = args.seconds, args.request_timeout
    rows = [cheap_phase("baseline", url, seconds / 2, timeout)]
    slow = during(lambda: Slowloris(url, args.slow),
                  lambda: cheap_phase(f"{args.slow} slowloris", url, seconds, timeout))
    rows.append(slow)
    rows.append(cheap_phase("baseline (other addr)", url, seconds / 2, timeout, "127.0.0.3"))
    greedy = during(lambda: Greedy(url, args.greedy, args.query_timeout + 30, "127.0.0.2"),
                    lambda: cheap_phase(f"{args.greedy} greedy runaway", url, seconds, timeout,
                                        "127.0.0.3"))
    rows.append(greedy)
    header = (f"{'phase':22} {'requests':>8} {'200':>8} {'p50 ms':>9} {'p99 ms':>9} "
              f"{'max ms':>9}  other answers")
    notes = [f"{phase.name}: {phase.note}" for phase in rows if phase.note]
    return [header, *(phase.row() for phase in rows), *notes]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    target = parser.add_mutually_exclusive_group()
    target.add_argument("--url", help="a running server (default: start one)")
    target.add_argument("--store", type=Path, default=None,
                        help="store to serve (default: var/current/store, else the sample)")
    parser.add_argument("--slow", type=int, default=64, help="slowloris connections")
    parser.add_argument("--greedy", type=int, default=6, help="runaway queries of one client")
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--request-timeout", type=float, default=10.0)
    parser.add_argument("--query-timeout", type=float, default=5.0)
    parser.add_argument("--workers", type=int, default=4, help="query workers of the server")
    parser.add_argument("--flag", action="append", default=[],
                        help="extra `s3kg serve` flag, e.g. --flag=--threads=16 (repeatable)")
    args = parser.parse_args(argv)
    if args.url:
        print("\n".join(run(args, args.url)))
        return 0
    with tempfile.TemporaryDirectory() as work:
        store = args.store or ROOT / "var" / "current" / "store"
        if not store.is_dir():
            store = sample_store(Path(work))
        server = ServerProcess(store, "--query-timeout", str(args.query_timeout),
                               "--workers", str(args.workers), "--log-level", "WARNING",
                               *args.flag)
        try:
            lines = run(args, server.url)
        finally:
            server.stop()
    print(f"server over {store}; --workers {args.workers}, --query-timeout "
          f"{args.query_timeout:g}, {' '.join(args.flag) or 'default flags'}")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
