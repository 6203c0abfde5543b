"""Per-document fragments of the graph, cached by content.

Most of a large library's graph belongs to one document each: the located parts of a
document (corpus graph) and the entity mentions found in it (mentions graph). A fragment
depends only on the document's key, IRI and text, on the code that made it and, for
mentions, on the gazetteer, so its cache key is a digest of exactly these. A rebuild after
adding one document makes that document's fragments and reads every other one back as
canonical N-Quads lines, never turning them into rdflib graphs again. The entailments of the
reasoner are cached the same way, keyed by the ontology and the facts.

Validation follows the same cut. A fragment's subjects are its document's parts, which no
other fragment describes, and its only links out point at its document's node, which the
build validates every time. So a fragment that was part of a build that passed the shapes is
marked as such (for those shapes and that ontology) and is not validated again; the facts,
provenance, document nodes, references, imports and metadata are validated on every build.
``s3kg build --no-cache`` ignores the cache; ``s3kg validate`` always checks the whole graph.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, URIRef

import s3kg
from s3kg.build.parallel import Fill, make_all


@dataclass
class Fragment:
    kind: str
    key: str
    name: URIRef  # the named graph the fragment belongs to
    nquads: bytes  # canonical N-Quads lines
    graph: Graph | None = None  # made by this build; None when read from the cache
    validated: bool = False

    def count(self, needle: bytes) -> int:
        """How many of the fragment's quads contain ``needle`` (e.g. a type triple's middle)."""
        return self.nquads.count(needle)


class FragmentCache:
    """Fragments on disk in ``folder`` (``None``: nothing is cached, everything is made)."""

    def __init__(
        self, folder: Path | None, salt: str, validation_salt: str = "", workers: int = 1
    ):
        self.folder = folder
        self.salt = salt
        self.validation_salt = validation_salt
        self.workers = workers  # processes that make fragments side by side
        self.used: set[str] = set()

    def make(self, kind: str, name: URIRef, inputs: Sequence[str], fill: Fill) -> Fragment:
        """The fragment of ``kind`` for ``inputs``: from the cache, or made by ``fill``."""
        return self.make_all(kind, name, [(inputs, fill)])[0]

    def make_all(
        self,
        kind: str,
        name: URIRef,
        jobs: Sequence[tuple[Sequence[str], Fill]],
        report: Callable[[int, int], None] = lambda _done, _total: None,
    ) -> list[Fragment]:
        """The fragments for several ``(inputs, fill)``: those not cached are made on up to
        ``workers`` cores; ``report`` hears how many of how many were made so far."""
        keys = [digest(self.salt, kind, *inputs) for inputs, _ in jobs]
        self.used.update(keys)
        cached = [self._read(f"{key}.nq") for key in keys]
        missing = [i for i, nquads in enumerate(cached) if nquads is None]
        made = make_all(name, [jobs[i][1] for i in missing], self.workers,
                        lambda done: report(done, len(missing)))  # fmt: skip
        fragments = [
            Fragment(kind, key, name, nquads, None, self._is_validated(key))
            for key, nquads in zip(keys, cached, strict=True) if nquads is not None
        ]  # fmt: skip
        for i, (nquads, graph) in zip(missing, made, strict=True):
            fragments.insert(i, Fragment(kind, keys[i], name, nquads, graph))
            self._write(f"{keys[i]}.nq", nquads)
        return fragments

    def read_fragment(self, key: str) -> bytes | None:
        """A fragment this cache holds, by key (an earlier build's, until pruned)."""
        return self._read(f"{key}.nq")

    def mark_validated(self, fragments: Iterable[Fragment]) -> None:
        for fragment in fragments:
            self._write(self._validated_name(fragment.key), b"")

    def prune(self) -> None:
        """Forget fragments this build did not use (removed or changed documents, old code)."""
        if self.folder is None or not self.folder.is_dir():
            return
        for path in self.folder.iterdir():
            if path.name.split(".", 1)[0].split("-", 1)[0] not in self.used:
                path.unlink(missing_ok=True)

    def _is_validated(self, key: str) -> bool:
        return self._read(self._validated_name(key)) is not None

    def _validated_name(self, key: str) -> str:
        return f"{key}-{digest(self.validation_salt)[:16]}.valid"

    def _read(self, name: str) -> bytes | None:
        if self.folder is None:
            return None
        try:
            return (self.folder / name).read_bytes()
        except OSError:
            return None

    def _write(self, name: str, data: bytes) -> None:
        """Write atomically: a killed build leaves no half-written fragment behind."""
        if self.folder is None:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        tmp = self.folder / f".{name}.{os.getpid()}"
        tmp.write_bytes(data)
        os.replace(tmp, self.folder / name)


def digest(*parts: str) -> str:
    hasher = hashlib.sha256()
    for part in parts:
        hasher.update(part.encode("utf-8"))
        hasher.update(b"\0")
    return hasher.hexdigest()[:40]


def code_digest() -> str:
    """A digest of the package's own source: new code never reads an old code's fragments."""
    root = Path(s3kg.__file__).resolve().parent
    hasher = hashlib.sha256(s3kg.__version__.encode())
    for path in sorted(root.rglob("*.py")):
        hasher.update(str(path.relative_to(root)).encode())
        hasher.update(path.read_bytes())
    return hasher.hexdigest()[:40]


def files_digest(paths: Iterable[Path]) -> str:
    """A digest of files' names and contents (the shapes and the ontology a fragment passed)."""
    hasher = hashlib.sha256()
    for path in sorted(paths):
        hasher.update(path.name.encode())
        hasher.update(path.read_bytes())
    return hasher.hexdigest()[:40]
