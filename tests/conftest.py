"""Shared fixtures: one real build of the graph per test session."""

from __future__ import annotations

import html
import io
import os
import re
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import docx
import pytest
from hypothesis import settings

from s3kg.config import Release, Settings

# CI must be deterministic: property tests replay the same examples on every run there.
# Locally they keep exploring new ones (and remember failures in .hypothesis/).
settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")


@pytest.fixture(scope="session")
def built_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return Settings(var_dir=tmp_path_factory.mktemp("var"))


@pytest.fixture(scope="session")
def built_release(built_settings: Settings) -> Iterator[Release]:
    """The real graph, built once from the real corpus and curated data."""
    from s3kg.build.pipeline import build_graph

    yield build_graph(built_settings)


@pytest.fixture(scope="session")
def built_store(built_release: Release):  # type: ignore[no-untyped-def]
    import pyoxigraph as ox

    return ox.Store.read_only(str(built_release.store_dir))


# --- the real US Cluster Mapping imports and a build with them (integration and web tests) ---
MAPPINGS = Path(__file__).resolve().parents[1] / "mappings"


@pytest.fixture(scope="session")
def shared_data() -> Path:
    return Settings().shared_data_dir


@pytest.fixture(scope="session")
def imported_var(tmp_path_factory: pytest.TempPathFactory, shared_data: Path) -> Path:
    """A var folder holding both real US Cluster Mapping imports."""
    from s3kg.integrate.importer import run_import

    var = tmp_path_factory.mktemp("integration-var")
    for name in ("us-cluster-categories", "us-cluster-organisations"):
        run_import(MAPPINGS / f"{name}.yaml", shared_data, var)
    return var


@pytest.fixture(scope="session")
def integration_settings(imported_var: Path) -> Settings:
    return Settings(var_dir=imported_var)


@pytest.fixture(scope="session")
def integration_release(integration_settings: Settings) -> Release:
    """The real graph with both imports, built and validated once (no reasoner: faster)."""
    from s3kg.build.pipeline import build_graph

    return build_graph(integration_settings, reason=False)


@pytest.fixture(scope="session")
def integration_store(integration_release: Release):  # type: ignore[no-untyped-def]
    import pyoxigraph as ox

    return ox.Store.read_only(str(integration_release.store_dir))


@pytest.fixture()
def corpus_copy(tmp_path: Path) -> Path:
    """A writable copy of the corpus, for tests that break documents."""
    import shutil

    target = tmp_path / "corpus"
    shutil.copytree(Settings().corpus_dir, target)
    for path in target.iterdir():
        path.chmod(0o644)
    return target


# --- real PDF, HTML and DOCX documents, written at test time by real writers ------------------
# (from a text of shared/corpus-extra, read then: nothing of it is stored in the repository)

CHROMIUM = Path("/usr/bin/chromium")
EXTRA = Settings().corpus_dir.parent / "corpus-extra"
SOURCE = "108_uk-dit-automotive.txt"
CHROMIUM_FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--no-pdf-header-footer",
)  # fmt: skip
RUNNING_HEADER = "Converter test print"  # our own words, printed at the top of every page




@dataclass(frozen=True)
class Source:
    """Pieces of one corpus-extra text: what the documents are written from."""

    title: str
    headings: list[str]
    paragraphs: list[str]
    items: list[str]
    caption: str
    rows: list[list[str]]


@pytest.fixture(scope="session")
def source() -> Source:
    path = EXTRA / SOURCE
    if not path.is_file():
        pytest.skip(f"{path} is missing (the shared corpus-extra texts)")
    lines = path.read_text(encoding="utf-8").split("\n")
    table_at = next(i for i, line in enumerate(lines) if " | " in line)
    return Source(
        title=lines[0],
        headings=[line for line in lines[1:] if _is_heading(line)][:3],
        paragraphs=[line for line in lines if _is_paragraph(line)][:5],
        items=[line[2:] for line in lines if line.startswith("- ") and len(line.split()) < 30][:4],
        caption=next(line for line in reversed(lines[:table_at]) if line.strip()),
        rows=[line.split(" | ") for line in lines[table_at : table_at + 6]],
    )


def _is_heading(line: str) -> bool:
    return 2 <= len(line.split()) <= 8 and re.search(r"[.:;,!?)|\]]$|^[-(]", line) is None


def _is_paragraph(line: str) -> bool:
    return 40 <= len(line.split()) <= 110 and line.endswith(".") and " | " not in line


def page_html(src: Source) -> str:
    """Three printed pages: headings, paragraphs and lists; two columns; a captioned table."""
    e = html.escape
    heads, paras, items = src.headings, src.paragraphs, src.items
    rows = "".join("<tr>" + "".join(f"<td>{e(c)}</td>" for c in r) + "</tr>" for r in src.rows)
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>{e(src.title)}</title><style>
@page {{ size: A4; margin: 2cm;
  @top-left {{ content: "{RUNNING_HEADER}"; font-size: 8pt; }}
  @bottom-center {{ content: counter(page); font-size: 9pt; }} }}
body {{ font-family: serif; font-size: 11pt; }} nav {{ display: none; }}
.two {{ column-count: 2; column-gap: 2em; text-align: justify; }}
.two p:first-child {{ break-after: column; }}
.page {{ break-before: page; }}
table {{ border-collapse: collapse; }} td {{ border: 1px solid black; padding: 2pt; }}
</style></head><body>
<nav><a href="#a">Home</a> <a href="#b">Contact</a></nav>
<h1>{e(src.title)}</h1>
<h2>{e(heads[0])}</h2><p>{e(paras[0])}</p><p>{e(paras[1])}</p>
<ul>{"".join(f"<li>{e(i)}</li>" for i in items[:2])}</ul>
<ol>{"".join(f"<li>{e(i)}</li>" for i in items[2:4])}</ol>
<section class="page"><h2>{e(heads[1])}</h2>
<div class="two"><p>{e(paras[2])}</p><p>{e(paras[3])}</p></div></section>
<section class="page"><h2>{e(heads[2])}</h2>
<table><caption>{e(src.caption)}</caption>{rows}</table><p>{e(paras[4])}</p></section>
</body></html>"""


@pytest.fixture(scope="session")
def html_page(source: Source) -> bytes:
    return page_html(source).encode("utf-8")


@pytest.fixture(scope="session")
def pdf_file(html_page: bytes, tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not CHROMIUM.exists():
        pytest.skip(f"Chromium is not installed ({CHROMIUM}); the project's test set-up adds it")
    work = tmp_path_factory.mktemp("print")
    page, out = work / "page.html", work / "page.pdf"
    page.write_bytes(html_page)
    command = [str(CHROMIUM), *CHROMIUM_FLAGS, f"--user-data-dir={work / 'profile'}",
               f"--print-to-pdf={out}", page.as_uri()]  # fmt: skip
    subprocess.run(command, capture_output=True, timeout=120, check=False)
    if not out.is_file():
        pytest.fail(f"Chromium did not print {page}")
    return out


@pytest.fixture(scope="session")
def docx_bytes(source: Source) -> bytes:
    document = docx.Document()
    document.core_properties.title = source.title
    document.add_heading(source.title, 0)
    document.add_heading(source.headings[0], 1)
    for paragraph in source.paragraphs[:2]:
        document.add_paragraph(paragraph)
    for item in source.items[:2]:
        document.add_paragraph(item, style="List Bullet")
    for item in source.items[2:4]:
        document.add_paragraph(item, style="List Number")
    document.add_heading(source.headings[1], 2)
    document.add_paragraph(source.caption, style="Caption")
    table = document.add_table(rows=len(source.rows), cols=len(source.rows[0]))
    for row, cells in zip(table.rows, source.rows, strict=True):
        for cell, text in zip(row.cells, cells, strict=False):
            cell.text = text
    document.add_paragraph(source.paragraphs[2])
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
