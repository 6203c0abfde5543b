"""Killable query evaluation: a small warm pool of worker processes over a read-only store.

Neither pyoxigraph nor rdflib can interrupt a running query, so each query runs in a worker
process that has opened the store read-only (``Store.read_only``).  The caller waits on the
worker's pipe until its deadline; if the answer is late the worker is killed, a fresh one is
started in the background, and :class:`QueryTimeoutError` is raised.  The answer is complete
when it arrives, so the web layer never sends a success status before an error.

The pool watches the store path: :meth:`WorkerPool.follow` re-resolves it (cheap: a few
``lstat`` calls) and, when the ``var/current`` symlink points at a new build, later queries go
to workers over the new store while queries already running finish on the old one.

Updates (only when enabled) run with the pool drained: the read-only workers are stopped, a
short-lived process opens the store read-write, and the workers restart afterwards, because
RocksDB does not allow readers while another process writes.

Each job runs in a thread with a large stack (:data:`JOB_STACK_BYTES`): the engine's parser
and optimiser recurse over the query, and very long queries would overflow the main thread's
stack and crash the process.  If a worker dies anyway, the caller gets
:class:`WorkerCrashedError` (HTTP 503 with a message) and the pool starts a fresh worker.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from s3kg import store as st
from s3kg.errors import InputError

_START_TIMEOUT = 30.0
JOB_STACK_BYTES = 256 * 1024 * 1024  # virtual; only the pages a deep query touches are used
# Engine errors caused by the query itself (e.g. an unknown custom function): a 400.
_UNSUPPORTED = re.compile(r"is not supported|is unbound")


class QueryTimeoutError(st.QueryError):
    http_status = 503


class ServerBusyError(st.QueryError):
    http_status = 503


class WorkerCrashedError(st.QueryError):
    http_status = 503


class UnsupportedQueryError(st.QueryError, InputError):
    http_status = 400


CRASH_MESSAGE = ("The query engine stopped while evaluating this query (a query this large or "
                 "complex can crash it); the server has recovered. Simplify the query.")


def main(argv: list[str]) -> None:
    """Worker process entry point: ``python -m s3kg.query_worker CONN_FD LIFELINE_FD PATH [rw]``."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides when a worker ends
    conn = Connection(int(argv[0]))
    lifeline = int(argv[1])
    threading.Thread(target=_die_with_parent, args=(lifeline,), daemon=True).start()
    _serve(conn, argv[2], writable=argv[3:] == ["rw"])


def _serve(conn: Connection, path: str, writable: bool) -> None:
    """Open the store, then answer jobs until the pipe closes."""
    try:
        db = st.open_writable(Path(path)) if writable else st.open_read_only(Path(path))
    except st.QueryError as err:
        conn.send(("error", "StoreUnavailableError", str(err)))
        return
    conn.send(("ready", None, None))
    threading.stack_size(JOB_STACK_BYTES)
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        replies: list[tuple[str, Any, Any]] = []
        runner = threading.Thread(target=_answer, args=(db, job, replies))
        runner.start()
        runner.join()
        conn.send(replies[0])


def _answer(db: Any, job: st.Job, replies: list[tuple[str, Any, Any]]) -> None:
    """Run one job; errors become a reply naming the error class and its message."""
    try:
        replies.append(("ok", st.execute(db, job), None))
        return
    except st.QueryError as err:
        name, message = type(err).__name__, str(err)
    except Exception as err:  # the engine's own errors become a 500 with its message
        name, message = "QueryError", f"Query evaluation failed: {err}"
    if name == "QueryError" and _UNSUPPORTED.search(message):
        name = UnsupportedQueryError.__name__
    replies.append(("error", name, message))


def _die_with_parent(lifeline: int) -> None:
    """Exit as soon as the parent's end of the lifeline closes (the parent died or let go)."""
    try:
        while os.read(lifeline, 1):
            pass
    except OSError:
        pass
    os._exit(0)


_ERRORS: dict[str, type[st.QueryError]] = {
    cls.__name__: cls
    for cls in (st.QueryError, st.QuerySyntaxError, st.ResultLimitError,
                st.NotAcceptableError, st.GraphNotFoundError, st.StoreUnavailableError,
                UnsupportedQueryError)
}


def timeout_message(seconds: float) -> str:
    return (f"Query timed out after {seconds:.3g} s and was stopped. Narrow it, add a LIMIT, "
            "or ask the operator for a longer --query-timeout.")


class Worker:
    """One worker process and the parent's ends of its pipes."""

    def __init__(self, path: Path, writable: bool = False) -> None:
        self.path = path
        parent_sock, child_sock = socket.socketpair()
        lifeline_read, self._lifeline = os.pipe()
        fds = (child_sock.fileno(), lifeline_read)
        command = [sys.executable, "-m", "s3kg.query_worker", *map(str, fds), str(path)]
        try:
            self.process = subprocess.Popen(
                [*command, "rw"] if writable else command, pass_fds=fds, stdin=subprocess.DEVNULL
            )
        except OSError:
            parent_sock.close()
            os.close(self._lifeline)
            raise
        finally:
            child_sock.close()
            os.close(lifeline_read)
        self.conn = Connection(parent_sock.detach())
        status, kind, detail = self._receive(_START_TIMEOUT, "starting a query worker")
        if status != "ready":
            self.stop()
            raise _ERRORS.get(str(kind), st.StoreUnavailableError)(str(detail))

    def run(self, job: st.Job, timeout: float) -> Any:
        try:
            self.conn.send(job)
        except OSError as err:
            self.kill()
            raise WorkerCrashedError(CRASH_MESSAGE) from err
        status, value, detail = self._receive(timeout, "running the query")
        if status == "error":
            raise _ERRORS.get(str(value), st.QueryError)(str(detail))
        return value

    def _receive(self, timeout: float, doing: str) -> tuple[str, Any, Any]:
        try:
            ready = self.conn.poll(timeout)
        except (EOFError, OSError):
            ready = True
        if not ready:
            self.kill()
            if doing != "running the query":
                raise st.StoreUnavailableError(f"timed out {doing} (after {timeout:g} s)")
            raise QueryTimeoutError(timeout_message(timeout))
        try:
            message: tuple[str, Any, Any] = self.conn.recv()
        except (EOFError, OSError) as err:
            self.kill()
            if doing == "running the query":
                raise WorkerCrashedError(CRASH_MESSAGE) from err
            raise st.StoreUnavailableError(f"the query worker died while {doing}") from err
        return message

    @property
    def alive(self) -> bool:
        return self.process.poll() is None

    def kill(self) -> None:
        self.process.kill()
        self.process.wait(5)
        self._close()

    def stop(self) -> None:
        """Ask the worker to finish (it exits when its pipe closes)."""
        self._close()
        try:
            self.process.wait(2)
        except subprocess.TimeoutExpired:
            self.kill()

    def _close(self) -> None:
        self.conn.close()
        if self._lifeline >= 0:
            os.close(self._lifeline)
            self._lifeline = -1


@dataclass
class _State:
    path: Path
    idle: list[Worker]
    busy: int = 0
    starting: int = 0
    exclusive: bool = False
    closed: bool = False


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
        """Re-resolve the store path; switch new work to a newly built store."""
        resolved = Path(os.path.realpath(self.store_path))
        if resolved != self._state.path:
            with self._cv:
                if resolved != self._state.path:
                    self._state.path = resolved
                    stale, self._state.idle = self._state.idle, []
                    self._cv.notify_all()
                    _in_background(lambda: _stop_all(stale))
                    _in_background(self._warm)
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


def _stop_all(workers: list[Worker]) -> None:
    for worker in workers:
        worker.stop()


def _in_background(action: Callable[[], object]) -> None:
    threading.Thread(target=action, daemon=True).start()


if __name__ == "__main__":
    main(sys.argv[1:])
