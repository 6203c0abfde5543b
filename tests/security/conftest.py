"""Fixtures for the security tests: a recording HTTP listener on 127.0.0.1 and fresh apps.

The listener stands in for any host a query could make the server call (SERVICE, LOAD,
remote FROM): a test passes only if it received exactly the requests it should, usually none.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from s3kg.config import ServerConfig, Settings
from s3kg.web import create_app
from web.conftest import SAMPLE, build_release

EMPTY_RESULTS = b'{"head":{"vars":[]},"results":{"bindings":[{}]}}'
TOKEN = "s3cr3t-token-for-tests"


@dataclass
class Listener:
    """What the listener at ``url`` was asked, as ``(method, path)`` pairs."""

    url: str
    requests: list[tuple[str, str]] = field(default_factory=list)


def _handler(record: list[tuple[str, str]]) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def _answer(self) -> None:
            record.append((self.command, self.path))
            length = int(self.headers.get("Content-Length") or 0)
            self.rfile.read(length)
            self.send_response(200)
            self.send_header("Content-Type", "application/sparql-results+json")
            self.send_header("Content-Length", str(len(EMPTY_RESULTS)))
            self.end_headers()
            self.wfile.write(EMPTY_RESULTS)

        do_GET = do_POST = do_HEAD = _answer  # noqa: N815

        def log_message(self, format: str, *args: Any) -> None:
            return None

    return Handler


@pytest.fixture
def listener() -> Iterator[Listener]:
    record: list[tuple[str, str]] = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(record))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield Listener(f"http://127.0.0.1:{server.server_address[1]}", record)
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def read_only_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    """One default (read-only, offline) app per module over the sample store."""
    release = build_release(tmp_path_factory.mktemp("ro"), "sample", SAMPLE)
    app = create_app(
        ServerConfig(
            store_path=release / "store", queries_dir=Settings().queries_dir, query_timeout=10.0
        )
    )
    yield app
    app.extensions["s3kg"].close()


@pytest.fixture
def fresh_app(tmp_path: Path) -> Iterator[Callable[..., Flask]]:
    """Apps over a private copy of the sample store (updates may write to it)."""
    apps: list[Flask] = []

    def factory(**overrides: Any) -> Flask:
        release = build_release(tmp_path / f"r{len(apps)}", "sample", SAMPLE)
        config = ServerConfig(
            store_path=release / "store",
            queries_dir=Settings().queries_dir,
            query_timeout=10.0,
            workers=1,
        )
        app = create_app(replace(config, **overrides), warm=False)
        apps.append(app)
        return app

    yield factory
    for app in apps:
        app.extensions["s3kg"].close()


@pytest.fixture(scope="module")
def real_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """``s3kg serve`` over the sample store on 127.0.0.1, for raw HTTP requests."""
    from load.conftest import load_bench

    release = build_release(tmp_path_factory.mktemp("served"), "served", SAMPLE)
    server = load_bench().ServerProcess(release / "store", "--log-level", "WARNING")
    yield server
    server.stop()
