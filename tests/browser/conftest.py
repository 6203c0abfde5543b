"""The browser fixtures of test_pages_in_browser (Chromium, the production server over the
real build, the screenshot folder), for every module of this folder."""

from browser.test_pages_in_browser import browser, server, shots, webdriver_module

__all__ = ["browser", "server", "shots", "webdriver_module"]
