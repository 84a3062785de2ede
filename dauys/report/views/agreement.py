"""How the report shows inter-coder agreement: a dot per coefficient and code, the units in the hover.

Each code (and single-choice variable) is a row; Krippendorff's alpha, Cohen's kappa and Fleiss'
kappa are dots on one axis from below 0 (systematic disagreement) through 0 (chance level) to 1
(perfect agreement). A coefficient that could not be computed (NaN) has no dot. No threshold is drawn:
which value is good enough is the researcher's call.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib
import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dauys.report.charts import PALETTE, register_chart, register_reader_title, require_columns, style_figure
from dauys.report.i18n import format_number, register_labels, t
from dauys.report.png import png_style, register_png, save_figure

COLUMNS = ("code", "kind", "units", "alpha", "cohen_kappa", "fleiss_kappa", "percent_agreement", "disagreements")
MEASURES = (("alpha", "circle", "o"), ("cohen_kappa", "diamond", "D"), ("fleiss_kappa", "square", "s"))
DODGE = 0.18  # the measures of one code side by side, so equal values do not hide each other

register_labels({
    "en": {
        "analysis.agreement": "Inter-coder agreement",
        "column.kind": "Kind",
        "column.level": "Level of measurement",
        "column.coders": "Coders",
        "column.units": "Units coded by 2+ coders",
        "column.alpha": "Krippendorff's alpha",
        "column.cohen_kappa": "Cohen's kappa",
        "column.fleiss_kappa": "Fleiss' kappa",
        "column.fleiss_units": "Units in Fleiss' kappa",
        "column.percent_agreement": "% of units agreed",
        "column.disagreements": "Units with disagreement",
        "column.present_percent": "% of judgments: code present",
        "chart.coefficient": "agreement coefficient (1 = perfect, 0 = chance level)",
        "chart.variable": "{name} (single choice)",
    },
    "ru": {
        "analysis.agreement": "Согласованность кодировщиков",
        "column.kind": "Тип",
        "column.level": "Шкала",
        "column.coders": "Кодировщики",
        "column.units": "Единиц, закодированных 2+ кодировщиками",
        "column.alpha": "Альфа Криппендорфа",
        "column.cohen_kappa": "Каппа Коэна",
        "column.fleiss_kappa": "Каппа Флейса",
        "column.fleiss_units": "Единиц в каппе Флейса",
        "column.percent_agreement": "% единиц с полным согласием",
        "column.disagreements": "Единиц с расхождением",
        "column.present_percent": "% оценок «код есть»",
        "chart.coefficient": "коэффициент согласованности (1 — полная, 0 — на уровне случайной)",
        "chart.variable": "{name} (один вариант)",
    },
    "kk": {
        "analysis.agreement": "Кодтаушылар арасындағы келісім",
        "column.kind": "Түрі",
        "column.level": "Өлшеу шкаласы",
        "column.coders": "Кодтаушылар",
        "column.units": "2+ кодтаушы кодтаған бірліктер",
        "column.alpha": "Криппендорф альфасы",
        "column.cohen_kappa": "Коэн каппасы",
        "column.fleiss_kappa": "Флейс каппасы",
        "column.fleiss_units": "Флейс каппасындағы бірліктер",
        "column.percent_agreement": "Толық келісілген бірліктердің %-ы",
        "column.disagreements": "Келіспеушілік бар бірліктер",
        "column.present_percent": "«Код бар» бағаларының %-ы",
        "chart.coefficient": "келісім коэффициенті (1 — толық, 0 — кездейсоқ деңгей)",
        "chart.variable": "{name} (бір нұсқа)",
    },
})


def _rows(table: pd.DataFrame, lang: str) -> pd.DataFrame:
    require_columns(table, COLUMNS, "agreement")
    rows = table.reset_index(drop=True).copy()
    rows["label"] = [t("chart.variable", lang, name=code) if kind == "variable" else str(code)
                     for code, kind in zip(rows["code"], rows["kind"], strict=True)]
    return rows


def _axis_range(rows: pd.DataFrame) -> list[float]:
    values = rows[[m for m, _, _ in MEASURES]].to_numpy(dtype=float)
    low = np.nanmin(values) if not np.isnan(values).all() else 0.0
    return [min(0.0, float(low)) - 0.05, 1.05]


@register_chart("agreement")
def agreement_chart(table: pd.DataFrame, lang: str) -> go.Figure:
    """Dots of alpha, Cohen's and Fleiss' kappa per code; the hover gives units, % agreed and disagreements."""
    rows = _rows(table, lang)
    fig = go.Figure()
    hover = (
        "<b>%{text}</b><br>%{fullData.name}: %{x:.3f}<br>"
        f"{t('column.units', lang)}: %{{customdata[0]}}<br>{t('column.percent_agreement', lang)}: "
        f"%{{customdata[1]}}<br>{t('column.disagreements', lang)}: %{{customdata[2]}}<extra></extra>"
    )
    custom = list(zip(rows["units"].map(lambda v: format_number(v, lang)),
                      rows["percent_agreement"].map(lambda v: "—" if pd.isna(v) else format_number(v, lang, 1)),
                      rows["disagreements"].map(lambda v: format_number(v, lang)), strict=True))
    positions = np.arange(len(rows), dtype=float)
    for i, (measure, symbol, _) in enumerate(MEASURES):
        fig.add_trace(go.Scatter(
            x=rows[measure], y=positions + (i - 1) * DODGE, mode="markers", name=t(f"column.{measure}", lang),
            marker={"symbol": symbol, "size": 10, "color": PALETTE[i]}, customdata=custom,
            text=rows["label"], hovertemplate=hover,
        ))
    fig.add_vline(x=0, line_width=1, line_color="#999999")
    fig.update_yaxes(tickvals=positions, ticktext=rows["label"].tolist(), autorange="reversed", automargin=True,
                     showgrid=False, zeroline=False)
    fig.update_xaxes(range=_axis_range(rows), title_text=t("chart.coefficient", lang), zeroline=False)
    fig.update_layout(legend={"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 0})
    style_figure(fig, height=max(260, 30 * len(rows) + 150))
    return fig


@register_png("agreement")
def agreement_png(table: pd.DataFrame, path: Path, lang: str) -> Path:
    """The dots of the chart as a publication figure."""
    from matplotlib.figure import Figure

    rows = _rows(table, lang)
    positions = np.arange(len(rows))
    with matplotlib.rc_context(png_style()):
        fig = Figure(figsize=(6.4, 0.32 * len(rows) + 1.4), layout="constrained")
        ax = fig.subplots()
        ax.axvline(0, color="#999999", linewidth=0.8)
        for i, (measure, _, marker) in enumerate(MEASURES):
            ax.scatter(rows[measure].to_numpy(dtype=float), positions + (i - 1) * DODGE, marker=marker, s=26,
                       color=PALETTE[i], label=t(f"column.{measure}", lang), zorder=3)
        ax.set_yticks(positions, rows["label"].tolist())
        ax.invert_yaxis()
        ax.set_xlim(*_axis_range(rows))
        ax.set_xlabel(t("chart.coefficient", lang))
        ax.grid(axis="x", color="#e5e5e5", linewidth=0.6)
        ax.legend(fontsize=8, frameon=False, loc="lower left", bbox_to_anchor=(0, 1.0), ncols=3)
        ax.set_title(t("analysis.agreement", lang), fontsize=11, pad=22)
        return save_figure(fig, path)


register_labels({
    "en": {"title.agreement.title": "Inter-coder agreement", "title.agreement.of": "Inter-coder agreement of {coders}"},
    "ru": {"title.agreement.title": "Согласие между кодировщиками",
           "title.agreement.of": "Согласие между кодировщиками: {coders}"},
    "kk": {"title.agreement.title": "Кодтаушылар арасындағы келісім",
           "title.agreement.of": "Кодтаушылар арасындағы келісім: {coders}"},
})


@register_reader_title("agreement")
def agreement_title(params: dict, lang: str) -> str:
    """``Согласие между кодировщиками: aigerim, dana`` (all coders when the run named none)."""
    coders = [name.strip() for name in str(params.get("coders", "")).split(",") if name.strip()]
    return t("title.agreement.of", lang, coders=", ".join(coders)) if coders else t("title.agreement.title", lang)
