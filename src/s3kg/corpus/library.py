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

import hashlib
import json
import os
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from s3kg.corpus.convert import FORMATS, Converted, convert_bytes
from s3kg.corpus.reader import Document, load_document, slugify
from s3kg.errors import InputError

MANIFEST = "library.json"
FIRST_KEY = 201
Progress = Callable[[str], None]


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


@dataclass(frozen=True)
class Added:
    entry: Entry
    status: str  # "added", "new version" or "unchanged"


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


def _entry(item: dict[str, Any]) -> Entry:
    pages = tuple((int(a), int(b)) for a, b in item.get("pages") or ())
    return Entry(**{**item, "pages": pages})


def add_paths(folder: Path, paths: Iterable[Path], reserved: set[str],
              progress: Progress = lambda _: None) -> list[Added]:
    """Add the files (and the supported files in the folders) of ``paths`` to the library."""
    library = open_library(folder)
    files = _expand(paths)
    if not files:
        raise InputError("no document to add: give .txt, .md, .html, .pdf or .docx files")
    plans: list[tuple[Entry, str | None]] = []
    results: list[Added] = []
    for path in files:
        progress(f"reading {path.name}")
        added = _plan(library, path, reserved | {e.key for e, _ in plans})
        results.append(added[0])
        if added[1] is not None:
            plans.append((added[0].entry, added[1]))
            library.entries.append(added[0].entry)
    if plans:
        _write(folder, library, plans)
    return results


def _expand(paths: Iterable[Path]) -> list[Path]:
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files += sorted(p for p in path.rglob("*") if p.suffix.lower() in FORMATS
                            and p.is_file() and not p.name.startswith("."))
        elif path.is_file():
            files.append(path)
        else:
            raise InputError(f"{path}: no such file or folder")
    return files


def _plan(library: Library, path: Path, reserved: set[str]) -> tuple[Added, str | None]:
    """What adding ``path`` means: an existing entry (no text to write) or a new one."""
    try:
        data = path.read_bytes()
    except OSError as err:
        raise InputError(f"{path}: cannot read: {err.strerror}") from err
    digest = hashlib.sha256(data).hexdigest()
    same = next((e for e in library.entries if e.source_sha256 == digest), None)
    if same is not None:
        return Added(same, "unchanged"), None
    converted = convert_bytes(data, path.suffix.lower(), path.name)
    origin = str(path.resolve())
    previous = [e for e in library.current() if e.origin == origin]
    key = _next_key({e.key for e in library.entries} | reserved)
    entry = _new_entry(key, path, digest, converted, origin, previous[-1].key if previous else None)
    return Added(entry, "new version" if previous else "added"), converted.text


def _new_entry(key: str, path: Path, digest: str, converted: Converted, origin: str,
               replaces: str | None) -> Entry:
    title = (converted.title or converted.text.split("\n", 1)[0]).strip()[:300]
    slug = _short_slug(title)
    text = converted.text if converted.text.endswith("\n") else converted.text + "\n"
    return Entry(key=key, title=title, file=path.name, media_type=converted.media_type,
                 source_sha256=digest, text_sha256=hashlib.sha256(text.encode()).hexdigest(),
                 text_file=f"{key}_{slug}.txt", origin=origin, pages=converted.pages,
                 replaces=replaces)


def _short_slug(title: str, limit: int = 48) -> str:
    """The title's slug, cut at a word boundary: the document's IRI and text file name."""
    words: list[str] = []
    for word in slugify(title).split("-"):
        if words and len("-".join([*words, word])) > limit:
            break
        words.append(word)
    return "-".join(words)[:limit] or "document"


def _next_key(used: set[str]) -> str:
    numbers = [int(k) for k in used if k.isdigit()]
    key = max([FIRST_KEY - 1, *numbers]) + 1
    return f"{key:03d}"


def _write(folder: Path, library: Library, plans: list[tuple[Entry, str | None]]) -> None:
    """Texts first, then the manifest in one rename: a crash leaves the old manifest."""
    folder.mkdir(parents=True, exist_ok=True)
    for entry, text in plans:
        body = text if text is not None and text.endswith("\n") else f"{text}\n"
        _atomic_write(folder / entry.text_file, body.encode("utf-8"))
    manifest = {"documents": [asdict(e) for e in library.entries]}
    data = json.dumps(manifest, indent=2, ensure_ascii=False) + "\n"
    _atomic_write(folder / MANIFEST, data.encode("utf-8"))


def _atomic_write(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def load_library(library: Library) -> tuple[list[Document], list[tuple[str, str]]]:
    """The current documents, read and analysed; those that cannot be read are skipped with
    the reason, so that one bad document never stops a build."""
    docs: list[Document] = []
    skipped: list[tuple[str, str]] = []
    for entry in library.current():
        try:
            docs.append(_load_entry(library.folder, entry))
        except InputError as err:
            skipped.append((entry.file, str(err)))
        except Exception as err:  # a reader bug on odd text must not stop the build
            skipped.append((entry.file, f"could not be analysed ({type(err).__name__}: {err})"))
    return docs, skipped


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
        try:
            doc = load_document(path)
        except InputError as err:
            skipped.append((path.name, str(err)))
            continue
        except Exception as err:  # a reader bug on odd text must not stop the build
            skipped.append((path.name, f"could not be analysed ({type(err).__name__}: {err})"))
            continue
        if any(d.key == doc.key for d in docs):
            skipped.append((path.name, f"another document already has the key {doc.key}"))
        else:
            docs.append(doc)
    return docs, skipped
