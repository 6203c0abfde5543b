"""Command-line interface: thin wrappers that parse options and call plain functions.

The group makes the one :class:`~s3kg.config.Settings` of a run and hands it to every
command.  Each command catches the project's own ``S3kgError`` and turns it into a one-line
message and a non-zero exit code; anything else is a bug and keeps its traceback.
"""

from __future__ import annotations

import os
import sys

import click

from s3kg import __version__
from s3kg.cli import check, documents, graph, query, review, serve
from s3kg.config import Settings
from s3kg.errors import S3kgError


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="s3kg")
@click.pass_context
def main(ctx: click.Context) -> None:
    """s3kg: build, check, query and serve the Smart-Specialisation Knowledge Graph."""
    try:
        ctx.obj = Settings()
    except S3kgError as err:  # a malformed S3KG_* variable
        raise click.UsageError(str(err)) from None


def run() -> None:
    """The ``s3kg`` command: :func:`main`, then an exit that skips freeing the heap.

    After a build of a large library, the interpreter's own shutdown spends seconds freeing
    millions of objects that the operating system reclaims at once. Every command has
    closed its files, stores and child processes by the time it returns, so only the
    standard streams need flushing.
    """
    try:
        main()
    except SystemExit as done:
        code = done.code
    else:
        code = 0
    if isinstance(code, str):  # click exits with a message in some cases
        print(code, file=sys.stderr)
        code = 1
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code or 0)


for _module in (documents, graph, check, query, review, serve):
    for _command in _module.COMMANDS:
        main.add_command(_command)
