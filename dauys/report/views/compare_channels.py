"""Channels compared in the report: grouped bars of the chosen normalisation, one bar per channel and measure."""

from __future__ import annotations

import pandas as pd

from dauys.report.charts import register_reader_title, require_columns
from dauys.report.i18n import has_label, t
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

register_titles({
    "title.compare_channels": ("Channels compared ({normalise})", "Сравнение каналов ({normalise})",
                               "Арналарды салыстыру ({normalise})"),
    "title.compare_channels.by": ("Channels compared ({normalise}) {by}", "Сравнение каналов ({normalise}) {by}",
                                  "{by} арналарды салыстыру ({normalise})"),
    "title.compare_channels.per_post": ("per post", "на пост", "бір жазбаға"),
    "title.compare_channels.per_1000_followers": ("per 1000 followers", "на 1000 подписчиков", "1000 жазылушыға"),
    "title.compare_channels.z": ("z", "z-оценка", "z-бағалау"),
    "title.compare_channels.index": ("index", "индекс", "индекс"),
})


@register_reader_title("compare_channels")
def compare_channels_title(params: dict, lang: str) -> str:
    """"Сравнение каналов (на пост) по месяцам", "Айлар бойынша арналарды салыстыру (бір жазбаға)"."""
    normalise = str(params.get("normalise", "index"))
    key = f"title.compare_channels.{normalise}"
    shown = t(key, lang) if has_label(key) else normalise.replace("_", " ")
    period = str(params.get("period", "all"))
    if period == "all":
        return t("title.compare_channels", lang, normalise=shown)
    return sentence(t("title.compare_channels.by", lang, normalise=shown, by=by_group(lang, period)))
