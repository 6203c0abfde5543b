"""Syntax errors name the line, the column and the likely cause, never Unicode ranges."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from s3kg.sparql.syntax import explain


def engine_message(text: str) -> str:
    with pytest.raises(SyntaxError) as caught:
        ox.Store().query(text)
    return str(caught.value)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("SELECT * WHERE { ?s foo:bar ?o }", "line 1, column 28: prefix foo: is not declared"),
        ("SELECT * WHERE {\n  ?s ?p ?o ", "line 2, column 12: the query ends too early"),
        ("SELECT * WHERE { ?s ?p \"abc }", "a string is not closed"),
        ("SELECT ?x WHERE { ?s <a b> ?o }", "this IRI is not valid"),
        ("SELECT (COUNT(?s) AS ?n) ?s WHERE { ?s ?p ?o }", "neither grouped nor aggregated"),
        ("SELEC * WHERE {}", "check the spelling of the first keyword"),
        ("SELECT * WHERE { FILTER(?o = ) }", "an expression is missing"),
    ],
)
def test_causes_are_named(text: str, expected: str) -> None:
    message = explain(text, engine_message(text))
    assert expected in message
    assert "\\u{" not in message and "..=" not in message


def test_the_line_is_shown_with_a_caret_under_the_column() -> None:
    text = "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\nSELECT * WHERE { ?s x:y ?o }"
    first, line, caret = explain(text, engine_message(text)).split("\n")
    assert first.startswith("line 2, column 26: prefix x: is not declared")
    assert line.strip() == "SELECT * WHERE { ?s x:y ?o }"
    assert caret.index("^") - 2 == 25


def test_a_message_without_a_position_is_kept_short() -> None:
    assert explain("", "something odd\nmore") == "something odd"
