"""Cross-correlation in the report: a bar per lag, the 95 % band as dashed lines, the peak marked.

Positive lags (right of zero) are those at which online activity leads events; the chart says so in its
axis title, and the caveats are printed under it.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib
import pandas as pd
import plotly.graph_objects as go
from matplotlib.figure import Figure

from dauys.report.charts import PALETTE, register_chart, register_reader_title, require_columns, style_figure
from dauys.report.i18n import format_number, register_labels, t
from dauys.report.png import png_style, register_png, save_figure
from dauys.report.views.activity_series import (
    add_caveat,
    add_caveat_png,
    capitalized,
    online_label,
    register_mobilization_labels,
    title_parts,
)

COLUMNS = ("lag", "r", "band", "outside_band", "n")

register_mobilization_labels({
    "en": {
        "analysis.cross_correlation": "Cross-correlation of online activity and events",
        "column.lag": "Lag",
        "column.r": "Correlation r",
        "column.band": "95% band (±)",
        "column.outside_band": "Outside the band",
        "column.n": "Periods used",
        "column.peak": "Largest |r|",
        "ccf.lag_axis": "lag k in {unit}s (k > 0: {online} lead events)",
        "ccf.r_axis": "corr(online activity at t, events at t + k)",
        "ccf.band": "95% band",
        "ccf.white": "after prewhitening with AR({order}): ±1.96/√n",
        "ccf.bartlett": "Bartlett's band (not prewhitened)",
        "ccf.peak": "largest |r| at lag {lag}: r = {r}",
    },
    "ru": {
        "analysis.cross_correlation": "Кросс-корреляция онлайн-активности и событий",
        "column.lag": "Лаг",
        "column.r": "Корреляция r",
        "column.band": "95%-я граница (±)",
        "column.outside_band": "За пределами полосы",
        "column.n": "Использовано периодов",
        "column.peak": "Наибольший |r|",
        "ccf.lag_axis": "лаг k, {unit} (k > 0: {online} опережают события)",
        "ccf.r_axis": "corr(онлайн-активность в t, события в t + k)",
        "ccf.band": "95%-я полоса",
        "ccf.white": "после выбеливания моделью AR({order}): ±1,96/√n",
        "ccf.bartlett": "полоса Бартлетта (без выбеливания)",
        "ccf.peak": "наибольший |r| при лаге {lag}: r = {r}",
    },
    "kk": {
        "analysis.cross_correlation": "Онлайн белсенділік пен оқиғалардың кросс-корреляциясы",
        "column.lag": "Лаг",
        "column.r": "Корреляция r",
        "column.band": "95% шек (±)",
        "column.outside_band": "Жолақтан тыс",
        "column.n": "Пайдаланылған кезеңдер",
        "column.peak": "Ең үлкен |r|",
        "ccf.lag_axis": "k лагы, {unit} (k > 0: {online} оқиғалардан озады)",
        "ccf.r_axis": "corr(t кезіндегі онлайн белсенділік, t + k кезіндегі оқиғалар)",
        "ccf.band": "95% жолақ",
        "ccf.white": "AR({order}) моделімен ағартудан кейін: ±1,96/√n",
        "ccf.bartlett": "Бартлетт жолағы (ағартусыз)",
        "ccf.peak": "ең үлкен |r| {lag} лагында: r = {r}",
    },
})


def _texts(table: pd.DataFrame, lang: str) -> tuple[str, str, str]:
    unit = t("mobilization.week" if table.attrs.get("freq") == "week" else "mobilization.day", lang)
    axis = t("ccf.lag_axis", lang, unit=unit, online=online_label(table, lang))
    if table.attrs.get("band_kind") == "white":
        band = t("ccf.white", lang, order=table.attrs.get("ar_order", "?"))
    else:
        band = t("ccf.bartlett", lang)
    peak = table.loc[table["r"].abs().idxmax()]
    peak_text = t("ccf.peak", lang, lag=f"{int(peak['lag']):+d}", r=format_number(float(peak["r"]), lang, 3))
    return axis, band, peak_text


@register_chart("cross_correlation")
def cross_correlation_chart(table: pd.DataFrame, lang: str) -> go.Figure:
    require_columns(table, COLUMNS, "cross_correlation")
    axis, band_text, peak_text = _texts(table, lang)
    colors = [PALETTE[1] if out else PALETTE[0] for out in table["outside_band"]]
    fig = go.Figure(go.Bar(x=table["lag"], y=table["r"], marker_color=colors, customdata=table[["n"]],
                           hovertemplate=(f"{t('column.lag', lang)} %{{x}}<br>r = %{{y:.3f}}<br>"
                                          f"{t('column.n', lang)}: %{{customdata[0]}}<extra></extra>"),
                           showlegend=False))
    band = float(table["band"].iat[0])
    for sign in (1, -1):
        fig.add_hline(y=sign * band, line={"dash": "dash", "color": "#777", "width": 1})
    fig.add_vline(x=0, line={"color": "#bbb", "width": 1})
    fig.update_xaxes(title_text=axis, dtick=max(1, len(table) // 15))
    fig.update_yaxes(title_text="r", range=[-1, 1] if table["r"].abs().max() > 0.6 else None)
    fig.update_layout(title={"text": f"r = {t('ccf.r_axis', lang)}<br>{peak_text} · {t('ccf.band', lang)} "
                                     f"±{format_number(band, lang, 3)}, {band_text}", "font": {"size": 13}})
    style_figure(fig, height=400)
    fig.update_layout(margin={"t": 80})  # room for the title and the legend above the plot
    return add_caveat(fig, table, lang)


@register_png("cross_correlation")
def cross_correlation_png(table: pd.DataFrame, path: Path, lang: str) -> Path:
    require_columns(table, COLUMNS, "cross_correlation")
    axis, band_text, peak_text = _texts(table, lang)
    band = float(table["band"].iat[0])
    with matplotlib.rc_context(png_style()):
        fig = Figure(figsize=(7.0, 3.8), layout="constrained")
        ax = fig.subplots()
        colors = [PALETTE[1] if out else PALETTE[0] for out in table["outside_band"]]
        ax.bar(table["lag"].to_numpy(), table["r"].to_numpy(), color=colors, width=0.8)
        ax.axhline(band, color="#777", linestyle="--", linewidth=0.8, label=f"{t('ccf.band', lang)} ({band_text})")
        ax.axhline(-band, color="#777", linestyle="--", linewidth=0.8)
        ax.axhline(0, color="#333", linewidth=0.6)
        ax.set_xlabel(axis)
        ax.set_ylabel("r")
        ax.legend(fontsize=7, frameon=False, loc="upper left")
        ax.set_title(f"{t('analysis.cross_correlation', lang)}\n{t('ccf.r_axis', lang)}; {peak_text}", fontsize=9)
        add_caveat_png(fig, table, lang)
        return save_figure(fig, path)


# --- the result's title for readers ------------------------------------------------------------------------------
register_labels({
    "en": {"title.cross_correlation": "Cross-correlation: {online} and events {per}, lags ±{max_lag}{region}"},
    "ru": {"title.cross_correlation": "Кросс-корреляция: {online} и события {per}, лаги ±{max_lag}{region}"},
    "kk": {"title.cross_correlation": "Кросс-корреляция: {per} {online} және оқиғалар, лагтар ±{max_lag}{region}"},
})


@register_reader_title("cross_correlation")
def cross_correlation_title(params: dict, lang: str) -> str:
    """"Кросс-корреляция: посты и события по дням, лаги ±14"; the English title says the same."""
    return capitalized(t("title.cross_correlation", lang, max_lag=params.get("max_lag", 14),
                         **title_parts(params, lang)))
