"""A remote SPARQL 1.1 server as the store: the jobs of :mod:`s3kg.store.jobs` over HTTP.

**Union default graph.**  The embedded store answers queries without ``FROM`` over the union
of all named graphs.  Remote servers differ: Virtuoso, GraphDB, QLever, Neptune (and Oxigraph
started with ``--union-default-graph``) already query the union; Fuseki and a plain
``oxigraph serve`` do not.  The backend finds out once (``S3KG_STORE_UNION=auto``, the
default): it takes one quad from a named graph and asks whether the default graph holds it.
If yes, queries are sent as they are; if no, each query without a dataset of its own is sent
with every named graph as ``default-graph-uri`` *and* ``named-graph-uri`` (SPARQL 1.1
Protocol), which is exactly the union.  ``S3KG_STORE_UNION=server`` or ``explicit`` skips the
probe.  A query with ``FROM`` or a protocol dataset is sent with its own dataset.

**Time limits.**  Every request has a client deadline (the server's ``--query-timeout``): past
it the caller gets a 503 at once.  The remote server may go on computing; stopping it there is
the remote's own limit (see docs/scaling.md), since no standard protocol cancels a query.

**Results** are streamed and parsed by pyoxigraph, counted against the result limit while they
are read, and written by the same code as the embedded store's, so both give the same bytes.
"""

from __future__ import annotations

import os
import re
import threading
import time
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pyoxigraph as ox

from s3kg.sparql import guard as sparql_guard
from s3kg.sparql.syntax import explain
from s3kg.store import jobs as st
from s3kg.store import rewrite
from s3kg.store.http import Client, Endpoints, RemoteTimeoutError, Response
from s3kg.store.worker import QueryTimeoutError, timeout_message

RESULTS_ACCEPT = "application/sparql-results+json, application/sparql-results+xml;q=0.5"
GRAPH_ACCEPT = "application/n-triples, text/turtle;q=0.5, application/rdf+xml;q=0.4"
GRAPH_FORMS = frozenset({"CONSTRUCT", "DESCRIBE"})  # Virtuoso would write them as solutions
UNION_MODES = ("auto", "server", "explicit")
CATALOG_SECONDS = 30.0
_PROBE = ("SELECT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } "
          "FILTER(!isBlank(?s) && !isBlank(?o)) } LIMIT 1")
_GRAPHS = "SELECT DISTINCT ?g WHERE { GRAPH ?g { } }"
_GRAPHS_BY_SCAN = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"  # Virtuoso needs this
_COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"


class RemoteStore:
    """A :class:`s3kg.store.backends.StoreBackend` over a SPARQL 1.1 query (and update) endpoint."""

    def __init__(self, endpoints: Endpoints, *, local: Path | None = None,
                 union: str = "auto") -> None:
        if union not in UNION_MODES:
            raise st.StoreUnavailableError(
                f"S3KG_STORE_UNION must be one of {', '.join(UNION_MODES)}, not {union!r}")
        self.endpoints = endpoints
        self.local = local
        self.union = union
        self.client = Client()
        self._lock = threading.Lock()
        self._graphs: tuple[float, tuple[str, ...]] | None = None
        self._catalog: tuple[float, st.Catalog] | None = None

    @classmethod
    def from_url(cls, url: str, *, local: Path | None = None,
                 environ: Mapping[str, str] = os.environ) -> RemoteStore:
        return cls(Endpoints.from_url(url, environ), local=local,
                   union=environ.get("S3KG_STORE_UNION", "auto").strip().lower() or "auto")

    # -- the StoreBackend interface --------------------------------------------------------

    def follow(self) -> Path:
        local = self.local or Path("store")
        return Path(os.path.realpath(local))

    def run(self, job: st.Job, timeout: float) -> Any:
        deadline = time.monotonic() + timeout
        try:
            if isinstance(job, st.QueryJob):
                return self._query(job, deadline)
            if isinstance(job, st.GraphJob):
                return self._graph(job, deadline)
            if isinstance(job, st.UpdateJob):
                return self._update(job, deadline)
            return self.catalog(timeout)
        except RemoteTimeoutError as err:
            raise QueryTimeoutError(timeout_message(timeout)) from err

    def run_exclusive(self, job: st.Job, timeout: float) -> Any:
        return self.run(job, timeout)

    def catalog(self, timeout: float) -> st.Catalog:
        cached = self._catalog
        if cached is not None and time.monotonic() - cached[0] < CATALOG_SECONDS:
            return cached[1]
        deadline = time.monotonic() + timeout
        graphs = self._graph_names(deadline, fresh=True)
        rows = self._select(_COUNT, deadline)
        catalog = st.Catalog(graphs, int(rows[0]["n"].value) if rows else 0)
        self._catalog = (time.monotonic(), catalog)
        return catalog

    def close(self) -> None:
        self.client.close()

    # -- jobs ------------------------------------------------------------------------------

    def _query(self, job: st.QueryJob, deadline: float) -> st.Answer:
        prologue = rewrite.prologue(job.base_iri, dict(job.prefixes))
        text = prologue + rewrite.bind(job.text, job.substitutions)
        params = [("query", text), *self._dataset(job, deadline)]
        try:
            response = self._post(self.endpoints.query, params, deadline)
        except st.QuerySyntaxError as err:
            raise st.QuerySyntaxError(_as_embedded(job, str(err), prologue.count("\n"))) from err
        try:
            return st.answer(_outcome(response), job)
        finally:
            response.close()

    def _dataset(self, job: st.QueryJob, deadline: float) -> list[tuple[str, str]]:
        """Protocol dataset parameters: the job's own, or the union when the server lacks it."""
        if job.default_graphs is not None or job.named_graphs is not None:
            defaults = [g for g in job.default_graphs or () if g]
            return ([("default-graph-uri", g) for g in defaults]
                    + [("named-graph-uri", g) for g in job.named_graphs or ()])
        if not job.union_default:
            # FROM / FROM NAMED, repeated as the protocol dataset: the same dataset, and a
            # server whose default graph is forced to the union (oxigraph --union-default-graph
            # ignores FROM) still honours it.
            found = sparql_guard.inspect(job.text)
            return ([("default-graph-uri", g) for g in found.from_graphs]
                    + [("named-graph-uri", g) for g in found.from_named_graphs])
        if self._server_union(deadline):
            return []
        graphs = self._graph_names(deadline)
        return ([("default-graph-uri", g) for g in graphs]
                + [("named-graph-uri", g) for g in graphs])

    def _graph(self, job: st.GraphJob, deadline: float) -> st.Answer:
        if job.media_type not in st.RDF_FORMATS:
            raise st.NotAcceptableError(f"cannot write a graph as {job.media_type}")
        if job.graph is None:
            query = st.QueryJob("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", limit=10**12)
            items: list[Any] = st.bounded(_unique(self._triples(query, deadline)), job.limit,
                                          "triples")
        else:
            name = ox.NamedNode(job.graph)
            ask = f"ASK {{ GRAPH {name} {{ ?s ?p ?o }} }}"
            if not self._ask(ask, deadline, [("named-graph-uri", job.graph)]):
                raise st.GraphNotFoundError(f"No graph <{job.graph}> in this store.")
            text = (f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH {name} {{ ?s ?p ?o }} }} "
                    f"LIMIT {int(job.limit) + 1}")
            query = st.QueryJob(text, default_graphs=(), named_graphs=(job.graph,), limit=10**12)
            items = st.bounded(self._triples(query, deadline), job.limit, "triples")
            if job.media_type in st.QUAD_FORMATS:
                items = [ox.Quad(t.subject, t.predicate, t.object, name) for t in items]
        return st.Answer(st.serialize_rdf(items, job.media_type), job.media_type, len(items))

    def _update(self, job: st.UpdateJob, deadline: float) -> None:
        body = (rewrite.prologue(job.base_iri) + job.text).encode("utf-8")
        response = self.client.request(
            "POST", self.endpoints.update, deadline=deadline, body=body,
            headers={"Content-Type": "application/sparql-update; charset=utf-8"})
        try:
            _check(response, "update")
        finally:
            response.close()
        with self._lock:
            self._graphs = self._catalog = None

    # -- helpers ---------------------------------------------------------------------------

    def _triples(self, job: st.QueryJob, deadline: float) -> Iterator[Any]:
        params = [("query", job.text), *self._dataset(job, deadline)]
        response = self._post(self.endpoints.query, params, deadline)
        try:
            outcome = _outcome(response)
            if isinstance(outcome, ox.QuerySolutions | ox.QueryBoolean):
                raise st.QueryError("the remote store answered a CONSTRUCT with solutions")
            yield from outcome
        finally:
            response.close()

    def _select(self, text: str, deadline: float,
                params: list[tuple[str, str]] | None = None) -> list[Any]:
        response = self._post(self.endpoints.query, [("query", text), *(params or [])], deadline)
        try:
            outcome = _outcome(response)
            return list(outcome) if isinstance(outcome, ox.QuerySolutions) else []
        finally:
            response.close()

    def _ask(self, text: str, deadline: float, params: list[tuple[str, str]] | None = None,
             ) -> bool:
        response = self._post(self.endpoints.query, [("query", text), *(params or [])],
                              deadline)
        try:
            return bool(_outcome(response))
        finally:
            response.close()

    def _graph_names(self, deadline: float, fresh: bool = False) -> tuple[str, ...]:
        cached = self._graphs
        if cached is not None and not fresh and time.monotonic() - cached[0] < CATALOG_SECONDS:
            return cached[1]
        graphs = (_names(self._select(_GRAPHS, deadline))
                  or _names(self._select(_GRAPHS_BY_SCAN, deadline)))
        self._graphs = (time.monotonic(), graphs)
        return graphs

    def _server_union(self, deadline: float) -> bool:
        """Whether the server's default graph is already the union (probed once)."""
        if self.union != "auto":
            return self.union == "server"
        rows = self._select(_PROBE, deadline)
        if not rows:
            return False  # nothing to tell by yet: send graphs explicitly, probe again later
        terms = (rows[0]["s"], rows[0]["p"], rows[0]["o"])
        block = rewrite.values_block(list(zip(("s", "p", "o"), terms, strict=True)))
        found = self._ask(f"ASK {{ {block} ?s ?p ?o }}", deadline)
        self.union = "server" if found else "explicit"
        return found

    def _post(self, url: str, params: list[tuple[str, str]], deadline: float) -> Response:
        body = urlencode(params).encode("ascii")
        form = sparql_guard.inspect(params[0][1]).form if params[0][0] == "query" else None
        accept = GRAPH_ACCEPT if form in GRAPH_FORMS else RESULTS_ACCEPT
        response = self.client.request("POST", url, deadline=deadline, body=body, headers={
            "Content-Type": "application/x-www-form-urlencoded", "Accept": accept})
        _check(response, "query")
        return response


def _as_embedded(job: st.QueryJob, message: str, prologue_lines: int) -> str:
    """The syntax error the embedded store gives for the user's own text (positions and
    cause as written), found by parsing it on an empty store; else the remote's, its line
    counted in the user's text."""
    try:
        ox.Store().query(job.text, prefixes=dict(job.prefixes) or None,
                         base_iri=job.base_iri)  # fmt: skip
    except SyntaxError as err:
        return f"Malformed query: {explain(job.text, str(err))}"
    except (OSError, ValueError, RuntimeError):
        pass
    return _user_lines(message, prologue_lines)


def _user_lines(message: str, prologue_lines: int) -> str:
    """A syntax error's line number counted in the user's text, not in the text sent (which
    starts with the prefix prologue): the same message the embedded store gives."""

    def shift(match: re.Match[str]) -> str:
        line = int(match.group(1))
        return f"line {line - prologue_lines if line > prologue_lines else line},"

    return re.sub(r"line (\d+),", shift, message, count=1)


def _outcome(response: Response) -> Any:
    """Parse a query answer by its media type: solutions, a boolean, or triples."""
    results = ox.QueryResultsFormat.from_media_type(response.media_type)
    if results is not None:
        return ox.parse_query_results(response.body, format=results)
    rdf = ox.RdfFormat.from_media_type(response.media_type)
    if rdf is None:
        raise st.QueryError(f"the remote store answered in an unknown format "
                            f"({response.media_type or 'no Content-Type'})")
    return (quad.triple for quad in ox.parse(response.body, format=rdf))


def _check(response: Response, what: str) -> None:
    """Turn an error status of the remote into the matching store error."""
    if response.status < 300:
        return
    detail = response.text()
    response.close()
    shown = f"{detail[:500]}" if detail else f"HTTP {response.status}"
    if response.status == 400:
        # The remote parsed our rewritten text, so its positions are only roughly the user's.
        raise st.QuerySyntaxError(f"Malformed {what}: {explain('', shown)}")
    if "timeout" in detail.lower() or "timed out" in detail.lower():
        raise RemoteTimeoutError(f"the remote store stopped the {what}: {shown}")
    if response.status in (401, 403):
        raise st.QueryError(f"the remote store refused the {what} ({response.status}): {shown}")
    if response.status >= 500 and response.status != 501:
        raise st.QueryError(f"the remote store failed on the {what}: {shown}")
    raise st.QueryError(f"the remote store answered {response.status} to the {what}: {shown}")


def _names(rows: list[Any]) -> tuple[str, ...]:
    return tuple(sorted(r["g"].value for r in rows if isinstance(r["g"], ox.NamedNode)))


def _unique(triples: Iterator[Any]) -> Iterator[Any]:
    """The default graph is a set: each triple once, however many graphs hold it."""
    seen: set[Any] = set()
    for triple in triples:
        if triple not in seen:
            seen.add(triple)
            yield triple
