"""``dauys import shutdowns``: the log of internet shutdowns and platform blocking."""

from __future__ import annotations

from dauys.cli.common import ProjectOption, RichProgress, project_at
from dauys.cli.import_acled import DelimiterOption, EncodingOption, FileArgument, SheetOption, print_summary
from dauys.cli.import_commands import import_app


@import_app.command("shutdowns")
def shutdowns(
    file: FileArgument,
    sheet: SheetOption = None,
    encoding: EncodingOption = None,
    delimiter: DelimiterOption = None,
    project_path: ProjectOption = None,
) -> None:
    """Import shutdowns: columns start, end (empty = still in force), scope (national, region, city), region,
    service (mobile internet, fixed internet, all internet or a platform), source; optional notes.

    Dates alone: from the start of the start day through the end of the end day, in the project's time zone.
    Importing a newer version of the log updates ends, sources and notes.
    """
    from dauys.ingest.shutdowns import import_shutdowns

    project = project_at(project_path)
    with RichProgress() as progress:
        result = import_shutdowns(project, file, sheet=sheet, encoding=encoding, delimiter=delimiter,
                                  progress=progress)
    lines = [f"read {result.read:,}   imported {result.imported:,}   updated {result.updated:,}   "
             f"unchanged {result.unchanged:,}   rejected {result.rejected:,}"]
    if result.rejects_path is not None:
        lines.append(f"rejected rows: {result.rejects_path}")
    print_summary(f"Imported the shutdown log {file}", lines)
