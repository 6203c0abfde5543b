"""What a remote server needs added to a query that the embedded engine gets as options.

pyoxigraph takes a base IRI, default prefixes and variable *substitutions* as arguments; the
SPARQL 1.1 Protocol has none of these, so for a remote server they are written into the text:

- the base IRI and prefixes become a ``BASE`` / ``PREFIX`` prologue put before the query's own
  (which, coming later, still wins);
- substitutions become a ``VALUES`` block placed first in the ``WHERE`` group, so the variable
  is bound before the rest of the pattern is evaluated, as a substitution is.

Nothing a user typed is pasted: terms are written by pyoxigraph's N-Triples serialiser (which
escapes them), variable names are checked, and the insertion point is found with the lexer of
:mod:`s3kg.sparql.guard`, so braces inside strings, IRIs or comments are never mistaken.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

import pyoxigraph as ox

from s3kg.errors import InputError
from s3kg.sparql.guard import _TOKEN, QUERY_FORMS

_VARIABLE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_PREFIX = re.compile(r"^[A-Za-z][\w.-]*$|^$")


def prologue(base_iri: str | None = None, prefixes: Mapping[str, str] | None = None) -> str:
    """``BASE`` and ``PREFIX`` lines for a base IRI and prefixes chosen by the program."""
    lines = [f"BASE {_iri(base_iri)}"] if base_iri else []
    for name, namespace in (prefixes or {}).items():
        if not _PREFIX.match(name):
            raise InputError(f"not a SPARQL prefix name: {name!r}")
        lines.append(f"PREFIX {name}: {_iri(namespace)}")
    return "".join(line + "\n" for line in lines)


def values_block(substitutions: Sequence[tuple[str, Any]]) -> str:
    """``VALUES (?a ?b) { (t1 t2) }`` for variable names and pyoxigraph terms."""
    names = []
    for name, term in substitutions:
        if not _VARIABLE.match(name):
            raise InputError(f"not a SPARQL variable name: {name!r}")
        if isinstance(term, ox.BlankNode) or not isinstance(term, ox.NamedNode | ox.Literal):
            raise InputError(f"?{name} can only be bound to an IRI or a literal")
        names.append(f"?{name}")
    row = " ".join(str(term) for _, term in substitutions)
    return f"VALUES ({' '.join(names)}) {{ ({row}) }}"


def bind(text: str, substitutions: Sequence[tuple[str, Any]]) -> str:
    """``text`` with ``substitutions`` bound by a ``VALUES`` block opening each WHERE group.

    Every WHERE group gets one, sub-queries included, because a substitution binds the
    variable everywhere (a sub-query's ``LIMIT`` then applies to the bound pattern).  A query
    without a separate group (``DESCRIBE <x>``, ``CONSTRUCT WHERE {…}``) gets a trailing
    ``VALUES`` clause instead.
    """
    if not substitutions:
        return text
    block = values_block(substitutions)
    positions = where_groups(text)
    if not positions:
        return f"{text.rstrip()}\n{block}\n"
    pieces, previous = [], 0
    for position in positions:
        pieces += [text[previous:position], f" {block} "]
        previous = position
    return "".join([*pieces, text[previous:]])


def where_groups(text: str) -> list[int]:
    """The offsets just after each ``{`` that opens a WHERE group (of the query or a
    sub-query); empty when the query's own WHERE group cannot take a ``VALUES`` block."""
    found: list[int] = []
    pending: tuple[str, int, int] | None = None  # (form, braces, parens) awaiting its group
    seen_where = previous_construct = False
    braces = parens = 0
    for match in _TOKEN.finditer(text):
        kind, token = match.lastgroup, match.group()
        if kind in ("ws", "comment"):
            continue
        word = token.upper() if kind == "word" else ""
        if word in QUERY_FORMS:
            pending, seen_where = (word, braces, parens), False
        elif word == "WHERE" and pending and pending[1:] == (braces, parens):
            if previous_construct and not found:
                return []  # CONSTRUCT WHERE { template-and-pattern }
            seen_where = True
        previous_construct = word == "CONSTRUCT"
        opens = kind == "other" and token == "{" and pending and pending[1:] == (braces, parens)
        if opens and pending and (pending[0] != "CONSTRUCT" or seen_where):
            found.append(match.end())
            pending = None
        if kind == "other" and token in "{}()":
            braces += {"{": 1, "}": -1}.get(token, 0)
            parens += {"(": 1, ")": -1}.get(token, 0)
    return found


def _iri(value: str) -> str:
    try:
        return str(ox.NamedNode(value))
    except ValueError as err:
        raise InputError(f"not an IRI: {value!r}") from err
