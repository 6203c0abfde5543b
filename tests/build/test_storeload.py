"""The store of a rebuild, made from the parts that changed: it holds exactly the new graph."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from s3kg.build.storeload import Contents, load_store

LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"
GRAPH = "<https://example.org/graph>"


def _line(subject: str, label: str) -> bytes:
    return f'<https://example.org/{subject}> {LABEL} "{label}" {GRAPH} .'.encode()


def _contents(core: list[bytes], fragments: dict[str, list[bytes]],
              cached: dict[str, bytes]) -> Contents:  # fmt: skip
    nquads = {key: b"\n".join(sorted(lines)) + b"\n" for key, lines in fragments.items()}
    cached.update(nquads)
    lines = sorted({*core, *(line for ls in fragments.values() for line in ls)})
    return Contents(lines, sorted(core), nquads, cached.get)


def _load(root: Path, build: str, contents: Contents) -> tuple[str, set[bytes]]:
    release = root / "releases" / build
    release.mkdir(parents=True)
    (release / "s3kg.nq").write_bytes(b"\n".join(contents.lines) + b"\n")
    how = load_store(release / "store", release / "s3kg.nq", build, root / "cache",
                     root / "releases", contents)  # fmt: skip
    store = ox.Store.read_only(str(release / "store"))
    held = {ox.serialize([q], format=ox.RdfFormat.N_QUADS).strip() for q in store}
    return how, held


def test_a_line_two_fragments_share_stays_when_one_of_them_goes(tmp_path: Path) -> None:
    cached: dict[str, bytes] = {}
    shared = _line("region", "Region")
    first = _contents([_line("core", "old core")],
                      {"a": [_line("a", "A"), shared], "b": [_line("b", "B"), shared]}, cached)
    assert _load(tmp_path, "one", first) == ("full", set(first.lines))
    second = _contents([_line("core", "new core")],
                       {"b": [_line("b", "B"), shared], "c": [_line("c", "C")]}, cached)
    how, held = _load(tmp_path, "two", second)
    assert how == "delta"
    assert held == set(second.lines)
    assert shared in held and _line("a", "A") not in held and _line("core", "old core") not in held


def test_an_earlier_fragment_no_longer_cached_means_a_full_load(tmp_path: Path) -> None:
    cached: dict[str, bytes] = {}
    first = _contents([], {"a": [_line("a", "A")]}, cached)
    _load(tmp_path, "one", first)
    del cached["a"]
    second = _contents([], {"b": [_line("b", "B")]}, cached)
    assert _load(tmp_path, "two", second) == ("full", set(second.lines))


def test_a_fragment_with_a_blank_node_means_a_full_load(tmp_path: Path) -> None:
    cached: dict[str, bytes] = {}
    first = _contents([_line("core", "core")], {"a": [_line("a", "A")]}, cached)
    _load(tmp_path, "one", first)
    blank = f"_:note {LABEL} \"note\" {GRAPH} .".encode()
    second = _contents([_line("core", "core")], {"a": [_line("a", "A")], "b": [blank]}, cached)
    how, held = _load(tmp_path, "two", second)
    assert how == "full"
    assert len(held) == len(second.lines)
