"""Finding things without SPARQL, in a real browser (headless Chromium, the production server
over the real build): the search box's suggestions, a facet filter, and the question links
of the home page opening in the query editor that the main setup installs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from browser.test_pages_in_browser import check_nothing_foreign, visit, wait_for
from web.test_real_clients import Server

pytestmark = pytest.mark.browser
IN_KALUGA = """SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE {
  ?c a/<http://www.w3.org/2000/01/rdf-schema#subClassOf>* <https://w3id.org/s3kg/ontology#Cluster> ;
     <https://w3id.org/s3kg/ontology#locatedIn>+ <https://w3id.org/s3kg/id/region/ru-klu> }"""


def _by() -> Any:
    from selenium.webdriver.common.by import By

    return By


def _wait(driver: Any, condition: Any, timeout: float = 20) -> Any:
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, timeout).until(condition)


def test_search_box_suggests_and_opens_the_entity_page(
    browser: Any, server: Server, shots: Path
) -> None:
    from selenium.webdriver.common.keys import Keys

    by = _by()
    visit(browser, server, "/")
    box = wait_for(browser, "#site-search-q")
    box.send_keys("kalug")
    wait_for(browser, "#site-search-list li[role=option]")
    options = browser.find_elements(by.CSS_SELECTOR, "#site-search-list li[role=option]")
    texts = [o.text for o in options]
    assert any(t.startswith("Kaluga region") and "region" in t[len("Kaluga region"):]
               for t in texts), texts  # the label and its class
    assert box.get_attribute("aria-expanded") == "true"
    browser.save_screenshot(str(shots / "search-suggestions.png"))

    # Keyboard: down moves the active option, Escape closes the list.
    box.send_keys(Keys.ARROW_DOWN)
    active = box.get_attribute("aria-activedescendant")
    assert active and browser.find_element(by.ID, active).get_attribute("aria-selected") == "true"
    box.send_keys(Keys.ESCAPE)
    _wait(browser, lambda d: box.get_attribute("aria-expanded") == "false")

    # Choose "Kaluga region" with the keyboard and land on its page.
    box.send_keys(Keys.ARROW_DOWN)
    wait_for(browser, "#site-search-list li[role=option]")
    options = browser.find_elements(by.CSS_SELECTOR, "#site-search-list li[role=option]")
    position = next(i for i, o in enumerate(options) if o.text.startswith("Kaluga region"))
    for _ in range(position + 1):  # the first press activates the first option
        box.send_keys(Keys.ARROW_DOWN)
    box.send_keys(Keys.ENTER)
    _wait(browser, lambda d: d.current_url.endswith("/id/region/ru-klu"))
    assert wait_for(browser, "main h1").text == "Kaluga region"
    check_nothing_foreign(browser, server)


def test_search_results_page_from_the_box(browser: Any, server: Server) -> None:
    from selenium.webdriver.common.keys import Keys

    visit(browser, server, "/browse/clusters")
    box = wait_for(browser, "#site-search-q")
    box.send_keys("Kaluga", Keys.ENTER)  # no option chosen: the results page
    _wait(browser, lambda d: "/search?q=Kaluga" in d.current_url)
    assert "result" in wait_for(browser, "#search-count").text
    links = [a.text for a in browser.find_elements(_by().CSS_SELECTOR, "ol.results a")]
    assert "Kaluga region" in links
    check_nothing_foreign(browser, server)


def test_a_facet_narrows_the_clusters(
    browser: Any, server: Server, shots: Path, built_store: Any
) -> None:
    by = _by()
    expected = int(next(iter(built_store.query(IN_KALUGA, use_default_graph_as_union=True)))[0]
                   .value)
    visit(browser, server, "/browse/clusters")
    before = int(wait_for(browser, "#browse-count").text)
    rows_before = len(browser.find_elements(by.CSS_SELECTOR, "table.listing tbody tr"))
    facet = browser.find_element(
        by.CSS_SELECTOR, 'a[data-facet="region"][data-value="region/ru-klu"]'
    )
    shown_count = int(facet.find_element(by.XPATH, "following-sibling::span").text)
    assert shown_count == expected > 0
    facet.click()
    _wait(browser, lambda d: "region=region%2Fru-klu" in d.current_url)
    after = int(wait_for(browser, "#browse-count").text)
    assert after == expected < before
    rows = browser.find_elements(by.CSS_SELECTOR, "table.listing tbody tr")
    assert len(rows) == expected < rows_before
    assert all("Kaluga region" in r.text for r in rows)
    selected = browser.find_element(by.CSS_SELECTOR, 'a[data-value="region/ru-klu"]')
    assert selected.get_attribute("aria-current") == "true"
    browser.save_screenshot(str(shots / "browse-kaluga.png"))
    check_nothing_foreign(browser, server)


def test_home_questions_open_in_the_editor_with_results(
    browser: Any, server: Server, shots: Path
) -> None:
    by = _by()
    visit(browser, server, "/")
    question = wait_for(browser, "ol.examples li a")
    question.click()
    wait_for(browser, ".CodeMirror")  # the editor, not raw JSON
    assert "/query?query=" in browser.current_url
    _wait(browser, lambda d: d.find_elements(by.CSS_SELECTOR, ".yasr table tbody td"), 30)
    assert not browser.page_source.lstrip().startswith("{")
    browser.save_screenshot(str(shots / "question-in-editor.png"))
    check_nothing_foreign(browser, server)


def test_partner_search_by_sector_and_country(
    browser: Any, server: Server, shots: Path, built_store: Any
) -> None:
    from selenium.webdriver.support.ui import Select

    from web.test_partners import PHARMA_CLUSTERS_IN_RUSSIA

    by = _by()
    expected = {str(r[0].value) for r in built_store.query(PHARMA_CLUSTERS_IN_RUSSIA,
                                                           use_default_graph_as_union=True)}
    visit(browser, server, "/partners")
    wait_for(browser, "#partner-topic").send_keys("pharmaceutical")
    Select(browser.find_element(by.ID, "partner-place")).select_by_value("country/ru")
    browser.find_element(by.CSS_SELECTOR, "#partner-form button[type=submit]").click()
    _wait(browser, lambda d: "topic=pharmaceutical" in d.current_url)
    rows = browser.find_elements(by.CSS_SELECTOR, "#partner-clusters tr.direct td.item a")
    assert {r.get_attribute("title") for r in rows} == expected != set()
    members = browser.find_elements(by.CSS_SELECTOR, "#partner-organisations tr.direct")
    assert members and all("member of" in m.text for m in members)
    instruments = browser.find_elements(by.CSS_SELECTOR, 'ul.support[data-role="instrument"] li')
    assert instruments and all("through" in i.text for i in instruments)
    browser.save_screenshot(str(shots / "partners.png"))
    check_nothing_foreign(browser, server)
