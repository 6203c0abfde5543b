"""Commands that read the graph from a store: query, and load (fill a remote server)."""

from __future__ import annotations

import sys
from functools import partial
from pathlib import Path

import click

from s3kg.cli.common import friendly_errors, progress_printer
from s3kg.config import ServerConfig, Settings
from s3kg.errors import InputError


@click.command("query")
@click.argument("query_or_file")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv", "tsv", "xml"]),
              default="table", show_default=True)
@click.option("--store", envvar="S3KG_STORE", default=None, show_envvar=True,
              help="A store folder or a remote SPARQL endpoint URL (default: var/current).")
@click.option("--param", "-p", "params", multiple=True, metavar="NAME=VALUE",
              help="A parameter of a named query file (its #+ params header), bound as a typed "
                   "term; parameters not given take the defaults the file declares.")
@click.option("--timeout", type=float, default=ServerConfig.query_timeout, show_default=True,
              help="Seconds the query may run (as on the server).")
@click.option("--result-limit", type=int, default=ServerConfig.result_limit, show_default=True,
              help="Most solutions or triples in the answer (as on the server).")
@click.pass_obj
@friendly_errors
def query_command(settings: Settings, query_or_file: str, fmt: str, store: str | None,
                  params: tuple[str, ...], timeout: float, result_limit: int) -> None:
    """Run a SPARQL query (text, a .rq file, or - for stdin) on the store.

    It goes through the same guard, query worker, time limit and result limit as the server.
    Named query files take their parameters with --param, e.g.
    s3kg query queries/provenance.rq -p subject=https://w3id.org/s3kg/id/cluster/kama
    """
    from s3kg.store.query import prepare_cli, query_store, read_query

    if timeout <= 0 or result_limit <= 0:
        raise InputError("--timeout and --result-limit must be positive")
    text = sys.stdin.read() if query_or_file == "-" else read_query(query_or_file)
    pairs = dict(_pairs(params))
    location = store or settings.store_dir
    config = ServerConfig(store_path=settings.store_dir, query_timeout=timeout,
                          result_limit=result_limit, workers=1, settings=settings)
    prepare = partial(prepare_cli, query_or_file, text, pairs)
    sys.stdout.buffer.write(query_store(location, prepare, fmt, config, settings))


def _pairs(params: tuple[str, ...]) -> list[tuple[str, str]]:
    pairs = []
    for param in params:
        name, sep, value = param.partition("=")
        if not sep or not name:
            raise InputError(f"--param {param!r}: write NAME=VALUE")
        pairs.append((name, value))
    return pairs


@click.command("load")
@click.option("--to", "to", required=True, envvar="S3KG_LOAD_TO", show_envvar=True,
              help="SPARQL endpoint URL of the server to fill (e.g. http://host:7878/query).")
@click.option("--from", "source", type=click.Path(dir_okay=False), default=None,
              help="N-Quads file to push (default: var/current/s3kg.nq).")
@click.option("--batch", type=int, default=500_000, show_default=True,
              help="Most triples in one request.")
@click.option("--dataset", is_flag=True,
              help="One N-Quads POST to the graph store (Oxigraph, Fuseki); adds, no replace.")
@click.option("--bulk", is_flag=True,
              help="Oxigraph's bulk loader (no_transaction): much faster, not atomic.")
@click.option("--timeout", type=float, default=600.0, show_default=True,
              help="Seconds each request may take.")
@click.option("--quiet", "-q", is_flag=True, help="No progress messages.")
@click.pass_obj
@friendly_errors
def load_command(settings: Settings, to: str, source: str | None, batch: int, dataset: bool,
                 bulk: bool, timeout: float, quiet: bool) -> None:
    """Push the built graph to a remote SPARQL 1.1 server, replacing its graphs.

    Uses the Graph Store Protocol when the server has one (S3KG_STORE_GSP, or the /store
    beside a /query URL), else SPARQL Update. Serve it with: s3kg serve --store URL.
    """
    from s3kg.store.load import load

    path = Path(source) if source else settings.graph_file
    report = load(path, to, batch=batch, timeout=timeout, dataset=dataset, bulk=bulk,
                  progress=progress_printer(quiet, "load"))
    click.echo(
        f"loaded {report.triples} triples in {len(report.graphs) or 'all'} graph(s) "
        f"with {report.requests} request(s), {report.seconds:.1f} s "
        f"({report.rate:,.0f} triples/s; {report.method})"
    )


COMMANDS = (query_command, load_command)
