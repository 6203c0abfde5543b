"""The s3kg benchmark: ``python bench/run.py --sizes 1e5,1e6`` rewrites docs/benchmarks.md.

For each size it generates synthetic data around the real graph (``var/current/s3kg.nq``, so
build the graph first), loads it, and measures on this machine:

- load throughput: pyoxigraph's bulk loader (what ``s3kg build`` publishes with), and
  ``s3kg load --bulk`` into an ``oxigraph serve``;
- query latency (median, p95) of the competency questions bound with their defaults, and of
  the heavier queries in ``bench/analytical/``, through ``s3kg serve`` (embedded store),
  straight to ``oxigraph serve`` on the same store, through rdflib-endpoint, and on rdflib in
  memory (the rdflib peers run a sample of the questions, each stopped after ``--timeout``);
- throughput with 1, 4 and 16 concurrent clients;
- SHACL validation time (``s3kg.validate.shacl``), and the peak memory of each server.

10^7 (``--sizes 1e7``) works but takes long (and rdflib cannot load it in 24 GiB): an option.
"""

from __future__ import annotations

import argparse
import json
import platform
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pyoxigraph as ox

sys.path.insert(0, str(Path(__file__).resolve().parent))

import peers
import report

from s3kg.config import Settings
from s3kg.sparql.named import bind, load_queries
from s3kg.store import rewrite
from s3kg.store.synthetic import generate
from s3kg.vocab.bulk import bulk_load_nquads

ROOT = Path(__file__).resolve().parents[1]


def workload(rdflib_sample: int) -> tuple[dict[str, str], dict[str, str], list[str]]:
    """The CQ texts (defaults bound), the analytical ones, and the CQ sample for rdflib."""
    cqs = {}
    for name, query in sorted(load_queries(Settings().queries_dir).items()):
        if name.startswith("cq/"):
            cqs[name[3:]] = rewrite.bind(query.text, bind(query, {}))
    heavy = {p.stem: p.read_text() for p in sorted((ROOT / "bench" / "analytical").glob("*.rq"))}
    names = list(cqs)
    step = max(1, len(names) // max(1, rdflib_sample))
    return cqs, heavy, names[::step][:rdflib_sample]


def prepare(size: int, work: Path, base: Path) -> dict[str, Any]:
    data, store = work / f"data-{size}.nq", work / f"store-{size}"
    started = time.perf_counter()
    with data.open("wb") as out:
        quads = generate(size, out, seed=1, base=base)
    result: dict[str, Any] = {"quads": quads, "generate_s": time.perf_counter() - started,
                              "data": str(data), "store": str(store)}
    shutil.rmtree(store, ignore_errors=True)
    started = time.perf_counter()
    db = ox.Store(str(store))
    bulk_load_nquads(db, data, jobs=Settings().build_jobs, scratch=work)  # as `s3kg build`
    db.flush()
    result["bulk_load_s"] = time.perf_counter() - started
    del db
    result["remote_load_s"] = remote_load(data, work / f"remote-{size}")
    return result


def remote_load(data: Path, location: Path) -> float:
    """``s3kg load --bulk`` (graph store protocol) into a fresh on-disk ``oxigraph serve``."""
    from s3kg.store.load import load

    shutil.rmtree(location, ignore_errors=True)
    port = peers.free_port()
    process = subprocess.Popen([str(peers.BIN / "oxigraph"), "serve", "--location",
                                str(location), "--bind", f"127.0.0.1:{port}"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    server = peers.wait_until_up(peers.Peer("oxigraph load target", process,
                                            f"http://127.0.0.1:{port}/query"))
    try:
        return load(data, server.url, bulk=True).seconds
    finally:
        server.stop()
        shutil.rmtree(location, ignore_errors=True)


def measure_peer(peer: peers.Peer, texts: dict[str, str], args: argparse.Namespace,
                 timeout: float) -> dict[str, list[float] | None]:
    times: dict[str, list[float] | None] = {}
    for name, text in texts.items():
        try:
            times[name] = peers.latencies(lambda q: peers.query(peer, q, timeout), text,
                                          args.repeat, timeout)
        except (OSError, RuntimeError) as err:
            print(f"  {peer.name} {name}: {err}", file=sys.stderr)
            times[name] = None
    return times


def interactive(times: dict[str, list[float] | None], sample: list[str]) -> list[str]:
    """The sampled CQs answered within a second: the mix for the throughput runs (one
    ten-second query would otherwise decide the whole number)."""
    return [n for n in sample if times.get(n) and peers.median(times[n] or []) < 1.0]


def run_size(size: int, args: argparse.Namespace, work: Path, base: Path) -> dict[str, Any]:
    print(f"== {size:,} triples", file=sys.stderr)
    result = prepare(size, work, base)
    cqs, heavy, sample = workload(args.rdflib_sample)
    texts = {**cqs, **heavy}
    result["latency"], result["throughput"], result["memory_mib"] = {}, {}, {}
    for start in (peers.start_s3kg, peers.start_oxigraph):
        peer = start(Path(result["store"]))
        try:
            print(f"  {peer.name}", file=sys.stderr)
            result["latency"][peer.name] = measure_peer(peer, texts, args, args.timeout)
            mix = result.setdefault("mix", interactive(result["latency"][peer.name], sample))
            result["throughput"][peer.name] = {
                n: peers.throughput(peer, [cqs[k] for k in mix], n, args.seconds)
                for n in (1, 4, 16)}
            result["memory_mib"][peer.name] = peer.peak_rss_mib()
        finally:
            peer.stop()
    if size <= args.rdflib_max:
        rdflib_peers(result, {n: texts[n] for n in [*sample, *heavy]}, args, work)
    result["shacl_s"] = shacl(Path(result["data"]), args.shacl_timeout)
    return result


def rdflib_peers(result: dict[str, Any], texts: dict[str, str], args: argparse.Namespace,
                 work: Path) -> None:
    queries = work / "rdflib-queries.json"
    queries.write_text(json.dumps(texts))
    print("  rdflib (in memory)", file=sys.stderr)
    direct = subprocess.run([sys.executable, str(peers.HERE / "rdflib_peer.py"), "direct",
                             result["data"], str(queries), str(args.timeout), "1"],
                            capture_output=True, text=True, check=True)
    measured = json.loads(direct.stdout)
    result["rdflib_load_s"] = measured["load_s"]
    result["latency"]["rdflib (in memory)"] = measured["times"]
    result["rdflib_errors"] = errors = measured.get("errors", {})
    for name, message in errors.items():
        print(f"  rdflib failed on {name}: {message[:200]}", file=sys.stderr)
    texts = {n: t for n, t in texts.items() if n not in errors}  # left out of rdflib's ratios
    finished = {n: t for n, t in texts.items() if measured["times"].get(n) is not None}
    print("  rdflib-endpoint", file=sys.stderr)
    peer = peers.start_rdflib_endpoint(Path(result["data"]))
    try:
        times = measure_peer(peer, finished, argparse.Namespace(repeat=1), args.timeout)
        result["latency"][peer.name] = {n: times.get(n) for n in texts}
        if result["quads"] <= 200_000:
            result["throughput"][peer.name] = {
                n: peers.throughput(peer, [texts[k] for k in result["mix"] if k in finished],
                                    n, args.seconds) for n in (1, 4)}
        result["memory_mib"][peer.name] = peer.peak_rss_mib()
    finally:
        peer.stop()


def shacl(data: Path, timeout: float) -> float | None:
    """Seconds ``s3kg validate`` takes on ``data`` (None: not done within ``timeout``)."""
    code = ("import sys; from pathlib import Path; from s3kg.config import Settings; "
            "from s3kg.validate.shared import validate_paths; "
            "r = validate_paths([sys.argv[1]], Settings()); print(r.conforms)")
    started = time.perf_counter()
    try:
        subprocess.run([sys.executable, "-c", code, str(data)], check=True, timeout=timeout,
                       capture_output=True)
    except subprocess.TimeoutExpired:
        return None
    except subprocess.CalledProcessError as err:
        print(f"  SHACL failed: {err.stderr[-500:]}", file=sys.stderr)
        return None
    return time.perf_counter() - started


def shacl_again(args: argparse.Namespace) -> None:
    """After a change to validation only: the SHACL column measured again on the same data,
    with the machine's state then; the other figures keep their run's."""
    path = args.work / "results.json"
    results = json.loads(path.read_text())
    results["shacl_machine"] = machine()
    for size in results["sizes"]:
        seconds = shacl(Path(size["data"]), args.shacl_timeout)
        print(f"{size['quads']:,} quads: SHACL {seconds} s", file=sys.stderr)
        if seconds is None:  # failed or timed out: keep the earlier figure, say so
            sys.exit("SHACL did not finish; results.json and the report are left as they were")
        size["shacl_s"] = seconds
    path.write_text(json.dumps(results, indent=1))
    args.out.write_text(report.markdown(results))


def machine() -> dict[str, str]:
    cpu = next((line.split(":", 1)[1].strip() for line in
                Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("model name")),
               platform.processor())
    memory = Path("/proc/meminfo").read_text().splitlines()[0].split()[1]
    load = Path("/proc/loadavg").read_text().split()[:3]
    return {"cpu": cpu, "cores": str(len(__import__("os").sched_getaffinity(0))),
            "memory": f"{int(memory) / 1024 / 1024:.1f} GiB", "load": " ".join(load),
            "python": platform.python_version(), "os": platform.platform(),
            "pyoxigraph": ox.__version__}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1e5,1e6", help="comma-separated triple counts")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per query")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds per query")
    parser.add_argument("--seconds", type=float, default=8.0, help="per throughput level")
    parser.add_argument("--rdflib-sample", type=int, default=10, help="CQs rdflib runs")
    parser.add_argument("--rdflib-max", type=float, default=1e6, help="largest size for rdflib")
    parser.add_argument("--shacl-timeout", type=float, default=900.0)
    parser.add_argument("--work", type=Path, default=Path("/tmp/s3kg-bench"))
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "benchmarks.md")
    parser.add_argument("--shacl-only", action="store_true",
                        help="time SHACL again on the data of WORK/results.json, keep the rest")
    args = parser.parse_args(argv)
    if args.shacl_only:
        shacl_again(args)
        return
    base = Settings().graph_file
    if not base.is_file():
        sys.exit(f"no built graph at {base}: run `s3kg build` first")
    args.work.mkdir(parents=True, exist_ok=True)
    results = {"machine": machine(), "command": " ".join(["python bench/run.py", *sys.argv[1:]]),
               "timeout": args.timeout,
               "sizes": [run_size(int(float(s)), args, args.work, base)
                         for s in args.sizes.split(",")]}
    (args.work / "results.json").write_text(json.dumps(results, indent=1))
    text = report.markdown(results)
    args.out.write_text(text)
    print(text)


if __name__ == "__main__":
    main()
