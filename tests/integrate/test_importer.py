"""``s3kg import``: real files, dirty input, duplicates, rejections, provenance, determinism."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import ORG, PROV, RDFS, SKOS, XSD

from s3kg.errors import InputError
from s3kg.integrate.import_prov import ImportReport
from s3kg.integrate.importer import run_import
from s3kg.vocab.external import DQV
from s3kg.vocab.namespaces import ID, Graphs

from .conftest import CATEGORIES, FIXTURES, ORGANISATIONS


def _graph(path: Path, source: str) -> Graph:
    ds = Dataset()
    ds.parse(path, format="nquads")
    assert {str(g.identifier) for g in ds.graphs() if len(g)} == {str(Graphs.import_graph(source))}
    return ds.graph(Graphs.import_graph(source))


def test_the_organisations_file_is_read_despite_cr_line_endings(
    import_reports: dict[str, ImportReport], shared_data: Path
) -> None:
    raw = (shared_data / "us-cluster-mapping" / "CurrentOrganizationsAndClusters.csv").read_bytes()
    assert b"\n" not in raw and raw.count(b"\r") == 2237  # header + 2237 rows, CR only
    report = import_reports["us-cluster-organisations"]
    assert (report.read, report.duplicates, sum(report.rejected.values()), report.imported) == (
        2237, 2000, 0, 237,
    )  # fmt: skip


def test_the_categories_file_keeps_66_categories_and_rejects_the_conflict(
    import_reports: dict[str, ImportReport],
) -> None:
    report = import_reports["us-cluster-categories"]
    assert (report.read, report.duplicates, report.imported) == (67, 0, 66)
    assert dict(report.rejected) == {"same key as an earlier record with other values": 1}
    assert report.examples["same key as an earlier record with other values"] == "record 55"


def test_categories_carry_naics_codes_and_sub_clusters(imported_var: Path) -> None:
    g = _graph(imported_var / "imports" / "us-cluster-categories.nq", "us-cluster-categories")
    aero = ID["uscm/category/aerospace-vehicles-and-defense"]
    assert (aero, SKOS.prefLabel, Literal("Aerospace Vehicles and Defense", lang="en")) in g
    assert (aero, SKOS.narrowMatch, ID["uscm/naics/336411"]) in g
    subs = {str(g.value(s, SKOS.prefLabel)) for s in g.objects(aero, SKOS.narrower)}
    assert subs == {"Aircraft", "Missiles and Space Vehicles", "Defense Equipment"}
    naics = set(g.subjects(SKOS.inScheme, ID["uscm/scheme/naics"]))
    assert len(naics) > 800
    categories = {c for c in g.subjects(SKOS.topConceptOf, ID["uscm/scheme/categories"])}
    assert len(categories) == 66


def test_organisations_are_linked_to_their_categories(imported_var: Path) -> None:
    g = _graph(imported_var / "imports" / "us-cluster-organisations.nq", "us-cluster-organisations")
    space_florida = ID["uscm/organisation/332"]
    assert (space_florida, RDFS.label, Literal("Space Florida", lang="en")) in g
    category = ID["uscm/category/aerospace-vehicles-and-defense"]
    assert (space_florida, ORG.classification, category) in g
    assert len(set(g.subjects(ORG.classification, None))) == 145


def test_dirty_rows_are_counted_and_rejected_with_reasons(
    shared_data: Path, tmp_path: Path
) -> None:
    fixture = FIXTURES / "dirty-organisations.csv"
    report = run_import(ORGANISATIONS, shared_data, tmp_path, file=fixture)
    assert (report.read, report.duplicates, report.imported) == (10, 2, 4)
    assert dict(report.rejected) == {
        "row has 4 fields, the header has 3": 1,
        "missing org_title": 1,
        "org_id does not match ^[0-9]+$": 1,
        "same key as an earlier record with other values": 1,
    }
    assert report.read == report.duplicates + sum(report.rejected.values()) + report.imported
    g = _graph(tmp_path / "imports" / "us-cluster-organisations.nq", "us-cluster-organisations")
    assert (ID["uscm/organisation/448"], RDFS.label, Literal("Quoted Name", lang="en")) in g
    assert (
        ID["uscm/organisation/447"],
        RDFS.label,
        Literal("Mele Associates, Inc", lang="en"),
    ) in g


def test_counts_and_provenance_are_in_the_graph(shared_data: Path, tmp_path: Path) -> None:
    report = run_import(
        ORGANISATIONS, shared_data, tmp_path, file=FIXTURES / "dirty-organisations.csv"
    )
    assert report.output is not None
    g = _graph(report.output, "us-cluster-organisations")
    graph = Graphs.import_graph("us-cluster-organisations")
    values = {}
    for m in g.objects(graph, DQV.hasQualityMeasurement):
        metric = str(g.value(m, DQV.isMeasurementOf)).rsplit("/", 1)[-1]
        values.setdefault(metric, []).append(int(g.value(m, DQV.value)))
    assert values["import-records-read"] == [10]
    assert values["import-duplicates-dropped"] == [2]
    assert values["import-records-rejected"] == [4]
    assert sorted(values["import-records-rejected-for-reason"]) == [1, 1, 1, 1]
    activity = g.value(graph, PROV.wasGeneratedBy)
    used = {
        str(g.value(u, URIRef("http://purl.org/dc/terms/title")))
        for u in g.objects(activity, PROV.used)
    }
    assert used == {"dirty-organisations.csv", "mappings/us-cluster-organisations.yaml"}
    checksums = {str(o) for o in g.objects(None, URIRef("http://spdx.org/rdf/terms#checksumValue"))}
    assert report.sha256 in checksums and report.mapping_sha256 in checksums
    assert g.value(None, DQV.value, Literal(10, datatype=XSD.integer)) is not None


def test_imports_are_byte_identical_when_run_twice(shared_data: Path, tmp_path: Path) -> None:
    first = run_import(CATEGORIES, shared_data, tmp_path / "a")
    second = run_import(CATEGORIES, shared_data, tmp_path / "b")
    assert first.output and second.output
    assert first.output.read_bytes() == second.output.read_bytes()


@pytest.mark.parametrize(
    ("mapping", "file", "message"),
    [
        (CATEGORIES, FIXTURES / "malformed.json", "not valid JSON"),
        (ORGANISATIONS, FIXTURES / "nope.csv", "source file not found"),
        (FIXTURES / "unknown-key.yaml", None, "unknown key 'entites'"),
        (FIXTURES / "unknown-prefix.yaml", None, "unknown prefix in 'foo:name'"),
        (FIXTURES / "missing-column.yaml", None, "no column 'organisation_id'"),
        (FIXTURES / "no-such-mapping.yaml", None, "file not found"),
        (CATEGORIES, FIXTURES / "dirty-organisations.csv", "not valid JSON"),
    ],
)
def test_bad_input_is_one_clear_error(
    shared_data: Path, tmp_path: Path, mapping: Path, file: Path | None, message: str
) -> None:
    with pytest.raises(InputError, match=message) as err:
        run_import(mapping, shared_data, tmp_path, file=file)
    assert "\n" not in str(err.value)
    assert not (tmp_path / "imports").exists() or not list((tmp_path / "imports").iterdir())
