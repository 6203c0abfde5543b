"""The systems under test, as HTTP SPARQL endpoints on 127.0.0.1, and how to time them."""

from __future__ import annotations

import http.client
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode, urlsplit

BIN = Path(sys.executable).parent
HERE = Path(__file__).resolve().parent
ACCEPT = "application/sparql-results+json"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@dataclass
class Peer:
    """A running endpoint: ``extra`` are form fields sent with every query."""

    name: str
    process: subprocess.Popen[bytes]
    url: str
    extra: tuple[tuple[str, str], ...] = ()
    started: float = field(default_factory=time.monotonic)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)

    def peak_rss_mib(self) -> float:
        """Peak resident memory (VmHWM) of the process and all its descendants, in MiB."""
        return sum(_hwm_kib(pid) for pid in _tree(self.process.pid)) / 1024


def _tree(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo += children.get(pid, [])
    return found


def _hwm_kib(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def wait_until_up(peer: Peer, timeout: float = 600.0) -> Peer:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if peer.process.poll() is not None:
            raise RuntimeError(f"{peer.name} exited with {peer.process.returncode}")
        try:
            query(peer, "ASK {}", 5.0)
            peer.started = time.monotonic() - (time.monotonic() - peer.started)
            return peer
        except (OSError, RuntimeError, http.client.HTTPException):
            time.sleep(0.2)
    peer.stop()
    raise RuntimeError(f"{peer.name} did not start")


def start_s3kg(store: Path, workers: int = 2, threads: int = 16, *, src: Path | None = None,
               name: str = "s3kg serve") -> Peer:
    """``s3kg serve`` on ``store``; ``src``: run the package found there (another checkout's
    ``src`` folder, e.g. to compare two versions side by side) instead of this one's."""
    port = free_port()
    env = {**os.environ, "S3KG_QUERY_TIMEOUT": "120", "S3KG_RESULT_LIMIT": "1000000",
           "S3KG_QUERY_WORKERS": str(workers), "S3KG_THREADS": str(threads),
           "S3KG_LOG_LEVEL": "WARNING"}
    if src is not None:
        paths = [str(src), *filter(None, [env.get("PYTHONPATH")])]
        env["PYTHONPATH"] = os.pathsep.join(paths)
    # ``python -m s3kg``: the s3kg of this interpreter's path (PYTHONPATH wins over the
    # installed one), whatever the installed console script was generated for.
    process = subprocess.Popen([sys.executable, "-m", "s3kg", "serve", "--port", str(port),
                                "--store", str(store)], env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return wait_until_up(Peer(name, process, f"http://127.0.0.1:{port}/sparql"))


def start_floor(store: Path, server: str = "waitress") -> Peer:
    """``bench/floor.py``: a bare in-process WSGI query path on ``server``, about the least
    a Python front end costs."""
    port = free_port()
    process = subprocess.Popen([sys.executable, str(HERE / "floor.py"), str(store), str(port),
                                server], stdout=subprocess.DEVNULL)  # errors on stderr
    return wait_until_up(Peer(f"floor: bare {server}", process,
                              f"http://127.0.0.1:{port}/sparql"))


def start_oxigraph(store: Path) -> Peer:
    port = free_port()
    process = subprocess.Popen([str(BIN / "oxigraph"), "serve-read-only", "--location",
                                str(store), "--bind", f"127.0.0.1:{port}"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peer = Peer("oxigraph serve", process, f"http://127.0.0.1:{port}/query",
                (("union-default-graph", ""),))
    return wait_until_up(peer)


def start_rdflib_endpoint(data: Path) -> Peer:
    port = free_port()
    process = subprocess.Popen([sys.executable, str(HERE / "rdflib_peer.py"), "serve",
                                str(data), str(port)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return wait_until_up(Peer("rdflib-endpoint", process, f"http://127.0.0.1:{port}/sparql"),
                         timeout=1800)


_local = threading.local()


def query(peer: Peer, text: str, timeout: float) -> float:
    """Send one query (form POST, JSON results), read the whole answer; seconds taken.

    Connections are kept alive per thread; one the server has closed meanwhile (s3kg serve
    closes a connection idle for 30 s, e.g. while other servers answer slow questions) is
    replaced and the query sent again, once."""
    parts = urlsplit(peer.url)
    key = (parts.netloc, timeout)
    body = urlencode([("query", text), *peer.extra])
    headers = {"Content-Type": "application/x-www-form-urlencoded", "Accept": ACCEPT}
    for attempt in (1, 2):
        conn: http.client.HTTPConnection | None = getattr(_local, "conns", {}).get(key)
        reused = conn is not None
        if conn is None:
            conn = http.client.HTTPConnection(parts.netloc, timeout=timeout)
            _local.__dict__.setdefault("conns", {})[key] = conn
        started = time.perf_counter()
        try:
            conn.request("POST", parts.path, body=body, headers=headers)
            response = conn.getresponse()
            data = response.read()
            break
        except (OSError, http.client.HTTPException) as err:
            conn.close()
            _local.conns.pop(key, None)
            closed = isinstance(err, ConnectionError | http.client.BadStatusLine)
            if attempt == 2 or not reused or not closed:
                raise
    if response.status != 200:
        raise RuntimeError(f"{peer.name}: HTTP {response.status}: {data[:200]!r}")
    return time.perf_counter() - started


def latencies(run: Callable[[str], float], text: str, repeat: int,
              budget: float) -> list[float]:
    """``repeat`` timings after one warm-up; fewer when the first ones exceed ``budget``."""
    times: list[float] = []
    spent = run(text)  # warm-up (caches, query plans)
    for _ in range(repeat):
        if spent > budget:
            break
        took = run(text)
        times.append(took)
        spent += took
    return times or [spent]


def percentile(values: Sequence[float], share: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


def throughput(peer: Peer, texts: Sequence[str], clients: int, seconds: float) -> float:
    """Queries per second with ``clients`` threads each cycling through ``texts``."""
    done = [0] * clients
    errors: list[BaseException] = []
    stop_at = time.monotonic() + seconds

    def client(index: int) -> None:
        position = index
        while time.monotonic() < stop_at:
            try:
                query(peer, texts[position % len(texts)], 120.0)
            except (OSError, RuntimeError, http.client.HTTPException) as err:
                errors.append(err)
                return
            done[index] += 1
            position += 1

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    began = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors and not sum(done):
        raise RuntimeError(f"{peer.name}: {errors[0]}")
    return sum(done) / (time.monotonic() - began)


def median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else float("nan")
