"""Writing files other processes read: an advisory lock per folder, atomic replacement."""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from s3kg.errors import InputError

LOCK = ".lock"


@contextmanager
def locked(folder: Path, what: str = "folder") -> Iterator[None]:
    """Hold an advisory lock on ``folder/.lock`` (made if missing) for one writer at a time."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle = (folder / LOCK).open("a")
    except OSError as err:
        raise InputError(f"the {what} {folder} is not a usable folder: {err}") from err
    with handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def write_atomically(path: Path, text: str) -> None:
    """Replace ``path`` in one rename: a reader sees the old file or the new, never half."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)
