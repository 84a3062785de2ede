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
from typing import Annotated, Any, Literal

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


def _print_table(frame: pd.DataFrame, title: str | None) -> None:
    table = Table(title=escape(title) if title else None, title_justify="left")
    for column in frame.columns:
        numeric = pd.api.types.is_numeric_dtype(frame[column])
        table.add_column(column.replace("_", " "), justify="right" if numeric else "left")
    for row in frame.itertuples(index=False):
        cells = []
        for value in row:
            if isinstance(value, bool):
                cells.append("yes" if value else "no")
            elif isinstance(value, float):
                cells.append(f"{value:,.2f}")
            elif isinstance(value, int):
                cells.append(f"{value:,}")
            else:
                cells.append(escape(str(value)))
        table.add_row(*cells)
    console.print(table)


def _print_rows(frame: pd.DataFrame, title: str) -> None:
    _print_table(frame.head(PRINTED_ROWS), title)
    if len(frame) > PRINTED_ROWS:
        console.print(f"… {len(frame) - PRINTED_ROWS:,} more rows in the saved table", highlight=False)


def print_result(saved: SavedResult) -> None:
    """Print a saved table and where it is kept: one table per ``part`` when the table holds several kinds
    of rows (topics: topics, terms, documents, periods), else one per group when it has a ``group``
    column; at most :data:`PRINTED_ROWS` rows each."""
    frame = saved.frame()
    if "part" in frame.columns:
        for name, rows in frame.groupby("part", sort=False):
            _print_rows(rows.drop(columns="part").dropna(axis=1, how="all"), f"{saved.title} — {name}")
    elif "group" in frame.columns and frame["group"].nunique() > 1:
        for group, part in frame.groupby("group", sort=False):
            _print_rows(part.drop(columns="group"), f"{saved.title} — {group}")
    else:
        _print_rows(frame, saved.title)
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
