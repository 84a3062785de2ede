"""Publication figures as PNG, drawn with matplotlib: the twins of the report's interactive charts.

PNG is made with matplotlib rather than plotly's image export (kaleido needs a Chrome browser). The
text is set in DejaVu Sans, which ships with matplotlib and has every Kazakh letter
(Ә Ғ Қ Ң Ө Ұ Ү Һ І) as well as Russian and Latin, so a figure never shows empty boxes.

One function per kind of chart — bars per group, monthly stacked bars, heat map — and a registry from
analysis name to a function ``(table, path, lang)``; :func:`save_chart_png` draws a saved result.

Given the project's shutdown log (``shutdowns=``), :func:`save_chart_png` shades the shutdown periods on
every axes whose x axis holds dates, after the view has drawn and before the file is written (as the HTML
report does on its time charts), so no view needs to know about shutdowns.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from contextvars import ContextVar
from pathlib import Path

import matplotlib
import numpy as np
import pandas as pd
from matplotlib import font_manager
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from dauys.errors import InputError
from dauys.report.charts import PALETTE, top_terms_groups
from dauys.report.i18n import t

FONT_FAMILY = "DejaVu Sans"
DPI = 200
PngChart = Callable[[pd.DataFrame, Path, str], Path]
PNG_CHARTS: dict[str, PngChart] = {}
# (shutdowns, lang) while save_chart_png draws a chart to be shaded; save_figure reads it
_SHADING: ContextVar[tuple[pd.DataFrame, str] | None] = ContextVar("png_shutdown_shading", default=None)


def font_path() -> Path:
    """The font file PNG charts are drawn with (matplotlib's bundled DejaVu Sans)."""
    font = font_manager.FontProperties(family=FONT_FAMILY)
    return Path(font_manager.findfont(font, fallback_to_default=False))


def register_png(name: str) -> Callable[[PngChart], PngChart]:
    """Register ``function(table, path, lang) -> path`` as the PNG chart of the analysis ``name``."""

    def register(function: PngChart) -> PngChart:
        PNG_CHARTS[name] = function
        return function

    return register


def has_png_chart(analysis: str) -> bool:
    """Whether results of ``analysis`` have a PNG chart."""
    from dauys.report.views import load_views

    load_views()
    return analysis in PNG_CHARTS


def save_chart_png(analysis: str, table: pd.DataFrame, path: Path, lang: str = "en",
                   shutdowns: pd.DataFrame | None = None) -> Path:
    """Draw the chart of a saved result (``analysis`` names its kind) as a PNG file at ``path``.

    ``shutdowns`` (:func:`dauys.events.store.load_shutdowns`): periods to shade on every date axis."""
    from dauys.report.views import load_views

    load_views()
    function = PNG_CHARTS.get(analysis)
    if function is None:
        charted = ", ".join(sorted(PNG_CHARTS)) or "none"
        raise InputError(
            f"There is no chart for {analysis!r} results (charts exist for: {charted}); "
            "export its table as .csv or .xlsx instead."
        )
    token = _SHADING.set((shutdowns, lang) if shutdowns is not None and len(shutdowns) else None)
    try:
        return function(table, Path(path), lang)
    finally:
        _SHADING.reset(token)


def is_date_axis(ax) -> bool:
    """Whether the x axis of matplotlib axes ``ax`` holds dates (a date converter, locator or formatter)."""
    import matplotlib.dates as mdates

    converter = ax.xaxis.get_converter()
    date_converters = (mdates.DateConverter, getattr(mdates, "_SwitchableDateConverter", mdates.DateConverter))
    return (isinstance(converter, date_converters) or isinstance(ax.xaxis.get_major_locator(), mdates.DateLocator)
            or isinstance(ax.xaxis.get_major_formatter(),
                          mdates.DateFormatter | mdates.AutoDateFormatter | mdates.ConciseDateFormatter))


def shade_date_axes(fig: Figure, shutdowns: pd.DataFrame, lang: str) -> int:
    """Shade the shutdown periods on every visible axes of ``fig`` with a date x axis; returns how many.

    Axes that share their x axis with axes shaded already (a ``twinx`` for a second scale) are left as they
    are: their bands would lie over the first axes' lines and darken the shading."""
    from dauys.report.shutdowns import shade_shutdowns_png

    shaded: list = []
    for ax in fig.axes:
        if not ax.get_visible() or not is_date_axis(ax):
            continue
        if any(ax.get_shared_x_axes().joined(ax, other) for other in shaded):
            continue
        shade_shutdowns_png(ax, shutdowns, lang)
        shaded.append(ax)
    return len(shaded)


def png_style() -> dict[str, object]:
    """The matplotlib settings of every PNG chart (``matplotlib.rc_context(png_style())``): the font that
    has every Kazakh letter, small type, no top or right frame."""
    return {"font.family": "sans-serif", "font.sans-serif": [FONT_FAMILY], "font.size": 9,
            "axes.spines.top": False, "axes.spines.right": False}


def save_figure(fig: Figure, path: Path) -> Path:
    """Write a PNG chart at the report's resolution, making its folder; returns ``path``.

    Inside :func:`save_chart_png` with shutdowns, their periods are shaded on the date axes first."""
    shading = _SHADING.get()
    if shading is not None:
        shade_date_axes(fig, *shading)
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=DPI, format="png", bbox_inches="tight")
    return path


def bars_per_group_png(groups: list[tuple[str, pd.Series]], path: Path, value_label: str,
                       title: str | None = None) -> Path:
    """Small multiples of horizontal bars: a panel per group, labelled by the series' index, first on top."""
    columns = min(3, max(len(groups), 1))
    rows = max(math.ceil(len(groups) / columns), 1)
    longest = max((len(values) for _, values in groups), default=1)
    with matplotlib.rc_context(png_style()):
        fig = Figure(figsize=(3.6 * columns, rows * (0.22 * longest + 0.9) + 0.4), layout="constrained")
        axes = fig.subplots(rows, columns, squeeze=False)
        for i, (name, values) in enumerate(groups):
            ax = axes[i // columns][i % columns]
            labels = [str(v) for v in values.index]
            ax.barh(range(len(values)), values.to_numpy(dtype=float), color=PALETTE[i % len(PALETTE)])
            ax.set_yticks(range(len(values)), labels)
            ax.invert_yaxis()
            ax.set_title(name, fontsize=10, fontweight="bold")
            ax.set_xlabel(value_label)
        for j in range(len(groups), rows * columns):
            axes[j // columns][j % columns].set_visible(False)
        if title:
            fig.suptitle(title, fontsize=11)
        return save_figure(fig, path)


def monthly_bars_png(monthly: pd.DataFrame, path: Path, lang: str, title: str | None = None) -> Path:
    """Stacked monthly bars: ``monthly`` has months (YYYY-MM) as index and one column per series (corpus)."""
    with matplotlib.rc_context(png_style()):
        fig = Figure(figsize=(max(6.0, 0.28 * len(monthly.index) + 2.5), 3.8), layout="constrained")
        ax = fig.subplots()
        bottom = pd.Series(0.0, index=monthly.index)
        positions = range(len(monthly.index))
        for i, column in enumerate(monthly.columns):
            values = monthly[column].astype(float)
            ax.bar(positions, values, bottom=bottom, label=str(column), color=PALETTE[i % len(PALETTE)])
            bottom = bottom + values
        ax.set_xticks(positions, [str(m) for m in monthly.index],
                      rotation=90 if len(monthly.index) > 12 else 0)
        ax.set_xlabel(t("chart.month", lang))
        ax.set_ylabel(t("chart.documents", lang))
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        ax.legend(title=t("column.corpus", lang), fontsize=8, frameon=False, loc="upper left",
                  bbox_to_anchor=(1.01, 1.0))
        if title:
            ax.set_title(title, fontsize=11)
        return save_figure(fig, path)


def heatmap_png(matrix: pd.DataFrame, path: Path, lang: str, value_label: str | None = None) -> Path:
    """A terms × groups heat map with the values written in the cells (the twin of ``term_heatmap``)."""
    if matrix.empty:
        raise InputError("The matrix for the heat map is empty: there are no terms or no groups to draw.")
    values = matrix.to_numpy(dtype=float)
    columns = [t("column.average", lang) if str(c) == "average" else str(c) for c in matrix.columns]
    with matplotlib.rc_context(png_style()):
        fig = Figure(figsize=(1.1 * len(columns) + 2.5, 0.3 * len(matrix.index) + 1.5), layout="constrained")
        ax = fig.subplots()
        image = ax.imshow(values, cmap="Blues", aspect="auto")
        ax.set_xticks(range(len(columns)), columns)
        ax.xaxis.tick_top()
        ax.set_yticks(range(len(matrix.index)), [str(i) for i in matrix.index])
        if values.size <= 900 and not np.isnan(values).all():
            threshold = (np.nanmin(values) + np.nanmax(values)) / 2
            for (r, c), value in np.ndenumerate(values):
                if not np.isnan(value):
                    ax.text(c, r, f"{value:.1f}", ha="center", va="center", fontsize=7,
                            color="white" if value > threshold else "black")
        colorbar = fig.colorbar(image, ax=ax)
        if value_label:
            colorbar.set_label(value_label)
        return save_figure(fig, path)


@register_png("top_terms")
def top_terms_png(table: pd.DataFrame, path: Path, lang: str) -> Path:
    """Each group's top terms as horizontal bars, per 1,000 words of the group."""
    groups = [(name, part.set_index(part["term"].astype(str))["per_1000"])
              for name, part in top_terms_groups(table)]
    return bars_per_group_png(groups, path, t("chart.per_1000", lang), title=t("analysis.top_terms", lang))
