"""Reviewed links (``data/links/accepted.csv``) -> the links graph of a build.

One row per link: ``ours,relation,theirs,reviewer,note``, where ``ours`` is one of our
entities (``cluster/…`` or a full IRI), ``theirs`` an imported (or external) IRI and
``relation`` one of ``sameAs`` (the same organisation), ``exactMatch``, ``closeMatch``,
``broadMatch`` (theirs is broader), ``narrowMatch`` or ``relatedMatch``. The build refuses a
malformed row; a row whose subject is not in the facts graph (an entity renamed, or a build
of other curated data) is left out and listed in the build report as stale.
"""

from __future__ import annotations

import csv
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, SKOS

from s3kg.errors import InputError
from s3kg.vocab.namespaces import ID

HEADER_ACCEPTED = ["ours", "relation", "theirs", "reviewer", "note"]
HEADER_CANDIDATES = ["score", "kind", "ours", "ours_label", "relation", "theirs",
                     "theirs_label", "reason", "status"]  # fmt: skip
RELATIONS = {
    "sameAs": OWL.sameAs,
    **{m: SKOS[m] for m in ("exactMatch", "closeMatch", "broadMatch", "narrowMatch",
                            "relatedMatch")},
}  # fmt: skip


def read_link_rows(path: Path) -> list[dict[str, str]]:
    """Rows of a link file as dictionaries (none if the file does not exist)."""
    if not path.is_file():
        return []
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = {"ours", "theirs"} - set(reader.fieldnames or [])
        if missing:
            raise InputError(f"{path.name}: missing column(s) {sorted(missing)}")
        rows = []
        for row in reader:
            clean = {k: (v or "").strip() for k, v in row.items() if k}
            if clean.get("ours"):
                clean["ours"] = _full(clean["ours"])
                rows.append(clean)
        return rows


def _full(ref: str) -> str:
    return ref if ref.startswith(("http://", "https://")) else str(ID[ref])


def accepted_links(path: Path, facts: Graph) -> tuple[Graph, list[str]]:
    """The links graph of the accepted rows, and the rows left out as stale."""
    out = Graph()
    stale = []
    for i, row in enumerate(read_link_rows(path), 2):
        where = f"{path.name}: line {i}"
        relation = RELATIONS.get(row.get("relation", ""))
        if relation is None:
            raise InputError(f"{where}: relation must be one of {', '.join(RELATIONS)}")
        theirs = row.get("theirs", "")
        if not theirs.startswith(("http://", "https://")):
            raise InputError(f"{where}: theirs must be a full IRI")
        if not row.get("reviewer"):
            raise InputError(f"{where}: name the reviewer who accepted the link")
        ours = URIRef(row["ours"])
        if (ours, RDF.type, None) not in facts:
            stale.append(f"{where}: {row['ours']}")
            continue
        out.add((ours, relation, URIRef(theirs)))
    return out, stale
