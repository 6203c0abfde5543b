"""What an extractor proposes: one located candidate fact or entity."""

from __future__ import annotations

from dataclasses import dataclass, field

# The categories of candidates; the gold set and the quality report use the same names.
CATEGORIES = (
    "cluster", "organisation", "place", "sector", "figure", "instrument", "factor",
)  # fmt: skip


@dataclass(frozen=True)
class Candidate:
    """A proposal found at ``doc_key``'s characters ``start:end`` (its exact text span).

    ``label`` is a short name (never a copied sentence); ``method`` names the extractor and
    its rule (``places:iso3166``); ``kind`` refines the category (an organisation's kind, a
    place's level, a factor's category); ``links`` are identifiers it resolved to, as
    ``(scheme, id)`` pairs (``("iso3166-1", "DE")``, ``("nuts2021", "DE21")``,
    ``("nace", "C26")``, ``("entity", <IRI of an entity the graph already has>)``);
    ``values`` carries what a figure measures (value, unit, year, measure, about, level or
    change) as strings.
    """

    category: str
    doc_key: str
    start: int
    end: int
    label: str
    method: str
    confidence: float
    kind: str | None = None
    links: tuple[tuple[str, str], ...] = ()
    values: tuple[tuple[str, str], ...] = field(default=())

    def __post_init__(self) -> None:
        if self.category not in CATEGORIES:
            raise ValueError(f"unknown candidate category {self.category!r}")
        if not 0 <= self.start < self.end:
            raise ValueError(f"empty or negative span {self.start}:{self.end}")
        if not 0.0 <= self.confidence <= 1.0:
            raise ValueError(f"confidence {self.confidence} is outside 0..1")
