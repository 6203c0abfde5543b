"""Server time of the web pages over the real graph (``var/current``), cold and warm.

    PYTHONPATH=src python bench/pages.py [--repeat 5]

Each page is requested through the Flask app in this process (no network, no browser): first
as ``s3kg serve`` starts (its warm-up requests the slow per-release pages once; ``--cold``
skips it), then once (the first visit) and ``--repeat`` times more (the median is what a
reader waits for).  It prints, it asserts nothing: the target is under 300 ms; ``--write``
also writes the table to docs/pages.md.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from pathlib import Path

from s3kg.config import ServerConfig, Settings
from s3kg.web import create_app
from s3kg.web.serve import warm_in_background

ID = "https://w3id.org/s3kg/id/"
PAGES = (
    "/doc/panarina-2020",
    "/doc/panarina-2020?at=24101",
    "/doc/panarina-2020/span/24101-24162",
    "/id/cluster/kama",
    "/id/document/panarina-2020",
    "/queries",
    "/queries/cq/CQ05_regions_with_innovative_clusters",
    "/queries/cq/CQ05_regions_with_innovative_clusters?run=1",
    f"/compare?item={ID}country/us&item={ID}country/fi&item={ID}document/panarina-2020",
    f"/compare.csv?item={ID}country/us&item={ID}country/fi",
    "/browse/clusters",
    "/browse/clusters?country=country/ru&sector=sector/aerospace",
    "/browse/organisations",
    "/search?q=kaluga",
    "/api/search?q=kalu",
    "/partners",
    "/partners?topic=pharmaceutical&place=country/ru",
    "/partners?topic=aerospace&kind=company&kind=university",
    "/review",
    "/map",
    "/map/data.json",
    "/figures",
    "/figures/data.json",
    "/dataset",
    "/downloads/facts.ttl.gz",
    "/api/docs",
    "/ontology",
)
TARGET_MS = 300


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--cold", action="store_true", help="no warm-up before measuring")
    parser.add_argument("--write", action="store_true", help="also write docs/pages.md")
    args = parser.parse_args()
    settings = Settings()
    config = ServerConfig(store_path=settings.store_dir, queries_dir=settings.queries_dir,
                          workers=2)
    app = create_app(config)
    client = app.test_client()
    lines = ["| page | status | first visit ms | median ms |", "|---|---:|---:|---:|"]
    try:
        if not args.cold:
            warm_in_background(app).join()
        print(f"{'page':<72} {'status':>6} {'first ms':>8} {'median ms':>9}")
        for path in PAGES:
            first, status = timed(client, path)
            median = statistics.median(timed(client, path)[0] for _ in range(args.repeat))
            flag = "" if max(first, median) < TARGET_MS else "  over target"
            print(f"{path[:72]:<72} {status:>6} {first:8.0f} {median:9.0f}{flag}")
            lines.append(f"| `{path}` | {status} | {first:.0f} | {median:.0f} |")
    finally:
        app.extensions["s3kg"].close()
    if args.write:
        write(lines, args, settings)


def write(lines: list[str], args: argparse.Namespace, settings: Settings) -> None:
    head = [
        "# Page server times",
        "",
        f"`PYTHONPATH=src python bench/pages.py --write{' --cold' if args.cold else ''}`, "
        f"{time.strftime('%Y-%m-%d')}, on the real graph of `var/current` "
        f"({settings.store_dir.resolve().parent.name}), {os.cpu_count()} cores; Flask test "
        "client in one process (no network, no browser). First visit: the first request "
        "after the server's start-up warm-up; median: of the next "
        f"{args.repeat}. Target: under {TARGET_MS} ms.",
        "",
    ]
    out = Path(__file__).resolve().parents[1] / "docs" / "pages.md"
    out.write_text("\n".join(head + lines) + "\n", encoding="utf-8")
    print(f"written to {out}")


def timed(client: object, path: str) -> tuple[float, int]:
    start = time.perf_counter()
    response = client.get(path, headers={"Accept": "text/html"})  # type: ignore[attr-defined]
    response.get_data()
    return (time.perf_counter() - start) * 1000, int(response.status_code)


if __name__ == "__main__":
    main()
