"""Entity resolution: one entity per thing named, across spellings and documents.

A candidate for a cluster, organisation or place becomes ``("entity", IRI)`` of the entity
the graph already has when

- it carries an identifier the graph's entity is named by (a country ``TW`` is
  ``id:country/tw``, a region ``RU-KLU`` is ``id:region/ru-klu``), or
- its name is close to one of that entity's names (rapidfuzz ``token_sort_ratio`` over
  ``name_key``s >= 90, so word order, case, accents and possessives do not matter) and the
  two are of the same category and not in different countries, or
- it is an acronym of the initials of one of those names ("ITRI").

Otherwise it gets ``("candidate", IRI)``: ``id:candidate/<category>/<slug>``, a slug of the
normalised name (of the identifier for places), so every document that names the same thing
proposes the same new entity. Sectors are the NACE concept of their code. A membership
``("member-of", <cluster label>)`` is resolved the same way to the cluster's IRI.
"""

from __future__ import annotations

from dataclasses import replace

from rapidfuzz import fuzz, process

from s3kg.extract.candidate import Candidate
from s3kg.extract.context import Context
from s3kg.extract.text import name_key, slug
from s3kg.integrate.nace import nace_iri
from s3kg.vocab.namespaces import ID

_SCORE = 90
_ENTITIES = ("cluster", "organisation", "place", "sector", "instrument", "factor")
_NOT_INITIALS = frozenset({"of", "for", "and", "the", "de", "&", "on", "in"})


def resolve(candidates: list[Candidate], context: Context) -> list[Candidate]:
    return [_resolve(c, context) for c in candidates]


def _resolve(candidate: Candidate, context: Context) -> Candidate:
    if candidate.category == "figure":
        # A figure is one statement in one place: its proposal is its own, never shared.
        own = ID[f"candidate/figure/{candidate.doc_key}-{candidate.start}-{candidate.end}"]
        return replace(candidate, links=(*candidate.links, ("candidate", str(own))))
    if candidate.category not in _ENTITIES:
        return candidate
    links = [link for link in candidate.links if link[0] != "member-of"]
    for scheme, cluster in candidate.links:
        if scheme == "member-of":
            links.append(("member-of", entity_iri("cluster", cluster, (), "", context)))
    if not any(scheme == "entity" for scheme, _ in links):
        country = dict(candidate.links).get("iso3166-1", "")
        iri = entity_iri(candidate.category, candidate.label, tuple(links), country, context)
        scheme = "entity" if _known(iri, context) else "candidate"
        links.append((scheme, iri))
    return replace(candidate, links=tuple(links))


def entity_iri(
    category: str,
    name: str,
    links: tuple[tuple[str, str], ...],
    country: str,
    context: Context,
) -> str:
    """The IRI of the entity a name stands for: the graph's, else a proposed one."""
    codes = dict(links)
    if category == "sector" and "nace" in codes:
        return str(nace_iri(codes["nace"]))
    by_code = _by_code(category, codes, context)
    if by_code is not None:
        return by_code
    found = _by_name(category, name_key(name), country, context)
    if found is not None:
        return found
    return str(ID[f"candidate/{category}/{_slug(category, name, codes)}"])


def _by_code(category: str, codes: dict[str, str], context: Context) -> str | None:
    """The curated place with the candidate's ISO code (``id:region/ru-klu``), if any."""
    if category != "place":
        return None
    if "iso3166-2" in codes:
        iri = str(ID[f"region/{codes['iso3166-2'].lower()}"])
    elif set(codes) == {"iso3166-1"}:  # a country: cities and regions also carry theirs
        iri = str(ID[f"country/{codes['iso3166-1'].lower()}"])
    else:
        return None
    known = {iri for _, iri, _ in context.known_names.get("place", ())}
    return iri if iri in known else None


def _by_name(category: str, key: str, country: str, context: Context) -> str | None:
    names = [
        (k, iri)
        for k, iri, c in context.known_names.get(category, ())
        if not (country and c and c != country)
    ]
    if not names or not key:
        return None
    exact = [iri for k, iri in names if k == key]
    if exact:
        return min(exact)
    if key.replace(" ", "").isalpha() and " " not in key and len(key) <= 6:
        initials = [iri for k, iri in names if _initials(k) == key]
        return min(initials) if len(set(initials)) == 1 else None
    best = process.extractOne(
        key, [k for k, _ in names], scorer=fuzz.token_sort_ratio, score_cutoff=_SCORE
    )
    return names[best[2]][1] if best is not None else None


def _initials(key: str) -> str:
    return "".join(w[0] for w in key.split() if w not in _NOT_INITIALS)


def _known(iri: str, context: Context) -> bool:
    return not iri.startswith(str(ID["candidate/"]))


def _slug(category: str, name: str, codes: dict[str, str]) -> str:
    if category == "place":
        for scheme in ("iso3166-2", "itl", "geonames", "nuts2021", "iso3166-1"):
            if scheme in codes:
                return f"{scheme}-{codes[scheme].lower()}"
    return slug(name)
