"""DCAT-AP and VoID description of the published dataset and of the integration graphs.

``describe_integration`` (called by the integration build step) writes into the metadata
graph, next to what ``metadata.describe_dataset`` writes:

- for each integration graph (alignments, NACE, ecosystems, links, imports): ``void:subset``
  of the dataset with its title and triple count, and its PROV derivation from the files it
  was made from (repository path or shared-data path, SHA-256 as ``spdx:checksum``); the
  alignment and link graphs are also ``prov:wasAttributedTo`` the team that reviews them;
- the DCAT-AP catalogue: publisher, contact point, themes, keywords, spatial coverage,
  language, access rights, the SPARQL data service and one distribution per export format
  and per CSV table (``s3kg export``, ``s3kg tables``).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

import pycountry
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, PROV, RDF, RDFS, SKOS, VOID, XSD

from s3kg.vocab.external import (
    EU_ACCESS_RIGHT,
    EU_COUNTRY,
    EU_FILE_TYPE,
    EU_LANGUAGE,
    EU_THEME,
    IANA_MEDIA,
    SPDX,
    VCARD,
)  # fmt: skip
from s3kg.vocab.namespaces import BASE, DATASET, ID, LICENSE, Graphs

CATALOG = ID["catalog/s3kg"]
TEAM = ID["agent/s3kg-developers"]
CONTACT = ID["agent/s3kg-developers/contact"]
SERVICE = ID["dataset/s3kg/service/sparql"]
ENDPOINT = URIRef(BASE + "sparql")
HOMEPAGE = URIRef(BASE)
# name: (title, EU file type, IANA media type, how to get it)
DISTRIBUTIONS = {
    "nquads": ("Whole graph with its named graphs (N-Quads)", "RDF_N_QUADS",
               "application/n-quads", "s3kg export --format nq"),
    "trig": ("Whole graph with its named graphs (TriG)", "RDF_TRIG", "application/trig",
             "s3kg export --format trig"),
    "jsonld": ("Whole graph as JSON-LD with the s3kg context", "JSON_LD",
               "application/ld+json", "s3kg export --format jsonld"),
    "turtle": ("Union of the named graphs (Turtle)", "RDF_TURTLE", "text/turtle",
               "s3kg export --format ttl"),
    "table-clusters": ("Clusters with region, country, sectors, NACE codes and member counts",
                       "CSV", "text/csv", "s3kg tables --table clusters"),
    "table-regions": ("Countries and regions with their ISO 3166, NUTS and Wikidata identifiers",
                      "CSV", "text/csv", "s3kg tables --table regions"),
    "table-sectors": ("Sectors with their NACE Rev. 2 codes and EU industrial ecosystems",
                      "CSV", "text/csv", "s3kg tables --table sectors"),
}  # fmt: skip
KEYWORDS = ("innovation clusters", "smart specialisation", "regional development",
            "cluster organisations", "NACE Rev. 2", "NUTS", "ISO 3166")  # fmt: skip


@dataclass(frozen=True)
class Inputs:
    """The files the integration graphs are made from."""

    places: Path
    sectors_nace: Path
    sectors_ecosystems: Path
    categories_ecosystems: Path
    ecosystems: Path
    accepted_links: Path
    nuts: Path
    nace: Path
    root: Path
    shared: Path


def describe_integration(
    graphs: dict[URIRef, Graph], inputs: Inputs, imports: list[URIRef]
) -> None:
    g = graphs[Graphs.METADATA]
    sources = {
        Graphs.ALIGNMENTS: ("Standard identifiers of places; sectors mapped to NACE and to the "
                            "EU industrial ecosystems",
                            [inputs.places, inputs.sectors_nace, inputs.sectors_ecosystems,
                             inputs.categories_ecosystems,
                             inputs.nuts]),
        Graphs.NACE: ("NACE Rev. 2 as a SKOS concept scheme", [inputs.nace]),
        Graphs.ECOSYSTEMS: ("The 14 EU industrial ecosystems as a SKOS concept scheme",
                            [inputs.ecosystems]),
        Graphs.LINKS: ("Reviewed links to imported data", [inputs.accepted_links]),
    }  # fmt: skip
    for name, (title, files) in sources.items():
        _subset(g, name, title, len(graphs[name]))
        for path in files:
            if path.is_file():
                g.add((name, PROV.wasDerivedFrom, _file(g, path, inputs)))
    for name in (Graphs.ALIGNMENTS, Graphs.LINKS):
        g.add((name, PROV.wasAttributedTo, TEAM))
    software = ID[f"software/pycountry-{pycountry_version()}"]
    g.add((Graphs.ALIGNMENTS, PROV.wasDerivedFrom, software))
    g.add((software, RDF.type, PROV.Entity))
    g.add((software, DCTERMS.title, Literal(f"pycountry {pycountry_version()} (ISO 3166)")))
    g.add((software, DCTERMS.source, URIRef("https://pypi.org/project/pycountry/")))
    _linkset(g, graphs[Graphs.LINKS], imports)
    for name in imports:
        _subset(g, name, None, len(graphs[name]))
    describe_catalog(g, graphs[Graphs.ALIGNMENTS])


def pycountry_version() -> str:
    from importlib.metadata import version

    return version("pycountry")


def _subset(g: Graph, name: URIRef, title: str | None, triples: int) -> None:
    g.add((DATASET, VOID.subset, name))
    g.add((name, RDF.type, VOID.Dataset))
    g.add((name, RDF.type, PROV.Entity))
    if title:
        g.add((name, DCTERMS.title, Literal(title, lang="en")))
    g.add((name, VOID.triples, Literal(triples, datatype=XSD.integer)))


def _file(g: Graph, path: Path, inputs: Inputs) -> URIRef:
    """A PROV entity for an input file, named by its path and content hash."""
    base = inputs.shared if path.is_relative_to(inputs.shared) else inputs.root
    title = path.relative_to(base).as_posix() if path.is_relative_to(base) else path.name
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")
    node = ID[f"file/{slug}/{digest[:16]}"]
    checksum = URIRef(f"{node}/checksum")
    g.add((node, RDF.type, PROV.Entity))
    g.add((node, DCTERMS.title, Literal(title)))
    if base == inputs.shared:
        g.add((node, RDFS.comment, Literal("shared reference data (../shared/data)", lang="en")))
    g.add((node, SPDX.checksum, checksum))
    g.add((checksum, RDF.type, SPDX.Checksum))
    g.add((checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256))
    g.add((checksum, SPDX.checksumValue, Literal(digest, datatype=XSD.hexBinary)))
    return node


def _linkset(g: Graph, links: Graph, imports: list[URIRef]) -> None:
    g.add((Graphs.LINKS, RDF.type, VOID.Linkset))
    g.add((Graphs.LINKS, VOID.subjectsTarget, DATASET))
    for target in imports:
        g.add((Graphs.LINKS, VOID.objectsTarget, target))
    for predicate in sorted(set(links.predicates()), key=str):
        g.add((Graphs.LINKS, VOID.linkPredicate, predicate))


def describe_catalog(g: Graph, alignments: Graph) -> None:
    """The DCAT-AP catalogue record, data service and distributions of the dataset."""
    g.add((CATALOG, RDF.type, DCAT.Catalog))
    g.add((CATALOG, DCTERMS.title, Literal("s3kg catalogue", lang="en")))
    g.add(
        (
            CATALOG,
            DCTERMS.description,
            Literal(
                "The Smart-Specialisation Knowledge Graph and the services that publish it.",
                lang="en",
            ),
        )
    )
    g.add((CATALOG, DCTERMS.publisher, TEAM))
    g.add((CATALOG, DCAT.dataset, DATASET))
    g.add((CATALOG, DCAT.service, SERVICE))
    g.add((CATALOG, FOAF.homepage, HOMEPAGE))
    g.add((CATALOG, DCTERMS.language, EU_LANGUAGE.ENG))
    g.add((CATALOG, DCTERMS.license, LICENSE))
    _agent(g)
    _dataset(g, alignments)
    _service(g)
    for name, (title, file_type, media, how) in DISTRIBUTIONS.items():
        node = ID[f"dataset/s3kg/distribution/{name}"]
        g.add((DATASET, DCAT.distribution, node))
        g.add((node, RDF.type, DCAT.Distribution))
        g.add((node, DCTERMS.title, Literal(title, lang="en")))
        g.add((node, DCTERMS.description, Literal(f"Produced by `{how}`.", lang="en")))
        g.add((node, DCTERMS.format, EU_FILE_TYPE[file_type]))
        g.add((node, DCAT.mediaType, IANA_MEDIA[media]))
        g.add((node, DCAT.accessURL, ENDPOINT))
        g.add((node, DCAT.accessService, SERVICE))
        g.add((node, DCTERMS.license, LICENSE))


def _agent(g: Graph) -> None:
    g.add((TEAM, RDF.type, FOAF.Agent))
    g.add((TEAM, RDF.type, PROV.Agent))
    g.add((TEAM, FOAF.name, Literal("s3kg developers")))
    g.add((CONTACT, RDF.type, VCARD.Organization))
    g.add((CONTACT, VCARD.fn, Literal("s3kg developers")))
    g.add((CONTACT, VCARD.hasURL, HOMEPAGE))


def _dataset(g: Graph, alignments: Graph) -> None:
    g.add((DATASET, DCTERMS.publisher, TEAM))
    g.add((DATASET, DCAT.contactPoint, CONTACT))
    g.add((DATASET, DCAT.landingPage, HOMEPAGE))
    g.add((DATASET, DCTERMS.language, EU_LANGUAGE.ENG))
    g.add((DATASET, DCTERMS.accessRights, EU_ACCESS_RIGHT.PUBLIC))
    for theme in ("ECON", "REGI", "TECH"):
        g.add((DATASET, DCAT.theme, EU_THEME[theme]))
    for keyword in KEYWORDS:
        g.add((DATASET, DCAT.keyword, Literal(keyword, lang="en")))
    countries = {o for o in alignments.objects(None, SKOS.exactMatch) if o in _eu_countries()}
    for country in sorted(countries, key=str):
        g.add((DATASET, DCTERMS.spatial, country))
    g.add(
        (
            DATASET,
            RDFS.comment,
            Literal(
                "Imported graphs (graph/import/…) keep the licence of their source, given as their "
                "dcterms:license.",
                lang="en",
            ),
        )
    )


def _eu_countries() -> set[URIRef]:
    return {EU_COUNTRY[c.alpha_3] for c in pycountry.countries}


def _service(g: Graph) -> None:
    g.add((SERVICE, RDF.type, DCAT.DataService))
    g.add((SERVICE, DCTERMS.title, Literal("s3kg SPARQL endpoint", lang="en")))
    g.add((SERVICE, DCAT.endpointURL, ENDPOINT))
    g.add((SERVICE, DCAT.servesDataset, DATASET))
    g.add((SERVICE, DCTERMS.conformsTo, URIRef("https://www.w3.org/TR/sparql11-protocol/")))
    g.add((SERVICE, DCTERMS.license, LICENSE))
