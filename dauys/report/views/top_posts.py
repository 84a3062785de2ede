"""Top posts in the report: horizontal bars of the ranked metric (the table beside it has every column)."""

from __future__ import annotations

import pandas as pd

from dauys.report.charts import register_reader_title, require_columns
from dauys.report.i18n import t
from dauys.report.views.channel_stats import (
    Plot,
    Trace,
    by_metric,
    label,
    number,
    register_plot,
    register_titles,
    sentence,
)

COLUMNS = ("group", "rank", "channel", "date", "title", "metric", "value")
SHOWN = 20


def top_posts_plot(table: pd.DataFrame, lang: str) -> Plot:
    """The first group's top posts (at most 20), labelled by channel, date and the opening of the title."""
    require_columns(table, COLUMNS, "top_posts")
    first = table["group"].iloc[0] if len(table) else "all"
    rows = table[table["group"] == first].head(SHOWN)
    names = [f"{r.rank}. {r.channel} {r.date}: {str(r.title)[:40]}" for r in rows.itertuples(index=False)]
    hover = [f"{n}<br>{number(v, 2)}" for n, v in zip(names, rows["value"], strict=True)]
    metric = rows["metric"].iloc[0] if len(rows) else "views"
    return Plot("hbar", label("analysis.top_posts", lang), label(f"column.{metric}", lang), "",
                [Trace(str(first), names, rows["value"].tolist(), hover)])


register_plot("top_posts", top_posts_plot)

register_titles({
    "title.top_posts": ("Top {n} posts {metric}", "Топ-{n} постов {metric}", "{metric} үздік {n} жазба"),
    "title.top_posts.per_channel": ("Top {n} posts {metric} per channel", "Топ-{n} постов {metric} в каждом канале",
                                    "Әр арнадағы {metric} үздік {n} жазба"),
})


@register_reader_title("top_posts")
def top_posts_title(params: dict, lang: str) -> str:
    """"Топ-20 постов по просмотрам в каждом канале", "Әр арнадағы қаралым бойынша үздік 20 жазба"."""
    key = "title.top_posts.per_channel" if params.get("by", "all") == "channel" else "title.top_posts"
    return sentence(t(key, lang, n=params.get("n", 20), metric=by_metric(str(params.get("metric", "views")), lang)))
