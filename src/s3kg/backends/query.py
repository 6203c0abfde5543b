"""``s3kg query --store URL``: the same output as on the embedded store, from a remote one."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pyoxigraph as ox

from s3kg import sparql_results as res
from s3kg import store as st
from s3kg.backends import is_remote, rewrite
from s3kg.backends.remote import RemoteStore
from s3kg.errors import InputError
from s3kg.query import FORMATS, PREFIXES, render_table, run_on_store

_MEDIA = {"json": res.JSON, "xml": res.XML, "csv": res.CSV, "tsv": res.TSV}


def run_query(location: str, text: str, fmt: str = "table", timeout: float = 300.0) -> bytes:
    """Evaluate ``text`` on the store at ``location`` (a URL or a store folder)."""
    if fmt not in FORMATS:
        raise InputError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if not is_remote(location):
        return _run_local(Path(location), text, fmt)
    remote = RemoteStore.from_url(location)
    media = _MEDIA.get(fmt, res.JSON)
    job = st.QueryJob(
        rewrite.prologue(prefixes=PREFIXES) + text,
        st.Formats(tabular=media, boolean=media if media in res.BOOLEAN_TYPES else res.JSON),
        limit=sys.maxsize,
    )
    try:
        answer: st.Answer = remote.run(job, timeout)
    finally:
        remote.close()
    if fmt != "table" or answer.media_type != res.JSON:
        return answer.body
    parsed = ox.parse_query_results(io.BytesIO(answer.body), format=ox.QueryResultsFormat.JSON)
    if isinstance(parsed, ox.QueryBoolean):
        return b"true\n" if bool(parsed) else b"false\n"
    return render_table(parsed).encode("utf-8")


def _run_local(path: Path, text: str, fmt: str) -> bytes:
    """The embedded store at ``path`` (``s3kg query`` without --store reads var/current)."""
    return run_on_store(st.open_read_only(path), text, fmt)
