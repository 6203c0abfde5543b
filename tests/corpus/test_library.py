"""The document library: adding files of any name, versions, all-or-nothing, reading back."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from s3kg.cli import main
from s3kg.corpus.library import (
    MANIFEST,
    add_paths,
    load_library,
    open_library,
    read_folder,
)
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
