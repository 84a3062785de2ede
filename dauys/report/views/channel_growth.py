"""Channel growth in the report: a line per channel of its subscribers (or the first metric) over the snapshots."""

from __future__ import annotations

import pandas as pd

from dauys.report.charts import register_reader_title, require_columns
from dauys.report.views.channel_stats import (
    Plot,
    Trace,
    label,
    number,
    period_title,
    register_plot,
    register_titles,
)

COLUMNS = ("channel", "metric", "period", "date", "value", "change", "percent_change")


def channel_growth_plot(table: pd.DataFrame, lang: str) -> Plot:
    """Growth lines: subscribers per channel when the table has them, else its first metric."""
    require_columns(table, COLUMNS, "channel_growth")
    metrics = table["metric"].dropna().unique().tolist()
    metric = "subscribers" if "subscribers" in metrics else (metrics[0] if metrics else "subscribers")
    rows = table[table["metric"] == metric]
    traces = []
    for channel, part in rows.groupby("channel", sort=True):
        part = part.sort_values("date", kind="stable")
        hover = [f"{channel} · {d}<br>{number(v)} ({'+' if (c or 0) >= 0 else ''}{number(c)}, {number(p, 1)}%)"
                 for d, v, c, p in zip(part["date"], part["value"], part["change"], part["percent_change"],
                                       strict=True)]
        traces.append(Trace(str(channel), pd.to_datetime(part["date"]).tolist(), part["value"].tolist(), hover))
    return Plot("line", label("analysis.channel_growth", lang), label("column.date", lang),
                label("column.followers" if metric == "subscribers" else f"column.{metric}", lang), traces)


register_plot("channel_growth", channel_growth_plot)

register_titles({
    "title.channel_growth": ("Channel growth", "Рост каналов", "Арналардың өсуі"),
    "title.channel_growth.by": ("Channel growth {by}", "Рост каналов {by}", "{by} арналардың өсуі"),
})


@register_reader_title("channel_growth")
def channel_growth_title(params: dict, lang: str) -> str:
    """"Рост каналов по месяцам", "Айлар бойынша арналардың өсуі" (every snapshot: no grouping)."""
    return period_title(params, lang, "channel_growth", whole="snapshot")
