"""SPARQL syntax errors that a person can act on.

The engine's parser reports ``error at 3:17: expected one of …`` followed by every token it
would have taken, including character classes written as Unicode ranges
(``'\\u{00C0}'..='\\u{00D6}'``): true, but nobody can act on it.  :func:`explain` keeps the
position, names the likely cause (an undeclared prefix, an unclosed string or group, a bad
IRI, an ungrouped variable) and shows the line with a caret under the column.
"""

from __future__ import annotations

import re

from s3kg.vocab.prefixes import PREFIXES

_AT = re.compile(r"error at (\d+):(\d+):\s*(.*)", re.DOTALL)
_PNAME = re.compile(r"(?<![\w?$])([A-Za-z][\w.\-]*)?:[\w\-.%]*")
_IRI_OR_STRING = re.compile(r"<[^<>\s]*>|\"(?:[^\"\\]|\\.)*\"|'(?:[^'\\]|\\.)*'")
_DECLARED = re.compile(r"PREFIX\s+([A-Za-z][\w.\-]*)?:", re.IGNORECASE)
_QUOTED = re.compile(r'"((?:[^"\\]|\\.)+)"|\b([A-Z][A-Za-z]+)\b')
_MAX_LINE = 120


def explain(text: str, message: str) -> str:
    """``message`` (the engine's) rewritten as ``line L, column C: cause`` plus the line."""
    match = _AT.search(message)
    if match is None:
        return message.split("\n", 1)[0][:300]
    line_no, column = int(match.group(1)), int(match.group(2))
    expected = match.group(3)
    lines = text.splitlines() or [""]
    line = lines[line_no - 1] if 0 < line_no <= len(lines) else ""
    before = line[: max(column - 1, 0)]
    undeclared = _undeclared(before, text)
    if undeclared is not None:
        cause = _undeclared_cause(undeclared)
    else:
        cause = _cause(before, expected, at_end=_at_end(lines, line_no, column))
    shown = f"\n{_pointer(line, column)}" if line.strip() else ""
    return f"line {line_no}, column {column}: {cause}{shown}"


def _cause(before: str, expected: str, *, at_end: bool) -> str:
    """The likeliest reason, from what the parser expected and the text before the column."""
    if "Prefix not found" in expected:
        return "a prefix is not declared; add PREFIX name: <namespace IRI> at the top"
    if "IRI parsing failed" in expected:
        return "this IRI is not valid (spaces, quotes, < > { } | ^ ` \\ are not allowed in <…>)"
    if "unbound" in expected:
        return ("a selected variable is neither grouped nor aggregated: add it to GROUP BY, or "
                "wrap it in SAMPLE(…) or another aggregate")
    if '"\\""' in expected:
        return "a string is not closed: a quote (\" or ') is missing"
    if at_end and ('"}"' in expected or '")"' in expected):
        return ("the query ends too early: a closing } or ) is missing, or a triple pattern "
                "is incomplete")
    words = _expected_words(expected)
    if "CONSTRUCT" in words and "{" not in before:
        return ("a query starts with PREFIX and BASE declarations, then SELECT, CONSTRUCT, "
                "ASK or DESCRIBE; check the spelling of the first keyword")
    if {"ABS", "STR"} <= set(words):
        return "an expression is missing or incomplete here (a variable, a value or a function)"
    shown = ", ".join(words[:8]) + (", …" if len(words) > 8 else "")
    return f"unexpected text here; expected {shown}" if words else "unexpected text here"


def _undeclared(before: str, text: str) -> str | None:
    """The last prefix used on the line before the error that neither the text nor the
    project's prefix table declares."""
    declared = {m.group(1) or "" for m in _DECLARED.finditer(text)} | set(PREFIXES)
    used = [m.group(1) or "" for m in _PNAME.finditer(_IRI_OR_STRING.sub(" ", before))]
    missing = [prefix for prefix in used if prefix not in declared]
    return missing[-1] if missing else None


def _undeclared_cause(prefix: str) -> str:
    return (f"prefix {prefix}: is not declared; add PREFIX {prefix}: <namespace IRI> at the "
            "top (the well-known prefixes rdf, rdfs, owl, skos, dcterms, s3kg, id, … are "
            "declared for you on /sparql and by s3kg query)")


def _expected_words(expected: str) -> list[str]:
    """Keywords and punctuation the parser wanted, without character classes in [ … ]."""
    plain = re.sub(r"\[[^\]]*\]", " ", expected.replace("expected one of", "").replace(
        "expected", ""))
    found: list[str] = []
    for quoted, word in _QUOTED.findall(plain):
        token = quoted or word
        if token and token not in found:
            found.append(token)
    return found


def _at_end(lines: list[str], line_no: int, column: int) -> bool:
    rest = lines[line_no - 1][column - 1 :] if 0 < line_no <= len(lines) else ""
    return not rest.strip() and not any(x.strip() for x in lines[line_no:])


def _pointer(line: str, column: int) -> str:
    """The line (clipped around the column) and a caret under the column."""
    start = max(0, column - 1 - _MAX_LINE // 2) if len(line) > _MAX_LINE else 0
    shown = line[start : start + _MAX_LINE]
    return f"  {shown}\n  {' ' * max(column - 1 - start, 0)}^"
