"""The document library: adding files of any name, versions, all-or-nothing, reading back."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from s3kg.cli import main
from s3kg.corpus import adding
from s3kg.corpus.adding import add_paths
from s3kg.corpus.library import MANIFEST, load_library, open_library, read_folder
from s3kg.errors import InputError

EXTRA = Path(__file__).resolve().parents[3] / "shared" / "corpus-extra"


def _text(name: str, words: int = 400) -> str:
    """A document in the corpus-extra convention, read from the shared texts at test time."""
    source = (EXTRA / name).read_text(encoding="utf-8")
    kept, count = [], 0
    for line in source.splitlines():
        kept.append(line)
        count += len(line.split())
        if count >= words:
            break
    return "\n".join(kept) + "\n"


@pytest.fixture()
def paper(tmp_path: Path) -> Path:
    path = tmp_path / "in" / "Silicon Valley (draft).txt"  # any file name will do
    path.parent.mkdir()
    path.write_text(_text("101_silicon-valley.txt"), encoding="utf-8")
    return path


def test_a_file_of_any_name_gets_a_key_and_its_text_is_kept(tmp_path: Path, paper: Path) -> None:
    library = tmp_path / "library"
    [added] = add_paths(library, [paper], reserved=set())
    assert added.status == "added" and added.entry.key == "201"
    assert added.entry.file == paper.name and added.entry.media_type == "text/plain"
    stored = library / added.entry.text_file
    assert stored.name.startswith("201_") and stored.read_text(encoding="utf-8").startswith(
        paper.read_text(encoding="utf-8").splitlines()[0])
    manifest = json.loads((library / MANIFEST).read_text(encoding="utf-8"))
    assert [d["key"] for d in manifest["documents"]] == ["201"]


def test_the_same_content_again_is_a_no_op(tmp_path: Path, paper: Path) -> None:
    library = tmp_path / "library"
    add_paths(library, [paper], reserved=set())
    before = (library / MANIFEST).read_bytes()
    copy = paper.with_name("copy.txt")
    copy.write_bytes(paper.read_bytes())
    [again] = add_paths(library, [copy], reserved=set())
    assert again.status == "unchanged" and again.entry.key == "201"
    assert (library / MANIFEST).read_bytes() == before


def test_a_changed_file_is_a_new_version_that_replaces_the_old(tmp_path: Path,
                                                                paper: Path) -> None:
    library = tmp_path / "library"
    add_paths(library, [paper], reserved=set())
    paper.write_text(paper.read_text(encoding="utf-8") + "A closing line added later.\n",
                     encoding="utf-8")
    [added] = add_paths(library, [paper], reserved=set())
    assert added.status == "new version" and added.entry.replaces == "201"
    opened = open_library(library)
    assert [e.key for e in opened.entries] == ["201", "202"]
    assert [e.key for e in opened.current()] == ["202"]
    docs, skipped = load_library(opened)
    assert [d.key for d in docs] == ["202"] and skipped == []


def test_a_file_reverted_to_an_older_content_is_a_new_version(tmp_path: Path,
                                                               paper: Path) -> None:
    """Regression: reverting a file printed "unchanged" and the graph kept the edited text."""
    library = tmp_path / "library"
    original = paper.read_bytes()
    add_paths(library, [paper], reserved=set())
    paper.write_bytes(original + b"A closing line added later.\n")
    add_paths(library, [paper], reserved=set())
    paper.write_bytes(original)
    [added] = add_paths(library, [paper], reserved=set())
    assert added.status == "new version" and added.entry.replaces == "202"
    current = open_library(library).current()
    assert [e.key for e in current] == ["203"]
    assert current[0].source_sha256 == open_library(library).entries[0].source_sha256
    [again] = add_paths(library, [paper], reserved=set())
    assert again.status == "unchanged" and again.entry.key == "203"


def test_keys_skip_those_the_corpus_folder_uses(tmp_path: Path, paper: Path) -> None:
    [added] = add_paths(tmp_path / "library", [paper], reserved={"201", "202"})
    assert added.entry.key == "203"


def test_a_folder_adds_its_supported_files(tmp_path: Path, paper: Path) -> None:
    (paper.parent / "notes.md").write_text("# Notes on clusters\n\n" + _text(
        "104_kaliningrad-oblast.txt", 200), encoding="utf-8")
    (paper.parent / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    added = add_paths(tmp_path / "library", [paper.parent], reserved=set())
    assert sorted(a.entry.file for a in added) == sorted([paper.name, "notes.md"])


def test_one_bad_file_adds_nothing(tmp_path: Path, paper: Path) -> None:
    bad = paper.with_name("latin1.txt")
    bad.write_bytes("Caf\xe9 clusters in the region of S\xe3o Paulo\n".encode("latin-1") * 20)
    library = tmp_path / "library"
    with pytest.raises(InputError, match=r"latin1\.txt"):
        add_paths(library, [paper, bad], reserved=set())
    assert not library.exists() or not any(library.iterdir())


def test_a_text_changed_behind_the_library_is_skipped_not_fatal(tmp_path: Path,
                                                                 paper: Path) -> None:
    library = tmp_path / "library"
    [added] = add_paths(library, [paper], reserved=set())
    (library / added.entry.text_file).write_text("Edited by hand\n", encoding="utf-8")
    docs, skipped = load_library(open_library(library))
    assert docs == [] and "changed since it was added" in skipped[0][1]


def test_an_unreadable_corpus_file_is_skipped_with_its_reason(tmp_path: Path) -> None:
    (tmp_path / "250_ok.txt").write_text(_text("107_uk-dit-scotland-wales-ni.txt", 200),
                                         encoding="utf-8")
    (tmp_path / "no-key.txt").write_text("Title\nSome text\n", encoding="utf-8")
    (tmp_path / "251_binary.txt").write_bytes(b"\xff\xfe\x00bad")
    docs, skipped = read_folder(tmp_path)
    assert [d.key for d in docs] == ["250"]
    assert {name for name, _ in skipped} == {"no-key.txt", "251_binary.txt"}


def test_a_broken_manifest_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / MANIFEST).write_text("{not json", encoding="utf-8")
    with pytest.raises(InputError, match="not a document library manifest"):
        open_library(tmp_path)


def test_cli_add_and_documents(tmp_path: Path, paper: Path,
                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("S3KG_LIBRARY", str(tmp_path / "library"))
    runner = CliRunner()
    result = runner.invoke(main, ["add", str(paper)])
    assert result.exit_code == 0, result.output
    assert "added       201" in result.output and "sections" in result.output
    listed = runner.invoke(main, ["documents"])
    assert listed.exit_code == 0 and paper.name in listed.output


def test_cli_add_of_a_bad_file_is_exit_2_in_one_line(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("S3KG_LIBRARY", str(tmp_path / "library"))
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    result = CliRunner().invoke(main, ["add", "--quiet", str(empty)])
    assert result.exit_code == 2
    assert result.output == "error: empty.pdf: empty file\n"
    assert "Traceback" not in result.output


def test_an_add_that_finishes_meanwhile_is_not_lost(tmp_path: Path, paper: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """Regression: two adds at once both took key 201 and one entry was lost. Keys are now
    given out under the lock from the manifest as it is then."""
    library = tmp_path / "library"
    other = paper.with_name("other.txt")
    other.write_text(_text("104_kaliningrad-oblast.txt", 300), encoding="utf-8")
    real = adding._convert
    calls = []

    def convert_while_another_add_finishes(item):  # type: ignore[no-untyped-def]
        if not calls:
            calls.append(item)
            add_paths(library, [other], reserved=set())
        return real(item)

    monkeypatch.setattr(adding, "_convert", convert_while_another_add_finishes)
    [added] = add_paths(library, [paper], reserved=set())
    entries = open_library(library).entries
    assert sorted((e.key, e.file) for e in entries) == [("201", "other.txt"),
                                                        ("202", paper.name)]
    assert added.entry.key == "202"


def test_a_folder_add_skips_the_library_and_hidden_folders(tmp_path: Path, paper: Path) -> None:
    project = paper.parent
    (project / ".venv").mkdir()
    (project / ".venv" / "junk.txt").write_bytes(b"\x00\x01binary")
    library = project / "library"
    add_paths(library, [project], reserved=set())
    [again] = add_paths(library, [project], reserved=set())  # the library's own texts not re-added
    assert again.status == "unchanged"
    assert len(open_library(library).entries) == 1


@pytest.mark.parametrize("text_file", ["../outside.txt", "/etc/passwd"])
def test_a_manifest_cannot_point_outside_the_library(tmp_path: Path, text_file: str) -> None:
    entry = {"key": "201", "title": "t", "file": "f.txt", "media_type": "text/plain",
             "source_sha256": "0", "text_sha256": "0", "text_file": text_file}
    (tmp_path / MANIFEST).write_text(json.dumps({"documents": [entry]}), encoding="utf-8")
    with pytest.raises(InputError, match="bad key or text file name"):
        open_library(tmp_path)


def test_a_library_path_that_is_a_file_is_exit_2(tmp_path: Path, paper: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "library"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("S3KG_LIBRARY", str(blocker))
    result = CliRunner().invoke(main, ["add", "--quiet", str(paper)])
    assert result.exit_code == 2 and "not a usable folder" in result.output
    assert "Traceback" not in result.output
