"""Batch results written to disk and read back (s3kg.validate.spool)."""

from __future__ import annotations

from pathlib import Path

from rdflib import Literal, URIRef

from s3kg.validate.findings import Finding
from s3kg.validate.spool import read_parts, write_part


def _finding(focus: str, message: str) -> Finding:
    return Finding("Violation", URIRef(focus), URIRef("urn:shape"), URIRef("urn:constraint"),
                   "<urn:p>", Literal(3), message)  # fmt: skip


def test_parts_come_back_in_order_with_their_repeated_values_shared(tmp_path: Path) -> None:
    first, second = tmp_path / "part0", tmp_path / "part1"
    write_part(first, (b"report a", [_finding("urn:a", "too few"), _finding("urn:b", "too few")]))
    write_part(first, (b"report b", []))
    write_part(second, (b"report c", [_finding("urn:c", "too many")]))
    reports, findings = read_parts([first, tmp_path / "never-written", second])
    assert reports == [b"report a", b"report b", b"report c"]
    assert [str(f.focus) for f in findings] == ["urn:a", "urn:b", "urn:c"]
    assert findings[0] == _finding("urn:a", "too few")  # nothing changed on the way
    # each batch's findings were unpickled on their own; read back, they share one object
    assert findings[0].shape is findings[2].shape and findings[0].message is findings[1].message
    assert findings[0].value == Literal(3) and findings[0].value.datatype == Literal(3).datatype


def test_a_path_and_a_message_with_the_same_text_stay_apart(tmp_path: Path) -> None:
    same = Finding("Violation", URIRef("urn:a"), URIRef("x"), None, "x", None, "x")
    write_part(tmp_path / "part0", (b"", [same]))
    _, [found] = read_parts([tmp_path / "part0"])
    assert type(found.shape) is URIRef and type(found.path) is str and found == same
