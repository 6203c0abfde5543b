"""The closed namespace matches the ontology exactly, and rejects typos."""

from __future__ import annotations

import pytest

from s3kg.build.ontology import load_ontology, own_terms
from s3kg.config import Settings
from s3kg.vocab.namespaces import S3KG


def test_closed_namespace_lists_exactly_the_ontology_terms() -> None:
    ontology_terms = {str(t) for t in own_terms(load_ontology(Settings().ontology_file))}
    namespace_terms = {str(S3KG[name]) for name in S3KG.__annotations__}
    assert namespace_terms == ontology_terms


def test_typo_raises_instead_of_minting_an_iri() -> None:
    with pytest.raises(AttributeError):
        _ = S3KG.Clustr
