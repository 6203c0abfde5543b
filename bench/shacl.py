"""SHACL benchmark: ``s3kg validate`` (and plain pySHACL) on synthetic graphs of 10^5-10^7 quads.

The data are the real graph plus synthetic clusters, organisations, memberships, figures and
provenance (``s3kg.store.synthetic``, seed 1, as ``bench/run.py``), validated against
``shapes/*.ttl``. Each engine runs in its own process, stopped after ``--timeout``; the figures
are wall-clock seconds, the peak memory of the largest process and of all of them, and the load
average before and after (the machine is shared: read ratios rather than absolutes). Writes
docs/shacl-benchmark.md.

    .venv/bin/python bench/shacl.py --sizes 1e5,1e6,1e7 [--engines s3kg,s3kg-batches,pyshacl]
"""

from __future__ import annotations

import argparse
import json
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from s3kg.config import Settings
from s3kg.store.synthetic import generate

ROOT = Path(__file__).resolve().parents[1]

# Each engine validates sys.argv[1] and prints its result count; the wrapper adds the figures.
ENGINES = {
    "s3kg": (
        "from s3kg.config import Settings; from s3kg.validate.shared import validate_paths; "
        "result = validate_paths([DATA], Settings()); count = len(result.findings)"
    ),
    "s3kg-batches": (  # batches of focus nodes whatever the size (`s3kg validate --batch`)
        "from s3kg.config import Settings; from s3kg.validate.shared import validate_paths; "
        "result = validate_paths([DATA], Settings(validate_memory_mib=0)); "
        "count = len(result.findings)"
    ),
    "pyshacl": (  # the reference: plain pySHACL over an rdflib Dataset of the same graphs
        "import pyshacl; from rdflib import Dataset; from pathlib import Path; "
        "from s3kg.config import Settings; from s3kg.validate import shacl; "
        "from s3kg.vocab.rdf import load_graphs, load_shapes; "
        "settings = Settings(); shapes = load_shapes(shacl.shape_files(settings)); "
        "graphs = load_graphs([Path(DATA)]); "
        "[graphs.pop(name, None) for name in shacl.SKIPPED_GRAPHS]; "
        "from rdflib import Graph; from rdflib.namespace import OWL, RDF; "
        "from s3kg.vocab.namespaces import ONTOLOGY_IRI, Graphs; "
        "None if any((ONTOLOGY_IRI, RDF.type, OWL.Ontology) in g for g in graphs.values()) "
        "else graphs.setdefault(Graphs.ONTOLOGY, Graph().parse(settings.ontology_file)); "
        "data = Dataset(default_union=True); "
        "[data.addN((s, p, o, data.graph(n)) for s, p, o in g) for n, g in graphs.items()]; "
        "_, report, _ = pyshacl.validate(data, shacl_graph=shapes, inplace=True); "
        "count = len(set(report.objects(None, pyshacl.consts.SH_result)))"
    ),
}
WRAPPER = """
import json, resource, sys, time
DATA = sys.argv[1]
started = time.perf_counter()
{code}
print(json.dumps({{"seconds": time.perf_counter() - started, "results": count,
    "peak_mib": max(resource.getrusage(who).ru_maxrss for who in
                    (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)) / 1024}}))
"""


ANALYSIS = """\
`s3kg` is `s3kg validate` as it is: the whole graph in memory up to an estimated 4 GiB, in
batches beyond (10^7 here). `s3kg-batches` forces batches (`--batch 20000`) on every size.

## The engine, and where the time goes

One engine: pySHACL (the reference implementation, maintained since 2018), for every shape,
Core and SHACL-SPARQL; its per-focus-node SPARQL queries are answered by Oxigraph with
`$this` substituted (`s3kg.validate.engine`), falling back to rdflib's engine for the two
forms Oxigraph does not pre-bind as SHACL says. It passes 118 of the 120 approved W3C SHACL
tests through `s3kg validate`, as plain pySHACL, in each of three ways: the whole graph, in
batches, and with one focus node per batch (tests/w3c/test_shacl_suite.py).

**Two ways to hold the data.** Up to an estimated 4 GiB (`S3KG_VALIDATE_MEMORY_MIB`) the
data graph is held whole: rdflib's memory store for the Core constraints and an in-memory
Oxigraph copy for the SPARQL ones, the shapes shared out between two forked processes.
Beyond, `s3kg validate` works in batches (`s3kg.validate.batches`): the files are streamed
into an Oxigraph store on disk; the focus nodes of every shape are found there and cut into
batches of 20,000 (`S3KG_VALIDATE_BATCH`); for each batch pySHACL checks the same shapes,
their targets replaced by the batch's nodes (`sh:targetNode`), on a small rdflib graph that
holds only what those checks read, gathered along each shape's structure (paths, nested
shapes, `sh:class` types, compared properties, closed shapes: `s3kg.validate.reach`), while
the SPARQL constraints query the whole store. Batches go to two processes that open the
store read-only. Oxigraph stores typed literals in canonical form (`"7"^^xsd:int` comes back
as `"7"^^xsd:integer`, and s3kg's own `xsd:nonNegativeInteger` positions as `xsd:integer`),
so what the files wrote is kept aside while loading (per predicate where one derived type
covers all its integers, per triple otherwise) and the subgraphs get the literals as
written. A constraint whose query rdflib must answer (a pre-bound variable in
`BOUND()`/`BIND`) sends the validation back to the whole graph. The same results as the
whole graph: the findings of the 10^6 graph are identical both ways (96,230 results, the
same digest), as are those of every shape's fixture and of the W3C suite.

**Engines tried before (issue 15's table, November 2026):** pyshacl-turbo 0.6.5 (same
results, 296 s at 10^6 flattened, > 900 s with named graphs, very young), TopQuadrant SHACL
1.5 (accepts SPARQL the spec forbids; Java ≥ 21), pyrudof 0.3 (ignores SPARQL-based
components); pySHACL over an Oxigraph-backed rdflib store (oxrdflib 0.5: the Core
constraints' millions of `triples()` calls, each converting terms, did not finish 10^5 in 15
minutes). None gives pySHACL's results faster.

**At 10^6 (the table):** the whole graph in memory 46 s (44-50 s over four runs that day),
in batches 65 s (65-73 s) with a quarter of the memory, the same 96,230 results both ways
(and the same findings, by digest, as before the change below). What took the whole graph
from 66-86 s to 44-50 s (December 2026) was mostly Python's cyclic garbage collector: with a
million triples in memory, every full pass of the collector walks every term and index
entry, and allocation anywhere triggers passes. Reading the file took 17.5 s with the
collector and 11.0 s without; copying the 1,362 shape triples to find the targets took 3.4 s
with the data graph in the collector's reach and 0.03 s out of it; each process's pySHACL
run spent 2.5 s of its 37 s in full passes. Reading now runs with the collector paused and
pySHACL with young collections only (rdflib's own SPARQL engine, where a query needs it,
leaves cycles that must still be freed), and the data graph is frozen out of the collector's
reach (`gc.freeze`) while the shapes are shared out and checked, so that no child's
collector writes to those objects either (`s3kg.heap`; reference counts still do, and the
peak memory is unchanged). Also, rdflib's `Graph.query` copied about 30 bound prefixes for
each focus node's query and Oxigraph converted each: only the prefixes the text can name are
passed now (`s3kg.validate.prefixes`, a sixth of a query's cost), and a quad without blank
nodes goes to Oxigraph as parsed. Now: reading 10 s, sharing out the shapes 0.3 s, the two
shares 34-37 s side by side, 38-40 s with their reports packed and merged. The heaviest root
shapes remain `SpecificResourceShape`, `OntologyAxiomShape` and `FactProvenanceShape` (22,
16 and 15 s alone before the change). In batches (102 s before): loading 8.7 s, the
literals' second pass and the focus nodes 4.3 s, then 11 batches of about 10 s in two
processes.

- **Where the time goes in batches** (10^6, one batch of 20,000 provenance assertions,
  profiled before the collector's change): pySHACL half (its SPARQL queries a third of that,
  on the disk store 30-50 % slower than in memory), gathering the subgraph 15 %, adding it
  to rdflib's memory store 25 % (15-20 µs a triple), the rest building results. A batch took
  10-50 s in one process at 10^6 and 10^7 alike with the nodes in the order of their IRIs,
  10-20 s spread out: the time grows with the focus nodes.
- **Memory at 10^7** (the table; 1,255 MiB in the largest process and 1,730 MiB over all at
  395bc8b, 5,227 MiB before the results went to disk). Measured per batch in December 2026:
  the data never took more than 1-1.4 GiB a process; what filled the memory was results.
  With the focus nodes in the order of their IRIs, the nodes of one kind came together, and
  one batch of 20,000 faulty nodes had 150,000 results, a pySHACL report of 1.7 million
  triples and a 3.1 GiB process; in the order of a stable hash every batch gets its share of
  them. The results no longer go from child to parent as objects: each process writes each
  batch's report (compressed) and findings to its own file beside the store, and the parent
  reads them back once every batch is done, after dropping the focus nodes' list (2.2
  million nodes at 10^7, a term and a bit mask each; 627 MiB with the store's caches once
  found). With the million findings read back (their repeated values shared) the parent
  ended at 994 MiB.
- **Where the time goes at 10^7** (sampled by progress messages at 3723e0e, a run of 712 s
  outside the benchmark): reading the files into the store 88 s, the second pass for the
  literals and finding the focus nodes 41 s, the 110 batches 553 s (about 10 s each in each
  of the two processes), reading the results back and ordering them 16 s. At 395bc8b, before
  the collector's changes: reading about 110 s, the second pass 25 s, the focus nodes 85 s,
  the batches 10-20 s each. What changed: the collector paused while the files are read and
  the focus nodes found, the focus nodes frozen out of its reach while the batches run, each
  target found once rather than once per shape (224 target declarations name 80 targets),
  and the cheaper queries. The table's run took 789 s (834 s at 9ed97fc, 1,115 s at 395bc8b;
  the same 1,032,022 results each time). The store and the batches' results take 3.1 GB of
  disk in `var/tmp` (removed at the end).
- **Reading the files** is Python work per quad (blank nodes kept apart per file, literals
  checked against Oxigraph's canonical forms), and s3kg's graphs need a second pass
  (`rdf:object` of reified statements has integers of two types, and the ontology a `+00:00`
  time zone that Oxigraph writes `Z`): about 2.3 of the 18.6 minutes at 10^7 at 395bc8b. A
  first attempt asked Oxigraph for canonical forms through one subject of a scratch store
  and never finished loading 10^7 (each question scanned the versions of all earlier ones).
- **What is left:** 10^6 is under 60 s now (44-50 s). 10^7 in under 10 minutes needs 2-3
  minutes off, nearly all in the batches, which are pySHACL's Python per focus node plus one
  Oxigraph query per node and SPARQL constraint (in a batch at 10^6 profiled after the
  collector's change, 45 % of pySHACL's time is in those queries, on the disk store 30-50 %
  slower than in memory): the Core constraints in a compiled engine whose results match
  pySHACL's on our fixtures and on the W3C suite (none did in November 2026), or SPARQL
  constraints evaluated for a batch of focus nodes at once, which SHACL's pre-binding does
  not define (the removed batched rewrite got it wrong). More processes (`--jobs`) help the
  batches directly on more cores: they share only the read-only store.
"""


def load_average() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def tree_pss_mib(pid: int) -> float:
    """The memory of a process and all its descendants, in MiB: the sum of their proportional
    set sizes (a page shared by forked processes counts once in all, not once in each)."""
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        try:
            rollup = Path(f"/proc/{current}/smaps_rollup").read_text()
            total += int(rollup.split("\nPss:")[1].split()[0]) if "\nPss:" in rollup else 0
            for task in Path(f"/proc/{current}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, IndexError, ValueError):  # the process ended meanwhile
            continue
    return total / 1024


def measure(engine: str, data: Path, timeout: float) -> dict[str, Any]:
    """Run one engine on the data in its own process; its figures, and the peak of the memory
    of all its processes together (sampled every half second)."""
    before = load_average()
    script = WRAPPER.format(code=ENGINES[engine])
    command = [sys.executable, "-c", script, str(data)]
    started, total = time.monotonic(), 0.0
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:  # no pipe to fill
        with subprocess.Popen(command, stdout=out, stderr=err) as run:
            while run.poll() is None and time.monotonic() - started < timeout:
                total = max(total, tree_pss_mib(run.pid))
                time.sleep(0.5)
            if run.poll() is None:
                run.kill()
        out.seek(0)
        err.seek(0)
        printed, complaint = out.read().decode(), err.read().decode()
    figures: dict[str, Any] = {"seconds": None}
    if run.returncode == 0:
        figures = {**json.loads(printed.strip().splitlines()[-1]), "total_mib": total}
    elif time.monotonic() - started < timeout:
        print(f"  {engine} failed: {complaint[-800:]}", file=sys.stderr)
    return {"engine": engine, "load_before": before, "load_after": load_average(), **figures}


def markdown(rows: list[dict[str, Any]], command: str, timeout: float) -> str:
    lines = [
        "# SHACL benchmark",
        "",
        f"{command} on {platform.machine()}, {len(__import__('os').sched_getaffinity(0))} "
        f"cores, Python {platform.python_version()}; one run each. Targets (issue 15): 10^6 "
        "in < 60 s, 10^7 in < 10 min with < 4 GiB.",
        "",
        "| quads | engine | seconds | peak memory: largest process | all processes | results "
        "| load average before → after |",
        "|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        seconds = f"{row['seconds']:.1f}" if row.get("seconds") else f"> {timeout:.0f} (stopped)"
        memory = f"{row['peak_mib']:,.0f} MiB" if row.get("peak_mib") else "—"
        total = f"{row['total_mib']:,.0f} MiB" if row.get("total_mib") else "—"
        lines.append(
            f"| {row['quads']:,} | {row['engine']} | {seconds} | {memory} | {total} | "
            f"{row.get('results', '—')} | {row['load_before']} → {row['load_after']} |"
        )
    return "\n".join([*lines, "", ANALYSIS])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1e5,1e6")
    parser.add_argument("--engines", default="s3kg,pyshacl")
    parser.add_argument("--timeout", type=float, default=900.0)
    parser.add_argument("--base", type=Path, default=Settings().graph_file)
    parser.add_argument("--work", type=Path, default=Path("/tmp/s3kg-bench"))
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "shacl-benchmark.md")
    parser.add_argument("--append", action="store_true",
                        help="keep the other sizes and engines of the last run (its .json)")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    saved = args.out.with_suffix(".json")
    rows = json.loads(saved.read_text()) if args.append and saved.is_file() else []
    for size in (int(float(s)) for s in args.sizes.split(",")):
        data = args.work / f"shacl-{size}.nq"
        with data.open("wb") as out:  # the same seed and size give the same bytes
            quads = generate(size, out, seed=1, base=args.base)
        for engine in args.engines.split(","):
            rows = [r for r in rows if (r["quads"], r["engine"]) != (quads, engine)]
            rows.append({"quads": quads, **measure(engine, data, args.timeout)})
            print(rows[-1], file=sys.stderr)
            rows[-1]["command"] = " ".join(["python bench/shacl.py", *sys.argv[1:]])
    rows.sort(key=lambda r: (r["quads"], list(ENGINES).index(r["engine"])))
    commands = dict.fromkeys(f"`{r.get('command', '')}`" for r in rows)
    text = markdown(rows, " and ".join(commands), args.timeout)
    args.out.write_text(text, encoding="utf-8")
    saved.write_text(json.dumps(rows, indent=1) + "\n", encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
