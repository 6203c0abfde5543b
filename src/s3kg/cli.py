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


@main.command("docs")
@click.option("--out", "out_dir", type=click.Path(), default="docs/ontology", show_default=True,
              help="Folder for the generated HTML.")
@_friendly_errors
def docs_command(out_dir: str) -> None:
    """Generate the HTML documentation page of the ontology."""
    from pathlib import Path

    from s3kg.ontology_docs import write_ontology_docs

    path = write_ontology_docs(Path(out_dir))
    click.echo(f"wrote {path}")
