"""Shared fixtures: one extraction context and the tuning documents (never the held-out
corpus-extra documents 104, 105, 107, 110 and 112, kept for the gold-set evaluation)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from s3kg.config import Settings
from s3kg.corpus.reader import Document, load_document
from s3kg.extract.candidate import Candidate
from s3kg.extract.context import Context
from s3kg.extract.run import load_context, propose

SHARED = Path(__file__).resolve().parents[3] / "shared"
TUNING = {
    "101": "corpus-extra/101_silicon-valley.txt",
    "102": "corpus-extra/102_economy-of-taiwan.txt",
    "103": "corpus-extra/103_economy-of-russia.txt",
    "106": "corpus-extra/106_uk-dit-england-regions.txt",
    "108": "corpus-extra/108_uk-dit-automotive.txt",
    "109": "corpus-extra/109_uk-dit-creative.txt",
    "111": "corpus-extra/111_usc-15-3722-tech-hubs.txt",
}


@pytest.fixture(scope="session")
def context(tmp_path_factory: pytest.TempPathFactory) -> Context:
    """Gazetteers without imports or curated facts (an empty var folder)."""
    return load_context(replace(Settings(), var_dir=tmp_path_factory.mktemp("var")))


@pytest.fixture(scope="session")
def proposed(context: Context) -> dict[str, tuple[Document, list[Candidate]]]:
    found = {}
    for key, name in TUNING.items():
        doc = load_document(SHARED / name)
        found[key] = (doc, propose(doc, context))
    return found


def at(doc: Document, candidates: list[Candidate], text: str, category: str) -> list[Candidate]:
    """The candidates of ``category`` whose span is exactly ``text``."""
    return [c for c in candidates if c.category == category and doc.text[c.start : c.end] == text]
