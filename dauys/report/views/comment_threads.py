"""Comment threads in the report: stacked bars of comments and replies of the most commented posts."""

from __future__ import annotations

import pandas as pd

from dauys.report.charts import require_columns
from dauys.report.views.channel_stats import Plot, Trace, label, register_plot

COLUMNS = ("channel", "external_id", "comments", "replies", "commenters")
SHOWN = 20


def comment_threads_plot(table: pd.DataFrame, lang: str) -> Plot:
    require_columns(table, COLUMNS, "comment_threads")
    rows = table.head(SHOWN)
    names = [f"{c}: {e}" for c, e in zip(rows["channel"], rows["external_id"], strict=True)]
    hover = [f"{n}<br>{label('column.commenters', lang)}: {k}" for n, k in zip(names, rows["commenters"], strict=True)]
    traces = [Trace(label("column.comments", lang), names, rows["comments"].tolist(), hover),
              Trace(label("column.replies", lang), names, rows["replies"].tolist(), hover)]
    return Plot("hbar", label("analysis.comment_threads", lang), label("column.total", lang), "", traces,
                stacked=True)


register_plot("comment_threads", comment_threads_plot)
