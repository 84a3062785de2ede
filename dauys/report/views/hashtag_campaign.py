"""Hashtag campaigns in the report: documents per day or week for each followed hashtag (the volume part)."""

from __future__ import annotations

import pandas as pd

from dauys.report.charts import register_reader_title, require_columns
from dauys.report.i18n import t
from dauys.report.views.channel_stats import Plot, Trace, label, register_plot, register_titles

COLUMNS = ("part", "hashtag", "period", "start", "documents", "channels")


def hashtag_campaign_plot(table: pd.DataFrame, lang: str) -> Plot:
    require_columns(table, COLUMNS, "hashtag_campaign")
    volume = table[table["part"] == "volume"]
    traces = []
    for tag in list(dict.fromkeys(volume["hashtag"])):
        part = volume[volume["hashtag"] == tag].sort_values("start", kind="stable")
        hover = [f"{tag} · {p}: {d} ({label('column.channels', lang)}: {c})"
                 for p, d, c in zip(part["period"], part["documents"], part["channels"], strict=True)]
        traces.append(Trace(str(tag), pd.to_datetime(part["start"]).tolist(),
                            part["documents"].astype(float).tolist(), hover))
    return Plot("line", label("analysis.hashtag_campaign", lang), label("column.period", lang),
                label("social.documents", lang), traces)


register_plot("hashtag_campaign", hashtag_campaign_plot)

register_titles({
    "title.hashtag_campaign": ("Hashtag campaign: {hashtags}", "Хештег-кампания: {hashtags}",
                               "Хэштег науқаны: {hashtags}"),
    "title.hashtag_campaign.top": ("Hashtag campaign: top {n} hashtags", "Хештег-кампания: топ-{n} хештегов",
                                   "Хэштег науқаны: ең жиі {n} хэштег"),
})


@register_reader_title("hashtag_campaign")
def hashtag_campaign_title(params: dict, lang: str) -> str:
    """"Хештег-кампания: #жаңаqазақстан, #газ", or "Хэштег науқаны: ең жиі 10 хэштег" when none was named."""
    from dauys.social.hashtag_campaign import parse_hashtags

    tags = parse_hashtags(str(params.get("hashtags", "") or ""))
    if tags:
        return t("title.hashtag_campaign", lang, hashtags=", ".join(tags))
    return t("title.hashtag_campaign.top", lang, n=params.get("top", 5))
