"""What a user sees of issue 14 in headless Chromium: the map's markers, a drawn chart, a
comparison with linked cells, a parameter form that answers with a table, and the path from a
fact on an entity page to its highlighted sentence in the reader."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from browser.test_pages_in_browser import (  # noqa: F401  (fixtures used by name)
    ID,
    browser,
    check_nothing_foreign,
    sample,
    server,
    shots,
    visit,
    wait_for,
    webdriver_module,
)
from web.test_real_clients import Server


def test_the_map_shows_markers(browser: Any, server: Server, shots: Path) -> None:
    from selenium.webdriver.common.by import By

    visit(browser, server, "/map")
    wait_for(browser, ".leaflet-interactive.marker-cluster")
    clusters = browser.find_elements(By.CSS_SELECTOR, ".leaflet-interactive.marker-cluster")
    regions = browser.find_elements(By.CSS_SELECTOR, ".leaflet-interactive.marker-region")
    assert len(clusters) > 5 and regions
    assert browser.find_elements(By.CSS_SELECTOR, ".leaflet-overlay-pane path")
    browser.save_screenshot(str(shots / "map.png"))
    check_nothing_foreign(browser, server)


def test_the_figures_chart_is_drawn(browser: Any, server: Server, shots: Path) -> None:
    from selenium.webdriver.common.by import By

    visit(browser, server, "/figures")
    wait_for(browser, "#chart svg")
    bars = browser.find_elements(By.CSS_SELECTOR, "#chart svg .mark-rect path")
    assert len(bars) >= 2
    assert browser.find_element(By.CSS_SELECTOR, "#chart").get_attribute("data-drawn")
    browser.save_screenshot(str(shots / "figures.png"))
    check_nothing_foreign(browser, server)


def test_a_comparison_shows_two_columns_with_linked_cells(browser: Any, server: Server,
                                                          shots: Path) -> None:
    from selenium.webdriver.common.by import By

    visit(browser, server, f"/compare?item={ID}country/us&item={ID}country/fi")
    wait_for(browser, "table.comparison")
    heads = browser.find_elements(By.CSS_SELECTOR, "table.comparison th.item a")
    assert [h.text for h in heads] and len(heads) == 2
    cells = browser.find_elements(By.CSS_SELECTOR, "table.comparison td ul.cells a[href^='/id/']")
    evidence = browser.find_elements(By.CSS_SELECTOR, "table.comparison a.evidence-link")
    assert cells and evidence
    evidence[0].click()
    wait_for(browser, "mark.evidence:target")
    browser.save_screenshot(str(shots / "compare-evidence.png"))
    check_nothing_foreign(browser, server)


def test_a_parameter_form_submits_and_shows_a_table(browser: Any, server: Server,
                                                    shots: Path) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    visit(browser, server, "/queries/cq/CQ05_regions_with_innovative_clusters")
    choice = Select(browser.find_element(By.ID, "param-country"))
    assert len(choice.options) > 1
    choice.select_by_value(f"{ID}country/ru")
    browser.find_element(By.CSS_SELECTOR, "form.params button[type=submit]").click()
    wait_for(browser, "table.results")
    rows = browser.find_elements(By.CSS_SELECTOR, "table.results tbody tr")
    assert rows and "country=" in browser.current_url
    assert browser.find_element(By.LINK_TEXT, "Open in the editor")
    browser.save_screenshot(str(shots / "form.png"))
    check_nothing_foreign(browser, server)


def test_from_a_fact_to_its_highlighted_sentence_in_one_click(
    browser: Any, server: Server, shots: Path, sample: dict[str, str]
) -> None:
    from selenium.webdriver.common.by import By

    visit(browser, server, "/id/" + sample["s"][len(ID):])
    wait_for(browser, "a.to-text").click()
    mark = wait_for(browser, "mark.evidence:target")
    assert "#span-" in browser.current_url
    assert mark.get_attribute("id") == browser.current_url.split("#")[1]
    top = browser.execute_script("return arguments[0].getBoundingClientRect().top;", mark)
    assert -2 <= top < browser.execute_script("return window.innerHeight;")
    # and back: the passage's number leads to its facts, one of them the entity we came from
    mark.find_element(By.XPATH, "following-sibling::sup[1]/a").click()
    note = wait_for(browser, "li:target")
    assert note.find_elements(By.CSS_SELECTOR, "a[href='/id/" + sample["s"][len(ID):] + "']")
    browser.save_screenshot(str(shots / "reader.png"))
    check_nothing_foreign(browser, server)
