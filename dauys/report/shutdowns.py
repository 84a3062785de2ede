"""Shutdown periods as shaded bands on time charts (plotly and matplotlib).

Every period of the shutdown log (:func:`dauys.events.store.load_shutdowns`) becomes a grey band from
its start to its end; one still in force runs to the chart's right edge. The legend names each period's
service, scope, place and dates (an empty line trace carries the entry, since shapes have none, so the
axes keep their range).

:func:`is_time_chart` tells whether a figure's x axis holds dates, so the report can shade every time
chart (trends, code trends, topics over time, events, social series) without knowing each kind.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dauys.report.i18n import register_labels, t

FILL = "rgba(110, 110, 110, 0.16)"
EDGE = "rgba(90, 90, 90, 0.55)"

register_labels({
    "en": {"shutdown.legend": "Shutdown", "shutdown.in_force": "still in force", "shutdown.source": "source",
           "shutdown.national": "national", "shutdown.region": "regional", "shutdown.city": "city"},
    "ru": {"shutdown.legend": "Отключение", "shutdown.in_force": "действует", "shutdown.source": "источник",
           "shutdown.national": "по всей стране", "shutdown.region": "в регионе", "shutdown.city": "в городе"},
    "kk": {"shutdown.legend": "Өшіру", "shutdown.in_force": "әлі күшінде", "shutdown.source": "дереккөз",
           "shutdown.national": "бүкіл ел бойынша", "shutdown.region": "өңірде", "shutdown.city": "қалада"},
})


def _label(row, lang: str) -> str:
    scope = t(f"shutdown.{row.scope}", lang) if row.scope in ("national", "region", "city") else str(row.scope)
    place = f" {row.place}" if isinstance(row.place, str) and row.place and row.scope != "national" else ""
    return f"{t('shutdown.legend', lang)}: {row.service} ({scope}{place})"


def _bounds(row, right_edge) -> tuple[datetime, datetime]:
    """Start and end of a period as naive datetimes on the chart's calendar (the project's local days)."""
    start = pd.Timestamp(row.start_date)
    end = pd.Timestamp(row.end_date) + timedelta(days=1) if row.end_date is not None and not pd.isna(
        row.end_date) else right_edge
    return start.to_pydatetime(), pd.Timestamp(end).to_pydatetime()


def _x_values(fig: go.Figure) -> list:
    values = []
    for trace in fig.data:
        x = getattr(trace, "x", None)
        if x is not None and len(x):
            values.extend(list(x))
    return values


def _as_datetimes(values: list) -> pd.DatetimeIndex | None:
    if not values:
        return None
    sample = values[: min(len(values), 50)]
    if all(isinstance(v, datetime | date | np.datetime64 | pd.Timestamp) for v in sample):
        return pd.DatetimeIndex(pd.to_datetime(values)).tz_localize(None) if any(
            getattr(v, "tzinfo", None) for v in sample) else pd.DatetimeIndex(pd.to_datetime(values))
    if all(isinstance(v, str) for v in sample):
        parsed = pd.to_datetime(pd.Series(values), format="ISO8601", errors="coerce")
        if parsed.notna().all() and all(len(v) >= 10 and v[4] == "-" and v[7] == "-" for v in sample):
            return pd.DatetimeIndex(parsed)
    return None


def is_time_chart(fig: go.Figure) -> bool:
    """Whether the figure's x axis holds dates: a date axis, or traces whose x values are dates."""
    if getattr(fig.layout.xaxis, "type", None) == "date":
        return True
    if getattr(fig.layout.xaxis, "type", None) == "category":
        return False
    return _as_datetimes(_x_values(fig)) is not None


def shade_shutdowns(fig: go.Figure, shutdowns: pd.DataFrame, lang: str) -> go.Figure:
    """Add a shaded band per shutdown period (in ``fig``'s date range) and a legend entry per kind."""
    if shutdowns is None or not len(shutdowns):
        return fig
    x = _as_datetimes(_x_values(fig))
    if x is None or not len(x):
        return fig
    left, right = x.min(), x.max()
    points = x.unique().sort_values()
    # the chart's right end: one step (the usual spacing of its points) after the last point
    right_edge = right + (points.to_series().diff().median() if len(points) > 1 else timedelta(days=1))
    if pd.isna(right_edge):
        right_edge = right + timedelta(days=1)
    seen = set()
    for row in shutdowns.itertuples():
        start, end = _bounds(row, right_edge)
        if end < left or start > right_edge:
            continue
        label = _label(row, lang)
        until = row.end_date if row.end_date is not None and not pd.isna(row.end_date) else t("shutdown.in_force", lang)
        x1 = min(end, right_edge.to_pydatetime())
        fig.add_vrect(x0=max(start, left.to_pydatetime()), x1=x1, fillcolor=FILL, line_width=0, layer="below")
        # shapes have no legend entry: an empty line trace carries it (no points, so the axes do not change)
        fig.add_trace(go.Scatter(
            x=[start, x1], y=[None, None], mode="lines", name=f"{label}, {row.start_date} – {until}",
            legendgroup=f"shutdown-{label}", showlegend=(label, row.start_date) not in seen,
            line={"color": EDGE, "width": 8}, hoverinfo="skip",
        ))
        seen.add((label, row.start_date))
    return fig


def shade_shutdowns_png(ax, shutdowns: pd.DataFrame, lang: str):
    """The matplotlib twin: a grey band (``axvspan``) per period, open-ended ones to the axis's right edge."""
    if shutdowns is None or not len(shutdowns):
        return ax
    import matplotlib.dates as mdates

    left, right = ax.get_xlim()
    seen = set()
    for row in shutdowns.itertuples():
        start, end = _bounds(row, mdates.num2date(right).replace(tzinfo=None))
        x0, x1 = mdates.date2num(start), min(mdates.date2num(end), right)
        if x1 < left or x0 > right:
            continue
        label = _label(row, lang)
        ax.axvspan(x0, x1, color="0.5", alpha=0.18, linewidth=0, zorder=0,
                   label=None if label in seen else label)
        seen.add(label)
    ax.set_xlim(left, right)
    return ax


def shade_report_figure(fig: go.Figure | None, shutdowns: pd.DataFrame, lang: str) -> go.Figure | None:
    """Shade ``fig`` with the shutdown log when it is a time chart that does not shade itself.

    A chart that draws its own periods (the activity series, from its ``shutdown`` column, which respects
    the region) says so with ``layout.meta = {"shutdowns_shaded": True}`` and is left alone.
    """
    if fig is None or shutdowns is None or not len(shutdowns) or not is_time_chart(fig):
        return fig
    meta = fig.layout.meta
    if isinstance(meta, dict) and meta.get("shutdowns_shaded"):
        return fig
    return shade_shutdowns(fig, shutdowns, lang)
