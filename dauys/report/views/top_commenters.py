"""The most active commenters in the report: bars of comments per pseudonymised author."""

from __future__ import annotations

import pandas as pd

from dauys.report.charts import register_reader_title, require_columns
from dauys.report.i18n import t
from dauys.report.views.channel_stats import Plot, Trace, label, number, register_plot, register_titles

COLUMNS = ("rank", "author_key", "comments", "posts", "share")
SHOWN = 20


def top_commenters_plot(table: pd.DataFrame, lang: str) -> Plot:
    require_columns(table, COLUMNS, "top_commenters")
    rows = table.head(SHOWN)
    names = rows["author_key"].astype(str).tolist()
    hover = [f"{a}: {c} ({number(100 * s, 1)}%), {label('column.posts', lang)}: {p}"
             for a, c, s, p in zip(names, rows["comments"], rows["share"], rows["posts"], strict=True)]
    return Plot("hbar", label("analysis.top_commenters", lang), label("column.comments", lang), "",
                [Trace(label("column.comments", lang), names, rows["comments"].tolist(), hover)])


register_plot("top_commenters", top_commenters_plot)

register_titles({
    "title.top_commenters": ("Top {n} commenters", "Топ-{n} комментаторов", "Ең белсенді {n} пікір жазушы"),
})


@register_reader_title("top_commenters")
def top_commenters_title(params: dict, lang: str) -> str:
    """"Топ-15 комментаторов", "Ең белсенді 15 пікір жазушы"."""
    return t("title.top_commenters", lang, n=params.get("n", 50))
