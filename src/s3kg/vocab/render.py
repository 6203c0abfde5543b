"""The one term renderer: an RDF term as short text that is also valid SPARQL and Turtle.

IRIs in a known namespace become prefixed names, with the characters a local name may not
hold bare escaped (``id:cluster\\/kama``), so that a cell of ``s3kg query`` or a line of
a validation report can be pasted back into a query.  Works on rdflib and pyoxigraph terms.
"""

from __future__ import annotations

import json
import re
from typing import Any

from s3kg.vocab.prefixes import PREFIXES

_BY_NAMESPACE = sorted(((ns, p) for p, ns in PREFIXES.items()), key=lambda x: -len(x[0]))
# ASCII local names whose other characters PN_LOCAL_ESC can escape.
_SAFE_LOCAL = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_~./!$&'()*+,;=?#@%-]*")
_XSD = "http://www.w3.org/2001/XMLSchema#"
_BARE = {_XSD + "integer", _XSD + "decimal", _XSD + "boolean"}
MAX_LITERAL = 80


def short(term: Any) -> str:
    """``s3kg:Cluster``, ``id:cluster\\/kama``, ``<http://…>``, ``"text"@en``, ``1992``."""
    if term is None:
        return ""
    kind = _kind(term)
    if kind == "iri":
        return iri_text(str(_value(term)))
    if kind == "literal":
        return _literal(term)
    return f"_:{_value(term)}"


def iri_text(iri: str) -> str:
    """A prefixed name for ``iri`` where one is valid, else ``<iri>``."""
    for namespace, prefix in _BY_NAMESPACE:
        if iri.startswith(namespace):
            local = iri[len(namespace) :]
            if local and _SAFE_LOCAL.fullmatch(local):
                return f"{prefix}:{_escape(local)}"
    return f"<{iri}>"


def _escape(local: str) -> str:
    """Backslash-escape what PN_LOCAL does not allow bare (``/``, a final ``.``, ...)."""
    out = []
    for i, char in enumerate(local):
        bare = char.isalnum() or char in "_:" or (i > 0 and char == "-")
        bare = bare or (char == "." and 0 < i < len(local) - 1)
        out.append(char if bare else "\\" + char)
    return "".join(out)


def _literal(term: Any) -> str:
    text = str(_value(term))
    language = getattr(term, "language", None)
    datatype = getattr(term, "datatype", None)
    datatype = str(getattr(datatype, "value", datatype) or "")
    if datatype in _BARE and not language:
        return text
    shown = text if len(text) <= MAX_LITERAL else text[: MAX_LITERAL - 3] + "..."
    quoted = json.dumps(shown, ensure_ascii=False)
    if language:
        return f"{quoted}@{language}"
    if datatype and datatype != _XSD + "string" and not datatype.endswith("#langString"):
        return f"{quoted}^^{iri_text(datatype)}"
    return quoted


def _kind(term: Any) -> str:
    name = type(term).__name__
    if name in ("URIRef", "NamedNode"):
        return "iri"
    if name == "Literal":
        return "literal"
    return "blank"


def _value(term: Any) -> Any:
    return getattr(term, "value", term) if type(term).__module__.startswith("pyoxigraph") else term
