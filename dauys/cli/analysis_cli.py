"""Commands built from analyses: one command per registered analysis, from its parameter schema.

Nothing here names an analysis. Each command (``top_terms`` becomes ``dauys analyze top-terms``) gets
the analysis's options from :meth:`dauys.analyze.Analysis.parameters` — type, default, choices, bounds,
help — plus the document filters and ``--project`` every command shares; it runs the analysis with
:func:`dauys.analyze.run_analysis`, prints the table and says where it was saved. An analysis's
``command_group`` says under which word it is offered (``analyze``, ``social``, ``mobilization``, ...).
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Annotated, Any, Literal

import numpy as np
import pandas as pd
import typer
from rich.markup import escape
from rich.table import Table

from dauys.analyze import Analysis, Parameter, analyses, run_analysis
from dauys.cli.common import (
    CorpusFilter,
    DocKindFilter,
    KindFilter,
    LangFilter,
    ParentFilter,
    PlatformFilter,
    ProjectOption,
    RichProgress,
    SinceFilter,
    UntilFilter,
    WhereFilter,
    console,
    document_filter,
    project_at,
)
from dauys.project import SavedResult

_SHARED_OPTIONS: tuple[tuple[str, Any], ...] = (
    ("corpus", CorpusFilter),
    ("platform", PlatformFilter),
    ("lang", LangFilter),
    ("since", SinceFilter),
    ("until", UntilFilter),
    ("where", WhereFilter),
    ("document_kind", KindFilter),
    ("parent", ParentFilter),
    ("project_path", ProjectOption),
)
_FILTERS = ("corpus", "platform", "lang", "since", "until", "where", "document_kind", "parent")
"""The shared filter options, by parameter name; ``document_kind`` is the filter's ``kind`` (``--kind``)."""
PRINTED_ROWS = 50
"""Rows printed per table (per group); the saved table and its exports hold them all."""


def _annotation(parameter: Parameter) -> Any:
    """The Typer annotation of one analysis parameter."""
    help_text = parameter.help
    if parameter.pattern_label:
        help_text += (f" One of: {', '.join(parameter.choices)}, or {parameter.pattern_label}." if parameter.choices
                      else f" Form: {parameter.pattern_label}.")
    options: dict[str, Any] = {"help": help_text}
    if parameter.type in (int, float):
        options.update(min=parameter.min, max=parameter.max)
    kind: Any = parameter.type
    if parameter.choices and not parameter.pattern:
        kind = Literal[parameter.choices]
    return Annotated[kind, typer.Option(parameter.option, **options)]


MISSING = "–"
"""What a table cell shows for a missing value (None, NaN, NA, NaT), instead of ``nan``, ``<NA>`` or ``None``."""
NARROWEST = 24
"""Values up to this long (ids, pseudonyms, times, names) stay on one line."""
FOLDED = 16
"""A column of longer texts folds down to this width (or its longest word, up to :data:`NARROWEST`)."""
LISTED_HIDDEN = 10
"""Columns named in the note on the columns a narrow terminal leaves out."""


def _missing(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, list | tuple | dict | set) or not pd.api.types.is_scalar(value):
        return False
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _cell(value: Any) -> str:
    if _missing(value):
        return MISSING
    if isinstance(value, bool | np.bool_):
        return "yes" if value else "no"
    if isinstance(value, float | np.floating):
        return f"{value:,.2f}"
    if isinstance(value, int | np.integer):
        return f"{value:,}"
    if isinstance(value, datetime):
        return _when(value)
    return str(value)


def _when(value: datetime) -> str:
    """``2022-01-05`` for a naive midnight, else minutes and the zone: ``2022-01-05 10:03 UTC``."""
    value = pd.Timestamp(value)
    if value.tzinfo is None:
        return value.strftime("%Y-%m-%d") if value == value.normalize() else value.strftime("%Y-%m-%d %H:%M")
    zone = "UTC" if value.utcoffset() == timedelta(0) else value.strftime("%z")
    return value.strftime("%Y-%m-%d %H:%M") + f" {zone}"


def _narrowest(header: str, values: list[str], is_number: bool) -> int:
    """The narrowest readable width of a column: numbers and values up to :data:`NARROWEST` characters whole,
    longer texts folded down to :data:`FOLDED` (or their longest word); never narrower than the header's
    longest word."""
    longest = max((len(v) for v in values), default=0)
    word = max((len(w) for w in header.split()), default=1)
    if is_number or longest <= NARROWEST:
        return max(word, longest)
    longest_word = max((len(w) for v in values for w in v.split()), default=0)
    return max(word, FOLDED, min(longest_word, NARROWEST))


def _fitting_columns(widths: list[int], width: int) -> int:
    """How many of the leading columns, at ``widths``, fit in ``width`` characters (at least one)."""
    used = 1  # the table's left border
    for i, narrowest in enumerate(widths):
        used += narrowest + 3  # padding on both sides and a border
        if used > width and i > 0:
            return i
    return len(widths)


def column_widths(narrowest: list[int], natural: list[int], width: int) -> list[int]:
    """Widths for columns that fit ``width`` at ``narrowest``: the room left goes first to the columns that need
    least to reach their ``natural`` width (a header on one line), then to the long texts.

    >>> column_widths([8, 5, 24], [8, 13, 200], 60)
    [8, 13, 29]
    """
    widths = [min(n, max(width - 4, 1)) for n in narrowest]
    spare = width - (1 + sum(w + 3 for w in widths))
    for i in sorted(range(len(widths)), key=lambda i: natural[i] - widths[i]):
        given = max(0, min(spare, natural[i] - widths[i]))
        widths[i] += given
        spare -= given
    return widths


def _print_table(frame: pd.DataFrame, title: str | None, result_id: int | None = None) -> None:
    """One rich table: missing values as "–", each column at least its narrowest readable width (longer texts
    fold), and only the columns that fit the terminal, with a note naming the others and how to get them."""
    headers = [str(c).replace("_", " ") for c in frame.columns]
    numeric = [pd.api.types.is_numeric_dtype(frame[c]) and not pd.api.types.is_bool_dtype(frame[c])
               for c in frame.columns]
    cells = [[_cell(v) for v in row] for row in frame.itertuples(index=False, name=None)]
    narrowest = [_narrowest(h, [row[i] for row in cells], numeric[i]) for i, h in enumerate(headers)]
    shown = _fitting_columns(narrowest, console.width)
    natural = [max([len(h), *(len(row[i]) for row in cells)]) for i, h in enumerate(headers[:shown])]
    widths = column_widths(narrowest[:shown], natural, console.width)
    table = Table(title=escape(title) if title else None, title_justify="left", expand=False)
    for header, is_number, fixed in zip(headers[:shown], numeric[:shown], widths, strict=True):
        table.add_column(escape(header), justify="right" if is_number else "left", overflow="fold", width=fixed)
    for row in cells:
        table.add_row(*(escape(v) for v in row[:shown]))
    console.print(table)
    if shown < len(headers):
        hidden = [str(c) for c in frame.columns[shown:]]
        listed = ", ".join(hidden[:LISTED_HIDDEN]) + (f" and {len(hidden) - LISTED_HIDDEN} more"
                                                       if len(hidden) > LISTED_HIDDEN else "")
        where = (f"`dauys export result-{result_id}.csv --result {result_id}` writes them all"
                 if result_id is not None else "the saved table has them all")
        console.print(f"… {len(hidden)} more column{'s' if len(hidden) > 1 else ''} not shown ({escape(listed)}): "
                      f"{where}, or widen the terminal.", highlight=False, soft_wrap=True)


def _print_rows(frame: pd.DataFrame, title: str, result_id: int | None = None) -> None:
    _print_table(frame.head(PRINTED_ROWS), title, result_id)
    if len(frame) > PRINTED_ROWS:
        console.print(f"… {len(frame) - PRINTED_ROWS:,} more rows in the saved table", highlight=False)


def print_result(saved: SavedResult) -> None:
    """Print a saved table and where it is kept: one table per ``part`` when the table holds several kinds
    of rows (topics: topics, terms, documents, periods), else one per group when it has a ``group``
    column; at most :data:`PRINTED_ROWS` rows and the columns that fit the terminal each."""
    frame = saved.frame()
    if "part" in frame.columns:
        for name, rows in frame.groupby("part", sort=False):
            _print_rows(rows.drop(columns="part").dropna(axis=1, how="all"), f"{saved.title} — {name}", saved.id)
    elif "group" in frame.columns and frame["group"].nunique() > 1:
        for group, part in frame.groupby("group", sort=False):
            _print_rows(part.drop(columns="group"), f"{saved.title} — {group}", saved.id)
    else:
        _print_rows(frame, saved.title, saved.id)
    for warning in saved.warnings:
        console.print(f"[yellow]warning:[/] {escape(warning)}", highlight=False, soft_wrap=True)
    console.print(
        f"Saved as result {saved.id} (run {saved.run_id}): {escape(str(saved.path))}",
        highlight=False, soft_wrap=True,
    )


def _shared_options(parameters: list[Parameter]) -> list[tuple[str, Any]]:
    """The shared options for an analysis with ``parameters``: the filter's ``--kind`` is only ``--doc-kind``
    where the analysis has a ``--kind`` of its own (top-terms counts words, hashtags, ... by ``--kind``)."""
    own = {p.option for p in parameters}
    return [(name, DocKindFilter if name == "document_kind" and "--kind" in own else annotation)
            for name, annotation in _SHARED_OPTIONS]


def analysis_command(analysis: type[Analysis]) -> Callable[..., None]:
    """A Typer command for ``analysis``: its parameters as options, plus the shared filters and --project.

    Every command takes the document filters, ``--kind posts|comments`` and ``--parent ID`` included, so a
    content analysis runs on the comments of one video or channel as well as on posts.
    """
    parameters = analysis.parameters()
    shared = _shared_options(parameters)
    clashes = {p.name for p in parameters} & {name for name, _ in shared}
    if clashes:
        raise TypeError(f"{analysis.__name__}: parameter names {sorted(clashes)} clash with shared options")

    def command(**options: Any) -> None:
        project = project_at(options.pop("project_path"))
        filters = {name: options.pop(name) for name in _FILTERS}
        filters["kind"] = filters.pop("document_kind")
        where = document_filter(project, **filters)
        with RichProgress() as progress:
            saved = run_analysis(project, analysis, options, where, progress)
        print_result(saved)

    signature = [
        inspect.Parameter(p.name, inspect.Parameter.KEYWORD_ONLY, default=p.default, annotation=_annotation(p))
        for p in parameters
    ] + [
        inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=None, annotation=annotation)
        for name, annotation in shared
    ]
    command.__signature__ = inspect.Signature(signature)  # what Typer reads to build the options
    command.__name__ = analysis.name
    command.__doc__ = (
        f"{analysis.description}\n\nThe table is saved in the project for the report; `dauys log` lists the run."
    )
    return command


def add_analysis_commands(group_app: typer.Typer, group: str) -> None:
    """Add a command to ``group_app`` for every analysis whose ``command_group`` is ``group``."""
    for analysis in analyses().values():
        if analysis.command_group == group:
            group_app.command(name=analysis.name.replace("_", "-"), short_help=analysis.title)(
                analysis_command(analysis)
            )
