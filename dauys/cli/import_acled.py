"""``dauys import acled``: an ACLED export (CSV, or XLSX first sheet unless --sheet) into the event store."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from dauys.cli.common import ProjectOption, RichProgress, console, project_at
from dauys.cli.import_commands import import_app

FileArgument = Annotated[Path, typer.Argument(help="The CSV or XLSX file.", show_default=False)]
SheetOption = Annotated[str | None, typer.Option("--sheet", help="The XLSX sheet (default: the first).")]
EncodingOption = Annotated[
    str | None, typer.Option("--encoding", help="utf-8, cp1251, kz1048, utf-16, ... (default: detected).")
]
DelimiterOption = Annotated[
    str | None, typer.Option("--delimiter", help="The field delimiter: , ; | or tab (default: detected).")
]


def print_summary(title: str, lines: list[str]) -> None:
    console.print(escape(title), highlight=False, soft_wrap=True)
    for line in lines:
        console.print("  " + escape(line), highlight=False, soft_wrap=True)


def event_table_command(name: str, title: str, run: Callable[..., list[str]], help_text: str) -> Callable:
    """Register ``dauys import NAME FILE [--sheet] [--encoding] [--delimiter] [--project]`` for a table of the
    event store: ``run(project, file, sheet=, encoding=, delimiter=, progress=)`` imports it and returns the
    summary lines, printed under ``TITLE FILE``; ``help_text`` is the command's help."""

    def command(
        file: FileArgument,
        sheet: SheetOption = None,
        encoding: EncodingOption = None,
        delimiter: DelimiterOption = None,
        project_path: ProjectOption = None,
    ) -> None:
        project = project_at(project_path)
        with RichProgress() as progress:
            lines = run(project, file, sheet=sheet, encoding=encoding, delimiter=delimiter, progress=progress)
        print_summary(f"{title} {file}", lines)

    command.__name__ = command.__qualname__ = name
    command.__doc__ = help_text
    return import_app.command(name)(command)


def _import_acled(project, file: Path, **options) -> list[str]:
    from dauys.ingest.acled import import_acled, summary_lines

    return summary_lines(import_acled(project, file, **options))


acled = event_table_command("acled", "Imported ACLED events from", _import_acled, """\
Import ACLED events. Required columns: event_id_cnty, event_date, event_type, country, admin1.

Dates as 16 May 2025, 2025-05-16 or 16/05/2025. An event the project holds is updated when the file's
timestamp is newer; repeated ids with different data keep the newest timestamp and are reported. Every
event gets its 2022 region (coordinates at geo_precision 1-2, else the place, else admin1); the
unresolved ones are listed.
""")
