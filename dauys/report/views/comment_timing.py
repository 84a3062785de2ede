"""Comment timing in the report: the cumulative share of comments against hours after publication."""

from __future__ import annotations

import pandas as pd

from dauys.report.charts import require_columns
from dauys.report.views.channel_stats import Plot, Trace, label, number, register_plot

COLUMNS = ("group", "hours_to", "comments", "cumulative_share", "median_delay_hours")
MAX_LINES = 12


def comment_timing_plot(table: pd.DataFrame, lang: str) -> Plot:
    """One curve per group (at most 12), reaching the share of comments written by each bin's end."""
    require_columns(table, COLUMNS, "comment_timing")
    traces = []
    for group in list(dict.fromkeys(table["group"]))[:MAX_LINES]:
        part = table[table["group"] == group]
        median = part["median_delay_hours"].iloc[0]
        hover = [f"{group} · {number(h, 1)} h: {number(100 * s, 1)}% ({c})<br>"
                 f"{label('column.median_delay_hours', lang)}: {number(median, 1)}"
                 for h, s, c in zip(part["hours_to"], part["cumulative_share"], part["comments"], strict=True)]
        traces.append(Trace(str(group), part["hours_to"].tolist(), part["cumulative_share"].tolist(), hover))
    return Plot("line", label("analysis.comment_timing", lang), label("social.hours_after", lang),
                label("social.share_of_comments", lang), traces, percent_y=True)


register_plot("comment_timing", comment_timing_plot)
