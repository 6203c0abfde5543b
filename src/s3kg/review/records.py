"""The curated records an accepted proposal becomes (labels and short names, a locator).

A new entity gets an id from its proposed type and label (``org/bauman-university``), its
class, its label and the locator of the span; an organisation the text places in a curated
cluster also gets a membership. A figure needs the entity it is about (the curator says);
its indicator and unit are the curated ones where they exist, else new ones are written
beside it. A candidate that names an entity the graph has adds the span's wording as an
alias when it differs from the label, and nothing otherwise.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from s3kg.corpus.reader import slugify
from s3kg.errors import InputError
from s3kg.review.proposals import Proposal, locator
from s3kg.vocab.namespaces import ID, S3KG
from s3kg.vocab.render import short

Records = dict[str, list[Any]]

_ID_PREFIX = {
    "Cluster": "cluster", "Company": "org", "University": "org", "ResearchInstitute": "org",
    "PublicAuthority": "org", "SupportOrganisation": "org", "ClusterOrganisation": "org",
    "Investor": "org", "Association": "org", "Organization": "org", "Country": "country",
    "Region": "region", "City": "city", "Place": "place", "Sector": "sector",
    "PolicyInstrument": "instrument", "Factor": "factor", "SuccessFactor": "factor",
    "Precondition": "factor", "Barrier": "factor",
}  # fmt: skip
_UNITS = {"USD": "unit/usd", "RUB": "unit/rub", "percent": "unit/percent",
          "persons": "unit/persons", "companies": "unit/organisations"}  # fmt: skip


def records_for(proposal: Proposal, known: set[str], label: str | None = None,
                about: str | None = None) -> Records:  # fmt: skip
    """What accepting ``proposal`` writes, given the ids the curated data ``known``."""
    where = locator(proposal)
    name = " ".join((label or proposal.label).split())
    if not name:
        raise InputError("the label must not be empty")
    if "value" in dict(proposal.values):
        return _figure(proposal, known, where, about)
    if not proposal.is_new:
        return _alias(proposal, name, where)
    return _entity(proposal, known, name, where)


def _entity(proposal: Proposal, known: set[str], name: str, where: str) -> Records:
    cls = _class_name(proposal.proposed_type)
    prefix = _ID_PREFIX.get(cls.split(":")[-1], "entity")
    new_id = f"{prefix}/{slugify(name)}"
    if new_id in known:
        raise InputError(f"{new_id} is already curated: accept a candidate that names it")
    records: Records = {"entities": [{"id": new_id, "a": cls, "label": name, "at": where}]}
    cluster = _curated_id(proposal.member_of) if proposal.member_of else None
    if cluster in known and prefix == "org":
        records["memberships"] = [
            {"organization": cluster, "member": new_id, "role": "role/member", "at": where}
        ]
    return records


def _alias(proposal: Proposal, name: str, where: str) -> Records:
    existing = _curated_id(proposal.entity)
    if existing is None:
        raise InputError(f"{proposal.entity} is not one of the graph's own entities")
    if proposal.exact.strip().casefold() == proposal.label.strip().casefold():
        return {}
    return {"statements": [[existing, "skos:altLabel", proposal.exact, where]]}


def _figure(proposal: Proposal, known: set[str], where: str, about: str | None) -> Records:
    values = dict(proposal.values)
    if not about or about not in known:
        raise InputError("a figure needs --about: the curated id of what it measures")
    try:
        value = Decimal(values["value"])
    except InvalidOperation as err:
        raise InputError(f"the proposed value {values['value']!r} is not a number") from err
    entities: list[dict[str, Any]] = []
    measure = values.get("measure") or proposal.label
    indicator = f"indicator/{slugify(measure)}"
    if indicator not in known:
        entities.append({"id": indicator, "a": "Indicator", "label": measure, "at": where})
    unit = _UNITS.get(values.get("unit", ""), f"unit/{slugify(values.get('unit') or 'count')}")
    if unit not in known:
        entities.append({"id": unit, "a": "UnitOfMeasure", "label": values.get("unit") or
                         "count", "at": where})  # fmt: skip
    figure: dict[str, Any] = {
        "id": f"figure/{proposal.key}-{slugify(measure)}-{proposal.start}",
        "about": about, "indicator": indicator, "value": _number(value), "unit": unit,
        "at": where,
    }  # fmt: skip
    if values.get("year", "").isdigit():
        figure["year"] = int(values["year"])
    return {"entities": entities, "figures": [figure]} if entities else {"figures": [figure]}


def _number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def _class_name(proposed_type: str | None) -> str:
    if not proposed_type:
        raise InputError("the candidate proposes no type; it cannot become an entity")
    if proposed_type.startswith(str(S3KG)):
        return proposed_type[len(str(S3KG)) :]
    return short(proposed_type)


def _curated_id(iri: str | None) -> str | None:
    """The curated id of an entity IRI of ours (``…/id/cluster/kama`` -> ``cluster/kama``)."""
    if iri and iri.startswith(str(ID)):
        return iri[len(str(ID)) :]
    return None
