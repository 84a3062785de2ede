"""Posting rhythm in the report: the weekday × hour heat map of posts (all groups of the table together)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from dauys.report.charts import register_reader_title, require_columns
from dauys.report.i18n import t
from dauys.report.views.channel_stats import Plot, by_group, label, register_plot, register_titles, sentence

COLUMNS = ("group", "weekday", "hour", "posts")


def posting_rhythm_plot(table: pd.DataFrame, lang: str) -> Plot:
    """Posts per weekday (rows, Monday first) and local hour (columns)."""
    require_columns(table, COLUMNS, "posting_rhythm")
    z = np.zeros((7, 24))
    for row in table.groupby(["weekday", "hour"])["posts"].sum().reset_index().itertuples(index=False):
        z[int(row.weekday) - 1, int(row.hour)] = row.posts
    days = [label(f"social.weekday_{d}", lang) for d in range(1, 8)]
    return Plot("heat", label("analysis.posting_rhythm", lang), label("column.hour", lang),
                label("column.weekday", lang), z=z, x_ticks=[f"{h:02d}" for h in range(24)], y_ticks=days)


register_plot("posting_rhythm", posting_rhythm_plot)

register_titles({
    "title.posting_rhythm": ("Posting rhythm", "Ритм публикаций", "Жариялау ырғағы"),
    "title.posting_rhythm.by": ("Posting rhythm {by}", "Ритм публикаций {by}", "{by} жариялау ырғағы"),
})


@register_reader_title("posting_rhythm")
def posting_rhythm_title(params: dict, lang: str) -> str:
    """"Ритм публикаций по каналам", "Арналар бойынша жариялау ырғағы"."""
    if params.get("by", "all") != "channel":
        return t("title.posting_rhythm", lang)
    return sentence(t("title.posting_rhythm.by", lang, by=by_group(lang, "channel")))
