"""Errors the user can act on: the CLI prints their message, the server answers 4xx."""

from __future__ import annotations


class S3kgError(Exception):
    """Base class: a problem with the user's input or environment, not a bug."""

    exit_code = 2


class InputError(S3kgError):
    """Unusable input: missing or unparsable file, unknown format, bad parameter."""

    exit_code = 2


class BuildError(S3kgError):
    """The build could not produce a trustworthy graph; the last good one stays."""

    exit_code = 1
