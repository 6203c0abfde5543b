"""(Re)generate the SPARQL fuzz corpus in ``tests/data/fuzz/`` deterministically.

    python tests/fuzz/make_corpus.py

Every file is one request body.  The name says what it is and what the server must do:

- ``policy-*``: well formed but forbidden (SERVICE, LOAD, remote FROM, updates): 400 or 403;
- ``nested-*``: deeper than the guard allows: 400 before the engine sees it;
- ``slow-*``: valid but exponential for the engine: answered or stopped by the time limit;
- everything else (truncated named queries, random bytes, invalid UTF-8, huge terms,
  unknown functions, grammar edge cases): any 2xx/4xx, or the timeout 503, never a 500.

``.bin`` files are not valid UTF-8 on purpose; ``.rq`` files are.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "tests" / "data" / "fuzz"
SEED = 8
BIG = 20_000
ALPHABET = (
    "SELECT",
    "ASK",
    "CONSTRUCT",
    "DESCRIBE",
    "WHERE",
    "{",
    "}",
    "(",
    ")",
    "[",
    "]",
    "?s",
    "?p",
    "?o",
    "$x",
    ".",
    ";",
    ",",
    "*",
    "FILTER",
    "OPTIONAL",
    "UNION",
    "MINUS",
    "GRAPH",
    "BIND",
    "AS",
    "VALUES",
    "LIMIT",
    "OFFSET",
    "ORDER",
    "BY",
    "GROUP",
    "HAVING",
    "COUNT",
    "DISTINCT",
    "<http://x/a>",
    "ex:a",
    "PREFIX",
    "ex:",
    '"lit"',
    "'x'",
    '"""',
    "1",
    "-2.5e3",
    "true",
    "@en",
    "^^",
    "a",
    "|",
    "/",
    "^",
    "+",
    "!",
    "&&",
    "||",
    "=",
    "!=",
    "<",
    ">",
    "#",
    "\n",
    "NOT",
    "EXISTS",
    "IN",
    "REGEX",
    "STR",
    "<<",
    ">>",
    "SERVICE",
    "FROM",
    "NAMED",
    "BASE",
    "\\u0041",
    "_:b",
    "[]",
    "()",
)


def truncated(rng: random.Random) -> Iterator[tuple[str, bytes]]:
    """Each named query cut at two random byte offsets (some inside a UTF-8 sequence)."""
    for path in sorted((ROOT / "queries").rglob("*.rq")):
        data = path.read_bytes()
        for cut in sorted(rng.sample(range(1, len(data)), 2)):
            piece = data[:cut]
            suffix = "rq" if _is_utf8(piece) else "bin"
            yield f"truncated-{path.stem}-{cut}.{suffix}", piece


def random_bytes(rng: random.Random) -> Iterator[tuple[str, bytes]]:
    for index in range(20):
        yield f"random-bytes-{index:02}.bin", rng.randbytes(rng.randint(1, 2000))


def token_soup(rng: random.Random) -> Iterator[tuple[str, bytes]]:
    for index in range(30):
        words = rng.choices(ALPHABET, k=rng.randint(1, 80))
        yield f"token-soup-{index:02}.rq", " ".join(words).encode()


def invalid_utf8() -> Iterator[tuple[str, bytes]]:
    query = b'SELECT * WHERE { ?s ?p "%s" }'
    bad = {
        "lone-continuation": b"\x80",
        "overlong-slash": b"\xc0\xaf",
        "ff": b"\xff",
        "encoded-surrogate": b"\xed\xa0\x80",
        "cut-sequence": b"\xe2\x82",
        "five-byte": b"\xf8\x88\x80\x80\x80",
        "latin1": "caf\xe9".encode("latin-1"),
    }
    for name, raw in bad.items():
        yield f"invalid-utf8-{name}.bin", query % raw
    yield "invalid-utf8-utf16.bin", "SELECT * WHERE { ?s ?p ?o }".encode("utf-16")
    yield "invalid-utf8-utf32.bin", "ASK {}".encode("utf-32")
    yield "invalid-utf8-nul-bytes.bin", b"SELECT\x00*\x00WHERE\x00{\xff}"


def huge_terms() -> Iterator[tuple[str, str]]:
    yield "huge-literal.rq", f'SELECT * WHERE {{ ?s ?p "{"a" * BIG}" }}'
    yield "huge-long-literal.rq", f"SELECT ('''{'b' * BIG}''' AS ?x) WHERE {{}}"
    yield "huge-iri.rq", f"SELECT * WHERE {{ <http://x/{'c' * BIG}> ?p ?o }}"
    yield "huge-integer.rq", f"SELECT ({'9' * BIG} + 1 AS ?x) WHERE {{}}"
    yield "huge-variable.rq", f"SELECT ?{'v' * (BIG // 2)} WHERE {{ ?s ?p ?{'v' * (BIG // 2)} }}"
    yield "huge-language-tag.rq", f'SELECT * WHERE {{ ?s ?p "x"@{"-".join(["abcdefgh"] * 3000)} }}'
    yield (
        "huge-values.rq",
        "SELECT * WHERE { VALUES ?x { " + " ".join(f"<http://x/{i}>" for i in range(2000)) + " } }",
    )
    yield "huge-comment.rq", "# " + "z" * BIG + "\nASK {}"


def nesting() -> Iterator[tuple[str, str]]:
    deep = 10_000
    yield "nested-braces-10000.rq", "SELECT * WHERE " + "{" * deep + "}" * deep
    yield "nested-braces-unclosed-10000.rq", "SELECT * WHERE " + "{" * deep
    yield (
        "nested-parens-10000.rq",
        ("SELECT * WHERE { FILTER(" + "(" * deep + "1" + ")" * deep + ") }"),
    )
    yield (
        "nested-brackets-1000.rq",
        ("SELECT * WHERE { ?s <http://x/p> " + "[ <http://x/p> " * 1000 + "1" + " ]" * 1000 + " }"),
    )
    yield (
        "nested-not-exists-1000.rq",
        ("SELECT * WHERE { " + "FILTER NOT EXISTS { " * 1000 + "}" * 1000 + " }"),
    )
    yield (
        "nested-subselect-1000.rq",
        ("SELECT * WHERE " + "{ SELECT * WHERE " * 1000 + "{}" + "}" * 1000),
    )
    yield "nested-optional-1000.rq", "SELECT * WHERE { " + "OPTIONAL { " * 1000 + "}" * 1000 + " }"
    yield "nested-mixed-2000.rq", "ASK " + "{ FILTER(EXISTS " * 1000 + "{}" + ") }" * 1000
    yield "nested-update-10000.rq", "INSERT DATA " + "{" * deep + "}" * deep


def long_chains() -> Iterator[tuple[str, str]]:
    """Not nested, but left-deep trees the engine recursed over until it crashed (8 MB stack)."""
    yield (
        "chain-binds-3000.rq",
        "SELECT * WHERE { " + " ".join(f"BIND({i} AS ?v{i})" for i in range(3000)) + " }",
    )
    yield "chain-not-30000.rq", "ASK { FILTER(" + "!" * 30_000 + "true) }"
    yield "chain-and-10000.rq", "ASK { FILTER(true" + " && true" * 10_000 + ") }"
    yield "chain-minus-3000.rq", "SELECT * WHERE { ?s ?p ?o " + "MINUS { ?s ?p ?o } " * 3000 + "}"
    yield "chain-optional-10000.rq", "SELECT * WHERE { " + "OPTIONAL { } " * 10_000 + "}"
    yield "chain-filter-10000.rq", "SELECT * WHERE { " + "FILTER(true) " * 10_000 + "}"
    yield (
        "slow-nested-collections-300.rq",
        ("SELECT * WHERE { ?s <http://x/p> " + "(" * 300 + "1" + ")" * 300 + " }"),
    )


def unknown_functions() -> Iterator[tuple[str, str]]:
    head = "PREFIX ex: <http://example.org/fn#>\nPREFIX xsd: <http://www.w3.org/2001/XMLSchema#>\n"
    calls = {
        "iri": "<http://example.org/fn>(?o)",
        "prefixed": "ex:distance(?o, 1)",
        "xsd-unknown": "xsd:frobnicate(?o)",
        "bare-name": "frobnicate(?o)",
        "virtuoso-bif": "bif:contains(?o, 'x')",
        "no-args": "<urn:x:f>()",
        "geof": "<http://www.opengis.net/def/function/geosparql/distance>(?o, ?o)",
    }
    for name, call in calls.items():
        yield f"unknown-function-{name}.rq", head + f"SELECT * WHERE {{ ?s ?p ?o FILTER({call}) }}"


def policy(port: int = 9) -> Iterator[tuple[str, str]]:
    remote = f"http://127.0.0.1:{port}/sparql"
    yield "policy-service.rq", f"SELECT * WHERE {{ SERVICE <{remote}> {{ ?s ?p ?o }} }}"
    yield "policy-service-silent.rq", f"SELECT * WHERE {{ service silent <{remote}> {{ }} }}"
    yield (
        "policy-service-variable.rq",
        ("SELECT * WHERE { VALUES ?e { <" + remote + "> } SERVICE ?e { ?s ?p ?o } }"),
    )
    yield (
        "policy-service-prefixed.rq",
        (f"PREFIX r: <{remote[:-6]}>\nSELECT * WHERE {{ SERVICE r:sparql {{ ?s ?p ?o }} }}"),
    )
    yield (
        "policy-service-relative.rq",
        (f"BASE <{remote[:-6]}>\nSELECT * WHERE {{ SERVICE <sparql> {{ ?s ?p ?o }} }}"),
    )
    yield (
        "policy-service-escaped.rq",
        ("SELECT * WHERE { SERVICE <http\\u003A//127.0.0.1:9/> { ?s ?p ?o } }"),
    )
    yield "policy-service-in-exists.rq", (f"ASK {{ FILTER EXISTS {{ SERVICE <{remote}> {{ }} }} }}")
    yield "policy-from-remote.rq", f"SELECT * FROM <{remote}> WHERE {{ ?s ?p ?o }}"
    yield "policy-from-named-remote.rq", f"SELECT * FROM NAMED <{remote}> WHERE {{ ?s ?p ?o }}"
    yield "policy-from-file.rq", "SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }"
    yield "policy-load.rq", f"LOAD <{remote}>"
    yield "policy-load-file.rq", "LOAD <file:///etc/passwd> INTO GRAPH <http://x/g>"
    yield "policy-drop-all.rq", "DROP ALL"
    yield "policy-insert-data.rq", "INSERT DATA { <http://x/a> <http://x/b> <http://x/c> }"
    yield "policy-delete-where.rq", "DELETE WHERE { ?s ?p ?o }"
    yield "policy-query-then-update.rq", "SELECT * WHERE { ?s ?p ?o } ; DROP ALL"


def edge_cases() -> Iterator[tuple[str, str]]:
    cases = {
        "empty": "",
        "blank": " \t\r\n ",
        "comment-only": "# nothing here\n",
        "prefix-only": "PREFIX ex: <http://x/>",
        "keyword-only": "SELECT",
        "unbalanced-close": "SELECT * WHERE { ?s ?p ?o } }",
        "unterminated-long-string": 'SELECT * WHERE { ?s ?p """never closed }',
        "unterminated-iri": "SELECT * WHERE { <http://x",
        "escaped-nul": 'SELECT * WHERE { ?s ?p "\\u0000" }',
        "raw-nul": "ASK { ?s ?p \x00 }",
        "bad-escape": 'SELECT * WHERE { ?s ?p "\\q" }',
        "lone-surrogate-escape": 'SELECT * WHERE { ?s ?p "\\uD800" }',
        "emoji-variable": "SELECT ?😀 WHERE { ?s ?p ?😀 }",
        "zero-width": "SELECT\u200b* WHERE { ?s ?p ?o }",
        "rtl-override": "SELECT * WHERE { ?s ?p \u202e?o }",
        "negative-limit": "SELECT * WHERE { ?s ?p ?o } LIMIT -1",
        "huge-offset": "SELECT * WHERE { ?s ?p ?o } OFFSET 99999999999999999999999999",
        "values-mismatch": "SELECT * WHERE { VALUES (?a ?b) { (1) } }",
        "ungrouped": "SELECT ?s (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
        "duplicate-projection": "SELECT (1 AS ?x) (2 AS ?x) WHERE {}",
        "rdf-star": "SELECT * WHERE { << ?s ?p ?o >> ?q ?r }",
        "relative-iri-no-base": "SELECT * WHERE { <relative> ?p ?o }",
        "bad-base": "BASE <:::> SELECT * WHERE { <x> ?p ?o }",
        "unknown-prefix": "SELECT * WHERE { nope:a ?p ?o }",
        "regex-invalid": "SELECT * WHERE { ?s ?p ?o FILTER(REGEX(STR(?o), '(((')) }",
        "regex-catastrophic": "SELECT * WHERE { ?s ?p ?o FILTER(REGEX(STR(?o), '(a+)+$')) }",
        "division-by-zero": "SELECT (1/0 AS ?x) (1.0/0 AS ?y) WHERE {}",
        "bad-datetime": 'SELECT ("2020-13-45"^^<http://www.w3.org/2001/XMLSchema#date> AS ?d) {}',
        "huge-substr": "SELECT (SUBSTR('abc', -99999999999999999999) AS ?x) WHERE {}",
        "describe-star": "DESCRIBE * WHERE { ?s ?p ?o } LIMIT 2",
        "construct-bnodes": "CONSTRUCT { [] ?p ?o } WHERE { ?s ?p ?o } LIMIT 3",
        "ask-true": "ASK {}",
        "select-no-where": "SELECT * {}",
        "nested-ok-200": "SELECT * WHERE " + "{" * 200 + "}" * 200,
        "property-path-star": "SELECT * WHERE { ?s (<http://x/p>|!<http://x/q>)* ?o } LIMIT 5",
        "keyword-in-literal": 'SELECT * WHERE { ?s ?p "SERVICE <http://127.0.0.1:9/> DROP ALL" }',
        "keyword-in-iri": "SELECT * WHERE { <http://x/SERVICE/LOAD> ?p ?o }",
        "keyword-in-comment": "# SERVICE <http://127.0.0.1:9/>\nASK {}",
    }
    for name, text in cases.items():
        yield f"edge-{name}.rq", text


def corpus() -> Iterator[tuple[str, bytes]]:
    rng = random.Random(SEED)
    yield from truncated(rng)
    yield from random_bytes(rng)
    yield from token_soup(rng)
    yield from invalid_utf8()
    for name, text in (
        *huge_terms(),
        *nesting(),
        *long_chains(),
        *unknown_functions(),
        *policy(),
        *edge_cases(),
    ):
        yield name, text.encode("utf-8")


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for old in OUT.glob("*.rq"):
        old.unlink()
    for old in OUT.glob("*.bin"):
        old.unlink()
    count = 0
    for name, data in corpus():
        (OUT / name).write_bytes(data)
        count += 1
    print(f"wrote {count} files to {OUT}")


if __name__ == "__main__":
    main()
