"""The request class of the application: form bodies and query strings decoded faster.

A SPARQL query sent as a form (``query=...``, how YASGUI and most clients send it) is
percent-encoded nearly character by character: a 1 KB query has some 400 ``%XX`` escapes,
which the standard library decodes one at a time in Python (``urllib.parse.parse_qsl``, as
werkzeug does), about as long as evaluating a small query.  :func:`parse_urlencoded` does the
same in C (``codecs.escape_decode``) for the usual case, an ASCII body without backslashes
whose escapes are all valid UTF-8, and gives up otherwise, so that werkzeug's own parser
decides every unusual case exactly as before (invalid escapes kept percent-encoded, ...).
"""

from __future__ import annotations

import codecs
import io
from typing import IO, Any

from flask import Request
from werkzeug.datastructures import MultiDict
from werkzeug.formparser import FormDataParser
from werkzeug.utils import cached_property


def parse_urlencoded(data: bytes) -> list[tuple[str, str]] | None:
    """``parse_qsl(data.decode(), keep_blank_values=True)`` for plain ASCII input with valid
    escapes; None when werkzeug's parser must decide (non-ASCII, backslashes, bad escapes)."""
    if not data.isascii() or b"\\" in data:
        return None
    items = []
    try:
        for piece in data.split(b"&"):
            if piece:
                name, _, value = piece.partition(b"=")
                items.append((_unquote(name), _unquote(value)))
    except ValueError:  # an invalid escape or invalid UTF-8 (UnicodeDecodeError)
        return None
    return items


def _unquote(part: bytes) -> str:
    if b"%" not in part:
        return part.replace(b"+", b" ").decode("ascii")
    escaped = part.replace(b"+", b" ").replace(b"%", b"\\x")
    decoded: bytes = codecs.escape_decode(escaped)[0]
    return decoded.decode("utf-8")


class FormParser(FormDataParser):
    """werkzeug's form parser with :func:`parse_urlencoded` in front for urlencoded bodies."""

    def _parse_urlencoded(self, stream: IO[bytes], mimetype: str, content_length: int | None,
                          options: dict[str, str]) -> Any:
        data = stream.read()
        items = parse_urlencoded(data)
        if items is None:
            _, form, files = super()._parse_urlencoded(io.BytesIO(data), mimetype,
                                                       content_length, options)
            return stream, form, files
        return stream, self.cls(items), self.cls()


class S3kgRequest(Request):
    form_data_parser_class = FormParser

    @cached_property
    def args(self) -> MultiDict[str, str]:
        items = parse_urlencoded(self.query_string)
        if items is None:
            return super().args
        return self.parameter_storage_class(items)
