"""The HTTP side of ``s3kg serve``: waitress, which reads whole requests before any thread.

Why waitress: its event loop (one thread, ``poll``) reads every connection's request line,
headers and body into a buffer, and only a complete request is handed to one of the
``--threads`` application threads.  A client that sends its headers a byte at a time
(slowloris) or never finishes its body costs a file descriptor and a few bytes, not a thread,
so it cannot stop the server from answering others.  gunicorn's threaded worker reads the
headers in the application thread with no deadline, so as many slow clients as threads
stalled it; its async workers (gevent, eventlet) monkey-patch ``threading``, ``select`` and
``subprocess``, on which the killable query workers (:mod:`s3kg.store.worker`) rely.

Limits here: the request line (8190 B, else 414), one header (8190 B) and the number of
headers (100) as gunicorn had them, the whole head (32 KiB) and the body
(``--max-request-bytes``), both enforced by waitress while it buffers, else 431 / 413; a
connection that sends nothing for :data:`IDLE_TIMEOUT_S` is closed.

Signals: SIGTERM or SIGINT stop accepting connections, let the requests in flight finish
and their answers go out (up to ``graceful_timeout`` seconds), then return; SIGHUP calls
``on_hup`` (the server re-reads its named queries).
"""

from __future__ import annotations

import logging
import resource
import signal
import threading
import time
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from waitress import wasyncore
from waitress.channel import HTTPChannel
from waitress.server import BaseWSGIServer, create_server

from s3kg.config import RunOptions

if TYPE_CHECKING:
    from wsgiref.types import StartResponse, WSGIApplication, WSGIEnvironment

log = logging.getLogger(__name__)

MAX_REQUEST_LINE = 8190
MAX_HEADER_FIELD = 8190
MAX_HEADER_FIELDS = 100
MAX_HEAD_BYTES = 32 * 1024  # request line and headers; bounds each slow client's buffer
IDLE_TIMEOUT_S = 30  # a connection silent this long is closed (idle keep-alive, stalled send)
CLEANUP_INTERVAL_S = 5  # how often waitress looks for such connections
LOOP_TIMEOUT_S = 0.5  # longest wait of the event loop: how soon a stop signal is acted on


def adjustments(options: RunOptions, max_body: int) -> dict[str, Any]:
    """waitress settings for ``options``; ``max_body`` is the largest request body (413)."""
    settings: dict[str, Any] = {
        "host": options.host,
        "port": options.port,
        "threads": options.threads,
        "connection_limit": options.max_connections,
        "channel_timeout": IDLE_TIMEOUT_S,
        "cleanup_interval": CLEANUP_INTERVAL_S,
        "max_request_header_size": MAX_HEAD_BYTES,
        "max_request_body_size": max_body,
        "asyncore_use_poll": True,  # select() cannot watch descriptors above 1023
        "ident": "s3kg",
        "clear_untrusted_proxy_headers": True,
    }
    if options.trusted_proxy:
        settings.update(trusted_proxy=options.trusted_proxy, trusted_proxy_count=1,
                        trusted_proxy_headers={"x-forwarded-for"})
    return settings


def limit_request_head(app: WSGIApplication) -> WSGIApplication:
    """Refuse request lines and headers above gunicorn's limits, which waitress lacks (it
    bounds only the whole head); the documented limits and their statuses stay the same."""

    def bounded(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        problem = _head_problem(environ)
        if problem is None:
            return app(environ, start_response)
        status, message = problem
        body = f"{status}: {message}\n".encode()
        start_response(status, [("Content-Type", "text/plain; charset=utf-8"),
                                ("Content-Length", str(len(body))),
                                ("X-Content-Type-Options", "nosniff"),
                                ("Cache-Control", "no-store")])
        return [body]

    return bounded


def _head_problem(environ: WSGIEnvironment) -> tuple[str, str] | None:
    uri = str(environ.get("REQUEST_URI", ""))
    if len(uri) > MAX_REQUEST_LINE:
        return "414 URI Too Long", f"the request line is over {MAX_REQUEST_LINE} bytes"
    fields = [(key, str(value)) for key, value in environ.items()
              if key.startswith("HTTP_") or key in ("CONTENT_TYPE", "CONTENT_LENGTH")]
    if len(fields) > MAX_HEADER_FIELDS:
        return ("431 Request Header Fields Too Large",
                f"more than {MAX_HEADER_FIELDS} header fields")
    if any(len(key) + len(value) > MAX_HEADER_FIELD for key, value in fields):
        return ("431 Request Header Fields Too Large",
                f"a header field is over {MAX_HEADER_FIELD} bytes")
    return None


def raise_file_limit(connections: int) -> None:
    """Let this process open enough descriptors for ``connections`` (each is one, and one
    more while a large body or answer is spooled to a file), as far as the hard limit allows."""
    wanted = 2 * connections + 64  # plus the listener, the query workers' pipes, logs
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
    if soft != resource.RLIM_INFINITY and soft < target:
        resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))


def run_http(app: WSGIApplication, options: RunOptions, *, max_body: int,
             graceful_timeout: float, on_hup: Callable[[], None]) -> None:
    """Serve ``app`` until SIGTERM or SIGINT, then stop gracefully (module docstring)."""
    raise_file_limit(options.max_connections)
    channels: dict[int, Any] = {}
    server = create_server(limit_request_head(app), map=channels,
                           **adjustments(options, max_body))
    stop = threading.Event()
    _install_signal_handlers(stop, on_hup)
    log.info("s3kg serve: listening on http://%s:%s", options.host, options.port)
    try:
        while not stop.is_set():
            wasyncore.loop(timeout=LOOP_TIMEOUT_S, map=channels, use_poll=True, count=1)
        log.info("s3kg serve: stopping; finishing the requests in flight")
        _drain(channels, graceful_timeout)
    finally:
        server.task_dispatcher.shutdown(cancel_pending=True, timeout=1)
        wasyncore.close_all(channels)


def _install_signal_handlers(stop: threading.Event, on_hup: Callable[[], None]) -> None:
    def request_stop(_signum: int, _frame: Any) -> None:
        stop.set()  # the loop notices within LOOP_TIMEOUT_S

    def reload(_signum: int, _frame: Any) -> None:
        threading.Thread(target=_safely, args=(on_hup,), daemon=True).start()

    signal.signal(signal.SIGTERM, request_stop)
    signal.signal(signal.SIGINT, request_stop)
    signal.signal(signal.SIGHUP, reload)


def _safely(action: Callable[[], None]) -> None:
    try:
        action()
    except Exception:
        log.exception("s3kg serve: SIGHUP handling failed")


def _drain(channels: dict[int, Any], seconds: float) -> None:
    """Close the listeners, then run the loop until no request is in flight and every answer
    is sent (or ``seconds`` pass); idle and half-sent connections are closed meanwhile."""
    for listener in [c for c in channels.values() if isinstance(c, BaseWSGIServer)]:
        # The base close: BaseWSGIServer.close would also close the trigger that the
        # application threads use to wake the loop when their answers are ready.
        wasyncore.dispatcher.close(listener)
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        busy = False
        for channel in list(channels.values()):
            if not isinstance(channel, HTTPChannel):
                continue
            if channel.requests or channel.total_outbufs_len:
                busy = True
            else:
                channel.will_close = True  # nothing is owed to it
        if not busy:
            return
        wasyncore.loop(timeout=0.2, map=channels, use_poll=True, count=1)
    log.warning("s3kg serve: requests still in flight after %.0f s; stopping", seconds)
