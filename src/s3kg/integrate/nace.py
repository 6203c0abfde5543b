"""NACE Rev. 2 as a SKOS concept scheme, converted from the Eurostat RAMON OWL file.

The shared ``nace/nace_r2.ttl`` holds the classification as OWL individuals under the old
RAMON IRIs (``…/ramon/rdfdata/nace_r2/01.11``) with ``code``, ``name``, ``level`` and
``broader``. The build turns it into SKOS under the EU Vocabularies IRIs::

    nace2:0111 a skos:Concept ;
        skos:notation "01.11" ; skos:prefLabel "Growing of cereals …"@en ;
        skos:broader nace2:011 ; skos:inScheme nace2:nace2 ;
        skos:exactMatch ramon:01.11 .

(sections ``A``..``U`` are ``skos:topConceptOf`` the scheme; ``skos:narrower`` is stated too,
so that both directions can be queried without inference.)
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS

from s3kg.errors import InputError
from s3kg.vocab.external import NACE, NACE_SCHEME, RAMON, RAMON_TERMS

LEVELS = {1: "section", 2: "division", 3: "group", 4: "class"}
EXPECTED = {"section": 21, "division": 88, "group": 272, "class": 615}
SOURCE = URIRef("https://github.com/w3c/dpv/tree/master/1.0/dpv-nace")


def nace_iri(code: str) -> URIRef:
    """``nace2:0111`` for ``01.11``; sections keep their letter (``nace2:A``)."""
    return NACE[code.replace(".", "")]


def load_ramon(path: Path) -> Graph:
    if not path.is_file():
        raise InputError(f"NACE file not found: {path} (set S3KG_SHARED_DATA)")
    try:
        return Graph().parse(path, format="turtle")
    except Exception as err:  # rdflib raises several unrelated types for bad Turtle
        raise InputError(f"{path.name}: not readable as Turtle: {err}") from err


def nace_scheme(path: Path) -> tuple[Graph, dict[str, int]]:
    """The SKOS graph of NACE Rev. 2 and the number of concepts per level."""
    ramon = load_ramon(path)
    out = Graph()
    _scheme(out)
    counts: Counter[str] = Counter()
    for item in sorted(set(ramon.subjects(RAMON_TERMS.code, None)), key=str):
        if not str(item).startswith(str(RAMON)):
            continue
        level = _level(ramon, URIRef(str(item)))
        counts[LEVELS[level]] += 1
        _concept(ramon, out, URIRef(str(item)), level)
    if not counts:
        raise InputError(f"{path.name}: no NACE activities found (expected RAMON individuals)")
    return out, dict(counts)


def _scheme(out: Graph) -> None:
    out.add((NACE_SCHEME, RDF.type, SKOS.ConceptScheme))
    title = "NACE Rev. 2 - Statistical classification of economic activities"
    out.add((NACE_SCHEME, SKOS.prefLabel, Literal(title, lang="en")))
    out.add((NACE_SCHEME, RDFS.label, Literal(title, lang="en")))
    out.add((NACE_SCHEME, DCTERMS.title, Literal(title, lang="en")))
    out.add((NACE_SCHEME, DCTERMS.source, SOURCE))
    out.add(
        (
            NACE_SCHEME,
            RDFS.comment,
            Literal(
                "Converted by s3kg from the Eurostat RAMON OWL rendering of NACE Rev. 2 "
                "(21 sections, 88 divisions, 272 groups, 615 classes); concept IRIs are those "
                "of EU Vocabularies, the RAMON IRIs are kept as skos:exactMatch.",
                lang="en",
            ),
        )
    )


def _level(ramon: Graph, item: URIRef) -> int:
    value = str(ramon.value(item, RAMON_TERMS.level) or "")
    if not value.isdigit() or int(value) not in LEVELS:
        raise InputError(f"NACE item {item} has no level 1-4 (found {value!r})")
    return int(value)


def _concept(ramon: Graph, out: Graph, item: URIRef, level: int) -> None:
    code = str(ramon.value(item, RAMON_TERMS.code))
    name = str(ramon.value(item, RAMON_TERMS.name) or ramon.value(item, RDFS.label) or code)
    concept = nace_iri(code)
    out.add((concept, RDF.type, SKOS.Concept))
    out.add((concept, SKOS.notation, Literal(code)))
    out.add((concept, SKOS.prefLabel, Literal(name.strip(), lang="en")))
    out.add((concept, RDFS.label, Literal(name.strip(), lang="en")))
    out.add((concept, SKOS.inScheme, NACE_SCHEME))
    out.add((concept, SKOS.exactMatch, item))
    if level == 1:
        out.add((concept, SKOS.topConceptOf, NACE_SCHEME))
        out.add((NACE_SCHEME, SKOS.hasTopConcept, concept))
        return
    parent = ramon.value(item, RAMON_TERMS.broader)
    if parent is None:
        raise InputError(f"NACE {code} has no broader item")
    parent_code = str(ramon.value(parent, RAMON_TERMS.code) or "")
    if not parent_code:
        raise InputError(f"NACE {code}: its broader item {parent} has no code")
    out.add((concept, SKOS.broader, nace_iri(parent_code)))
    out.add((nace_iri(parent_code), SKOS.narrower, concept))


def codes(graph: Graph) -> dict[str, URIRef]:
    """NACE concepts of a converted graph by notation (``"30.3"`` -> ``nace2:303``)."""
    return {
        str(code): URIRef(str(concept))
        for concept, code in graph.subject_objects(SKOS.notation)
        if (URIRef(str(concept)), SKOS.inScheme, NACE_SCHEME) in graph
    }
