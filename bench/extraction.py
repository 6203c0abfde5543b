"""Extraction quality report: writes docs/extraction.md (issue 13, items 5 and 6).

1. Gold sets: every ``tests/data/gold/*.json`` document of corpus-extra is run through
   ``s3kg.extract.run.propose`` and scored per category (overlap and exact-span matches); the
   held-out documents (the measure) and the tuning documents (the rules' development set) are
   reported in separate sections.
2. Curated facts: the graph is built from the five curated documents; for each curated entity
   of a scored category, does a candidate of the same document overlap one of its evidence
   spans (or link to it)?

Usage::

    PYTHONPATH=$PWD/src python bench/extraction.py [--no-curated] [--with-facts] [--out FILE]
"""

from __future__ import annotations

import argparse
import importlib
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from extraction_report import render

from s3kg.config import Settings
from s3kg.corpus.reader import load_document
from s3kg.extract.candidate import Candidate
from s3kg.extract.evaluate import (
    Counts,
    Coverage,
    CuratedFact,
    curated_coverage,
    load_gold,
    score_document,
)

REPO = Path(__file__).resolve().parent.parent
GOLD_DIR = REPO / "tests" / "data" / "gold"
OUT = REPO / "docs" / "extraction.md"
ONTOLOGY = "https://w3id.org/s3kg/ontology#"
ROOTS = {  # the ontology classes whose instances count as each category
    "cluster": (ONTOLOGY + "Cluster",),
    "organisation": (
        "http://www.w3.org/ns/org#FormalOrganization", ONTOLOGY + "TechnologyPlatform",
    ),
    "place": (ONTOLOGY + "Place",),
    "sector": (ONTOLOGY + "Sector",),
    "figure": (ONTOLOGY + "Figure",),
    "instrument": (ONTOLOGY + "PolicyInstrument",),
    "factor": (ONTOLOGY + "Factor",),
}  # fmt: skip
FACTS_QUERY = """
PREFIX s3kg: <https://w3id.org/s3kg/ontology#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX oa: <http://www.w3.org/ns/oa#>
SELECT DISTINCT ?entity ?locator ?start ?end WHERE {
  VALUES ?root { %s }
  ?entity a ?class . ?class rdfs:subClassOf* ?root .
  ?assertion a s3kg:Assertion ; s3kg:evidence ?span .
  { ?assertion rdf:subject ?entity } UNION { ?assertion rdf:object ?entity }
  ?span s3kg:locator ?locator ; oa:hasSelector ?position .
  ?position a oa:TextPositionSelector ; oa:start ?start ; oa:end ?end .
}
"""

Propose = Callable[[Any, Any], list[Candidate]]
LoadContext = Callable[[Settings, Any], Any]


def extractor_api(none: bool = False) -> tuple[LoadContext, Propose]:
    """The extractors' entry points (delivered by the extractor branches); with ``none``, an
    extractor that proposes nothing (to regenerate the report's gold and curated counts)."""
    if none:
        return (lambda settings, facts: None), (lambda doc, context: [])
    try:
        # By module name, so that a stand-in put in sys.modules (the tests) is the one used.
        run = importlib.import_module("s3kg.extract.run")
    except ImportError as exc:
        raise SystemExit(f"no extractor: {exc} (use --no-extractor for an empty run)") from exc
    return run.load_context, run.propose


def score_gold(
    gold_dir: Path, corpus_extra: Path, context: Any, propose: Propose
) -> tuple[dict[str, dict[str, Counts]], dict[str, str], list[str]]:
    """Per gold document, per category counts; each document's split; and the warnings
    (stale gold files)."""
    results: dict[str, dict[str, Counts]] = {}
    splits: dict[str, str] = {}
    warnings: list[str] = []
    for path in sorted(gold_dir.glob("*.json")):
        gold = load_gold(path)
        doc = load_document(corpus_extra / gold.document)
        if doc.sha256 != gold.sha256:
            warnings.append(f"{gold.document}: text changed since it was annotated; skipped")
            continue
        results[gold.document] = score_document(propose(doc, context), gold.annotations)
        splits[gold.document] = gold.split
    return results, splits, warnings


def curated_facts(store: Any) -> list[CuratedFact]:
    """The curated entities of the scored categories, with their evidence spans."""
    facts: list[CuratedFact] = []
    for category, roots in ROOTS.items():
        values = " ".join(f"<{r}>" for r in roots)
        spans: dict[str, set[tuple[str, int, int]]] = {}
        rows = store.query(FACTS_QUERY % values, use_default_graph_as_union=True)
        for row in rows:
            key = str(row["locator"].value).split(":", 1)[0]
            span = (key, int(row["start"].value), int(row["end"].value))
            spans.setdefault(row["entity"].value, set()).add(span)
        facts += [CuratedFact(iri, category, tuple(sorted(s))) for iri, s in spans.items()]
    return facts


def facts_graph(release: Any) -> Any:
    from rdflib import Dataset, URIRef

    dataset = Dataset()
    dataset.parse(release.graph_file, format="nquads")
    return dataset.graph(URIRef("https://w3id.org/s3kg/graph/facts"))


def score_curated(
    var_dir: Path, api: tuple[LoadContext, Propose], with_facts: bool
) -> dict[str, Coverage]:
    """Build the graph into ``var_dir`` and compare the curated facts with the candidates."""
    import pyoxigraph as ox

    from s3kg.build.pipeline import build_graph

    settings = Settings(var_dir=var_dir)
    release = build_graph(settings)
    store = ox.Store.read_only(str(release.store_dir))
    load_context, propose = api
    context = load_context(settings, facts_graph(release) if with_facts else None)
    candidates = [c for path in sorted(settings.corpus_dir.glob("*.txt"))
                  for c in propose(load_document(path), context)]  # fmt: skip
    return curated_coverage(curated_facts(store), candidates)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--gold", type=Path, default=GOLD_DIR)
    parser.add_argument("--corpus-extra", type=Path,
                        default=Settings().corpus_dir.parent / "corpus-extra")  # fmt: skip
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--no-curated", action="store_true", help="skip the build (item 6)")
    parser.add_argument("--no-extractor", action="store_true",
                        help="propose nothing: only the gold and curated counts")  # fmt: skip
    parser.add_argument("--with-facts", action="store_true",
                        help="give the extractors the curated facts graph for item 6")  # fmt: skip
    args = parser.parse_args(argv)
    started = time.monotonic()
    api = extractor_api(args.no_extractor)
    load_context, propose = api
    per_doc, splits, warnings = score_gold(args.gold, args.corpus_extra,
                                           load_context(Settings(), None), propose)  # fmt: skip
    coverage = None
    if not args.no_curated:
        with tempfile.TemporaryDirectory(prefix="s3kg-extraction-") as var:
            coverage = score_curated(Path(var), api, args.with_facts)
    text = render(per_doc, splits, coverage, warnings,
                  with_facts=args.with_facts, seconds=time.monotonic() - started,
                  extractor=not args.no_extractor)  # fmt: skip
    args.out.write_text(text, encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
