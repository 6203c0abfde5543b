"""Building with added documents: uncurated documents never block the build, get their
metadata and structure in the graph with located spans, and leave the curated facts alone."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pyoxigraph as ox
import pytest

from s3kg.build.pipeline import build_graph
from s3kg.config import Release, Settings
from s3kg.corpus.adding import add_paths
from s3kg.corpus.library import Entry, open_library
from s3kg.sparql.named import load_query

EXTRA = Path(__file__).resolve().parents[3] / "shared" / "corpus-extra"
ADDED = ("106_uk-dit-england-regions.txt", "102_economy-of-taiwan.txt",
         "112_usc-42-19108-innovation-engines.txt")
FACTS = "https://w3id.org/s3kg/graph/facts"
CORPUS = "https://w3id.org/s3kg/graph/corpus"


@pytest.fixture(scope="module")
def library_build(tmp_path_factory: pytest.TempPathFactory, pdf_file: Path, html_page: bytes,
                  docx_bytes: bytes) -> tuple[Settings, Release]:
    """The five curated documents and a library of texts, a PDF, a web page and a Word file
    (one of the texts then edited behind the library's back, so it cannot be read)."""
    root = tmp_path_factory.mktemp("library-build")
    inbox = root / "inbox"
    inbox.mkdir()
    for name in ADDED:  # renamed: the library assigns keys itself
        (inbox / name.split("_", 1)[1]).write_bytes((EXTRA / name).read_bytes())
    (inbox / "zz-printed.pdf").write_bytes(pdf_file.read_bytes())
    (inbox / "zz-page.html").write_bytes(html_page)
    (inbox / "zz-report.docx").write_bytes(docx_bytes)
    settings = replace(Settings(), var_dir=root / "var", library_dir=root / "library")
    add_paths(settings.library_dir, [inbox], reserved=set())
    broken = _entry(settings, "usc-42-19108-innovation-engines.txt")
    (settings.library_dir / broken.text_file).write_text("edited\n", encoding="utf-8")
    return settings, build_graph(settings, reason=False)


def _entry(settings: Settings, file: str) -> Entry:
    return next(e for e in open_library(settings.library_dir).entries if e.file == file)


def _store(release: Release) -> ox.Store:
    return ox.Store.read_only(str(release.store_dir))


@pytest.mark.slow
def test_the_build_publishes_and_reports_the_skipped_document(
        library_build: tuple[Settings, Release]) -> None:
    _, release = library_build
    report = json.loads(release.report_file.read_text(encoding="utf-8"))
    assert [s["file"] for s in report["skipped"]] == ["usc-42-19108-innovation-engines.txt"]
    assert {"201", "202", "204", "205", "206", "000", "004"} <= set(report["documents"])


@pytest.mark.slow
def test_added_documents_are_listed_with_their_origin(
        library_build: tuple[Settings, Release]) -> None:
    settings, release = library_build
    query = load_query(settings.queries_dir / "library" / "documents.rq", "library/documents")
    rows = list(_store(release).query(query.text, use_default_graph_as_union=True))
    added = {r["originalFile"].value: r for r in rows if r["originalFile"] is not None}
    assert set(added) == {"uk-dit-england-regions.txt", "economy-of-taiwan.txt",
                          "zz-printed.pdf", "zz-page.html", "zz-report.docx"}
    assert added["zz-printed.pdf"]["format"].value.endswith("/application/pdf")
    assert int(added["zz-printed.pdf"]["pages"].value) == 3
    taiwan = added["economy-of-taiwan.txt"]
    assert taiwan["title"].value == "Economy of Taiwan"
    assert taiwan["format"].value.endswith("/text/plain")
    assert taiwan["curated"].value == "false"
    curated = [r for r in rows if r["curated"].value == "true"]
    assert len(curated) == 5


@pytest.mark.slow
def test_an_added_documents_title_carries_its_exact_span(
        library_build: tuple[Settings, Release]) -> None:
    settings, release = library_build
    store = _store(release)
    entry = _entry(settings, "economy-of-taiwan.txt")
    text = settings.library_dir / entry.text_file
    spans = list(store.query(
        """SELECT ?start ?end WHERE {
             ?a rdf:subject id:document\\/201-economy-of-taiwan ; rdf:predicate dcterms:title ;
                s3kg:evidence ?span .
             ?span oa:hasSelector ?at . ?at a oa:TextPositionSelector ; oa:start ?start ;
                oa:end ?end }""",
        prefixes={"rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
                  "dcterms": "http://purl.org/dc/terms/", "oa": "http://www.w3.org/ns/oa#",
                  "s3kg": "https://w3id.org/s3kg/ontology#", "id": "https://w3id.org/s3kg/id/"},
        use_default_graph_as_union=True))
    [(start, end)] = [(int(s["start"].value), int(s["end"].value)) for s in spans]
    assert text.read_text(encoding="utf-8")[start:end] == "Economy of Taiwan"


@pytest.mark.slow
def test_added_documents_get_their_parts(library_build: tuple[Settings, Release]) -> None:
    settings, release = library_build
    stem = _entry(settings, "uk-dit-england-regions.txt").text_file.removesuffix(".txt")
    doc = "https://w3id.org/s3kg/id/document/" + stem.replace("_", "-")
    count = next(iter(_store(release).query(
        f"""SELECT (COUNT(?part) AS ?n) WHERE {{ GRAPH <{CORPUS}> {{
              ?part <http://purl.org/dc/terms/isPartOf>+ <{doc}> }} }}""")))
    assert int(count["n"].value) > 50  # paragraphs, at least


@pytest.mark.slow
def test_added_documents_leave_the_curated_facts_as_they_were(
        library_build: tuple[Settings, Release], built_release: Release) -> None:
    _, release = library_build

    def facts(path: Path) -> list[bytes]:
        return [line for line in path.read_bytes().splitlines() if FACTS.encode() in line]

    assert facts(release.graph_file) == facts(built_release.graph_file)


@pytest.mark.slow
@pytest.mark.browser
def test_a_pdf_has_its_pages_as_located_parts(library_build: tuple[Settings, Release]) -> None:
    settings, release = library_build
    entry = _entry(settings, "zz-printed.pdf")
    text = (settings.library_dir / entry.text_file).read_text(encoding="utf-8")
    doc = "https://w3id.org/s3kg/id/document/" + entry.text_file.removesuffix(".txt").replace(
        "_", "-")
    rows = list(_store(release).query(f"""
        SELECT ?locator ?start ?end WHERE {{ GRAPH <{CORPUS}> {{
          <{doc}/page-2> <https://w3id.org/s3kg/ontology#locator> ?locator ;
              <http://www.w3.org/ns/oa#hasSelector> ?at .
          ?at <http://www.w3.org/ns/oa#start> ?start ; <http://www.w3.org/ns/oa#end> ?end }} }}"""))
    [row] = rows
    assert row["locator"].value == f"{entry.key}:page-2"
    start, end = int(row["start"].value), int(row["end"].value)
    assert (start, end) == entry.pages[1] and text[start:end].strip()


def test_a_curated_added_document_keeps_its_origin(tmp_path: Path) -> None:
    """Regression: curating an added document dropped its link to the original file."""
    from rdflib import Graph, URIRef
    from rdflib.namespace import DCTERMS, PROV

    from s3kg.build.documents import DocumentSet, describe_uncurated
    from s3kg.corpus.reader import load_document

    text = tmp_path / "201_economy-of-taiwan.txt"
    text.write_bytes((EXTRA / "102_economy-of-taiwan.txt").read_bytes())
    doc = load_document(text, key="201")
    entry = Entry(key="201", title="Economy of Taiwan", file="taiwan.pdf",
                  media_type="application/pdf", source_sha256="ab" * 32,
                  text_sha256=doc.sha256, text_file=text.name)
    iri = URIRef("https://w3id.org/s3kg/id/document/economy-of-taiwan-curated")
    found = DocumentSet([doc], {"201": iri}, {"201": entry}, curated=frozenset({"201"}))
    graph = Graph()
    describe_uncurated(graph, None, found)  # type: ignore[arg-type]  # unused when curated
    origin = graph.value(iri, PROV.wasDerivedFrom)
    assert origin is not None and str(graph.value(origin, DCTERMS.title)) == "taiwan.pdf"
    assert graph.value(iri, DCTERMS.title) is None  # the curated data gives the title
