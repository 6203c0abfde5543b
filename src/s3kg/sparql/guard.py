"""Refuse dangerous SPARQL before it reaches the engine.

The endpoint is read-only and offline by default.  Before a request is evaluated this module
scans its text with a small SPARQL *lexer* (strings, IRIs, comments and prefixed names are
recognised, so a keyword inside a literal or an IRI is never mistaken for one) and decides:

- whether the text is a query or an update (the first keyword after the prologue);
- which ``SERVICE`` endpoints it calls: refused unless on the configured allow-list;
- which graphs ``FROM`` / ``FROM NAMED`` / ``USING`` name: a graph that the store does not hold
  would have to be fetched from elsewhere, so it is refused, and so is any ``file:`` IRI;
- which documents ``LOAD`` would fetch: refused unless loading is switched on, and never
  ``file:`` IRIs.

The lexer does not validate the grammar: the engine does that, and a malformed text gets its
parse error as a 400 there.  Refusals raise :class:`PolicyError` (HTTP 403).  A text nesting
groups, brackets or parentheses more than :data:`MAX_DEPTH` deep is refused (HTTP 400) before
the engine sees it: the engine's recursive parser would overflow its stack and crash.

:func:`inspect_cached` remembers the inspections of recent texts (an inspection depends on the
text and the declared prefixes only), so a query sent again is not scanned again.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from types import MappingProxyType
from typing import Literal, NamedTuple
from urllib.parse import urljoin

from s3kg.errors import InputError

QUERY_FORMS = frozenset({"SELECT", "CONSTRUCT", "DESCRIBE", "ASK"})
UPDATE_VERBS = frozenset(
    {"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "ADD", "MOVE", "COPY", "WITH"}
)
ANY_SERVICE = "*"
MAX_DEPTH = 256  # nesting of { ( [ ; real queries stay far below, 3,000 crashes the engine
CACHED_TEXTS = 256  # inspections kept by inspect_cached
CACHED_CHARS = 16_384  # longer texts are scanned each time, so the cache stays small
_OPENING, _CLOSING = frozenset("{(["), frozenset("})]")

_TOKEN = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<comment>\#[^\n\r]*)
  | (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*'''
      |"(?:[^"\\\n\r]|\\.)*"|'(?:[^'\\\n\r]|\\.)*')
  | (?P<iri><(?:[^<>"{}|^`\\\x00-\x20]|\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8})*>)
  | (?P<var>[?$][\w\u00b7-\uffff]+)
  | (?P<lang>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
  | (?P<pname>(?:[A-Za-z_\u00c0-\uffff][\w.\-\u00b7-\uffff]*)?:(?:[\w\-.:%\u00b7-\uffff]|\\.)*)
  | (?P<word>[A-Za-z_][\w]*)
  | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)


_UCHAR = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


class PolicyError(InputError):
    """The request is well formed but this endpoint will not run it."""

    http_status = 403


class TooDeepError(InputError):
    """The text nests deeper than :data:`MAX_DEPTH` (HTTP 400)."""

    http_status = 400


class Token(NamedTuple):  # a tuple: the lexer makes one per token, and tuples are cheap
    kind: str
    text: str


@dataclass(frozen=True)
class Inspection:
    """What a SPARQL text asks for, as far as the guard is concerned."""

    kind: Literal["query", "update", "unknown"]
    form: str | None = None
    base: str | None = None
    prefixes: Mapping[str, str] = field(default_factory=dict)  # read-only: may be shared
    from_graphs: tuple[str, ...] = ()
    from_named_graphs: tuple[str, ...] = ()
    services: tuple[str | None, ...] = ()
    loads: tuple[str, ...] = ()
    variables: frozenset[str] = frozenset()

    @property
    def has_dataset_clause(self) -> bool:
        return bool(self.from_graphs or self.from_named_graphs)


@dataclass(frozen=True)
class Policy:
    """What this deployment allows; the defaults are read-only and offline."""

    allow_update: bool = False
    allow_load: bool = False
    allow_service: frozenset[str] = frozenset()


def tokens(text: str) -> Iterator[Token]:
    """The significant tokens of a SPARQL text (no white space, no comments)."""
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup or "other"
        if kind not in ("ws", "comment"):
            value = match.group()
            if kind == "pname":
                value = value.rstrip(".")
            yield Token(kind, value)


def inspect(text: str, declared: Mapping[str, str] | None = None) -> Inspection:
    """Scan ``text`` and report its kind, dataset clauses, services and loads.  ``declared``
    prefixes are known as if a prologue before the text declared them."""
    toks = _bounded_tokens(text)
    base, prefixes = _prologue(toks, dict(declared or {}))
    froms: list[str] = []
    named: list[str] = []
    services: list[str | None] = []
    loads: list[str] = []
    kind: Literal["query", "update", "unknown"] = "unknown"
    form: str | None = None
    for index, tok in enumerate(toks):
        word = tok.text.upper() if tok.kind == "word" else ""
        if form is None and (word in QUERY_FORMS or word in UPDATE_VERBS):
            form, kind = word, ("query" if word in QUERY_FORMS else "update")
        if word in ("FROM", "USING"):
            target, is_named = _dataset_target(toks, index + 1)
            if target is not None:
                iri = _expand(target, base, prefixes)
                (named if is_named else froms).append(iri)
        elif word == "SERVICE":
            target = _skip_silent(toks, index + 1)
            services.append(None if target is None or target.kind == "var"
                            else _expand(target, base, prefixes))
        elif word == "LOAD":
            target = _skip_silent(toks, index + 1)
            if target is not None:
                loads.append(_expand(target, base, prefixes))
    variables = frozenset(t.text[1:] for t in toks if t.kind == "var")
    return Inspection(kind, form, base, MappingProxyType(prefixes), tuple(froms),
                      tuple(named), tuple(services), tuple(loads), variables)


def inspect_cached(text: str, declared: tuple[tuple[str, str], ...] = ()) -> Inspection:
    """:func:`inspect`, remembered for the :data:`CACHED_TEXTS` most recent texts of at most
    :data:`CACHED_CHARS` characters (refusals such as :class:`TooDeepError` are not kept)."""
    if len(text) > CACHED_CHARS:
        return inspect(text, dict(declared))
    return _remembered(text, declared)


@lru_cache(maxsize=CACHED_TEXTS)
def _remembered(text: str, declared: tuple[tuple[str, str], ...]) -> Inspection:
    return inspect(text, dict(declared))


def check(inspection: Inspection, policy: Policy, local_graphs: Collection[str],
          *, dataset_overridden: bool = False) -> None:
    """Raise :class:`PolicyError` if ``inspection`` asks for anything ``policy`` forbids.

    ``local_graphs`` are the graph names the store holds; ``dataset_overridden`` is true when
    the request names its dataset through the protocol, which replaces ``FROM`` clauses.
    """
    if inspection.kind == "update" and not policy.allow_update:
        raise PolicyError("SPARQL Update is disabled: this endpoint is read-only.")
    for service in inspection.services:
        _check_service(service, policy)
    for iri in inspection.loads:
        if not policy.allow_load:
            raise PolicyError(f"LOAD <{iri}> refused: loading documents is disabled here.")
        if not iri.lower().startswith(("http://", "https://")):
            raise PolicyError(f"LOAD <{iri}> refused: only http(s) documents can be loaded.")
    for iri in (*inspection.from_graphs, *inspection.from_named_graphs):
        if iri.lower().startswith("file:"):
            raise PolicyError(f"FROM <{iri}> refused: local files are never read.")
        if not dataset_overridden and iri not in local_graphs:
            raise PolicyError(
                f"FROM <{iri}> refused: the store holds no such graph and this endpoint "
                "never fetches remote data (GET /sparql lists the graphs it holds)."
            )


def _bounded_tokens(text: str) -> list[Token]:
    """The tokens of ``text``; stops at once when the nesting exceeds :data:`MAX_DEPTH`."""
    found: list[Token] = []
    depth = 0
    for tok in tokens(text):
        if tok.kind == "other" and tok.text in _OPENING:
            depth += 1
            if depth > MAX_DEPTH:
                raise TooDeepError(
                    f"The query nests {{ }}, ( ) or [ ] more than {MAX_DEPTH} levels deep; "
                    "this server refuses such queries. Flatten it."
                )
        elif tok.kind == "other" and tok.text in _CLOSING:
            depth = max(0, depth - 1)
        found.append(tok)
    return found


def _check_service(service: str | None, policy: Policy) -> None:
    if ANY_SERVICE in policy.allow_service:
        return
    if service is None:
        raise PolicyError("SERVICE with a variable endpoint is refused: federation is disabled.")
    if service not in policy.allow_service:
        raise PolicyError(
            f"SERVICE <{service}> refused: the endpoint is not on this server's allow-list."
        )


def _prologue(toks: list[Token], prefixes: dict[str, str]) -> tuple[str | None, dict[str, str]]:
    """BASE and PREFIX declarations, wherever they appear (updates may repeat them), added to
    ``prefixes``."""
    base: str | None = None
    for index, tok in enumerate(toks):
        word = tok.text.upper() if tok.kind == "word" else ""
        following = toks[index + 1: index + 3]
        if word == "BASE" and following and following[0].kind == "iri":
            base = _expand(following[0], base, {})
        elif (word == "PREFIX" and len(following) == 2 and following[0].kind == "pname"
              and following[1].kind == "iri"):
            prefixes[following[0].text[:-1]] = _expand(following[1], base, {})
    return base, prefixes


def _dataset_target(toks: list[Token], start: int) -> tuple[Token | None, bool]:
    """The graph after FROM/USING [NAMED]; an unrecognised token is kept, so it is refused."""
    is_named = start < len(toks) and toks[start].text.upper() == "NAMED"
    position = start + 1 if is_named else start
    return (toks[position] if position < len(toks) else None), is_named


def _skip_silent(toks: list[Token], start: int) -> Token | None:
    if start < len(toks) and toks[start].text.upper() == "SILENT":
        start += 1
    return toks[start] if start < len(toks) else None


def _expand(tok: Token, base: str | None, prefixes: dict[str, str]) -> str:
    if tok.kind == "iri":
        return _resolve(_UCHAR.sub(_unescape, tok.text[1:-1]), base)
    if tok.kind != "pname":
        return tok.text
    prefix, _, local = tok.text.partition(":")
    namespace = prefixes.get(prefix)
    return namespace + local if namespace is not None else tok.text


def _unescape(match: re.Match[str]) -> str:
    return chr(int(match.group(1) or match.group(2), 16))


def _resolve(iri: str, base: str | None) -> str:
    return urljoin(base, iri) if base and not re.match(r"^[A-Za-z][\w+.-]*:", iri) else iri
