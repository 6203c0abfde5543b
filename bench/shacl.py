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
forms Oxigraph does not pre-bind as SHACL says. In batches, once a constraint's query has
run for one focus node, the batch's other focus nodes are answered by one query, `SELECT * {
VALUES ?this {...} LATERAL { the constraint's SELECT } }`, which Oxigraph evaluates once per
node with `?this` injected as its substitution does for one node (`s3kg.validate.lateral`).
Only these forms take that way (a constraint's own single SELECT after PREFIX lines, `$this`
the one pre-bound variable, no `?failure`, IRI focus nodes; none with `$this` in BOUND() or
an assignment); they are compared node by node, rows and counts, on every constraint of the
W3C SHACL-SPARQL suite and of s3kg's shapes (tests/validate/test_lateral.py). pySHACL still
decides what is asked and what each answer means. It passes 118 of the 120 approved W3C
SHACL tests through `s3kg validate`, as plain pySHACL, in each of three ways: the whole
graph, in batches, and with one focus node per batch (tests/w3c/test_shacl_suite.py).

**Two ways to hold the data.** Up to an estimated 4 GiB (`S3KG_VALIDATE_MEMORY_MIB`) the
data graph is held whole: rdflib's memory store for the Core constraints and an in-memory
Oxigraph copy for the SPARQL ones, the shapes shared out between two forked processes.
Beyond, `s3kg validate` works in batches (`s3kg.validate.batches`): the files are streamed
into an Oxigraph store on disk; the focus nodes of every shape are found there and cut into
batches of 20,000 (`S3KG_VALIDATE_BATCH`); for each batch pySHACL checks the same shapes,
their targets replaced by the batch's nodes (`sh:targetNode`), on a small rdflib graph that
holds only what those checks read (in rdflib's simple memory store, as the shapes graph: no
graphs kept per triple), gathered along each shape's structure (paths, nested shapes,
`sh:class` types, compared properties, closed shapes: `s3kg.validate.reach`), while the
SPARQL constraints query the whole store. Batches go to two processes that open the store
read-only. Oxigraph stores typed literals in canonical form (`"7"^^xsd:int` comes back as
`"7"^^xsd:integer`, and s3kg's own `xsd:nonNegativeInteger` positions as `xsd:integer`), so
what the files wrote is kept aside while loading (per predicate where one derived type
covers all its integers, per triple otherwise) and the subgraphs get the literals as
written. A constraint whose query rdflib must answer (a pre-bound variable in `BOUND()` or
an assignment, `BIND` or `(… AS ?v)`) sends the validation back to the whole graph. The same
results as the whole graph: the findings of the 10^6 graph are identical both ways (96,230
results, the same digest), as are those of every shape's fixture and of the W3C suite.

**Engines tried before (issue 15's table, November 2026):** pyshacl-turbo 0.6.5 (same
results, 296 s at 10^6 flattened, > 900 s with named graphs, very young), TopQuadrant SHACL
1.5 (accepts SPARQL the spec forbids; Java ≥ 21), pyrudof 0.3 (ignores SPARQL-based
components); pySHACL over an Oxigraph-backed rdflib store (oxrdflib 0.5: the Core
constraints' millions of `triples()` calls, each converting terms, did not finish 10^5 in 15
minutes). None gives pySHACL's results faster.

**At 10^6 (the table, at d188761, December 5):** the whole graph in memory 38 s, in batches
44 s with a quarter of the memory, the same 96,230 results both ways. On December 4: 46 s
(44-50 s over four runs) and 65 s (65-73 s); the whole graph gained from pySHACL's text
report left out, the batches from the changes below. Before that (and with the same
findings, by digest, as before it): what took the whole graph from 66-86 s to 44-50 s
(December 4) was mostly Python's cyclic garbage collector: with a million triples in memory,
every full pass of the collector walks every term and index entry, and allocation anywhere
triggers passes. Reading the file took 17.5 s with the collector and 11.0 s without; copying
the 1,362 shape triples to find the targets took 3.4 s with the data graph in the
collector's reach and 0.03 s out of it; each process's pySHACL run spent 2.5 s of its 37 s
in full passes. Reading now runs with the collector paused and pySHACL with young
collections only (rdflib's own SPARQL engine, where a query needs it, leaves cycles that
must still be freed), and the data graph is frozen out of the collector's reach
(`gc.freeze`) while the shapes are shared out and checked, so that no child's collector
writes to those objects either (`s3kg.heap`; reference counts still do, and the peak memory
is unchanged). Also, rdflib's `Graph.query` copied about 30 bound prefixes for each focus
node's query and Oxigraph converted each: only the prefixes the text can name are passed now
(`s3kg.validate.prefixes`, a sixth of a query's cost), and a quad without blank nodes goes
to Oxigraph as parsed. That day: reading 10 s, sharing out the shapes 0.3 s, the two shares
34-37 s side by side, 38-40 s with their reports packed and merged. The heaviest root shapes
remain `SpecificResourceShape`, `OntologyAxiomShape` and `FactProvenanceShape` (22, 16 and
15 s alone before the change). In batches on December 4 (102 s the day before): loading 8.7
s, the literals' second pass and the focus nodes 4.3 s, then 11 batches of about 10 s in two
processes.

- **Where the time goes in batches** (10^6, one process, 20,000 focus nodes a batch,
  profiled at d188761): pySHACL 45 % (its Core constraints and its results; the SPARQL
  constraints, now answered at once, 13 % of the batch), gathering the subgraph
  (`s3kg.validate.reach`, one store lookup per node and path step) 17 %, packing the report
  and reading the findings out of it 10 %, freeing the batch's objects 6 %. A batch of the
  10^6 graph took 8.8-9.2 s in one process at the start of December 5 and 5.2-5.5 s after:
  the subgraph in rdflib's simple memory store rather than its context-aware one (no graphs
  kept per triple; 8-13 % less), the shapes graph and its 20,000 `sh:targetNode` triples
  there too, added straight to the store (10 %), pySHACL no longer writing for every result
  a paragraph of its text report, which s3kg never reads (`s3kg.validate.patches`, 7 %), and
  the SPARQL constraints answered for the batch at once (22 %). The 10^6 findings of those
  batches hash the same before and after each change.
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
- **Where the time goes at 10^7** (the table's run at 821ba0c: 552 s, and 512 s at d188761
  an hour before with the same batches for s3kg's shapes: runs on this machine vary by 5-10
  %; the same 1,032,022 results; 789 s at 2c42933, 1,115 s at 395bc8b). A run at da80052
  (before the shapes graph's change), timed by its progress messages outside the benchmark,
  took 535 s: reading the files into the store 83 s, the literals' second pass and the focus
  nodes 36 s, the 110 batches 403 s (about 7.2 s each in each of the two processes, 9.3 s
  the day before and 10 s at 3723e0e), reading the results back and ordering them 13 s. The
  store and the batches' results take 3.1 GB of disk in `var/tmp` (removed at the end).
- **Reading the files** is Python work per quad (blank nodes kept apart per file, literals
  checked against Oxigraph's canonical forms), and s3kg's graphs need a second pass
  (`rdf:object` of reified statements has integers of two types, and the ontology a `+00:00`
  time zone that Oxigraph writes `Z`). The second pass now passes over the quads of other
  predicates first (1.8 s to 1.05 s at 10^6), and finds the blank nodes Oxigraph's parser
  names itself: `[]` and list nodes get random names on each reading, so the second reading
  of a Turtle file found none of them, and an anonymous node's `"5"^^xsd:nonNegativeInteger`
  reached the batches as `xsd:integer` where its predicate also had plain integers (now
  named by their order of first appearance, the same on every reading; regression case in
  tests/validate/test_batches.py). A first attempt asked Oxigraph for canonical forms
  through one subject of a scratch store and never finished loading 10^7 (each question
  scanned the versions of all earlier ones).
- **What is left:** both targets are met (10^6 in 38 s held whole, 44 s in batches; 10^7 in
  8.5-9.2 min in batches over two runs). The batches remain most of the time at 10^7:
  pySHACL's Python per focus node and per result, and the subgraph's one store lookup per
  node and path step. Next would be the subgraph read for many nodes in one store call, and
  the whole-graph path's SPARQL constraints answered at once as in batches (its focus nodes
  are pySHACL's to find there). More processes (`--jobs`) help the batches directly on more
  cores: they share only the read-only store.
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
