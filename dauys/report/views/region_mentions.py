"""Region mentions in the report: a map of the documents mentioning each region, and bars per channel."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from dauys.geo.regions import REGIONS, SHORT_NAMES
from dauys.report.charts import PALETTE, register_chart, register_reader_title, require_columns, style_figure
from dauys.report.i18n import register_labels, t
from dauys.report.maps import choropleth_figure, choropleth_png, geo_settings
from dauys.report.png import register_png

COLUMNS = ("channel", "region", "documents", "mentions", "places")
MAX_CHANNELS = 6

register_labels({
    "en": {
        "analysis.region_mentions": "Region mentions: documents naming each region",
        "region_mentions.documents": "documents mentioning the region",
        "region_mentions.mentions": "mentions",
        "region_mentions.places": "places",
        "column.region_name": "Region",
        "column.group_documents": "Documents in the group",
        "column.forms": "Forms matched",
        "column.mentions": "Mentions",
    },
    "ru": {
        "analysis.region_mentions": "Упоминания регионов: документы, называющие каждый регион",
        "region_mentions.documents": "документов с упоминанием региона",
        "region_mentions.mentions": "упоминаний",
        "region_mentions.places": "места",
        "column.region_name": "Регион",
        "column.group_documents": "Документов в группе",
        "column.forms": "Найденные формы",
        "column.mentions": "Упоминания",
    },
    "kk": {
        "analysis.region_mentions": "Өңірлердің аталуы: әр өңірді атаған құжаттар",
        "region_mentions.documents": "өңір аталған құжаттар",
        "region_mentions.mentions": "аталу саны",
        "region_mentions.places": "жерлер",
        "column.region_name": "Өңір",
        "column.group_documents": "Топтағы құжаттар",
        "column.forms": "Табылған пішіндер",
        "column.mentions": "Аталу саны",
    },
})


def _totals(table: pd.DataFrame) -> tuple[pd.Series, dict[str, str]]:
    """Documents per region over every group, and a hover line with mentions and places."""
    require_columns(table, COLUMNS, "region_mentions")
    totals = table.groupby("region")["documents"].sum()
    mentions = table.groupby("region")["mentions"].sum()
    places = table.groupby("region")["places"].first()
    return totals, {c: f"{int(mentions[c])} · {places[c]}" for c in totals.index}


@register_chart("region_mentions")
def region_mentions_chart(table: pd.DataFrame, lang: str) -> go.Figure:
    """The map of documents per region; with several channels, bars per channel under it."""
    totals, hover = _totals(table)
    fig = choropleth_figure(totals, lang, title=t("analysis.region_mentions", lang),
                            colorbar_title=t("region_mentions.documents", lang), hover=hover)
    channels = [c for c in table["channel"].unique() if c != "all"]
    if len(channels) < 2:
        return fig
    combined = make_subplots(rows=2, cols=1, row_heights=[0.62, 0.38], vertical_spacing=0.06,
                             specs=[[{"type": "choropleth"}], [{"type": "xy"}]])
    for trace in fig.data:
        if trace.showscale is not False:
            trace.colorbar.update(len=0.58, y=1.0, yanchor="top")
        combined.add_trace(trace, row=1, col=1)
    combined.update_geos(**geo_settings())
    order = [c for c in REGIONS if c in totals.index]
    by_channel = table.groupby(["channel", "region"])["documents"].sum()
    top = table.groupby("channel")["documents"].sum().sort_values(ascending=False).index[:MAX_CHANNELS]
    for i, channel in enumerate(top):
        combined.add_trace(go.Bar(
            x=[SHORT_NAMES[c].get(lang, SHORT_NAMES[c]["en"]) for c in order],
            y=[int(by_channel.get((channel, c), 0)) for c in order], name=str(channel),
            marker_color=PALETTE[i % len(PALETTE)],
        ), row=2, col=1)
    combined.update_layout(title={"text": t("analysis.region_mentions", lang)}, barmode="group",
                           legend={"orientation": "h", "y": -0.12})
    combined.update_yaxes(title_text=t("region_mentions.documents", lang), row=2, col=1)
    style_figure(combined, height=760)
    return combined


@register_png("region_mentions")
def region_mentions_png(table: pd.DataFrame, path: Path, lang: str) -> Path:
    """The map of documents per region as a publication figure."""
    totals, _ = _totals(table)
    return choropleth_png(totals, path, lang, title=t("analysis.region_mentions", lang),
                          colorbar_title=t("region_mentions.documents", lang))


register_labels({
    "en": {"title.region_mentions": "Region mentions", "title.region_mentions.by": "Region mentions {by}"},
    "ru": {"title.region_mentions": "Упоминания регионов", "title.region_mentions.by": "Упоминания регионов {by}"},
    "kk": {"title.region_mentions": "Өңірлердің аталуы", "title.region_mentions.by": "{by} өңірлердің аталуы"},
})


@register_reader_title("region_mentions")
def region_mentions_title(params: dict, lang: str) -> str:
    """"Упоминания регионов по каналам и месяцам", "Арналар мен айлар бойынша өңірлердің аталуы"."""
    from dauys.report.views.channel_stats import by_group, sentence

    by, period = str(params.get("by", "all")), str(params.get("period", "all"))
    if by == "all":
        return t("title.region_mentions", lang)
    groups = (by, period) if by == "channel" and period != "all" else (by,)
    return sentence(t("title.region_mentions.by", lang, by=by_group(lang, *groups)))
