"""Clusters: named clusters, parks and valleys, clusters described by sector and place, and
the organisations a text says belong to one.

Rules (``method`` = ``clusters:<rule>``):

- ``named``: a capitalised run ending in Valley, Science/Technology/Research/Industrial
  Park, Technopark, Technopolis, Hub, Cluster or Innovation Engine, or in a district named
  for its trade (Science/Tech/Media/Digital/Knowledge City, Quarter, Corridor, Campus or
  Triangle: "Tech City", "Research Triangle") ("Hsinchu Science Park", "Motorsport Valley"),
  or starting with Silicon ("Silicon Fen").
  A valley named after a place ("Santa Clara Valley") is geography, not a cluster.
- ``described``: "<sector words> cluster" ("aerospace cluster", "rail cluster") and
  "cluster of <plural noun>" with a place in the same sentence or paragraph; the label adds
  the place ("aerospace cluster (North West)") so that two regions' clusters stay two.
- ``membership``: organisations listed after "is home to", "brings together", "members
  include" in a sentence about a cluster, linked ``("member-of", <cluster label>)``.

Every cluster gets the identifiers of the nearest place (same sentence first, then the
paragraph) and the NACE code of a sector word in its name or sentence.
"""

from __future__ import annotations

import re
from collections import Counter

from s3kg.corpus.reader import Document
from s3kg.extract.candidate import Candidate
from s3kg.extract.clusterforms import later_clusters
from s3kg.extract.context import Context
from s3kg.extract.lexicon import Entry
from s3kg.extract.names import LIST_SPLIT, Run, is_generic, runs, split_names
from s3kg.extract.places import choose, document_countries
from s3kg.extract.text import sentences, word_set

_NAMED = re.compile(
    r"(?:Valley|(?:Science|Technology|Tech|Research|Industrial|Innovation|Business|Software|"
    r"Enterprise|Knowledge|Eco) Park|Technopark|Technopolis|Hub|Cluster|"
    r"(?:Science|Tech|Technology|Media|Digital|Knowledge|Innovation|Research) "
    r"(?:City|Quarter|Corridor|Campus|Triangle)|"
    r"Innovation Engines?)$"
)
_DESCRIBED = re.compile(r"\b((?:[a-z][\w-]* ){1,3})clusters?\b")
_CLUSTER_OF = re.compile(r"\bcluster of ((?:[a-z][\w-]* ){0,2}[a-z][\w-]*s)\b")
_NOT_MODIFIERS = word_set(
    """the a an its their this that largest biggest large small major leading main world's
    fourth third second first new successful regional local existing such one other
    own of in and is are was be by for industrial economic business innovative
    innovation also globally renowned mature important strong growing significant
    famous"""
)
# Activities clusters are named after that have no NACE synonym of their own.
_TOPICS = word_set("""rail railway motorsport tech technology digital creative media life
    sciences science logistics maritime marine space nuclear energy defence defense design
    designers engineering biomedical medical health finance fintech games gaming film wine
    food tourism photonics robotics""")
_MEMBERS = re.compile(
    r"\b(?:is home to|are home to|brings together|members include|"
    r"member companies include|comprises|unites) "
)


def extract_clusters(doc: Document, context: Context) -> list[Candidate]:
    found: list[Candidate] = []
    # Places are read as the places extractor reads them: in the document's countries.
    countries = document_countries(list(context.places.find(doc.text)))
    for start, end in sentences(doc.text):
        named = _named(doc, context, countries, start, end)
        described = _described(doc, context, countries, start, end, named)
        found += named + described
        if named or described:
            found += _members(doc, (named + described)[0], start, end)
    return found + later_clusters(doc, context.places, found, _is_named)


def _named(
    doc: Document, context: Context, countries: Counter[str], start: int, end: int
) -> list[Candidate]:
    found = []
    for run in (p for r in runs(doc.text, start, end) for p in _parts(r)):
        if not _is_named(run.text):
            continue
        if is_generic(run.text) or _named_after_place(context, run.text):
            continue
        if " " not in run.text or " of the " in run.text:
            continue  # "Technopark" alone, "Added Value of the Cluster": not a cluster's name
        kind = "valley" if run.text.endswith("Valley") else "cluster"
        where = _where(doc, context, countries, run.start, start, end)
        links = where + _sector(context, doc.text, start, end)
        found.append(
            Candidate(
                "cluster",
                doc.key,
                run.start,
                run.end,
                run.text,
                "clusters:named",
                0.85,
                kind,
                links,
            )
        )
    return found


def _described(
    doc: Document,
    context: Context,
    countries: Counter[str],
    start: int,
    end: int,
    named: list[Candidate],
) -> list[Candidate]:
    text, found = doc.text, []
    for pattern in (_DESCRIBED, _CLUSTER_OF):
        for match in pattern.finditer(text, start, end):
            span_start = _modifiers_start(text, match) if pattern is _DESCRIBED else match.start()
            if span_start is None or any(c.start <= span_start < c.end for c in named):
                continue
            if not _about_an_activity(context, text[span_start : match.end()]):
                continue  # "separate cluster", "recognized clusters": no activity named
            place = _nearest_place(doc, context, countries, span_start, start, end)
            if place is None:
                continue  # "the cluster approach": no place, no particular cluster
            label = f"{text[span_start : match.end()]} ({place.name})"
            links = _links(place) + _sector(context, text, span_start, match.end())
            found.append(
                Candidate(
                    "cluster",
                    doc.key,
                    span_start,
                    match.end(),
                    label,
                    "clusters:described",
                    0.55,
                    "cluster",
                    links,
                )
            )
    return found


def _about_an_activity(context: Context, phrase: str) -> bool:
    words = set(phrase.casefold().replace("-", " ").split())
    return bool(words & _TOPICS) or next(context.sectors.find(phrase, False), None) is not None


def _modifiers_start(text: str, match: re.Match[str]) -> int | None:
    """Where the words that say what the cluster is start: the lower-case words right before
    "cluster" that are not determiners or adjectives of size ("the country's biggest robotics")."""
    start = None
    for word in reversed(list(re.finditer(r"\S+", text[match.start(1) : match.end(1)]))):
        if word.group(0).casefold() in _NOT_MODIFIERS or not word.group(0).isalpha():
            break
        start = match.start(1) + word.start()
    return start


def _members(doc: Document, cluster: Candidate, start: int, end: int) -> list[Candidate]:
    text, found = doc.text, []
    for cue in _MEMBERS.finditer(text, cluster.start, end):
        stop = re.compile(r"[.;:()\n\[]").search(text, cue.end(), end)
        pos = cue.end()
        for item in LIST_SPLIT.split(text[cue.end() : stop.start() if stop else end]):
            item_start = text.index(item, pos) if item else pos
            pos = item_start + len(item)
            run = next(runs(text, item_start, pos), None)
            if run is None or run.start != item_start or is_generic(run.text):
                continue
            found.append(
                Candidate(
                    "organisation",
                    doc.key,
                    run.start,
                    run.end,
                    run.text,
                    "clusters:membership",
                    0.5,
                    "company",
                    (("member-of", cluster.label),),
                )
            )
    return found


def _parts(run: Run) -> list[Run]:
    """ "A Science Park and B Waterside": the parts of a run joined by "and" that are names of
    clusters by themselves, or the run."""
    pieces = [_bare(p) for p in split_names(run, lambda name: True)]
    named = [p for p in pieces if _is_named(p.text)]
    return named if named and (len(pieces) > 1 or pieces[0] != run) else [run]


def _bare(run: Run) -> Run:
    """The cluster's name without its place or its owner: "Tech City in London's East End"
    and "Northtown's Tech City" are the Tech City; "Cyber Hub in Leeds Science Park" and
    "Centre for Excellence in Technology Park" stay whole (what follows "in" is a cluster's
    name, or what comes before it is none)."""
    text, start, end = run.text, run.start, run.end
    where = text.find(" in ")
    if where > 0 and _is_named(text[:where]) and not _is_named(text[where + 4 :]):
        text, end = text[:where], start + where
    owner = max(text.rfind("'s "), text.rfind("’s "))
    if owner >= 0 and _is_named(text[owner + 3 :]):
        start, text = start + owner + 3, text[owner + 3 :]
    return run if (start, end) == (run.start, run.end) else Run(start, end, text)


def is_cluster_name(name: str) -> bool:
    """A name that ends as a cluster's or a park's does ("... Science Park", "... Valley")."""
    return _is_named(name)


def _is_named(name: str) -> bool:
    silicon = name.startswith("Silicon ") and name.count(" ") == 1  # Silicon Fen, Glen
    return (bool(_NAMED.search(name)) or silicon) and not name.endswith("Valleys")


def _named_after_place(context: Context, name: str) -> bool:
    """ "Santa Clara Valley": the words before Valley are a place's name."""
    head = name.rsplit(" ", 1)[0]
    match = next(context.places.find(head), None)
    return match is not None and match.start == 0 and match.end == len(head) and " " in name


def _where(
    doc: Document, context: Context, countries: Counter[str], at: int, start: int, end: int
) -> tuple[tuple[str, str], ...]:
    place = _nearest_place(doc, context, countries, at, start, end)
    return _links(place) if place is not None else ()


def _nearest_place(
    doc: Document, context: Context, countries: Counter[str], at: int, start: int, end: int
) -> Entry | None:
    """The place named nearest ``at``: in its sentence, else in its paragraph (block); a
    region or city of a country before a country or a continent (in "Lakeside hosts the
    country's biggest robotics cluster", Lakeside; in "the biggest ferry cluster in Asia"
    the continent only if no region is named nearer)."""
    block = next((b.span for b in doc.blocks if b.span.start <= at < b.span.end + 1), None)
    scopes = [(start, end)] + ([(block.start, block.end)] if block else [])
    for lo, hi in scopes:
        chosen = [(m, choose(m.entries, countries)) for m in context.places.find(doc.text[lo:hi])]
        usable = [(m, e) for m, e in chosen if not e.guard or countries.get(e.country or "")]
        if usable:
            return min(
                usable,
                key=lambda pair: (_wider(pair[1]), abs(lo + pair[0].start - at)),
            )[1]
    return None


def _wider(place: Entry) -> bool:
    """A country, or an area wider than one (a continent): where a cluster is compared."""
    return place.kind == "country" or not place.country


def _links(place: Entry) -> tuple[tuple[str, str], ...]:
    links = tuple(place.links)
    if place.kind != "country" and place.country:
        links += (("iso3166-1", place.country),)
    return links


def _sector(context: Context, text: str, start: int, end: int) -> tuple[tuple[str, str], ...]:
    match = next(context.sectors.find(text[start:end], capitalised=False), None)
    return match.entries[0].links if match is not None else ()
