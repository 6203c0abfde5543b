"""Facet arithmetic for the browse pages, apart from HTTP: the rows of a facet query become
items with their values per facet; a selection filters them and counts the values.

Within a facet the selected values are alternatives (region A *or* B); across facets they
must all hold (a region *and* a sector).  The count of a value is the number of items it
would show when added to the selection: computed over the items that match every *other*
facet's selection, as faceted search engines do, so that picking a second value of the same
facet is never shown as a dead end.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from s3kg.errors import InputError
from s3kg.search.index import CLASS_NAMES
from s3kg.web.resources import ID_BASE, ONTOLOGY_NS

NACE = "http://data.europa.eu/ux2/nace2/"
_SHORT = ((ID_BASE, ""), (ONTOLOGY_NS, ""), (NACE, "nace2/"))


@dataclass(frozen=True)
class Value:
    facet: str
    iri: str
    label: str

    @property
    def key(self) -> str:
        """How the value is written in a URL: ``region/ru-klu``, ``SMECluster``, ``nace2/21``."""
        for base, prefix in _SHORT:
            if self.iri.startswith(base):
                return prefix + self.iri[len(base) :]
        return self.iri


@dataclass
class Item:
    iri: str
    label: str
    values: dict[str, set[str]] = field(default_factory=dict)


@dataclass
class Listing:
    """Every item of one browse page and every value of its facets."""

    facets: tuple[str, ...]
    items: list[Item]
    values: dict[tuple[str, str], Value]  # (facet, iri) -> value

    def resolve(self, selection: Mapping[str, Iterable[str]]) -> dict[str, set[str]]:
        """IRIs of the values named (by key or IRI) in ``selection``; unknown ones are a 400."""
        lookup = {(v.facet, name): v.iri for v in self.values.values() for name in (v.key, v.iri)}
        chosen: dict[str, set[str]] = {}
        for facet, names in selection.items():
            for name in names:
                iri = lookup.get((facet, name.strip()))
                if iri is None:
                    raise InputError(f"no {facet} {name[:80]!r} among the values of this list; "
                                     "pick one from the page (or give its IRI)")
                chosen.setdefault(facet, set()).add(iri)
        return chosen

    def matching(self, chosen: Mapping[str, set[str]], skip: str | None = None) -> list[Item]:
        return [item for item in self.items
                if all(item.values.get(f, set()) & iris for f, iris in chosen.items()
                       if f != skip)]

    def counts(self, chosen: Mapping[str, set[str]]) -> dict[str, list[tuple[Value, int]]]:
        """For each facet, its values with their counts: most items first, then by label;
        selected values are always listed."""
        out: dict[str, list[tuple[Value, int]]] = {}
        for facet in self.facets:
            counted = Counter(iri for item in self.matching(chosen, skip=facet)
                              for iri in item.values.get(facet, ()))
            for iri in chosen.get(facet, ()):
                counted.setdefault(iri, 0)
            values = [(self.values[(facet, iri)], n) for iri, n in counted.items()]
            out[facet] = sorted(values, key=lambda vn: (-vn[1], vn[0].label.casefold()))
        return out


def listing(facets: tuple[str, ...], bindings: list[dict[str, dict[str, str]]]) -> Listing:
    """A :class:`Listing` from the SPARQL JSON rows ``?item ?label ?facet ?value
    ?valueLabel ?valueCode`` of a ``queries/browse`` query."""
    items: dict[str, Item] = {}
    values: dict[tuple[str, str], Value] = {}
    for row in bindings:
        iri = row["item"]["value"]
        item = items.setdefault(iri, Item(iri, ""))
        label = row.get("label", {}).get("value", "")
        item.label = item.label or label
        facet = row.get("facet", {}).get("value", "")
        value = row.get("value", {}).get("value")
        if facet in facets and value:
            item.values.setdefault(facet, set()).add(value)
            values.setdefault((facet, value), Value(facet, value, _value_label(row, value)))
    for item in items.values():
        item.label = item.label or item.iri.rsplit("/", 1)[-1]
    ordered = sorted(items.values(), key=lambda i: (i.label.casefold(), i.iri))
    return Listing(facets, ordered, values)


def _value_label(row: Mapping[str, Mapping[str, str]], iri: str) -> str:
    label = row.get("valueLabel", {}).get("value", "")
    code = row.get("valueCode", {}).get("value", "")
    if code and label and iri.startswith(NACE):
        return f"{code} {label}"  # NACE classes are known by their codes
    return label or code or CLASS_NAMES.get(iri) or iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]
