"""Candidate figures: the number grammar on our own strings, then the tuning documents."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from s3kg.corpus.reader import Document
from s3kg.extract.candidate import Candidate
from s3kg.extract.figures import find_figures

Maker = Callable[[str], Document]


def _figures(make_doc: Maker, body: str) -> list[tuple[str, dict[str, str]]]:
    doc = make_doc(body)
    return [(doc.text[c.start : c.end], dict(c.values)) for c in find_figures(doc)]


def _one(make_doc: Maker, body: str) -> tuple[str, dict[str, str]]:
    found = _figures(make_doc, body)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    ("body", "span", "value", "unit", "qualifier"),
    [
        (
            "The park hosts about 50 companies today.",
            "about 50 companies",
            "50",
            "companies",
            "about",
        ),
        (
            "It has more than 1,000 employees.",
            "more than 1,000 employees",
            "1000",
            "persons",
            "more than",
        ),
        ("The fund raised $3.5 billion.", "$3.5 billion", "3500000000", "USD", None),
        ("The cluster has 41 750 employees.", "41 750 employees", "41750", "persons", None),
        ("It employs fifty thousand people.", "fifty thousand people", "50000", "persons", None),
        ("Sales reached 3.5bn dollars.", "3.5bn dollars", "3500000000", "USD", None),
        ("A £1.2m scheme was opened.", "£1.2m", "1200000", "GBP", None),
        ("Grants of up to 150,000 GBP are paid.", "up to 150,000 GBP", "150000", "GBP", "up to"),
        ("The site covers 1,400 km2 of land.", "1,400 km2", "1400", "km2", None),
        ("The farm produces 500 MW of power.", "500 MW", "500", "MW", None),
        ("Output was 12 million tonnes of steel.", "12 million tonnes", "12000000", "tonnes", None),
        ("The plan costs RUB 5 billion.", "RUB 5 billion", "5000000000", "RUB", None),
        (
            "The rate reached 40.00 Russian rubles to the dollar.",
            "40.00 Russian rubles",
            "40",
            "RUB",
            None,
        ),
        (
            "Firms spent 165 billion roubles on it.",
            "165 billion roubles",
            "165000000000",
            "RUB",
            None,
        ),
        ("Nearly 41% of the capital went there.", "Nearly 41%", "41", "percent", "almost"),
        (
            "Taxes are at least 20 per cent of profit.",
            "at least 20 per cent",
            "20",
            "percent",
            "at least",
        ),
        ("Two thirds of investment is local.", "Two thirds", "66.7", "percent", None),
    ],
)
def test_number_forms(
    make_doc: Maker, body: str, span: str, value: str, unit: str, qualifier: str | None
) -> None:
    text, values = _one(make_doc, body)
    assert text == span
    assert values["value"] == value
    assert values["unit"] == unit
    assert values.get("qualifier") == qualifier


def test_ranges_keep_their_upper_bound(make_doc: Maker) -> None:
    text, values = _one(make_doc, "Margins are 10–15% in this trade.")
    assert (text, values["value"], values["value_max"], values["unit"]) == (
        "10–15%", "10", "15", "percent")  # fmt: skip
    text, values = _one(make_doc, "The town has between 5 and 10 firms.")
    assert (text, values["value"], values["value_max"]) == ("between 5 and 10 firms", "5", "10")


def test_percentage_points_and_changes(make_doc: Maker) -> None:
    text, values = _one(make_doc, "The share rose by 3 percentage points last year.")
    assert (text, values["unit"], values["change"]) == (
        "3 percentage points", "percentage points", "increase")  # fmt: skip
    _, values = _one(make_doc, "Export revenue increased by 22% from 2015 to 2018.")
    assert values["change"] == "increase"
    assert (values["start_year"], values["year"]) == ("2015", "2018")
    assert values["measure"] == "export revenue"
    _, values = _one(make_doc, "Unemployment fell to 4.1% in 2018.")
    assert (values["change"], values["year"]) == ("decrease", "2018")
    _, values = _one(make_doc, "The economy grew at an annual rate of 7.5% in the decade.")
    assert values["change"] == "growth rate"


def test_measures_from_the_sentence(make_doc: Maker) -> None:
    _, values = _one(make_doc, "The unemployment rate of the county was 9.4% in 2009.")
    assert (values["measure"], values["year"]) == ("unemployment rate", "2009")
    _, values = _one(make_doc, "Alpha Valley received 41% of all U.S. venture investment.")
    assert values["measure"] == "U.S. venture investment share"
    assert values["about"] == "Alpha Valley"
    _, values = _one(make_doc, "The Alpha Park, employing over 130,000 people, is large.")
    assert values["measure"] == "employees"
    assert values["about"] == "Alpha Park"


def test_each_figure_takes_its_own_year(make_doc: Maker) -> None:
    found = _figures(make_doc, "It got 41% of the money in 2011, and 46% in 2012.")
    assert [(t, v["year"]) for t, v in found] == [("41%", "2011"), ("46%", "2012")]


@pytest.mark.parametrize(
    "body",
    [
        "The zone was created in 1996 by decree.",
        "Under § 3722 the Secretary may act.",
        "See 42 U.S.C. 19108 for the terms.",
        "Call 0121 456 7890 for details.",
        "Growth was strong.[9] It slowed later.",
        "Section 3 of the act defines the terms.",
        "The report was published on 20 July 2019 in London.",
        "It opened on July 20, 2019 in London.",
        "See page 45 and pp. 12–14 of the report.",
        "1. The first point is made here.",
        "(2) The Secretary shall publish a notice.",
        "The Fortune 1000 list names them.",
        "The boom of the 1970s changed the area.",
        "They signed five-year agreements.",
        "Public Law 117-167 amended the program.",
        "Between 1981 and 1995 the economy changed.",
        "One of the firms moved away.",
        "It grew fast during the past 40 years.",
    ],
)
def test_numbers_that_are_not_figures(make_doc: Maker, body: str) -> None:
    assert _figures(make_doc, body) == []


def test_candidates_are_well_formed(make_doc: Maker) -> None:
    doc = make_doc("Over 430 companies employ 130,000 people and paid US$36.10 billion in 2008.")
    found = find_figures(doc)
    assert [doc.text[c.start : c.end] for c in found] == [
        "Over 430 companies", "130,000 people", "US$36.10 billion"]  # fmt: skip
    for candidate in found:
        assert isinstance(candidate, Candidate)
        assert candidate.category == "figure"
        assert candidate.method == "figures:grammar"
        assert len(candidate.label.split()) <= 12
    money = found[2]
    assert dict(money.values)["year"] == "2008"
    assert money.confidence > found[0].confidence - 0.25


# --- the tuning documents -----------------------------------------------------------------


def _by_span(doc: Document) -> dict[str, list[dict[str, str]]]:
    spans: dict[str, list[dict[str, str]]] = {}
    for candidate in find_figures(doc):
        spans.setdefault(doc.text[candidate.start : candidate.end], []).append(
            dict(candidate.values)
        )
    return spans


def test_hsinchu_science_park_in_102(tuning: Callable[[str], Document]) -> None:
    spans = _by_span(tuning("102"))
    (staff,) = spans["over 130,000 people"]
    assert staff["value"] == "130000"
    assert (staff["unit"], staff["qualifier"], staff["measure"]) == (
        "persons", "more than", "employees")  # fmt: skip
    (companies,) = spans["Over 430 companies"]
    assert (companies["value"], companies["unit"]) == ("430", "companies")
    (capital,) = spans["US$36.10 billion"]
    assert (capital["value"], capital["unit"], capital["year"]) == (
        "36100000000", "USD", "2008")  # fmt: skip


def test_venture_capital_shares_in_101(tuning: Callable[[str], Document]) -> None:
    spans = _by_span(tuning("101"))
    (first,) = spans["41%"]
    assert (first["year"], first["unit"]) == ("2011", "percent")
    assert "venture investment" in first["measure"]
    assert [v["year"] for v in spans["46%"] if v.get("year") == "2012"] == ["2012"]
    (rate,) = spans["9.4%"]
    assert rate["measure"] == "unemployment rate"


def test_curated_figures_of_004_are_proposed(tuning: Callable[[str], Document]) -> None:
    spans = _by_span(tuning("004"))
    expected = {
        "around 200 enterprises": ("200", "companies"),
        "over fifty thousand people": ("50000", "persons"),
        "41750 employees": ("41750", "persons"),
        "13.8 billion dollars": ("13800000000", "USD"),
        "about 165 billion roubles": ("165000000000", "RUB"),
        "two thirds": ("66.7", "percent"),
        "1350 organizations": ("1350", "companies"),
    }
    for span, (value, unit) in expected.items():
        assert (spans[span][0]["value"], spans[span][0]["unit"]) == (value, unit), span


@pytest.mark.parametrize("key", ["101", "102", "103", "106", "108", "109", "111", "004"])
def test_no_locators_years_or_markers_in_tuning_documents(
    tuning: Callable[[str], Document], key: str
) -> None:
    doc = tuning(key)
    for candidate in find_figures(doc):
        span = doc.text[candidate.start : candidate.end]
        before = doc.text[max(0, candidate.start - 3) : candidate.start]
        assert "§" not in before and "U.S.C" not in span and "[" not in span, span
        assert not (span.isdigit() and len(span) == 4), span  # a bare year
        value = dict(candidate.values)["value"]
        assert not (value.isdigit() and 1900 <= int(value) <= 2030 and span == value), span


def test_legal_text_gives_only_money_shares_and_counts(tuning: Callable[[str], Document]) -> None:
    units = {dict(c.values)["unit"] for c in find_figures(tuning("111"))}
    assert units <= {"USD", "percent", "count", "years"}
    assert "USD" in units and "percent" in units
