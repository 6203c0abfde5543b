"""``s3kg add``: putting files into the document library, all or nothing.

Every file is read and converted first, with no lock held (converting a PDF takes a while).
Then, holding the library's lock, the manifest is read afresh, keys are given out and
versions decided against what is there *now* (another ``s3kg add`` may have finished in the
meantime), the texts are written and the manifest is replaced in one rename.  A file that
cannot be converted stops the whole add before anything is written.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager
from dataclasses import asdict, dataclass
from pathlib import Path

from s3kg.corpus.convert import FORMATS, Converted, convert_bytes
from s3kg.corpus.library import MANIFEST, Entry, Library, open_library
from s3kg.corpus.reader import slugify
from s3kg.errors import InputError
from s3kg.files import locked

FIRST_KEY = 201
_SKIPPED_FOLDERS = {"node_modules", "__pycache__"}
Progress = Callable[[str], None]


@dataclass(frozen=True)
class Added:
    entry: Entry
    status: str  # "added", "new version" or "unchanged"
    given: str = ""  # the file name as given (an unchanged one may be stored under another)


@dataclass(frozen=True)
class _Input:
    path: Path
    data: bytes
    digest: str


def add_paths(folder: Path, paths: Iterable[Path], reserved: set[str],
              progress: Progress = lambda _: None) -> list[Added]:
    """Add the files (and the supported files in the folders) of ``paths`` to the library."""
    inputs = [_read(path, progress) for path in _expand(paths, folder)]
    if not inputs:
        raise InputError("no document to add: give .txt, .md, .html, .pdf or .docx files")
    snapshot = {e.source_sha256 for e in open_library(folder).current()}
    converted = {i.digest: _convert(i) for i in inputs if i.digest not in snapshot}
    with _locked(folder):
        library = open_library(folder)
        results, texts = [], []
        for item in inputs:
            added, text = _plan(library, item, converted, reserved)
            results.append(added)
            if text is not None:
                library.entries.append(added.entry)
                texts.append((added.entry, text))
        if texts:
            _write(folder, library, texts)
    return results


def _expand(paths: Iterable[Path], library: Path) -> list[Path]:
    """The files of ``paths``; in folders, the supported files outside hidden folders,
    ``node_modules`` and the library itself."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files += sorted(p for p in path.rglob("*") if p.suffix.lower() in FORMATS
                            and p.is_file() and not _ignored(p.relative_to(path), p, library))
        elif path.is_file():
            files.append(path)
        else:
            raise InputError(f"{path}: no such file or folder")
    return files


def _ignored(relative: Path, path: Path, library: Path) -> bool:
    hidden = any(part.startswith(".") or part in _SKIPPED_FOLDERS for part in relative.parts)
    return hidden or path.resolve().is_relative_to(library.resolve())


def _read(path: Path, progress: Progress) -> _Input:
    progress(f"reading {path.name}")
    try:
        data = path.read_bytes()
    except OSError as err:
        raise InputError(f"{path}: cannot read: {err.strerror}") from err
    return _Input(path, data, hashlib.sha256(data).hexdigest())


def _convert(item: _Input) -> Converted:
    return convert_bytes(item.data, item.path.suffix.lower(), item.path.name)


def _plan(library: Library, item: _Input, converted: dict[str, Converted],
          reserved: set[str]) -> tuple[Added, str | None]:
    """An existing entry for the same content (no text to write), or a new entry."""
    current = library.current()
    kept = next((e for e in current if e.source_sha256 == item.digest), None)
    if kept is not None:
        return Added(kept, "unchanged", item.path.name), None
    result = converted.get(item.digest) or _convert(item)
    origin = str(item.path.resolve())
    same = next((e for e in library.entries if e.source_sha256 == item.digest), None)
    # A file reverted to an older content is a new version too: the graph follows the file.
    previous = [e for e in current if e.origin == origin] or (
        [_latest(library, same)] if same is not None else [])
    key = _next_key({e.key for e in library.entries} | reserved)
    entry = _new_entry(key, item, result, origin, previous[-1].key if previous else None)
    return Added(entry, "new version" if previous else "added", item.path.name), result.text


def _latest(library: Library, entry: Entry) -> Entry:
    """The current version of the document ``entry`` is a version of."""
    by_replaced = {e.replaces: e for e in library.entries if e.replaces}
    while entry.key in by_replaced:
        entry = by_replaced[entry.key]
    return entry


def _new_entry(key: str, item: _Input, converted: Converted, origin: str,
               replaces: str | None) -> Entry:
    title = (converted.title or converted.text.split("\n", 1)[0]).strip()[:300]
    text = _with_newline(converted.text)
    return Entry(key=key, title=title, file=item.path.name, media_type=converted.media_type,
                 source_sha256=item.digest,
                 text_sha256=hashlib.sha256(text.encode()).hexdigest(),
                 text_file=f"{key}_{_short_slug(title)}.txt", origin=origin,
                 pages=converted.pages, replaces=replaces)


def _with_newline(text: str) -> str:
    return text if text.endswith("\n") else text + "\n"


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


def _locked(folder: Path) -> AbstractContextManager[None]:
    """One ``s3kg add`` at a time per library (an advisory lock on ``.lock``)."""
    return locked(folder, "document library")


def _write(folder: Path, library: Library, texts: list[tuple[Entry, str]]) -> None:
    """Texts first, then the manifest in one rename: a crash leaves the old manifest."""
    for entry, text in texts:
        _atomic_write(folder / entry.text_file, _with_newline(text).encode("utf-8"))
    manifest = {"documents": [asdict(e) for e in library.entries]}
    data = json.dumps(manifest, indent=2, ensure_ascii=False) + "\n"
    _atomic_write(folder / MANIFEST, data.encode("utf-8"))


def _atomic_write(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}")
    tmp.write_bytes(data)
    os.replace(tmp, path)
