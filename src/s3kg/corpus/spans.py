"""Located text: spans with exact offsets into a document, and blocks (non-empty lines)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class TextSpan:
    """Characters ``start:end`` of a document's text; ``text`` is that exact slice."""

    start: int
    end: int
    text: str


def make_span(text: str, start: int, end: int, chars: str = "") -> TextSpan:
    """Trim whitespace and ``chars`` from both ends of ``text[start:end]``, keeping offsets."""
    while start < end and (text[start].isspace() or text[start] in chars):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in chars):
        # "etc." keeps its dot: dropping it would leave a truncated abbreviation.
        if text[end - 1] == "." and text[end - 4 : end - 1] == "etc":
            break
        end -= 1
    return TextSpan(start, end, text[start:end])


@dataclass(frozen=True)
class Block:
    """A non-empty line: the paragraph unit that locators call ``pN``."""

    number: int
    line: int
    span: TextSpan
    section: str | None = None

    @property
    def text(self) -> str:
        return self.span.text

    @property
    def is_continuation(self) -> bool:
        """Starts lowercase: the rest of the previous block, split by a page break."""
        return self.text[:1].islower()
