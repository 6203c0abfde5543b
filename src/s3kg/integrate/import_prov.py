"""Provenance and counts of an import, stored in the import's own graph.

PROV-O says what the graph was generated from; the W3C Data Quality Vocabulary (DQV) carries
the counts, so that SPARQL can ask for them (``queries/integration/import_counts.rq``)::

    <graph/import/S> prov:wasGeneratedBy A ; prov:wasDerivedFrom F ;
        dqv:hasQualityMeasurement A/measurement/records-read , … .
    A a prov:Activity ; prov:used F , M ; prov:generated <graph/import/S> , A/measurement/… ;
        prov:qualifiedAssociation [ prov:agent id:agent/s3kg-importer ; prov:hadPlan M ] .
    F a prov:Entity ; dcterms:title "file.csv" ; spdx:checksum [ spdx:checksumValue "…" ] .
    M a prov:Plan ; dcterms:title "mappings/S.yaml" ; spdx:checksum [ … ] .
    A/measurement/records-read a dqv:QualityMeasurement ;
        dqv:isMeasurementOf id:metric/import-records-read ; dqv:value 2237 .

Rejections are measured per reason (``id:metric/import-records-rejected-for-reason``, with
the reason as ``dcterms:description``). No timestamps: the same inputs give the same graph.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, PROV, RDF, RDFS, SKOS, VOID, XSD

from s3kg.integrate.mapping import ImportMapping
from s3kg.vocab.external import DQV, SPDX
from s3kg.vocab.namespaces import ID, Graphs


@dataclass
class ImportReport:
    source: str
    file: Path
    sha256: str
    mapping: Path
    mapping_sha256: str
    read: int = 0
    duplicates: int = 0
    imported: int = 0
    rejected: Counter[str] = field(default_factory=Counter)
    examples: dict[str, str] = field(default_factory=dict)  # reason -> first location
    triples: int = 0
    output: Path | None = None

    def reject(self, reason: str, where: str) -> None:
        self.rejected[reason] += 1
        self.examples.setdefault(reason, where)

    def lines(self) -> list[str]:
        out = [
            f"{self.source}: {self.file.name} (sha256 {self.sha256[:12]}…)",
            f"  records read        {self.read}",
            f"  duplicates dropped  {self.duplicates}",
            f"  records rejected    {sum(self.rejected.values())}",
        ]
        for reason, count in sorted(self.rejected.items()):
            out.append(f"    {count:>5}  {reason} (first: {self.examples[reason]})")
        out.append(f"  records imported    {self.imported}")
        out.append(f"  triples             {self.triples} -> {self.output}")
        return out


AGENT = ID["agent/s3kg-importer"]
METRICS = {
    "records-read": "Records read from the source file (data rows or JSON records).",
    "duplicates-dropped": "Records dropped as exact duplicates of an earlier record.",
    "records-rejected": "Records rejected because they failed a check of the mapping.",
    "records-imported": "Records mapped into the graph.",
    "records-rejected-for-reason": "Records rejected for one reason, given as the "
    "measurement's dcterms:description.",
}


def metric(name: str) -> URIRef:
    return ID[f"metric/import-{name}"]


def add_import_provenance(g: Graph, mapping: ImportMapping, report: ImportReport) -> None:
    graph = Graphs.import_graph(mapping.source)
    base = f"import/{mapping.source}"
    digest = hashlib.sha256(f"{report.sha256} {report.mapping_sha256}".encode()).hexdigest()
    activity = ID[f"{base}/activity/{digest[:16]}"]
    file = ID[f"{base}/file/{report.sha256[:16]}"]
    plan = ID[f"{base}/mapping/{report.mapping_sha256[:16]}"]
    _describe_graph(g, graph, mapping, activity, file)
    _describe_activity(g, activity, graph, file, plan, mapping.source)
    _describe_file(g, file, report.file.name, report.sha256, mapping.origin)
    _describe_file(g, plan, f"{report.mapping.parent.name}/{report.mapping.name}",
                   report.mapping_sha256, None)  # fmt: skip
    g.add((file, DCAT.byteSize, Literal(report.file.stat().st_size, datatype=XSD.integer)))
    counts = {
        "records-read": report.read,
        "duplicates-dropped": report.duplicates,
        "records-rejected": sum(report.rejected.values()),
        "records-imported": report.imported,
    }
    for name, value in counts.items():
        _measure(g, URIRef(f"{activity}/measurement/{name}"), name, value, activity, file, graph)
    for reason, count in sorted(report.rejected.items()):
        slug = re.sub(r"[^a-z0-9]+", "-", reason.lower()).strip("-")[:48]
        tag = hashlib.sha256(reason.encode()).hexdigest()[:8]
        node = URIRef(f"{activity}/rejected/{slug}-{tag}")
        _measure(g, node, "records-rejected-for-reason", count, activity, file, graph)
        g.add((node, DCTERMS.description, Literal(reason, lang="en")))
        g.add((node, RDFS.comment, Literal(f"first at {report.examples[reason]}", lang="en")))
    for name, definition in METRICS.items():
        g.add((metric(name), RDF.type, DQV.Metric))
        g.add((metric(name), SKOS.prefLabel, Literal(name.replace("-", " "), lang="en")))
        g.add((metric(name), SKOS.definition, Literal(definition, lang="en")))
        g.add((metric(name), DQV.expectedDataType, XSD.integer))


def _describe_graph(
    g: Graph, graph: URIRef, mapping: ImportMapping, activity: URIRef, file: URIRef
) -> None:
    for cls in (PROV.Entity, DCAT.Dataset, VOID.Dataset):
        g.add((graph, RDF.type, cls))
    g.add((graph, DCTERMS.identifier, Literal(mapping.source)))
    g.add((graph, DCTERMS.title, Literal(mapping.title, lang="en")))
    if mapping.description:
        g.add((graph, DCTERMS.description, Literal(mapping.description, lang="en")))
    if mapping.origin:
        g.add((graph, DCTERMS.source, URIRef(mapping.origin)))
    if mapping.license:
        g.add((graph, DCTERMS.license, URIRef(mapping.license)))
    g.add((graph, PROV.wasDerivedFrom, file))
    g.add((graph, PROV.wasGeneratedBy, activity))


def _describe_activity(
    g: Graph, activity: URIRef, graph: URIRef, file: URIRef, plan: URIRef, source: str
) -> None:
    association = URIRef(f"{activity}/association")
    g.add((activity, RDF.type, PROV.Activity))
    g.add((activity, RDFS.label, Literal(f"import of {source}", lang="en")))
    g.add((activity, PROV.used, file))
    g.add((activity, PROV.used, plan))
    g.add((activity, PROV.generated, graph))
    g.add((activity, PROV.wasAssociatedWith, AGENT))
    g.add((activity, PROV.qualifiedAssociation, association))
    g.add((association, RDF.type, PROV.Association))
    g.add((association, PROV.agent, AGENT))
    g.add((association, PROV.hadPlan, plan))
    g.add((AGENT, RDF.type, PROV.SoftwareAgent))
    g.add((AGENT, RDFS.label, Literal("s3kg importer (s3kg import)", lang="en")))


def _describe_file(g: Graph, node: URIRef, title: str, sha256: str, origin: str | None) -> None:
    checksum = URIRef(f"{node}/checksum")
    g.add((node, RDF.type, PROV.Entity))
    g.add((node, DCTERMS.title, Literal(title)))
    g.add((node, RDFS.label, Literal(title, lang="en")))
    if origin:
        g.add((node, DCTERMS.source, URIRef(origin)))
    g.add((node, SPDX.checksum, checksum))
    g.add((checksum, RDF.type, SPDX.Checksum))
    g.add((checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256))
    g.add((checksum, SPDX.checksumValue, Literal(sha256, datatype=XSD.hexBinary)))


def _measure(
    g: Graph, node: URIRef, name: str, value: int, activity: URIRef, file: URIRef, graph: URIRef
) -> None:
    g.add((node, RDF.type, DQV.QualityMeasurement))
    g.add((node, DQV.isMeasurementOf, metric(name)))
    g.add((node, DQV.computedOn, file))
    g.add((node, DQV.value, Literal(value, datatype=XSD.integer)))
    g.add((node, PROV.wasGeneratedBy, activity))
    g.add((activity, PROV.generated, node))
    g.add((graph, DQV.hasQualityMeasurement, node))
