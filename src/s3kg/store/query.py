"""The one query path: ``s3kg query``, ``s3kg tables``, ``/api/<name>`` and the pages all
prepare a query here and run it on a store backend with the server's time and result limits.

A query is *prepared* once: free text goes through the guard (updates, ``SERVICE``, ``LOAD``
and unknown ``FROM`` graphs refused under the policy), a named query file gets its ``#+``
parameters bound as typed terms with the defaults it declares.  It then runs as a
:class:`~s3kg.store.jobs.QueryJob` on a backend (the embedded store's killable worker
processes, or a remote SPARQL server), which enforces ``query_timeout`` and ``result_limit``.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from s3kg.config import ServerConfig, Settings
from s3kg.errors import InputError, S3kgError
from s3kg.sparql import guard
from s3kg.sparql import named as named_queries
from s3kg.sparql import results as res
from s3kg.store import jobs as st
from s3kg.store.backends import StoreBackend, is_remote, open_backend
from s3kg.vocab.prefixes import PREFIXES
from s3kg.vocab.render import short

FORMATS = ("table", "json", "csv", "tsv", "xml")
_MEDIA = {"json": res.JSON, "xml": res.XML, "csv": res.CSV, "tsv": res.TSV, "table": res.JSON}
_MAX_CELL = 60
READ_ONLY = guard.Policy(allow_update=False, allow_load=False, allow_service=frozenset())
_DECLARED = tuple(PREFIXES.items())


@dataclass(frozen=True)
class Prepared:
    """A query ready to run: its text and the typed values bound to its variables."""

    text: str
    substitutions: tuple[tuple[str, Any], ...] = ()
    union_default: bool = True
    prefixes: tuple[tuple[str, str], ...] = ()


def prepare_named(query: named_queries.NamedQuery, values: Mapping[str, str]) -> Prepared:
    """A named query with ``values`` bound, its declared defaults filling the rest."""
    bound = named_queries.bind(query, values)
    return Prepared(query.text, bound, union_default=not query.uses_dataset)


def prepare_text(text: str, policy: guard.Policy,
                 local_graphs: Callable[[], Collection[str]], *,
                 dataset_overridden: bool = False) -> Prepared:
    """Free SPARQL text, checked by the guard; the project's prefixes are declared for it
    (outside the text, so that the engine's error positions are those of the text).
    ``dataset_overridden``: the protocol names the dataset, replacing any ``FROM``."""
    inspection = _guard(text, policy, local_graphs, dataset_overridden)
    return Prepared(text, union_default=not inspection.has_dataset_clause,
                    prefixes=tuple(PREFIXES.items()))


def inspect_text(text: str) -> guard.Inspection:
    """What the guard sees in free text, with the project's prefixes declared (remembered
    for recent texts: a query sent again is not scanned again)."""
    return guard.inspect_cached(text, _DECLARED)


def _guard(text: str, policy: guard.Policy, local_graphs: Callable[[], Collection[str]],
           dataset_overridden: bool = False) -> guard.Inspection:
    inspection = inspect_text(text)
    if inspection.kind == "update":
        raise InputError("this is a SPARQL Update, not a query")
    needs_graphs = inspection.has_dataset_clause and not dataset_overridden
    graphs = local_graphs() if needs_graphs else ()
    guard.check(inspection, policy, graphs, dataset_overridden=dataset_overridden)
    return inspection


def run(backend: StoreBackend, prepared: Prepared, formats: st.Formats,
        config: ServerConfig) -> st.Answer:
    """Run ``prepared`` within ``config``'s time and result limits."""
    job = st.QueryJob(prepared.text, formats, config.result_limit,
                      union_default=prepared.union_default,
                      substitutions=prepared.substitutions, prefixes=prepared.prefixes)
    backend.follow()
    answer: st.Answer = backend.run(job, config.query_timeout)
    return answer


def read_query(query_or_file: str) -> str:
    """The query text: a path to a ``.rq`` file, ``-`` handled by the caller, or the text."""
    candidate = Path(query_or_file)
    if len(query_or_file) < 4096 and candidate.suffix in {".rq", ".sparql"}:
        if not candidate.is_file():
            raise InputError(f"query file not found: {candidate}")
        try:
            return candidate.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as err:
            raise InputError(f"cannot read the query file {candidate}: {err}") from err
    return query_or_file


def prepare_cli(query_or_file: str, text: str, params: Mapping[str, str],
                local_graphs: Callable[[], Collection[str]]) -> Prepared:
    """What ``s3kg query`` runs: a named query file with its parameters, or free text; both
    through the guard (a user's file is no more trusted than typed text)."""
    path = Path(query_or_file)
    if path.suffix in {".rq", ".sparql"} and path.is_file():
        if named_queries.read_header(text) or params:
            _guard(text, READ_ONLY, local_graphs)
            return prepare_named(named_queries.load_query(path, path.stem), params)
    elif params:
        raise InputError("--param needs a named query file (.rq with a #+ params header)")
    return prepare_text(text, READ_ONLY, local_graphs)


Preparer = Callable[[Callable[[], Collection[str]]], Prepared]


def query_store(location: str | Path, prepare: Preparer, fmt: str, config: ServerConfig,
                settings: Settings) -> bytes:
    """Open the backend at ``location``, prepare the query (given the store's graph names,
    for the guard's FROM check), run it and serialise the answer as ``fmt``."""
    if fmt not in FORMATS:
        raise InputError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if not is_remote(location) and not Path(location).is_dir():
        raise S3kgError("no built graph yet: run `s3kg build` first")
    backend = open_backend(location, local=settings.store_dir, workers=1, warm=False)
    try:
        prepared = prepare(lambda: backend.catalog(config.query_timeout).graphs)
        media = _MEDIA[fmt]
        boolean = media if media in res.BOOLEAN_TYPES else res.JSON
        answer = run(backend, prepared, st.Formats(media, boolean, "text/turtle"), config)
    finally:
        backend.close()
    if fmt != "table" or answer.media_type != res.JSON:
        return answer.body
    return render_answer(answer.body)


def render_answer(body: bytes) -> bytes:
    """SPARQL JSON results as the text table ``s3kg query`` prints."""
    parsed = ox.parse_query_results(io.BytesIO(body), format=ox.QueryResultsFormat.JSON)
    if isinstance(parsed, ox.QueryBoolean):
        return b"true\n" if bool(parsed) else b"false\n"
    return render_table(parsed).encode("utf-8")


def render_table(solutions: ox.QuerySolutions) -> str:
    """Aligned columns; IRIs in the project's prefixes, as they could be typed in a query."""
    names = [v.value for v in solutions.variables]
    rows = [[_cell(solution[name]) for name in names] for solution in solutions]
    widths = [max([len(n), *(len(r[i]) for r in rows)]) for i, n in enumerate(names)]
    line = "  ".join("-" * w for w in widths)
    out = ["  ".join(n.ljust(w) for n, w in zip(names, widths, strict=True)), line]
    out += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in rows]
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out) + "\n"


def _cell(term: object) -> str:
    text = " ".join(short(term).split())
    if isinstance(term, ox.Literal) and len(text) > _MAX_CELL:
        return text[: _MAX_CELL - 1] + "…"
    return text
