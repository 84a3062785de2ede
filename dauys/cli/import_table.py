"""``dauys import table``: a CSV/TSV, XLSX, JSON or JSON Lines export with a column mapping."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from dauys.cli.common import ProjectOption, RichProgress, console, project_at
from dauys.cli.import_commands import import_app
from dauys.errors import InputError
from dauys.ingest.layouts import layouts
from dauys.ingest.mapping import check_mapping, load_mapping_file, parse_mapping
from dauys.ingest.readers import DELIMITER_NAMES
from dauys.ingest.table import DEFAULT_MAX_TEXT_LENGTH, import_table


@import_app.command("table")
def table(
    file: Annotated[
        Path, typer.Argument(help="The CSV/TSV, XLSX, JSON or JSON Lines file.", show_default=False)
    ],
    corpus: Annotated[str, typer.Option("--corpus", help="The corpus the rows join.", show_default=False)],
    map_items: Annotated[
        list[str] | None,
        typer.Option(
            "--map",
            help="KEY=COLUMN pairs, comma-separated, e.g. "
            "text=message,created_at=date,metric.views=Просмотры (repeatable). Keys: text, created_at, "
            "author, channel, external_id, parent_id, url, lang, title, metric.NAME, and the account fields "
            "author.created_at, author.default_profile, author.followers, author.handle, author.name (for "
            "bot scores; names are reduced to patterns, never stored). Unmapped columns go to meta.",
        ),
    ] = None,
    map_file: Annotated[
        Path | None,
        typer.Option("--map-file", help="A YAML file of 'key: column' lines, for column names with commas."),
    ] = None,
    layout: Annotated[
        str | None,
        typer.Option("--layout", help="A ready-made mapping: livedune, popsters, brand_analytics, facebook, "
                                      "instagram, telegram_tgstat (`dauys import layouts`); --map entries override "
                                      "it. Without --map and --layout a layout the columns fit is used."),
    ] = None,
    platform: Annotated[
        str | None,
        typer.Option("--platform", help="telegram, youtube, vk, instagram, facebook, x, news, ... (default: the "
                                        "layout's, else other)"),
    ] = None,
    sheet: Annotated[str | None, typer.Option("--sheet", help="The XLSX sheet (default: the first).")] = None,
    date_format: Annotated[
        str,
        typer.Option(
            "--date-format",
            help="auto (22.11.2024 14:05, ISO 8601, Excel serial dates, Unix seconds), iso, excel, unix, "
            "or a strftime pattern such as '%d/%m/%Y %H:%M'.",
        ),
    ] = "auto",
    tz: Annotated[
        str,
        typer.Option("--tz", help="Time zone of dates written without an offset (UTC+6 until 1 March 2024)."),
    ] = "Asia/Almaty",
    encoding: Annotated[
        str | None, typer.Option("--encoding", help="utf-8, cp1251, kz1048, utf-16, ... (default: detected).")
    ] = None,
    delimiter: Annotated[
        str | None, typer.Option("--delimiter", help="The field delimiter: , ; | or tab (default: detected).")
    ] = None,
    keep_authors: Annotated[
        bool, typer.Option("--keep-authors", help="Store author names instead of pseudonyms.")
    ] = False,
    strict: Annotated[
        bool, typer.Option("--strict", help="Refuse the whole file if any row has a problem.")
    ] = False,
    max_text_length: Annotated[
        int, typer.Option("--max-text-length", help="Reject texts longer than this many characters.")
    ] = DEFAULT_MAX_TEXT_LENGTH,
    observed_at: Annotated[
        str | None,
        typer.Option(
            "--observed-at", help="When the metrics were observed, e.g. 2024-11-22T14:05 (default: now)."
        ),
    ] = None,
    scrub: Annotated[
        bool,
        typer.Option("--scrub", help="Replace IINs, phone numbers and e-mails in texts and titles with [IIN], "
                                     "[PHONE], [EMAIL] before writing."),
    ] = False,
    project_path: ProjectOption = None,
    list_layouts_flag: Annotated[
        bool,
        typer.Option("--list-layouts", is_eager=True, expose_value=False, callback=lambda value: _list_and_exit(value),
                     help="List the ready-made layouts and stop."),
    ] = False,
) -> None:
    """Import posts, comments or articles from a table, mapping its columns to document fields."""
    mapping = _mapping(map_items, map_file, complete=layout is None)
    observed = _observed_at(observed_at)
    project = project_at(project_path)
    with RichProgress() as progress:
        result = import_table(
            project, file, corpus=corpus, mapping=mapping, layout=layout, platform=platform, sheet=sheet,
            date_format=date_format, tz=tz, keep_authors=keep_authors, strict=strict, encoding=encoding,
            delimiter=delimiter, max_text_length=max_text_length, observed_at=observed, scrub=scrub,
            progress=progress,
        )
    params = next((e["params"] for e in project.log() if e["id"] == result.run_id), {})
    read_as = _read_as(params)
    console.print(
        f"Imported {escape(str(file))} into corpus {escape(repr(corpus))}{read_as}", highlight=False
    )
    if params.get("layout"):
        how = "recognised from the columns" if params.get("layout_detected") else "as asked"
        console.print(
            f"  layout {escape(params['layout'])} ({how}), platform {escape(params['platform'])}", highlight=False
        )
    console.print(
        f"  read {result.read:,}   imported {result.imported:,}   duplicates {result.duplicates:,}   "
        f"rejected {result.rejected:,}   metric snapshots {result.metric_snapshots:,}",
        highlight=False,
    )
    if scrub:
        counts = next((e["counts"] for e in project.log() if e["id"] == result.run_id), {})
        console.print(
            f"  scrubbed: {counts.get('scrubbed_iin', 0):,} IINs, {counts.get('scrubbed_phone', 0):,} phone numbers, "
            f"{counts.get('scrubbed_email', 0):,} e-mails in {counts.get('scrubbed_documents', 0):,} rows",
            highlight=False,
        )
    if result.rejects_path is not None:
        console.print(f"  rejected rows: {escape(str(result.rejects_path))}", highlight=False, soft_wrap=True)


def _mapping(items: list[str] | None, map_file: Path | None, complete: bool = True) -> dict[str, str] | None:
    """The mapping file's entries, then each --map in turn (a later entry wins over an earlier one); None when
    neither is given (the layout, named or recognised, maps the columns)."""
    if not items and map_file is None:
        return None
    mapping = load_mapping_file(map_file, complete=False) if map_file is not None else {}
    for item in items or []:
        mapping.update(parse_mapping(item, complete=False))
    return check_mapping(mapping, "--map/--map-file", complete)


def _observed_at(value: str | None) -> datetime | None:
    if value is None:
        return None
    try:
        return datetime.fromisoformat(value.strip())
    except ValueError:
        raise InputError(
            f"--observed-at {value!r}: expected a date and time such as 2024-11-22T14:05 or "
            "2024-11-22T14:05+05:00 (without an offset it is read in --tz)"
        ) from None


def _read_as(params: dict) -> str:
    parts = [params.get("format", "").upper()]
    if params.get("encoding"):
        parts.append(params["encoding"])
    if params.get("delimiter"):
        parts.append(f"{DELIMITER_NAMES.get(params['delimiter'], repr(params['delimiter']))}-separated")
    if params.get("sheet"):
        parts.append(f"sheet {params['sheet']!r}")
    if params.get("json_key"):
        parts.append(f"records in {params['json_key']!r}")
    shown = ", ".join(escape(p) for p in parts if p)
    return f" ({shown})" if shown else ""


def _list_and_exit(value: bool) -> None:
    if value:
        list_layouts()
        raise typer.Exit()


@import_app.command("layouts")
def list_layouts() -> None:
    """List the ready-made mappings of `dauys import table --layout NAME` and the headers each needs."""
    for layout in layouts().values():
        checked = "" if layout.verified else escape("  [unverified against a live export]")
        console.print(f"[bold]{escape(layout.name)}[/]: {escape(layout.title)} (platform {escape(layout.platform)})"
                      f"{checked}", highlight=False)
        needs = [f"{key}={' / '.join(headers)}" for key, headers in layout.required.items()]
        console.print(f"  needs   {escape('; '.join(needs))}", highlight=False, soft_wrap=True)
        if layout.detect:
            console.print(f"  and     {escape(', '.join(layout.detect))} (to be recognised)", highlight=False)
        if layout.optional:
            maps = [f"{key}={' / '.join(headers)}" for key, headers in layout.optional.items()]
            console.print(f"  maps    {escape('; '.join(maps))}", highlight=False, soft_wrap=True)
