"""Candidates as a curator sees them: read from the graph, minus those already decided."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from s3kg.config import ServerConfig, Settings
from s3kg.curation.review import Decision
from s3kg.errors import InputError
from s3kg.sparql.named import load_query
from s3kg.store.query import prepare_named, query_store

QUERY = "candidates/review"
_PROPOSED = "https://w3id.org/s3kg/id/candidate/"


@dataclass(frozen=True)
class Proposal:
    annotation: str
    document: str
    paragraph_locator: str  # KEY:pN
    paragraph_start: int
    paragraph_text: str
    start: int
    end: int
    exact: str
    entity: str  # the entity the candidate names: proposed (id:candidate/...) or existing
    label: str
    proposed_type: str | None
    kind: str | None
    method: str
    confidence: float
    member_of: str | None = None
    values: tuple[tuple[str, str], ...] = field(default=())

    @property
    def key(self) -> str:
        return self.paragraph_locator.split(":", 1)[0]

    @property
    def is_new(self) -> bool:
        """The candidate proposes an entity the graph does not have yet."""
        return self.entity.startswith(_PROPOSED)

    @property
    def short_id(self) -> str:
        return self.annotation.rsplit("/", 1)[-1]


def fetch(settings: Settings, config: ServerConfig, document: str | None = None) -> list[Proposal]:
    """The candidates of the current build (of one document's IRI), through the query path."""
    query = load_query(settings.queries_dir / "candidates" / "review.rq", QUERY)
    values = {"document": document} if document else {}
    body = query_store(
        settings.store_dir, lambda _: prepare_named(query, values), "json", config, settings
    )
    return parse_results(body)


def parse_results(body: bytes) -> list[Proposal]:
    """SPARQL JSON results of ``queries/candidates/review.rq``, one proposal per annotation."""
    try:
        rows = json.loads(body)["results"]["bindings"]
    except (ValueError, KeyError, TypeError) as err:
        raise InputError(f"unexpected answer to the review query: {err}") from err
    seen: dict[str, Proposal] = {}
    for row in rows:
        value = {name: cell["value"] for name, cell in row.items()}
        if value["annotation"] not in seen:
            seen[value["annotation"]] = _proposal(value)
    return list(seen.values())


def _proposal(v: Mapping[str, str]) -> Proposal:
    values = tuple(
        (name, v[name]) for name in ("value", "unit", "year", "measure") if v.get(name)
    )
    return Proposal(
        annotation=v["annotation"], document=v["document"],
        paragraph_locator=v["paragraphLocator"], paragraph_start=int(v["paragraphStart"]),
        paragraph_text=v["paragraphText"], start=int(v["start"]), end=int(v["end"]),
        exact=v["exact"], entity=v["entity"], label=v.get("entityLabel") or v["exact"],
        proposed_type=v.get("proposedType"), kind=v.get("kind"), method=v["method"],
        confidence=float(v["confidence"]), member_of=v.get("memberOf"), values=values,
    )  # fmt: skip


def pending(
    proposals: Iterable[Proposal],
    decisions: Mapping[str, Decision],
    category: str | None = None,
    min_confidence: float = 0.0,
) -> list[Proposal]:
    """Proposals nobody has decided on yet, optionally of one kind and confidence."""
    return [
        p
        for p in proposals
        if p.annotation not in decisions
        and p.confidence >= min_confidence
        and (category is None or category in (p.kind, _category(p)))
    ]


def _category(proposal: Proposal) -> str:
    """The candidate's category, read from the IRI of the entity it proposes."""
    if proposal.is_new:
        return proposal.entity[len(_PROPOSED) :].split("/", 1)[0]
    return "existing"


def find(proposals: Iterable[Proposal], wanted: str) -> Proposal:
    """The proposal whose annotation IRI is ``wanted`` or ends with it (its short id)."""
    matches = [p for p in proposals if p.annotation == wanted or p.short_id == wanted]
    if len(matches) != 1:
        raise InputError(f"no pending candidate {wanted!r} (see `s3kg review list`)")
    return matches[0]


def as_row(proposal: Proposal) -> dict[str, Any]:
    """A proposal as a flat mapping (CLI tables, JSON)."""
    return {
        "id": proposal.short_id, "document": proposal.key, "category": _category(proposal),
        "label": proposal.label, "kind": proposal.kind or "", "method": proposal.method,
        "confidence": proposal.confidence, "locator": locator(proposal),
    }  # fmt: skip


def locator(proposal: Proposal) -> str:
    """A curated locator for the span: its paragraph and the span text as the anchor."""
    if '"' in proposal.exact or "…" in proposal.exact or "..." in proposal.exact:
        return proposal.paragraph_locator  # not an anchor the locator syntax can hold
    before = proposal.paragraph_text[: proposal.start - proposal.paragraph_start]
    occurrence = before.count(proposal.exact) + 1
    suffix = f"#{occurrence}" if proposal.paragraph_text.count(proposal.exact) > 1 else ""
    return f'{proposal.paragraph_locator} "{proposal.exact}"{suffix}'
