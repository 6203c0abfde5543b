"""Server time of the web pages over the real graph (``var/current``), cold and warm.

    PYTHONPATH=src python bench/pages.py [--repeat 5]

Each page is requested through the Flask app in this process (no network, no browser), once
cold (the first request of a release fills the per-release caches) and then ``--repeat``
times warm; the median warm time is what a reader waits for.  It prints, it asserts nothing:
the target is under 300 ms warm.
"""

from __future__ import annotations

import argparse
import statistics
import time

from s3kg.config import ServerConfig, Settings
from s3kg.web import create_app

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
    args = parser.parse_args()
    settings = Settings()
    config = ServerConfig(store_path=settings.store_dir, queries_dir=settings.queries_dir,
                          workers=2)
    app = create_app(config)
    client = app.test_client()
    print(f"{'page':<72} {'status':>6} {'cold ms':>8} {'warm ms':>8}")
    try:
        for path in PAGES:
            cold, status = timed(client, path)
            warm = statistics.median(timed(client, path)[0] for _ in range(args.repeat))
            flag = "" if warm < TARGET_MS else "  over target"
            print(f"{path[:72]:<72} {status:>6} {cold:8.0f} {warm:8.0f}{flag}")
    finally:
        app.extensions["s3kg"].close()


def timed(client: object, path: str) -> tuple[float, int]:
    start = time.perf_counter()
    response = client.get(path, headers={"Accept": "text/html"})  # type: ignore[attr-defined]
    response.get_data()
    return (time.perf_counter() - start) * 1000, int(response.status_code)


if __name__ == "__main__":
    main()
