"""The order of findings (s3kg.validate.findings.sorted_findings)."""

from __future__ import annotations

import random

from rdflib import XSD, BNode, Literal, URIRef

from s3kg.validate.findings import Finding, sorted_findings

SHAPE = URIRef("urn:shape")


def _ties() -> list[Finding]:
    """Findings alike in severity, shape and focus node's text, different in all else."""
    found = []
    for focus in (URIRef("urn:a"), Literal("5"), Literal("5", datatype=XSD.integer)):
        for path in ("<urn:p>", "<urn:q>"):
            for value in (None, URIRef("urn:v"), Literal("v"), BNode("b1")):
                for message in ("too few", "too many"):
                    for constraint in (None, URIRef("urn:c1"), URIRef("urn:c2")):
                        found.append(Finding("Violation", focus, SHAPE, constraint, path, value,
                                             message))  # fmt: skip
    return found


def test_the_order_does_not_depend_on_the_order_they_were_gathered_in() -> None:
    others = [Finding(severity, URIRef("urn:a"), SHAPE, None, "", None, "m")
              for severity in ("Minor", "Warning", "Critical")]  # fmt: skip
    findings = [*_ties(), *others]
    expected = sorted_findings(findings)
    shuffled = list(findings)
    for seed in range(5):
        random.Random(seed).shuffle(shuffled)
        assert sorted_findings(shuffled) == expected
    # severity first, then shape and focus node as before; unknown severities last, by name
    assert [f.severity for f in expected[-3:]] == ["Warning", "Critical", "Minor"]
    assert expected[0].focus == Literal("5") and expected[-4].focus == URIRef("urn:a")
