"""The build step that joins s3kg with EU and global data (called by ``build.pipeline``).

It adds, each in its own named graph and never to the facts graph:

- ``graph/alignments``: ISO 3166 / NUTS / EU-authority / Wikidata identifiers of countries and
  regions (``identifiers.py``) and the mappings of our sectors to NACE and to the EU
  industrial ecosystems (``sectors.py``), each graph attributed to its reviewed files;
- ``graph/nace``: NACE Rev. 2 as SKOS (``nace.py``); ``graph/ecosystems``: our scheme of the
  14 EU industrial ecosystems;
- ``graph/import/<source>``: every import found in ``var/imports/`` (``s3kg import``);
- ``graph/links``: the reviewed links of ``data/links/accepted.csv`` (``links.py``);

and describes them in the metadata graph (``describe.py``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import Graph, URIRef

from s3kg.config import Settings, imports_dir
from s3kg.errors import BuildError
from s3kg.integrate.describe import Inputs, describe_integration
from s3kg.integrate.identifiers import PlaceIdentifiers, load_nuts, load_place_entries
from s3kg.integrate.links import accepted_links
from s3kg.integrate.nace import codes, nace_scheme
from s3kg.integrate.sectors import (
    add_sector_mappings,
    ecosystem_scheme,
    load_mappings,
    sectors_in,
    top_concepts_in,
)
from s3kg.vocab.namespaces import ID, Graphs
from s3kg.vocab.rdf import to_rdflib

Progress = Callable[[str], None]
_IMPORT_FILE = re.compile(r"^[a-z0-9][a-z0-9-]*\.nq$")
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
# The scheme of the US Cluster Mapping categories (mappings/us-cluster-*.yaml): its top
# concepts are aligned to the EU industrial ecosystems by data/alignments/uscm-ecosystems.yaml.
US_CATEGORIES = ID["uscm/scheme/categories"]


def integration_inputs(settings: Settings) -> Inputs:
    alignments = settings.root / "data" / "alignments"
    return Inputs(
        places=alignments / "places.yaml",
        sectors_nace=alignments / "sectors-nace.yaml",
        sectors_ecosystems=alignments / "sectors-ecosystems.yaml",
        categories_ecosystems=alignments / "uscm-ecosystems.yaml",
        ecosystems=alignments / "eu-industrial-ecosystems.yaml",
        accepted_links=settings.root / "data" / "links" / "accepted.csv",
        nuts=settings.shared_data_dir / "nuts" / "nuts-2021.csv",
        nace=settings.shared_data_dir / "nace" / "nace_r2.ttl",
        root=settings.root,
        shared=settings.shared_data_dir,
    )


def add_integration(
    graphs: dict[URIRef, Graph], settings: Settings, progress: Progress
) -> dict[str, Any]:
    """Add the alignment, NACE, ecosystem, import and link graphs; returns a summary."""
    progress("adding standard identifiers, NACE, imports and reviewed links")
    inputs = integration_inputs(settings)
    facts = graphs[Graphs.FACTS]
    nace_graph, nace_levels = nace_scheme(inputs.nace)
    ecosystems, eco_concepts = ecosystem_scheme(inputs.ecosystems)
    alignments = Graph()
    places = PlaceIdentifiers(load_nuts(inputs.nuts), load_place_entries(inputs.places))
    report: dict[str, Any] = {"places": places.add(facts, alignments), "nace_levels": nace_levels}
    nace_mappings = load_mappings(inputs.sectors_nace, "nace")
    report["sectors_nace"] = add_sector_mappings(
        sectors_in(facts), alignments, nace_mappings, codes(nace_graph), "NACE"
    )
    eco_mappings = load_mappings(inputs.sectors_ecosystems, "ecosystem")
    report["sectors_ecosystems"] = add_sector_mappings(
        sectors_in(facts), alignments, eco_mappings, eco_concepts, "ecosystem"
    )
    imported = load_imports(imports_dir(settings.var_dir))
    report["categories_ecosystems"] = add_sector_mappings(
        set().union(*(top_concepts_in(g, US_CATEGORIES) for g in imported.values())),
        alignments,
        load_mappings(inputs.categories_ecosystems, "ecosystem", "category", "uscm/category/"),
        eco_concepts,
        "ecosystem",
    )
    graphs[Graphs.NACE] = nace_graph
    graphs[Graphs.ECOSYSTEMS] = ecosystems
    graphs[Graphs.ALIGNMENTS] = alignments
    graphs.update(imported)
    graphs[Graphs.LINKS], report["stale_links"] = accepted_links(inputs.accepted_links, facts)
    report["imports"] = sorted(str(g) for g in imported)
    describe_integration(graphs, inputs, sorted(imported))
    progress(summary(report))
    return report


def summary(report: dict[str, Any]) -> str:
    countries, regions = report["places"]["countries"], report["places"]["regions"]
    nace = report["sectors_nace"]
    return (
        f"identifiers: {countries.get('iso', 0)}/{countries.get('total', 0)} countries and "
        f"{regions.get('iso', 0)}/{regions.get('total', 0)} regions with ISO 3166 codes, "
        f"{regions.get('nuts', 0)} regions with NUTS; {nace['mapped']}/{nace['sectors']} "
        f"sectors mapped to NACE ({len(nace['unreviewed'])} unreviewed); "
        f"{len(report['imports'])} import(s); {len(report['stale_links'])} stale link(s)"
    )


def load_imports(folder: Path) -> dict[URIRef, Graph]:
    """The graphs of ``var/imports/*.nq``; each file must hold only its own graph."""
    graphs: dict[URIRef, Graph] = {}
    if not folder.is_dir():
        return graphs
    for path in sorted(folder.glob("*.nq")):
        if not _IMPORT_FILE.match(path.name):
            continue
        name = Graphs.import_graph(path.stem)
        graph = Graph()
        try:
            for quad in ox.parse(path=str(path), format=ox.RdfFormat.N_QUADS):
                if quad.graph_name != ox.NamedNode(str(name)):
                    raise BuildError(f"{path}: holds quads outside its graph <{name}>")
                graph.add(
                    (
                        to_rdflib(quad.subject),
                        to_rdflib(quad.predicate),
                        to_rdflib(quad.object),
                    )
                )
        except SyntaxError as err:
            raise BuildError(f"{path}: not valid N-Quads ({err}); re-run s3kg import") from err
        graphs[name] = graph
    return graphs
