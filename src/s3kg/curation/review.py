"""A curator's decisions on candidate facts, and the curated records an acceptance writes.

Decisions are kept in ``data/review/decisions.yaml``, one per candidate annotation (its IRI
is stable while the document's text is): the verdict, who decided and when, the method that
proposed it, and for an acceptance the ids of the curated records written. Rejected and
accepted candidates are left out of the next build's candidates graph, so the same proposal
does not come back. Accepted records go to ``data/curated/reviewed.yaml``, an ordinary
curated file: the next build checks and emits them like any other, with their locators.
Both files are written under the review folder's lock and replaced atomically.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import yaml

from s3kg.errors import InputError
from s3kg.files import locked, write_atomically
from s3kg.yamlfile import safe_load

DECISIONS = "decisions.yaml"
REVIEWED = "reviewed.yaml"
VERDICTS = ("accepted", "rejected")


@dataclass(frozen=True)
class Decision:
    annotation: str  # IRI of the candidate annotation
    verdict: str
    reviewer: str
    date: str  # ISO 8601 date
    method: str  # the extractor rule that proposed it
    document: str  # document key
    label: str  # the proposal's short name, for people reading the file
    records: tuple[str, ...] = field(default=())  # curated ids written on acceptance

    def __post_init__(self) -> None:
        if self.verdict not in VERDICTS:
            raise InputError(f"verdict must be one of {', '.join(VERDICTS)}, not {self.verdict!r}")
        if not self.reviewer.strip():
            raise InputError("a decision needs a reviewer's name")


def load_decisions(review_dir: Path) -> dict[str, Decision]:
    """Every decision so far, by annotation IRI (none if the file does not exist yet)."""
    path = review_dir / DECISIONS
    if not path.is_file():
        return {}
    raw = _read(path).get("decisions") or []
    if not isinstance(raw, list):
        raise InputError(f"{path}: 'decisions' must be a list")
    found: dict[str, Decision] = {}
    for number, item in enumerate(raw):
        try:
            decision = Decision(**{**item, "records": tuple(item.get("records") or ())})
        except (TypeError, AttributeError) as err:
            raise InputError(f"{path}: decision {number} is malformed: {err}") from err
        found[decision.annotation] = decision
    return found


def record_decision(
    review_dir: Path,
    curated_dir: Path,
    decision: Decision,
    records: Mapping[str, list[dict[str, Any]]] | None = None,
) -> None:
    """Remember ``decision``; on acceptance, append ``records`` (by curated section)."""
    with locked(review_dir, "review folder"):
        decisions = load_decisions(review_dir)
        if decision.annotation in decisions:
            earlier = decisions[decision.annotation]
            raise InputError(
                f"{decision.annotation} was already {earlier.verdict} by {earlier.reviewer} "
                f"on {earlier.date}"
            )
        if records:
            _append_records(curated_dir / REVIEWED, records)
        decisions[decision.annotation] = decision
        listed = [_plain(d) for d in sorted(decisions.values(), key=lambda d: d.annotation)]
        write_atomically(review_dir / DECISIONS, _dump({"decisions": listed}))


def _append_records(path: Path, records: Mapping[str, list[dict[str, Any]]]) -> None:
    data = _read(path) if path.is_file() else {}
    for section, items in records.items():
        data.setdefault(section, [])
        data[section].extend(items)
    header = (
        "# Curated records written by `s3kg review` (or the review page) when a curator\n"
        "# accepted a candidate; data/review/decisions.yaml says who and when. Edit freely.\n"
    )
    write_atomically(path, header + _dump(data))


def _plain(decision: Decision) -> dict[str, Any]:
    plain = asdict(decision)
    plain["records"] = list(decision.records)
    return plain


def _read(path: Path) -> dict[str, Any]:
    try:
        data = safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as err:
        raise InputError(f"{path}: cannot be read as YAML: {err}") from err
    if not isinstance(data, dict):
        raise InputError(f"{path}: the top level must be a mapping")
    return data


def _dump(data: Mapping[str, Any]) -> str:
    return yaml.safe_dump(dict(data), sort_keys=False, allow_unicode=True, width=100)
