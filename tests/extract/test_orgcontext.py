"""Organisations named by what the sentence says about them (orgcontext.py), their later
mentions (orgforms.py) and the head words (orgheads.py), on sentences written for these tests."""

from __future__ import annotations

from collections.abc import Callable

from s3kg.corpus.reader import Document
from s3kg.extract.context import Context
from s3kg.extract.names import runs
from s3kg.extract.organisations import extract_organisations
from s3kg.extract.orgheads import org_kind
from s3kg.extract.run import propose

Maker = Callable[[str], Document]


def _orgs(doc: Document, context: Context, method: str | None = None) -> dict[str, str | None]:
    """Text -> kind of the organisations found (by one rule, or after settling)."""
    if method is None:
        found = [c for c in propose(doc, context) if c.category == "organisation"]
    else:
        found = [c for c in extract_organisations(doc, context)
                 if c.method == f"organisations:{method}"]  # fmt: skip
    return {doc.text[c.start : c.end]: c.kind for c in found}


def test_names_listed_after_is_home_to_are_organisations(
    make_doc: Maker, context: Context
) -> None:
    doc = make_doc("The valley is home to Zorblat, Quenmore and the Vantorix Group.")
    assert set(_orgs(doc, context, "home-to")) == {"Zorblat", "Quenmore", "Vantorix Group"}


def test_a_name_described_by_what_it_is_is_an_organisation(
    make_doc: Maker, context: Context
) -> None:
    doc = make_doc(
        "Kestrelwick, the largest maker of bicycle gears in the north, hired staff. "
        "Last year the tyre manufacturer Brontavia came too, and so did Pellory, a small bank."
    )
    found = _orgs(doc, context, "apposition")
    assert found == {"Kestrelwick": "company", "Brontavia": "company",
                     "Pellory": "financial institution"}  # fmt: skip


def test_the_body_in_a_job_title_or_a_credit_is_an_organisation(
    make_doc: Maker, context: Context
) -> None:
    doc = make_doc(
        "“We like it here,” says the chief executive of Quenmore. "
        "“So do we.” (Ann Vale, Director of Sales, Zorblat)"
    )
    assert set(_orgs(doc, context, "title")) == {"Quenmore", "Zorblat"}
    assert "Ann Vale" not in _orgs(doc, context)


def test_what_people_found_work_at_or_get_money_from_are_organisations(
    make_doc: Maker, context: Context
) -> None:
    doc = make_doc(
        "Two engineers left to found Zorblat. Others were working at Quenmore. "
        "Using money from Vantorix and the Pellory Trust, they built a lab. "
        "Many Brixley graduates stayed."
    )
    assert set(_orgs(doc, context, "founded")) == {"Zorblat"}
    workplaces = _orgs(doc, context, "workplace")
    assert {"Quenmore", "Vantorix", "Pellory Trust", "Brixley"} <= set(workplaces)
    assert workplaces["Brixley"] == "university"


def test_a_name_that_does_something_to_its_own_things_is_a_body(
    make_doc: Maker, context: Context
) -> None:
    doc = make_doc("While Zorblat moved its offices, Ann Vale kept her shop and Paris kept its.")
    assert _orgs(doc, context, "its") == {"Zorblat": "company"}


def test_web_names_and_state_bodies_named_by_their_head_word(
    make_doc: Maker, context: Context
) -> None:
    doc = make_doc("Zorblat.com signed a contract with the Navy. The Government agreed.")
    assert _orgs(doc, context, "domain") == {"Zorblat.com": "company"}
    assert _orgs(doc, context, "standalone") == {"Navy": "public authority"}
    assert "Government" not in _orgs(doc, context)


def test_the_short_form_of_a_name_is_the_same_body_unless_it_is_a_surname(
    make_doc: Maker, context: Context
) -> None:
    doc = make_doc(
        "Zorblat Semiconductor opened in 1970, and Zorblat's engineers stayed. "
        "Ann Quenmore founded Quenmore Electronics; later, Quenmore retired."
    )
    short = _orgs(doc, context, "short-form")
    assert short == {"Zorblat": "company"}


def test_a_one_word_name_in_brackets_after_an_organisation_is_its_other_name(
    make_doc: Maker, context: Context
) -> None:
    doc = make_doc("The Northtown Power Company (Nortpower) runs the grid. Nortpower grew.")
    found = [c for c in extract_organisations(doc, context)
             if c.method == "organisations:alias"]  # fmt: skip
    assert [doc.text[c.start : c.end] for c in found] == ["Nortpower", "Nortpower"]


def test_a_firm_named_after_a_foreign_town_is_found_among_companies(
    make_doc: Maker, context: Context
) -> None:
    doc = make_doc(
        "England has many investors, and companies such as Komatsu and Zorblat came to Leeds."
    )
    found = _orgs(doc, context)
    assert "Komatsu" in found and "Leeds" not in found
    places = {doc.text[c.start : c.end] for c in propose(doc, context) if c.category == "place"}
    assert "Komatsu" not in places and "Leeds" in places


def test_an_acronym_is_found_before_its_definition_and_with_a_comma(
    make_doc: Maker, context: Context
) -> None:
    doc = make_doc("ZRA grew fast. The Zorblat Research Agency (ZRA, founded 1990) is public.")
    found = [doc.text[c.start : c.end] for c in extract_organisations(doc, context)
             if c.method == "organisations:acronym"]  # fmt: skip
    assert found == ["ZRA", "ZRA"]


def test_an_owner_and_a_place_are_cut_off_a_named_centre(
    make_doc: Maker, context: Context
) -> None:
    doc = make_doc("We met at Zorblat's Kestrel Research Centre in London last year.")
    found = _orgs(doc, context)
    assert found["Kestrel Research Centre"] == "research institute"
    assert "Zorblat" in found and not any("London" in name for name in found)


def test_a_named_fund_that_is_an_instrument_is_not_also_a_bank(
    make_doc: Maker, context: Context
) -> None:
    doc = make_doc("The Northtown Growth Fund offers loans to small firms.")
    assert "Northtown Growth Fund" not in _orgs(doc, context)
    instruments = [c for c in propose(doc, context) if c.category == "instrument"]
    assert any(doc.text[c.start : c.end] == "Northtown Growth Fund" for c in instruments)


def test_head_words_and_the_words_around_them_give_the_kind() -> None:
    assert org_kind("Northtown Business Centre") == "development agency"
    assert org_kind("Riverside Arts Centre") is None  # a venue
    assert org_kind("Kestrel Research Centre") == "research institute"
    assert org_kind("Zorblat Motors UK") == "company"
    assert org_kind("Zorblat Motors Street") is None
    assert org_kind("Academia Zorblatica") == "research institute"
    assert org_kind("National Science Council") == "public authority"
    assert org_kind("Zorblat Daily News") == "company"


def test_initials_with_dots_and_capitalised_acronyms_stay_in_a_name() -> None:
    text = "They sold it to the U.S. Navy and to the US Air Force."
    assert [r.text for r in runs(text)] == ["U.S. Navy", "US Air Force"]
