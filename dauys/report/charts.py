"""Interactive charts (plotly) for the HTML report, one per analysis type, found through a registry.

An analysis gets a chart by registering a function that takes its saved table and a language and
returns a plotly Figure::

    @register_chart("keyness")
    def keyness_chart(table: pd.DataFrame, lang: str) -> go.Figure:
        ...

Analyses without a registered chart are shown as a table only. Each chart has a matplotlib twin in
:mod:`dauys.report.png` for publication figures. The figures name fonts only (no web fonts are
fetched), so a report works offline.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from dauys.errors import InputError
from dauys.report.i18n import format_number, t

ChartFunction = Callable[[pd.DataFrame, str], go.Figure]
CHARTS: dict[str, ChartFunction] = {}

FONT_FAMILY = "'Segoe UI', 'Noto Sans', 'DejaVu Sans', Roboto, Arial, sans-serif"
TOP_TERMS_COLUMNS = ("group", "rank", "term", "count", "per_1000", "documents")
MAX_COLUMNS = 3
PALETTE = ("#1f5f8b", "#c0392b", "#2e8b57", "#8e44ad", "#d68910", "#17a2b8", "#6d4c41", "#546e7a",
           "#ad1457", "#558b2f")


def register_chart(name: str) -> Callable[[ChartFunction], ChartFunction]:
    """Register ``function(table, lang) -> Figure`` as the chart of the analysis ``name``."""

    def register(function: ChartFunction) -> ChartFunction:
        CHARTS[name] = function
        return function

    return register


def chart_for(analysis: str, table: pd.DataFrame, lang: str) -> go.Figure | None:
    """The chart of a saved result, or None when the analysis has no registered chart."""
    from dauys.report.views import load_views

    load_views()
    function = CHARTS.get(analysis)
    return None if function is None else function(table, lang)


TableFunction = Callable[[pd.DataFrame, str], pd.DataFrame]
READER_TABLES: dict[str, TableFunction] = {}


def register_reader_table(name: str) -> Callable[[TableFunction], TableFunction]:
    """Register ``function(table, lang) -> table``: the saved table of ``name`` as the report shows it in
    ``lang`` (region names from the saved codes, say); the saved result itself never changes."""

    def register(function: TableFunction) -> TableFunction:
        READER_TABLES[name] = function
        return function

    return register


def reader_table(analysis: str, table: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The table of a saved result for readers of ``lang``: as saved unless its view says otherwise."""
    from dauys.report.views import load_views

    load_views()
    function = READER_TABLES.get(analysis)
    return table if function is None else function(table, lang)


TitleFunction = Callable[[dict, str], str]
READER_TITLES: dict[str, TitleFunction] = {}


def register_reader_title(name: str) -> Callable[[TitleFunction], TitleFunction]:
    """Register ``function(params, lang) -> str``: the title of a saved result of ``name`` in ``lang``,
    from the parameters it was run with (the saved title is the English one the CLI printed)."""

    def register(function: TitleFunction) -> TitleFunction:
        READER_TITLES[name] = function
        return function

    return register


def reader_title(analysis: str, params: dict, title: str, lang: str) -> str:
    """The title of a saved result for readers of ``lang``: its view's, or the saved ``title``."""
    from dauys.report.views import load_views

    load_views()
    if lang == "en":
        return title
    function = READER_TITLES.get(analysis)
    if function is not None:
        return function(params, lang)
    from dauys.analyze.base import analyses

    known = analyses().get(analysis)
    if known is not None and title == known.title:  # the analysis's plain name: readers have it in lang
        from dauys.report.methods import analysis_label

        return analysis_label(analysis, lang)
    return title


def require_columns(table: pd.DataFrame, columns: tuple[str, ...], analysis: str) -> None:
    """Raise :class:`InputError` naming the columns a result table lacks for its chart."""
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise InputError(
            f"The {analysis} table lacks the column(s) {', '.join(missing)} "
            f"(it has {', '.join(map(str, table.columns))}); run the {analysis} analysis again to save a "
            "complete table."
        )


def top_terms_groups(table: pd.DataFrame) -> list[tuple[str, pd.DataFrame]]:
    """The top_terms table split by group, in the table's order, each group sorted by rank."""
    require_columns(table, TOP_TERMS_COLUMNS, "top_terms")
    groups = []
    for name in pd.unique(table["group"]):
        part = table.loc[table["group"] == name] if pd.notna(name) else table.loc[table["group"].isna()]
        groups.append(("—" if pd.isna(name) else str(name), part.sort_values("rank", kind="stable")))
    return groups


@register_chart("top_terms")
def top_terms_chart(table: pd.DataFrame, lang: str) -> go.Figure:
    """Horizontal bars of each group's top terms (per 1,000 words), one small panel per group.

    Bars are per 1,000 word tokens of the group, so groups of different size compare; the hover
    shows the raw count and the number of documents containing the term.
    """
    groups = top_terms_groups(table)
    columns = min(MAX_COLUMNS, max(len(groups), 1))
    rows = max(math.ceil(len(groups) / columns), 1)
    longest = max((len(part) for _, part in groups), default=1)
    fig = make_subplots(
        rows=rows, cols=columns, subplot_titles=[name for name, _ in groups],
        horizontal_spacing=0.16 if columns > 1 else 0.02,
        vertical_spacing=min(0.12, 0.3 / rows) if rows > 1 else 0.05,
    )
    hover = (
        f"<b>%{{y}}</b><br>{t('column.per_1000', lang)}: %{{x:.2f}}<br>"
        f"{t('column.count', lang)}: %{{customdata[0]}}<br>{t('column.documents', lang)}: %{{customdata[1]}}"
        "<extra>%{fullData.name}</extra>"
    )
    for i, (name, part) in enumerate(groups):
        row, col = i // columns + 1, i % columns + 1
        fig.add_trace(
            go.Bar(
                x=part["per_1000"], y=part["term"].astype(str), orientation="h", name=name,
                marker_color=PALETTE[i % len(PALETTE)],
                customdata=list(zip(part["count"].map(lambda v: format_number(v, lang)),
                                    part["documents"].map(lambda v: format_number(v, lang)), strict=True)),
                hovertemplate=hover, showlegend=False,
            ),
            row=row, col=col,
        )
        fig.update_yaxes(autorange="reversed", automargin=True, type="category", row=row, col=col)
        fig.update_xaxes(title_text=t("chart.per_1000", lang), title_font_size=11, row=row, col=col)
    style_figure(fig, height=rows * (longest * 20 + 90) + 60)
    return fig


def term_heatmap(matrix: pd.DataFrame, lang: str = "en", value_label: str | None = None) -> go.Figure:
    """A heat map of a terms × groups matrix (index: terms, columns: groups, e.g. with an ``average`` column).

    Cells show their values; the first term is drawn at the top.
    """
    if matrix.empty:
        raise InputError("The matrix for the heat map is empty: there are no terms or no groups to draw.")
    columns = [t("column.average", lang) if str(c) == "average" else str(c) for c in matrix.columns]
    values = matrix.to_numpy(dtype=float)
    fig = go.Figure(
        go.Heatmap(
            z=values, x=columns, y=[str(i) for i in matrix.index], colorscale="Blues",
            colorbar={"title": {"text": value_label or ""}},
            texttemplate="%{z:.1f}" if values.size <= 900 else None,
            hovertemplate="%{y} · %{x}: %{z:.2f}<extra></extra>",
        )
    )
    fig.update_yaxes(autorange="reversed", automargin=True, type="category")
    fig.update_xaxes(side="top", type="category", automargin=True)
    style_figure(fig, height=max(260, 22 * len(matrix.index) + 140))
    return fig


def documents_per_month_chart(monthly: pd.DataFrame, lang: str) -> go.Figure:
    """Stacked monthly bars of documents by corpus; ``monthly`` has columns month (YYYY-MM), corpus, count."""
    fig = go.Figure()
    for i, (corpus, part) in enumerate(monthly.groupby("corpus", sort=False)):
        fig.add_trace(go.Bar(
            x=part["month"], y=part["count"], name=str(corpus), marker_color=PALETTE[i % len(PALETTE)],
            hovertemplate="%{x}<br>%{fullData.name}: %{y}<extra></extra>",
        ))
    fig.update_layout(barmode="stack", legend_title_text=t("column.corpus", lang))
    fig.update_xaxes(type="category", title_text=t("chart.month", lang), categoryorder="category ascending")
    fig.update_yaxes(title_text=t("chart.documents", lang))
    style_figure(fig, height=380)
    return fig


def documents_by_language_chart(counts: pd.DataFrame, lang: str) -> go.Figure:
    """Horizontal stacked bars: the documents of each corpus by language (columns corpus, language, count)."""
    fig = go.Figure()
    for i, (language, part) in enumerate(counts.groupby("language", sort=False)):
        fig.add_trace(go.Bar(
            x=part["count"], y=part["corpus"].astype(str), name=str(language), orientation="h",
            marker_color=PALETTE[i % len(PALETTE)],
            hovertemplate="%{y} · %{fullData.name}: %{x}<extra></extra>",
        ))
    fig.update_layout(barmode="stack", legend_title_text=t("column.lang", lang))
    fig.update_yaxes(type="category", automargin=True, autorange="reversed")
    fig.update_xaxes(title_text=t("chart.documents", lang))
    style_figure(fig, height=max(220, 48 * counts["corpus"].nunique() + 120))
    return fig


def style_figure(fig: go.Figure, height: int) -> None:
    """The look of every report chart: plotly's white template, the report's fonts (named, never fetched)."""
    fig.update_layout(
        template="plotly_white", height=height, font={"family": FONT_FAMILY, "size": 13},
        margin={"l": 10, "r": 10, "t": 50, "b": 40}, hoverlabel={"font": {"family": FONT_FAMILY}},
    )
