"""Known entities: the curated and imported clusters, organisations, places and sectors
named in a document (``known.py`` makes the lexicon; one-word English words are not in it).

A name two entities share is skipped rather than guessed, as in ``build/gazetteer.py``.
"""

from __future__ import annotations

from s3kg.corpus.reader import Document
from s3kg.extract.candidate import Candidate
from s3kg.extract.context import Context

_CONFIDENCE = 0.9  # the name is the entity's own label or alias; only its sense may differ


def extract_known(doc: Document, context: Context) -> list[Candidate]:
    found = []
    for match in context.known.find(doc.text):
        entities = {e.links for e in match.entries}
        if len(entities) != 1:
            continue
        entry = match.entries[0]
        found.append(
            Candidate(
                entry.category,
                doc.key,
                match.start,
                match.end,
                entry.name,
                "gazetteer:known",
                _CONFIDENCE,
                entry.kind,
                entry.links,
            )
        )
    return found
