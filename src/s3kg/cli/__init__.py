"""Command-line interface: thin wrappers that parse options and call plain functions.

The group makes the one :class:`~s3kg.config.Settings` of a run and hands it to every
command.  Each command catches the project's own ``S3kgError`` and turns it into a one-line
message and a non-zero exit code; anything else is a bug and keeps its traceback.
"""

from __future__ import annotations

import click

from s3kg import __version__
from s3kg.cli import check, documents, graph, query, review, serve
from s3kg.config import Settings


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="s3kg")
@click.pass_context
def main(ctx: click.Context) -> None:
    """s3kg: build, check, query and serve the Smart-Specialisation Knowledge Graph."""
    ctx.obj = Settings()


for _module in (documents, graph, check, query, review, serve):
    for _command in _module.COMMANDS:
        main.add_command(_command)
