"""Command-line interface: thin wrappers that parse options and call plain functions.

Each command catches the project's own ``S3kgError`` and turns it into a one-line message
and a non-zero exit code; anything else is a bug and keeps its traceback.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

import click

from s3kg import __version__
from s3kg.errors import S3kgError

F = TypeVar("F", bound=Callable[..., Any])


def _friendly_errors(func: F) -> F:
    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except S3kgError as err:
            click.echo(f"error: {err}", err=True)
            sys.exit(err.exit_code)

    return wrapper  # type: ignore[return-value]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="s3kg")
def main() -> None:
    """s3kg: build, check, query and serve the Smart-Specialisation Knowledge Graph."""


def _serve_options(func: F) -> F:
    from s3kg.server import serve_options

    return serve_options(func)


@main.command("serve", context_settings={"show_default": True})
@_serve_options
@_friendly_errors
def serve_command(**options: Any) -> None:
    """Serve the graph: SPARQL endpoint (/sparql), graph store, named-query API (/api).

    Every flag can also be set by the S3KG_* environment variable shown; see s3kg.server.
    """
    from s3kg.server import serve_from_options

    serve_from_options(options)


@main.command("docs")
@click.option(
    "--out",
    "out_dir",
    type=click.Path(),
    default="docs/ontology",
    show_default=True,
    help="Folder for the generated HTML.",
)
@_friendly_errors
def docs_command(out_dir: str) -> None:
    """Generate the HTML documentation page of the ontology."""
    from pathlib import Path

    from s3kg.ontology_docs import write_ontology_docs

    path = write_ontology_docs(Path(out_dir))
    click.echo(f"wrote {path}")


def _write_output(text: str, out_file: str | None) -> None:
    """Text to a file (``--out``) or to standard output."""
    if out_file is None:
        click.echo(text, nl=False)
        return
    from pathlib import Path

    Path(out_file).write_text(text, encoding="utf-8")
    click.echo(f"wrote {out_file}", err=True)


@main.command("validate")
@click.argument("files", nargs=-1)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["ttl", "nt", "nq", "trig", "jsonld", "rdfxml"]),
    default=None,
    help="RDF syntax of the files; default: from each file's extension.",
)
@click.option("--shapes", multiple=True, help="SHACL shapes file(s) instead of shapes/*.ttl.")
@click.option(
    "--output",
    type=click.Choice(["text", "turtle", "jsonld", "html"]),
    default="text",
    show_default=True,
    help="text: grouped by shape and focus node; turtle/jsonld: the SHACL report graph.",
)
@click.option("--out", "out_file", type=click.Path(dir_okay=False), help="Write to this file.")
@click.option(
    "--inference",
    type=click.Choice(["none", "rdfs"]),
    default="none",
    show_default=True,
    help="rdfs: add domain, range and subclass types before validating.",
)
@click.option("--all", "everything", is_flag=True, help="List every result in text output.")
@_friendly_errors
def validate_command(
    files: tuple[str, ...],
    fmt: str | None,
    shapes: tuple[str, ...],
    output: str,
    out_file: str | None,
    inference: str,
    everything: bool,
) -> None:
    """Check RDF files (default: the current build's graph) against the SHACL shapes.

    Exit status: 0 when there is no violation (warnings and infos allowed), 1 when there
    are violations, 2 when the input cannot be used.
    """
    from s3kg.config import Settings
    from s3kg.reports import render_validation
    from s3kg.validate import validate_paths

    result = validate_paths(files, Settings(), fmt, shapes, inference)
    _write_output(render_validation(result, output, everything), out_file)
    sys.exit(0 if result.conforms else 1)


@main.command("completeness")
@click.option(
    "--output",
    type=click.Choice(["text", "json", "html"]),
    default="text",
    show_default=True,
)
@click.option("--out", "out_file", type=click.Path(dir_okay=False), help="Write to this file.")
@_friendly_errors
def completeness_command(output: str, out_file: str | None) -> None:
    """Instances per class and the share of them with each property the shapes ask for."""
    from s3kg.completeness import release_completeness
    from s3kg.config import Settings
    from s3kg.reports import render_completeness

    _write_output(render_completeness(release_completeness(Settings()), output), out_file)


def _progress_printer(quiet: bool) -> Callable[[str], None]:
    """Step messages on stderr for people; silent with --quiet or in CI."""
    import os

    if quiet or os.environ.get("CI"):
        return lambda _message: None
    return lambda message: click.echo(f"s3kg build: {message}", err=True)


@main.command("build")
@click.option("--force", is_flag=True, help="Publish even if SHACL validation finds violations.")
@click.option("--no-reason", is_flag=True, help="Skip the OWL reasoner (no inferred graph).")
@click.option("--quiet", "-q", is_flag=True, help="No progress messages.")
@_friendly_errors
def build_command(force: bool, no_reason: bool, quiet: bool) -> None:
    """Build the knowledge graph from the corpus and the curated data.

    Reads the documents (S3KG_CORPUS, default ../shared/corpus) and data/curated/, and
    publishes var/current atomically: a failed build leaves the last good graph in place.
    """
    from s3kg.build import build_graph

    release = build_graph(force=force, reason=not no_reason, progress=_progress_printer(quiet))
    click.echo(f"built {release.build_id}: {release.graph_file}")


@main.command("export")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["nq", "trig", "ttl", "nt", "jsonld", "rdfxml"]),
    default="nq",
    show_default=True,
    help="RDF syntax; ttl/nt/rdfxml merge the named graphs.",
)
@click.option(
    "--out",
    "out_file",
    type=click.Path(dir_okay=False),
    default=None,
    help="Write to this file instead of standard output.",
)
@_friendly_errors
def export_command(fmt: str, out_file: str | None) -> None:
    """Write the whole graph of the current build."""
    from s3kg.export import export_graph

    if out_file is None:
        export_graph(fmt, sys.stdout.buffer)
        return
    with open(out_file, "wb") as out:
        export_graph(fmt, out)


@main.command("query")
@click.argument("query_or_file")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "csv", "tsv", "xml"]),
    default="table",
    show_default=True,
)
@click.option(
    "--store",
    envvar="S3KG_STORE",
    default=None,
    show_envvar=True,
    help="A store folder or a remote SPARQL endpoint URL (default: var/current).",
)
@click.option(
    "--param",
    "-p",
    "params",
    multiple=True,
    metavar="NAME=VALUE",
    help="A parameter of a named query file (its #+ params header), bound as a typed term.",
)
@_friendly_errors
def query_command(query_or_file: str, fmt: str, store: str | None, params: tuple[str, ...]) -> None:
    """Run a SPARQL query (text, a .rq file, or - for stdin) on the store.

    Named query files take their parameters with --param, e.g.
    s3kg query queries/provenance.rq -p subject=https://w3id.org/s3kg/id/cluster/kama
    """
    from pathlib import Path

    from s3kg.errors import InputError
    from s3kg.query import bind_parameters, read_query, run_query

    text = sys.stdin.read() if query_or_file == "-" else read_query(query_or_file)
    if params:
        if store is not None or not Path(query_or_file).is_file():
            raise InputError("--param needs a named query file (.rq with a #+ params header)")
        pairs = {name: value for name, _, value in (p.partition("=") for p in params)}
        sys.stdout.buffer.write(
            run_query(text, fmt, substitutions=bind_parameters(Path(query_or_file), pairs))
        )
        return
    if store is None:
        sys.stdout.buffer.write(run_query(text, fmt))
        return
    from s3kg.backends.query import run_query as run_on

    sys.stdout.buffer.write(run_on(store, text, fmt))


@main.command("load")
@click.option(
    "--to",
    "to",
    required=True,
    envvar="S3KG_LOAD_TO",
    show_envvar=True,
    help="SPARQL endpoint URL of the server to fill (e.g. http://host:7878/query).",
)
@click.option(
    "--from",
    "source",
    type=click.Path(dir_okay=False),
    default=None,
    help="N-Quads file to push (default: var/current/s3kg.nq).",
)
@click.option(
    "--batch", type=int, default=500_000, show_default=True, help="Most triples in one request."
)
@click.option(
    "--dataset",
    is_flag=True,
    help="One N-Quads POST to the graph store (Oxigraph, Fuseki); adds, no replace.",
)
@click.option(
    "--bulk", is_flag=True, help="Oxigraph's bulk loader (no_transaction): much faster, not atomic."
)
@click.option(
    "--timeout", type=float, default=600.0, show_default=True, help="Seconds each request may take."
)
@click.option("--quiet", "-q", is_flag=True, help="No progress messages.")
@_friendly_errors
def load_command(
    to: str, source: str | None, batch: int, dataset: bool, bulk: bool, timeout: float, quiet: bool
) -> None:
    """Push the built graph to a remote SPARQL 1.1 server, replacing its graphs.

    Uses the Graph Store Protocol when the server has one (S3KG_STORE_GSP, or the /store
    beside a /query URL), else SPARQL Update. Serve it with: s3kg serve --store URL.
    """
    from pathlib import Path

    from s3kg.config import Settings
    from s3kg.load import load

    path = Path(source) if source else Settings().graph_file

    def progress(message: str) -> None:
        if not quiet:
            click.echo(f"s3kg load: {message}", err=True)

    report = load(
        path, to, batch=batch, timeout=timeout, dataset=dataset, bulk=bulk, progress=progress
    )
    click.echo(
        f"loaded {report.triples} triples in {len(report.graphs) or 'all'} graph(s) "
        f"with {report.requests} request(s), {report.seconds:.1f} s "
        f"({report.rate:,.0f} triples/s; {report.method})"
    )


@main.command("import")
@click.argument("mapping", type=click.Path(dir_okay=False))
@click.option(
    "--file",
    "source_file",
    type=click.Path(dir_okay=False),
    default=None,
    help="Read this file instead of the one the mapping names (same format).",
)
@click.option("--no-publish", is_flag=True, help="Only write var/imports/<source>.nq.")
@click.option("--quiet", "-q", is_flag=True, help="No build progress messages.")
@_friendly_errors
def import_command(mapping: str, source_file: str | None, no_publish: bool, quiet: bool) -> None:
    """Import external cluster data through a mapping (mappings/*.yaml; see its README).

    Writes var/imports/<source>.nq (records read, duplicates dropped, records rejected and
    why, with the provenance) and republishes the graph, which includes every import.
    """
    from pathlib import Path

    from s3kg.config import Settings
    from s3kg.importer import import_and_publish

    report = import_and_publish(
        Path(mapping),
        Settings(),
        Path(source_file) if source_file else None,
        publish=not no_publish,
        progress=_progress_printer(quiet),
    )
    click.echo("\n".join(report.lines()))


@main.command("link")
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False),
    default=None,
    help="Folder for candidates.csv (default data/links, next to accepted.csv).",
)
@_friendly_errors
def link_command(out_dir: str | None) -> None:
    """Propose links between our clusters, organisations, sectors and imported ones.

    Writes candidates.csv (score, reason); copy the right rows into data/links/accepted.csv
    (or rejected.csv) and rebuild: accepted rows become skos:closeMatch / owl:sameAs links.
    """
    from pathlib import Path

    from s3kg.config import Settings
    from s3kg.linking import run_link

    settings = Settings()
    folder = Path(out_dir) if out_dir else settings.root / "data" / "links"
    path, candidates = run_link(settings.var_dir, folder)
    click.echo(f"wrote {len(candidates)} candidate link(s) to {path}")


@main.command("tables")
@click.option(
    "--table",
    "names",
    multiple=True,
    type=click.Choice(["clusters", "regions", "sectors"]),
    help="A table to write (repeatable); default: all of them (needs --out).",
)
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False),
    default=None,
    help="Folder for <table>.csv files; without it one --table goes to standard output.",
)
@_friendly_errors
def tables_command(names: tuple[str, ...], out_dir: str | None) -> None:
    """CSV exports of the main tables (clusters, regions, sectors) of the current build."""
    from pathlib import Path

    from s3kg.errors import InputError
    from s3kg.tables import TABLES, table_csv, write_tables

    if out_dir is None:
        if len(names) != 1:
            raise InputError("give one --table to print, or --out FOLDER to write files")
        sys.stdout.buffer.write(table_csv(names[0]))
        return
    for path in write_tables(list(names or TABLES), Path(out_dir)):
        click.echo(f"wrote {path}")
