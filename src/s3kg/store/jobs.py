"""The Oxigraph store: opening it, describing it, and evaluating one job against it.

Everything here runs in-process and has no time limit; :mod:`s3kg.store.worker` calls
:func:`execute` inside worker processes that it can kill.  Jobs and their results are plain
picklable values so they cross a process boundary unchanged.

Result-size limits are enforced while the results are read, before anything is answered: a
result set above the limit raises :class:`ResultLimitError` and nothing partial is returned
(solutions are counted as pyoxigraph writes them, :mod:`s3kg.sparql.results`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from s3kg.errors import InputError, S3kgError
from s3kg.sparql import results
from s3kg.sparql.syntax import explain
from s3kg.vocab.prefixes import PREFIXES

# RDF media types the server can write, keyed by media type.
RDF_FORMATS: dict[str, Any] = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/trig": ox.RdfFormat.TRIG,
    "application/n-quads": ox.RdfFormat.N_QUADS,
    "text/n3": ox.RdfFormat.N3,
}
QUAD_FORMATS = frozenset({"application/trig", "application/n-quads"})


class QueryError(S3kgError):
    """A query the store could not answer; ``http_status`` tells the web layer what to send."""

    http_status = 500


class QuerySyntaxError(QueryError, InputError):
    http_status = 400


class ResultLimitError(QueryError, InputError):
    http_status = 422


class NotAcceptableError(QueryError, InputError):
    http_status = 406


class GraphNotFoundError(QueryError, InputError):
    http_status = 404


class StoreUnavailableError(QueryError):
    http_status = 503


@dataclass(frozen=True)
class Formats:
    """The media type chosen for each kind of result; ``None`` means none was acceptable."""

    tabular: str | None = results.JSON
    boolean: str | None = results.JSON
    graph: str | None = "text/turtle"


@dataclass(frozen=True)
class QueryJob:
    text: str
    formats: Formats = field(default_factory=Formats)
    limit: int = 10_000
    base_iri: str | None = None
    default_graphs: tuple[str, ...] | None = None  # None: union of all graphs (or FROM)
    named_graphs: tuple[str, ...] | None = None
    union_default: bool = True
    substitutions: tuple[tuple[str, Any], ...] = ()  # (variable name, pyoxigraph term)
    prefixes: tuple[tuple[str, str], ...] = ()  # declared for the query, as if in its prologue


@dataclass(frozen=True)
class GraphJob:
    """Graph Store Protocol read: one named graph, or the default graph when ``graph`` is None."""

    graph: str | None
    media_type: str = "text/turtle"
    limit: int = 10_000


@dataclass(frozen=True)
class UpdateJob:
    text: str
    base_iri: str | None = None


@dataclass(frozen=True)
class CatalogJob:
    """Ask for the graph names and the quad count."""


@dataclass(frozen=True)
class Answer:
    body: bytes
    media_type: str
    count: int


@dataclass(frozen=True)
class Catalog:
    graphs: tuple[str, ...]
    quads: int


Job = QueryJob | GraphJob | UpdateJob | CatalogJob


def open_read_only(path: Path) -> Any:
    """Open the store at ``path`` for reading; a clear error if there is none."""
    if not path.is_dir():
        raise StoreUnavailableError(f"no store at {path}: build the graph first (s3kg build)")
    try:
        return ox.Store.read_only(str(path))
    except OSError as err:
        raise StoreUnavailableError(f"cannot open the store at {path}: {err}") from err


def open_writable(path: Path) -> Any:
    """Open (or create) the store at ``path`` for writing; only one process may do so."""
    try:
        return ox.Store(str(path))
    except OSError as err:
        raise StoreUnavailableError(f"cannot open the store at {path} for writing: {err}") from err


def create_store(path: Path, sources: Iterable[tuple[Path, str | None]]) -> None:
    """Create a store at ``path`` from RDF files; each triples file goes to the given graph.

    Quad formats (TriG, N-Quads) keep their own graph names.  Used for test fixtures and tools.
    """
    store = ox.Store(str(path))
    for source, graph in sources:
        fmt = ox.RdfFormat.from_extension(source.suffix.lstrip("."))
        if fmt is None:
            raise InputError(f"{source}: unknown RDF file extension")
        target = ox.NamedNode(graph) if graph and not fmt.supports_datasets else None
        store.bulk_load(path=str(source), format=fmt, to_graph=target)
    store.flush()
    del store


def read_build_id(store_path: Path) -> str | None:
    """The build id recorded beside the store (``build.json``), else the release folder name."""
    release = store_path.resolve().parent
    manifest = release / "build.json"
    if manifest.is_file():
        try:
            data = json.loads(manifest.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            data = {}
        for key in ("build_id", "id"):
            if isinstance(data, dict) and isinstance(data.get(key), str):
                return str(data[key])
    return release.name or None


def execute(store: Any, job: Job) -> Answer | Catalog | None:
    """Run one job against an open store."""
    if isinstance(job, QueryJob):
        return _run_query(store, job)
    if isinstance(job, GraphJob):
        return _read_graph(store, job)
    if isinstance(job, UpdateJob):
        try:
            store.update(job.text, base_iri=job.base_iri)
        except SyntaxError as err:
            raise QuerySyntaxError(f"Malformed update: {explain(job.text, str(err))}") from err
        store.flush()
        return None
    graphs = tuple(sorted(g.value for g in store.named_graphs() if isinstance(g, ox.NamedNode)))
    return Catalog(graphs, len(store))


def _run_query(store: Any, job: QueryJob) -> Answer:
    try:
        outcome = store.query(job.text, **_query_options(job))
    except SyntaxError as err:
        raise QuerySyntaxError(f"Malformed query: {explain(job.text, str(err))}") from err
    except RuntimeError as err:
        raise QueryError(f"Query failed: {err}") from err
    return answer(outcome, job)


def answer(outcome: Any, job: QueryJob) -> Answer:
    """Serialise a query outcome (boolean, solutions or triples) as ``job`` asks, within its
    limit; shared by the embedded store and the remote backends."""
    if isinstance(outcome, ox.QueryBoolean):
        media = _acceptable(job.formats.boolean, "boolean")
        return Answer(results.serialize_boolean(bool(outcome), media), media, 1)
    if isinstance(outcome, ox.QuerySolutions):
        media = _acceptable(job.formats.tabular, "tabular")
        try:
            body, count = results.serialize_solutions(outcome, media, job.limit)
        except results.TooManySolutionsError:
            raise _limit_error(job.limit, "solutions") from None
        return Answer(body, media, count)
    media = _acceptable(job.formats.graph, "graph")
    triples = bounded(outcome, job.limit, "triples")
    return Answer(serialize_rdf(triples, media), media, len(triples))


def _query_options(job: QueryJob) -> dict[str, Any]:
    options: dict[str, Any] = {"base_iri": job.base_iri}
    if job.default_graphs is not None or job.named_graphs is not None:
        options["default_graph"] = [_graph_term(g) for g in job.default_graphs or ()]
        options["named_graphs"] = [ox.NamedNode(g) for g in job.named_graphs or ()]
    else:
        options["use_default_graph_as_union"] = job.union_default
    if job.substitutions:
        options["substitutions"] = {ox.Variable(n): term for n, term in job.substitutions}
    if job.prefixes:
        options["prefixes"] = dict(job.prefixes)
    return options


def _graph_term(iri: str) -> Any:
    return ox.NamedNode(iri) if iri else ox.DefaultGraph()


def _read_graph(store: Any, job: GraphJob) -> Answer:
    if job.media_type not in RDF_FORMATS:
        raise NotAcceptableError(f"cannot write a graph as {job.media_type}")
    if job.graph is None:
        quads: Iterator[Any] = store.quads_for_pattern(None, None, None, None)
        items = list(_unique_triples(quads, job.limit))
    else:
        name = ox.NamedNode(job.graph)
        if not store.contains_named_graph(name):
            raise GraphNotFoundError(f"No graph <{job.graph}> in this store.")
        quads = store.quads_for_pattern(None, None, None, name)
        items = bounded(quads, job.limit, "triples")
        if job.media_type not in QUAD_FORMATS:
            items = [q.triple for q in items]
    return Answer(serialize_rdf(items, job.media_type), job.media_type, len(items))


def _unique_triples(quads: Iterator[Any], limit: int) -> Iterator[Any]:
    seen: set[Any] = set()
    for quad in quads:
        triple = quad.triple
        if triple not in seen:
            if len(seen) >= limit:
                raise _limit_error(limit, "triples")
            seen.add(triple)
            yield triple


def bounded(items: Iterable[Any], limit: int, what: str) -> list[Any]:
    collected: list[Any] = []
    for item in items:
        if len(collected) >= limit:
            raise _limit_error(limit, what)
        collected.append(item)
    return collected


def _limit_error(limit: int, what: str) -> ResultLimitError:
    return ResultLimitError(
        f"Result limit exceeded: the answer has more than {limit} {what}, this server's "
        "limit. Narrow the query or page through it with LIMIT and OFFSET."
    )


def _acceptable(media: str | None, kind: str) -> str:
    if media is None:
        offered = {
            "tabular": results.TABULAR_TYPES, "boolean": results.BOOLEAN_TYPES,
            "graph": tuple(RDF_FORMATS),
        }[kind]
        raise NotAcceptableError(
            f"No acceptable format for a {kind} result; available: {', '.join(offered)}."
        )
    return media


def serialize_rdf(items: Sequence[Any], media: str,
                  prefixes: dict[str, str] | None = None) -> bytes:
    """Triples or quads in the RDF syntax of ``media`` (a key of :data:`RDF_FORMATS`)."""
    chosen = PREFIXES if prefixes is None else prefixes
    return ox.serialize(items, format=RDF_FORMATS[media], prefixes=chosen) or b""
