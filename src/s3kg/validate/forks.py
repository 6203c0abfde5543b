"""Work shared out among forked processes: the first part runs here, the others in children.

Forked children see the parent's memory (a data graph, a list of focus nodes) without copying
or pickling it; each sends back one picklable answer. A child dies with its parent (a stopped
validation must not check on for nobody); one that dies or fails makes the whole run fail
with a clear error, as one process would.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import sys
from collections.abc import Callable, Sequence
from multiprocessing.connection import Connection
from typing import Any, TypeVar

from s3kg.errors import InputError, S3kgError
from s3kg.heap import frozen_heap
from s3kg.vocab.rdf import quiet_literals

_PR_SET_PDEATHSIG = 1  # prctl option: the signal a process gets when its parent dies
Here = TypeVar("Here")
There = TypeVar("There")


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def run_forked(
    here: Callable[[], Here], there: Sequence[Callable[[], There]]
) -> tuple[Here, list[There]]:
    """Run ``here`` in this process while forked children run ``there``; all the answers."""
    context = multiprocessing.get_context("fork")
    children = []
    with frozen_heap():  # what the parent holds: walked by no process's collector
        for work in there:
            receive, send = context.Pipe(duplex=False)
            child = context.Process(target=_child, args=(send, os.getpid(), work), daemon=True)
            child.start()
            send.close()
            children.append((child, receive))
        try:
            mine = here()
            theirs = [_receive(child, receive) for child, receive in children]
        finally:
            for child, _ in children:
                if child.is_alive():
                    child.kill()
                child.join()
    return mine, theirs


def die_with_parent(parent: int) -> bool:
    """Ask Linux to kill this process when its parent dies; False if the parent, pid
    ``parent``, is already gone (the orphan then belongs to init or to a subreaper)."""
    if sys.platform == "linux":
        ctypes.CDLL(None).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
        return os.getppid() == parent
    return True


def _child(send: Connection, parent: int, work: Callable[[], Any]) -> None:
    if not die_with_parent(parent):
        return
    message: tuple[str, Any]
    try:
        message = ("ok", work())
    except S3kgError as err:
        message = ("input", str(err))
    except Exception as err:  # a bug: the parent raises it as one process would, not as input
        message = ("bug", f"{type(err).__name__}: {err}")
    send.send(message)
    send.close()


def _receive(child: Any, receive: Connection) -> Any:
    try:
        with quiet_literals():  # the child's findings are unpickled: rdflib warned there
            kind, answer = receive.recv()
    except (EOFError, OSError):  # died before or while sending: killed, out of memory
        child.join()
        raise S3kgError(
            f"a validating process stopped unexpectedly (exit code {child.exitcode}); "
            "run again with --jobs 1 to validate in one process"
        ) from None
    if kind == "input":
        raise InputError(str(answer))
    if kind == "bug":
        raise RuntimeError(f"validation failed in a child process: {answer}")
    return answer
