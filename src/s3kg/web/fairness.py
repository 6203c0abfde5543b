"""A per-client share of the query pool: no client address holds every query worker.

A runaway query holds its worker until the time limit, so a client sending a few of them at
once could take the whole pool and make everyone else's cheap queries wait.  Each client
address may have at most ``limit`` read jobs in the pool (running or waiting for a worker);
one more is refused at once with 429 and ``Retry-After``, which costs the server nothing.
Updates (token holders only) and the cached catalog are not counted.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from flask import has_request_context, request

from s3kg.store import jobs as st
from s3kg.store.backends import StoreBackend

# Seconds a refused client is asked to wait: long enough for its cheap queries to have
# finished, short enough not to matter to a person retrying by hand.
RETRY_AFTER_S = 5


class TooManyQueriesError(st.QueryError):
    http_status = 429
    retry_after = RETRY_AFTER_S


def request_client() -> str | None:
    """The address of the client of the current request (None outside one: not limited).

    Behind a trusted reverse proxy the HTTP server has already put the forwarded address in
    ``REMOTE_ADDR`` (``s3kg serve --trusted-proxy``)."""
    return request.remote_addr if has_request_context() else None


class ClientSlots:
    """How many jobs each client address has in the pool; at most ``limit`` each."""

    def __init__(self, limit: int) -> None:
        self.limit = max(1, limit)
        self._held: Counter[str] = Counter()
        self._lock = threading.Lock()

    @contextmanager
    def slot(self, client: str) -> Iterator[None]:
        with self._lock:
            if self._held[client] >= self.limit:
                raise TooManyQueriesError(
                    f"Too many queries at once from {client}: at most {self.limit} may run or "
                    f"wait at a time on this server. Retry after {RETRY_AFTER_S} s, when one "
                    "of them has finished.")
            self._held[client] += 1
        try:
            yield
        finally:
            with self._lock:
                self._held[client] -= 1
                if self._held[client] <= 0:
                    del self._held[client]  # the table holds only clients with work in flight

    def held(self, client: str) -> int:
        with self._lock:
            return self._held[client]


class PerClientBackend:
    """A :class:`~s3kg.store.backends.StoreBackend` that counts each client's read jobs."""

    def __init__(self, inner: StoreBackend, limit: int,
                 client: Callable[[], str | None] = request_client) -> None:
        self.inner = inner
        self.slots = ClientSlots(limit)
        self._client = client

    def follow(self) -> Path:
        return self.inner.follow()

    def run(self, job: st.Job, timeout: float) -> Any:
        address = self._client()
        if address is None:
            return self.inner.run(job, timeout)
        with self.slots.slot(address):
            return self.inner.run(job, timeout)

    def run_exclusive(self, job: st.Job, timeout: float) -> Any:
        return self.inner.run_exclusive(job, timeout)

    def catalog(self, timeout: float) -> st.Catalog:
        return self.inner.catalog(timeout)

    def close(self) -> None:
        self.inner.close()
