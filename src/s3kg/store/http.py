"""A small HTTP client for SPARQL endpoints: keep-alive connections, deadlines, streaming.

Only the standard library: one ``http.client`` connection per thread and host, reused across
requests.  Every request has a deadline; the response body is read through
:class:`DeadlineReader`, which gives up when the deadline passes even if the server keeps
sending, so a client-side timeout bounds the whole exchange, not just each socket read.
"""

from __future__ import annotations

import base64
import http.client
import io
import os
import socket
import threading
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import IO, Any
from urllib.parse import unquote, urlencode, urlsplit, urlunsplit

from s3kg.store import jobs as st


class RemoteTimeoutError(st.QueryError):
    """The remote server did not answer within the time limit."""

    http_status = 503


@dataclass(frozen=True)
class Endpoints:
    """The URLs of one remote store.

    ``query`` is the SPARQL query endpoint.  ``update`` defaults to the same URL (SPARQL 1.1
    allows one URL for both), and to the sibling ``…/update`` when ``query`` ends in
    ``/query`` (the layout of Oxigraph and Fuseki).  ``graph_store`` (Graph Store Protocol) is
    the sibling ``…/store`` in that layout, else unset: loading then uses ``INSERT DATA``.
    ``S3KG_STORE_UPDATE`` and ``S3KG_STORE_GSP`` override the guesses (``S3KG_STORE_GSP=none``:
    the server has no graph store).
    """

    query: str
    update: str
    graph_store: str | None = None

    @classmethod
    def from_url(cls, url: str, environ: Mapping[str, str] = os.environ) -> Endpoints:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise st.StoreUnavailableError(f"not an http(s) SPARQL endpoint URL: {url!r}")
        update, store = url, None
        if parts.path.rstrip("/").endswith("/query"):
            base = parts.path.rstrip("/")[: -len("query")]
            update = urlunsplit(parts._replace(path=base + "update", query=""))
            store = urlunsplit(parts._replace(path=base + "store", query=""))
        graph_store = environ.get("S3KG_STORE_GSP") or store
        return cls(url, environ.get("S3KG_STORE_UPDATE") or update,
                   None if graph_store == "none" else graph_store)


@dataclass
class Response:
    status: int
    media_type: str
    body: IO[bytes]
    _release: Any = None

    def text(self, limit: int = 4000) -> str:
        return self.body.read(limit).decode("utf-8", "replace").strip()

    def close(self) -> None:
        """Finish with the body; a connection is reused only if it was read to the end."""
        if self._release is not None:
            self._release()
            self._release = None


class DeadlineReader(io.RawIOBase):
    """A response body that raises :class:`RemoteTimeoutError` once the deadline passes."""

    def __init__(self, response: http.client.HTTPResponse, sock: socket.socket | None,
                 deadline: float) -> None:
        self._response = response
        self._sock = sock
        self._deadline = deadline

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        remaining = self._deadline - time.monotonic()
        if remaining <= 0:
            raise RemoteTimeoutError("the remote store did not finish its answer in time")
        if self._sock is not None:
            self._sock.settimeout(remaining)
        try:
            return self._response.readinto(buffer)
        except TimeoutError as err:
            raise RemoteTimeoutError("the remote store did not finish its answer in time") from err


class Client:
    """Per-thread keep-alive connections to the hosts of some endpoints."""

    def __init__(self, user_agent: str = "s3kg") -> None:
        self._local = threading.local()
        self._all: list[http.client.HTTPConnection] = []
        self._lock = threading.Lock()
        self.user_agent = user_agent

    def request(self, method: str, url: str, *, deadline: float,
                headers: Mapping[str, str] | None = None,
                body: bytes | IO[bytes] | Iterable[bytes] | None = None,
                params: Iterable[tuple[str, str]] = ()) -> Response:
        """Send one request; the response body streams (close it, or read it to the end)."""
        parts = urlsplit(url)
        target = urlunsplit(("", "", parts.path or "/", _join_query(parts.query, params), ""))
        sent = {"User-Agent": self.user_agent, **_auth(parts), **(headers or {})}
        for attempt in (1, 2):
            conn = self._connection(parts.scheme, parts.netloc, deadline)
            try:
                conn.request(method, target, body=body, headers=sent)
                raw = conn.getresponse()
                break
            except TimeoutError as err:
                self._drop(conn)
                raise RemoteTimeoutError("the remote store did not answer in time") from err
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
                self._drop(conn)  # a kept-alive connection the server had closed: retry once
                if attempt == 2 or not isinstance(body, bytes | None):
                    raise
            except OSError as err:
                self._drop(conn)
                raise st.StoreUnavailableError(
                    f"cannot reach the remote store {url}: {err}") from err
        reader = io.BufferedReader(DeadlineReader(raw, conn.sock, deadline), 1 << 16)
        media = raw.getheader("Content-Type", "").split(";")[0].strip().lower()

        def release() -> None:
            # A parser may stop before the end of a chunked body: drain a little, so the
            # connection can be reused; a body cut short (result limit) closes it.
            try:
                if not raw.isclosed():
                    raw.read(1 << 16)
            except (OSError, http.client.HTTPException):
                pass
            if not raw.isclosed():
                self._drop(conn)

        return Response(raw.status, media, reader, release)

    def close(self) -> None:
        with self._lock:
            connections, self._all = self._all, []
        for conn in connections:
            conn.close()

    def _connection(self, scheme: str, netloc: str, deadline: float) -> http.client.HTTPConnection:
        pool: dict[tuple[str, str], http.client.HTTPConnection] = self._local.__dict__.setdefault(
            "pool", {})
        conn = pool.get((scheme, netloc))
        if conn is None:
            host = netloc.rpartition("@")[2]
            conn = (http.client.HTTPSConnection(host) if scheme == "https"
                    else http.client.HTTPConnection(host))
            pool[(scheme, netloc)] = conn
            with self._lock:
                self._all.append(conn)
        timeout = max(0.001, deadline - time.monotonic())
        conn.timeout = timeout
        if conn.sock is not None:
            conn.sock.settimeout(timeout)
        return conn

    def _drop(self, conn: http.client.HTTPConnection) -> None:
        conn.close()  # the next request on this thread reconnects


def _join_query(existing: str, params: Iterable[tuple[str, str]]) -> str:
    extra = urlencode(list(params))
    return "&".join(part for part in (existing, extra) if part)


def _auth(parts: Any) -> dict[str, str]:
    """HTTP Basic credentials written in the URL (``http://user:password@host/…``)."""
    if parts.username is None:
        return {}
    pair = f"{unquote(parts.username)}:{unquote(parts.password or '')}".encode()
    return {"Authorization": "Basic " + base64.b64encode(pair).decode("ascii")}
