"""The pauses, thresholds and freezes of ``s3kg.heap`` leave the collector as they found it."""

from __future__ import annotations

import gc
import weakref

import pytest

from s3kg.heap import collector_paused, frozen_heap, young_collections_only


@pytest.mark.parametrize("enabled", [True, False])
def test_collector_paused_restores_the_state_it_found(enabled: bool) -> None:
    was = gc.isenabled()
    (gc.enable if enabled else gc.disable)()
    try:
        with collector_paused():
            assert not gc.isenabled()
        assert gc.isenabled() is enabled
    finally:
        (gc.enable if was else gc.disable)()


def test_collector_paused_restores_it_after_an_error() -> None:
    gc.enable()
    with pytest.raises(RuntimeError), collector_paused():
        raise RuntimeError("boom")
    assert gc.isenabled()


def test_young_collections_only_keeps_young_passes_and_restores_the_thresholds() -> None:
    before = gc.get_threshold()
    with young_collections_only():
        young, middle, old = gc.get_threshold()
        assert (young, middle) == before[:2] and old > 10**6
    assert gc.get_threshold() == before


def test_frozen_heap_nests_and_only_the_outermost_unfreezes() -> None:
    assert gc.get_freeze_count() == 0
    with frozen_heap():
        outer = gc.get_freeze_count()
        assert outer > 0
        with frozen_heap():
            pass
        assert gc.get_freeze_count() >= outer  # the inner block did not thaw the outer one
    assert gc.get_freeze_count() == 0


class _Node:
    partner: object = None


def test_a_cycle_made_before_and_dropped_inside_is_collected_after_the_block() -> None:
    first, second = _Node(), _Node()
    first.partner, second.partner = second, first
    watch = weakref.ref(first)
    with frozen_heap():
        del first, second
        gc.collect()
        assert watch() is not None  # frozen with the rest: out of the collector's reach
    gc.collect()
    assert watch() is None
