"""The lexical guard in front of the engine: what it detects and what it refuses."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from s3kg.sparql.guard import (
    CACHED_CHARS,
    MAX_DEPTH,
    Policy,
    PolicyError,
    TooDeepError,
    check,
    inspect,
    inspect_cached,
)

LOCAL = {"https://w3id.org/s3kg/graph/facts"}


@pytest.mark.parametrize(("text", "kind", "form"), [
    ("SELECT * WHERE { ?s ?p ?o }", "query", "SELECT"),
    ("PREFIX ex: <http://ex/>\n# INSERT in a comment\nask { ex:a ?p ?o }", "query", "ASK"),
    ("BASE <http://ex/> CONSTRUCT WHERE { ?s ?p ?o }", "query", "CONSTRUCT"),
    ("describe <http://ex/a>", "query", "DESCRIBE"),
    ("PREFIX ex: <http://ex/> INSERT DATA { ex:a ex:b ex:c }", "update", "INSERT"),
    ("CLEAR ALL ; LOAD <http://ex/x.ttl>", "update", "CLEAR"),
    ("WITH <http://ex/g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", "update", "WITH"),
    ("nonsense", "unknown", None),
])
def test_kind_and_form(text: str, kind: str, form: str | None) -> None:
    found = inspect(text)
    assert (found.kind, found.form) == (kind, form)


def test_service_forms_are_detected() -> None:
    found = inspect("""PREFIX svc: <http://remote.example/>
        SELECT * WHERE {
          SERVICE <http://a.example/sparql> { ?s ?p ?o }
          SERVICE SILENT svc:sparql { ?s ?p ?o }
          SERVICE ?endpoint { ?s ?p ?o }
        }""")
    assert found.services == ("http://a.example/sparql", "http://remote.example/sparql", None)


@pytest.mark.parametrize("text", [
    'SELECT * WHERE { ?s ?p "SERVICE <http://a.example/> FROM <file:///etc/passwd>" }',
    "SELECT * WHERE { ?s ?p '''\nLOAD <http://x/>\nINSERT''' }",
    "SELECT * WHERE { ?service <http://ex/from> ?load }  # SERVICE <http://a/>",
    "PREFIX service: <http://ex/> SELECT * WHERE { service:from service:load ?o }",
    "SELECT * WHERE { ?s <http://ex/SERVICE> ?o }",
])
def test_keywords_inside_literals_iris_comments_and_names_are_ignored(text: str) -> None:
    found = inspect(text)
    assert found.kind == "query"
    assert not found.services and not found.from_graphs and not found.loads


def test_from_clauses_are_expanded() -> None:
    found = inspect("""BASE <https://w3id.org/s3kg/graph/>
        PREFIX g: <https://w3id.org/s3kg/graph/>
        SELECT * FROM g:facts FROM <corpus> FROM NAMED <https://w3id.org/s3kg/graph/mentions>
        WHERE { ?s ?p ?o }""")
    assert found.from_graphs == ("https://w3id.org/s3kg/graph/facts",
                                 "https://w3id.org/s3kg/graph/corpus")
    assert found.from_named_graphs == ("https://w3id.org/s3kg/graph/mentions",)
    assert found.has_dataset_clause


def test_read_only_policy_refuses_updates() -> None:
    with pytest.raises(PolicyError, match="read-only"):
        check(inspect("DROP ALL"), Policy(), LOCAL)
    check(inspect("DROP ALL"), Policy(allow_update=True), LOCAL)


def test_service_allow_list() -> None:
    query = inspect("SELECT * WHERE { SERVICE <http://a.example/sparql> { ?s ?p ?o } }")
    with pytest.raises(PolicyError, match="allow-list"):
        check(query, Policy(), LOCAL)
    with pytest.raises(PolicyError):
        check(query, Policy(allow_service=frozenset({"http://b.example/sparql"})), LOCAL)
    check(query, Policy(allow_service=frozenset({"http://a.example/sparql"})), LOCAL)
    variable = inspect("SELECT * WHERE { SERVICE ?e { ?s ?p ?o } }")
    with pytest.raises(PolicyError, match="variable"):
        check(variable, Policy(allow_service=frozenset({"http://a.example/sparql"})), LOCAL)
    check(variable, Policy(allow_service=frozenset({"*"})), LOCAL)


def test_from_must_name_a_local_graph_unless_the_protocol_overrides_it() -> None:
    check(inspect("SELECT * FROM <https://w3id.org/s3kg/graph/facts> { ?s ?p ?o }"),
          Policy(), LOCAL)
    remote = inspect("SELECT * FROM <http://example.org/data.ttl> { ?s ?p ?o }")
    with pytest.raises(PolicyError, match="never fetches"):
        check(remote, Policy(), LOCAL)
    check(remote, Policy(), LOCAL, dataset_overridden=True)
    local_file = inspect("SELECT * FROM NAMED <file:///etc/passwd> { ?s ?p ?o }")
    with pytest.raises(PolicyError, match="local files"):
        check(local_file, Policy(), {"file:///etc/passwd"}, dataset_overridden=True)


def test_load_needs_its_own_switch_and_http() -> None:
    load = inspect("LOAD SILENT <http://example.org/x.ttl> INTO GRAPH <http://ex/g>")
    assert load.loads == ("http://example.org/x.ttl",)
    with pytest.raises(PolicyError, match="disabled"):
        check(load, Policy(allow_update=True), LOCAL)
    check(load, Policy(allow_update=True, allow_load=True), LOCAL)
    with pytest.raises(PolicyError, match="http"):
        check(inspect("LOAD <file:///etc/passwd>"), Policy(allow_update=True, allow_load=True),
              LOCAL)


def _sparql_string(text: str) -> str:
    escaped = (text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
               .replace("\r", "\\r"))
    return f'"{escaped}"'


@given(st.text())
def test_no_text_inside_a_literal_triggers_the_guard(text: str) -> None:
    found = inspect(f"SELECT * WHERE {{ ?s ?p {_sparql_string(text)} }}")
    assert found.kind == "query" and found.form == "SELECT"
    assert not (found.services or found.from_graphs or found.from_named_graphs or found.loads)
    assert found.variables == {"s", "p"}


def test_escaped_iris_are_decoded_and_odd_targets_refused() -> None:
    escaped = inspect(r"SELECT * FROM <http://example.org/data\u002Ettl> WHERE { ?s ?p ?o }")
    assert escaped.from_graphs == ("http://example.org/data.ttl",)
    service = inspect(r"SELECT * { SERVICE <http://a.example\u002Fsparql> { ?s ?p ?o } }")
    assert service.services == ("http://a.example/sparql",)
    odd = inspect("SELECT * FROM ( WHERE { ?s ?p ?o }")
    with pytest.raises(PolicyError):
        check(odd, Policy(), LOCAL)


def test_declared_prefixes_are_those_of_a_prologue_before_the_text() -> None:
    text = """PREFIX g: <https://w3id.org/s3kg/graph/>
        SELECT * FROM g:facts FROM s3kg:thing FROM NAMED other:x
        WHERE { SERVICE other:sparql { ?s ?p ?o } }"""
    declared = {"g": "urn:shadowed/", "s3kg": "https://w3id.org/s3kg/ontology#",
                "other": "http://other.example/"}
    prologue = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in declared.items())
    found = inspect(text, declared)
    assert found == inspect(prologue + text)
    assert found.from_graphs == ("https://w3id.org/s3kg/graph/facts",
                                 "https://w3id.org/s3kg/ontology#thing")
    assert found.services == ("http://other.example/sparql",)


def test_cached_inspections_are_the_same_and_read_only() -> None:
    declared = (("ex", "http://ex/"),)
    text = "SELECT * FROM ex:g WHERE { ?s ?p ?o }"
    first = inspect_cached(text, declared)
    assert first == inspect(text, dict(declared)) and first.from_graphs == ("http://ex/g",)
    assert inspect_cached(text, declared) is first  # remembered, not scanned again
    assert inspect_cached(text).from_graphs == ("ex:g",)  # other declarations, other entry
    with pytest.raises(TypeError):
        first.prefixes["ex"] = "http://changed/"  # type: ignore[index]
    long = text + " " * CACHED_CHARS
    assert inspect_cached(long, declared) == first and inspect_cached(long, declared) is not \
        inspect_cached(long, declared)


def test_refusals_are_never_remembered_as_answers() -> None:
    deep = "SELECT * WHERE " + "{" * (MAX_DEPTH + 1) + "}" * (MAX_DEPTH + 1)
    for _ in range(2):
        with pytest.raises(TooDeepError):
            inspect_cached(deep)
