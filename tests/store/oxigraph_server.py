"""Real Oxigraph servers on loopback for the tests, and the backend switch of the test run.

``S3KG_TEST_BACKEND`` picks where the store-touching web tests send their queries:
``embedded`` (the default: the Oxigraph store in worker processes) or ``oxigraph-server``
(each app gets its own ``oxigraph serve`` over a copy of its store, on 127.0.0.1, reached
through :class:`s3kg.store.remote.RemoteStore`).  ``scripts/test.sh`` runs both.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from s3kg.store.remote import RemoteStore

BACKENDS = ("embedded", "oxigraph-server")
BACKEND = os.environ.get("S3KG_TEST_BACKEND", "embedded")
if BACKEND not in BACKENDS:
    raise RuntimeError(f"S3KG_TEST_BACKEND must be one of {BACKENDS}, not {BACKEND!r}")


def oxigraph_command() -> str | None:
    """The ``oxigraph`` CLI (PyPI package ``oxigraph``), beside this Python or on PATH."""
    beside = Path(sys.executable).parent / "oxigraph"
    return str(beside) if beside.is_file() else shutil.which("oxigraph")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@dataclass
class OxigraphServer:
    """One ``oxigraph serve`` process; ``url`` is its SPARQL query endpoint."""

    process: subprocess.Popen[bytes]
    url: str
    location: Path
    owned: list[Path] = field(default_factory=list)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)
        for folder in self.owned:
            shutil.rmtree(folder, ignore_errors=True)


def start_oxigraph(location: Path, *, union: bool = False) -> OxigraphServer:
    """Start ``oxigraph serve`` over the store folder ``location`` and wait until it answers."""
    command = oxigraph_command()
    if command is None:
        raise RuntimeError("the oxigraph CLI is missing: pip install 'oxigraph>=0.5'")
    port = free_port()
    args = [command, "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"]
    process = subprocess.Popen([*args, *(["--union-default-graph"] if union else [])],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    server = OxigraphServer(process, f"http://127.0.0.1:{port}/query", location)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"oxigraph serve exited with {process.returncode}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=1):
                return server
        except urllib.error.HTTPError:
            return server  # it answers
        except OSError:
            time.sleep(0.05)
    server.stop()
    raise RuntimeError("oxigraph serve did not start within 30 s")


def serve_copy(store: Path, *, union: bool = False) -> OxigraphServer:
    """A server over a private copy of the store folder (the original stays readable)."""
    folder = Path(tempfile.mkdtemp(prefix="s3kg-oxigraph-"))
    shutil.copytree(store, folder / "store")
    server = start_oxigraph(folder / "store", union=union)
    server.owned.append(folder)
    return server


class ServedRemoteStore(RemoteStore):
    """A remote store that owns the test server behind it and stops it when closed."""

    def __init__(self, server: OxigraphServer, local: Path) -> None:
        remote = RemoteStore.from_url(server.url, local=local, environ={})
        super().__init__(remote.endpoints, local=local, union=remote.union)
        self.server = server

    def close(self) -> None:
        super().close()
        self.server.stop()
