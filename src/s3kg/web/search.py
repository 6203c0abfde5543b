"""Finding things without SPARQL: ``/search`` (a results page) and ``/api/search`` (JSON for
the search box on every page).

Both read the release's label index (:mod:`s3kg.search`), which the build writes next to the
store.  A release without one (made before the index existed, or a bare store) gets it built
once, on first use, from its N-Quads or its store, and kept beside them — never a scan of
the labels per request.
"""

from __future__ import annotations

import logging
import tempfile
import threading
from collections import Counter
from collections.abc import Iterable
from hashlib import sha256
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from flask import Blueprint, Response, jsonify, request

from s3kg.config import GRAPH_FILE, SEARCH_FILE
from s3kg.errors import InputError, S3kgError
from s3kg.search.index import write_index
from s3kg.search.lookup import MAX_QUERY, Hit, search
from s3kg.web import current_backend, pages

blueprint = Blueprint("search", __name__, template_folder="templates")
log = logging.getLogger(__name__)
PAGE_SIZE = 20
MAX_SUGGESTIONS = 50
KIND_NAMES = {"cluster": "clusters", "organisation": "organisations", "place": "places",
              "sector": "sectors and products", "document": "documents",
              "concept": "classification codes", "ontology": "ontology terms", "other": "other"}
_BUILDING = threading.Lock()


class SearchUnavailableError(S3kgError):
    http_status = 503


@blueprint.route("/api/search")
def suggestions() -> Response:
    """Up to ``limit`` (default 8) entities for ``q``, best first, for the search box."""
    text = query_text(required=True)
    limit = int_arg("limit", 8, 1, MAX_SUGGESTIONS)
    hits = search(index_file(), text, kinds_arg())[:limit]
    response = jsonify({"query": text, "results": [as_json(hit) for hit in hits]})
    response.headers["Cache-Control"] = "no-store"  # a new build changes the answers
    return response


@blueprint.route("/search")
def results() -> Response:
    """The results page: ``q``, paged (``page``), narrowed to kinds (``type``), counted by kind."""
    text = query_text(required=False)
    number = int_arg("page", 1, 1, 10_000)
    chosen = kinds_arg()
    hits = search(index_file(), text) if text else []
    by_kind = Counter(hit.kind for hit in hits)
    shown = [hit for hit in hits if not chosen or hit.kind in chosen]
    start = (number - 1) * PAGE_SIZE
    return pages.page("search.html", q=text, hits=shown[start : start + PAGE_SIZE],
                      total=len(shown), page_number=number,
                      pages=max(1, -(-len(shown) // PAGE_SIZE)), chosen=chosen,
                      kinds=[(k, KIND_NAMES[k], by_kind[k]) for k in KIND_NAMES if by_kind[k]])


def as_json(hit: Hit) -> dict[str, Any]:
    return {"iri": hit.iri, "url": pages.href(hit.iri) or hit.iri, "label": hit.label,
            "class": hit.class_label, "kind": hit.kind, "matched": hit.matched,
            "approximate": hit.approximate}


def query_text(*, required: bool) -> str:
    text = request.args.get("q", "").strip()
    if required and not text:
        raise InputError("give the text to look for as q, e.g. /api/search?q=kaluga")
    if len(text) > MAX_QUERY:
        raise InputError(f"q is {len(text)} characters long; at most {MAX_QUERY} are searched")
    return text


def int_arg(name: str, default: int, low: int, high: int) -> int:
    """A whole-number parameter in ``low..high``; anything else is a 400 that says so."""
    raw = request.args.get(name, "").strip()
    if not raw:
        return default
    if not raw.isdigit() or not low <= int(raw) <= high:
        raise InputError(f"{name} must be a whole number from {low} to {high}, not {raw[:40]!r}")
    return int(raw)


def kinds_arg() -> frozenset[str]:
    chosen = frozenset(request.args.getlist("type"))
    unknown = sorted(chosen - set(KIND_NAMES))
    if unknown:
        raise InputError(f"unknown type {unknown[0][:40]!r}; choose among {', '.join(KIND_NAMES)}")
    return chosen


def index_file() -> Path:
    """The current release's label index, built now if the release has none."""
    store = current_backend().pool.follow()
    release = store.parent
    found = release / SEARCH_FILE
    if found.is_file():
        return found
    with _BUILDING:
        if found.is_file():
            return found
        return _build_missing(release, store)


def _build_missing(release: Path, store: Path) -> Path:
    if (release / GRAPH_FILE).is_file():
        quads: Iterable[ox.Quad] = ox.parse(path=str(release / GRAPH_FILE),
                                           format=ox.RdfFormat.N_QUADS)
    elif store.is_dir():
        quads = ox.Store.read_only(str(store)).quads_for_pattern(None, None, None, None)
    else:
        raise SearchUnavailableError("search needs the graph on this machine: the server reads "
                                     "a remote store and no local release is known")
    target = release / SEARCH_FILE
    if not _writable(release):  # a read-only release: keep the index in the temp folder
        digest = sha256(str(release.resolve()).encode()).hexdigest()[:16]
        target = Path(tempfile.gettempdir()) / f"s3kg-search-{digest}.sqlite"
    if not target.is_file():
        count = write_index(target, quads)
        log.info("search index of %s built on first use: %d entities", release.name, count)
    return target


def _writable(folder: Path) -> bool:
    try:
        with tempfile.TemporaryFile(dir=folder):
            return True
    except OSError:
        return False


blueprint.register_error_handler(S3kgError, pages.handle_error)
