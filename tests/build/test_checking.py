"""Validation shared out between processes reports what one process with every shape does."""

from __future__ import annotations

import time
from dataclasses import replace
from pathlib import Path

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
    # Graphs the child gathers itself (as a build passes them) are checked the same way.
    made_there = Validation(lambda: broken, settings).result()
    assert _counts(made_there.summary) == _counts(alone.summary)
    # ... and so is a graph handed over late, after the child prepared the rest: the broken
    # facts arrive last and their violation is still found.
    early = {name: graph for name, graph in broken.items() if name != Graphs.FACTS}
    late = Validation(lambda: early, settings, [Graphs.FACTS])
    late.add_late({Graphs.FACTS: broken[Graphs.FACTS]})
    assert _counts(late.result().summary) == _counts(alone.summary)


def _children_of(pid: int) -> list[int]:
    found = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(line.split(":\t", 1) for line in status.read_text().splitlines()
                          if ":\t" in line)
        except OSError:  # the process ended meanwhile
            continue
        if fields.get("PPid", "").strip() == str(pid):
            found.append(int(status.parent.name))
    return found


def _running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc (Linux)")
def test_a_cancelled_validation_leaves_no_process_behind(graphs) -> None:  # type: ignore[no-untyped-def]
    settings, data = graphs
    validation = Validation(data, settings)
    first = validation._children[0][0].pid
    deadline = time.monotonic() + 60
    while not _children_of(first) and time.monotonic() < deadline:
        time.sleep(0.05)  # until the first child has prepared the data and forked its helper
    helpers = _children_of(first)
    assert helpers, "the first child forked no helper"
    validation.cancel()
    deadline = time.monotonic() + 30
    while any(_running(pid) for pid in (first, *helpers)) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(_running(pid) for pid in (first, *helpers))
