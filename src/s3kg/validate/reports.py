"""Rendering validation results and completeness reports as text, RDF, JSON and HTML.

Plain functions of the result objects (``s3kg.validate.shacl.ValidationResult``,
``s3kg.validate.completeness.Report``) so that the CLI and the web server render the same way. HTML
comes from the Jinja2 templates in ``s3kg/validate/templates``.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from rdflib import URIRef

from s3kg.errors import InputError
from s3kg.validate.completeness import Report
from s3kg.validate.findings import Finding, ValidationResult
from s3kg.vocab.render import short

SHAPES_NS = "https://w3id.org/s3kg/shapes#"
VALIDATION_OUTPUTS = ("text", "turtle", "jsonld", "html")
COMPLETENESS_OUTPUTS = ("text", "json", "html")
_SECTION_LIMIT = 20  # focus nodes listed per shape in text output unless everything is asked


# ------------------------------------------------------------------------ validation
@dataclass(frozen=True)
class _Group:
    shape: str
    count: int
    comment: str
    findings: list[dict[str, str]]


def render_validation(result: ValidationResult, output: str, everything: bool = False) -> str:
    """The report as ``text``, ``turtle`` or ``jsonld`` (the SHACL report graph) or ``html``."""
    if output in ("turtle", "jsonld"):
        return str(result.report.serialize(format="json-ld" if output == "jsonld" else "turtle"))
    if output == "html":
        return _render(
            "validation.html",
            conforms=result.conforms,
            counts=result.counts(),
            seconds=result.seconds,
            graphs=result.graphs,
            notes=result.notes,
            sections=[(s, _groups(result.findings, s, None)) for s in _severities(result)],
        )
    if output == "text":
        return _validation_text(result, None if everything else _SECTION_LIMIT)
    raise InputError(f"unknown output {output!r} (one of {', '.join(VALIDATION_OUTPUTS)})")


def _severities(result: ValidationResult) -> list[str]:
    return [severity for severity, count in result.counts().items() if count]


def _groups(findings: Iterable[Finding], severity: str, limit: int | None) -> list[_Group]:
    by_shape: dict[str, list[Finding]] = defaultdict(list)
    for finding in findings:
        if finding.severity == severity:
            by_shape[short(finding.constraint or finding.shape)].append(finding)
    groups = []
    for shape, members in sorted(by_shape.items(), key=lambda item: (-len(item[1]), item[0])):
        shown = members if limit is None else members[:limit]
        rows = [
            {"focus": short(f.focus), "path": f.path, "value": short(f.value),
             "message": f.message}
            for f in sorted(shown, key=lambda f: (short(f.focus), f.path))
        ]  # fmt: skip
        groups.append(_Group(shape, len(members), _common_message(members), rows))
    return groups


def _common_message(findings: list[Finding]) -> str:
    messages = {f.message for f in findings}
    return messages.pop() if len(messages) == 1 else ""


def _validation_text(result: ValidationResult, limit: int | None) -> str:
    counts = result.counts()
    verdict = "conforms" if result.conforms else "DOES NOT CONFORM"
    lines = [
        f"SHACL validation: {verdict} - {counts['Violation']} violations, "
        f"{counts['Warning']} warnings, {counts['Info']} infos ({result.seconds:.2f} s)",
        "graphs: " + ", ".join(short(URIRef(g)) if ":" in g else g for g in result.graphs),
        *(f"note: {note}" for note in result.notes),
    ]
    for severity in _severities(result):
        lines += ["", f"{severity.upper()}S ({counts[severity]})"]
        for group in _groups(result.findings, severity, limit):
            comment = f": {group.comment}" if group.comment else ""
            lines.append(f"  {group.shape} ({group.count}){comment}")
            lines += _focus_lines(group)
            if group.count > len(group.findings):
                lines.append(f"      ... and {group.count - len(group.findings)} more (--all)")
    return "\n".join(lines) + "\n"


def _focus_lines(group: _Group) -> list[str]:
    lines, previous = [], None
    for row in group.findings:
        if row["focus"] != previous:
            lines.append(f"    {row['focus']}")
            previous = row["focus"]
        detail = f"{row['path']} {row['value']}".strip() if row["value"] else ""
        message = "" if group.comment else row["message"]
        if detail or message:
            lines.append("      " + " - ".join(x for x in (detail, message) if x))
    return lines


# ---------------------------------------------------------------------- completeness
def render_completeness(report: Report, output: str) -> str:
    """The completeness report as ``text`` (a table), ``json`` or an ``html`` page."""
    if output == "json":
        return json.dumps(report.to_json(), indent=2, ensure_ascii=False) + "\n"
    if output == "html":
        body = render_html(report)
        return (
            '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            "<title>s3kg completeness report</title>"
            "<style>body{font-family:system-ui,sans-serif;margin:2rem auto;max-width:72rem;"
            "padding:0 1rem}</style></head>\n<body><h1>Completeness report</h1>\n"
            f"{body}\n</body></html>\n"
        )
    if output == "text":
        return _completeness_text(report)
    raise InputError(f"unknown output {output!r} (one of {', '.join(COMPLETENESS_OUTPUTS)})")


def render_html(report: Report) -> str:
    """The completeness report as an HTML fragment, for a page of the web server."""
    classes = [_class_view(c) for c in report.classes]
    return _render(
        "completeness.html",
        classes=classes,
        with_instances=sum(1 for c in report.classes if c.instances),
        measured=sum(len(c.properties) for c in report.classes),
    )


def _class_view(cls: Any) -> dict[str, Any]:
    name = short(URIRef(cls.iri))
    return {
        "name": name,
        "label": "" if cls.label == name else cls.label,
        "in_ontology": cls.in_ontology,
        "instances": cls.instances,
        "properties": [
            {"path": p.path, "level": p.level, "have": p.have, "total": p.total,
             "share": p.share, "missing": [short(URIRef(m)) for m in p.missing]}
            for p in cls.properties
        ],
    }  # fmt: skip


def _completeness_text(report: Report) -> str:
    width = max((len(short(URIRef(c.iri))) for c in report.classes), default=10) + 2
    lines = [
        f"{'class':<{width}}{'instances':>10}",
        *(
            f"{short(URIRef(c.iri)):<{width}}{c.instances:>10}"
            + ("" if c.in_ontology else "  (shape target)")
            for c in report.classes
        ),
        "",
        "Measured properties (required = Violation, recommended = Warning, nice-to-have = Info)",
    ]
    for cls in report.classes:
        if not (cls.properties and cls.instances):
            continue
        lines.append(f"{short(URIRef(cls.iri))} ({cls.instances})")
        for p in cls.properties:
            missing = ", ".join(short(URIRef(m)) for m in p.missing[:5])
            more = f" +{len(p.missing) - 5}" if len(p.missing) > 5 else ""
            lines.append(
                f"  {p.level:<13}{p.path:<40}{p.have:>5}/{p.total:<5}{100 * p.share:>5.0f}%"
                + (f"  missing: {missing}{more}" if missing else "")
            )
    return "\n".join(lines) + "\n"


@cache
def _environment() -> Environment:
    return Environment(
        loader=PackageLoader("s3kg.validate", "templates"),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )


def _render(name: str, **context: Any) -> str:
    return str(_environment().get_template(name).render(**context))
