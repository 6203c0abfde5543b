"""SHACL results as plain objects, and their one-line text form (shared by the CLI, the build
and the HTML reports)."""

from __future__ import annotations

import zlib
from collections import Counter
from dataclasses import dataclass, field
from itertools import groupby
from typing import Any

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, SH

from s3kg.vocab.rdf import quiet_literals, to_rdflib
from s3kg.vocab.render import short

SEVERITIES = ("Violation", "Warning", "Info")
_ORDER = {severity: i for i, severity in enumerate(SEVERITIES)}


@dataclass(frozen=True, slots=True)
class Finding:
    """One SHACL validation result, flattened for reports (slots: a million of them at 10^7
    data triples)."""

    severity: str
    focus: Any
    shape: Any
    constraint: Any
    path: str  # SPARQL path syntax, empty for node shapes
    value: Any
    message: str


# The results of one process or batch: its report as compressed N-Triples, and its findings.
Part = tuple[bytes, list[Finding]]


@dataclass
class ValidationResult:
    """The outcome of one validation: the SHACL report graph and its results.

    A validation shared out among processes (``s3kg.validate.shared``) or done in batches
    has several reports: the others' come as compressed N-Triples (``packed_ntriples``) in
    ``other_reports`` and are joined to ``report``
    when it is first asked for. Most callers only read the findings, and joining a large
    report (the other share's 42,829 results at 10^6 data triples) took half a minute."""

    own_report: Graph
    findings: list[Finding]
    seconds: float
    graphs: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    other_reports: list[bytes] = field(default_factory=list)

    @property
    def report(self) -> Graph:
        """One SHACL report: the other processes' results joined to this one's report node."""
        if self.other_reports:
            _join_reports(self.own_report, self.other_reports)
            self.other_reports = []
        return self.own_report

    @property
    def conforms(self) -> bool:
        return not any(f.severity == "Violation" for f in self.findings)

    def counts(self) -> dict[str, int]:
        found = Counter(f.severity for f in self.findings)
        return {severity: found.get(severity, 0) for severity in SEVERITIES}

    def summary(self) -> dict[str, Any]:
        """Small JSON-able summary for build reports."""
        counts = self.counts()
        return {
            "conforms": self.conforms,
            "violations": counts["Violation"],
            "warnings": counts["Warning"],
            "infos": counts["Info"],
            "seconds": round(self.seconds, 2),
            "graphs": self.graphs,
        }

    def brief(self, limit: int = 20) -> str:
        """The first ``limit`` violations, one per line."""
        violations = [f for f in self.findings if f.severity == "Violation"]
        lines = [finding_line(f) for f in violations[:limit]]
        if len(violations) > limit:
            lines.append(f"... and {len(violations) - limit} more (run `s3kg validate`)")
        return "\n".join(lines)


def path_text(graph: Graph, node: Any) -> str:
    """A SHACL property path as SPARQL path syntax (``^s3kg:refersTo``, ``(a|b)``)."""
    if node is None or isinstance(node, URIRef):
        return short(node)
    for predicate, template in _PATH_FORMS.items():
        inner = graph.value(node, predicate)
        if inner is not None:
            if predicate == SH.alternativePath:
                return "(" + "|".join(path_text(graph, p) for p in Collection(graph, inner)) + ")"
            return template.format(path_text(graph, inner))
    return "/".join(path_text(graph, p) for p in Collection(graph, node))


_PATH_FORMS = {
    SH.inversePath: "^{}",
    SH.alternativePath: "({})",
    SH.zeroOrMorePath: "{}*",
    SH.oneOrMorePath: "{}+",
    SH.zeroOrOnePath: "{}?",
}


def finding_line(finding: Finding) -> str:
    where = " ".join(x for x in (finding.path, short(finding.value)) if x)
    focus = short(finding.focus) + (f" {where}" if where else "")
    return f"[{finding.severity}] {short(finding.shape)} on {focus}: {finding.message}"


def findings_of(report: Graph) -> list[Finding]:
    """The results of a SHACL report graph, most severe first."""
    findings = []
    for result in report.objects(None, SH.result):
        severity = report.value(result, SH.resultSeverity)
        messages = sorted(report.objects(result, SH.resultMessage), key=_english_first)
        findings.append(
            Finding(
                severity=str(severity).rsplit("#", 1)[-1] if severity else "Violation",
                focus=report.value(result, SH.focusNode),
                shape=report.value(result, SH.sourceShape),
                constraint=report.value(result, SH.sourceConstraint),
                path=path_text(report, report.value(result, SH.resultPath)),
                value=report.value(result, SH.value),
                message=str(messages[0]) if messages else "",
            )
        )
    return sorted_findings(findings)


def sorted_findings(findings: list[Finding]) -> list[Finding]:
    """Most severe first, then by shape and focus node; the rest of a finding breaks ties,
    so that the order does not depend on how the results were gathered (batches, processes,
    the order of a hashed store). Ties are sorted apart: full keys for a million findings
    would take half a GiB at once."""
    ordered = []
    for _, group in groupby(sorted(findings, key=_first_key), key=_first_key):
        ordered.extend(sorted(group, key=_tie_key))
    return ordered


def _first_key(f: Finding) -> tuple[int, str, str, str]:
    return (_ORDER.get(f.severity, 3), f.severity, str(f.shape), str(f.focus))


def _tie_key(f: Finding) -> tuple[str, ...]:
    # the focus node again: "5" and "5"^^xsd:integer have one str()
    return (_n3(f.focus), f.path, _n3(f.value), f.message, _n3(f.constraint))


def _n3(term: Any) -> str:
    return "" if term is None else str(term.n3())


def _english_first(message: Any) -> tuple[bool, str]:
    return (getattr(message, "language", None) not in (None, "en"), str(message))


def _join_reports(report: Graph, others: list[bytes]) -> None:
    node = report.value(None, RDF.type, SH.ValidationReport)
    assert node is not None  # pySHACL's report always has one
    conforms = (node, SH.conforms, Literal(True)) in report
    for data in others:
        quads = ox.parse(input=zlib.decompress(data), format=ox.RdfFormat.N_TRIPLES)
        with quiet_literals():  # made again from another process's report, which warned
            triples = [tuple(to_rdflib(t) for t in (q.subject, q.predicate, q.object))
                       for q in quads]  # fmt: skip
        other = next(s for s, p, o in triples if p == RDF.type and o == SH.ValidationReport)
        for s, p, o in triples:
            if s != other:
                report.add((s, p, o))
            elif p == SH.result:
                report.add((node, p, o))
            elif p == SH.conforms:
                conforms = conforms and o == Literal(True)
    report.set((node, SH.conforms, Literal(conforms)))
