"""JSON-LD export with the s3kg context (``context.jsonld``, shipped in the package).

The context gives short keys to the common properties (``label``, ``locatedIn``,
``specialisesIn``, ``broader``, ``exactMatch``, ``sameAs`` …), language maps for labels
(``"label": {"en": "…"}``), and prefixes for our id types and for the schemes we link to,
so that ids read ``cluster:samara-aerospace``, ``nace2:303`` or ``wd:Q5481``. Named graphs are
kept (each as an ``@graph`` with its ``id``); ``s3kg export --format jsonld`` writes it.
"""

from __future__ import annotations

import json
from importlib.resources import files
from pathlib import Path
from typing import Any, BinaryIO

import pyoxigraph as ox
from rdflib import Dataset, Graph, URIRef

from s3kg.vocab.rdf import to_rdflib


def context() -> dict[str, Any]:
    """The ``@context`` object of ``context.jsonld``."""
    text = files("s3kg.vocab").joinpath("context.jsonld").read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)["@context"]
    return data


def write_jsonld(nquads: Path, out: BinaryIO) -> None:
    """Serialise the N-Quads file as compacted JSON-LD with the s3kg context."""
    dataset = Dataset()
    graphs: dict[str, Graph] = {}
    for quad in ox.parse(path=str(nquads), format=ox.RdfFormat.N_QUADS):
        name = quad.graph_name.value
        if name not in graphs:
            graphs[name] = dataset.graph(URIRef(name))
        s, p, o = (to_rdflib(t) for t in (quad.subject, quad.predicate, quad.object))
        graphs[name].add((s, p, o))
    text = dataset.serialize(format="json-ld", context=context(), auto_compact=True)
    data = json.loads(text)
    _sort_graphs(data)
    out.write(json.dumps(data, indent=2, ensure_ascii=False, sort_keys=False).encode("utf-8"))
    out.write(b"\n")


def _sort_graphs(node: dict[str, Any]) -> None:
    """Order named graphs and their nodes by id, so the same graph gives the same bytes."""
    items = node.get("@graph")
    if isinstance(items, list):
        items.sort(key=lambda n: str(n.get("id", n.get("@id", ""))) if isinstance(n, dict) else "")
        for item in items:
            if isinstance(item, dict):
                _sort_graphs(item)
