"""Screenshots of the site's pages at desktop and phone width, with headless Chromium.

    python bench/screenshots.py                 # serve var/current, write docs/screenshots/
    python bench/screenshots.py --url http://127.0.0.1:8124 --out /tmp/shots

Regenerable: each run replaces the PNGs.  Needs /usr/bin/chromium, chromedriver, selenium,
and a built graph (``s3kg build``) when it starts its own server.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
PAGES = (
    ("home", "/"),
    ("entity", "/id/cluster/kama"),
    ("reader", "/doc/panarina-2020?at=24101#span-24101-24162"),
    ("queries", "/queries"),
    ("form", "/queries/cq/CQ05_regions_with_innovative_clusters?run=1"),
    ("search", "/search?q=kaluga"),
    ("browse", "/browse/clusters?country=country/ru"),
    ("partners", "/partners?topic=pharmaceutical&place=country/ru"),
    ("review", "/review"),
    ("compare", "/compare?item=https://w3id.org/s3kg/id/country/us"
                "&item=https://w3id.org/s3kg/id/country/fi"),
    ("map", "/map"),
    ("figures", "/figures"),
    ("dataset", "/dataset"),
    ("api", "/api/docs"),
)
SIZES = (("desktop", 1280, 900), ("phone", 390, 844))
READY = {"map": ".leaflet-interactive", "figures": "#chart svg", "api": ".swagger-ui .info"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", help="a running server (default: start one on var/current)")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    server = None if args.url else start_server(8139)
    url = args.url or "http://127.0.0.1:8139"
    try:
        shoot(url, args.out)
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)


def start_server(port: int) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    command = [sys.executable, "-m", "s3kg", "serve", "--port", str(port)]
    server = subprocess.Popen(command, cwd=ROOT, env=env)
    for _ in range(120):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=2)
            return server
        except OSError:
            time.sleep(0.5)
    server.terminate()
    raise SystemExit("the server did not start")


def shoot(url: str, out: Path) -> None:
    from selenium import webdriver

    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                 "--disable-dev-shm-usage", "--force-device-scale-factor=1"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=webdriver.ChromeService("/usr/bin/chromedriver"),
                              options=options)
    try:
        for size, width, height in SIZES:
            driver.set_window_size(width, height)
            for name, path in PAGES:
                driver.get(url + path)
                wait(driver, READY.get(name))
                target = out / f"{name}-{size}.png"
                driver.save_screenshot(str(target))
                shrink(target)
                print(f"{target.relative_to(ROOT) if target.is_relative_to(ROOT) else target}")
    finally:
        driver.quit()


def shrink(path: Path) -> None:
    """A 128-colour palette PNG: a third of the size, the same to read (when Pillow is there,
    as pdfplumber brings it)."""
    try:
        from PIL import Image
    except ImportError:
        return
    with Image.open(path) as image:
        small = image.convert("RGB").quantize(colors=128, method=Image.Quantize.MEDIANCUT)
    small.save(path, optimize=True)


def wait(driver: Any, css: str | None) -> None:
    """Until the page's picture is drawn (for pages that draw with scripts)."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    if css is not None:
        WebDriverWait(driver, 30).until(lambda d: d.find_elements(By.CSS_SELECTOR, css))
    time.sleep(0.3)  # let fonts and layout settle before the shot


if __name__ == "__main__":
    main()
