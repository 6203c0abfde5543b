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
@_friendly_errors
def query_command(query_or_file: str, fmt: str) -> None:
    """Run a SPARQL query (text, a .rq file, or - for stdin) on the embedded store."""
    from s3kg.query import read_query, run_query

    text = sys.stdin.read() if query_or_file == "-" else read_query(query_or_file)
    sys.stdout.buffer.write(run_query(text, fmt))
