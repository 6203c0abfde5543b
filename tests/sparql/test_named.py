"""Named query files: headers, checks at load time, and typed parameter binding."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import given
from hypothesis import strategies as st

from s3kg.config import Settings
from s3kg.errors import InputError
from s3kg.sparql.named import Param, bind, load_queries, load_query, read_header, to_term

XSD = "http://www.w3.org/2001/XMLSchema#"
GOOD = """#+ summary: Things of a type
#+ description: >
#+   All things of the type.
#+ tags: [demo]
#+ params:
#+   type:
#+     type: iri
#+     required: true
#+   year:
#+     type: year
#+     default: 2019
# an ordinary comment
SELECT ?thing ?type ?year WHERE { ?thing a ?type }
"""


def write(tmp_path: Path, text: str, name: str = "q.rq") -> Path:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_header_is_read_from_the_leading_comment_lines() -> None:
    header = read_header(GOOD + "#+ summary: not this one, it comes after the query\n")
    assert header["summary"] == "Things of a type"
    assert header["description"] == "All things of the type.\n"
    assert set(header["params"]) == {"type", "year"}


def test_a_good_query_loads(tmp_path: Path) -> None:
    query = load_query(write(tmp_path, GOOD), "demo/things")
    assert query.summary == "Things of a type" and query.tags == ("demo",)
    assert query.form == "SELECT" and not query.uses_dataset
    assert [(p.name, p.type, p.required, p.default) for p in query.params] == [
        ("type", "iri", True, None), ("year", "year", False, "2019")]


@pytest.mark.parametrize(("text", "message"), [
    ("SELECT * WHERE { ?s ?p ?o }", "needs a 'summary'"),
    ("#+ summary: x\n#+ sumary: y\nSELECT * {}", "unknown header key(s) sumary"),
    ("#+ summary: x\n#+ params: {p: {type: iri}}\nSELECT * { ?s ?q ?o }", "no ?p variable"),
    ("#+ summary: x\n#+ params: {p: {type: iri}}\nSELECT ?s { ?s ?p ?o }", "cannot take"),
    ("#+ summary: x\n#+ params: {p: {type: date}}\nSELECT * { ?s ?p ?o }", "type must be"),
    ("#+ summary: x\n#+ params: {p: {type: integer, default: ten}}\nSELECT * {?s ?p ?o}",
     "not a whole number"),
    ("#+ summary: x\n#+ params: {format: {}}\nSELECT * { ?s ?format ?o }", "unusable parameter"),
    ("#+ summary: x\n#+ params: {p: {kind: iri}}\nSELECT * { ?s ?p ?o }", "keys must be"),
    ("#+ summary: x\nSELECT * WHERE { ?s ?p }", "malformed query"),
    ("#+ summary: x\nDELETE WHERE { ?s ?p ?o }", "must be a SELECT"),
    ("#+ summary: x\nSELECT * { SERVICE <http://a/> { ?s ?p ?o } }", "SERVICE"),
    ("#+ summary: [unclosed\nSELECT * {}", "unreadable"),
])
def test_broken_files_are_refused_with_the_reason(tmp_path: Path, text: str,
                                                  message: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(InputError, match=None) as caught:
        load_query(path, "q")
    assert message in str(caught.value) and str(path) in str(caught.value)


def test_loading_a_folder_names_queries_by_path(tmp_path: Path) -> None:
    write(tmp_path, GOOD, "cq/CQ05_things.rq")
    write(tmp_path, "SELECT * {}", "cq/broken.rq")
    with pytest.raises(InputError, match=r"broken\.rq"):
        load_queries(tmp_path)
    assert list(load_queries(tmp_path, strict=False)) == ["cq/CQ05_things"]


def test_every_query_in_the_repository_loads() -> None:
    queries = load_queries(Settings().queries_dir)
    assert "examples/clusters_in_region" in queries


@pytest.mark.parametrize(("kind", "raw", "expected"), [
    ("iri", "https://w3id.org/s3kg/id/region/x", ox.NamedNode("https://w3id.org/s3kg/id/region/x")),
    ("string", " spaced ", ox.Literal(" spaced ")),
    ("integer", "+007", ox.Literal("7", datatype=ox.NamedNode(XSD + "integer"))),
    ("decimal", "2.50", ox.Literal("2.5", datatype=ox.NamedNode(XSD + "decimal"))),
    ("decimal", ".5", ox.Literal("0.5", datatype=ox.NamedNode(XSD + "decimal"))),
    ("year", "2019", ox.Literal("2019", datatype=ox.NamedNode(XSD + "integer"))),
    ("year", "0987", ox.Literal("987", datatype=ox.NamedNode(XSD + "integer"))),
    ("boolean", "TRUE", ox.Literal("true", datatype=ox.NamedNode(XSD + "boolean"))),
    ("boolean", "0", ox.Literal("false", datatype=ox.NamedNode(XSD + "boolean"))),
])
def test_values_become_typed_terms(kind: str, raw: str, expected: object) -> None:
    assert to_term(Param("p", kind), raw) == expected


@pytest.mark.parametrize(("kind", "raw"), [
    ("iri", "relative/path"), ("iri", "http://a b"), ("iri", "http://x> } #"),
    ("integer", "1.5"), ("integer", "1e3"), ("decimal", "1,5"), ("decimal", "NaN"),
    ("year", "19"), ("year", "2019-01"), ("boolean", "yes"),
])
def test_bad_values_are_refused(kind: str, raw: str) -> None:
    with pytest.raises(InputError, match="parameter 'p'"):
        to_term(Param("p", kind), raw)


def test_bind_applies_defaults_and_checks_names(tmp_path: Path) -> None:
    query = load_query(write(tmp_path, GOOD), "q")
    bound = dict(bind(query, {"type": "http://ex/T"}))
    assert bound["year"] == ox.Literal("2019", datatype=ox.NamedNode(XSD + "integer"))
    assert bind(query, {"type": "http://ex/T", "format": "csv"})  # reserved, not a parameter
    with pytest.raises(InputError, match="missing required parameter 'type'"):
        bind(query, {})
    with pytest.raises(InputError, match="unknown parameter"):
        bind(query, {"type": "http://ex/T", "tpye": "x"})


@given(st.text())
def test_any_string_is_bound_verbatim(text: str) -> None:
    term = to_term(Param("p", "string"), text)
    assert term.value == text


@given(st.integers())
def test_integers_are_canonical(number: int) -> None:
    assert to_term(Param("p", "integer"), f" {number} ").value == str(number)


@pytest.mark.parametrize("raw", ["0", "0.0", "-0.00", "2.50", "100", "7"])
def test_a_bound_decimal_comes_back_from_the_engine_unchanged(raw: str) -> None:
    """Regression (found by the property tests): ``0.0`` was bound as ``"0.0"`` and the engine
    answered ``"0"``, so the bound and the returned term differed."""
    term = to_term(Param("p", "decimal"), raw)
    solutions = ox.Store().query("SELECT ?p WHERE {}", substitutions={ox.Variable("p"): term})
    assert [s["p"] for s in solutions] == [term]  # type: ignore[union-attr]
