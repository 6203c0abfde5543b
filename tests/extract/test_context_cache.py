"""The place and NACE tables of the extraction context are kept in the build's cache."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from s3kg.config import Settings
from s3kg.extract.run import load_context


def test_the_tables_are_kept_and_a_damaged_copy_is_made_again(tmp_path: Path) -> None:
    settings = replace(Settings(), var_dir=tmp_path)
    first = load_context(settings)
    kept = sorted((tmp_path / "cache" / "extract").glob("*.pickle"))
    assert [p.name.split("-")[0] for p in kept] == ["nace", "places"]
    assert load_context(settings).digest() == first.digest()
    kept[1].write_bytes(b"not a pickle")
    again = load_context(settings)
    assert again.digest() == first.digest() and again.places == first.places
