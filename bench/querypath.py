"""Query-path latency, s3kg serve against oxigraph serve: ``python bench/querypath.py``.

A focused companion of ``bench/run.py`` for the "typical CQ within 1.5× of oxigraph serve"
target: it makes (or reuses) a synthetic store of ``--size`` quads around the real graph
(``s3kg.store.synthetic``, seed 1, as ``bench/run.py``), starts ``s3kg serve`` and
``oxigraph serve-read-only`` on that same store folder, and sends the competency questions
(``queries/cq``, bound with their declared defaults) to every server, interleaved: in each
round every question goes to all servers one after the other, in a shuffled order and with
the servers' order rotating, so all see the same load on a shared machine.  ``--burst N``
sends each question N times in a row to one server before the next: with 1 (the default)
every request finds the server as the other servers left the machine (cold caches, the
harsher figure); with 5 the server is warm, as ``bench/run.py`` times it (a warm-up, then 5
runs in a row).

It prints each question's median on every server and the ratio to oxigraph serve, then the
median of the per-query ratios (how docs/benchmarks.md states the target), their geometric
mean, and the ratio of the medians over all questions; ``--json`` keeps the raw timings.
Questions slower than ``--slow`` seconds on their warm-up run are timed in fewer rounds
(``--budget`` seconds each), so a 10-second question does not dominate the run.

``--floor`` adds ``bench/floor.py``: the query evaluated in the HTTP server's own process,
with nothing of what ``s3kg serve`` adds (guard, limits, killable workers, negotiation), on
waitress and, where installed, on granian: how close any Python front end can come.

``--s3kg-src LABEL=PATH`` (repeatable) runs ``s3kg serve`` from other source trees as well,
side by side under the same load, e.g. the code before and after a change::

    git archive main src | tar -x -C /tmp/before
    python bench/querypath.py --s3kg-src before=/tmp/before/src --s3kg-src after=src
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import pyoxigraph as ox

sys.path.insert(0, str(Path(__file__).resolve().parent))

import peers

from s3kg.config import Settings
from s3kg.sparql.named import bind, load_queries
from s3kg.store import rewrite
from s3kg.store.synthetic import generate

OXIGRAPH = "oxigraph serve"


def competency_questions(only: str | None = None) -> dict[str, str]:
    """The CQ texts with their default parameters bound, as ``bench/run.py`` sends them."""
    cqs = {}
    for name, query in sorted(load_queries(Settings().queries_dir).items()):
        if name.startswith("cq/") and (only is None or only in name):
            cqs[name[3:]] = rewrite.bind(query.text, bind(query, {}))
    return cqs


def ensure_store(size: int, work: Path) -> Path:
    """The store of ``size`` synthetic quads under ``work``, made once and then reused."""
    store, done = work / f"store-{size}", work / f"store-{size}.done"
    if done.is_file():
        return store
    base = Settings().graph_file
    if not base.is_file():
        sys.exit(f"no built graph at {base}: run `s3kg build` first")
    work.mkdir(parents=True, exist_ok=True)
    data = work / f"data-{size}.nq"
    with data.open("wb") as out:
        quads = generate(size, out, seed=1, base=base)
    db = ox.Store(str(store))
    db.bulk_load(path=str(data), format=ox.RdfFormat.N_QUADS)
    db.flush()
    db.optimize()
    del db
    data.unlink()
    done.write_text(f"{quads}\n")
    return store


def rounds_for(warm_up: float, args: argparse.Namespace) -> int:
    """How many rounds a question is timed in: all of them unless it is slow."""
    if warm_up <= args.slow:
        return int(args.rounds)
    return max(1, min(int(args.rounds), int(args.budget / warm_up)))


def measure(servers: list[peers.Peer], cqs: dict[str, str],
            args: argparse.Namespace) -> dict[str, dict[str, list[float]]]:
    """Per server, per question: the seconds of each timed run (after one warm-up each)."""
    times: dict[str, dict[str, list[float]]] = {s.name: {n: [] for n in cqs} for s in servers}
    rounds: dict[str, int] = {}
    for name, text in cqs.items():
        warm = [peers.query(server, text, args.timeout) for server in servers]
        rounds[name] = rounds_for(max(warm), args)
    shuffle = random.Random(args.seed)
    for index in range(int(args.rounds)):
        names = [n for n in cqs if rounds[n] > index]
        shuffle.shuffle(names)
        for position, name in enumerate(names):
            turn = (index + position) % len(servers)
            for server in servers[turn:] + servers[:turn]:
                times[server.name][name] += [peers.query(server, cqs[name], args.timeout)
                                             for _ in range(args.burst)]
        print(f"  round {index + 1}/{args.rounds}: {len(names)} questions", file=sys.stderr)
    return times


def summary(times: dict[str, dict[str, list[float]]], ours: str) -> dict[str, Any]:
    """Per-question medians and ratios to oxigraph serve, and the figures over all."""
    rows = {}
    for name in times[ours]:
        mine, other = statistics.median(times[ours][name]), statistics.median(times[OXIGRAPH][name])
        rows[name] = {"s3kg_ms": mine * 1000, "oxigraph_ms": other * 1000, "ratio": mine / other,
                      "runs": len(times[ours][name])}
    ratios = [r["ratio"] for r in rows.values()]
    s3kg_median = statistics.median(r["s3kg_ms"] for r in rows.values())
    oxigraph_median = statistics.median(r["oxigraph_ms"] for r in rows.values())
    return {"queries": rows, "median_ratio": statistics.median(ratios),
            "geometric_mean_ratio": statistics.geometric_mean(ratios),
            "s3kg_median_ms": s3kg_median, "oxigraph_median_ms": oxigraph_median,
            "ratio_of_medians": s3kg_median / oxigraph_median}


def render(results: dict[str, dict[str, Any]], facts: dict[str, Any]) -> str:
    labels = list(results)
    first = results[labels[0]]["queries"]
    head = "".join(f" {label[:14]:>14} {'ratio':>7}" for label in labels)
    lines = [f"{'query':<44} {'oxigraph ms':>11}{head}"]
    for name in first:
        cells = "".join(f" {results[label]['queries'][name]['s3kg_ms']:>14.2f} "
                        f"{results[label]['queries'][name]['ratio']:>6.2f}×" for label in labels)
        lines.append(f"{name[:44]:<44} {first[name]['oxigraph_ms']:>11.2f}{cells}")
    lines.append("")
    for label, result in results.items():
        lines += [
            f"{label}: median of per-query ratios {result['median_ratio']:.2f}× "
            f"(geometric mean {result['geometric_mean_ratio']:.2f}×); median over the "
            f"questions {result['s3kg_median_ms']:.2f} ms against "
            f"{result['oxigraph_median_ms']:.2f} ms, ratio of medians "
            f"{result['ratio_of_medians']:.2f}×",
        ]
    lines.append(f"quads: {facts['quads']:,}; rounds: {facts['rounds']} x burst "
                 f"{facts['burst']}; load average at start "
                 f"{facts['load_start']}, at end {facts['load_end']}")
    return "\n".join(lines)


def _load_average() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def _variants(specs: list[str]) -> list[tuple[str, Path | None]]:
    """``LABEL=PATH`` pairs; without any, this checkout's package as ``s3kg serve``."""
    if not specs:
        return [("s3kg serve", None)]
    pairs = [spec.partition("=")[::2] for spec in specs]
    return [(f"s3kg {label}", Path(path).resolve()) for label, path in pairs]


def _floor_servers() -> list[str]:
    """waitress (s3kg serve's HTTP server), and granian, a Rust one, where installed."""
    try:
        import granian  # noqa: F401
    except ImportError:
        return ["waitress"]
    return ["waitress", "granian"]


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=float, default=1e5, help="synthetic quads (1e5, 1e6)")
    parser.add_argument("--rounds", type=int, default=15, help="timed runs per question")
    parser.add_argument("--burst", type=int, default=1,
                        help="requests in a row to one server before the next (1: every "
                             "request alternates; 5: as bench/run.py times, warm)")
    parser.add_argument("--slow", type=float, default=0.5,
                        help="seconds above which a question is timed in fewer rounds")
    parser.add_argument("--budget", type=float, default=10.0,
                        help="seconds of timed runs allowed to one slow question per server")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds per request")
    parser.add_argument("--only", help="only the questions whose name contains this")
    parser.add_argument("--workers", type=int, default=2, help="s3kg serve query workers")
    parser.add_argument("--s3kg-src", action="append", default=[], metavar="LABEL=PATH",
                        help="also run s3kg serve from this source tree (repeatable)")
    parser.add_argument("--floor", action="store_true",
                        help="also time bench/floor.py, a bare in-process query path on "
                             "waitress (and granian where installed): the least a Python "
                             "front end costs")
    parser.add_argument("--seed", type=int, default=1, help="of the shuffled order")
    parser.add_argument("--settle", type=float, default=10.0,
                        help="seconds to wait after the start (s3kg serve warms its pages)")
    parser.add_argument("--work", type=Path, default=Path("/tmp/s3kg-bench"))
    parser.add_argument("--json", type=Path, help="write the timings and summary here")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    args = parse(argv)
    store = ensure_store(int(args.size), args.work)
    cqs = competency_questions(args.only)
    load_start = _load_average()
    servers: list[peers.Peer] = []
    try:
        for label, src in _variants(args.s3kg_src):
            servers.append(peers.start_s3kg(store, workers=args.workers, src=src, name=label))
        if args.floor:
            servers += [peers.start_floor(store, server) for server in _floor_servers()]
        servers.append(peers.start_oxigraph(store))
        time.sleep(args.settle)
        times = measure(servers, cqs, args)
    finally:
        for server in servers:
            server.stop()
    results = {s.name: summary(times, s.name) for s in servers if s.name != OXIGRAPH}
    facts = {"quads": int((args.work / f"store-{int(args.size)}.done").read_text()),
             "rounds": args.rounds, "burst": args.burst, "load_start": load_start,
             "load_end": _load_average(), "started": time.strftime("%Y-%m-%d %H:%M:%S")}
    if args.json:
        args.json.write_text(json.dumps({"results": results, **facts, "times": times}, indent=1))
    print(render(results, facts))


if __name__ == "__main__":
    main()
