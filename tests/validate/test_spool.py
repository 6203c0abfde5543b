"""Batch results written to disk and read back (s3kg.validate.spool)."""

from __future__ import annotations

import logging
import pickle
from pathlib import Path

import pytest
from rdflib import XSD, Literal, URIRef

from s3kg.validate.findings import Finding
from s3kg.validate.spool import read_parts, start, write_part


def _finding(focus: str, message: str) -> Finding:
    return Finding("Violation", URIRef(focus), URIRef("urn:shape"), URIRef("urn:constraint"),
                   "<urn:p>", Literal(3), message)  # fmt: skip


def test_parts_come_back_in_order_with_their_repeated_values_shared(tmp_path: Path) -> None:
    first, second, idle = tmp_path / "part0", tmp_path / "part1", tmp_path / "part2"
    for path in (first, second, idle):
        start(path)
    few = "".join(["too ", "few"])  # made at run time: one object only if the reading shares it
    write_part(first, (b"report a", [_finding("urn:a", few), _finding("urn:b", "too few")]))
    write_part(first, (b"report b", []))
    write_part(second, (b"report c", [_finding("urn:c", "too many"), _finding("urn:d", few)]))
    reports, findings = read_parts([first, idle, second])
    assert reports == [b"report a", b"report b", b"report c"]
    assert [str(f.focus) for f in findings] == ["urn:a", "urn:b", "urn:c", "urn:d"]
    assert findings[0] == _finding("urn:a", "too few")  # nothing changed on the way
    # each batch's findings were unpickled on their own; read back, they share one object
    assert findings[0].shape is findings[2].shape and findings[0].message is findings[3].message
    assert findings[0].value == Literal(3) and findings[0].value.datatype == Literal(3).datatype


def test_a_file_gone_or_cut_short_is_an_error_not_an_empty_result(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        read_parts([tmp_path / "never-started"])
    whole = tmp_path / "part0"
    start(whole)
    write_part(whole, (b"report", [_finding("urn:a", "too few")]))
    one = whole.read_bytes()
    for kept in range(1, len(one)):  # a whole part, then a second one cut anywhere
        cut = tmp_path / f"cut{kept}"
        cut.write_bytes(one + one[:kept])
        with pytest.raises((EOFError, pickle.UnpicklingError)):
            read_parts([cut])


def test_ill_typed_values_are_read_back_without_rdflib_warnings(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    start(tmp_path / "part0")
    bad = Finding("Violation", URIRef("urn:a"), URIRef("urn:s"), None, "<urn:p>",
                  Literal("abc", datatype=XSD.integer), "not an integer")  # fmt: skip
    write_part(tmp_path / "part0", (b"", [bad]))
    caplog.clear()
    level = logging.getLogger("rdflib.term").level
    _, [found] = read_parts([tmp_path / "part0"])
    assert found == bad and not caplog.records
    assert logging.getLogger("rdflib.term").level == level  # left as it was


def test_a_path_and_a_message_with_the_same_text_stay_apart(tmp_path: Path) -> None:
    same = Finding("Violation", URIRef("urn:a"), URIRef("x"), None, "x", None, "x")
    start(tmp_path / "part0")
    write_part(tmp_path / "part0", (b"", [same]))
    _, [found] = read_parts([tmp_path / "part0"])
    assert type(found.shape) is URIRef and type(found.path) is str and found == same
