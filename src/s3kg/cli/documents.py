"""Commands for the document library: add documents, list them."""

from __future__ import annotations

from pathlib import Path

import click

from s3kg.cli.common import friendly_errors, progress_printer
from s3kg.config import Settings


@click.command("add")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--quiet", "-q", is_flag=True, help="No progress messages.")
@click.pass_obj
@friendly_errors
def add_command(settings: Settings, paths: tuple[Path, ...], quiet: bool) -> None:
    """Add documents (.txt, .md, .html, .pdf, .docx; files or folders) to the library.

    Each is converted to text and kept in the library (S3KG_LIBRARY, default library/) under a
    key s3kg assigns; the next `s3kg build` includes it. Adding the same content again does
    nothing; a changed file at the same path is a new version. If any file cannot be
    converted, nothing is added.
    """
    from s3kg.corpus.adding import add_paths
    from s3kg.corpus.library import open_library, reserved_keys
    from s3kg.corpus.reader import load_document

    reserved = reserved_keys(settings.corpus_dir)
    results = add_paths(settings.library_dir, paths, reserved, progress_printer(quiet, "add"))
    folder = open_library(settings.library_dir).folder
    for added in results:
        entry = added.entry
        doc = load_document(folder / entry.text_file, key=entry.key)
        pages = f", {len(entry.pages)} pages" if entry.pages else ""
        click.echo(f"{added.status:<11} {entry.key}  {added.given or entry.file} "
                   f"({entry.media_type}{pages})")
        if added.given and added.given != entry.file:
            click.echo(f"            same content as {entry.file}, already in the library")
        click.echo(f"            title: {entry.title}")
        click.echo(f"            {len(doc.blocks)} paragraphs, {len(doc.sections)} sections, "
                   f"{len(doc.tables)} tables, {len(doc.lists)} lists, "
                   f"{len(doc.references)} references")
    click.echo("run `s3kg build` to put them in the graph")


@click.command("documents")
@click.option("--all", "everything", is_flag=True, help="Also list replaced versions.")
@click.pass_obj
@friendly_errors
def documents_command(settings: Settings, everything: bool) -> None:
    """List the documents of the library (key, format, original file, title)."""
    from s3kg.corpus.library import open_library

    library = open_library(settings.library_dir)
    shown = library.entries if everything else library.current()
    if not shown:
        click.echo(f"the library ({settings.library_dir}) is empty: add documents with s3kg add")
        return
    current = {e.key for e in library.current()}
    for entry in shown:
        mark = "" if entry.key in current else "  (replaced)"
        version = f"  replaces {entry.replaces}" if entry.replaces else ""
        click.echo(f"{entry.key}  {entry.media_type:<24} {entry.file}{version}{mark}")
        click.echo(f"     {entry.title}")


COMMANDS = (add_command, documents_command)
