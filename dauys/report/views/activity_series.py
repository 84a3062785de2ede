"""Online activity and events on one chart: events as bars, online activity as a line on a second axis,
shutdown periods shaded from the table's own ``shutdown`` column (so a regional series shows its region's
shutdowns). Also the caveat helpers every mobilization view uses: the caveats of
:mod:`dauys.events.caveats` printed under the chart in the report's language.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import matplotlib
import pandas as pd
import plotly.graph_objects as go
from matplotlib.figure import Figure

from dauys.events.caveats import caveat_lines
from dauys.report.charts import PALETTE, register_chart, register_reader_title, require_columns, style_figure
from dauys.report.i18n import has_label, register_labels, t
from dauys.report.png import png_style, register_png, save_figure

COLUMNS = ("period", "start", "online", "documents", "events", "fatalities", "shutdown", "excluded")
SHADE = "rgba(110, 110, 110, 0.16)"
WRAP = 130



def register_mobilization_labels(labels: dict[str, dict[str, str]]) -> None:
    """:func:`register_labels`, leaving out a key another view already gave another text.

    Column names such as ``lag`` or ``mean`` are common; when another analysis's view registered one of
    them first, its header is kept (in all three languages) instead of stopping the whole report.
    """
    from dauys.report.i18n import LABELS

    taken = {key for key, text in labels["en"].items()
             if any(LABELS[lang].get(key, labels[lang][key]) != labels[lang][key] for lang in labels)}
    register_labels({lang: {k: v for k, v in texts.items() if k not in taken} for lang, texts in labels.items()})


register_mobilization_labels({
    "en": {
        "analysis.activity_series": "Online activity and events over time",
        "column.online": "Online activity",
        "column.excluded": "Left out",
        "mobilization.events": "events",
        "mobilization.day": "day",
        "mobilization.week": "week",
        "mobilization.shutdown": "shutdown period",
        "mobilization.caveat": "What this can and cannot show",
        "mobilization.online.documents": "documents",
        "mobilization.online.posts": "posts",
        "mobilization.online.comments": "comments",
        "mobilization.online.views": "views of posts",
        "mobilization.online.hashtags": "documents with the hashtags",
        "mobilization.online.code_share": "share of coded documents",
    },
    "ru": {
        "analysis.activity_series": "Онлайн-активность и события во времени",
        "column.online": "Онлайн-активность",
        "column.excluded": "Исключено",
        "mobilization.events": "события",
        "mobilization.day": "день",
        "mobilization.week": "неделя",
        "mobilization.shutdown": "период отключения",
        "mobilization.caveat": "Что этот результат может и чего не может показать",
        "mobilization.online.documents": "документы",
        "mobilization.online.posts": "посты",
        "mobilization.online.comments": "комментарии",
        "mobilization.online.views": "просмотры постов",
        "mobilization.online.hashtags": "документы с хэштегами",
        "mobilization.online.code_share": "доля закодированных документов",
    },
    "kk": {
        "analysis.activity_series": "Уақыт бойынша онлайн белсенділік пен оқиғалар",
        "column.online": "Онлайн белсенділік",
        "column.excluded": "Есептен шығарылды",
        "mobilization.events": "оқиғалар",
        "mobilization.day": "күн",
        "mobilization.week": "апта",
        "mobilization.shutdown": "интернет өшірілген кезең",
        "mobilization.caveat": "Бұл нәтиже нені көрсете алады, нені көрсете алмайды",
        "mobilization.online.documents": "құжаттар",
        "mobilization.online.posts": "жазбалар",
        "mobilization.online.comments": "пікірлер",
        "mobilization.online.views": "жазбаларды қарау саны",
        "mobilization.online.hashtags": "хэштегі бар құжаттар",
        "mobilization.online.code_share": "кодталған құжаттар үлесі",
    },
})


register_labels({
    "en": {
        "title.activity_series": "Online activity ({online}) and events {per}{region}",
        "title.activity_series.per.day": "per day",
        "title.activity_series.per.week": "per week",
        "title.activity_series.region": ", {region}",
    },
    "ru": {
        "title.activity_series": "Онлайн-активность ({online}) и события {per}{region}",
        "title.activity_series.per.day": "по дням",
        "title.activity_series.per.week": "по неделям",
        "title.activity_series.region": ", регион {region}",
    },
    "kk": {
        "title.activity_series": "{per} онлайн белсенділік ({online}) және оқиғалар{region}",
        "title.activity_series.per.day": "күн сайынғы",
        "title.activity_series.per.week": "апта сайынғы",
        "title.activity_series.region": ", {region} өңірі",
    },
})


# --- reader titles, shared by the mobilization views --------------------------------------------------------------
def title_parts(params: dict, lang: str) -> dict[str, str]:
    """The pieces of a mobilization result's title in ``lang``: ``online`` (what was counted online), ``per``
    ("по дням", "күн сайынғы") and ``region`` (", регион KZ-75", or empty for the whole country)."""
    measure = str(params.get("online") or "posts")
    key = f"mobilization.online.{measure}"
    freq = "week" if params.get("freq") == "week" else "day"
    region = str(params.get("region") or "")
    return {"online": t(key, lang) if has_label(key) else measure,
            "per": t(f"title.activity_series.per.{freq}", lang),
            "region": t("title.activity_series.region", lang, region=region) if region else ""}


def capitalized(text: str) -> str:
    """``text`` with its first letter in upper case (a Kazakh title may begin with a lower-case phrase)."""
    return text[:1].upper() + text[1:]


@register_reader_title("activity_series")
def activity_series_title(params: dict, lang: str) -> str:
    """"Онлайн-активность (посты) и события по дням" / "Күн сайынғы онлайн белсенділік (жазбалар) және оқиғалар"."""
    return capitalized(t("title.activity_series", lang, **title_parts(params, lang)))


# --- caveats, shared by the mobilization views ---------------------------------------------------------------
def caveat_paragraphs(table: pd.DataFrame, lang: str) -> list[str]:
    """The caveats the table carries (``attrs["caveats"]``; all of them when it names none) in ``lang``."""
    return caveat_lines(lang, table.attrs.get("caveats") or None)


def add_caveat(fig: go.Figure, table: pd.DataFrame, lang: str) -> go.Figure:
    """Print the caveats under a plotly chart, wrapped, and make room for them."""
    lines = [f"<b>{t('mobilization.caveat', lang)}</b>"]
    for paragraph in caveat_paragraphs(table, lang):
        lines.extend(textwrap.wrap(paragraph, WRAP))
    height = int(fig.layout.height or 420)
    extra = 18 * len(lines) + 30
    fig.add_annotation(text="<br>".join(lines), xref="paper", yref="paper", x=0, y=0, xanchor="left",
                       yanchor="top", yshift=-60, showarrow=False, align="left", font={"size": 11, "color": "#555"})
    fig.update_layout(height=height + extra, margin={"b": 40 + extra})
    return fig


def add_caveat_png(fig: Figure, table: pd.DataFrame, lang: str, width: int = 110) -> None:
    """The caveats as a footnote under a matplotlib figure."""
    text = "\n".join(line for paragraph in caveat_paragraphs(table, lang) for line in textwrap.wrap(paragraph, width))
    fig.text(0.0, 0.0, f"{t('mobilization.caveat', lang)}:\n{text}", fontsize=6.5, color="#555", ha="left",
             va="top", transform=fig.transFigure)


def online_label(table: pd.DataFrame, lang: str) -> str:
    measure = table.attrs.get("online", "posts")
    key = f"mobilization.online.{measure}"
    return t(key, lang) if has_label(key) else measure


def period_label(table: pd.DataFrame, lang: str) -> str:
    return t("mobilization.week" if table.attrs.get("freq") == "week" else "mobilization.day", lang)


# --- the combined chart ------------------------------------------------------------------------------------------
def shutdown_runs(table: pd.DataFrame) -> list[tuple[pd.Timestamp, pd.Timestamp]]:
    """(first, after-last) period starts of each run of consecutive shutdown periods."""
    step = pd.Timedelta(days=7 if table.attrs.get("freq") == "week" else 1)
    runs = []
    starts = pd.to_datetime(table["start"])
    current = None
    for start, shut in zip(starts, table["shutdown"].astype(bool), strict=True):
        if shut and current is None:
            current = start
        elif not shut and current is not None:
            runs.append((current, start))
            current = None
    if current is not None:
        runs.append((current, starts.iloc[-1] + step))
    return runs


@register_chart("activity_series")
def activity_series_chart(table: pd.DataFrame, lang: str) -> go.Figure:
    """Events per period as bars (left axis), online activity as a line (right axis), shutdowns shaded."""
    require_columns(table, COLUMNS, "activity_series")
    table = table.sort_values("start", kind="stable")
    x = pd.to_datetime(table["start"])
    online = online_label(table, lang)
    fig = go.Figure()
    fig.add_trace(go.Bar(x=x, y=table["events"], name=t("mobilization.events", lang), marker_color=PALETTE[1],
                         opacity=0.75, customdata=table[["period", "fatalities"]],
                         hovertemplate=(f"%{{customdata[0]}}<br>{t('column.events', lang)}: %{{y}}<br>"
                                        f"{t('column.fatalities', lang)}: %{{customdata[1]}}<extra></extra>")))
    fig.add_trace(go.Scatter(x=x, y=table["online"], name=online, mode="lines", yaxis="y2",
                             line={"color": PALETTE[0], "width": 2}, customdata=table[["period"]],
                             hovertemplate=f"%{{customdata[0]}}<br>{online}: %{{y:,.4g}}<extra></extra>"))
    runs = shutdown_runs(table)
    for start, end in runs:
        fig.add_vrect(x0=start, x1=end, fillcolor=SHADE, line_width=0, layer="below")
    if runs:  # a legend entry for the shading (shapes have none)
        fig.add_trace(go.Scatter(x=[x.iloc[0]], y=[None], mode="markers", name=t("mobilization.shutdown", lang),
                                 marker={"symbol": "square", "size": 12, "color": SHADE}, hoverinfo="skip"))
    fig.update_layout(
        yaxis={"title": {"text": t("mobilization.events", lang)}, "rangemode": "tozero"},
        yaxis2={"title": {"text": online}, "overlaying": "y", "side": "right", "rangemode": "tozero",
                "showgrid": False},
        xaxis={"title": {"text": period_label(table, lang)}},
        legend={"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 0}, bargap=0.1,
        meta={"shutdowns_shaded": True},
    )
    style_figure(fig, height=440)
    return add_caveat(fig, table, lang)


@register_png("activity_series")
def activity_series_png(table: pd.DataFrame, path: Path, lang: str) -> Path:
    require_columns(table, COLUMNS, "activity_series")
    table = table.sort_values("start", kind="stable")
    x = pd.to_datetime(table["start"]).to_numpy()
    width = 6 if table.attrs.get("freq") == "week" else 0.9
    with matplotlib.rc_context(png_style()):
        fig = Figure(figsize=(7.0, 4.6), layout="constrained")
        ax = fig.subplots()
        for start, end in shutdown_runs(table):
            ax.axvspan(start.to_datetime64(), end.to_datetime64(), color="#6e6e6e", alpha=0.16, linewidth=0,
                       label=t("mobilization.shutdown", lang))
        ax.bar(x, table["events"].to_numpy(), width=width, color=PALETTE[1], alpha=0.75,
               label=t("mobilization.events", lang))
        ax.set_ylabel(t("mobilization.events", lang))
        right = ax.twinx()
        right.plot(x, table["online"].to_numpy(dtype=float), color=PALETTE[0], linewidth=1.4,
                   label=online_label(table, lang))
        right.set_ylabel(online_label(table, lang))
        right.set_ylim(bottom=0)
        ax.set_xlabel(period_label(table, lang))
        handles = [h for a in (ax, right) for h in a.get_legend_handles_labels()[0]]
        labels = [lab for a in (ax, right) for lab in a.get_legend_handles_labels()[1]]
        unique = dict(zip(labels, handles, strict=True))
        ax.legend(unique.values(), unique.keys(), fontsize=8, frameon=False, loc="upper left")
        ax.set_title(t("analysis.activity_series", lang), fontsize=11)
        add_caveat_png(fig, table, lang)
        return save_figure(fig, path)
