"""``s3kg query``: run SPARQL on the embedded store of the current release."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from s3kg.config import Settings
from s3kg.errors import InputError, S3kgError
from s3kg.namespaces import ID
from s3kg.namespaces import PREFIXES as _NAMESPACES

# Every prefix the project knows, and id: for data IRIs (as in the README examples).
PREFIXES = {"id": str(ID), **_NAMESPACES}
RESULT_FORMATS = {
    "json": ox.QueryResultsFormat.JSON,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
    "xml": ox.QueryResultsFormat.XML,
}
FORMATS = (*RESULT_FORMATS, "table")


def read_query(query_or_file: str) -> str:
    """The query text: a path to a ``.rq`` file, ``-`` handled by the caller, or the text."""
    candidate = Path(query_or_file)
    if len(query_or_file) < 4096 and candidate.suffix in {".rq", ".sparql"}:
        if not candidate.is_file():
            raise InputError(f"query file not found: {candidate}")
        return candidate.read_text(encoding="utf-8")
    return query_or_file


def open_store(settings: Settings) -> ox.Store:
    if not settings.store_dir.is_dir():
        raise S3kgError("no built graph yet: run `s3kg build` first")
    return ox.Store.read_only(str(settings.store_dir))


def run_query(query: str, fmt: str = "table", settings: Settings | None = None) -> bytes:
    """Evaluate ``query`` over the union of all graphs and serialise the answer."""
    if fmt not in FORMATS:
        raise InputError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    store = open_store(settings or Settings())
    try:
        result = store.query(query, use_default_graph_as_union=True, prefixes=PREFIXES)
    except SyntaxError as err:
        raise InputError(f"malformed SPARQL query: {err}") from err
    if isinstance(result, ox.QueryTriples):
        return result.serialize(format=ox.RdfFormat.TURTLE) or b""
    if isinstance(result, ox.QueryBoolean):
        if fmt == "table":
            return (b"true" if bool(result) else b"false") + b"\n"
        return result.serialize(format=RESULT_FORMATS[fmt]) or b""
    if fmt == "table":
        return render_table(result).encode("utf-8")
    return result.serialize(format=RESULT_FORMATS[fmt]) or b""


_MAX_CELL = 60


def _cell(term: object) -> str:
    text = " ".join(_term_text(term).split())
    return text if len(text) <= _MAX_CELL else text[: _MAX_CELL - 1] + "…"


def _term_text(term: object) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        value = term.value
        for prefix, ns in PREFIXES.items():
            if value.startswith(ns):
                return f"{prefix}:{value[len(ns) :]}"
        return f"<{value}>"
    if isinstance(term, ox.Literal):
        return term.value
    return str(term)


def render_table(solutions: ox.QuerySolutions) -> str:
    names = [v.value for v in solutions.variables]
    rows = [[_cell(solution[name]) for name in names] for solution in solutions]
    widths = [max([len(n), *(len(r[i]) for r in rows)]) for i, n in enumerate(names)]
    line = "  ".join("-" * w for w in widths)
    out = ["  ".join(n.ljust(w) for n, w in zip(names, widths, strict=True)), line]
    out += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in rows]
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out) + "\n"
