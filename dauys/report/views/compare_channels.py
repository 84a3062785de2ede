"""Channels compared in the report: grouped bars of the chosen normalisation, one bar per channel and measure."""

from __future__ import annotations

import pandas as pd

from dauys.report.charts import require_columns
from dauys.report.views.channel_stats import Plot, Trace, label, number, register_plot

COLUMNS = ("period", "start", "channel", "measure", "normalise", "value")


def compare_channels_plot(table: pd.DataFrame, lang: str) -> Plot:
    """The latest period's measures (x) by channel (colour), in the table's normalisation."""
    require_columns(table, COLUMNS, "compare_channels")
    latest = table[table["start"] == table["start"].max()] if len(table) else table
    measures = list(dict.fromkeys(latest["measure"]))
    traces = []
    for channel, part in latest.groupby("channel", sort=True):
        part = part.set_index("measure").reindex(measures)
        names = [label(f"column.{m}", lang) for m in measures]
        hover = [f"{channel} · {n}: {number(v, 2)}" for n, v in zip(names, part["value"], strict=True)]
        traces.append(Trace(str(channel), names, part["value"].tolist(), hover))
    normalise = latest["normalise"].iloc[0] if len(latest) else "index"
    period = latest["period"].iloc[0] if len(latest) else ""
    return Plot("bar", f"{label('analysis.compare_channels', lang)} · {period}", label("column.measure", lang),
                label(f"column.{normalise}", lang), traces)


register_plot("compare_channels", compare_channels_plot)
