"""Properties of named-query parameter binding (``named_queries.bind`` / ``to_term``).

Whatever the caller sends, the result is a term of the declared type or an ``InputError``;
an IRI parameter never holds a character that could end an IRI or a group in SPARQL text;
and the engine receives each bound term exactly as built (no text is ever re-parsed).
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from s3kg.errors import InputError
from s3kg.sparql.named import PARAM_TYPES, XSD, NamedQuery, Param, bind, to_term

SMUGGLE = (
    "> } ; DROP ALL ; #",
    ">}",
    "> . ?s ?p ?o",
    '"',
    "'",
    "\\u003E",
    "\n",
    "\u0000",
    " ",
    "{",
    "}",
    "|",
    "^",
    "`",
    "<",
    "%3E",
    "%zz",
    "\u00a0",
    "\u2028",
    "\ud800",
)
PREFIXES = (
    "http://x/",
    "https://w3id.org/s3kg/id/region/",
    "urn:x:",
    "",
    "1",
    "-",
    "+",
    "2019",
    "true",
    "0.5",
)
TYPES = {"integer": "integer", "decimal": "decimal", "year": "integer", "boolean": "boolean"}

raw_values = st.one_of(
    st.text(),
    st.builds(
        lambda a, b, c: a + b + c,
        st.sampled_from(PREFIXES),
        st.sampled_from(SMUGGLE),
        st.text(max_size=10),
    ),
    st.integers().map(str),
    st.decimals(allow_nan=False, allow_infinity=False).map(str),
    st.text(alphabet="0123456789", min_size=1000, max_size=5000),
)
RELAXED = settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@RELAXED
@given(kind=st.sampled_from(PARAM_TYPES), raw=raw_values)
def test_to_term_gives_a_typed_term_or_an_input_error(kind: str, raw: str) -> None:
    try:
        term = to_term(Param("p", kind), raw)
    except InputError as err:
        assert "parameter 'p'" in str(err)
        return
    if kind == "iri":
        assert isinstance(term, ox.NamedNode)
        assert term.value == raw.strip()
        assert not any(c in term.value for c in '<>"{}|^`\\ \n\t')
    elif kind == "string":
        assert isinstance(term, ox.Literal) and term.value == raw
        assert term.datatype == ox.NamedNode(XSD + "string")
    else:
        assert isinstance(term, ox.Literal)
        assert term.datatype == ox.NamedNode(XSD + TYPES[kind])
    if kind == "integer":
        assert int(term.value) == int(raw.strip())


@RELAXED
@given(kind=st.sampled_from(PARAM_TYPES), raw=raw_values)
def test_the_engine_receives_the_bound_term_unchanged(kind: str, raw: str) -> None:
    try:
        term = to_term(Param("p", kind), raw)
    except InputError:
        return
    solutions = ox.Store().query("SELECT ?p WHERE {}", substitutions={ox.Variable("p"): term})
    rows = list(solutions)  # type: ignore[arg-type]
    assert len(rows) == 1 and rows[0]["p"] == term


def _query(*params: Param) -> NamedQuery:
    text = "SELECT " + " ".join(f"?{p.name}" for p in params) + " WHERE {}"
    return NamedQuery("q", Path("q.rq"), "q", "", (), params, text, "SELECT")


QUERY = _query(
    Param("a", "iri", required=True),
    Param("b", "string"),
    Param("c", "integer", default="7"),
    Param("d", "boolean"),
    Param("e", "year"),
    Param("f", "decimal"),
)


@RELAXED
@given(
    values=st.dictionaries(
        st.one_of(st.sampled_from("abcdef"), st.text(max_size=5)), raw_values, max_size=6
    )
)
def test_bind_gives_typed_terms_for_known_names_or_an_input_error(values: dict[str, str]) -> None:
    try:
        bound = bind(QUERY, values)
    except InputError:
        return
    names = [name for name, _ in bound]
    assert set(names) <= set("abcdef") and len(names) == len(set(names))
    assert "a" in names and "c" in names
    for _, term in bound:
        assert isinstance(term, ox.NamedNode | ox.Literal)


@pytest.mark.parametrize(
    "raw",
    [
        "http://x/> } ; DROP ALL ; SELECT * WHERE { ?s ?p ?o",
        "http://x/>",
        "http://x/ y",
        "http://x/\u0000",
        "http://x/%zz",
        "http://[x/",
        "<http://x/>",
        "http://x/\ud800",
    ],
)
def test_iri_smuggling_attempts_are_input_errors(raw: str) -> None:
    with pytest.raises(InputError, match="parameter 'region'"):
        to_term(Param("region", "iri"), raw)
