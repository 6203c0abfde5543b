"""Namespaces: the project's own closed namespace and the standard vocabularies it reuses.

``S3KG`` is closed: ``S3KG.Clustr`` raises ``AttributeError`` instead of minting a new IRI.
``tests/test_namespaces.py`` keeps its term list equal to the terms the ontology defines.
"""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import (
    DefinedNamespace,
)

BASE = "https://w3id.org/s3kg/"
ONTOLOGY_IRI = URIRef(BASE + "ontology")
ID = Namespace(BASE + "id/")
GRAPH = Namespace(BASE + "graph/")
DATASET = ID["dataset/s3kg"]  # the whole graph, as a VoID/DCAT dataset
LICENSE = URIRef("https://creativecommons.org/licenses/by/4.0/")  # of the data we publish

OA = Namespace("http://www.w3.org/ns/oa#")
CITO = Namespace("http://purl.org/spar/cito/")
DOCO = Namespace("http://purl.org/spar/doco/")
BIBO = Namespace("http://purl.org/ontology/bibo/")
SDMXA = Namespace("http://purl.org/linked-data/sdmx/2009/attribute#")
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")


class S3KG(DefinedNamespace):
    """Terms of the s3kg ontology (https://w3id.org/s3kg/ontology#)."""

    _NS = Namespace(BASE + "ontology#")
    _fail = True

    # classes
    AcademicIndustryCluster: URIRef
    AcademicOrganisation: URIRef
    AerospaceCluster: URIRef
    Assertion: URIRef
    Association: URIRef
    Barrier: URIRef
    Candidate: URIRef
    CitedWork: URIRef
    City: URIRef
    Cluster: URIRef
    ClusterBenefit: URIRef
    ClusterOrganisation: URIRef
    ClusterType: URIRef
    ClusterTypology: URIRef
    ClusteringEffect: URIRef
    Company: URIRef
    CompetitivenessFactor: URIRef
    Country: URIRef
    DocumentFigure: URIRef
    DocumentPart: URIRef
    EndogenousCluster: URIRef
    Factor: URIRef
    FactorCategory: URIRef
    Figure: URIRef
    Indicator: URIRef
    IndustrialCluster: URIRef
    InnovativeCluster: URIRef
    InnovativeIndustrialCluster: URIRef
    InnovativeTerritorialCluster: URIRef
    IntentionalCluster: URIRef
    Interest: URIRef
    InterestTheme: URIRef
    Investor: URIRef
    LatentCluster: URIRef
    ListItem: URIRef
    MacroEffect: URIRef
    ManagedCluster: URIRef
    MediaOrganisation: URIRef
    Mention: URIRef
    MicroEffect: URIRef
    Paragraph: URIRef
    PilotInnovativeCluster: URIRef
    Place: URIRef
    Policy: URIRef
    PolicyInstrument: URIRef
    PotentialCluster: URIRef
    Precondition: URIRef
    Product: URIRef
    ProposedEntity: URIRef
    PublicAuthority: URIRef
    Recognition: URIRef
    ReferenceEntry: URIRef
    Region: URIRef
    ResearchInstitute: URIRef
    SME: URIRef
    SMECluster: URIRef
    Section: URIRef
    Sector: URIRef
    Site: URIRef
    SmartSpecialisationPrinciple: URIRef
    SmartSpecialisationStrategy: URIRef
    SourceDocument: URIRef
    SpecialEconomicZone: URIRef
    StakeholderGroup: URIRef
    StateInitiatedCluster: URIRef
    Strategy: URIRef
    SubCluster: URIRef
    SuccessFactor: URIRef
    SupportOrganisation: URIRef
    Table: URIRef
    TableRow: URIRef
    TechnologyCluster: URIRef
    TechnologyPlatform: URIRef
    TerritorialCluster: URIRef
    Topic: URIRef
    TripleHelixCluster: URIRef
    UnitOfMeasure: URIRef
    University: URIRef
    UnmanagedCluster: URIRef
    ValueQualifier: URIRef
    VentureFund: URIRef
    WorkingCluster: URIRef
    # properties
    aboutProduct: URIRef
    adoptedBy: URIRef
    appliesTo: URIRef
    authorNames: URIRef
    basedOn: URIRef
    confidence: URIRef
    containerTitle: URIRef
    contentHash: URIRef
    cooperatesWith: URIRef
    evidence: URIRef
    factorCategory: URIRef
    fileName: URIRef
    foundingYear: URIRef
    hasClusterOrganisation: URIRef
    hasInterest: URIRef
    hasStrategy: URIRef
    hasSubCluster: URIRef
    indicator: URIRef
    initiatedBy: URIRef
    instrumentKind: URIRef
    interestTheme: URIRef
    interviewee: URIRef
    isSubClusterOf: URIRef
    leadsTo: URIRef
    listPosition: URIRef
    locatedIn: URIRef
    locator: URIRef
    mentions: URIRef
    namedInSource: URIRef
    ordinal: URIRef
    periodStartYear: URIRef
    produces: URIRef
    proposedIdentifier: URIRef
    proposedKind: URIRef
    proposedMemberOf: URIRef
    proposedMeasure: URIRef
    proposedType: URIRef
    proposedUnit: URIRef
    proposedValue: URIRef
    proposedYear: URIRef
    recognisedAs: URIRef
    recommendedFor: URIRef
    refEntity: URIRef
    refYear: URIRef
    refersTo: URIRef
    specialisesIn: URIRef
    typeClass: URIRef
    usesInstrument: URIRef
    validFrom: URIRef
    value: URIRef
    valueQualifier: URIRef


class Graphs:
    """Named graphs of a build: each kind of statement lives apart so users can tell them apart."""

    ONTOLOGY = GRAPH["ontology"]
    CORPUS = GRAPH["corpus"]
    FACTS = GRAPH["facts"]
    PROVENANCE = GRAPH["provenance"]
    MENTIONS = GRAPH["mentions"]
    CANDIDATES = GRAPH["candidates"]  # proposed by extractors, awaiting a curator's review
    INFERRED = GRAPH["inferred"]
    METADATA = GRAPH["metadata"]
    ALIGNMENTS = GRAPH["alignments"]  # standard identifiers of places, sector mappings
    NACE = GRAPH["nace"]  # NACE Rev. 2 as a SKOS concept scheme
    ECOSYSTEMS = GRAPH["ecosystems"]  # the 14 EU industrial ecosystems (our SKOS scheme)
    LINKS = GRAPH["links"]  # reviewed links to imported data (data/links/accepted.csv)

    @staticmethod
    def import_graph(source: str) -> URIRef:
        """The graph of one external import (``s3kg import``), e.g. ``…/graph/import/uscm``."""
        return GRAPH[f"import/{source}"]
