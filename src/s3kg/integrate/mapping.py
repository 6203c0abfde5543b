"""Declarative import mappings (``mappings/*.yaml``): how records of a source become triples.

A mapping names the source file, how to read it (CSV or JSON), which fields identify a
record (duplicates), which checks a record must pass (else it is rejected with the reason),
and the triples to emit per record from templates such as ``uscm/organisation/{org_id}`` or
``{cluster_name|slug}``. ``mappings/README.md`` documents every key; unknown keys, prefixes
or filters are refused with a one-line error.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from s3kg.errors import InputError
from s3kg.vocab.namespaces import ID, S3KG
from s3kg.vocab.prefixes import PREFIXES
from s3kg.yamlfile import check_keys, load_yaml_mapping

_TOP_KEYS = {"source", "title", "description", "file", "format", "encoding", "records",
             "origin", "license", "key", "require", "static", "entities"}  # fmt: skip
_ENTITY_KEYS = {"id", "a", "set", "each"}
_VALUE_KEYS = {"text", "iri", "lang", "datatype", "each"}
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
_SOURCE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_SAFE_PATH = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._~/-]*$")
_ABSOLUTE = re.compile(r"^https?://[^\s<>\"{}|\\^`]+$")


def _slug(value: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-")


FILTERS: dict[str, Callable[[str], str]] = {
    "slug": _slug,
    "lower": str.lower,
    "upper": str.upper,
    "tail": lambda v: v.rsplit("/", 1)[-1],
}


class RecordError(Exception):
    """A record cannot be mapped; the message is the (stable) reason it is rejected for."""


@dataclass(frozen=True)
class Template:
    text: str
    fields: tuple[tuple[str, tuple[str, ...]], ...]  # (field, filters) per placeholder

    @classmethod
    def parse(cls, text: Any, where: str) -> Template:
        if not isinstance(text, str | int | float) or str(text) == "":
            raise InputError(f"{where}: expected a non-empty template string")
        fields = []
        for inner in _PLACEHOLDER.findall(str(text)):
            name, *filters = (part.strip() for part in inner.split("|"))
            unknown = [f for f in filters if f not in FILTERS]
            if not name or unknown:
                raise InputError(
                    f"{where}: bad placeholder {{{inner}}} (filters: {', '.join(FILTERS)})"
                )
            fields.append((name, tuple(filters)))
        return cls(str(text), tuple(fields))

    def render(self, context: dict[str, Any]) -> str | None:
        """The filled-in text, or None when a field it uses is missing or empty."""
        values = []
        for name, filters in self.fields:
            value = lookup(context, name)
            if value is None or isinstance(value, dict | list) or str(value) == "":
                return None
            text = str(value)
            for f in filters:
                text = FILTERS[f](text)
            values.append(text)
        parts = iter(values)
        return _PLACEHOLDER.sub(lambda _: next(parts), self.text)

    def render_iri(self, context: dict[str, Any]) -> URIRef | None:
        text = self.render(context)
        if text is None:
            return None
        if _ABSOLUTE.match(text):
            return URIRef(text)
        if not _SAFE_PATH.match(text) or "//" in text:
            raise RecordError(f"value not usable in an IRI ({self.text}); add |slug")
        return ID[text]


def lookup(context: dict[str, Any], name: str) -> Any:
    """A field by name; dotted names reach into nested JSON objects."""
    if name in context:
        return context[name]
    value: Any = context
    for part in name.split("."):
        if not isinstance(value, dict) or part not in value:
            return None
        value = value[part]
    return value


@dataclass(frozen=True)
class ValueSpec:
    template: Template
    is_iri: bool
    lang: str | None = None
    datatype: URIRef | None = None
    each: str | None = None

    def terms(self, context: dict[str, Any]) -> list[URIRef | Literal]:
        out: list[URIRef | Literal] = []
        for item in iterate(context, self.each) if self.each else [context]:
            if self.is_iri:
                iri = self.template.render_iri(item)
                if iri is not None:
                    out.append(iri)
                continue
            text = self.template.render(item)
            if text is None:
                continue
            literal = Literal(text, lang=self.lang, datatype=self.datatype)
            if self.datatype is not None and literal.ill_typed:
                raise RecordError(f"not a valid {self.datatype.n3()} ({self.template.text})")
            out.append(literal)
        return out


@dataclass(frozen=True)
class EntitySpec:
    id: Template
    types: tuple[URIRef, ...]
    values: tuple[tuple[URIRef, ValueSpec], ...]
    each: str | None = None


def iterate(context: dict[str, Any], field: str) -> list[dict[str, Any]]:
    """Contexts for the items of a list or object field: ``{value}`` (and ``{key}``)."""
    value = lookup(context, field)
    if isinstance(value, dict):
        pairs = [(str(k), v) for k, v in value.items()]
    elif isinstance(value, list):
        pairs = [(str(i), v) for i, v in enumerate(value, 1)]
    elif value is None or value == "":
        pairs = []
    else:
        pairs = [("1", value)]
    return [
        {**context, "key": k, "value": v}
        for k, v in pairs
        if k != "" and v not in (None, "") and not isinstance(v, dict | list)
    ]


@dataclass(frozen=True)
class ImportMapping:
    path: Path
    source: str
    title: str
    description: str
    file: Path
    format: str
    encoding: str
    records: str
    origin: str | None
    license: str | None
    key: tuple[str, ...]
    require: tuple[tuple[str, re.Pattern[str] | None], ...]
    static: tuple[EntitySpec, ...]
    entities: tuple[EntitySpec, ...]

    def fields(self) -> set[str]:
        """Top-level record fields the mapping uses (CSV headers must contain them)."""
        names = set(self.key) | {name for name, _ in self.require}
        for spec in self.entities:
            names |= {f for f, _ in spec.id.fields} | ({spec.each} if spec.each else set())
            for _, value in spec.values:
                names |= {f for f, _ in value.template.fields}
                names |= {value.each} if value.each else set()
        return {n.split(".")[0] for n in names} - {"key", "value"}


def load_mapping(path: Path, shared_data: Path) -> ImportMapping:
    raw = load_yaml_mapping(path, _TOP_KEYS)
    name = path.name
    for required in ("source", "title", "file", "format", "key", "entities"):
        if not raw.get(required):
            raise InputError(f"{name}: missing '{required}'")
    source = str(raw["source"])
    if not _SOURCE.match(source):
        raise InputError(f"{name}: source must be lower-case letters, digits and '-'")
    if raw["format"] not in ("csv", "json"):
        raise InputError(f"{name}: format must be csv or json")
    file = Path(str(raw["file"])).expanduser()
    key = raw["key"] if isinstance(raw["key"], list) else [raw["key"]]
    return ImportMapping(
        path=path,
        source=source,
        title=str(raw["title"]),
        description=str(raw.get("description") or ""),
        file=file if file.is_absolute() else shared_data / file,
        format=str(raw["format"]),
        encoding=str(raw.get("encoding") or "utf-8-sig"),
        records=str(raw.get("records") or ""),
        origin=_optional_iri(raw.get("origin"), f"{name}: origin"),
        license=_optional_iri(raw.get("license"), f"{name}: license"),
        key=tuple(str(k) for k in key),
        require=_require(raw.get("require") or {}, name),
        static=tuple(
            _entity(e, f"{name}: static[{i}]") for i, e in enumerate(raw.get("static") or [])
        ),
        entities=tuple(_entity(e, f"{name}: entities[{i}]") for i, e in enumerate(raw["entities"])),
    )


def _optional_iri(value: Any, where: str) -> str | None:
    if value in (None, ""):
        return None
    if not _ABSOLUTE.match(str(value)):
        raise InputError(f"{where}: expected an http(s) IRI")
    return str(value)


def _require(raw: Any, where: str) -> tuple[tuple[str, re.Pattern[str] | None], ...]:
    if not isinstance(raw, dict):
        raise InputError(f"{where}: require must map field names to a pattern ('' = non-empty)")
    out = []
    for field, pattern in raw.items():
        try:
            out.append((str(field), re.compile(str(pattern)) if pattern else None))
        except re.error as err:
            raise InputError(f"{where}: require.{field}: bad regular expression: {err}") from err
    return tuple(out)


def expand(curie: str, where: str) -> URIRef:
    """``skos:prefLabel`` -> IRI; ``s3kg:`` terms must exist in the closed namespace."""
    prefix, _, local = str(curie).partition(":")
    if not local or prefix not in PREFIXES:
        raise InputError(f"{where}: unknown prefix in {curie!r} (known: {', '.join(PREFIXES)})")
    if prefix == "s3kg":
        try:
            return URIRef(str(S3KG[local]))
        except (AttributeError, KeyError) as err:
            raise InputError(f"{where}: {curie} is not a term of the s3kg ontology") from err
    return URIRef(PREFIXES[prefix] + local)


def _entity(raw: Any, where: str) -> EntitySpec:
    if not isinstance(raw, dict) or "id" not in raw:
        raise InputError(f"{where}: expected a mapping with an 'id' template")
    check_keys(raw, _ENTITY_KEYS, where)
    types = raw.get("a") or []
    values = []
    for prop, specs in (raw.get("set") or {}).items():
        predicate = expand(str(prop), f"{where}.set")
        for spec in specs if isinstance(specs, list) else [specs]:
            values.append((predicate, _value(spec, f"{where}.set.{prop}")))
    return EntitySpec(
        id=Template.parse(raw["id"], f"{where}.id"),
        types=tuple(
            expand(t, f"{where}.a") for t in (types if isinstance(types, list) else [types])
        ),
        values=tuple(values),
        each=str(raw["each"]) if raw.get("each") else None,
    )


def _value(raw: Any, where: str) -> ValueSpec:
    if not isinstance(raw, dict):
        raw = {"text": raw}
    check_keys(raw, _VALUE_KEYS, where)
    if ("text" in raw) == ("iri" in raw):
        raise InputError(f"{where}: give exactly one of text or iri")
    if raw.get("lang") and raw.get("datatype"):
        raise InputError(f"{where}: a literal has a language or a datatype, not both")
    datatype = expand(str(raw["datatype"]), where) if raw.get("datatype") else None
    if datatype is not None and not str(datatype).startswith(str(XSD)):
        raise InputError(f"{where}: datatype must be an xsd: datatype")
    return ValueSpec(
        template=Template.parse(raw.get("text", raw.get("iri")), where),
        is_iri="iri" in raw,
        lang=str(raw["lang"]) if raw.get("lang") else None,
        datatype=datatype,
        each=str(raw["each"]) if raw.get("each") else None,
    )
