"""Abusive HTTP against the production server (``s3kg serve``): oversized bodies, request
lines and headers, garbage, slow clients and greedy ones.  Each gets a 4xx (or a closed
connection), and the server keeps answering everyone else."""

from __future__ import annotations

import contextlib
import http.client
import json
import socket
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

import pytest

from web.conftest import NEVER_ENDING, SAMPLE, build_release

MIB = 1024 * 1024


def _connection(server: Any, timeout: float = 20) -> http.client.HTTPConnection:
    address = urlsplit(server.url)
    return http.client.HTTPConnection(address.hostname, address.port, timeout=timeout)


def _healthy(server: Any, timeout: float = 10) -> bool:
    try:
        with urllib.request.urlopen(server.url + "/health", timeout=timeout) as response:
            return bool(json.load(response)["status"] == "ok")
    except OSError:
        return False


def _send(
    server: Any,
    method: str,
    path: str,
    body: Any = None,
    headers: dict[str, str] | None = None,
    chunked: bool = False,
) -> tuple[int, str]:
    connection = _connection(server)
    try:
        connection.request(method, path, body=body, headers=headers or {}, encode_chunked=chunked)
        response = connection.getresponse()
        return response.status, response.read().decode("utf-8", "replace")
    except (ConnectionError, http.client.HTTPException):
        return 0, "connection closed"
    finally:
        connection.close()


def _chunks(total: int, size: int = 64 * 1024) -> Iterator[bytes]:
    for _ in range(total // size):
        yield b"#" * size


def test_oversized_bodies_are_413(real_server: Any) -> None:
    query = {"Content-Type": "application/sparql-query"}
    big = b"ASK {} #" + b"x" * (2 * MIB)
    status, body = _send(real_server, "POST", "/sparql", big, query)
    assert status in (413, 0), body
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    status, _ = _send(real_server, "POST", "/sparql", b"query=" + b"x" * (2 * MIB), form)
    assert status in (413, 0)
    status, _ = _send(real_server, "POST", "/sparql", _chunks(3 * MIB), query, chunked=True)
    assert status in (413, 0)
    status, _ = _send(real_server, "POST", "/sparql", _chunks(MIB + 64 * 1024), query, chunked=True)
    assert status in (413, 0)
    status, _ = _send(real_server, "POST", "/sparql", iter([b"ASK {}"]), query, chunked=True)
    assert status == 200
    assert _healthy(real_server)


@pytest.mark.parametrize("size", [9_000, 70_000])
def test_oversized_request_lines_are_4xx(real_server: Any, size: int) -> None:
    path = "/sparql?" + urlencode({"query": "ASK {} #" + "x" * size})
    status, _ = _send(real_server, "GET", path)
    assert 400 <= status < 500 or status == 0
    assert _healthy(real_server)


def test_oversized_and_too_many_headers_are_4xx(real_server: Any) -> None:
    status, _ = _send(real_server, "GET", "/health", headers={"X-Big": "x" * 20_000})
    assert 400 <= status < 500 or status == 0
    many = {f"X-H{i}": "1" for i in range(150)}
    status, _ = _send(real_server, "GET", "/health", headers=many)
    assert 400 <= status < 500 or status == 0
    assert _healthy(real_server)


@pytest.mark.parametrize(
    "raw",
    [
        b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03" + b"\x00" * 64,  # a TLS ClientHello
        b"\xff\xfe\xfd\r\n\r\n",
        b"GET /\x00 HTTP/1.1\r\nHost: x\r\n\r\n",
        b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n",
        b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n"
        b"Transfer-Encoding: chunked\r\n\r\n",
    ],
    ids=[
        "tls-hello",
        "bad-bytes",
        "nul-in-path",
        "negative-length",
        "length-and-chunked",
    ],
)
def test_garbage_gets_a_4xx_or_a_closed_connection(real_server: Any, raw: bytes) -> None:
    reply = _exchange(real_server, raw)
    if reply:
        status = int(reply.split(b" ", 2)[1])
        assert 400 <= status < 500, reply
    assert _healthy(real_server)


def test_an_unknown_http_version_is_refused_or_answered_in_http_1(real_server: Any) -> None:
    """RFC 9110 §2.5: a server answers in the highest version it supports (waitress: HTTP/1.0)
    or refuses; either way no 5xx and the server goes on."""
    reply = _exchange(real_server, b"GET /health HTTP/9.9\r\n\r\n")
    if reply:
        version, status, _ = reply.split(b" ", 2)
        assert version.startswith(b"HTTP/1.") and int(status) < 500, reply
    assert _healthy(real_server)


def _exchange(server: Any, raw: bytes) -> bytes:
    """Send ``raw`` on a new connection; the first bytes of the reply, if any."""
    address = urlsplit(server.url)
    with socket.create_connection((address.hostname, address.port), timeout=3) as sock:
        sock.sendall(raw)
        try:
            return sock.recv(200)
        except (TimeoutError, ConnectionError):
            return b""


SLOW_CLIENTS = 64
SLOW_HEAD = b"GET /health HTTP/1.1\r\nHost: x\r\nX-Slow: "
CHEAP_PATHS = ("/health", "/sparql?" + urlencode({"query": "ASK { ?s ?p ?o }"}),
               "/id/region/kaluga-oblast?format=ttl")


class Slowloris:
    """``count`` connections that each send one more header byte every half second and never
    finish their request (slowloris)."""

    def __init__(self, server: Any, count: int = SLOW_CLIENTS) -> None:
        address = urlsplit(server.url)
        self.sockets = []
        for _ in range(count):
            sock = socket.create_connection((address.hostname, address.port), timeout=5)
            sock.sendall(SLOW_HEAD)
            self.sockets.append(sock)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._drip, daemon=True)
        self._thread.start()

    def _drip(self) -> None:
        while not self._stop.wait(0.5):
            for sock in self.sockets:
                # The server may close a slow client: that is a defence too.
                with contextlib.suppress(OSError):
                    sock.sendall(b"a")

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(5)
        for sock in self.sockets:
            sock.close()


def test_slow_clients_do_not_block_the_server(real_server: Any) -> None:
    """64 half-sent requests hold no request thread: every cheap request is answered (each
    connection allows 20 s, a bound for a loaded machine, not a latency target)."""
    attack = Slowloris(real_server)
    try:
        time.sleep(1.0)  # the attack is in place
        statuses = [_send(real_server, "GET", path)[0] for path in CHEAP_PATHS * 3]
        assert statuses == [200] * len(statuses)
        assert _healthy(real_server, timeout=20)
    finally:
        attack.stop()


def _get_from(server: Any, source: str, path: str) -> tuple[int, str, str | None]:
    """GET ``path`` on a connection from the loopback address ``source`` (another client)."""
    address = urlsplit(server.url)
    connection = http.client.HTTPConnection(address.hostname, address.port, timeout=30,
                                            source_address=(source, 0))
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        body = response.read().decode("utf-8", "replace")
        return response.status, body, response.getheader("Retry-After")
    finally:
        connection.close()


@pytest.fixture
def two_worker_server(tmp_path: Path) -> Iterator[Any]:
    from load.conftest import load_bench

    release = build_release(tmp_path, "fair", SAMPLE)
    server = load_bench().ServerProcess(release / "store", "--workers", "2",
                                        "--client-queries", "1", "--query-timeout", "8",
                                        "--log-level", "WARNING")
    yield server
    server.stop()


def test_one_client_cannot_hold_every_query_worker(two_worker_server: Any) -> None:
    """A client sending three runaway queries at once gets one into the pool and two 429s
    with Retry-After; another client's cheap query is answered meanwhile."""
    greedy: list[tuple[int, str, str | None]] = []
    runaway = "/sparql?" + urlencode({"query": NEVER_ENDING})
    threads = [threading.Thread(target=lambda: greedy.append(
        _get_from(two_worker_server, "127.0.0.2", runaway))) for _ in range(3)]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + 20
    while len(greedy) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)  # the refusals come at once; the admitted query runs on
    cheap = _get_from(two_worker_server, "127.0.0.3", CHEAP_PATHS[1])
    assert cheap[0] == 200, cheap
    for thread in threads:
        thread.join(30)
    refused = [answer for answer in greedy if answer[0] == 429]
    assert len(refused) == 2 and all(retry for _, _, retry in refused), greedy
    assert "Too many queries at once" in refused[0][1]
    (status, body, _), = [answer for answer in greedy if answer[0] != 429]
    assert status == 503 and "timed out after" in body  # the time limit still applies
    assert _get_from(two_worker_server, "127.0.0.2", CHEAP_PATHS[1])[0] == 200  # slot freed
