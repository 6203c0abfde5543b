"""completeness_report: instance counts per class and shares of the measured properties."""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from s3kg.config import Settings
from s3kg.validate.completeness import ClassStat, completeness_report
from s3kg.validate.reports import render_completeness, render_html
from s3kg.validate.shacl import shape_files
from s3kg.vocab.namespaces import ID, S3KG
from s3kg.vocab.rdf import load_shapes

SETTINGS = Settings()


def _data() -> Graph:
    g = Graph()
    for slug, place in (("a", ID["country/ru"]), ("b", None), ("c", None)):
        cluster = ID[f"cluster/{slug}"]
        g.add((cluster, RDF.type, S3KG.InnovativeTerritorialCluster))
        g.add((cluster, RDFS.label, Literal(f"{slug} cluster", lang="en")))
        if place is not None:
            g.add((cluster, S3KG.locatedIn, place))
    g.add((ID["cluster/b"], RDFS.label, Literal("b", lang="ru")))
    g.add((ID["cluster/c"], RDFS.label, Literal("c", lang="ru")))
    g.remove((ID["cluster/c"], RDFS.label, Literal("c cluster", lang="en")))
    return g


def _report() -> dict[str, ClassStat]:
    ontology = Graph().parse(SETTINGS.ontology_file)
    report = completeness_report(_data(), SETTINGS, load_shapes(shape_files(SETTINGS)), ontology)
    return {c.iri: c for c in report.classes}


def test_every_ontology_class_is_listed_with_its_instances_through_subclasses() -> None:
    classes = _report()
    ontology = Graph().parse(SETTINGS.ontology_file)
    ours = {str(c) for c in ontology.subjects(RDF.type, URIRef(str(RDFS) + "Class"))}
    ours |= {
        str(c)
        for c in ontology.subjects(RDF.type, URIRef("http://www.w3.org/2002/07/owl#Class"))
        if str(c).startswith(str(S3KG._NS))
    }
    assert ours <= set(classes)
    assert classes[str(S3KG.Cluster)].instances == 3  # via InnovativeTerritorialCluster
    assert classes[str(S3KG.InnovativeCluster)].instances == 3
    assert classes[str(S3KG.WorkingCluster)].instances == 0


def test_shares_and_missing_entities_per_measured_property() -> None:
    cluster = _report()[str(S3KG.Cluster)]
    by_path = {p.path: p for p in cluster.properties}
    located = by_path["s3kg:locatedIn"]
    assert (located.have, located.total, located.level) == (1, 3, "recommended")
    assert set(located.missing) == {str(ID["cluster/b"]), str(ID["cluster/c"])}
    label = by_path["rdfs:label"]  # qualified: only English labels count
    assert (label.have, label.level) == (2, "required")
    assert label.missing == (str(ID["cluster/c"]),)
    assert abs(located.share - 1 / 3) < 1e-9


def test_renderings() -> None:
    ontology = Graph().parse(SETTINGS.ontology_file)
    report = completeness_report(_data(), SETTINGS, load_shapes(shape_files(SETTINGS)), ontology)
    assert str(ID["cluster/c"]) in report.to_json()["missing_by_entity"]
    text = render_completeness(report, "text")
    assert "s3kg:Cluster" in text and "33%" in text
    fragment = render_html(report)
    assert fragment.startswith('<div class="s3kg-completeness">')
    assert "width: 33%" in fragment
    assert render_completeness(report, "html").startswith("<!DOCTYPE html>")
