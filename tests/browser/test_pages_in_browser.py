"""The pages in a real browser: Debian's headless Chromium driven through chromedriver, against
the production server (``s3kg serve`` as it runs in production) over the real build on 127.0.0.1.

Each test also checks that the page loaded nothing from anywhere but this server and logged
no error in the console.  One screenshot per page goes to ``$S3KG_SCREENSHOTS`` (default: a
temporary folder, printed with ``-s``).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from s3kg.config import Release
from web.test_real_clients import Server, start_server, stop_server

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
ID = "https://w3id.org/s3kg/id/"
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--window-size=1280,1400",
)
PICK = """PREFIX s3kg: <https://w3id.org/s3kg/ontology#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX oa: <http://www.w3.org/ns/oa#>
SELECT ?s ?label ?exact WHERE {
  ?s a s3kg:Cluster ; rdfs:label ?label . ?a rdf:subject ?s ; s3kg:evidence ?span .
  ?span oa:hasSelector ?q . ?q a oa:TextQuoteSelector ; oa:exact ?exact .
} ORDER BY STRLEN(?exact) ?s LIMIT 1"""
COUNT = """SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {
  ?s a/<http://www.w3.org/2000/01/rdf-schema#subClassOf>*
     <https://w3id.org/s3kg/ontology#Cluster> }"""


@pytest.fixture(scope="module")
def webdriver_module() -> Any:
    if not (CHROMIUM.is_file() and CHROMEDRIVER.is_file()):
        pytest.skip(
            "Chromium is not installed (/usr/bin/chromium, /usr/bin/chromedriver): "
            "scripts/setup-test-tools.sh installs it as root with apt-get"
        )
    return pytest.importorskip("selenium.webdriver", reason="selenium is not installed")


@pytest.fixture(scope="module")
def server(built_release: Release) -> Iterator[Server]:
    running = start_server(built_release.store_dir)
    yield running
    stop_server(running)


@pytest.fixture(scope="module")
def browser(webdriver_module: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    options = webdriver_module.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in (*FLAGS, f"--user-data-dir={tmp_path_factory.mktemp('chromium')}"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    service = webdriver_module.ChromeService(executable_path=str(CHROMEDRIVER))
    driver = webdriver_module.Chrome(service=service, options=options)
    driver.set_page_load_timeout(30)
    yield driver
    driver.quit()


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = Path(os.environ.get("S3KG_SCREENSHOTS") or tmp_path_factory.mktemp("screenshots"))
    folder.mkdir(parents=True, exist_ok=True)
    print(f"\nscreenshots in {folder}")
    return folder


@pytest.fixture(scope="module")
def sample(built_store: Any) -> dict[str, str]:
    rows = list(built_store.query(PICK, use_default_graph_as_union=True))
    assert rows, "the build has no cluster with provenance"
    return {name: str(rows[0][name].value) for name in ("s", "label", "exact")}


def visit(browser: Any, server: Server, path: str) -> None:
    browser.get_log("performance")
    browser.get_log("browser")
    browser.get(server.url + path)


def wait_for(browser: Any, css: str, timeout: float = 20) -> Any:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(browser, timeout).until(
        ec.visibility_of_element_located((By.CSS_SELECTOR, css))
    )


def check_nothing_foreign(browser: Any, server: Server) -> None:
    """Every network request went to this server, and the console shows no error."""
    requested = set()
    for entry in browser.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            requested.add(message["params"]["request"]["url"])
    foreign = sorted(
        u
        for u in requested
        if u.startswith(("http:", "https:", "ws:", "wss:")) and not u.startswith(server.url + "/")
    )
    assert not foreign, f"the page fetched from elsewhere: {foreign}"
    errors = [e["message"] for e in browser.get_log("browser") if e["level"] == "SEVERE"]
    assert not errors, errors


def test_home_page_shows_the_counts(
    browser: Any, server: Server, shots: Path, built_store: Any
) -> None:
    visit(browser, server, "/")
    count = wait_for(browser, '.count[data-name="clusters"]')
    expected = int(next(iter(built_store.query(COUNT, use_default_graph_as_union=True)))[0].value)
    assert int(count.text.replace(",", "")) == expected > 0
    assert "Source documents" in browser.page_source
    browser.save_screenshot(str(shots / "home.png"))
    check_nothing_foreign(browser, server)


def test_entity_page_shows_facts_and_their_text_spans(
    browser: Any, server: Server, shots: Path, sample: dict[str, str]
) -> None:
    from selenium.webdriver.common.by import By

    visit(browser, server, "/id/" + sample["s"][len(ID) :])
    heading = wait_for(browser, "main h1")
    assert heading.text == sample["label"]
    quotes = [q.text for q in browser.find_elements(By.CSS_SELECTOR, "blockquote.evidence q")]
    assert " ".join(sample["exact"].split()) in [" ".join(q.split()) for q in quotes]
    assert browser.find_elements(By.CSS_SELECTOR, "table.facts th")
    assert wait_for(browser, "svg.neighbourhood").size["height"] > 100
    browser.save_screenshot(str(shots / "entity.png"))
    check_nothing_foreign(browser, server)


def test_query_editor_runs_a_query_end_to_end(
    browser: Any, server: Server, shots: Path, sample: dict[str, str]
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    visit(browser, server, "/query")
    wait_for(browser, ".CodeMirror")
    query = (
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
        f"SELECT ?label WHERE {{ <{sample['s']}> rdfs:label ?label }}"
    )
    browser.execute_script(
        "document.querySelector('.CodeMirror').CodeMirror.setValue(arguments[0]);", query
    )
    browser.find_element(By.CSS_SELECTOR, ".yasqe_queryButton").click()

    def result_cells(driver: Any) -> list[str]:
        cells = driver.find_elements(By.CSS_SELECTOR, ".yasr table tbody td")
        return [c.text for c in cells]

    WebDriverWait(browser, 20).until(lambda d: any(sample["label"] in c for c in result_cells(d)))
    browser.save_screenshot(str(shots / "query.png"))
    check_nothing_foreign(browser, server)


def test_report_page_renders(
    browser: Any, server: Server, shots: Path, built_release: Release
) -> None:
    visit(browser, server, "/report")
    assert wait_for(browser, "main h1").text == "Validation and completeness"
    assert built_release.build_id in browser.page_source
    browser.save_screenshot(str(shots / "report.png"))
    check_nothing_foreign(browser, server)
