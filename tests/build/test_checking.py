"""Validation shared out between processes reports what one process with every shape does."""

from __future__ import annotations

from dataclasses import replace

import pytest
from rdflib import Literal
from rdflib.namespace import RDFS
from tests.build.conftest import TINY_CORPUS

from s3kg.build.checking import Validation, verdict_of
from s3kg.build.pipeline import _validation_graphs, assemble
from s3kg.config import Settings
from s3kg.vocab.namespaces import ID, Graphs


@pytest.fixture(scope="module")
def graphs():  # type: ignore[no-untyped-def]
    settings = replace(Settings(), corpus_dir=TINY_CORPUS, curated_dir=TINY_CORPUS / "curated")
    outcome = assemble(settings, reason=False)
    return settings, _validation_graphs(outcome)


def _counts(summary: dict[str, object]) -> tuple[object, ...]:
    return tuple(summary[k] for k in ("conforms", "violations", "warnings", "infos"))


def test_two_processes_report_what_one_does(graphs) -> None:  # type: ignore[no-untyped-def]
    settings, data = graphs
    alone = verdict_of(data, settings)
    shared = Validation(data, settings).result()
    assert _counts(shared.summary) == _counts(alone.summary)
    assert alone.summary["infos"] + alone.summary["warnings"] > 0  # something to compare


def test_a_violation_found_by_either_process_stops_the_build(graphs) -> None:  # type: ignore[no-untyped-def]
    settings, data = graphs
    broken = dict(data)
    facts = broken[Graphs.FACTS] + broken[Graphs.FACTS].__class__()
    cluster = ID["cluster/lakeside-robotics"]
    facts.add((cluster, RDFS.label, Literal("a second English label", lang="en")))
    broken[Graphs.FACTS] = facts
    alone, shared = verdict_of(broken, settings), Validation(broken, settings).result()
    assert not shared.conforms and not alone.conforms
    assert _counts(shared.summary) == _counts(alone.summary)
    assert shared.brief.splitlines()[0] in alone.brief
