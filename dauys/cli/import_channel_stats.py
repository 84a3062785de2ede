"""``dauys import channel-stats``: daily channel statistics (date, subscribers, views, ...) as snapshots."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from dauys.cli.common import ProjectOption, RichProgress, console, project_at
from dauys.cli.import_commands import import_app


@import_app.command("channel-stats")
def channel_stats(
    file: Annotated[Path, typer.Argument(help="The CSV/TSV or XLSX table of daily statistics.", show_default=False)],
    platform: Annotated[
        str, typer.Option("--platform", help="telegram, youtube, instagram, facebook, vk, ... (channels are per "
                                             "platform).")
    ] = "other",
    channel: Annotated[
        str | None, typer.Option("--channel", help="The channel of every row, for a file without a channel column.")
    ] = None,
    map_items: Annotated[
        list[str] | None,
        typer.Option("--map", help="KEY=COLUMN pairs for headers not recognised: date=Күні,channel=Арна,"
                                   "subscribers=Барлығы (any other key is a metric name; repeatable)."),
    ] = None,
    sheet: Annotated[str | None, typer.Option("--sheet", help="The XLSX sheet (default: the first).")] = None,
    encoding: Annotated[
        str | None, typer.Option("--encoding", help="utf-8, cp1251, kz1048, ... (default: detected).")
    ] = None,
    delimiter: Annotated[
        str | None, typer.Option("--delimiter", help="The field delimiter (default: detected).")
    ] = None,
    strict: Annotated[bool, typer.Option("--strict", help="Refuse the whole file if any row has a problem.")] = False,
    project_path: ProjectOption = None,
) -> None:
    """Import a channel statistics table: one snapshot per date and metric (the date's 00:00, project time zone).

    Headers in English, Russian or Kazakh are recognised (Date/Дата/Күні, Subscribers/Подписчики/Жазылушылар,
    Views/Просмотры/Қаралым, ...); other numeric columns become metrics named after their header. A re-import
    replaces a day's value when it changed and skips it when it is the same.
    """
    from dauys.ingest.channel_stats import import_channel_stats, parse_stats_mapping

    mapping: dict[str, str] = {}
    for item in map_items or []:
        mapping.update(parse_stats_mapping(item))
    project = project_at(project_path)
    with RichProgress() as progress:
        result = import_channel_stats(
            project, file, platform=platform, channel=channel, mapping=mapping, sheet=sheet, encoding=encoding,
            delimiter=delimiter, strict=strict, progress=progress,
        )
    found = ", ".join(f"{name} ({column!r})" for name, column in result.columns.items())
    console.print(
        f"Imported {escape(str(file))}: {len(result.channels)} channels ({escape(', '.join(result.channels))}), "
        f"metrics {escape(found)}", highlight=False, soft_wrap=True,
    )
    console.print(
        f"  rows {result.rows:,}   rejected {result.rejected:,}   snapshots added {result.added:,}   "
        f"replaced {result.replaced:,}   unchanged {result.unchanged:,}", highlight=False,
    )
    if result.ignored_columns:
        console.print(f"  text columns left out: {escape(', '.join(result.ignored_columns))}", highlight=False)
    if result.rejects_path is not None:
        console.print(f"  rejected rows: {escape(str(result.rejects_path))}", highlight=False, soft_wrap=True)
