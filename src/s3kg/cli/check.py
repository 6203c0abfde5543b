"""Commands that check the graph: validate and completeness."""

from __future__ import annotations

import dataclasses
import sys

import click

from s3kg.cli.common import friendly_errors, progress_printer, write_output
from s3kg.config import Settings


@click.command("validate")
@click.argument("files", nargs=-1)
@click.option("--format", "fmt", type=click.Choice(["ttl", "nt", "nq", "trig", "jsonld", "rdfxml"]),
              default=None, help="RDF syntax of the files; default: from each file's extension.")
@click.option("--shapes", multiple=True, help="SHACL shapes file(s) instead of shapes/*.ttl.")
@click.option("--output", type=click.Choice(["text", "turtle", "jsonld", "html"]), default="text",
              show_default=True,
              help="text: grouped by shape and focus node; turtle/jsonld: the SHACL report graph.")
@click.option("--out", "out_file", type=click.Path(dir_okay=False), help="Write to this file.")
@click.option("--inference", type=click.Choice(["none", "rdfs"]), default="none",
              show_default=True, help="rdfs: add domain, range and subclass types first.")
@click.option("--all", "everything", is_flag=True, help="List every result in text output.")
@click.option("--jobs", type=click.IntRange(min=1), default=None,
              help="Processes that share out the work [default: S3KG_VALIDATE_JOBS, or 2 on "
                   "two or more cores]; --shapes on the whole graph run in one.")
@click.option("--batch", type=click.IntRange(min=0), default=None,
              help="Validate in batches of this many focus nodes, so that the data need not "
                   "fit in memory; 0: the whole graph in memory [default: batches of "
                   "S3KG_VALIDATE_BATCH only when the graph would take more than "
                   "S3KG_VALIDATE_MEMORY_MIB, 4096].")
@click.pass_obj
@friendly_errors
def validate_command(settings: Settings, files: tuple[str, ...], fmt: str | None,
                     shapes: tuple[str, ...], output: str, out_file: str | None, inference: str,
                     everything: bool, jobs: int | None, batch: int | None) -> None:
    """Check RDF files (default: the current build's graph) against the SHACL shapes.

    Exit status: 0 when there is no violation (warnings and infos allowed), 1 when there
    are violations, 2 when the input cannot be used.
    """
    from s3kg.validate.reports import render_validation
    from s3kg.validate.shared import validate_paths

    if jobs is not None:
        settings = dataclasses.replace(settings, validate_jobs=jobs)
    if batch is not None:
        settings = dataclasses.replace(settings, validate_batch=batch, validate_memory_mib=0)
    progress = progress_printer(not sys.stderr.isatty(), "validate")  # a person is watching
    result = validate_paths(files, settings, fmt, shapes, inference, progress)
    write_output(render_validation(result, output, everything), out_file)
    sys.exit(0 if result.conforms else 1)


@click.command("completeness")
@click.option("--output", type=click.Choice(["text", "json", "html"]), default="text",
              show_default=True)
@click.option("--out", "out_file", type=click.Path(dir_okay=False), help="Write to this file.")
@click.pass_obj
@friendly_errors
def completeness_command(settings: Settings, output: str, out_file: str | None) -> None:
    """Instances per class and the share of them with each property the shapes ask for."""
    from s3kg.validate.completeness import release_completeness
    from s3kg.validate.reports import render_completeness

    write_output(render_completeness(release_completeness(settings), output), out_file)


COMMANDS = (validate_command, completeness_command)
