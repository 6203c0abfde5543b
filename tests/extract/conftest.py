"""Fixtures of the extractor tests: documents made from our own strings, and the tuning texts.

Only the tuning documents are opened here (corpus 000-004 and corpus-extra 101, 102, 103,
106, 108, 109, 111); the held-out ones (104, 105, 107, 110) are kept for measuring.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from s3kg.config import Settings
from s3kg.corpus.reader import Document, load_document
from s3kg.extract.candidate import Candidate
from s3kg.extract.context import Context
from s3kg.extract.run import load_context, propose

CORPUS = Settings().corpus_dir
EXTRA = CORPUS.parent / "corpus-extra"
TUNING = {
    "101": "101_silicon-valley.txt", "102": "102_economy-of-taiwan.txt",
    "103": "103_economy-of-russia.txt", "106": "106_uk-dit-england-regions.txt",
    "108": "108_uk-dit-automotive.txt", "109": "109_uk-dit-creative.txt",
    "111": "111_usc-15-3722-tech-hubs.txt",
}  # fmt: skip


@pytest.fixture()
def make_doc(tmp_path: Path) -> Callable[[str], Document]:
    """A document of one title line and ``body``, read by the real reader."""

    def make(body: str) -> Document:
        path = tmp_path / "900_test.txt"
        path.write_text("A test document\n" + body + "\n", encoding="utf-8")
        return load_document(path)

    return make


@pytest.fixture(scope="session")
def tuning() -> Callable[[str], Document]:
    """Loads a tuning document by key; the test is skipped when the shared texts are absent."""
    cache: dict[str, Document] = {}

    def load(key: str) -> Document:
        path = EXTRA / TUNING[key] if key in TUNING else next(CORPUS.glob(f"{key}_*.txt"), None)
        if path is None or not path.is_file():
            pytest.skip(f"tuning document {key} is missing (the shared corpus texts)")
        if key not in cache:
            cache[key] = load_document(path)
        return cache[key]

    return load


@pytest.fixture(scope="session")
def context(tmp_path_factory: pytest.TempPathFactory) -> Context:
    """Gazetteers without imports or curated facts (an empty var folder)."""
    return load_context(replace(Settings(), var_dir=tmp_path_factory.mktemp("var")))


@pytest.fixture(scope="session")
def proposed(context: Context) -> dict[str, tuple[Document, list[Candidate]]]:
    """Every corpus-extra tuning document with what ``propose`` finds in it."""
    found = {}
    for key, name in TUNING.items():
        doc = load_document(EXTRA / name)
        found[key] = (doc, propose(doc, context))
    return found


def at(doc: Document, candidates: list[Candidate], text: str, category: str) -> list[Candidate]:
    """The candidates of ``category`` whose span is exactly ``text``."""
    return [c for c in candidates if c.category == category and doc.text[c.start : c.end] == text]
