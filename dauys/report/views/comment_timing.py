"""Comment timing in the report: the cumulative share of comments against hours after publication."""

from __future__ import annotations

import pandas as pd

from dauys.report.charts import register_reader_title, require_columns
from dauys.report.i18n import t
from dauys.report.views.channel_stats import (
    Plot,
    Trace,
    by_group,
    label,
    number,
    register_plot,
    register_titles,
    sentence,
)

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

register_titles({
    "title.comment_timing": ("Comment timing", "Время комментариев", "Пікірлер уақыты"),
    "title.comment_timing.by": ("Comment timing {by}", "Время комментариев {by}", "{by} пікірлер уақыты"),
})


@register_reader_title("comment_timing")
def comment_timing_title(params: dict, lang: str) -> str:
    """"Время комментариев по каналам", "Жазбалар бойынша пікірлер уақыты"."""
    by = str(params.get("by", "all"))
    if by == "all":
        return t("title.comment_timing", lang)
    return sentence(t("title.comment_timing.by", lang, by=by_group(lang, by)))
