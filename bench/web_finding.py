"""Server time of the finding pages on the real graph: search suggestions, the search page and
the browse pages (first request of a release and later ones), through Flask's test client, so
the figures are the application's own time without the network.  Targets: suggestions < 50
ms, HTML < 300 ms.  Prints the figures; asserts nothing.

    PYTHONPATH=src .venv/bin/python bench/web_finding.py   # after `s3kg build`
"""

from __future__ import annotations

import statistics
import time

from s3kg.config import ServerConfig, Settings
from s3kg.web import browse, create_app

SUGGEST = ("k", "ka", "kal", "kalug", "Kaluga", "kaluag", "smolensk linen", "aerospace",
           "pharma", "université", "RU-KLU", "innovative territorial", "chemcolgne")
PAGES = ("/search?q=kaluga", "/search?q=cluster", "/browse/clusters",
         "/browse/clusters?region=region/ru-klu",
         "/browse/clusters?type=InnovativeTerritorialCluster&page=1",
         "/browse/organisations", "/browse/organisations?type=University&format=csv", "/")


def timed(client: object, path: str, runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        start = time.perf_counter()
        response = client.get(path)  # type: ignore[attr-defined]
        out.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (path, response.status_code)
    return out


def main() -> None:
    settings = Settings()
    app = create_app(ServerConfig(store_path=settings.store_dir, queries_dir=settings.queries_dir))
    client = app.test_client()
    try:
        browse._CACHE.clear()
        for name in ("clusters", "organisations"):
            first = timed(client, f"/browse/{name}", 1)[0]
            print(f"first /browse/{name} of a release (runs the facet query): {first:7.1f} ms")
        print(f"{'path':55} {'median':>8} {'p95':>8}  (ms, 30 runs)")
        for q in SUGGEST:
            report(f"/api/search?limit=8&q={q}", timed(client, f"/api/search?limit=8&q={q}", 30))
        for path in PAGES:
            report(path, timed(client, path, 30))
    finally:
        app.extensions["s3kg"].close()


def report(path: str, times: list[float]) -> None:
    p95 = sorted(times)[int(len(times) * 0.95) - 1]
    print(f"{path:55} {statistics.median(times):8.1f} {p95:8.1f}")


if __name__ == "__main__":
    main()
