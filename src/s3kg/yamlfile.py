"""Reading the small reviewed YAML files (alignments, import mappings) with one-line errors."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml

from s3kg.errors import InputError

# libyaml's parser when PyYAML was built with it: the same documents and errors, several
# times faster on the curated data than the pure-Python one (the build reads it every time).
_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def safe_load(text: str) -> Any:
    """``yaml.safe_load`` with the fastest safe loader at hand."""
    return yaml.load(text, Loader=_LOADER)


def load_yaml_mapping(path: Path, allowed: Iterable[str] | None = None) -> dict[str, Any]:
    """The top-level mapping of ``path``; unknown top-level keys are refused."""
    if not path.is_file():
        raise InputError(f"file not found: {path}")
    try:
        raw = safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark is not None else ""
        raise InputError(f"{path.name}: not valid YAML{where}") from err
    except UnicodeDecodeError as err:
        raise InputError(f"{path.name}: not UTF-8 text") from err
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        raise InputError(f"{path.name}: the top level must be a mapping")
    if allowed is not None:
        check_keys(raw, allowed, path.name)
    return raw


def check_keys(item: dict[str, Any], allowed: Iterable[str], where: str) -> None:
    unknown = sorted(set(item) - set(allowed))
    if unknown:
        known = ", ".join(sorted(allowed))
        raise InputError(f"{where}: unknown key {unknown[0]!r} (known keys: {known})")
