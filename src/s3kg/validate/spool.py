"""The results of batches kept on disk until every batch is done (``s3kg.validate.batches``).

A process that validates batches writes each batch's part (its report, compressed, and its
findings) to its own file as soon as the batch is done, so that neither the process nor the
pipe to the parent holds the results while batches run (a million at 10^7 data triples).
Read back once, the findings share their repeated values (severity, shape, constraint,
path, message), leaving the focus node and value as what each finding holds of its own.
"""

from __future__ import annotations

import pickle
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from s3kg.validate.findings import Finding, Part
from s3kg.vocab.rdf import quiet_literals


def start(path: Path) -> None:
    """An empty file for a process's parts: every process has one, so that a file gone
    missing is an error, not a validation without results."""
    path.write_bytes(b"")


def write_part(path: Path, part: Part) -> None:
    """Add one batch's part to the file at ``path``."""
    with path.open("ab") as out:
        pickle.dump(part, out, protocol=pickle.HIGHEST_PROTOCOL)


def read_parts(paths: Iterable[Path]) -> tuple[list[bytes], list[Finding]]:
    """Every part written to the files, in order: the reports, and the findings."""
    reports: list[bytes] = []
    findings: list[Finding] = []
    shared: dict[Any, Any] = {}
    with quiet_literals():
        for path in paths:
            size = path.stat().st_size
            with path.open("rb") as source:
                while source.tell() < size:  # a file cut short fails to unpickle
                    report, found = pickle.load(source)  # our own file, written just now
                    reports.append(report)
                    findings.extend(_sharing(finding, shared) for finding in found)
    return reports, findings


def _sharing(finding: Finding, shared: dict[Any, Any]) -> Finding:
    def one(value: Any) -> Any:
        return shared.setdefault(value, value)

    return Finding(one(finding.severity), finding.focus, one(finding.shape),
                   one(finding.constraint), one(finding.path), finding.value,
                   one(finding.message))  # fmt: skip
