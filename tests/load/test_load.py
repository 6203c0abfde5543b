"""Mixed load on the production server over the real graph: cheap queries stay fast, runaway
ones are stopped by the time limit, nothing else fails, and memory stays bounded."""

from __future__ import annotations

import statistics
import time
from types import ModuleType

import pytest

from load.conftest import LOAD_SECONDS
from s3kg.config import Release

pytestmark = pytest.mark.load
QUERY_TIMEOUT = 5.0


def test_mixed_load_keeps_cheap_queries_fast_and_stops_runaway_ones(
    bench: ModuleType, built_release: Release, capsys: pytest.CaptureFixture[str]
) -> None:
    server = bench.ServerProcess(
        built_release.store_dir,
        "--query-timeout",
        str(QUERY_TIMEOUT),
        "--workers",
        "4",
        "--threads",
        "16",
        "--log-level",
        "WARNING",
    )
    rss: list[float] = []
    try:
        bench.sample_rss(server.process.pid, time.monotonic() + LOAD_SECONDS, rss)
        result = bench.run_load(server.url, LOAD_SECONDS, cheap_clients=6, runaway_clients=2)
    finally:
        assert server.stop() == 0  # graceful: SIGTERM ends the server cleanly
    result.rss_mb = rss
    with capsys.disabled():
        print("\n" + bench.report(result))
    cheap, runaway = result.of("cheap"), result.of("runaway")
    assert result.unexpected() == []
    assert len(cheap) >= 5 * LOAD_SECONDS  # a floor, not a throughput target
    assert {s.status for s in cheap} == {200}
    # Generous: cheap queries never wait for a runaway's time limit (figures: bench/).
    assert max(s.seconds for s in cheap) < QUERY_TIMEOUT
    assert len(runaway) >= 2
    for sample in runaway:
        assert sample.status == 503 and "timed out after" in sample.detail, sample
        assert sample.seconds < QUERY_TIMEOUT + 3
    _assert_bounded(rss)


def _assert_bounded(rss: list[float]) -> None:
    """Resident memory of the server tree: under 1.5 GB, and no steady climb."""
    assert len(rss) >= 4
    assert max(rss) < 1500, rss
    half = len(rss) // 2
    early, late = statistics.median(rss[1:half]), statistics.median(rss[half:])
    assert late < early * 1.5 + 100, rss
