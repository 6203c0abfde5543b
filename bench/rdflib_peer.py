"""rdflib, the usual Python choice, as a peer: in memory, or behind rdflib-endpoint.

``python bench/rdflib_peer.py serve DATA.nq PORT``: load the N-Quads into an rdflib Dataset
(union default graph) and serve it with rdflib-endpoint under uvicorn on 127.0.0.1.

``python bench/rdflib_peer.py direct DATA.nq QUERIES.json TIMEOUT REPEAT``: load, then time
each query in memory (``Dataset.query``), printing JSON ``{"load_s":…, "times": {name: […]}}``
(``null`` for a query stopped after TIMEOUT seconds; rdflib is pure Python, so an alarm
signal interrupts it), and ``"errors"``: the queries rdflib failed on, with its message.
"""

from __future__ import annotations

import json
import signal
import sys
import time
from pathlib import Path
from typing import Any

from rdflib import Dataset


class _TimeoutError(BaseException):  # not caught by an ``except Exception`` inside rdflib
    pass


def _load(path: str) -> tuple[Dataset, float]:
    started = time.perf_counter()
    dataset = Dataset(default_union=True)
    dataset.parse(path, format="nquads")
    return dataset, time.perf_counter() - started


def _alarm(_signum: int, _frame: Any) -> None:
    raise _TimeoutError


def direct(path: str, queries_file: str, timeout: float, repeat: int) -> None:
    dataset, load_s = _load(path)
    queries: dict[str, str] = json.loads(Path(queries_file).read_text())
    times: dict[str, list[float] | None] = {}
    errors: dict[str, str] = {}
    signal.signal(signal.SIGALRM, _alarm)
    for name, text in queries.items():
        runs: list[float] = []
        try:
            for _ in range(repeat + 1):  # the first run warms up
                signal.setitimer(signal.ITIMER_REAL, timeout)
                started = time.perf_counter()
                list(dataset.query(text))
                runs.append(time.perf_counter() - started)
                signal.setitimer(signal.ITIMER_REAL, 0)
                if sum(runs) > timeout:
                    break
            times[name] = runs[1:] or runs
        except _TimeoutError:
            times[name] = None
        except Exception as err:  # an rdflib bug on a valid query: not a time, not a timeout
            signal.setitimer(signal.ITIMER_REAL, 0)
            errors[name] = f"{type(err).__name__}: {err}"
    print(json.dumps({"load_s": load_s, "triples": len(dataset), "times": times,
                      "errors": errors}))


def serve(path: str, port: int) -> None:
    import uvicorn
    from rdflib_endpoint import SparqlEndpoint

    dataset, _ = _load(path)
    app = SparqlEndpoint(graph=dataset, path="/sparql", public_url=f"http://127.0.0.1:{port}/")
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning")


if __name__ == "__main__":
    if sys.argv[1] == "serve":
        serve(sys.argv[2], int(sys.argv[3]))
    else:
        direct(sys.argv[2], sys.argv[3], float(sys.argv[4]), int(sys.argv[5]))
