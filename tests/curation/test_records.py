"""Years in curated records (a figure's year and start_year, a fact's since) are whole numbers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from s3kg.curation.records import CuratedData, load_curated
from s3kg.errors import InputError

FIGURE = {"id": "figure/f", "about": "cluster/x", "indicator": "indicator/employees",
          "value": 10, "unit": "unit/persons", "at": '901:p4 "10"'}  # fmt: skip


def _load(tmp_path: Path, document: dict[str, Any]) -> CuratedData:
    (tmp_path / "years.yaml").write_text(yaml.safe_dump(document), encoding="utf-8")
    return load_curated(tmp_path)


@pytest.mark.parametrize(("given", "year"), [(2019, 2019), ("2019", 2019), (None, None)])
def test_a_figure_year_is_read_as_a_whole_number(tmp_path: Path, given: Any, year: Any) -> None:
    figure = _load(tmp_path, {"figures": [{**FIGURE, "year": given, "start_year": given}]})
    assert (figure.figures[0].year, figure.figures[0].start_year) == (year, year)


@pytest.mark.parametrize("key", ["year", "start_year"])
@pytest.mark.parametrize("given", [2019.5, "2019-05", "about 2019", True, "٢٠١٩"])
def test_a_figure_year_that_is_not_a_whole_number_is_refused(
    tmp_path: Path, key: str, given: Any
) -> None:
    with pytest.raises(InputError, match=f"years.yaml.*'{key}' must be a year such as 2019"):
        _load(tmp_path, {"figures": [{**FIGURE, key: given}]})


def test_since_is_a_year_too(tmp_path: Path) -> None:
    fact = {"p": "specialisesIn", "o": "sector/s", "at": '901:p4 "x"', "since": "the 1990s"}
    entity = {"id": "cluster/x", "a": "Cluster", "label": "X", "at": '901:p4 "x"', "facts": [fact]}
    with pytest.raises(InputError, match="'since' must be a year such as 2019"):
        _load(tmp_path, {"entities": [entity]})
