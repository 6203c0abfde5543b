"""Each competency-question query answers what the documents say.

Expected answers were read off the documents by us (see the question list in
``../shared/competency-questions.md``). Names are matched as case-insensitive substrings of
the labels, one expected name per distinct answer, and the number of distinct answers must
equal the number expected, so a missing answer and an extra wrong one both fail.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
import pytest

from s3kg.config import Settings
from s3kg.sparql.named import NamedQuery, bind, load_queries

pytestmark = pytest.mark.slow

QUERIES = load_queries(Settings().queries_dir)

# CQ -> (column, expected names); every answer of the column must match one expected name.
NAMES: dict[str, tuple[str, list[str]]] = {
    "CQ01": ("authorName", ["Elena", "Oleg"]),
    "CQ02": (
        "organisationLabel",
        [
            "Department of Economic Theory",
            "Scientific Research Institute",
            "Volgograd State University",
        ],
    ),
    "CQ04": ("organisationLabel", ["Department for Strategic Development", "Plekhanov"]),
    "CQ05": (
        "regionLabel",
        [
            "Bashkortostan",
            "Kaluga",
            "Moscow",
            "Nizhny Novgorod",
            "Perm",
            "Saint Petersburg",
            "Samara",
            "Tatarstan",
            "Ulyanovsk",
        ],
    ),
    "CQ08": ("clusterLabel", ["car assembly", "Pharmaceuticals"]),
    "CQ10": (
        "clusterLabel",
        [
            "Aero Montreal",
            "ChemCologne",
            "ChemSite",
            "London",
            "Phoenix",
            "Seattle",
            "Silicon Valley",
            "Sophia Antipolis",
            "Triangle Park",
            "wood industry",
            "Zhanjiang",
        ],
    ),
    "CQ13": ("countryLabel", ["Canada", "China", "Finland", "Germany", "USA"]),
    "CQ14": (
        "conceptLabel",
        ["Advanced Materials", "Energy Efficiency", "ICT", "Medtech", "Microelectronics"],
    ),
    "CQ16": (
        "conceptLabel",
        [
            "accessories and components",
            "aerospace",
            "airplanes",
            "electronic equipment",
            "gas turbine and rocket engines",
            "missile-carrying aircraft",
            "space vehicles",
        ],
    ),
    "CQ17": ("conceptLabel", ["aircraft manufacturing", "engine technology", "space and missile"]),
    "CQ19": ("productLabel", ["synthetic rubber", "trucks", "tyres"]),
    "CQ20": ("sectorLabel", ["biopharmaceutics", "computer software", "integrated circuits"]),
    "CQ22": ("clusterLabel", ["Aero Montreal", "Phoenix", "Samara", "Seattle"]),
    "CQ35": (
        "groupLabel",
        ["Academic", "Business", "Federal", "Investors", "Partners", "Regional"],
    ),
    "CQ40": ("groupLabel", ["Business", "Investors", "Partners"]),
    "CQ47": ("clusterLabel", ["Noviy Zvezdnyy", "Pharmaceuticals", "Samara"]),
    "CQ49": ("typeLabel", ["latent", "potential", "working"]),
    "CQ50": ("typeLabel", ["endogenous", "intentional"]),
    "CQ52": (
        "memberLabel",
        [
            "BASF",
            "Bayer",
            "Environmental Health",
            "Humanities",
            "IBM",
            "Inter-university",
            "Monsanto",
            "Nufarm",
            "Research Triangle Institute",
            "Statistical Science",
            "Statistics and Mathematics",
            "Syngenta",
        ],
    ),
    "CQ53": (
        "memberLabel",
        [
            "Aaco Avionics",
            "Aerospace Industrial",
            "Boeing",
            "FLAerospace",
            "University of Washington",
            "Washington State University",
        ],
    ),
    "CQ59": ("clusterLabel", ["ChemSite", "Seattle", "Zhanjiang"]),
    "CQ62": (
        "memberLabel",
        [
            "Aviadvigatel",
            "instrument engineering",
            "Iskra",
            "Mashinostroitel",
            "Perm Engines",
            "Perm State",
            "Polytechnical",
            "Proton-PM",
            "Scientific Centre",
        ],
    ),
    "CQ74": ("documentLabel", ["innovative industrial", "nanoindustry", "Network Interactions"]),
    "CQ76": ("title", ["Greenbook", "Pilot innovative territorial"]),
}

# CQ -> number of distinct answers in the column (lists and table rows are parsed by code)
COUNTS: dict[str, tuple[str, int]] = {
    "CQ23": ("factor", 5), "CQ25": ("factor", 4), "CQ26": ("factor", 5), "CQ28": ("factor", 7),
    "CQ29": ("factor", 4), "CQ31": ("factor", 3), "CQ32": ("factor", 8), "CQ34": ("factor", 5),
    "CQ37": ("interest", 4), "CQ38": ("interest", 6), "CQ41": ("factor", 12),
    "CQ43": ("effect", 9), "CQ70": ("principle", 5), "CQ71": ("barrier", 4),
}  # fmt: skip

# CQ -> (value, unit label fragment, year or None)
FIGURES: dict[str, tuple[str, str, str | None]] = {
    "CQ46": ("50", "persons", "2019"),
    "CQ55": ("3500000000", "US dollar", "2018"),
    "CQ56": ("13800000000", "US dollar", None),
    "CQ58": ("150", "organisations", None),
    "CQ61": ("165000000000", "rouble", None),
    "CQ64": ("173", "organisations", None),
    "CQ65": ("719", "organisations", None),
    "CQ67": ("7240", "organisations", None),
    "CQ68": ("380", "clusters", "2018"),
}


def _query(cq: str) -> NamedQuery:
    found = [q for name, q in QUERIES.items() if name.startswith(f"cq/{cq}_")]
    assert len(found) == 1, f"expected one query file for {cq}, found {len(found)}"
    return found[0]


def _rows(store: ox.Store, cq: str) -> list[dict[str, str]]:
    query = _query(cq)
    subs = {ox.Variable(name): term for name, term in bind(query, {})}
    result = store.query(query.text, use_default_graph_as_union=True, substitutions=subs)
    names = [v.value for v in result.variables]
    return [{n: s[n].value for n in names if s[n] is not None} for s in result]


def _distinct(rows: list[dict[str, str]], column: str) -> set[str]:
    return {row[column] for row in rows if column in row}


def test_every_competency_question_has_a_query() -> None:
    listed = Path(Settings().root.parent / "shared" / "competency-questions.md")
    wanted = sorted(
        set(NAMES)
        | set(COUNTS)
        | set(FIGURES)
        | {"CQ07", "CQ11", "CQ44", "CQ73", "CQ77", "CQ79", "CQ80"}
    )
    if listed.is_file():
        import re

        wanted = sorted(set(re.findall(r"\*\*(CQ\d+)\*\*", listed.read_text(encoding="utf-8"))))
    for cq in wanted:
        assert _query(cq).summary


@pytest.mark.parametrize("cq", sorted(NAMES))
def test_named_answers(built_store: ox.Store, cq: str) -> None:
    column, expected = NAMES[cq]
    answers = _distinct(_rows(built_store, cq), column)
    for name in expected:
        hits = [a for a in answers if name.casefold() in a.casefold()]
        assert hits, f"{cq}: no answer matches {name!r}; got {sorted(answers)}"
    assert len(answers) == len(expected), f"{cq}: {len(answers)} answers: {sorted(answers)}"


@pytest.mark.parametrize("cq", sorted(COUNTS))
def test_answer_counts(built_store: ox.Store, cq: str) -> None:
    column, count = COUNTS[cq]
    rows = _rows(built_store, cq)
    assert len(_distinct(rows, column)) == count
    assert all(row.get(f"{column}Label") for row in rows), "every answer carries a label"


@pytest.mark.parametrize("cq", sorted(FIGURES))
def test_figures(built_store: ox.Store, cq: str) -> None:
    value, unit, year = FIGURES[cq]
    rows = _rows(built_store, cq)
    assert len(rows) == 1, rows
    assert Decimal(rows[0]["value"]) == Decimal(value)
    assert unit.casefold() in rows[0]["unitLabel"].casefold()
    assert rows[0].get("year") == year


def _pairs(rows: list[dict[str, str]], left: str, right: str) -> set[tuple[str, str]]:
    return {(row[left], row[right]) for row in rows}


def test_cq07_named_russian_clusters_with_their_regions(built_store: ox.Store) -> None:
    pairs = _pairs(_rows(built_store, "CQ07"), "clusterLabel", "regionLabel")
    expected = {
        ("Kama", "Tatarstan"),
        ("Noviy Zvezdnyy", "Perm"),
        ("Samara aerospace", "Samara"),
        ("Petrochemical", "Bashkortostan"),
        ("Pharmaceuticals", "Kaluga"),
        ("car assembly", "Kaluga"),
        ("Smolensk Linen", "Smolensk"),
        ("Moscow innovation", "Moscow"),
        ("Technopolis Moscow", "Moscow"),
        ("information technologies", "Saint Petersburg"),
        ("medical, pharmaceutical", "Saint Petersburg"),
        ("motor vehicle", "Nizhny Novgorod"),
    }
    for cluster, region in expected:
        assert any(cluster in c and region in r for c, r in pairs), (cluster, region)
    assert len(pairs) == len(expected)


def test_cq11_foreign_clusters_sub_national_regions(built_store: ox.Store) -> None:
    pairs = _pairs(_rows(built_store, "CQ11"), "clusterLabel", "regionLabel")
    for cluster, region in [
        ("Triangle Park", "North Carolina"),
        ("Seattle", "Washington"),
        ("Phoenix", "Arizona"),
        ("Aero Montreal", "Quebec"),
        ("Zhanjiang", "Pudong"),
        ("ChemSite", "Ruhr"),
        ("ChemCologne", "North Rhine-Westphalia"),
    ]:
        assert any(cluster in c and region in r for c, r in pairs), (cluster, region)


def test_cq44_micro_effects_lead_to_macro_effects(built_store: ox.Store) -> None:
    pairs = _pairs(_rows(built_store, "CQ44"), "microLabel", "macroLabel")
    for micro, macro in [
        ("new businesses", "Diversification"),
        ("new businesses", "decay"),
        ("occupational level", "Diversification"),
        ("Production volume", "GNP"),
        ("tax liabilities", "budget"),
        ("Attracting investments", "investment attractiveness"),
    ]:
        assert any(micro in m and macro in n for m, n in pairs), (micro, macro)


def test_cq73_main_reason_is_weak_innovation_potential(built_store: ox.Store) -> None:
    (row,) = _rows(built_store, "CQ73")
    assert "innovation potential" in row["barrierLabel"]
    assert "innovation generators" in row["barrierLabel"]


def test_cq77_instruments_span_the_documents(built_store: ox.Store) -> None:
    rows = _rows(built_store, "CQ77")
    labels = _distinct(rows, "instrumentLabel")
    for needle in (
        "grants",
        "subsidies",
        "state orders",
        "incubators",
        "technopark",
        "special economic zone",
        "technology platform",
        "preferential taxation",
    ):
        assert any(needle in label for label in labels), needle
    documents = {
        d
        for row in rows
        for col in ("statedIn", "mentionedIn")
        for d in row.get(col, "").split("; ")
    } - {""}
    assert len(documents) >= 3


def test_cq79_noviy_zvezdnyy_has_no_management_organisation(built_store: ox.Store) -> None:
    (row,) = _rows(built_store, "CQ79")
    assert row["hasDesignatedOrganisation"] == "false"


def test_cq80_zhanjiang_was_created_with_state_involvement(built_store: ox.Store) -> None:
    (row,) = _rows(built_store, "CQ80")
    assert row["stateInitiated"] == "true"
    assert "Government" in row["initiatorLabel"]
