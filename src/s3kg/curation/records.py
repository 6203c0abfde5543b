"""Loading the curated data files (``data/curated/*.yaml``): the knowledge that needs judgement.

Each file is a mapping with any of these lists (see ``data/curated/README.md``):
``documents``, ``entities``, ``figures``, ``memberships``, plus the ``extraction`` and
``classifiers`` settings that steer code-based extraction. Every statement carries a locator
(``at``) into a source document; the build resolves it and fails if it no longer resolves.
This module only checks the files' shape; meaning is checked by the build.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from s3kg.curation.terms import is_entity_id
from s3kg.errors import InputError
from s3kg.yamlfile import safe_load

SECTIONS = (
    "documents",
    "entities",
    "statements",
    "figures",
    "memberships",
    "extraction",
    "classifiers",
)


@dataclass(frozen=True)
class Fact:
    """One statement about an entity: predicate, value and where the document says it."""

    predicate: str
    value: Any
    at: str
    text: bool = False  # the literal is the corpus text at ``at``, not ``value``
    since: int | None = None
    said_by: str | None = None


@dataclass(frozen=True)
class Entity:
    id: str
    types: tuple[str, ...]
    at: str
    label: str | None = None
    label_at: str | None = None
    aliases: tuple[str, ...] = ()
    note: str | None = None
    facts: tuple[Fact, ...] = ()
    key: str | None = None  # documents only: corpus file prefix
    sha256: str | None = None  # documents only: expected content hash
    origin: str = ""


@dataclass(frozen=True)
class FigureRecord:
    id: str
    about: str
    indicator: str
    value: int | float
    unit: str
    at: str
    year: int | None = None
    start_year: int | None = None
    qualifier: str | None = None
    product: str | None = None
    said_by: str | None = None
    note: str | None = None
    origin: str = ""


@dataclass(frozen=True)
class MembershipRecord:
    organization: str
    member: str
    role: str
    at: str
    origin: str = ""


@dataclass(frozen=True)
class Statement:
    """A fact about an entity defined elsewhere (for example one the extraction produces)."""

    subject: str
    fact: Fact
    origin: str = ""


@dataclass
class CuratedData:
    documents: list[Entity] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)
    figures: list[FigureRecord] = field(default_factory=list)
    memberships: list[MembershipRecord] = field(default_factory=list)
    extraction: dict[str, Any] = field(default_factory=dict)
    classifiers: dict[str, Any] = field(default_factory=dict)

    def all_entities(self) -> list[Entity]:
        return [*self.documents, *self.entities]


def load_curated(folder: Path) -> CuratedData:
    """Read every ``*.yaml`` in ``folder`` (sorted, so the build is deterministic)."""
    if not folder.is_dir():
        raise InputError(f"curated data folder not found: {folder}")
    data = CuratedData()
    for path in sorted(folder.glob("*.yaml")):
        _merge(data, path)
    _check_unique_ids(data)
    return data


def _merge(data: CuratedData, path: Path) -> None:
    try:
        raw = safe_load(path.read_bytes().decode("utf-8")) or {}
    except UnicodeDecodeError as err:
        raise InputError(f"{path.name}: not UTF-8 (bad byte at offset {err.start})") from err
    except yaml.YAMLError as err:
        raise InputError(f"{path.name}: not valid YAML: {err}") from err
    if not isinstance(raw, Mapping):
        raise InputError(f"{path.name}: top level must be a mapping of {', '.join(SECTIONS)}")
    unknown = {str(key) for key in raw} - set(SECTIONS)
    if unknown or not all(isinstance(key, str) for key in raw):
        raise InputError(f"{path.name}: unknown section(s) {sorted(unknown)}")
    parsers = {
        "documents": lambda item, where: _entity(item, where, document=True),
        "entities": _entity,
        "statements": _statement,
        "figures": _figure,
        "memberships": _membership,
    }
    for name, parse in parsers.items():
        target = getattr(data, name)
        for i, item in enumerate(_list(raw.get(name), f"{path.name}: {name}")):
            target.append(parse(item, f"{path.name}: {name}[{i}]"))
    for name in ("extraction", "classifiers"):
        section = raw.get(name) or {}
        if not isinstance(section, Mapping):
            raise InputError(f"{path.name}: {name} must be a mapping")
        data.__getattribute__(name).update(section)


def _require(item: Mapping[str, Any], key: str, where: str) -> Any:
    if key not in item or item[key] in (None, ""):
        raise InputError(f"{where}: missing '{key}'")
    return item[key]


def _year(item: Mapping[str, Any], key: str, where: str) -> int | None:
    """An optional year: a whole number (the graph writes it as xsd:integer)."""
    value = item.get(key)
    if value is None or (isinstance(value, int) and not isinstance(value, bool)):
        return value
    if isinstance(value, str) and value.strip().isascii() and value.strip().isdecimal():
        return int(value)
    raise InputError(f"{where}: '{key}' must be a year such as 2019, got {value!r}")


def _list(value: Any, where: str) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise InputError(f"{where}: must be a list, got {type(value).__name__}")
    return value


def _as_tuple(value: Any, where: str) -> tuple[str, ...]:
    """A name or a list of names (types, aliases)."""
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(value)
    raise InputError(f"{where}: expected a name or a list of names, got {value!r}")


def _entity(item: Any, where: str, document: bool = False) -> Entity:
    if not isinstance(item, Mapping):
        raise InputError(f"{where}: must be a mapping")
    entity_id = str(_require(item, "id", where))
    where = f"{where} ({entity_id})"
    if not is_entity_id(entity_id):
        raise InputError(f"{where}: id must look like type/slug")
    if "label" not in item and "label_at" not in item:
        raise InputError(f"{where}: needs 'label' or 'label_at'")
    return Entity(
        id=entity_id,
        types=_as_tuple(_require(item, "a", where), f"{where} 'a'"),
        at=str(_require(item, "at", where)),
        label=item.get("label"),
        label_at=item.get("label_at"),
        aliases=_as_tuple(item.get("aliases"), f"{where} 'aliases'"),
        note=item.get("note"),
        facts=tuple(
            _fact(f, f"{where} facts[{j}]")
            for j, f in enumerate(_list(item.get("facts"), f"{where} facts"))
        ),
        key=str(_require(item, "key", where)) if document else None,
        sha256=str(_require(item, "sha256", where)) if document else None,
        origin=where,
    )


def _fact(item: Any, where: str) -> Fact:
    if isinstance(item, Sequence) and not isinstance(item, str):
        if len(item) != 3:
            raise InputError(f"{where}: list form is [predicate, value, locator]")
        return Fact(str(item[0]), item[1], str(item[2]))
    if not isinstance(item, Mapping):
        raise InputError(f"{where}: must be [predicate, value, locator] or a mapping")
    predicate = str(_require(item, "p", where))
    if "text" in item:
        return Fact(predicate, None, str(item["text"]), text=True)
    return Fact(
        predicate,
        _require(item, "o", where),
        str(_require(item, "at", where)),
        since=_year(item, "since", where),
        said_by=item.get("said_by"),
    )


def _statement(item: Any, where: str) -> Statement:
    if not isinstance(item, Sequence) or isinstance(item, str) or len(item) != 4:
        raise InputError(f"{where}: must be [subject, predicate, value, locator]")
    if not is_entity_id(item[0]):
        raise InputError(f"{where}: subject {item[0]!r} is not an entity id")
    return Statement(str(item[0]), Fact(str(item[1]), item[2], str(item[3])), where)


def _figure(item: Any, where: str) -> FigureRecord:
    if not isinstance(item, Mapping):
        raise InputError(f"{where}: must be a mapping")
    value = _require(item, "value", where)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InputError(f"{where}: value must be a number, got {value!r}")
    figure_id = str(_require(item, "id", where))
    if not is_entity_id(figure_id):
        raise InputError(f"{where}: id must look like figure/slug")
    return FigureRecord(
        id=figure_id,
        about=str(_require(item, "about", where)),
        indicator=str(_require(item, "indicator", where)),
        value=value,
        unit=str(_require(item, "unit", where)),
        at=str(_require(item, "at", where)),
        year=_year(item, "year", where),
        start_year=_year(item, "start_year", where),
        qualifier=item.get("qualifier"),
        product=item.get("product"),
        said_by=item.get("said_by"),
        note=item.get("note"),
        origin=f"{where} ({figure_id})",
    )


def _membership(item: Any, where: str) -> MembershipRecord:
    if not isinstance(item, Mapping):
        raise InputError(f"{where}: must be a mapping")
    return MembershipRecord(
        organization=str(_require(item, "organization", where)),
        member=str(_require(item, "member", where)),
        role=str(_require(item, "role", where)),
        at=str(_require(item, "at", where)),
        origin=where,
    )


def _check_unique_ids(data: CuratedData) -> None:
    seen: dict[str, str] = {}
    for origin, entity_id in [
        *((e.origin, e.id) for e in data.all_entities()),
        *((f.origin, f.id) for f in data.figures),
    ]:
        if entity_id in seen:
            raise InputError(f"duplicate id {entity_id!r}: {seen[entity_id]} and {origin}")
        seen[entity_id] = origin
