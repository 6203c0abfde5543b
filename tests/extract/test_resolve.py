"""Entity resolution: one IRI per thing across documents, the graph's entity when it has one."""

from __future__ import annotations

from dataclasses import replace

import pytest
from rdflib import Graph, Literal
from rdflib.namespace import RDF, RDFS, SKOS

from s3kg.config import Settings
from s3kg.corpus.reader import Document
from s3kg.extract.candidate import Candidate
from s3kg.extract.context import Context
from s3kg.extract.resolve import entity_iri
from s3kg.extract.run import load_context
from s3kg.vocab.namespaces import ID, S3KG

Found = dict[str, tuple[Document, list[Candidate]]]


def _bodies(doc: Document, found: list[Candidate], text: str) -> set[str]:
    return {dict(c.links).get("entity") or dict(c.links)["candidate"]
            for c in found if doc.text[c.start : c.end] == text}  # fmt: skip


def test_two_documents_naming_the_same_cluster_propose_one_entity(proposed: Found) -> None:
    name = "Silicon Valley"
    bodies = _bodies(*proposed["101"], name) | _bodies(*proposed["102"], name)
    assert bodies == {str(ID["candidate/cluster/silicon-valley"])}


@pytest.fixture(scope="module")
def known(tmp_path_factory: pytest.TempPathFactory) -> Context:
    """Entities named as the curated data names them (ids, types, labels and aliases)."""
    facts = Graph()
    tsmc, itri, park = ID["org/tsmc"], ID["org/itri"], ID["cluster/hsinchu-science-park"]
    facts.add((tsmc, RDF.type, S3KG.Company))
    facts.add((tsmc, RDFS.label, Literal("Taiwan Semiconductor Manufacturing Co.", lang="en")))
    facts.add((tsmc, S3KG.locatedIn, ID["country/tw"]))
    facts.add((itri, RDF.type, S3KG.ResearchInstitute))
    facts.add((itri, RDFS.label, Literal("Industrial Technology Research Institute", lang="en")))
    facts.add((park, RDF.type, S3KG.Cluster))
    facts.add((park, RDFS.label, Literal("Hsinchu Science-based Industrial Park", lang="en")))
    facts.add((park, SKOS.altLabel, Literal("Hsinchu Science Park", lang="en")))
    facts.add((ID["country/tw"], RDF.type, S3KG.Country))
    facts.add((ID["country/tw"], RDFS.label, Literal("Taiwan", lang="en")))
    settings = replace(Settings(), var_dir=tmp_path_factory.mktemp("var"))
    return load_context(settings, facts)


def test_another_spelling_resolves_to_the_graphs_entity(known: Context) -> None:
    iri = entity_iri("organisation", "Taiwan Semiconductor Manufacturing Company", (), "TW", known)
    assert iri == str(ID["org/tsmc"])
    assert entity_iri("organisation", "ITRI", (), "", known) == str(ID["org/itri"])
    assert entity_iri("cluster", "Hsinchu Science Park", (), "TW", known) == str(
        ID["cluster/hsinchu-science-park"]
    )


def test_a_name_in_another_country_or_category_is_not_resolved(known: Context) -> None:
    elsewhere = entity_iri("organisation", "Taiwan Semiconductor Manufacturing Company", (),
                           "KR", known)  # fmt: skip
    assert elsewhere.startswith(str(ID["candidate/organisation/"]))
    assert entity_iri("cluster", "ITRI", (), "", known).startswith(str(ID["candidate/"]))


def test_a_country_resolves_by_its_code(known: Context) -> None:
    links = (("iso3166-1", "TW"),)
    assert entity_iri("place", "Republic of China", links, "TW", known) == str(ID["country/tw"])


def test_the_context_digest_changes_with_the_known_entities(
    known: Context, context: Context
) -> None:
    assert known.digest() != context.digest()
    assert len(context.digest()) == 32
