"""``dauys import populations``: population figures per 2022 region and year, with their source."""

from __future__ import annotations

from typing import Annotated

import typer

from dauys.cli.common import ProjectOption, project_at
from dauys.cli.import_acled import DelimiterOption, EncodingOption, FileArgument, SheetOption, print_summary
from dauys.cli.import_commands import import_app


@import_app.command("populations")
def populations(
    file: FileArgument,
    source: Annotated[
        str, typer.Option("--source", help="Where the figures come from (publication, table, date). Required.",
                          show_default=False)
    ],
    sheet: SheetOption = None,
    encoding: EncodingOption = None,
    delimiter: DelimiterOption = None,
    project_path: ProjectOption = None,
) -> None:
    """Import population figures (columns region, year, population) for rates per 100,000 on event maps.

    The source is recorded in the ledger and shown with every map that uses the figures. Any wrong row
    refuses the whole file; a region and year already held is replaced.
    """
    from dauys.ingest.populations import import_populations

    project = project_at(project_path)
    result = import_populations(project, file, source=source, sheet=sheet, encoding=encoding, delimiter=delimiter)
    print_summary(f"Imported population figures from {file}", [
        f"read {result.read:,}   new {result.imported:,}   replaced {result.replaced:,}   years "
        f"{', '.join(map(str, result.years))}",
        f"source: {source}",
    ])
