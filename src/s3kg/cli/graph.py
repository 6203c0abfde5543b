"""Commands that make or write out the graph: build, import, link, export, tables, docs."""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

import click

from s3kg.cli.common import friendly_errors, progress_printer
from s3kg.config import ServerConfig, Settings
from s3kg.errors import InputError


@click.command("build")
@click.option("--force", is_flag=True, help="Publish even if SHACL validation finds violations.")
@click.option("--no-reason", is_flag=True, help="Skip the OWL reasoner (no inferred graph).")
@click.option("--no-cache", is_flag=True,
              help="Make every document's part of the graph and the store afresh.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="Processes that read new documents side by side (S3KG_BUILD_JOBS; "
                   "default: the cores available).")
@click.option("--quiet", "-q", is_flag=True, help="No progress messages.")
@click.pass_obj
@friendly_errors
def build_command(settings: Settings, force: bool, no_reason: bool, no_cache: bool,
                  jobs: int | None, quiet: bool) -> None:
    """Build the knowledge graph from the corpus, the library and the curated data.

    Reads the documents (S3KG_CORPUS, default ../shared/corpus; the library, S3KG_LIBRARY)
    and data/curated/, and publishes var/current atomically: a failed build leaves the last
    good graph in place. What did not change since the last build (a document's parts and
    mentions, the reasoner's entailments, the store) is reused from var/cache.
    """
    from s3kg.build.pipeline import build_graph

    if jobs is not None:
        settings = replace(settings, build_jobs=jobs)
    release = build_graph(settings, force=force, reason=not no_reason, use_cache=not no_cache,
                          progress=progress_printer(quiet))
    click.echo(f"built {release.build_id}: {release.graph_file}")


@click.command("import")
@click.argument("mapping", type=click.Path(dir_okay=False))
@click.option("--file", "source_file", type=click.Path(dir_okay=False), default=None,
              help="Read this file instead of the one the mapping names (same format).")
@click.option("--no-publish", is_flag=True, help="Only write var/imports/<source>.nq.")
@click.option("--quiet", "-q", is_flag=True, help="No build progress messages.")
@click.pass_obj
@friendly_errors
def import_command(settings: Settings, mapping: str, source_file: str | None, no_publish: bool,
                   quiet: bool) -> None:
    """Import external cluster data through a mapping (mappings/*.yaml; see its README).

    Writes var/imports/<source>.nq (records read, duplicates dropped, records rejected and
    why, with the provenance) and republishes the graph, which includes every import.
    """
    from s3kg.build.pipeline import import_and_publish

    report = import_and_publish(Path(mapping), settings,
                                Path(source_file) if source_file else None,
                                publish=not no_publish, progress=progress_printer(quiet))
    click.echo("\n".join(report.lines()))


@click.command("link")
@click.option("--out", "out_dir", type=click.Path(file_okay=False), default=None,
              help="Folder for candidates.csv (default data/links, next to accepted.csv).")
@click.pass_obj
@friendly_errors
def link_command(settings: Settings, out_dir: str | None) -> None:
    """Propose links between our clusters, organisations, sectors and imported ones.

    Writes candidates.csv (score, reason); copy the right rows into data/links/accepted.csv
    (or rejected.csv) and rebuild: accepted rows become skos:closeMatch / owl:sameAs links.
    """
    from s3kg.integrate.linking import run_link

    folder = Path(out_dir) if out_dir else settings.root / "data" / "links"
    path, candidates = run_link(settings.var_dir, folder)
    click.echo(f"wrote {len(candidates)} candidate link(s) to {path}")


@click.command("export")
@click.option("--format", "fmt", type=click.Choice(["nq", "trig", "ttl", "nt", "jsonld", "rdfxml"]),
              default="nq", show_default=True, help="RDF syntax; ttl/nt/rdfxml merge the graphs.")
@click.option("--out", "out_file", type=click.Path(dir_okay=False), default=None,
              help="Write to this file instead of standard output.")
@click.pass_obj
@friendly_errors
def export_command(settings: Settings, fmt: str, out_file: str | None) -> None:
    """Write the whole graph of the current build."""
    from s3kg.export.dump import export_graph

    if out_file is None:
        export_graph(fmt, sys.stdout.buffer, settings)
        return
    with open(out_file, "wb") as out:
        export_graph(fmt, out, settings)


@click.command("tables")
@click.option("--table", "names", multiple=True,
              type=click.Choice(["clusters", "regions", "sectors"]),
              help="A table to write (repeatable); default: all of them (needs --out).")
@click.option("--out", "out_dir", type=click.Path(file_okay=False), default=None,
              help="Folder for <table>.csv files; without it one --table goes to standard output.")
@click.pass_obj
@friendly_errors
def tables_command(settings: Settings, names: tuple[str, ...], out_dir: str | None) -> None:
    """CSV exports of the main tables (clusters, regions, sectors) of the current build."""
    from s3kg.export.tables import TABLES, table_csv, write_tables

    # A table is a whole export: no result limit, unlike an interactive query.
    config = ServerConfig(store_path=settings.store_dir, result_limit=sys.maxsize,
                          settings=settings)
    if out_dir is None:
        if len(names) != 1:
            raise InputError("give one --table to print, or --out FOLDER to write files")
        sys.stdout.buffer.write(table_csv(names[0], settings, config))
        return
    for path in write_tables(list(names or TABLES), Path(out_dir), settings, config):
        click.echo(f"wrote {path}")


@click.command("docs")
@click.option("--out", "out_dir", type=click.Path(), default="docs/ontology", show_default=True,
              help="Folder for the generated HTML.")
@click.pass_obj
@friendly_errors
def docs_command(settings: Settings, out_dir: str) -> None:
    """Generate the HTML documentation page of the ontology."""
    from s3kg.export.ontology_docs import write_ontology_docs

    path = write_ontology_docs(Path(out_dir), settings.ontology_file)
    click.echo(f"wrote {path}")


COMMANDS = (build_command, import_command, link_command, export_command, tables_command,
            docs_command)
