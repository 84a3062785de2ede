"""Trends in the report: one line per series (and group) of its share per period, with its 95 % band.

A period with no documents has no share, so the line breaks there instead of dropping to zero; each
point also has its interval as a whisker (a point between two empty periods has no band); the hover
gives the hits and the denominator behind each point.
"""

from __future__ import annotations

import math
from pathlib import Path

import matplotlib
import pandas as pd
import plotly.graph_objects as go
from matplotlib.figure import Figure
from matplotlib.ticker import PercentFormatter

from dauys.report.charts import PALETTE, register_chart, register_reader_title, require_columns, style_figure
from dauys.report.i18n import format_number, register_labels, t
from dauys.report.png import png_style, register_png, save_figure

COLUMNS = ("series", "group", "period", "start", "hits", "total", "share", "ci_low", "ci_high")
MAX_TICKS = 12

register_labels({
    "en": {
        "analysis.trends": "Trends: shares of documents or terms over time",
        "column.series": "Series",
        "column.start": "Period start",
        "column.hits": "Matches",
        "column.ci_low": "95% CI, lower bound",
        "column.ci_high": "95% CI, upper bound",
        "trends.share_documents": "share of documents",
        "trends.share_terms": "share of counted words",
        "trends.week": "week",
        "trends.band": "95% confidence interval",
        "analysis.code_trends": "Code trends: shares of coded documents per period",
    },
    "ru": {
        "analysis.trends": "Динамика: доли документов или слов по периодам",
        "column.series": "Ряд",
        "column.start": "Начало периода",
        "column.hits": "Совпадения",
        "column.ci_low": "95% ДИ, нижняя граница",
        "column.ci_high": "95% ДИ, верхняя граница",
        "trends.share_documents": "доля документов",
        "trends.share_terms": "доля учтённых слов",
        "trends.week": "неделя",
        "trends.band": "95% доверительный интервал",
        "analysis.code_trends": "Динамика кодов: доли закодированных документов по периодам",
    },
    "kk": {
        "analysis.trends": "Динамика: кезеңдер бойынша құжаттар не сөздер үлесі",
        "column.series": "Қатар",
        "column.start": "Кезеңнің басы",
        "column.hits": "Сәйкестіктер",
        "column.ci_low": "95% СА, төменгі шегі",
        "column.ci_high": "95% СА, жоғарғы шегі",
        "trends.share_documents": "құжаттар үлесі",
        "trends.share_terms": "есептелген сөздер үлесі",
        "trends.week": "апта",
        "trends.band": "95% сенімділік аралығы",
        "analysis.code_trends": "Кодтар динамикасы: кезеңдер бойынша кодталған құжаттар үлесі",
    },
})


def _lines(table: pd.DataFrame) -> list[tuple[str, pd.DataFrame]]:
    """One (name, rows by period) per series and group; the name shows the group only when there are several."""
    require_columns(table, COLUMNS, "trends")
    several = table["group"].nunique() > 1
    lines = []
    for (series, group), part in table.groupby(["series", "group"], sort=False):
        name = f"{series} · {group}" if several else str(series)
        lines.append((name, part.sort_values("start", kind="stable")))
    return lines


def _axis_labels(table: pd.DataFrame, lang: str) -> tuple[str, str]:
    share = t("trends.share_terms" if table.attrs.get("unit") == "terms" else "trends.share_documents", lang)
    period = t("trends.week" if table.attrs.get("period") == "week" else "chart.month", lang)
    return share, period


def _ticks(table: pd.DataFrame) -> tuple[list, list[str]]:
    """Period starts and their labels (2022-W01, 2022-01) for the time axis, at most about a dozen of them.

    The labels are the table's own, the same in every language (the charts' date formats would be English).
    """
    periods = table[["start", "period"]].drop_duplicates().sort_values("start", kind="stable")
    step = max(1, math.ceil(len(periods) / MAX_TICKS))
    shown = periods.iloc[::step]
    return pd.to_datetime(shown["start"]).tolist(), shown["period"].astype(str).tolist()


def _rgba(color: str, alpha: float) -> str:
    red, green, blue = (int(color[i:i + 2], 16) for i in (1, 3, 5))
    return f"rgba({red}, {green}, {blue}, {alpha})"


@register_chart("code_trends")
@register_chart("trends")
def trends_chart(table: pd.DataFrame, lang: str) -> go.Figure:
    """Lines of each series' share per period with the Wilson 95 % interval as a band."""
    share_label, period_label = _axis_labels(table, lang)
    hover = (
        "<b>%{fullData.name}</b> · %{customdata[0]}<br>" + f"{t('column.share', lang)}: %{{y:.1%}}<br>"
        f"{t('column.hits', lang)}: %{{customdata[1]}} / %{{customdata[2]}}<br>"
        f"{t('trends.band', lang)}: %{{customdata[3]}}<extra></extra>"
    )
    fig = go.Figure()
    for i, (name, part) in enumerate(_lines(table)):
        color = PALETTE[i % len(PALETTE)]
        x = pd.to_datetime(part["start"])
        fig.add_trace(go.Scatter(x=x, y=part["ci_high"], mode="lines", line={"width": 0}, hoverinfo="skip",
                                 showlegend=False, legendgroup=name))
        fig.add_trace(go.Scatter(x=x, y=part["ci_low"], mode="lines", line={"width": 0}, fill="tonexty",
                                 fillcolor=_rgba(color, 0.18), hoverinfo="skip", showlegend=False,
                                 legendgroup=name))
        band = [
            "—" if pd.isna(low) else f"{format_number(100 * low, lang, 1)}–{format_number(100 * high, lang, 1)}%"
            for low, high in zip(part["ci_low"], part["ci_high"], strict=True)
        ]
        custom = list(zip(part["period"].astype(str), part["hits"].map(lambda v: format_number(v, lang)),
                          part["total"].map(lambda v: format_number(v, lang)), band, strict=True))
        # whiskers too: a period between two empty ones has a point but no band to show its interval
        whiskers = {"type": "data", "symmetric": False, "array": part["ci_high"] - part["share"],
                    "arrayminus": part["share"] - part["ci_low"], "color": _rgba(color, 0.5), "thickness": 1,
                    "width": 0}
        fig.add_trace(go.Scatter(x=x, y=part["share"], mode="lines+markers", name=name, legendgroup=name,
                                 line={"color": color, "width": 2}, marker={"size": 5}, error_y=whiskers,
                                 customdata=custom, hovertemplate=hover))
    fig.update_yaxes(title_text=share_label, tickformat=".0%", rangemode="tozero")
    ticks, labels = _ticks(table)
    fig.update_xaxes(title_text=period_label, tickvals=ticks, ticktext=labels)
    fig.update_layout(legend={"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 0})
    style_figure(fig, height=420)
    return fig


@register_png("code_trends")
@register_png("trends")
def trends_png(table: pd.DataFrame, path: Path, lang: str) -> Path:
    """The lines and bands as a publication figure."""
    share_label, period_label = _axis_labels(table, lang)
    with matplotlib.rc_context(png_style()):
        fig = Figure(figsize=(7.0, 3.8), layout="constrained")
        ax = fig.subplots()
        for i, (name, part) in enumerate(_lines(table)):
            color = PALETTE[i % len(PALETTE)]
            x = pd.to_datetime(part["start"]).to_numpy()
            ax.fill_between(x, part["ci_low"].to_numpy(dtype=float), part["ci_high"].to_numpy(dtype=float),
                            color=color, alpha=0.18, linewidth=0)
            ax.vlines(x, part["ci_low"].to_numpy(dtype=float), part["ci_high"].to_numpy(dtype=float), color=color,
                      alpha=0.5, linewidth=0.8)
            ax.plot(x, part["share"].to_numpy(dtype=float), color=color, marker="o", markersize=3, label=name)
        ax.yaxis.set_major_formatter(PercentFormatter(1.0))
        ax.set_ylim(bottom=0)
        ax.set_ylabel(share_label)
        ticks, labels = _ticks(table)
        ax.set_xticks([tick.to_datetime64() for tick in ticks], labels, rotation=45 if len(labels) > 6 else 0,
                      ha="right" if len(labels) > 6 else "center")
        ax.set_xlabel(period_label)
        ax.legend(fontsize=8, frameon=False, loc="upper left", bbox_to_anchor=(1.01, 1.0))
        ax.set_title(t("analysis.trends", lang), fontsize=11)
        return save_figure(fig, path)


register_labels({
    "en": {"title.trends.share": "Share of {unit} {period}: {terms}", "title.trends.documents": "documents",
           "title.code_trends.share": "Share of documents {period} coded {codes}",
           "title.code_trends.one": "{codes}", "title.code_trends.many": "{codes}",
           "title.code_trends.each": "with each code", "title.code_trends.coder": "coder {coder}",
           "title.code_trends.coder.codebook": "codebook {coder}", "title.code_trends.coder.model": "model {coder}"},
    "ru": {"title.trends.share": "Доля {unit} {period}: {terms}", "title.trends.documents": "документов",
           "title.code_trends.share": "Доля документов {period} {codes}",
           "title.code_trends.one": "с кодом {codes}", "title.code_trends.many": "с кодами {codes}",
           "title.code_trends.each": "с каждым из кодов", "title.code_trends.coder": "кодировщик: {coder}",
           "title.code_trends.coder.codebook": "кодовая книга «{coder}»",
           "title.code_trends.coder.model": "модель «{coder}»"},
    "kk": {"title.trends.share": "{period} {unit} үлесі: {terms}", "title.trends.documents": "құжаттардың",
           "title.code_trends.share": "{period} {codes} белгіленген құжаттар үлесі",
           "title.code_trends.one": "{codes} кодымен", "title.code_trends.many": "{codes} кодтарымен",
           "title.code_trends.each": "әр кодпен", "title.code_trends.coder": "кодтаушы: {coder}",
           "title.code_trends.coder.codebook": "«{coder}» кодтар кітабы",
           "title.code_trends.coder.model": "«{coder}» моделі"},
})


@register_reader_title("trends")
def trends_title(params: dict, lang: str) -> str:
    """``Доля документов по месяцам: тариф, газ (по каналам)`` / ``Айлар бойынша құжаттардың үлесі: ...``."""
    from dauys.report.views.top_terms import by_phrase, capital, grouped, period_phrase, terms_phrase

    unit = (t("title.trends.documents", lang) if params.get("unit", "documents") == "documents"
            else terms_phrase(params, lang, "gen"))
    title = capital(t("title.trends.share", lang, unit=unit, period=period_phrase(params.get("period", "month"), lang),
                      terms=str(params.get("terms", "")).replace(",", ", ")))
    return title + (f" ({by_phrase(params['by'], lang)})" if grouped(params) else "")


def _coder(coder: str, lang: str) -> str:
    """Whose codes: ``кодовая книга «utilities»`` for codebook:utilities, ``кодировщик: Айгүл`` for a person."""
    kind, _, name = coder.partition(":")
    if name and kind in ("codebook", "model"):
        return t(f"title.code_trends.coder.{kind}", lang, coder=name)
    return t("title.code_trends.coder", lang, coder=coder)


@register_reader_title("code_trends")
def code_trends_title(params: dict, lang: str) -> str:
    """``Доля документов по месяцам с кодом protest (кодировщик: aigerim; по каналам)``."""
    from dauys.report.views.top_terms import by_phrase, capital, grouped, period_phrase

    listed = [code.strip() for code in str(params.get("codes", "")).split(",") if code.strip()]
    key = "title.code_trends." + ("each" if not listed else "one" if len(listed) == 1 else "many")
    codes = t(key, lang, codes=", ".join(listed))
    title = capital(t("title.code_trends.share", lang, period=period_phrase(params.get("period", "month"), lang),
                      codes=codes))
    notes = [_coder(str(params["coder"]), lang)] if params.get("coder") else []
    notes += [by_phrase(params["by"], lang)] if grouped(params) else []
    return title + (f" ({'; '.join(notes)})" if notes else "")
