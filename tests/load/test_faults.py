"""Faults under load: a new graph published while clients query, builds killed at random
points, and query workers killed in the middle of a query."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

from load.conftest import extra_triple
from s3kg.build.release import publish

pytestmark = pytest.mark.load
SEED = int(os.environ.get("S3KG_FAULT_SEED", "8"))
ASK_ANY = "ASK { ?s ?p ?o }"


def _health(url: str) -> dict[str, object]:
    with urllib.request.urlopen(url + "/health", timeout=10) as response:
        data: dict[str, object] = json.load(response)
        return data


def _ask(bench: ModuleType, url: str, query: str) -> tuple[int, str]:
    client = bench.Client(url, 30)
    try:
        return client.get(bench.sparql_path(query))  # type: ignore[no-any-return]
    finally:
        client.close()


@pytest.fixture
def served_var(bench: ModuleType, var_with_graph: Path) -> Iterator[tuple[Path, str]]:
    server = bench.ServerProcess(
        var_with_graph / "current" / "store",
        "--query-timeout",
        "10",
        "--workers",
        "2",
        "--log-level",
        "WARNING",
    )
    yield var_with_graph, server.url
    server.stop()


def test_publishing_new_graphs_under_load_fails_no_request(
    bench: ModuleType, served_var: tuple[Path, str]
) -> None:
    var, url = served_var
    base = (var / "current" / "s3kg.nq").read_bytes()
    published: list[str] = []

    def republish() -> None:
        for number in (1, 2):
            time.sleep(2)
            release = publish(base + extra_triple(number), {"origin": "reload"}, var)
            published.append(release.build_id)

    result = bench.run_load(url, 8, cheap_clients=4, runaway_clients=0, during=republish)
    print("\n" + bench.report(result))
    assert len(published) == 2
    assert result.samples and {s.status for s in result.samples} == {200}, bench.report(result)
    status, _ = _ask(bench, url, "ASK { <https://w3id.org/s3kg/id/test/reload-2> ?p ?o }")
    assert status == 200
    deadline = time.monotonic() + 10
    while _health(url)["build_id"] != published[-1] and time.monotonic() < deadline:
        time.sleep(0.2)
    assert _health(url)["build_id"] == published[-1]


class CurrentWatcher:
    """Polls ``var/current`` and records every moment it is missing or points at an
    incomplete release (no N-Quads, no report or no store)."""

    def __init__(self, var: Path) -> None:
        self.var, self.checks = var, 0
        self.problems: list[str] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)
        self._thread.start()

    def _loop(self) -> None:
        while not self._stop.is_set():
            target = (self.var / "current").resolve()
            missing = [
                name
                for name in ("s3kg.nq", "build.json", "store/CURRENT")
                if not (target / name).is_file()
            ]
            if missing:
                self.problems.append(f"{target}: missing {missing}")
            self.checks += 1
            time.sleep(0.01)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(5)


def _build(var: Path) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    command = [
        sys.executable,
        "-u",
        "-c",
        "from s3kg.cli import main; main()",
        "build",
        "--no-reason",
    ]
    return subprocess.Popen(
        command,
        env={**env, "S3KG_VAR": str(var)},
        text=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def _kill_after(build: subprocess.Popen[str], marker: str | None, delay: float) -> str:
    """SIGKILL the build ``delay`` s after its progress line holding ``marker`` (or start)."""
    if marker is not None:
        assert build.stderr is not None
        for line in build.stderr:
            if marker in line:
                break
    time.sleep(delay)
    outcome = "killed" if build.poll() is None else f"had exited ({build.returncode})"
    build.kill()
    build.wait(30)
    return outcome


def test_killed_builds_leave_a_complete_release_served(
    bench: ModuleType, served_var: tuple[Path, str]
) -> None:
    var, url = served_var
    rng = random.Random(SEED)
    before = _health(url)["build_id"]
    watcher = CurrentWatcher(var)
    # One kill early in the build, two in its last two seconds (serialising the N-Quads,
    # loading and optimising the staged store, renaming it, switching var/current).
    plan = [(None, rng.uniform(0.3, 2.5))] + [
        ("writing canonical N-Quads", delay)
        for delay in sorted(rng.uniform(0.6, 2.2) for _ in range(2))
    ]
    outcomes: list[str] = []
    served: set[object] = set()

    def faults() -> None:
        for marker, delay in plan:
            outcomes.append(_kill_after(_build(var), marker, delay))
            served.add(_health(url)["build_id"])

    result = bench.run_load(url, 1, cheap_clients=1, runaway_clients=0, during=faults)
    watcher.stop()
    print(
        f"\nkills: {list(zip(plan, outcomes, strict=True))}; {watcher.checks} checks; "
        f"served: {served}"
    )
    assert watcher.problems == [] and watcher.checks > 100
    published = {path.name for path in (var / "releases").iterdir() if path.is_dir()}
    assert served <= published and before in published  # the seed, or a build that finished
    assert {s.status for s in result.samples} == {200}, bench.report(result)
    final = _build(var)
    assert final.wait(120) == 0, final.stderr.read() if final.stderr else ""
    assert _ask(bench, url, ASK_ANY)[0] == 200
    assert _health(url)["build_id"] != before


def test_killing_query_workers_mid_query_is_a_503_and_the_pool_recovers(
    bench: ModuleType, served_var: tuple[Path, str]
) -> None:
    _, url = served_var
    answers: list[tuple[int, str]] = []
    runaway = threading.Thread(target=lambda: answers.append(_ask(bench, url, bench.RUNAWAY)))
    runaway.start()
    time.sleep(1.0)
    server_pid = _server_pid(url)
    workers = _query_workers(server_pid)
    assert workers
    for pid in workers:
        os.kill(pid, signal.SIGKILL)
    runaway.join(30)
    status, body = answers[0]
    assert status == 503 and "query engine stopped" in body, answers
    started = time.monotonic()
    assert _ask(bench, url, ASK_ANY)[0] == 200
    assert time.monotonic() - started < 10


def _server_pid(url: str) -> int:
    port = url.rsplit(":", 1)[1]
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                cmdline = (proc / "cmdline").read_bytes().split(b"\0")
            except OSError:
                continue
            if b"serve" in cmdline and port.encode() in cmdline:
                return int(proc.name)
    raise AssertionError(f"no server process on port {port}")


def _query_workers(pid: int) -> list[int]:
    found, stack = [], [pid]
    while stack:
        current = stack.pop()
        for task in Path(f"/proc/{current}/task").glob("*"):
            try:
                stack += [int(c) for c in (task / "children").read_text().split()]
            except OSError:
                continue
        if b"s3kg.store.worker" in Path(f"/proc/{current}/cmdline").read_bytes():
            found.append(current)
    return found
