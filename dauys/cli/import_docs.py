"""``dauys import docs``: a folder of .txt, .md, .html, .docx and .pdf files, one document per file."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from dauys.cli.common import ProjectOption, RichProgress, console, project_at
from dauys.cli.import_commands import import_app
from dauys.ingest.docs import import_docs
from dauys.store.filters import DEFAULT_TZ


class HtmlMode(StrEnum):
    full = "full"
    main = "main"


@import_app.command("docs")
def docs(
    folder: Annotated[
        Path, typer.Argument(help="Folder of documents (searched recursively), or one document.")
    ],
    corpus: Annotated[str, typer.Option("--corpus", help="Name of the corpus these documents join.")],
    project_path: ProjectOption = None,
    platform: Annotated[str, typer.Option(help="Platform recorded for these documents.")] = "docs",
    html: Annotated[
        HtmlMode,
        typer.Option(help="Web pages: full keeps all visible text; main keeps only the main text "
                          "(no menus, comments, footers)."),
    ] = HtmlMode.full,
    date_from_name: Annotated[
        str | None,
        typer.Option("--date-from-name", metavar="PATTERN",
                     help="Read the date from the file name with this pattern, e.g. %Y-%m-%d for "
                          "poslanie_2019-09-02.docx or %Y for address-2021.txt."),
    ] = None,
    tz: Annotated[
        str, typer.Option("--tz", help="Time zone of dates written without an offset.")
    ] = DEFAULT_TZ,
    recursive: Annotated[
        bool, typer.Option("--recursive/--no-recursive", help="Also read subfolders.")
    ] = True,
    strict: Annotated[
        bool, typer.Option("--strict", help="Refuse the whole folder if any file cannot be read.")
    ] = False,
    keep_authors: Annotated[
        bool, typer.Option("--keep-authors", help="Store document authors as written, not pseudonymised.")
    ] = False,
) -> None:
    """Import documents: one per file, with title and date (from the name, the metadata or the file)."""
    project = project_at(project_path)
    with RichProgress() as progress:
        result = import_docs(
            project, folder, corpus=corpus, platform=platform, html=html.value, date_from_name=date_from_name,
            tz=tz, recursive=recursive, strict=strict, keep_authors=keep_authors, progress=progress,
        )
    skipped = f"{result.skipped:,} skipped"
    if result.skipped:
        reasons = [f"{result.skipped_hidden:,} hidden"] if result.skipped_hidden else []
        reasons += [f"{count:,} {extension}" for extension, count in result.skipped_by_extension.items()]
        skipped += f" ({', '.join(reasons)})"
    console.print(
        f"Read {result.read:,} files into corpus '{escape(corpus)}': {result.imported:,} imported, "
        f"{result.duplicates:,} duplicates, {result.rejected:,} rejected, {skipped}.",
        highlight=False, soft_wrap=True,
    )
    if result.rejects_path is not None:
        console.print(f"Rejected files are listed in {escape(str(result.rejects_path))}",
                      highlight=False, soft_wrap=True)
