"""Canonical N-Quads lines: merging chunks (with the repeats they share) and the difference of
two builds' lines, which the store's delta load applies."""

from __future__ import annotations

from collections import Counter

from hypothesis import given
from hypothesis import strategies as st

from s3kg.vocab.rdf import line_difference, sorted_lines

# N-Quads lines never hold a raw line break (N-Quads escapes them).
LINES = st.lists(st.binary(min_size=1, max_size=6).filter(lambda b: not set(b) & set(b"\r\n")),
                 max_size=60)


@given(st.lists(LINES, max_size=5))
def test_sorted_lines_are_the_distinct_lines_and_name_each_repeat(
    chunks: list[list[bytes]],
) -> None:
    unique, repeats = sorted_lines(b"\n".join(c) + b"\n" for c in chunks)
    every = [line for c in chunks for line in c]
    assert unique == sorted(set(every))
    # Each extra occurrence of a line, and nothing else.
    assert Counter(repeats) == Counter(every) - Counter(set(every))


@given(LINES, LINES)
def test_line_difference_is_the_set_difference_sorted_or_not(old: list[bytes],
                                                              new: list[bytes]) -> None:
    expected = (sorted(set(old) - set(new)), sorted(set(new) - set(old)))
    assert line_difference(sorted(set(old)), sorted(set(new))) == expected
    assert line_difference(list(dict.fromkeys(old)), list(dict.fromkeys(new))) == expected


def test_line_difference_finds_changes_between_long_equal_runs() -> None:
    old = [b"%06d" % i for i in range(0, 5000, 2)]
    new = sorted({*old[:1000], *old[1001:], b"%06d" % 1001, b"%06d" % 4999})
    assert line_difference(old, new) == ([old[1000]], [b"%06d" % 1001, b"%06d" % 4999])
