"""What sector words mean in NACE Rev. 2: a small synonym table and the NACE labels.

The table maps the English words documents use for an industry to the most specific NACE
Rev. 2 code whose label covers it and nothing much else (``aerospace`` -> 30.3 "Manufacture
of air and spacecraft and related machinery"). Fields without such a code (tourism, defence,
fintech, nanotechnology) are in ``FIELDS`` and proposed without a code: a wrong code is worse
than none. Other "<words> industry/sector" phrases are matched to the NACE labels themselves
by ``sectors.py``.
"""

from __future__ import annotations

from pathlib import Path

from rdflib import Literal

from s3kg.extract.lexicon import Entry, Lexicon
from s3kg.extract.text import word_set
from s3kg.integrate.nace import load_ramon
from s3kg.vocab.external import RAMON_TERMS

SYNONYMS: dict[str, tuple[str, ...]] = {
    "30.3": ("aerospace", "aircraft", "aviation industry", "spacecraft", "aircraft manufacturing"),
    "29": (
        "automotive",
        "car manufacturing",
        "car industry",
        "motor vehicles",
        "carmakers",
        "car makers",
        "automobile",
        "automobiles",
    ),
    "26.1": (
        "semiconductor",
        "semiconductors",
        "microelectronics",
        "integrated circuits",
        "chips",
        "electronic components",
        "silicon design",
        "IC design",
        "ICs",
        "silicon chips",
        "silicon chip",
    ),
    "26": ("electronics", "electronic products"),
    "26.2": (
        "computers", "computer hardware", "personal computers", "personal computer",
        "microcomputers", "microcomputer",
    ),
    "26.7": ("optics", "photonics", "optoelectronics"),
    "61": ("telecommunications", "telecommunication", "telecoms", "telecom"),
    "62": (
        "software", "information technology", "IT services", "IT sector", "IT industry",
        "computing",
    ),
    "21": (
        "pharmaceutical", "pharmaceuticals", "pharma", "drug manufacturing",
        "biopharmaceuticals",
    ),
    "72.11": ("biotechnology", "biotech"),
    "20": ("chemicals", "chemical industry", "chemical products"),
    "23": ("nonmetallic mineral products", "non-metallic mineral products"),
    "20.1": ("petrochemicals", "petrochemical"),
    "06": ("oil and gas", "petroleum"),
    "05": ("coal mining",),
    "B": ("mining",),
    "24.1": ("steel", "iron and steel", "steelmaking"),
    "24": ("metallurgy", "metals industry", "basic metals", "base metals"),
    "30.1": ("shipbuilding",),
    "30.2": ("rolling stock", "rail manufacturing"),
    "13": ("textiles", "textile industry"),
    "14": ("apparel", "clothing industry"),
    "10": ("food processing", "food industry", "food production"),
    "11": ("beverages", "drinks"),
    "11.05": ("brewing",),
    "01": ("agriculture", "farming"),
    "02": ("forestry",),
    "03": ("fishing", "fisheries", "fishery", "aquaculture"),
    "01.4": ("livestock farming", "animal husbandry"),
    "F": ("construction",),
    "35": ("energy generation", "power generation", "energy", "energy supply", "utilities"),
    "28": ("machinery", "machine building", "mechanical engineering"),
    "32.5": ("medical devices", "medical device", "medical technology", "medtech"),
    "64": ("banking", "financial services", "financial and related services"),
    "65": ("insurance",),
    "59.11": (
        "film production", "film industry", "television production", "feature film",
        "film and television", "animation",
    ),
    "58.21": ("video games", "video game", "computer games", "games industry"),
    "63.11": ("data centres", "data centre", "data centers", "data center", "cloud computing"),
    "62.01": ("computer programming",),
    "69.1": ("legal services",),
    "69.2": ("accountancy", "accounting services"),
    "70.2": ("management consultancy", "consultancy services"),
    "74.2": ("photography",),
    "I": ("hospitality",),
    "H": ("transport and logistics", "transportation"),
    "50": ("shipping",),
    "47.91": ("e-commerce", "online retail"),
    "27.2": ("batteries",),
    "73.1": ("advertising",),
    "58": ("publishing",),
    "72": ("research and development",),
    "47": ("retail",),
    "22.2": ("plastics",),
    "31": ("furniture",),
    "86": ("healthcare", "health care"),
    "35.1": ("electricity", "electricity networks", "electricity generation"),
    "35.11": (
        "photovoltaics", "photovoltaic",
        "nuclear energy", "nuclear power", "nuclear", "civil nuclear", "renewable energy",
        "renewables", "offshore wind", "onshore wind", "wind energy", "wind power",
        "solar power", "solar energy", "solar", "tidal energy", "tidal power", "wave energy",
        "marine energy", "hydropower", "hydroelectricity", "bioenergy", "biomass",
        "geothermal", "low carbon energy", "energy from waste",
    ),
    "35.12": ("electricity transmission",),
    "35.13": ("electricity distribution",),
    "35.2": ("gas distribution",),
    "38": ("waste management", "recycling"),
    "39": ("nuclear decommissioning", "decommissioning"),
    "09.1": ("oilfield services", "oil and gas services"),
    "19.2": ("oil refining", "refining"),
    "C": ("manufacturing", "advanced manufacturing"),
    "29.1": ("car assembly", "car production", "vehicle manufacturing"),
    "71.12": ("engineering",),
    "42": ("civil engineering",),
    "52": ("logistics",),
    "59.12": ("post-production", "visual effects", "VFX"),
    "60": ("broadcasting",),
    "59.2": ("music",),
    "85.4": ("higher education",),
    "68": ("real estate",),
    "J": (
        "ICT", "digital technology", "information and communication technology",
        "information and communications technology", "information and communication",
    ),
    "10.2": ("fish processing",),
    "33.15": ("ship repair",),
}
# Fields and technologies that no one NACE class covers: proposed as sectors without a code
# (a wrong code is worse than none), shared by every document that names them.
FIELDS = (
    "high-tech", "hi-tech", "high tech", "high technology", "high-technology",
    "venture capital", "private equity", "fintech", "life sciences", "health and life sciences",
    "biosciences", "creative services", "creative and digital",
    "digital media", "social media", "new media", "robotics", "artificial intelligence",
    "machine learning", "big data", "cyber security", "cybersecurity", "nanotechnology",
    "nanotechnologies", "advanced materials", "new materials", "composites", "cleantech",
    "clean technology", "green technology", "environmental technologies", "agri-food",
    "agrifood", "agritech", "space technology", "quantum technologies", "quantum computing",
    "genomics", "synthetic biology", "electric vehicles", "autonomous vehicles", "defence",
    "defense", "motorsport", "tourism", "marine", "maritime", "internet services",
    "fashion", "food and drink", "hydrogen",
)

# Adjectives that name a broad part of an economy or a field before "industry" or "sector":
# its label and the NACE section or division that covers it, if one does.
BROAD: dict[str, tuple[str, str]] = {
    "service": ("services", ""), "services": ("services", ""), "tertiary": ("services", ""),
    "industrial": ("industry", ""), "agricultural": ("agriculture, forestry and fishing", "A"),
    "financial": ("financial and insurance activities", "K"),
    "creative": ("creative industries", ""),
    "cultural": ("cultural industries", ""), "digital": ("digital", ""),
    "tech": ("tech", ""), "technology": ("technology", ""), "space": ("space", ""),
    "rail": ("rail", ""), "railway": ("rail", ""),
    "knowledge-intensive": ("knowledge-intensive services", ""),
}

# Words that name a product or something else as often as an industry ("steel", "power",
# "chips", "energy"): found with a lower confidence unless "industry" or "sector" follows.
WEAK = word_set(
    """aircraft spacecraft automobile automobiles semiconductor semiconductors chips computers
    steel petroleum chemicals plastics furniture machinery construction retail mining fishing
    insurance advertising publishing healthcare energy electricity utilities nuclear solar
    biomass renewables engineering manufacturing music logistics decommissioning refining
    recycling apparel electronics software banking agriculture forestry marine maritime
    hydrogen defence defense composites fashion computing animation photography
    shipping accountancy batteries transportation drinks"""
) | {"research and development", "higher education", "high-tech", "hi-tech", "high tech",
     "high technology", "high-technology"}


def sector_lexicon(nace_labels: dict[str, str]) -> Lexicon:
    """The synonym table as a lexicon (found in any letter case); every code must exist."""
    named = []
    missing = {code for _, code in BROAD.values() if code} - set(nace_labels)
    if missing:
        raise ValueError(f"broad sectors: {sorted(missing)} are not NACE Rev. 2 codes")
    for code, words in sorted(SYNONYMS.items()):
        if code not in nace_labels:
            raise ValueError(f"synonym table: {code} is not a NACE Rev. 2 code")
        entry = Entry(words[0], "nace", (("nace", code),))
        named += [(word, _entry(word, entry.kind, entry.links)) for word in words]
    named += [(word, _entry(word, "field", ())) for word in FIELDS]
    return Lexicon.build(named)


def _entry(word: str, kind: str, links: tuple[tuple[str, str], ...]) -> Entry:
    """Acronyms ("ICT", "ICs", "IT services") only in their own letter case."""
    exact = word.isupper() or word.startswith("IT ") or word == "ICs"
    return Entry(word, kind, links, exact=exact)


def nace_labels(path: Path) -> dict[str, str]:
    """NACE Rev. 2 labels by code (``"30.3"`` -> "Manufacture of air and spacecraft ...")."""
    ramon = load_ramon(path)
    labels = {}
    for item, code in ramon.subject_objects(RAMON_TERMS.code):
        name = ramon.value(item, RAMON_TERMS.name)
        if isinstance(name, Literal):
            labels[str(code)] = " ".join(str(name).split())
    return labels
