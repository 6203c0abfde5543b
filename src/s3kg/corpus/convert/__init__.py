"""Any document the user adds (PDF, HTML, DOCX, Markdown, plain text) as normalised text.

The text follows the conventions of ``shared/corpus-extra`` (see ``convert_base``): UTF-8,
NFC, ``\\n`` line ends, no trailing spaces, blocks one empty line apart, the title on the first
line, each heading and paragraph one line, list items ``- item`` (numbered ones keep ``1.`` or
``1)``), table rows ``cell | cell`` after a ``Table: caption`` line where there is a caption,
no markup. Each format has its own module: ``convert_pdf`` (with ``convert_pdf_layout`` and
``convert_pdf_blocks``), ``convert_html``, ``convert_docx``, ``convert_markdown`` and
``convert_plain``.

Bad input of any kind (unknown suffix, empty, binary, not UTF-8, corrupt, scanned, too short)
raises :class:`~s3kg.errors.InputError` with a one-line message naming the file; no library
exception escapes.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from s3kg.corpus.convert.base import Converted, fail
from s3kg.corpus.convert.docx import DOCX_TYPE, convert_docx
from s3kg.corpus.convert.html import convert_html
from s3kg.corpus.convert.markdown import convert_markdown
from s3kg.corpus.convert.pdf import PDF_TYPE, convert_pdf
from s3kg.corpus.convert.plain import convert_txt

__all__ = ["FORMATS", "Converted", "convert", "convert_bytes"]

FORMATS: dict[str, str] = {
    ".pdf": PDF_TYPE,
    ".html": "text/html",
    ".htm": "text/html",
    ".docx": DOCX_TYPE,
    ".md": "text/markdown",
    ".txt": "text/plain",
}
"""File suffix -> media type of the formats :func:`convert` reads."""

_CONVERTERS: dict[str, Callable[[bytes, str], Converted]] = {
    PDF_TYPE: convert_pdf,
    "text/html": convert_html,
    DOCX_TYPE: convert_docx,
    "text/markdown": convert_markdown,
    "text/plain": convert_txt,
}


def convert(path: Path) -> Converted:
    """The normalised text of the file at ``path``, in the format its suffix names."""
    _media_type(path.suffix, str(path))
    try:
        data = path.read_bytes()
    except OSError as err:
        reason = err.strerror or type(err).__name__
        raise fail(str(path), f"cannot read the file ({reason})") from err
    return convert_bytes(data, path.suffix, str(path))


def convert_bytes(data: bytes, suffix: str, name: str = "") -> Converted:
    """The normalised text of ``data``, a document in the format ``suffix`` names."""
    name = name or f"<{suffix or 'no suffix'} document>"
    media_type = _media_type(suffix, name)
    if not data:
        raise fail(name, "empty file")
    return _CONVERTERS[media_type](data, name)


def _media_type(suffix: str, name: str) -> str:
    key = suffix.casefold() if suffix.startswith(".") or not suffix else f".{suffix.casefold()}"
    if key not in FORMATS:
        supported = ", ".join(sorted(FORMATS))
        shown = f"{suffix!r}" if suffix else "(none)"
        raise fail(name, f"unsupported file type {shown}; supported: {supported}")
    return FORMATS[key]
