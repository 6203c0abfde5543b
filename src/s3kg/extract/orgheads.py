"""Head words of organisation names and the kind each gives (``org_kind``).

The rightmost head word of a name says what the organisation is: "Stanford University",
"Ministry of Economic Affairs", "Asian Development Bank", "Acme Motors", "Zorblat Ltd". A
head may be followed by words that say where or how widely the body works ("Zorblat Motors
UK", "Kestrel Chemicals Europe", "Vantor Airbags International"), and a few heads of Latin or
Romance names come first ("Academia Sinica", "Banco Zorblat"). A "centre" is a research
institute unless the words around it say it is a venue (an arts centre, a shopping centre:
no organisation) or a place where firms are helped (a business centre: a development agency).
"""

from __future__ import annotations

from s3kg.extract.names import GENERIC
from s3kg.extract.text import word_set

# Legal forms end a company's name ("Acme Ltd"); the company heads below include them.
LEGAL_FORMS = frozenset(
    {"inc", "inc.", "corp", "corp.", "ltd", "ltd.", "limited", "plc", "llc", "gmbh", "ag", "sa",
     "s.a.", "nv", "bv"}
)  # fmt: skip


def _kinds(**groups: str) -> dict[str, str]:
    return {w: kind.replace("_", " ") for kind, words in groups.items() for w in words.split()}


# Head word (casefolded) -> kind; the rightmost head of a run decides.
HEADS = _kinds(
    university="university college polytechnic school conservatory",
    research_institute="""institute institution laboratory laboratories lab labs academy academia
        catapult observatory centre center""",
    public_authority="""ministry department council commission government parliament congress
        senate administration bureau authority office organization organisation executive
        assembly duma treasury union navy army fleet forces force police committee directorate
        directorate-general registry court tribunal""",
    development_agency="agency enterprise",
    financial_institution="bank fund capital ventures partners exchange investments",
    company=" ".join(sorted(LEGAL_FORMS)) + """ corporation company co co. group holdings motors
        technologies systems semiconductor semiconductors electronics electric computer computers
        airlines airways pharmaceuticals chemicals industries instruments networks software labs
        associates railways plant factory works combine shipyard refinery refineries brewery
        journal times gazette herald tribune news post magazine club automobile
        yachts helicopters optronics""",
    association="""association federation confederation chamber society foundation alliance
        consortium forum trust partnership""",
)
# Heads that come first in Latin and Romance names ("Academia Sinica", "Banco Zorblat").
LEADING_HEADS = _kinds(
    research_institute="academia instituto istituto institut",
    university="universidad universidade università université universität",
    financial_institution="banco banca banque",
)
# Words that may follow a head in a company's name: where, or how widely, it works.
TRAILING = word_set(
    "uk us usa europe european international global worldwide asia america americas china "
    "india japan africa emea"
)
CONNECTORS = frozenset({"of", "for", "on", "and", "the", "de", "du", "la", "in", "&"})
# "centre"/"center" names: venues are no organisation; business-support centres are agencies.
_VENUE = word_set(
    "art arts performing visual visitor visitors shopping conference exhibition community "
    "leisure sports sport medical cultural culture heritage garden convention civic"
)
_SUPPORT = word_set("business enterprise trade export investment entrepreneurship")


def org_kind(name: str) -> str | None:
    """The kind of organisation a name's head word gives, None when it has no head."""
    words = name.split(" ")
    lowered = [w.casefold() for w in words]
    if len(words) > 1 and lowered[0] in LEADING_HEADS:
        second = lowered[1]
        named = second not in GENERIC | CONNECTORS or (second in CONNECTORS and len(words) > 2)
        return LEADING_HEADS[lowered[0]] if named else None
    heads = [i for i, w in enumerate(lowered) if w in HEADS]
    if not heads:
        return None
    head = heads[-1]
    rest = lowered[head + 1 :]
    if rest and rest[0] not in CONNECTORS and not all(w in TRAILING for w in rest):
        return None  # a head in the middle of a longer name: "Bank Street"
    distinct = [
        w for i, w in enumerate(lowered) if i not in heads and w not in GENERIC | CONNECTORS
    ]
    if not distinct and not (head == 0 and len(words) > 2) and len(words) < 3:
        return None  # "Federal Government", "University": no name of its own
    return _refined(lowered, HEADS[lowered[head]], lowered[head])


def _refined(lowered: list[str], kind: str, head: str) -> str | None:
    """The kind the other words of the name make more precise."""
    if "cluster" in lowered and kind in ("association", "public authority"):
        return "cluster organisation"
    if head in ("centre", "center"):
        if _VENUE & set(lowered):
            return None  # "Palo Alto Art Center": a venue, not an organisation
        if _SUPPORT & set(lowered):
            return "development agency"  # "Northtown Business Centre"
    return kind
