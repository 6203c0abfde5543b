"""Named queries: the ``queries/**/*.rq`` files, their headers, and safe parameter binding.

Each file starts with a YAML header written in ``#+`` comment lines::

    #+ summary: Clusters located in a region
    #+ description: Every cluster whose location is the given region, with labels.
    #+ params:
    #+   region:
    #+     type: iri
    #+     required: true
    #+     description: The region, e.g. https://w3id.org/s3kg/id/region/kaluga-oblast

``type`` is one of ``iri``, ``string``, ``integer``, ``decimal``, ``year`` (four or more
digits, bound as an ``xsd:integer``: the graph writes years so) or ``boolean``; ``required``
defaults to false; an optional ``default`` is used when the caller gives no value.  The query
variable of the same name (``?region``) is the binding target: the value is turned into an RDF
term and handed to the engine as a substitution, never pasted into the query text.  The engine
requires a bound variable to be visible in a ``SELECT`` result, so a ``SELECT`` query projects
its parameters (or uses ``SELECT *``); loading checks this by running each query once over an
empty store.  A query is exposed as ``GET /api/<name>`` where ``name`` is its path under
``queries/`` without ``.rq``.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import yaml

from s3kg.errors import InputError
from s3kg.sparql import guard as sparql_guard
from s3kg.sparql.syntax import explain
from s3kg.vocab.datatypes import YEAR
from s3kg.yamlfile import safe_load

XSD = "http://www.w3.org/2001/XMLSchema#"
PARAM_TYPES = ("iri", "string", "integer", "decimal", "year", "boolean")
RESERVED = frozenset({"format"})
_HEADER_KEYS = frozenset({"summary", "description", "tags", "params"})
_PARAM_KEYS = frozenset({"type", "required", "default", "description"})
_NAME = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_\-./]*$")
_VARIABLE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:[^\s<>\"{}|^`\\]*$")
_INTEGER = re.compile(r"^[+-]?[0-9]+$")
_DECIMAL = re.compile(r"^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)$")
_YEAR = re.compile(r"^-?[0-9]{4,}$")
_MAX_DIGITS = 1000  # int() refuses more than 4300 digits; no parameter needs a tenth of that
_BOOLEANS = {"true": "true", "1": "true", "false": "false", "0": "false"}
_SAMPLES = {"iri": "urn:x-s3kg:probe", "string": "probe", "integer": "1", "decimal": "1.5",
            "year": "2020", "boolean": "true"}
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Param:
    name: str
    type: str = "string"
    required: bool = False
    default: str | None = None
    description: str = ""


@dataclass(frozen=True)
class NamedQuery:
    name: str
    path: Path
    summary: str
    description: str
    tags: tuple[str, ...]
    params: tuple[Param, ...]
    text: str
    form: str | None
    uses_dataset: bool = False


def read_header(text: str) -> dict[str, Any]:
    """The YAML mapping written in the ``#+`` lines before the first line of SPARQL."""
    lines: list[str] = []
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith("#+"):
            lines.append(stripped[3:] if stripped.startswith("#+ ") else stripped[2:])
        elif stripped and not stripped.startswith("#"):
            break
    try:
        header = safe_load("\n".join(lines)) if lines else {}
    except yaml.YAMLError as err:
        raise InputError(f"unreadable #+ header: {err}") from err
    if header is None:
        return {}
    if not isinstance(header, dict):
        raise InputError("the #+ header must be a YAML mapping")
    return header


def load_query(path: Path, name: str) -> NamedQuery:
    """Read and check one query file; an :class:`InputError` names the file and the problem."""
    try:
        return _load(path, name)
    except InputError as err:
        raise InputError(f"{path}: {err}") from err
    except OSError as err:
        raise InputError(f"{path}: cannot read: {err}") from err


def load_queries(root: Path, *, strict: bool = True) -> dict[str, NamedQuery]:
    """All queries under ``root`` by name; broken files raise (strict) or are logged and skipped."""
    found: dict[str, NamedQuery] = {}
    problems: list[str] = []
    for path in sorted(root.rglob("*.rq")) if root.is_dir() else []:
        name = path.relative_to(root).with_suffix("").as_posix()
        try:
            found[name] = load_query(path, name)
        except InputError as err:
            problems.append(str(err))
    if problems and strict:
        raise InputError("; ".join(problems))
    for problem in problems:
        log.warning("named query skipped: %s", problem)
    return found


def bind(query: NamedQuery, values: Mapping[str, str]) -> tuple[tuple[str, Any], ...]:
    """Turn request values into RDF terms for ``substitutions``; bad or missing ones raise."""
    known = {p.name for p in query.params}
    unknown = sorted(set(values) - known - RESERVED)
    if unknown:
        offered = ", ".join(sorted(known)) or "none"
        raise InputError(f"unknown parameter(s) {', '.join(unknown)}; this query takes: {offered}")
    bound: list[tuple[str, Any]] = []
    for param in query.params:
        raw = values.get(param.name)
        if raw is None or raw == "":
            if param.default is None:
                if param.required:
                    raise InputError(f"missing required parameter '{param.name}' ({param.type})")
                continue
            raw = param.default
        bound.append((param.name, to_term(param, raw)))
    return tuple(bound)


def to_term(param: Param, raw: str) -> Any:
    """One value as an RDF term of the parameter's type."""
    if not raw.isascii() and not _encodable(raw):
        raise _bad(param, raw, "Unicode text (it holds a lone surrogate)")
    value = raw.strip()
    if param.type == "iri":
        if not _IRI.match(value):
            raise _bad(param, raw, "an absolute IRI such as https://w3id.org/s3kg/id/...")
        try:
            return ox.NamedNode(value)
        except ValueError as err:  # a control character, a bad %-escape, a bad host...
            raise _bad(param, raw, f"a valid IRI ({err})") from None
    if param.type == "string":
        return ox.Literal(raw)
    if param.type == "integer" and _INTEGER.match(value):
        if len(value) > _MAX_DIGITS:
            raise _bad(param, raw, f"a whole number of at most {_MAX_DIGITS} digits")
        return ox.Literal(str(int(value)), datatype=ox.NamedNode(str(YEAR)))
    if param.type == "decimal" and _DECIMAL.match(value):
        try:
            return _typed(_canonical_decimal(Decimal(value)), "decimal")
        except InvalidOperation:
            pass
    if param.type == "year" and _YEAR.match(value) and len(value) <= _MAX_DIGITS:
        # Canonical digits ("0987" -> "987"): the build writes years so, and a bound term
        # must be the same term as the stored one to match in a triple pattern.
        return ox.Literal(str(int(value)), datatype=ox.NamedNode(str(YEAR)))
    if param.type == "boolean" and value.lower() in _BOOLEANS:
        return _typed(_BOOLEANS[value.lower()], "boolean")
    expected = {"integer": "a whole number", "decimal": "a decimal number such as 2.5",
                "year": "a year such as 2019", "boolean": "true or false"}
    raise _bad(param, raw, expected.get(param.type, param.type))


def _canonical_decimal(number: Decimal) -> str:
    """The lexical form the engine gives a decimal back in (``0``, ``2.5``, ``100``), so that a
    bound ``0.0`` is the same term in the answer as in the request."""
    text = format(number, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _typed(lexical: str, datatype: str) -> Any:
    return ox.Literal(lexical, datatype=ox.NamedNode(XSD + datatype))


def _bad(param: Param, raw: str, expected: str) -> InputError:
    shown = raw if len(raw) <= 80 else raw[:77] + "..."
    return InputError(f"parameter '{param.name}': {shown!r} is not {expected}")


def _load(path: Path, name: str) -> NamedQuery:
    if not _NAME.match(name) or ".." in name:
        raise InputError(f"unusable query name {name!r}: use letters, digits, _ - . and /")
    text = path.read_text(encoding="utf-8")
    header = read_header(text)
    extra = sorted(set(header) - _HEADER_KEYS)
    if extra:
        raise InputError(f"unknown header key(s) {', '.join(extra)}")
    summary = header.get("summary")
    if not isinstance(summary, str) or not summary.strip():
        raise InputError("the #+ header needs a 'summary'")
    inspection = sparql_guard.inspect(text)
    if inspection.kind != "query":
        raise InputError("a named query must be a SELECT, ASK, CONSTRUCT or DESCRIBE query")
    if inspection.services:
        raise InputError("a named query must not call SERVICE")
    params = _params(header.get("params") or {}, inspection.variables)
    query = NamedQuery(name, path, summary.strip(), str(header.get("description") or "").strip(),
                       _tags(header.get("tags")), params, text, inspection.form,
                       inspection.has_dataset_clause)
    _probe(query)
    return query


def _params(raw: object, variables: frozenset[str]) -> tuple[Param, ...]:
    if not isinstance(raw, dict):
        raise InputError("'params' must map parameter names to their descriptions")
    params = []
    for name, spec in raw.items():
        spec = {} if spec is None else spec
        if not isinstance(name, str) or not _VARIABLE.match(name) or name in RESERVED:
            raise InputError(f"unusable parameter name {name!r}")
        if not isinstance(spec, dict) or set(spec) - _PARAM_KEYS:
            raise InputError(f"parameter '{name}': keys must be among {sorted(_PARAM_KEYS)}")
        if name not in variables:
            raise InputError(f"parameter '{name}' has no ?{name} variable in the query")
        kind = spec.get("type", "string")
        if kind not in PARAM_TYPES:
            raise InputError(f"parameter '{name}': type must be one of {', '.join(PARAM_TYPES)}")
        default = _default_text(spec.get("default"))
        param = Param(name, kind, bool(spec.get("required", False)), default,
                      str(spec.get("description") or "").strip())
        if default is not None:
            to_term(param, default)
        params.append(param)
    return tuple(params)


def _default_text(raw: object) -> str | None:
    if raw is None:
        return None
    return str(raw).lower() if isinstance(raw, bool) else str(raw)


def _tags(raw: object) -> tuple[str, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list) or not all(isinstance(t, str) for t in raw):
        raise InputError("'tags' must be a list of strings")
    return tuple(raw)


def _probe(query: NamedQuery) -> None:
    """Run the query once over an empty store, so syntax and binding errors show at load."""
    substitutions = {ox.Variable(p.name): to_term(p, _SAMPLES[p.type]) for p in query.params}
    try:
        outcome = ox.Store().query(query.text, substitutions=substitutions,
                                   use_default_graph_as_union=True)
        if not isinstance(outcome, ox.QueryBoolean):
            list(outcome)
    except SyntaxError as err:
        raise InputError(f"malformed query: {explain(query.text, str(err))}") from err
    except (RuntimeError, ValueError, OSError) as err:
        raise InputError(f"the query cannot take its parameters: {err}") from err
