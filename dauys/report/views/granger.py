"""Granger tests in the report: a plain table of both directions (F, p, lags, n, the decision) and the
stationarity decisions behind it, with the caveats under it."""

from __future__ import annotations

import textwrap
from pathlib import Path

import matplotlib
import pandas as pd
import plotly.graph_objects as go
from matplotlib.figure import Figure

from dauys.report.charts import register_chart, register_reader_title, require_columns, style_figure
from dauys.report.i18n import format_number, register_labels, t
from dauys.report.png import png_style, register_png, save_figure
from dauys.report.views.activity_series import (
    add_caveat,
    add_caveat_png,
    capitalized,
    register_mobilization_labels,
    title_parts,
)

COLUMNS = ("test", "cause", "lags", "n", "f_stat", "p_value", "significance_level", "significant", "differences",
           "online_adf_p", "online_kpss_p", "events_adf_p", "events_kpss_p")

register_mobilization_labels({
    "en": {
        "analysis.granger": "Granger tests of online activity and events",
        "column.test": "Test",
        "column.cause": "Predictor",
        "column.effect": "Predicted",
        "column.lags": "Lags",
        "column.ic": "Lag order chosen by",
        "column.f_stat": "F",
        "column.df_num": "df (numerator)",
        "column.df_denom": "df (denominator)",
        "column.p_value": "p-value",
        "column.significance_level": "Significance level",
        "column.significant": "Significant",
        "column.differences": "Differences taken",
        "column.cause_stationarity": "Stationarity of the predictor",
        "column.effect_stationarity": "Stationarity of the predicted series",
        "granger.online_events": "online activity → events",
        "granger.events_online": "events → online activity",
        "granger.verdict_yes": "yes",
        "granger.verdict_no": "no",
        "granger.meaning": "“yes”: the past of the first series helps predict the second beyond its own past "
        "(F test at α = {alpha}).",
        "granger.stationarity": "{series}: ADF p = {adf}, KPSS p = {kpss}, as tested after {d} difference(s), "
        "taken alike in both series.",
    },
    "ru": {
        "analysis.granger": "Тесты Грейнджера: онлайн-активность и события",
        "column.test": "Тест",
        "column.cause": "Предиктор",
        "column.effect": "Прогнозируемый ряд",
        "column.lags": "Лаги",
        "column.ic": "Порядок лагов выбран по",
        "column.f_stat": "F",
        "column.df_num": "Степени свободы (числитель)",
        "column.df_denom": "Степени свободы (знаменатель)",
        "column.p_value": "p-значение",
        "column.significance_level": "Уровень значимости",
        "column.significant": "Значимо",
        "column.differences": "Взято разностей",
        "column.cause_stationarity": "Стационарность предиктора",
        "column.effect_stationarity": "Стационарность прогнозируемого ряда",
        "granger.online_events": "онлайн-активность → события",
        "granger.events_online": "события → онлайн-активность",
        "granger.verdict_yes": "да",
        "granger.verdict_no": "нет",
        "granger.meaning": "«Да»: прошлое первого ряда помогает предсказать второй сверх его собственного прошлого "
        "(F-тест при α = {alpha}).",
        "granger.stationarity": "{series}: ADF p = {adf}, KPSS p = {kpss}; проверено после взятия разностей: {d} "
        "(одинаково для обоих рядов).",
    },
    "kk": {
        "analysis.granger": "Грейнджер тесттері: онлайн белсенділік пен оқиғалар",
        "column.test": "Тест",
        "column.cause": "Болжаушы қатар",
        "column.effect": "Болжанатын қатар",
        "column.lags": "Лагтар",
        "column.ic": "Лаг реті таңдалған өлшем",
        "column.f_stat": "F",
        "column.df_num": "Еркіндік дәрежесі (алымы)",
        "column.df_denom": "Еркіндік дәрежесі (бөлімі)",
        "column.p_value": "p-мәні",
        "column.significance_level": "Мәнділік деңгейі",
        "column.significant": "Мәнді",
        "column.differences": "Алынған айырымдар",
        "column.cause_stationarity": "Болжаушы қатардың стационарлығы",
        "column.effect_stationarity": "Болжанатын қатардың стационарлығы",
        "granger.online_events": "онлайн белсенділік → оқиғалар",
        "granger.events_online": "оқиғалар → онлайн белсенділік",
        "granger.verdict_yes": "иә",
        "granger.verdict_no": "жоқ",
        "granger.meaning": "«Иә»: бірінші қатардың өткені екінші қатарды оның өз өткенінен тыс болжауға көмектеседі "
        "(F-тест, α = {alpha}).",
        "granger.stationarity": "{series}: ADF p = {adf}, KPSS p = {kpss}; алынған айырымдар саны: {d} (екі "
        "қатар үшін бірдей).",
    },
})


def _rows(table: pd.DataFrame, lang: str) -> tuple[list[str], list[list[str]]]:
    headers = [t(f"column.{c}", lang) if c != "n" else "n" for c in ("test", "lags", "n", "f_stat", "p_value",
                                                                       "significant")]
    rows = []
    for row in table.itertuples(index=False):
        name = t("granger.online_events" if row.cause == "online" else "granger.events_online", lang)
        verdict = t("granger.verdict_yes" if row.significant else "granger.verdict_no", lang)
        p = format_number(float(row.p_value), lang, 4)
        if row.p_value < 0.0001:
            p = "< " + format_number(0.0001, lang, 4)
        rows.append([name, str(int(row.lags)), format_number(int(row.n), lang),
                     format_number(float(row.f_stat), lang, 2), p, verdict])
    return headers, rows


def _notes(table: pd.DataFrame, lang: str) -> list[str]:
    """What "yes" means, and the stationarity tests of each series, in ``lang``."""
    first = table.iloc[0]
    notes = [t("granger.meaning", lang, alpha=format_number(float(first["significance_level"]), lang, 2))]
    for key, series in (("online", t("column.online", lang)), ("events", t("mobilization.events", lang))):
        notes.append(t("granger.stationarity", lang, series=series[:1].upper() + series[1:],
                       adf=format_number(float(first[f"{key}_adf_p"]), lang, 3),
                       kpss=format_number(float(first[f"{key}_kpss_p"]), lang, 3), d=int(first["differences"])))
    return notes


@register_chart("granger")
def granger_chart(table: pd.DataFrame, lang: str) -> go.Figure:
    """The two tests as a table figure, the stationarity decisions under it, then the caveats."""
    require_columns(table, COLUMNS, "granger")
    headers, rows = _rows(table, lang)
    fig = go.Figure(go.Table(
        header={"values": headers, "align": "left", "fill_color": "#eef2f5", "font": {"size": 12}},
        cells={"values": list(map(list, zip(*rows, strict=True))), "align": "left", "height": 28},
        columnwidth=[2.2, 0.6, 0.8, 0.8, 0.9, 3.4],
    ))
    fig.add_annotation(text="<br>".join(_notes(table, lang)), xref="paper", yref="paper", x=0, y=0.28, xanchor="left",
                       yanchor="top", showarrow=False, align="left", font={"size": 11})
    fig.update_layout(title={"text": t("analysis.granger", lang), "font": {"size": 13}})
    style_figure(fig, height=260)
    return add_caveat(fig, table, lang)


@register_png("granger")
def granger_png(table: pd.DataFrame, path: Path, lang: str) -> Path:
    require_columns(table, COLUMNS, "granger")
    headers, rows = _rows(table, lang)
    with matplotlib.rc_context(png_style()):
        fig = Figure(figsize=(7.0, 2.0))
        ax = fig.add_axes((0.0, 0.0, 1.0, 1.0))
        ax.axis("off")
        cells = ax.table(cellText=rows, colLabels=headers, cellLoc="left", colLoc="left",
                         colWidths=[0.34, 0.08, 0.12, 0.1, 0.12, 0.1], bbox=(0.0, 0.5, 0.86, 0.38))
        cells.auto_set_font_size(False)
        cells.set_fontsize(7)
        ax.text(0.0, 0.97, t("analysis.granger", lang), fontsize=10, va="top", transform=ax.transAxes)
        ax.text(0.0, 0.44, "\n".join(textwrap.fill(n, 120) for n in _notes(table, lang)), fontsize=6.5, va="top",
                transform=ax.transAxes)
        add_caveat_png(fig, table, lang)
        return save_figure(fig, path)


# --- the result's title for readers ------------------------------------------------------------------------------
register_labels({
    "en": {"title.granger": "Granger tests: {online} and events {per}{region}"},
    "ru": {"title.granger": "Тесты Грейнджера: {online} и события {per}{region}"},
    "kk": {"title.granger": "Грейнджер тесттері: {per} {online} және оқиғалар{region}"},
})


@register_reader_title("granger")
def granger_title(params: dict, lang: str) -> str:
    """"Тесты Грейнджера: посты и события по дням" / "Грейнджер тесттері: күн сайынғы жазбалар және оқиғалар"."""
    return capitalized(t("title.granger", lang, **title_parts(params, lang)))
