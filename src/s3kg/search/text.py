"""How labels and queries are compared: case, accents and punctuation do not matter."""

from __future__ import annotations

import re
import unicodedata

_NON_WORD = re.compile(r"[^\w]+", re.UNICODE)


def normalise(text: str) -> str:
    """Lower case, accents removed, punctuation as single spaces: ``"Ré-Sèau"`` → ``"re seau"``.

    Applied to labels when the index is written and to every query, so that both sides meet
    in the same form (SQLite's trigram tokenizer folds case but, before 3.45, not accents).
    """
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(_NON_WORD.sub(" ", bare).replace("_", " ").split())


def trigrams(text: str) -> list[str]:
    """The distinct three-character pieces of ``text`` (spaces included), in order."""
    seen: dict[str, None] = {}
    for i in range(len(text) - 2):
        seen.setdefault(text[i : i + 3], None)
    return list(seen)


def fts_phrase(token: str) -> str:
    """``token`` as an FTS5 string: quoted, so that no user text is read as query syntax."""
    return '"' + token.replace('"', '""') + '"'
