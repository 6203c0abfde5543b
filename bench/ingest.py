"""Benchmark: add 100 documents of about 5,000 words, build, then add one more and rebuild.

The documents are made at run time from the texts of ``../shared/corpus-extra`` (paragraphs
taken in turn from all of them until a document has the words it needs), so nothing of them
is stored here. Prints the figures and writes them to ``docs/ingest-benchmark.md``.

    .venv/bin/python bench/ingest.py [--documents 100] [--words 5000] [--no-reason]
"""

from __future__ import annotations

import argparse
import itertools
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXTRA = ROOT.parent / "shared" / "corpus-extra"
S3KG = Path(sys.executable).with_name("s3kg")


def make_documents(folder: Path, count: int, words: int) -> list[Path]:
    """``count`` documents of about ``words`` words each, with headings, lists and tables."""
    sources = [p.read_text(encoding="utf-8").splitlines()[1:] for p in
               sorted(EXTRA.glob("[0-9]*.txt"))]
    lines = itertools.cycle([line for text in zip(*sources, strict=False) for line in text])
    paths = []
    for number in range(1, count + 1):
        body, total = [f"Regional innovation document {number}"], 0
        while total < words:
            line = next(lines)
            body.append(line)
            total += len(line.split())
        path = folder / f"document {number}.txt"
        path.write_text("\n".join(body) + "\n", encoding="utf-8")
        paths.append(path)
    return paths


class StageTimer:
    """Seconds between the build's progress messages: where a build spends its time."""

    def __init__(self) -> None:
        self.last = time.perf_counter()
        self.step = "start"
        self.stages: list[tuple[str, float]] = []

    def __call__(self, message: str) -> None:
        if message.endswith("documents made"):  # progress within a stage
            return
        now = time.perf_counter()
        self.stages.append((self.step, now - self.last))
        self.step, self.last = message.split(":")[0], now


def run(count: int, words: int, reason: bool) -> tuple[list[tuple[str, float]],
                                                      list[StageTimer], int]:  # fmt: skip
    """Each step as a user runs it: ``s3kg add`` and ``s3kg build``, each a new process."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        inbox = root / "inbox"
        inbox.mkdir()
        paths = make_documents(inbox, count + 1, words)
        env = {**{k: v for k, v in os.environ.items() if k != "CI"},  # CI silences progress
               "S3KG_VAR": str(root / "var"), "S3KG_LIBRARY": str(root / "library")}
        figures, timers = [], []
        started = time.perf_counter()
        _add(env, paths[:count])
        figures.append((f"s3kg add of {count} documents", time.perf_counter() - started))
        started = time.perf_counter()
        timers.append(_build(env, reason))
        figures.append(("first build", time.perf_counter() - started))
        quads = sum(1 for _ in (root / "var" / "current" / "s3kg.nq").open("rb"))
        started = time.perf_counter()
        _add(env, paths[count:])
        timers.append(_build(env, reason))
        figures.append(("s3kg add of one more document, then s3kg build",
                        time.perf_counter() - started))
    return figures, timers, quads


def _add(env: dict[str, str], paths: list[Path]) -> None:
    subprocess.run([str(S3KG), "add", "-q", *map(str, paths)], env=env, check=True,
                   capture_output=True)


def _build(env: dict[str, str], reason: bool) -> StageTimer:
    timer = StageTimer()
    build = subprocess.Popen([str(S3KG), "build", *([] if reason else ["--no-reason"])],
                             env=env, stderr=subprocess.PIPE, text=True)
    assert build.stderr is not None
    for line in build.stderr:
        if line.startswith("s3kg build: "):
            timer(line[len("s3kg build: "):].strip())
    if build.wait() != 0:
        raise SystemExit("a build failed")
    timer("done")
    return timer


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--documents", type=int, default=100)
    parser.add_argument("--words", type=int, default=5000)
    parser.add_argument("--no-reason", action="store_true")
    args = parser.parse_args()
    figures, timers, quads = run(args.documents, args.words, not args.no_reason)
    lines = [
        "# Ingest benchmark",
        "",
        f"`python bench/ingest.py --documents {args.documents} --words {args.words}"
        f"{' --no-reason' if args.no_reason else ''}` on {platform.machine()}, "
        f"{os.cpu_count()} cores, Python {platform.python_version()}; one run, seconds. "
        f"The graph of the first build has {quads:,} quads.",
        "",
        "| step | seconds |",
        "|---|---|",
        *(f"| {name} | {seconds:.1f} |" for name, seconds in figures),
        "",
        "Where the builds spend their time (each stage ends at the next progress message; "
        "the rest of a step is starting Python and `s3kg add`):",
        "",
        "| stage | first build | rebuild |",
        "|---|--:|--:|",
        *(f"| {name} | {first:.1f} | {again:.1f} |" for (name, first), (_, again)
          in zip(timers[0].stages[1:], timers[1].stages[1:], strict=True)),
        "",
    ]
    text = "\n".join(lines)
    print(text)
    (ROOT / "docs" / "ingest-benchmark.md").write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
