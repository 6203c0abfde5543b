"""Killable query evaluation: one worker process over a read-only store (the pool: ``pool.py``).

Neither pyoxigraph nor rdflib can interrupt a running query, so each query runs in a worker
process that has opened the store read-only (``Store.read_only``).  The caller waits on the
worker's pipe until its deadline; if the answer is late the worker is killed, a fresh one is
started in the background, and :class:`QueryTimeoutError` is raised.  The answer is complete
when it arrives, so the web layer never sends a success status before an error.

Jobs run on one evaluation thread with a large stack (:data:`JOB_STACK_BYTES`), started once
per worker: the engine's parser and optimiser recurse over the query, and very long queries
would overflow the main thread's stack and crash the process.  That thread reads each job from
the pipe, runs it and writes the reply, so a job costs no thread start and no hand-over
between threads.  If a worker dies anyway, the caller gets :class:`WorkerCrashedError` (HTTP
503 with a message) and the pool starts a fresh worker.

Framing: a job and a small reply header are pickled; the body of an :class:`~s3kg.store.jobs.
Answer` (the serialised result, up to the result limit) follows the header as raw bytes, so it
is neither pickled nor copied into a pickle stream.
"""

from __future__ import annotations

import math
import os
import pickle
import re
import select
import signal
import socket
import struct
import subprocess
import sys
import threading
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from s3kg.errors import InputError
from s3kg.store import jobs as st

_START_TIMEOUT = 30.0
JOB_STACK_BYTES = 256 * 1024 * 1024  # virtual; only the pages a deep query touches are used
# Engine errors caused by the query itself (e.g. an unknown custom function): a 400.
_UNSUPPORTED = re.compile(r"is not supported|is unbound")
_ANSWER = struct.Struct("!cQH")  # b"A", row or triple count, length of the media type


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
    """Worker process entry point: ``python -m s3kg.store.worker CONN_FD LIFELINE_FD PATH [rw]``."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides when a worker ends
    conn = Connection(int(argv[0]))
    lifeline = int(argv[1])
    threading.Thread(target=_die_with_parent, args=(lifeline,), daemon=True).start()
    evaluator = start_evaluator(conn, argv[2], writable=argv[3:] == ["rw"])
    evaluator.join()


def start_evaluator(conn: Connection, path: str, writable: bool) -> threading.Thread:
    """The worker's one evaluation thread, with the large stack: it serves ``conn``."""
    previous = threading.stack_size(JOB_STACK_BYTES)
    try:
        evaluator = threading.Thread(target=serve, args=(conn, path, writable),
                                     name="s3kg-evaluation")
        evaluator.start()
    finally:
        threading.stack_size(previous)
    return evaluator


def serve(conn: Connection, path: str, writable: bool) -> None:
    """Open the store, then answer jobs until the pipe closes (on the evaluation thread)."""
    try:
        db = st.open_writable(Path(path)) if writable else st.open_read_only(Path(path))
    except st.QueryError as err:
        conn.send_bytes(encode_reply(("error", "StoreUnavailableError", str(err))))
        return
    conn.send_bytes(encode_reply(("ready", None, None)))
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        conn.send_bytes(encode_reply(_answer(db, job)))


Reply = tuple[str, Any, Any]  # (status, value or error class name, detail)


def encode_reply(result: st.Answer | Reply) -> bytes:
    """One message per reply: an answer is a tiny header (``A``, count, media type) and its
    body as it is; anything else (catalogs, errors, ``ready``) is pickled after ``P``."""
    if isinstance(result, st.Answer):
        media = result.media_type.encode()
        return b"".join((_ANSWER.pack(b"A", result.count, len(media)), media, result.body))
    return b"P" + pickle.dumps(result, pickle.HIGHEST_PROTOCOL)


def decode_reply(data: bytes) -> st.Answer | Reply:
    if data[:1] != b"A":
        reply: Reply = pickle.loads(data[1:])
        return reply
    _, count, size = _ANSWER.unpack_from(data)
    start = _ANSWER.size + size
    return st.Answer(data[start:], data[_ANSWER.size:start].decode(), count)


def _answer(db: Any, job: st.Job) -> st.Answer | Reply:
    """Run one job: its answer, or a reply for other results and for errors (naming the
    error class and its message)."""
    try:
        result = st.execute(db, job)
        return result if isinstance(result, st.Answer) else ("ok", result, None)
    except st.QueryError as err:
        name, message = type(err).__name__, str(err)
    except Exception as err:  # the engine's own errors become a 500 with its message
        name, message = "QueryError", f"Query evaluation failed: {err}"
    if name == "QueryError" and _UNSUPPORTED.search(message):
        name = UnsupportedQueryError.__name__
    return ("error", name, message)


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
        command = [sys.executable, "-m", "s3kg.store.worker", *map(str, fds), str(path)]
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
        self._poller = select.poll()  # made once: waiting on it is one system call
        self._poller.register(self.conn.fileno(), select.POLLIN)
        reply = self._receive(_START_TIMEOUT, "starting a query worker")
        status, kind, detail = reply if isinstance(reply, tuple) else ("answer", None, None)
        if status != "ready":
            self.stop()
            raise _ERRORS.get(str(kind), st.StoreUnavailableError)(str(detail))

    def run(self, job: st.Job, timeout: float) -> Any:
        try:
            self.conn.send(job)
        except OSError as err:
            self.kill()
            raise WorkerCrashedError(CRASH_MESSAGE) from err
        reply = self._receive(timeout, "running the query")
        if isinstance(reply, st.Answer):
            return reply
        status, value, detail = reply
        if status == "error":
            raise _ERRORS.get(str(value), st.QueryError)(str(detail))
        return value

    def _receive(self, timeout: float, doing: str) -> st.Answer | Reply:
        try:
            ready = bool(self._poller.poll(max(0, math.ceil(timeout * 1000))))
        except (OSError, ValueError):
            ready = True  # a closed pipe: receiving says how
        if not ready:
            self.kill()
            if doing != "running the query":
                raise st.StoreUnavailableError(f"timed out {doing} (after {timeout:g} s)")
            raise QueryTimeoutError(timeout_message(timeout))
        try:
            return decode_reply(self.conn.recv_bytes())
        except (EOFError, OSError) as err:
            self.kill()
            if doing == "running the query":
                raise WorkerCrashedError(CRASH_MESSAGE) from err
            raise st.StoreUnavailableError(f"the query worker died while {doing}") from err

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


if __name__ == "__main__":
    main(sys.argv[1:])
