"""Turn a private annotation scratch file into an offsets-only gold file (tests/data/gold/).

The scratch file lives OUTSIDE the repository (it holds words of the document); the gold file
written from it holds offsets, categories and our own short labels only. Scratch format, one
directive a line (``#`` starts a comment):

    document: 107_uk-dit-scotland-wales-ni.txt
    split: held-out
    all place/country: Scotland; Wales; Northern Ireland
    span figure: over 150,000 people @1 = 150000 | people | 2016 | finance sector jobs
    span factor/skills: strong skills and research base @2
    skip place: Scotland @4
    ignore after: References @1

* ``all <category>[/<kind>]: a; b`` marks every whole-word, case-sensitive occurrence of each
  string, except occurrences inside a longer name (cluster, organisation, place, sector,
  instrument) marked elsewhere in the file: names do not nest, the longest name wins.
* ``span <category>[/<kind>]: <string> [@n] [= value | unit | year | measure]`` marks the n-th
  occurrence (1-based, default 1) of the string; the ``=`` part is for figures.
  ``span figure: 60% << 60% of all firms [@n]`` marks the string where it occurs first inside
  the n-th occurrence of the longer context after ``<<`` (no need to count occurrences).
* ``skip <category>: <string> @n`` removes the annotation made at the n-th occurrence.
* ``ignore after: <string> @n`` drops every annotation from that occurrence on (the reference
  list, which the guidelines leave out).
* ``split: tuning`` marks a document the extractor rules may be tuned on; without it a
  document is ``held-out`` (scored, never tuned on). ``bench/extraction.py`` reports the two
  apart.

Usage::

    python bench/gold_offsets.py /tmp/gold-scratch/107.txt [--corpus DIR] [--out DIR]
    python bench/gold_offsets.py --show 107 "2 hours" [--corpus DIR]   # occurrences, to stdout
"""

from __future__ import annotations

import argparse
import itertools
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from s3kg.config import Settings
from s3kg.corpus.reader import Document, load_document
from s3kg.extract.candidate import CATEGORIES

NAMES = ("cluster", "organisation", "place", "sector", "instrument")
FIGURE_FIELDS = ("value", "unit", "year", "measure")
REPO = Path(__file__).resolve().parent.parent
GOLD_DIR = REPO / "tests" / "data" / "gold"
GUIDELINES = "docs/gold-guidelines.md"
LINE_RE = re.compile(r"^(all|span|skip|ignore)\s+([a-z]+)(?:/([a-z ]+))?:\s*(.+)$")
OCC_RE = re.compile(r"^(.*?)(?:\s+@(\d+))?$")


@dataclass
class Ann:
    category: str
    start: int
    end: int
    kind: str | None = None
    values: dict[str, str] = field(default_factory=dict)
    explicit: bool = True


def occurrences(text: str, needle: str) -> list[int]:
    """Start offsets of every whole-word occurrence of ``needle`` in ``text``; a space of the
    needle also matches a no-break space (the Wikipedia texts have them between numbers and
    units)."""
    body = re.escape(needle).replace("\\ ", "[ \u00a0\u202f]")
    pattern = re.compile(r"(?<!\w)" + body + r"(?!\w)")
    return [m.start() for m in pattern.finditer(text)]


def _nth(text: str, needle: str, n: int, where: str) -> int:
    found = occurrences(text, needle)
    if not 1 <= n <= len(found):
        raise ValueError(f"{where}: {needle!r} occurs {len(found)} times, not {n}")
    return found[n - 1]


def _within(text: str, start: int, context: str, needle: str, where: str) -> int:
    """Where ``needle`` first occurs (as whole words) inside the context found at ``start``."""
    inside = occurrences(text[start : start + len(context)], needle)
    if not inside:
        raise ValueError(f"{where}: {needle!r} is not inside {context!r}")
    return start + inside[0]


def _parse_values(spec: str, where: str) -> dict[str, str]:
    parts = [p.strip() for p in spec.split("|")]
    if len(parts) != len(FIGURE_FIELDS):
        raise ValueError(f"{where}: figure values need {len(FIGURE_FIELDS)} fields")
    return {k: v for k, v in zip(FIGURE_FIELDS, parts, strict=True) if v}


def parse(scratch: str, text: str) -> tuple[list[Ann], list[tuple[str, int]]]:
    """The annotations (``all`` ones flagged ``explicit=False``) and the skips of a file."""
    anns: list[Ann] = []
    skips: list[tuple[str, int]] = []
    for number, raw in enumerate(scratch.splitlines(), start=1):
        line = raw.split(" #", 1)[0].strip()
        if not line or line.startswith("#") or line.startswith(("document:", "split:")):
            continue
        where = f"line {number}"
        match = LINE_RE.match(line)
        if match is None or match.group(2) not in (*CATEGORIES, "after"):
            raise ValueError(f"{where}: cannot read {line!r}")
        verb, category, kind, rest = match.groups()
        if verb == "all":
            for needle in (s.strip() for s in rest.split(";") if s.strip()):
                if not occurrences(text, needle):
                    raise ValueError(f"{where}: {needle!r} is not in the document")
                anns += [Ann(category, s, s + len(needle), kind, explicit=False)
                         for s in occurrences(text, needle)]  # fmt: skip
            continue
        body, _, value_spec = rest.partition(" = ")
        body, _, context = body.partition(" << ")
        occ = OCC_RE.match((context or body).strip())
        assert occ is not None
        needle, n = occ.group(1), int(occ.group(2) or 1)
        start = _nth(text, needle, n, where)
        if context:
            start, needle = _within(text, start, needle, body.strip(), where), body.strip()
        if verb in ("skip", "ignore"):
            skips.append(("*" if verb == "ignore" else category, start))
            continue
        values = _parse_values(value_spec, where) if value_spec else {}
        anns.append(Ann(category, start, start + len(needle), kind, values))
    return anns, skips


def resolve(anns: list[Ann], skips: list[tuple[str, int]]) -> list[Ann]:
    """Drop skipped annotations, ``all`` names nested in longer names, and duplicates."""
    names = [a for a in anns if a.category in NAMES]
    kept: dict[tuple[str, int, int], Ann] = {}
    cutoff = min((start for category, start in skips if category == "*"), default=None)
    for ann in anns:
        if (ann.category, ann.start) in skips or (cutoff is not None and ann.start >= cutoff):
            continue
        if (
            not ann.explicit
            and ann.category in NAMES
            and any(
                o.start <= ann.start and ann.end <= o.end and o.end - o.start > ann.end - ann.start
                for o in names
            )
        ):
            continue
        key = (ann.category, ann.start, ann.end)
        if key not in kept or ann.explicit:
            kept[key] = ann
    return sorted(kept.values(), key=lambda a: (a.start, a.end, a.category))


def check(anns: list[Ann], text: str) -> None:
    """Every span is inside the text, trimmed, and no two of a category overlap."""
    by_category: dict[str, list[Ann]] = {}
    for ann in anns:
        span = text[ann.start : ann.end]
        if not 0 <= ann.start < ann.end <= len(text) or span != span.strip():
            raise ValueError(f"bad span {ann.category} {ann.start}:{ann.end}")
        by_category.setdefault(ann.category, []).append(ann)
    for category, group in by_category.items():
        for a, b in itertools.pairwise(group):
            if b.start < a.end:
                raise ValueError(f"{category} spans overlap at {a.start}:{a.end} / {b.start}")


def gold_record(doc: Document, anns: list[Ann], split: str = "held-out") -> dict[str, object]:
    """The gold file's content: offsets and our own labels, never document text."""
    out: list[dict[str, object]] = []
    for ann in anns:
        item: dict[str, object] = {"category": ann.category, "start": ann.start, "end": ann.end}
        if ann.kind:
            item["kind"] = ann.kind
        if ann.values:
            item["values"] = ann.values
        out.append(item)
    return {"document": doc.path.name, "sha256": doc.sha256, "split": split,
            "guidelines": GUIDELINES, "annotations": out}  # fmt: skip


def find_document(corpus: Path, prefix: str) -> Path:
    paths = sorted(corpus.glob(f"{prefix}*.txt"))
    if len(paths) != 1:
        raise SystemExit(f"{prefix!r} names {len(paths)} documents of {corpus}")
    return paths[0]


def convert(scratch_path: Path, corpus: Path, out_dir: Path) -> Path:
    scratch = scratch_path.read_text(encoding="utf-8")
    name = re.search(r"^document:\s*(\S+)", scratch, re.M)
    if name is None:
        raise SystemExit(f"{scratch_path}: no 'document:' line")
    split = re.search(r"^split:\s*(held-out|tuning)\s*$", scratch, re.M)
    doc = load_document(corpus / name.group(1), key=name.group(1)[:3])
    anns, skips = parse(scratch, doc.text)
    anns = resolve(anns, skips)
    check(anns, doc.text)
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / f"{doc.path.stem}.json"
    record = gold_record(doc, anns, split.group(1) if split else "held-out")
    text = json.dumps(record, indent=1, ensure_ascii=False)
    target.write_text(text + "\n", encoding="utf-8")
    return target


def show(corpus: Path, prefix: str, needle: str) -> None:
    text = load_document(find_document(corpus, prefix), key=prefix[:3]).text
    for n, start in enumerate(occurrences(text, needle), start=1):
        context = text[max(0, start - 40) : start + len(needle) + 40].replace("\n", " ")
        print(f"@{n} {start}: …{context}…")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("scratch", nargs="*", type=Path)
    parser.add_argument("--show", nargs=2, metavar=("DOC", "STRING"))
    extra = Settings().corpus_dir.parent / "corpus-extra"
    parser.add_argument("--corpus", type=Path, default=extra)
    parser.add_argument("--out", type=Path, default=GOLD_DIR)
    args = parser.parse_args(argv)
    if args.show:
        show(args.corpus, *args.show)
        return 0
    for path in args.scratch:
        target = convert(path, args.corpus, args.out)
        count = len(json.loads(target.read_text(encoding="utf-8"))["annotations"])
        print(f"{target}: {count} annotations")
    return 0


if __name__ == "__main__":
    sys.exit(main())
