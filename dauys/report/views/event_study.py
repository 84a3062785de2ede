"""The event study in the report: mean online activity at each offset from the event periods with its 95 %
interval as a band, the baseline as a dashed line, the event period at zero; the caveats under it."""

from __future__ import annotations

from pathlib import Path

import matplotlib
import pandas as pd
import plotly.graph_objects as go
from matplotlib.figure import Figure

from dauys.report.charts import PALETTE, register_chart, register_reader_title, require_columns, style_figure
from dauys.report.i18n import format_number, plural_form, register_labels, t
from dauys.report.png import png_style, register_png, save_figure
from dauys.report.views.activity_series import (
    add_caveat,
    add_caveat_png,
    capitalized,
    online_label,
    register_mobilization_labels,
    title_parts,
)

COLUMNS = ("offset", "windows", "mean", "ci_low", "ci_high", "baseline_mean", "difference", "diff_ci_low",
           "diff_ci_high")

register_mobilization_labels({
    "en": {
        "analysis.event_study": "Event study: online activity around events",
        "column.offset": "Periods from the event",
        "column.windows": "Events counted",
        "column.mean": "Mean",
        "column.baseline_mean": "Baseline",
        "column.difference": "Difference from baseline",
        "column.diff_ci_low": "Difference, 95% CI lower bound",
        "column.diff_ci_high": "Difference, 95% CI upper bound",
        "event_study.offset_axis": "{unit}s before (−) and after (+) the event period",
        "event_study.mean_axis": "mean {online}",
        "event_study.band": "95% confidence interval",
        "event_study.baseline_outside": "baseline: periods outside every window",
        "event_study.baseline_pre": "baseline: the periods before each window",
        "event_study.events": "{n} event periods",
    },
    "ru": {
        "analysis.event_study": "Анализ событий: онлайн-активность до и после событий",
        "column.offset": "Периодов от события",
        "column.windows": "Учтено событий",
        "column.mean": "Среднее",
        "column.baseline_mean": "Базовый уровень",
        "column.difference": "Отличие от базового уровня",
        "column.diff_ci_low": "Отличие, нижняя граница 95% ДИ",
        "column.diff_ci_high": "Отличие, верхняя граница 95% ДИ",
        "event_study.offset_axis": "{unit}: до (−) и после (+) события",
        "event_study.mean_axis": "среднее: {online}",
        "event_study.band": "95% доверительный интервал",
        "event_study.baseline_outside": "базовый уровень: периоды вне всех окон",
        "event_study.baseline_pre": "базовый уровень: периоды перед каждым окном",
        "event_study.events": "периодов с событиями: {n}",
    },
    "kk": {
        "analysis.event_study": "Оқиғаларды талдау: оқиғалардың алдындағы және кейінгі онлайн белсенділік",
        "column.offset": "Оқиғадан бергі кезеңдер",
        "column.windows": "Есептелген оқиғалар",
        "column.mean": "Орташа мәні",
        "column.baseline_mean": "Базалық деңгей",
        "column.difference": "Базалық деңгейден айырмасы",
        "column.diff_ci_low": "Айырма, 95% СА төменгі шегі",
        "column.diff_ci_high": "Айырма, 95% СА жоғарғы шегі",
        "event_study.offset_axis": "{unit}: оқиғаға дейін (−) және кейін (+)",
        "event_study.mean_axis": "орташа мәні: {online}",
        "event_study.band": "95% сенімділік аралығы",
        "event_study.baseline_outside": "базалық деңгей: барлық терезелерден тыс кезеңдер",
        "event_study.baseline_pre": "базалық деңгей: әр терезенің алдындағы кезеңдер",
        "event_study.events": "оқиғалы кезеңдер саны: {n}",
    },
})


def _texts(table: pd.DataFrame, lang: str) -> tuple[str, str, str]:
    unit = t("mobilization.week" if table.attrs.get("freq") == "week" else "mobilization.day", lang)
    baseline = t("event_study.baseline_pre" if table.attrs.get("baseline_kind") == "pre"
                 else "event_study.baseline_outside", lang)
    return (t("event_study.offset_axis", lang, unit=unit),
            t("event_study.mean_axis", lang, online=online_label(table, lang)), baseline)


@register_chart("event_study")
def event_study_chart(table: pd.DataFrame, lang: str) -> go.Figure:
    require_columns(table, COLUMNS, "event_study")
    offset_axis, mean_axis, baseline_text = _texts(table, lang)
    x = table["offset"]
    fig = go.Figure()
    fig.add_trace(go.Scatter(x=x, y=table["ci_high"], mode="lines", line={"width": 0}, hoverinfo="skip",
                             showlegend=False))
    fig.add_trace(go.Scatter(x=x, y=table["ci_low"], mode="lines", line={"width": 0}, fill="tonexty",
                             fillcolor="rgba(31, 95, 139, 0.18)", name=t("event_study.band", lang), hoverinfo="skip"))
    fig.add_trace(go.Scatter(x=x, y=table["mean"], mode="lines+markers", name=mean_axis,
                             line={"color": PALETTE[0], "width": 2}, customdata=table[["windows", "difference"]],
                             hovertemplate=(f"%{{x:+d}}: %{{y:,.4g}}<br>{t('column.windows', lang)}: %{{customdata[0]}}"
                                            f"<br>{t('column.difference', lang)}: %{{customdata[1]:+,.3g}}"
                                            "<extra></extra>")))
    baseline = float(table["baseline_mean"].iat[0])
    fig.add_trace(go.Scatter(x=[x.min(), x.max()], y=[baseline, baseline], mode="lines", name=baseline_text,
                             line={"dash": "dash", "color": "#777", "width": 1}))
    fig.add_vline(x=0, line={"color": PALETTE[1], "width": 1})
    events = table.attrs.get("events")
    title = t("analysis.event_study", lang)
    if events:
        title += " · " + t("event_study.events", lang, n=format_number(int(events), lang))
    fig.update_layout(title={"text": title, "font": {"size": 13}, "y": 0.98, "yanchor": "top"},
                      legend={"orientation": "h", "y": 1.0, "yanchor": "bottom", "x": 0})
    fig.update_xaxes(title_text=offset_axis, dtick=1 if len(table) <= 31 else None)
    fig.update_yaxes(title_text=mean_axis)
    style_figure(fig, height=420)
    fig.update_layout(margin={"t": 100})  # room for the title and the legend above the plot
    return add_caveat(fig, table, lang)


@register_png("event_study")
def event_study_png(table: pd.DataFrame, path: Path, lang: str) -> Path:
    require_columns(table, COLUMNS, "event_study")
    offset_axis, mean_axis, baseline_text = _texts(table, lang)
    x = table["offset"].to_numpy()
    with matplotlib.rc_context(png_style()):
        fig = Figure(figsize=(7.0, 3.8), layout="constrained")
        ax = fig.subplots()
        ax.fill_between(x, table["ci_low"].to_numpy(dtype=float), table["ci_high"].to_numpy(dtype=float),
                        color=PALETTE[0], alpha=0.18, linewidth=0, label=t("event_study.band", lang))
        ax.plot(x, table["mean"].to_numpy(dtype=float), color=PALETTE[0], marker="o", markersize=3, label=mean_axis)
        ax.axhline(float(table["baseline_mean"].iat[0]), color="#777", linestyle="--", linewidth=0.8,
                   label=baseline_text)
        ax.axvline(0, color=PALETTE[1], linewidth=0.8)
        ax.set_xlabel(offset_axis)
        ax.set_ylabel(mean_axis)
        ax.legend(fontsize=7, frameon=False, loc="upper left")
        ax.set_title(t("analysis.event_study", lang), fontsize=10)
        add_caveat_png(fig, table, lang)
        return save_figure(fig, path)


# --- the result's title for readers ------------------------------------------------------------------------------
PLURAL_FORMS = ("one", "few", "many")  # the forms plural_form picks, in its order

register_labels({
    "en": {
        "title.event_study": "Event study: {online} ±{window} {unit} around periods with ≥{min_events} events{region}",
        "title.event_study.day.one": "day",
        "title.event_study.day.few": "days",
        "title.event_study.day.many": "days",
        "title.event_study.week.one": "week",
        "title.event_study.week.few": "weeks",
        "title.event_study.week.many": "weeks",
    },
    "ru": {
        "title.event_study": ("Анализ событий: {online} в окне ±{window} {unit} вокруг периодов с числом событий "
                              "≥{min_events}{region}"),
        "title.event_study.day.one": "день",
        "title.event_study.day.few": "дня",
        "title.event_study.day.many": "дней",
        "title.event_study.week.one": "неделя",
        "title.event_study.week.few": "недели",
        "title.event_study.week.many": "недель",
    },
    "kk": {
        "title.event_study": ("Оқиғаларды талдау: {online}, оқиғалар саны ≥{min_events} болған кезеңдердің "
                              "айналасында ±{window} {unit}{region}"),
        "title.event_study.day.one": "күн",
        "title.event_study.day.few": "күн",
        "title.event_study.day.many": "күн",
        "title.event_study.week.one": "апта",
        "title.event_study.week.few": "апта",
        "title.event_study.week.many": "апта",
    },
})


@register_reader_title("event_study")
def event_study_title(params: dict, lang: str) -> str:
    """"Анализ событий: посты в окне ±7 дней вокруг периодов с числом событий ≥1"; the window's unit takes
    the form its number needs in Russian (1 день, 2 дня, 7 дней)."""
    window = int(params.get("window", 7))
    freq = "week" if params.get("freq") == "week" else "day"
    unit = t(f"title.event_study.{freq}.{PLURAL_FORMS[plural_form(window, lang)]}", lang)
    return capitalized(t("title.event_study", lang, window=window, unit=unit,
                         min_events=params.get("min_events", 1), **title_parts(params, lang)))
