"""Clusters on real text: named parks and valleys, described clusters, their place/sector."""

from __future__ import annotations

from collections.abc import Callable

from tests.extract.conftest import at

from s3kg.corpus.reader import Document
from s3kg.extract.candidate import Candidate
from s3kg.extract.context import Context
from s3kg.extract.run import propose

Found = dict[str, tuple[Document, list[Candidate]]]


def test_hsinchu_science_park_is_a_cluster_in_taiwan(proposed: Found) -> None:
    doc, found = proposed["102"]
    park = at(doc, found, "Hsinchu Science Park", "cluster")
    assert park and all(("iso3166-1", "TW") in c.links for c in park)
    assert {c.method for c in park} == {"clusters:named"}
    assert not at(doc, found, "Hsinchu Science Park", "organisation")


def test_a_valley_cluster_is_found_but_a_valley_named_after_a_place_is_not(
    proposed: Found,
) -> None:
    doc, found = proposed["108"]
    assert at(doc, found, "Motorsport Valley", "cluster")
    doc, found = proposed["101"]
    assert at(doc, found, "Silicon Valley", "cluster")
    assert not at(doc, found, "Santa Clara Valley", "cluster")


def test_a_described_cluster_carries_its_sector_and_region(proposed: Found) -> None:
    doc, found = proposed["106"]
    aerospace = at(doc, found, "aerospace cluster", "cluster")
    assert aerospace
    assert ("nace", "30.3") in aerospace[0].links
    assert ("itl", "TLD") in aerospace[0].links  # the North West of England, not of Botswana
    assert aerospace[0].method == "clusters:described" and "(" in aerospace[0].label
    rail = at(doc, found, "rail cluster", "cluster")
    assert rail and any(scheme == "iso3166-2" for scheme, _ in rail[0].links)


def test_organisations_a_cluster_is_home_to_are_proposed_members(proposed: Found) -> None:
    doc, found = proposed["106"]
    # another rule may find the same name ("is home to"): the membership is kept on it
    members = [c for c in found if c.category == "organisation" and "member-of" in dict(c.links)]
    huawei = [c for c in members if doc.text[c.start : c.end] == "Huawei"]
    assert huawei
    cluster = dict(huawei[0].links)["member-of"]
    assert cluster.startswith("https://w3id.org/s3kg/id/candidate/cluster/")


def _clusters(doc: Document, context: Context) -> dict[str, str]:
    return {doc.text[c.start : c.end]: c.method for c in propose(doc, context)
            if c.category == "cluster"}  # fmt: skip


def test_parks_and_hubs_named_with_their_place_or_described_as_hubs(
    make_doc: Callable[[str], Document], context: Context
) -> None:
    doc = make_doc(
        "Firms can move to Kestrel Park Derby, Aerohub Cornwall or the Quenmore Software Park "
        "and Northtown Waterside.\n- Quayside Zorblat - a world-class hub for marine firms"
    )
    found = _clusters(doc, context)
    assert found["Kestrel Park Derby"] == found["Aerohub Cornwall"] == "clusters:site"
    assert found["Quenmore Software Park"] == "clusters:named"
    assert found["Quayside Zorblat"] == "clusters:apposition"
    assert "Northtown Waterside" not in found  # no word says it is a park


def test_a_clusters_acronym_and_its_name_inside_longer_names_are_mentions(
    make_doc: Callable[[str], Document], context: Context
) -> None:
    doc = make_doc(
        "The Northtown Science Park (NSP) opened in 1990. Today the NSP hosts 300 firms, "
        "and the Northtown Science Park Jazz Festival is held there. Attempts to copy "
        "Silicon Valleys elsewhere failed."
    )
    found = _clusters(doc, context)
    assert [m for t, m in found.items() if t == "NSP"] == ["clusters:acronym"]
    repeats = [c for c in propose(doc, context) if c.method == "clusters:repeat"]
    assert [doc.text[c.start : c.end] for c in repeats] == ["Northtown Science Park"]
    assert not any("Valleys" in t for t in found)


def test_a_district_named_for_its_trade_is_a_cluster(
    make_doc: Callable[[str], Document], context: Context
) -> None:
    doc = make_doc(
        "Start-ups crowd into Northtown's Tech City and the Kestrel Knowledge Quarter. "
        "Media City in Zorblat's East End grew, as did Cyber Hub in Kestrel Science Park."
    )
    found = _clusters(doc, context)
    assert found["Tech City"] == found["Kestrel Knowledge Quarter"] == "clusters:named"
    assert found["Media City"] == "clusters:named"  # its place after "in" is not its name
    assert "Cyber Hub in Kestrel Science Park" in found  # a park after "in": the name goes on
