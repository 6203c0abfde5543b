"""``s3kg query``: run SPARQL on the embedded store of the current release."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from s3kg import named_queries
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


def run_query(
    query: str,
    fmt: str = "table",
    settings: Settings | None = None,
    substitutions: Mapping[ox.Variable, Any] | None = None,
) -> bytes:
    """Evaluate ``query`` over the union of all graphs of the current build."""
    return run_on_store(open_store(settings or Settings()), query, fmt, substitutions)


def run_on_store(
    store: ox.Store,
    query: str,
    fmt: str = "table",
    substitutions: Mapping[ox.Variable, Any] | None = None,
) -> bytes:
    """Evaluate ``query`` on ``store`` and serialise the answer; engine errors are InputErrors."""
    if fmt not in FORMATS:
        raise InputError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    try:
        result = store.query(
            query,
            use_default_graph_as_union=True,
            prefixes=PREFIXES,
            substitutions=dict(substitutions or {}),
        )
        return _serialise(result, fmt)
    except SyntaxError as err:
        raise InputError(f"malformed SPARQL query: {err}") from err
    except (RuntimeError, OSError, ValueError) as err:  # unsupported function, SERVICE, ...
        raise InputError(f"the query failed: {err}") from err


def bind_parameters(path: Path, values: Mapping[str, str]) -> dict[ox.Variable, Any]:
    """Typed substitutions for the ``#+ params`` of a named query file (``--param``)."""
    query = named_queries.load_query(path, path.stem)
    return {ox.Variable(name): term for name, term in named_queries.bind(query, values)}


def _serialise(result: Any, fmt: str) -> bytes:
    if isinstance(result, ox.QueryTriples):  # CONSTRUCT/DESCRIBE: always Turtle
        return result.serialize(format=ox.RdfFormat.TURTLE) or b""
    if fmt == "table":
        if isinstance(result, ox.QueryBoolean):
            return b"true\n" if bool(result) else b"false\n"
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
