"""The document library: the documents a user adds with ``s3kg add``, kept as normalised text.

A library is a folder (``S3KG_LIBRARY``, default ``library/``) holding one UTF-8 text file per
document version, named ``<key>_<slug>.txt``, and ``library.json``, the manifest: for each
version its key, title, original file name and format, the SHA-256 of the original bytes and
of the text, PDF page offsets, and the key it replaces.  s3kg assigns the keys (from 201 up,
skipping keys the corpus folder uses), so any file name will do.

Adding is all or nothing: every file is converted first, and only when all of them convert
are the texts written and the manifest replaced (atomically), so a bad file leaves the library
as it was.  The same content again is a no-op; a changed file at the same path is a new
version that replaces the old one in the build (the old text stays, for the record).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field, fields, replace
from functools import partial
from pathlib import Path
from typing import Any

from s3kg.corpus.reader import KEY_RE, Document, load_document
from s3kg.errors import InputError

MANIFEST = "library.json"
_TEXTS = ("key", "title", "file", "media_type", "source_sha256", "text_sha256", "text_file")


@dataclass(frozen=True)
class Entry:
    """One version of one added document."""

    key: str
    title: str
    file: str  # the original file name
    media_type: str
    source_sha256: str  # of the original bytes
    text_sha256: str  # of the stored text
    text_file: str  # in the library folder
    origin: str = ""  # the path it was added from (a changed file there is a new version)
    pages: tuple[tuple[int, int], ...] = ()
    replaces: str | None = None


@dataclass
class Library:
    folder: Path
    entries: list[Entry] = field(default_factory=list)

    def current(self) -> list[Entry]:
        """The newest version of each document, by key."""
        replaced = {e.replaces for e in self.entries if e.replaces}
        return sorted((e for e in self.entries if e.key not in replaced), key=lambda e: e.key)


def open_library(folder: Path) -> Library:
    """The library at ``folder`` (empty when there is none yet)."""
    manifest = folder / MANIFEST
    if not manifest.is_file():
        return Library(folder)
    try:
        raw = json.loads(manifest.read_text(encoding="utf-8"))
        entries = [_entry(item) for item in raw["documents"]]
    except (OSError, ValueError, KeyError, TypeError) as err:
        raise InputError(f"{manifest}: not a document library manifest ({err})") from err
    return Library(folder, entries)


def _entry(item: Any) -> Entry:
    """One manifest item, checked: a hand-edited manifest must not reach outside the folder."""
    if not isinstance(item, dict) or set(item) - {f.name for f in fields(Entry)}:
        raise TypeError("an entry is not an object of the known fields")
    if not all(isinstance(item.get(name), str) for name in _TEXTS):
        raise TypeError(f"entry {item.get('key')!r} lacks one of {', '.join(_TEXTS)}")
    if not item["key"].isdigit() or Path(item["text_file"]).name != item["text_file"]:
        raise TypeError(f"entry {item['key']!r} has a bad key or text file name")
    pages = tuple((int(a), int(b)) for a, b in item.get("pages") or ())
    return Entry(**{**item, "pages": pages})


def reserved_keys(corpus_dir: Path) -> set[str]:
    """Keys the corpus folder's file names use, which the library must not give out."""
    return {m.group(1) for p in corpus_dir.glob("*.txt") if (m := KEY_RE.match(p.name))}


def load_library(library: Library) -> tuple[list[Document], list[tuple[str, str]]]:
    """The current documents, read and analysed; those that cannot be read are skipped with
    the reason, so that one bad document never stops a build."""
    docs: list[Document] = []
    skipped: list[tuple[str, str]] = []
    for entry in library.current():
        doc = _read_or_skip(entry.file, partial(_load_entry, library.folder, entry), skipped)
        if doc is not None:
            docs.append(doc)
    return docs, skipped


def _read_or_skip(name: str, read: Callable[[], Document],
                  skipped: list[tuple[str, str]]) -> Document | None:
    """``read()``, or None with the reason added to ``skipped``."""
    try:
        return read()
    except InputError as err:
        skipped.append((name, str(err)))
    except Exception as err:  # a reader bug on odd text must not stop the build
        skipped.append((name, f"could not be analysed ({type(err).__name__}: {err})"))
    return None


def _load_entry(folder: Path, entry: Entry) -> Document:
    path = folder / entry.text_file
    doc = load_document(path, key=entry.key)
    if doc.sha256 != entry.text_sha256:
        raise InputError(f"{path}: its text changed since it was added; add the file again")
    return _with_pages(doc, entry.pages)


def _with_pages(doc: Document, pages: tuple[tuple[int, int], ...]) -> Document:
    return replace(doc, pages=pages) if pages else doc


def read_folder(directory: Path) -> tuple[list[Document], list[tuple[str, str]]]:
    """The ``NNN_*.txt`` documents of a corpus folder; unreadable ones are skipped, with the
    reason (a curated one among them then stops the build as missing)."""
    if not directory.is_dir():
        raise InputError(f"corpus directory {directory} does not exist (set S3KG_CORPUS)")
    docs: list[Document] = []
    skipped: list[tuple[str, str]] = []
    for path in sorted(directory.glob("*.txt")):
        doc = _read_or_skip(path.name, partial(load_document, path), skipped)
        if doc is None:
            continue
        if any(d.key == doc.key for d in docs):
            skipped.append((path.name, f"another document already has the key {doc.key}"))
        else:
            docs.append(doc)
    return docs, skipped
