"""Synthetic EU-scale data shaped like ours, for benchmarks: ``python -m s3kg.store.synthetic``.

It writes N-Quads, streaming: clusters located in NUTS-2-like regions of EU countries and
specialised in sectors (SKOS concepts), member organisations with W3C ORG memberships and
roles, figures as Data Cube observations (indicator, value, unit, year), one provenance
assertion (``rdf:Statement`` + ``s3kg:Assertion``) per asserted fact with its text span and
position and quote selectors, entity mentions, and the types a reasoner would infer, each in
the named graph the build would put it in.  With ``--base var/current/s3kg.nq`` the real graph
comes first, so the competency questions still find their answers in the larger data.

The same seed and size give the same bytes.  Memory does not grow with the size: only the
fixed world tables (countries, regions, sectors) are held, so 10^7 triples need a few MB.
"""

from __future__ import annotations

import argparse
import random
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

ID = "https://w3id.org/s3kg/id/"
S3 = "https://w3id.org/s3kg/ontology#"
GRAPH = "https://w3id.org/s3kg/graph/"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
ORG = "http://www.w3.org/ns/org#"
OA = "http://www.w3.org/ns/oa#"
QB = "http://purl.org/linked-data/cube#"
XSD = "http://www.w3.org/2001/XMLSchema#"
PROV = "http://www.w3.org/ns/prov#"
DCT = "http://purl.org/dc/terms/"
SDMXA = "http://purl.org/linked-data/sdmx/2009/attribute#"

COUNTRIES = (
    "at", "be", "bg", "hr", "cy", "cz", "dk", "ee", "fi", "fr", "de", "gr", "hu", "ie", "it",
    "lv", "lt", "lu", "mt", "nl", "pl", "pt", "ro", "sk", "si", "es", "se"
)
SECTORS = (
    "aerospace", "automotive", "biotechnology", "chemicals", "construction",
    "creative-industries", "digital", "electronics", "energy", "environmental-technologies",
    "food-processing", "forestry", "health-care", "logistics", "machinery", "maritime",
    "medical-devices", "metalworking", "microelectronics", "nanotechnology", "pharmaceuticals",
    "photonics", "plastics", "renewables", "software", "textiles", "tourism", "water",
    "agri-food", "advanced-materials"
)
INDICATORS = ("employees", "member-organisations", "turnover", "export-share", "rd-spending",
              "patents", "start-ups", "funding")
UNITS = ("persons", "organisations", "euro", "percent", "euro", "count", "count", "euro")
ROLES = ("founder", "member", "anchor-company", "coordinator", "research-partner")
ORG_KINDS = ("Company", "Company", "Company", "University", "ResearchInstitute")
WORDS = (
    "northern", "southern", "eastern", "western", "central", "upper", "lower", "greater", "new",
    "innovative", "smart", "green", "digital", "advanced", "regional"
)


@dataclass(frozen=True)
class Sizes:
    regions: int
    documents: int


def _iri(value: str) -> str:
    return f"<{value}>"


def _text(value: str) -> str:
    return f'"{value}"@en'  # generated from the word lists above: nothing to escape


def _typed(value: str | int, datatype: str) -> str:
    return f'"{value}"^^<{XSD}{datatype}>'


class Writer:
    """Counts and writes quads as N-Quads lines."""

    def __init__(self, out: BinaryIO) -> None:
        self.out = out
        self.count = 0
        self._lines: list[str] = []

    def quad(self, s: str, p: str, o: str, graph: str) -> None:
        self._lines.append(f"{s} <{p}> {o} <{GRAPH}{graph}> .\n")
        self.count += 1
        if len(self._lines) >= 10_000:
            self.flush()

    def flush(self) -> None:
        self.out.write("".join(self._lines).encode("utf-8"))
        self._lines = []


class Generator:
    """One synthetic world; :meth:`cluster` emits a cluster with everything around it."""

    def __init__(self, writer: Writer, seed: int, target: int) -> None:
        self.w = writer
        self.rng = random.Random(seed)
        clusters = max(1, target // 330)
        self.sizes = Sizes(regions=max(20, clusters // 25), documents=max(5, clusters // 150))
        self.spans = 0
        self._span_document = ""

    def world(self) -> None:
        w = self.w
        for index in range(self.sizes.regions):
            region, country = self.region(index), COUNTRIES[index % len(COUNTRIES)]
            w.quad(region, f"{RDF}type", _iri(S3 + "Region"), "facts")
            w.quad(region, f"{RDFS}label", _text(f"Region {country.upper()}{index:03d}"), "facts")
            w.quad(region, f"{S3}locatedIn", _iri(f"{ID}country/{country}"), "facts")
            w.quad(region, f"{SKOS}notation", f'"{country.upper()}{index:03d}"', "alignments")
            w.quad(region, f"{RDF}type", _iri(S3 + "Place"), "inferred")
        for sector in SECTORS:
            concept = _iri(f"{ID}sector/syn-{sector}")
            w.quad(concept, f"{RDF}type", _iri(S3 + "Sector"), "facts")
            w.quad(concept, f"{SKOS}prefLabel", _text(sector.replace("-", " ")), "facts")
            w.quad(concept, f"{RDFS}label", _text(sector.replace("-", " ")), "facts")
            w.quad(concept, f"{SKOS}inScheme", _iri(f"{ID}scheme/sectors"), "facts")
            w.quad(concept, f"{RDF}type", _iri(SKOS + "Concept"), "inferred")
        for index in range(self.sizes.documents):
            document = self.document(index)
            w.quad(document, f"{RDF}type", _iri(S3 + "SourceDocument"), "facts")
            w.quad(document, f"{RDFS}label", _text(f"Synthetic cluster report {index}"), "facts")
            w.quad(document, f"{DCT}issued", _typed(2010 + index % 15, "integer"), "facts")

    def region(self, index: int) -> str:
        return _iri(f"{ID}region/syn-{index}")

    def document(self, index: int) -> str:
        return _iri(f"{ID}document/syn-{index}")

    def cluster(self, index: int) -> None:
        rng, w = self.rng, self.w
        cluster = _iri(f"{ID}cluster/syn-{index}")
        region_index = rng.randrange(self.sizes.regions)
        sector = rng.choice(SECTORS)
        label = f"{rng.choice(WORDS)} {sector.replace('-', ' ')} cluster {index}"
        self.fact(cluster, f"{RDF}type", _iri(S3 + "Cluster"))
        self.fact(cluster, f"{RDFS}label", _text(label))
        w.quad(cluster, f"{SKOS}altLabel", _text(f"{label} initiative"), "facts")
        self.fact(cluster, f"{S3}foundingYear", _typed(rng.randint(1990, 2023), "integer"))
        self.fact(cluster, f"{S3}locatedIn", self.region(region_index))
        country = COUNTRIES[region_index % len(COUNTRIES)]
        w.quad(cluster, f"{S3}locatedIn", _iri(f"{ID}country/{country}"), "facts")
        for extra in sorted({sector, *rng.sample(SECTORS, rng.randint(0, 2))}):
            self.fact(cluster, f"{S3}specialisesIn", _iri(f"{ID}sector/syn-{extra}"))
        w.quad(cluster, f"{RDF}type", _iri(ORG + "OrganizationalCollaboration"), "inferred")
        for member in range(rng.randint(3, 8)):
            self.member(cluster, index, member, region_index)
        for figure in range(rng.randint(1, 2)):
            self.figure(cluster, index, figure)
        for _ in range(rng.randint(1, 3)):
            self.mention(cluster)

    def member(self, cluster: str, index: int, number: int, region: int) -> None:
        rng, w = self.rng, self.w
        organisation = _iri(f"{ID}org/syn-{index}-{number}")
        kind = rng.choice(ORG_KINDS)
        self.fact(organisation, f"{RDF}type", _iri(S3 + kind))
        self.fact(organisation, f"{RDFS}label", _text(f"{kind} {index}-{number}"))
        w.quad(organisation, f"{S3}locatedIn", self.region(region), "facts")
        w.quad(organisation, f"{ORG}memberOf", cluster, "facts")
        w.quad(cluster, f"{ORG}hasMember", organisation, "facts")
        w.quad(organisation, f"{RDF}type", _iri(ORG + "FormalOrganization"), "inferred")
        membership = _iri(f"{ID}membership/syn-{index}-{number}")
        self.fact(membership, f"{RDF}type", _iri(ORG + "Membership"))
        self.fact(membership, f"{ORG}member", organisation)
        self.fact(membership, f"{ORG}organization", cluster)
        w.quad(membership, f"{ORG}role", _iri(f"{ID}role/{rng.choice(ROLES)}"), "facts")

    def figure(self, cluster: str, index: int, number: int) -> None:
        rng, w = self.rng, self.w
        figure = _iri(f"{ID}figure/syn-{index}-{number}")
        which = rng.randrange(len(INDICATORS))
        w.quad(figure, f"{RDF}type", _iri(QB + "Observation"), "facts")
        self.fact(figure, f"{RDF}type", _iri(S3 + "Figure"))
        w.quad(figure, f"{QB}dataSet", _iri(f"{ID}dataset/figures"), "facts")
        w.quad(figure, f"{S3}indicator", _iri(f"{ID}indicator/syn-{INDICATORS[which]}"), "facts")
        self.fact(figure, f"{S3}value", _typed(rng.randint(1, 10**6), "decimal"))
        w.quad(figure, f"{SDMXA}unitMeasure", _iri(f"{ID}unit/{UNITS[which]}"), "facts")
        w.quad(figure, f"{S3}refEntity", cluster, "facts")
        w.quad(figure, f"{S3}refYear", _typed(rng.randint(2005, 2024), "integer"), "facts")

    def fact(self, s: str, p: str, o: str) -> None:
        """A facts-graph triple with its provenance assertion and text span."""
        self.w.quad(s, p, o, "facts")
        self.spans += 1
        assertion = _iri(f"{ID}assertion/syn-{self.spans}")
        span = self.span()
        for predicate, value in ((f"{RDF}type", _iri(RDF + "Statement")),
                                 (f"{RDF}type", _iri(S3 + "Assertion")),
                                 (f"{RDF}subject", s), (f"{RDF}predicate", _iri(p)),
                                 (f"{RDF}object", o),
                                 (f"{PROV}wasDerivedFrom", self._span_document),
                                 (f"{S3}evidence", span)):
            self.w.quad(assertion, predicate, value, "provenance")

    def span(self, graph: str = "provenance") -> str:
        """A text span (``oa:SpecificResource``) with position and quote selectors."""
        rng, w = self.rng, self.w
        document_index = rng.randrange(self.sizes.documents)
        document = self._span_document = self.document(document_index)
        start = rng.randrange(200_000)
        end = start + rng.randint(5, 60)
        span = f"{ID}span/syn-{document_index}-{start}-{end}"
        paragraph = _iri(f"{ID}document/syn-{document_index}/p{start // 900}")
        for predicate, value in ((f"{RDF}type", _iri(OA + "SpecificResource")),
                                 (f"{OA}hasSource", document),
                                 (f"{S3}locator", f'"syn-{document_index}:p{start // 900}"'),
                                 (f"{DCT}isPartOf", paragraph),
                                 (f"{OA}hasSelector", _iri(span + "/position")),
                                 (f"{OA}hasSelector", _iri(span + "/quote"))):
            w.quad(_iri(span), predicate, value, graph)
        position, quote = _iri(span + "/position"), _iri(span + "/quote")
        w.quad(position, f"{RDF}type", _iri(OA + "TextPositionSelector"), graph)
        w.quad(position, f"{OA}start", _typed(start, "nonNegativeInteger"), graph)
        w.quad(position, f"{OA}end", _typed(end, "nonNegativeInteger"), graph)
        w.quad(quote, f"{RDF}type", _iri(OA + "TextQuoteSelector"), graph)
        w.quad(quote, f"{OA}exact", f'"{rng.choice(WORDS)} {rng.choice(SECTORS)}"', graph)
        return _iri(span)

    def mention(self, entity: str) -> None:
        self.spans += 1
        mention = _iri(f"{ID}mention/syn-{self.spans}")
        self.w.quad(mention, f"{RDF}type", _iri(S3 + "Mention"), "mentions")
        self.w.quad(mention, f"{OA}hasBody", entity, "mentions")
        self.w.quad(mention, f"{OA}hasTarget", self.span("mentions"), "mentions")
        self.w.quad(self._span_document, f"{S3}mentions", entity, "mentions")


def generate(target: int, out: BinaryIO, *, seed: int = 1, base: Path | None = None) -> int:
    """Write about ``target`` quads (stopping at the first whole cluster past it)."""
    writer = Writer(out)
    if base is not None:
        writer.count += _copy(base, out)
    generator = Generator(writer, seed, max(0, target - writer.count))
    generator.world()
    for index in _clusters():
        if writer.count >= target:
            break
        generator.cluster(index)
    writer.flush()
    return writer.count


def _clusters() -> Iterator[int]:
    index = 0
    while True:
        yield index
        index += 1


def _copy(path: Path, out: BinaryIO) -> int:
    count = 0
    with path.open("rb") as source:
        for line in source:
            if line.strip():
                out.write(line if line.endswith(b"\n") else line + b"\n")
                count += 1
    return count


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m s3kg.store.synthetic", description=__doc__)
    parser.add_argument("--triples", type=float, default=1e5, help="size, e.g. 1e6")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--base", type=Path, default=None, help="N-Quads to include first")
    parser.add_argument("--out", type=Path, default=None, help="file (default: stdout)")
    args = parser.parse_args(argv)
    if args.out is None:
        count = generate(int(args.triples), sys.stdout.buffer, seed=args.seed, base=args.base)
    else:
        with args.out.open("wb") as out:
            count = generate(int(args.triples), out, seed=args.seed, base=args.base)
    print(f"wrote {count} quads", file=sys.stderr)


if __name__ == "__main__":
    main()
