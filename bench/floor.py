"""The floor of a Python query path: ``python bench/floor.py STORE PORT [waitress|granian]``.

A bare WSGI application on the HTTP server named: it answers ``/sparql`` (``query=`` in the
URL or a form) by evaluating the query in its own process, on the store opened read-only,
with the union default graph and the project's prefixes, as SPARQL JSON. Nothing else: no
guard, no time or result limit, no killable worker process, no content negotiation, no
logging. It is about the least a Python front end over pyoxigraph costs, so
``bench/querypath.py --floor`` can show how much of ``s3kg serve``'s distance to ``oxigraph
serve`` is the Python front end itself rather than what s3kg adds.
SELECT and ASK only (SPARQL JSON), on 8 threads. Never a server to deploy: one runaway
query holds it.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import pyoxigraph as ox

from s3kg.vocab.prefixes import PREFIXES

_PREFIXES = {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}


def application(store: ox.Store) -> Any:
    def answer(environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        fields = environ.get("QUERY_STRING", "")
        if environ["REQUEST_METHOD"] == "POST":  # form-encoded, as bench/peers.py sends
            fields = environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0)).decode()
        text = parse_qs(fields).get("query", ["ASK {}"])[0]
        result = store.query(text, prefixes=_PREFIXES, use_default_graph_as_union=True)
        body = result.serialize(format=ox.QueryResultsFormat.JSON) or b""
        start_response("200 OK", [("Content-Type", "application/sparql-results+json"),
                                  ("Content-Length", str(len(body)))])
        return [body]

    return answer


def make() -> Any:
    """The application over the store named by ``S3KG_FLOOR_STORE`` (granian's factory)."""
    return application(ox.Store.read_only(os.environ["S3KG_FLOOR_STORE"]))


def main(argv: list[str]) -> None:
    os.environ["S3KG_FLOOR_STORE"], port = argv[0], int(argv[1])
    if (argv[2:] or ["waitress"])[0] == "granian":  # optional: not an s3kg dependency
        from granian import Granian
        from granian.constants import Interfaces

        sys.path.insert(0, str(Path(__file__).resolve().parent))
        Granian("floor:make", address="127.0.0.1", port=port, interface=Interfaces.WSGI,
                workers=1, factory=True).serve()
    else:
        from waitress import serve

        serve(make(), host="127.0.0.1", port=port, threads=8, _quiet=True)


if __name__ == "__main__":
    main(sys.argv[1:])
