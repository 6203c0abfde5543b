"""A small warm pool of query workers over the store of the current release.

The pool watches the store path: :meth:`WorkerPool.follow` re-resolves it (cheap: a few
``lstat`` calls) and, when the ``var/current`` symlink points at a new build, later queries go
to workers over the new store while queries already running finish on the old one.

Updates (only when enabled) run with the pool drained: the read-only workers are stopped, a
short-lived process opens the store read-write, and the workers restart afterwards, because
RocksDB does not allow readers while another process writes.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from s3kg.store import jobs as st
from s3kg.store.worker import QueryTimeoutError, ServerBusyError, Worker, timeout_message


@dataclass
class _State:
    path: Path
    idle: list[Worker]
    busy: int = 0
    starting: int = 0
    exclusive: bool = False
    closed: bool = False
    identity: tuple[int, int, int] | None = None  # of the folder at ``path`` (``follow``)


class WorkerPool:
    """Up to ``size`` workers over the store at ``store_path`` (re-resolved by :meth:`follow`)."""

    def __init__(self, store_path: Path, size: int = 2, *, warm: bool = True) -> None:
        self.store_path = store_path
        self.size = max(1, size)
        self._state = _State(Path(os.path.realpath(store_path)), [])
        self._cv = threading.Condition()
        self._catalog: tuple[Path, st.Catalog] | None = None
        if warm:
            threading.Thread(target=self._warm, daemon=True).start()

    def follow(self) -> Path:
        """Re-resolve the store path; switch new work to a newly built store.

        One ``stat`` tells whether the path still leads to the folder in use (same device,
        inode and change time); only then is the path resolved again, component by component.
        """
        state = self._state
        if state.identity is not None and _identity(self.store_path) == state.identity:
            return state.path
        resolved = Path(os.path.realpath(self.store_path))
        with self._cv:
            if resolved != self._state.path:
                self._state.path = resolved
                stale, self._state.idle = self._state.idle, []
                self._cv.notify_all()
                _in_background(lambda: _stop_all(stale))
                _in_background(self._warm)
            self._state.identity = _identity(resolved)
        return resolved

    def run(self, job: st.Job, timeout: float) -> Any:
        """Run ``job`` on a worker; the whole wait, queueing included, is bounded by timeout."""
        deadline = time.monotonic() + timeout
        worker = self._acquire(deadline)
        try:
            return worker.run(job, max(0.001, deadline - time.monotonic()))
        except QueryTimeoutError:
            raise QueryTimeoutError(timeout_message(timeout)) from None
        finally:
            self._release(worker)

    def catalog(self, timeout: float) -> st.Catalog:
        """Graph names and quad count of the current store, cached per store."""
        path = self.follow()
        cached = self._catalog
        if cached is not None and cached[0] == path:
            return cached[1]
        result: st.Catalog = self.run(st.CatalogJob(), timeout)
        self._catalog = (path, result)
        return result

    def run_exclusive(self, job: st.Job, timeout: float) -> Any:
        """Run a write ``job`` with no reader open: drain, write in a fresh process, restart."""
        deadline = time.monotonic() + timeout
        with self._cv:
            if not self._cv.wait_for(lambda: not self._state.exclusive, timeout):
                raise ServerBusyError("Another update is running; try again shortly.")
            self._state.exclusive = True
            drained = self._cv.wait_for(lambda: self._state.busy == self._state.starting == 0,
                                        max(0.0, deadline - time.monotonic()))
            stale, self._state.idle = self._state.idle, []
        try:
            for worker in stale:
                worker.stop()
            if not drained:
                raise ServerBusyError("The server is too busy to apply an update now.")
            writer = Worker(self._state.path, writable=True)
            try:
                return writer.run(job, max(0.001, deadline - time.monotonic()))
            finally:
                writer.stop()
        finally:
            with self._cv:
                self._state.exclusive = False
                self._catalog = None
                self._cv.notify_all()
            _in_background(self._warm)

    def close(self) -> None:
        with self._cv:
            self._state.closed = True
            idle, self._state.idle = self._state.idle, []
            self._cv.notify_all()
        for worker in idle:
            worker.stop()

    def _acquire(self, deadline: float) -> Worker:
        with self._cv:
            while True:
                state = self._state
                if state.closed:
                    raise st.StoreUnavailableError("The server is shutting down.")
                if not state.exclusive and state.idle:
                    worker = state.idle.pop()
                    if not worker.alive:
                        _in_background(worker.kill)
                        continue
                    state.busy += 1
                    return worker
                if not state.exclusive and state.busy + state.starting < self.size:
                    state.starting += 1
                    path = state.path
                    break
                remaining = deadline - time.monotonic()
                if remaining <= 0 or not self._cv.wait(remaining):
                    raise ServerBusyError(
                        "All query workers stayed busy until this query's time limit."
                    )
        return self._start(path, busy=True)

    def _start(self, path: Path, busy: bool) -> Worker:
        try:
            worker = Worker(path)
        except BaseException:
            with self._cv:
                self._state.starting -= 1
                self._cv.notify_all()
            raise
        with self._cv:
            self._state.starting -= 1
            self._state.busy += busy
            self._cv.notify_all()
        return worker

    def _release(self, worker: Worker) -> None:
        """Return a worker after a job; errors it reported leave it usable, a kill does not."""
        with self._cv:
            self._state.busy -= 1
            keep = (worker.alive and worker.path == self._state.path
                    and not self._state.closed and not self._state.exclusive)
            if keep:
                self._state.idle.append(worker)
            self._cv.notify_all()
        if not keep:
            _in_background(worker.stop if worker.alive else worker.kill)
            if not self._state.closed:
                _in_background(self._warm)

    def _warm(self) -> None:
        """Start workers until the pool is full (errors wait for the next query to show)."""
        while True:
            with self._cv:
                state = self._state
                total = len(state.idle) + state.busy + state.starting
                if state.closed or state.exclusive or total >= self.size:
                    return
                state.starting += 1
                path = state.path
            try:
                worker = self._start(path, busy=False)
            except Exception:
                return
            with self._cv:
                if self._state.closed or worker.path != self._state.path:
                    _in_background(worker.stop)
                    return
                self._state.idle.append(worker)
                self._cv.notify_all()


def _identity(path: Path) -> tuple[int, int, int] | None:
    """The folder ``path`` leads to, as (device, inode, change time); None if there is none."""
    try:
        found = os.stat(path)
    except OSError:
        return None
    return found.st_dev, found.st_ino, found.st_ctime_ns


def _stop_all(workers: list[Worker]) -> None:
    for worker in workers:
        worker.stop()


def _in_background(action: Callable[[], object]) -> None:
    threading.Thread(target=action, daemon=True).start()
