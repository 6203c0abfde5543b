"""Accepting and rejecting a proposal: the decision, and on acceptance the curated records."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from s3kg.curation.records import load_curated
from s3kg.curation.review import Decision, record_decision
from s3kg.errors import InputError
from s3kg.review.proposals import Proposal
from s3kg.review.records import Records, records_for


def accept(
    proposal: Proposal,
    curated_dir: Path,
    review_dir: Path,
    reviewer: str,
    *,
    label: str | None = None,
    about: str | None = None,
    today: dt.date | None = None,
) -> tuple[Decision, Records]:
    """Write the records ``proposal`` becomes and remember the acceptance."""
    curated = load_curated(curated_dir)
    known = {e.id for e in curated.all_entities()} | {f.id for f in curated.figures}
    records = records_for(proposal, known, label=label, about=about)
    written = tuple(
        str(item["id"]) for section in ("entities", "figures")
        for item in records.get(section, [])
    )  # fmt: skip
    decision = _decision(proposal, "accepted", reviewer, today, written)
    record_decision(review_dir, curated_dir, decision, records)
    return decision, records


def reject(
    proposal: Proposal, curated_dir: Path, review_dir: Path, reviewer: str,
    today: dt.date | None = None,
) -> Decision:  # fmt: skip
    """Remember that ``proposal`` is wrong, so the next builds leave it out."""
    decision = _decision(proposal, "rejected", reviewer, today, ())
    record_decision(review_dir, curated_dir, decision)
    return decision


def _decision(
    proposal: Proposal, verdict: str, reviewer: str, today: dt.date | None,
    records: tuple[str, ...],
) -> Decision:  # fmt: skip
    if not reviewer or not reviewer.strip():
        raise InputError("say who reviews (--reviewer NAME, or S3KG_REVIEWER)")
    return Decision(
        annotation=proposal.annotation, verdict=verdict, reviewer=reviewer.strip(),
        date=(today or dt.date.today()).isoformat(), method=proposal.method,
        document=proposal.key, label=proposal.label, records=records,
    )  # fmt: skip
