"""``dauys events count``: events and fatalities per group, with a note on exactly what was counted."""

from __future__ import annotations

import csv
import io
import json
from typing import Annotated

import typer

from dauys.cli.common import ProjectOption, project_at
from dauys.cli.events_commands import events_app
from dauys.errors import InputError

FORMATS = ("table", "csv", "json")


def render_table(frame) -> str:
    """Plain aligned text: a header line of the column names, then one line per row (numbers to the right)."""
    cells = [[("" if v is None or v != v else str(v)) for v in row] for row in frame.itertuples(index=False)]
    headers = [str(c) for c in frame.columns]
    numeric = [frame[c].dtype.kind in "iuf" for c in frame.columns]
    widths = [max([len(h), *(len(r[i]) for r in cells)]) for i, h in enumerate(headers)]

    def line(values):
        return "  ".join(v.rjust(w) if num else v.ljust(w) for v, w, num in zip(values, widths, numeric,
                                                                               strict=True)).rstrip()

    return "\n".join([line(headers), *(line(r) for r in cells)])


@events_app.command("count")
def count(
    by: Annotated[str, typer.Option("--by", help="FIELD[,FIELD...]: year, month, week, day, region, admin1, "
                                    "event_type, sub_event_type, actor, typology, nature or any event column.")]
    = "year",
    types: Annotated[str | None, typer.Option("--types", help="Only these event types: T1,T2 (default: all).")]
    = None,
    date_from: Annotated[str | None, typer.Option("--from", help="First event date counted (YYYY-MM-DD).")] = None,
    date_to: Annotated[str | None, typer.Option("--to", help="Last event date counted, inclusive.")] = None,
    output: Annotated[str, typer.Option("--format", help="table, csv or json.")] = "table",
    lang: Annotated[str, typer.Option("--lang", help="Language of region names and of the note: en, ru, kk.")]
    = "en",
    project_path: ProjectOption = None,
) -> None:
    """Count events and fatalities per group.

    Output: one row per group with the --by FIELD columns in the order given, then `events` (number of
    events) and `fatalities` (their sum); rows sorted by the FIELD columns ascending (periods in time order,
    regions by name, empty values last). Periods: year (2022), month (2022-01), week (ISO, 2022-W01), day
    (2022-01-05) of the recorded event date (Asia/Almaty). `region` and `admin1` give the 2022 region's
    name in --lang ("unresolved" when it is not known); the recorded admin1 is `admin1_recorded`, ACLED's
    world region `acled_region`, `actor` is actor1. Dates are inclusive.

    The note says what was counted: the event types (all of them, with their counts, unless grouped by
    event_type or filtered with --types), events at week or month precision (counted at their recorded
    date), the share of peaceful protests (sub-event type "Peaceful protest" among Protests) and unresolved
    regions. It follows the table on stdout for --format table, and goes to stderr for csv and json
    (json: a list of objects with the same keys as the csv header).
    """
    from dauys.events.event_counts import count_events

    if output not in FORMATS:
        raise InputError(f"--format {output!r}: expected one of {', '.join(FORMATS)}")
    project = project_at(project_path)
    result = count_events(project, by, types, date_from, date_to, lang)
    table = result.contract_table()
    note = "\n".join(result.note)
    if output == "table":
        typer.echo(render_table(table))
        typer.echo("")
        typer.echo(note)
    elif output == "csv":
        buffer = io.StringIO()
        table.to_csv(buffer, index=False, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
        text = buffer.getvalue()
        # every line ends with a newline, the last one too, so the note on stderr starts on a line of its own
        typer.echo(text if text.endswith("\n") else text + "\n", nl=False)
        typer.echo(note, err=True)
    else:
        records = json.loads(table.to_json(orient="records", force_ascii=False))
        typer.echo(json.dumps(records, ensure_ascii=False, indent=2))
        typer.echo(note, err=True)
