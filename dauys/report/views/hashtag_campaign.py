"""Hashtag campaigns in the report: documents per day or week for each followed hashtag (the volume part)."""

from __future__ import annotations

import pandas as pd

from dauys.report.charts import require_columns
from dauys.report.views.channel_stats import Plot, Trace, label, register_plot

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
