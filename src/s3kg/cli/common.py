"""What the commands share: error handling, output files and progress messages."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click

from s3kg.errors import S3kgError

F = TypeVar("F", bound=Callable[..., Any])


def friendly_errors(func: F) -> F:
    """The project's own errors become ``error: …`` and their exit code, not a traceback."""
    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except S3kgError as err:
            click.echo(f"error: {err}", err=True)
            sys.exit(err.exit_code)

    return wrapper  # type: ignore[return-value]


def write_output(text: str, out_file: str | None) -> None:
    """Text to a file (``--out``) or to standard output."""
    if out_file is None:
        click.echo(text, nl=False)
        return
    Path(out_file).write_text(text, encoding="utf-8")
    click.echo(f"wrote {out_file}", err=True)


def progress_printer(quiet: bool, step: str = "build") -> Callable[[str], None]:
    """Step messages on stderr for people; silent with --quiet or in CI."""
    if quiet or os.environ.get("CI"):
        return lambda _message: None
    return lambda message: click.echo(f"s3kg {step}: {message}", err=True)
