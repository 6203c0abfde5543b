"""What the reference parsers share: name and year patterns, and the fields they fill."""

from __future__ import annotations

import re
from typing import TypedDict

UPPER = "A-ZÀ-ÖØ-ÞА-ЯЁ"
INITIALS = rf"(?:-?[{UPPER}][a-z]?\.\s?)+"
YEAR = r"(?:1[89]\d\d|20\d\d)"
YEAR_RE = re.compile(rf"(?<![\d/.]){YEAR}(?![\d/])")


class Fields(TypedDict, total=False):
    authors: list[str]
    year: int | None
    title: str
    container: str | None
    publisher: str | None
    volume: str | None
    issue: str | None
    pages: str | None


def clean(value: str | None) -> str | None:
    value = value.strip(" .,") if value else None
    return value or None
