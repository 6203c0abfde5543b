"""Pages for people over the real build: home, entity pages, query editor, report, errors."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from markupsafe import escape

from s3kg.config import Release, Settings
from s3kg.sparql.named import NamedQuery
from s3kg.web import entity, pages, resources

ID = "https://w3id.org/s3kg/id/"
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
PICK = """PREFIX s3kg: <https://w3id.org/s3kg/ontology#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX oa: <http://www.w3.org/ns/oa#>
SELECT ?s ?exact ?locator ?document WHERE {
  ?s a s3kg:Cluster . ?a rdf:subject ?s ; s3kg:evidence ?span ;
     <http://www.w3.org/ns/prov#wasDerivedFrom> ?document .
  ?span s3kg:locator ?locator ; oa:hasSelector ?q . ?q a oa:TextQuoteSelector ; oa:exact ?exact .
} ORDER BY STRLEN(?exact) ?s LIMIT 1"""
COUNT = """SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {
  ?s a/<http://www.w3.org/2000/01/rdf-schema#subClassOf>*
     <https://w3id.org/s3kg/ontology#Cluster> }"""
DOCUMENTS = """SELECT DISTINCT ?d WHERE { ?d a <https://w3id.org/s3kg/ontology#SourceDocument> }"""


@pytest.fixture
def web(real_client: FlaskClient) -> FlaskClient:
    return real_client


@pytest.fixture(scope="module")
def sample(built_store: Any) -> dict[str, str]:
    rows = list(built_store.query(PICK, use_default_graph_as_union=True))
    assert rows, "the build has no cluster with provenance"
    return {name: str(rows[0][name].value) for name in ("s", "exact", "locator", "document")}


def get_page(web: FlaskClient, path: str, status: int = 200) -> str:
    response = web.get(path, headers={"Accept": BROWSER})
    assert response.status_code == status, response.get_data(as_text=True)[:500]
    assert response.mimetype == "text/html"
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    return response.get_data(as_text=True)


class Resources(HTMLParser):
    """Every URL a page would make the browser load (not links the user may follow)."""

    def __init__(self) -> None:
        super().__init__()
        self.loaded: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag in ("script", "img", "iframe", "source") and values.get("src"):
            self.loaded.append(values["src"] or "")
        if tag == "link" and values.get("rel") in ("stylesheet", "icon", "preload"):
            self.loaded.append(values.get("href") or "")


def assert_self_contained(page: str) -> None:
    parser = Resources()
    parser.feed(page)
    assert parser.loaded, "expected at least the stylesheet"
    for url in parser.loaded:
        assert url.startswith("/") and not url.startswith("//"), url


def test_home_says_what_is_in_the_graph(web: FlaskClient, built_store: Any) -> None:
    page = get_page(web, "/")
    clusters = int(next(iter(built_store.query(COUNT, use_default_graph_as_union=True)))[0].value)
    shown = re.search(r'data-name="clusters">([\d,]+)<', page)
    assert shown and int(shown.group(1).replace(",", "")) == clusters > 0
    for name in ("organisations", "regions", "figures", "documents", "facts with provenance"):
        assert f'data-name="{name}"' in page
    for row in built_store.query(DOCUMENTS, use_default_graph_as_union=True):
        assert f'href="/id/{row[0].value[len(ID) :]}"' in page
    assert 'href="/query?query=' in page
    assert_self_contained(page)


def test_examples_come_from_competency_questions(
    real_app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    question = NamedQuery(
        "cq/CQ99_test",
        Path("x.rq"),
        "Which <b>test</b> clusters exist?",
        "",
        (),
        (),
        "SELECT ?c WHERE { ?c a ?t }",
        "SELECT",
    )
    backend = real_app.extensions["s3kg"]
    monkeypatch.setattr(backend, "queries", {"cq/CQ99_test": question})
    page = get_page(real_app.test_client(), "/")
    assert "Which &lt;b&gt;test&lt;/b&gt; clusters exist?" in page
    assert "SELECT+%3Fc+WHERE" in page
    monkeypatch.setattr(backend, "queries", {})
    assert pages.EXAMPLES[0][0] in get_page(real_app.test_client(), "/")


def test_entity_page_shows_facts_with_their_provenance(
    web: FlaskClient, sample: dict[str, str]
) -> None:
    page = get_page(web, "/id/" + sample["s"][len(ID) :])
    assert "<h2" in page and "Identity &amp; types" in page
    assert str(escape(sample["exact"])) in page
    assert str(escape(sample["locator"])) in page
    assert f'href="/id/{sample["document"][len(ID) :]}"' in page
    assert '<svg class="neighbourhood"' in page
    assert "Incoming links" in page
    assert_self_contained(page)


def test_entity_page_escapes_what_the_data_says(real_app: Flask) -> None:
    evil = entity.Term("literal", '<script>alert("x")</script>', "en")
    link = entity.Term("uri", "javascript:alert(1)")
    fact = entity.Fact(entity.Term("uri", entity.RDFS + "label"), "label", evil, "")
    view = entity.EntityView(
        ID + "x",
        "<img src=x onerror=alert(1)>",
        [],
        [("Identity", [fact])],
        [entity.Link(link, "<b>bold</b>", fact.predicate, "label")],
        [("<u>label</u>", 1, 2)],
        entity.neighbourhood("<i>x</i>", [fact], []),
    )
    with real_app.test_request_context("/"):
        page = pages.page("entity.html", view=view).get_data(as_text=True)
    assert "<script>alert" not in page and "&lt;script&gt;alert" in page
    assert "<img src=x" not in page and "<b>bold</b>" not in page and "<u>" not in page
    assert 'href="javascript:' not in page


def test_query_editor_uses_yasgui_from_node_modules(web: FlaskClient) -> None:
    if not resources.yasgui_installed():
        pytest.skip("node_modules has no YASGUI: run scripts/setup-test-tools.sh")
    page = get_page(web, "/query")
    assert 'src="/static/vendor/yasgui/yasgui.min.js"' in page
    assert 'data-endpoint="http://localhost/sparql"' in page
    assert_self_contained(page)


def test_query_editor_explains_a_missing_install(
    web: FlaskClient, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(resources, "node_modules", lambda: tmp_path / "node_modules")
    page = get_page(web, "/query?query=%3Cscript%3E")
    assert "npm ci" in page and "yasgui.min.js" not in page
    assert '<form action="/sparql"' in page and "&lt;script&gt;" in page


def test_report_shows_the_build_summary(web: FlaskClient, built_release: Release) -> None:
    page = get_page(web, "/report")
    assert built_release.build_id in page
    assert "Validation" in page and "Completeness report" in page


def test_report_embeds_the_completeness_report_once_per_build(
    real_app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    pages._cached_report.cache_clear()
    calls: list[Path] = []
    real = pages.completeness_report

    def counting(release: Path, settings: Settings) -> object:
        calls.append(release)
        return real(release, settings)

    monkeypatch.setattr(pages, "completeness_report", counting)
    first = get_page(real_app.test_client(), "/report")
    second = get_page(real_app.test_client(), "/report")
    assert "Cluster" in first and first == second
    assert len(calls) == 1, "the report is computed once per build, then cached"


def test_report_says_why_when_the_completeness_report_fails(
    real_app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    pages._cached_report.cache_clear()

    def broken(release: Path, settings: Settings) -> None:
        raise RuntimeError("no shapes")

    monkeypatch.setattr(pages, "completeness_report", broken)
    page = get_page(real_app.test_client(), "/report")
    assert "unavailable" in page and "no shapes" in page
    pages._cached_report.cache_clear()


def test_unknown_pages_are_404_html_for_browsers_and_text_otherwise(web: FlaskClient) -> None:
    assert "Not found" in get_page(web, "/no/such/page", status=404)
    response = web.get("/no/such/page", headers={"Accept": "*/*"})
    assert response.status_code == 404 and response.mimetype == "text/plain"


def test_curie_and_href_filters() -> None:
    assert pages.curie("https://w3id.org/s3kg/ontology#Cluster") == "s3kg:Cluster"
    assert pages.href(ID + "cluster/x") == "/id/cluster/x"
    assert pages.href("https://w3id.org/s3kg/ontology#Cluster") == "/ontology#Cluster"
    assert pages.href("javascript:alert(1)") is None
    assert pages.href(entity.Term("literal", "https://example.org/")) is None
    assert pages.href("https://example.org/x") == "https://example.org/x"


def test_one_click_questions_mean_what_the_api_means(real_app: Flask) -> None:
    """The editor text of each competency question (defaults written in as VALUES) gives the
    same answer as the named query API with its defaults bound."""
    web = real_app.test_client()
    questions = {
        n: q for n, q in real_app.extensions["s3kg"].queries.items() if n.startswith("cq/")
    }
    if not questions:
        pytest.skip("no competency questions in queries/cq")
    for name, question in sorted(questions.items()):
        text = pages.editor_text(question)
        via_api = web.get(f"/api/{name}", headers={"Accept": "application/sparql-results+json"})
        via_editor = web.post(
            "/sparql", data={"query": text}, headers={"Accept": "application/sparql-results+json"}
        )
        assert via_api.status_code == via_editor.status_code == 200, name
        assert _solutions(via_api.get_json()) == _solutions(via_editor.get_json()), name


def _solutions(data: dict[str, Any]) -> Any:
    if "boolean" in data:
        return data["boolean"]
    return sorted(
        sorted((k, v["value"]) for k, v in row.items()) for row in data["results"]["bindings"]
    )
