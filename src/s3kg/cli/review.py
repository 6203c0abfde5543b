"""``s3kg review``: list the candidate facts of the last build, accept or reject them."""

from __future__ import annotations

import json
import os

import click

from s3kg.cli.common import friendly_errors
from s3kg.config import ServerConfig, Settings

_REVIEWER = click.option(
    "--reviewer", envvar="S3KG_REVIEWER", default=lambda: os.environ.get("USER", ""),
    show_default="$USER", help="Who decides (recorded with the decision).",
)  # fmt: skip


@click.group("review")
def review_group() -> None:
    """Review what the extractors proposed (the candidates graph of the last build).

    Accepting writes curated records with their locators to data/curated/reviewed.yaml;
    the next `s3kg build` makes them facts. Rejecting is remembered in
    data/review/decisions.yaml, so the proposal does not come back.
    """


@review_group.command("list")
@click.option("--document", default=None, help="Only this document (its IRI).")
@click.option("--category", default=None, help="cluster, organisation, place, sector, figure…")
@click.option("--min-confidence", type=float, default=0.0, show_default=True)
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
@click.pass_obj
@friendly_errors
def list_command(settings: Settings, document: str | None, category: str | None,
                 min_confidence: float, fmt: str) -> None:  # fmt: skip
    """The candidates nobody has decided on yet."""
    from s3kg.curation.review import load_decisions
    from s3kg.review.proposals import as_row, fetch, pending

    proposals = fetch(settings, ServerConfig(settings.store_dir), document)
    found = pending(proposals, load_decisions(settings.review_dir), category, min_confidence)
    rows = [as_row(p) for p in found]
    if fmt == "json":
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    for row in rows:
        click.echo(f"{row['id']}  {row['document']}  {row['category']:<12} "
                   f"{row['confidence']:.2f}  {row['label']}  [{row['method']}]")  # fmt: skip
    click.echo(f"{len(rows)} candidate(s) to review", err=True)


@review_group.command("accept")
@click.argument("candidate")
@click.option("--label", default=None, help="A corrected short name.")
@click.option("--about", default=None, help="For a figure: the curated id it measures.")
@_REVIEWER
@click.pass_obj
@friendly_errors
def accept_command(settings: Settings, candidate: str, label: str | None, about: str | None,
                   reviewer: str) -> None:  # fmt: skip
    """Accept CANDIDATE (its id from `s3kg review list`, or its IRI)."""
    from s3kg.review.actions import accept
    from s3kg.review.proposals import fetch, find

    proposal = find(fetch(settings, ServerConfig(settings.store_dir)), candidate)
    decision, _records = accept(proposal, settings.curated_dir, settings.review_dir, reviewer,
                               label=label, about=about)  # fmt: skip
    written = ", ".join(decision.records) or "nothing new (the graph has it already)"
    click.echo(f"accepted {proposal.short_id}: {written}; run `s3kg build` to make it a fact")


@review_group.command("reject")
@click.argument("candidate")
@_REVIEWER
@click.pass_obj
@friendly_errors
def reject_command(settings: Settings, candidate: str, reviewer: str) -> None:
    """Reject CANDIDATE: the next builds leave it out."""
    from s3kg.review.actions import reject
    from s3kg.review.proposals import fetch, find

    proposal = find(fetch(settings, ServerConfig(settings.store_dir)), candidate)
    reject(proposal, settings.curated_dir, settings.review_dir, reviewer)
    click.echo(f"rejected {proposal.short_id} ({proposal.label})")


COMMANDS = (review_group,)
