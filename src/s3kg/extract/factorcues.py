"""The cue phrases of success factors, preconditions and barriers, and factor categories.

Cues are tried in this order, and a phrase that an earlier cue took is not taken again, so
"lack of access to finance" is one barrier rather than a barrier and a success factor.
``where`` says where the factor stands: ``with-cue`` (the cue is part of it: "access to
<skilled labour>"), ``after`` (it follows the cue: "thanks to <...>") or ``before`` (it is
the subject: "<red tape> hinders ...").
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Cue:
    name: str
    pattern: re.Pattern[str]
    kind: str
    where: str


def _cue(name: str, pattern: str, kind: str, where: str) -> Cue:
    return Cue(name, re.compile(pattern, re.IGNORECASE), kind, where)


# Words that praise what a place offers, and the nouns of what it offers (the factors).
_QUALITY = (
    r"(?:(?:highly|very|relatively|internationally|globally|increasingly|rapidly)\s+)?"
    r"(?:skilled|world-class|world-leading|competitive|low|lower|strong|excellent|good|great|"
    r"flexible|efficient|productive|talented|qualified|well-connected|well-educated|ideal|"
    r"favourable|favorable|attractive|affordable|cheap|abundant|rich|reliable|supportive|"
    r"stable|strategic|dynamic|deep|diverse|experienced|educated|high-quality|"
    r"first-class|extensive|established|outstanding|unrivalled|unique|large|huge|growing|"
    r"modern|developed|well-developed|advanced|convenient|advantageous|low-cost|plentiful|"
    r"geographic(?:al)?|central|direct|lowest|cheaper|cheapest|fast|faster|interconnected|"
    r"significant|steady|entrepreneurial|vibrant|thriving|scientific|technical|inexpensive|"
    r"universal|conservative|sound|generous|liberal|world\s+class|state-of-the-art|renowned|"
    r"sophisticated|enthusiastic|booming|expanding|high(?:\s+|-)speed|"
    r"high(?:\s+|-)quality|high(?=\s+productivity))"
)
_FACTOR_NOUN = (
    r"(?:workforces?|labou?r(?:\s+force)?|talent(?:\s+pool|\s+pipeline)?|skills?(?:\s+base)?|"
    r"graduates|engineers|universities|research(?:\s+base)?|infrastructure|links|connections|"
    r"connectivity|costs?|prices|rents|tax\s+rates?|taxes|location|position|access|markets?|"
    r"supply\s+chains?|ecosystems?|networks?|support|incentives|environment|regime|"
    r"property|land|ports?|airports?|resources|reserves|deposits|base|expertise|capabilit(?:y|ies)|"
    r"heritage|climate|clusters?|partnerships?|collaboration|funding|finance|work\s+forces?|"
    r"(?:venture\s+)?capital|spending|facilities|productivity|(?:commuting|journey|travel)\s+"
    r"times?|education|ethos|policy|policies|reforms?|aid|institutions|housing|"
    r"reputation|leadership|culture|traditions?|sites|premises|technicians|audiences?|"
    r"internet|broadband|excellence|tax\s+(?:breaks|reliefs?|incentives|credits)|"
    r"(?:education|transport|innovation|support|tax)\s+systems)"
)
_BARRIER_NOUN = (
    r"(?:isolation|remoteness|corruption|bureaucracy|red\s+tape|brain\s+drain|"
    r"skills?\s+(?:gaps?|shortages?)|labou?r\s+shortages?|sanctions|outflow\s+of\s+capital|"
    r"capital\s+flight|high\s+costs|high\s+inflation|marginali[sz]ation|trade\s+wars?|"
    r"(?:housing|skills|labou?r|land)\s+shortages?|(?:traffic\s+)?congestion|"
    r"high\s+cost\s+of\s+living|(?:severe|chronic|acute|persistent|heavy|excessive|"
    r"increasing|rising|higher)\s+(?:[a-z-]+\s+){0,2}?(?:shortages?|congestion|costs?|reliance|"
    r"dependence|dependency|taxes|prices))"
)
_COST_NOUN = r"(?:costs|prices|wages|rents|earnings|salaries|pay|taxes)"
_WHERE = r"(?:\s+(?:in|across|of)\s+(?:the\s+)?[A-Z][\w-]*(?:\s+[A-Z][\w-]*)*)?"  # " in the X"
_LINK = r"\s+(?:is|are|was|were|include|includes|included|such\s+as)\b:?"
FACTOR_CUES = (
    _cue("lack", r"(?P<cue>\b(?:lack|absence|shortages?|scarcity|dearth)\s+of)\b",
         "barrier", "with-cue"),
    _cue("limited-access", r"(?P<cue>\b(?:limited|poor|restricted|difficult)\s+access\s+to)\b",
         "barrier", "with-cue"),
    _cue("cost", r"(?P<cue>\b(?:high|rising)\s+costs?\s+of)\b", "barrier", "with-cue"),
    _cue("barrier",
         rf"\b(?:barriers?|obstacles?|bottlenecks?|impediments?|weaknesses|constraints|"
         rf"(?:main\s+|key\s+)?challenges)(?:\s+to\s+[\w-]+)?{_LINK}",
         "barrier", "after"),
    _cue("hindered-by", r"\b(?:hindered|hampered|constrained|held\s+back)\s+by\b",
         "barrier", "after"),
    _cue("hinders", r"\b(?:hinders|hinder|hamper(?:s|ed)?|impede(?:s|d)?)\b(?!\s+by)",
         "barrier", "before"),
    _cue("prerequisite",
         r"\b(?:prerequisites?|pre-?conditions?|necessary\s+conditions?)"
         rf"(?:\s+for\s+[\w-]+(?:\s+[\w-]+)?)?{_LINK}",
         "precondition", "after"),
    _cue("depends", r"\b(?:depends|depended|dependent|relies|relied|reliant)\s+(?:up)?on\b",
         "precondition", "after"),
    _cue("access", r"(?P<cue>\baccess\s+to)\b", "success factor", "with-cue"),
    _cue("proximity", r"(?P<cue>\b(?:proximity|closeness)\s+to)\b", "success factor", "with-cue"),
    _cue("availability", r"(?P<cue>\b(?:availability|abundance|pool)\s+of)\b",
         "success factor", "with-cue"),
    _cue("thanks", r"\b(?:thanks\s+to|owing\s+to)\b", "success factor", "after"),
    _cue("benefits", r"\b(?:benefit(?:s|ed|ted|ing|ting)?\s+from|helped\s+by|boosted\s+by|"
         r"aided\s+by|attracted\s+by|drawn\s+by)\b", "success factor", "after"),
    _cue("support-from", r"(?P<cue>\b(?:support|backing|funding)\s+from)\b",
         "success factor", "with-cue"),
    _cue("public-money", r"\b(?:government|state|public|federal|military|defen[cs]e|"
         r"(?-i:US|EU))\s+(?:support|funding|spending|aid|procurement|contracts|"
         r"subsid(?:y|ies))\b", "success factor", "self"),
    _cue("fostered", r"\b(?:fostered|nurtured|stimulated|enabled|facilitated|accelerated|"
         r"spurred|underpinned|contributed\s+to)\s+(?:the\s+|its\s+|their\s+)?(?:(?!by\b)[\w-]+\s+)?"
         r"(?:growth|development|rise|emergence|success|expansion|formation)\b",
         "success factor", "before"),
    _cue("driven-by", r"\b(?:driven|fuelled|fueled|spurred|underpinned)\s+by\b",
         "success factor", "after"),
    _cue("success-factors",
         r"\b(?:success\s+factors?|key\s+factors?|driving\s+factors?|reasons\s+for\s+"
         r"(?:the\s+|its\s+|their\s+)?(?:[\w-]+\s+)?(?:success|growth|rise)|"
         r"(?:main\s+|key\s+|competitive\s+)?(?:advantages|strengths)"
         rf"|key\s+to\s+(?:the\s+|its\s+|their\s+)?success){_LINK}",
         "success factor", "after"),
    _cue("is-key",
         r"\b(?:is|are|was|were)\s+(?:a\s+|the\s+)?(?:key|crucial|critical|vital|decisive)\s+"
         r"(?:factor|driver|ingredient|to|for)\b",
         "success factor", "before"),
    _cue("location", r"\b(?:(?:strategically|centrally|ideally|conveniently|well)\s+"
         r"(?:located|placed|positioned)|(?<=at\sthe\s)heart\s+of\s+(?:the\s+)?[\w-]+)",
         "success factor", "self"),
    _cue("collaboration", r"(?P<cue>\b(?:collaboration|co-?operation|partnerships?)\s+"
         r"(?:between|with|among))\b", "success factor", "with-cue"),
    _cue("climate", r"(?P<cue>\b(?:atmosphere|culture|spirit|sense|tradition)\s+of)\b"
         r"(?=\s+(?:[\w-]+\s+)?(?:co-?operation|collaboration|solidarity|trust|"
         r"entrepreneurship|innovation|openness))", "success factor", "with-cue"),
    # "labour costs are up to 40% lower": what is low is the factor; "rents are rising": a barrier.
    _cue("low-cost", rf"(?P<cue>\b(?:[\w-]+\s+){{0,2}}{_COST_NOUN})(?={_WHERE}\s+(?:are|is|"
         r"were|was)\b[^.;:]{0,40}?\b(?:low|lower|cheaper|competitive|half|less|below|inexpensive|"
         r"plentiful|abundant|affordable|cheap))",
         "success factor", "self"),
    _cue("high-cost", rf"(?P<cue>\b(?:[\w-]+\s+){{0,2}}{_COST_NOUN})(?={_WHERE}\s+(?:are|is|"
         r"were|was)\s+(?:very\s+|too\s+)?(?:high|higher|rising|increasing)\b)",
         "barrier", "self"),
    _cue("barrier-noun", rf"\b{_BARRIER_NOUN}\b",
         "barrier", "self"),
    # "<skilled> workforce", "<competitive> property prices": the phrase names the factor.
    _cue("qualified-noun", rf"(?P<cue>\b{_QUALITY}(?:,?\s+(?:and\s+)?{_QUALITY})*)\s+"
         rf"(?:(?!(?:for|of|the|and|to|in|with|a|an|at|on)\b)(?:R&D|[a-z][\w-]*)\s+"
         rf"(?:and\s+)?){{0,2}}?"
         rf"{_FACTOR_NOUN}\b", "success factor", "self"),
)  # fmt: skip

# Keywords of the curated factor categories (factor-category/<name>), first match first;
# the curated classifier patterns, widened with the words these texts use for the same idea.
CATEGORY_KEYWORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("universities-and-research", (
        "universit", "research", "academ", "scien", "r&d", "laborator",
    )),
    ("human-capital", (
        "skill", "talent", "workforce", r"labou?r\b", "personnel", "qualified", "specialist",
        "engineer", "graduate", "human", "staff", "expertise", "training",
    )),
    ("investment-and-finance", (
        "financ", "capital", "invest", "venture", "funding", r"funds?\b", "loan", "credit",
        "money",
    )),
    ("infrastructure", (
        "infrastructure", "transport", "broadband", "road", "rail", "airport", r"port\b",
        r"ports\b", "connectivity", "facilit", "studio", "premises", r"land\b", "utilities",
        "logistic",
    )),
    ("cooperation-and-networking", (
        "cooperat", "co-operat", "collaborat", "network", "partner", "interaction", r"links?\b",
        "exchange",
    )),
    ("government-support", (
        "government", "polic", r"state\b", "regulat", "tax", "incentive", "institution", "legal",
        r"law\b", "bureaucra", "corruption", "diplomatic", "procurement", "authorit",
    )),
    ("market-position", (
        "market", "customer", "demand", "consumer", "export", "trade", "client", "commerce",
    )),
    ("geographic-concentration", (
        "proximity", "closeness", "location", "concentration", "agglomeration", "geograph",
    )),
    ("technology-and-innovation", ("technolog", "innovat", "patent", "knowledge", r"ideas?\b",)),
    ("natural-resources", ("natural resource", r"\boil\b", r"\bgas\b", "mineral", "raw material",)),
    ("industrial-base", ("industr", "manufactur", "supplier", "supply chain", "production",)),
    ("small-business", (r"\bsmes?\b", "small business", "small and medium", "start-?ups?",)),
    ("management-and-business-model", ("management", "business model", "leadership",)),
    ("local-community-interest", ("local community", "local population",)),
)  # fmt: skip
_CATEGORY_RES = tuple(
    (name, re.compile(r"\b(?:" + "|".join(words) + ")", re.I)) for name, words in CATEGORY_KEYWORDS
)


def categories_of(label: str) -> list[str]:
    """The curated factor categories whose keywords occur in ``label``."""
    return [name for name, pattern in _CATEGORY_RES if pattern.search(label)]
