"""VoID/DCAT description of a build and the Data Cube structure of its figures.

Deterministic on purpose (no timestamps): two builds of the same inputs are byte-identical.
Triple counts describe the other named graphs; the metadata graph does not count itself.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, QB, RDF, RDFS, VOID, XSD

from s3kg import __version__
from s3kg.build.facts import FIGURES_DATASET
from s3kg.vocab.namespaces import DATASET, ID, LICENSE, ONTOLOGY_IRI, S3KG, SDMXA, Graphs

DSD = ID["dataset/figures/structure"]
_VOCABULARIES = (
    "http://www.w3.org/ns/org#", "http://www.w3.org/2004/02/skos/core#",
    "http://www.w3.org/ns/prov#", "http://purl.org/dc/terms/", "http://www.w3.org/ns/oa#",
    "http://purl.org/linked-data/cube#", "http://purl.org/spar/cito/",
    "http://xmlns.com/foaf/0.1/", str(S3KG._NS),
)  # fmt: skip
_GRAPH_TITLES = {
    Graphs.ONTOLOGY: "The s3kg ontology",
    Graphs.CORPUS: "Source documents, their parts and reference lists",
    Graphs.FACTS: "Curated and extracted facts",
    Graphs.PROVENANCE: "Assertions with the text spans they were derived from",
    Graphs.MENTIONS: "Entity mentions found by the gazetteer",
    Graphs.CANDIDATES: "Candidate entities proposed by the extractors for review",
    Graphs.INFERRED: "Class memberships inferred by the HermiT reasoner",
}


def describe_dataset(
    graphs: dict[URIRef, Graph], counts: Mapping[URIRef, int], report: dict[str, Any]
) -> None:
    """Add the dataset description to the metadata graph; sets report["triples"].

    ``counts`` are the triples of every other graph, cached document fragments included.
    """
    g = graphs[Graphs.METADATA]
    g.add((DATASET, RDF.type, VOID.Dataset))
    g.add((DATASET, RDF.type, DCAT.Dataset))
    g.add(
        (DATASET, DCTERMS.title, Literal("s3kg: Smart-Specialisation Knowledge Graph", lang="en"))
    )
    g.add(
        (
            DATASET,
            DCTERMS.description,
            Literal(
                "Innovation clusters, regions, organisations, factors, effects, policy "
                "instruments and figures from documents on cluster development and smart "
                "specialisation, each fact "
                "traced to the text it came from.",
                lang="en",
            ),
        )
    )
    g.add((DATASET, DCTERMS.license, LICENSE))
    g.add((DATASET, DCTERMS.conformsTo, ONTOLOGY_IRI))
    g.add((DATASET, VOID.uriSpace, Literal(str(ID))))
    g.add((DATASET, RDFS.comment, Literal(f"Built by s3kg {__version__}.", lang="en")))
    for vocab in _VOCABULARIES:
        g.add((DATASET, VOID.vocabulary, URIRef(vocab)))
    total = _describe_subsets(g, counts)
    g.add((DATASET, VOID.triples, Literal(total, datatype=XSD.integer)))
    for doc in sorted(graphs[Graphs.CORPUS].subjects(RDF.type, S3KG.SourceDocument), key=str):
        g.add((DATASET, DCTERMS.source, doc))
    _figures_structure(g)
    report["triples"] = total + len(g)


def _describe_subsets(g: Graph, counts: Mapping[URIRef, int]) -> int:
    """One VoID subset per named graph with its triple count; returns their sum."""
    total = 0
    for name in sorted(n for n in counts if n != Graphs.METADATA):
        title = _GRAPH_TITLES.get(name, f"Named graph {name.rsplit('/', 1)[-1]}")
        count = counts[name]
        total += count
        g.add((DATASET, VOID.subset, name))
        g.add((name, RDF.type, VOID.Dataset))
        if (name, DCTERMS.title, None) not in g:  # the integration step titles its own graphs
            g.add((name, DCTERMS.title, Literal(title, lang="en")))
        g.add((name, VOID.triples, Literal(count, datatype=XSD.integer)))
    return total


def _figures_structure(g: Graph) -> None:
    g.add((FIGURES_DATASET, RDF.type, QB.DataSet))
    g.add(
        (FIGURES_DATASET, RDFS.label, Literal("Figures stated in the source documents", lang="en"))
    )
    g.add((FIGURES_DATASET, QB.structure, DSD))
    g.add((DATASET, VOID.subset, FIGURES_DATASET))
    g.add((DSD, RDF.type, QB.DataStructureDefinition))
    components = [
        (QB.dimension, S3KG.refEntity, True), (QB.dimension, S3KG.indicator, True),
        (QB.dimension, S3KG.refYear, False), (QB.dimension, S3KG.aboutProduct, False),
        (QB.measure, S3KG.value, True), (QB.attribute, SDMXA.unitMeasure, True),
        (QB.attribute, S3KG.valueQualifier, False), (QB.attribute, S3KG.periodStartYear, False),
    ]  # fmt: skip
    for order, (role, prop, required) in enumerate(components, 1):
        spec = URIRef(f"{DSD}/{prop.split('#')[-1]}")
        g.add((DSD, QB.component, spec))
        g.add((spec, RDF.type, QB.ComponentSpecification))
        g.add((spec, role, prop))
        g.add((spec, QB.order, Literal(order, datatype=XSD.integer)))
        g.add((spec, QB.componentRequired, Literal(required)))
