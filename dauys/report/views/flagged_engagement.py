"""Engagement of flagged accounts in the report: per metric, the mean and median of flagged and other accounts.

One small panel per metric (metrics have their own scales: views are not likes): two bars of the means,
the medians as diamonds, and the Mann–Whitney p-value in the panel's title.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib
import numpy as np
import pandas as pd
import plotly.graph_objects as go
from matplotlib.figure import Figure
from plotly.subplots import make_subplots

from dauys.report.charts import PALETTE, register_chart, require_columns, style_figure
from dauys.report.i18n import format_number, t
from dauys.report.png import png_style, register_png, save_figure
from dauys.report.views.bot_scores import register_new_labels

COLUMNS = ("metric", "n_flagged", "n_unflagged", "mean_flagged", "mean_unflagged", "median_flagged",
           "median_unflagged", "p_value")
SHOWN_METRICS = 6
COLOURS = (PALETTE[1], PALETTE[7])

register_new_labels({
    "en": {
        "analysis.flagged_engagement": "Engagement of flagged and unflagged accounts",
        "column.n_flagged": "n, flagged",
        "column.n_unflagged": "n, others",
        "column.mean_flagged": "Mean, flagged",
        "column.mean_unflagged": "Mean, others",
        "column.median_flagged": "Median, flagged",
        "column.median_unflagged": "Median, others",
        "column.difference_mean": "Difference of means",
        "column.difference_median": "Difference of medians",
        "column.u_statistic": "Mann–Whitney U",
        "column.p_value": "p-value",
        "engagement.flagged": "flagged accounts",
        "engagement.unflagged": "other accounts",
        "engagement.median": "median",
        "engagement.mean": "mean",
    },
    "ru": {
        "analysis.flagged_engagement": "Вовлечённость отмеченных и остальных аккаунтов",
        "column.n_flagged": "n, отмеченные",
        "column.n_unflagged": "n, остальные",
        "column.mean_flagged": "Среднее, отмеченные",
        "column.mean_unflagged": "Среднее, остальные",
        "column.median_flagged": "Медиана, отмеченные",
        "column.median_unflagged": "Медиана, остальные",
        "column.difference_mean": "Разница средних",
        "column.difference_median": "Разница медиан",
        "column.u_statistic": "U Манна–Уитни",
        "column.p_value": "p-значение",
        "engagement.flagged": "отмеченные аккаунты",
        "engagement.unflagged": "остальные аккаунты",
        "engagement.median": "медиана",
        "engagement.mean": "среднее",
    },
    "kk": {
        "analysis.flagged_engagement": "Белгіленген және басқа аккаунттардың белсенділігі",
        "column.n_flagged": "n, белгіленгендер",
        "column.n_unflagged": "n, басқалар",
        "column.mean_flagged": "Орташа, белгіленгендер",
        "column.mean_unflagged": "Орташа, басқалар",
        "column.median_flagged": "Медиана, белгіленгендер",
        "column.median_unflagged": "Медиана, басқалар",
        "column.difference_mean": "Орташалар айырмасы",
        "column.difference_median": "Медианалар айырмасы",
        "column.u_statistic": "Манн–Уитни U",
        "column.p_value": "p-мәні",
        "engagement.flagged": "белгіленген аккаунттар",
        "engagement.unflagged": "басқа аккаунттар",
        "engagement.median": "медиана",
        "engagement.mean": "орташа",
    },
})


def _metrics(table: pd.DataFrame) -> pd.DataFrame:
    require_columns(table, COLUMNS, "flagged_engagement")
    return table.head(SHOWN_METRICS).reset_index(drop=True)


def _panel_title(row, lang: str) -> str:
    if pd.isna(row.p_value):
        return f"{row.metric} (p —)"
    if row.p_value < 0.001:
        return f"{row.metric} (p < {format_number(0.001, lang, 3)})"
    return f"{row.metric} (p = {format_number(row.p_value, lang, 3)})"


@register_chart("flagged_engagement")
def flagged_engagement_chart(table: pd.DataFrame, lang: str) -> go.Figure:
    """One panel per metric: mean bars and median diamonds of flagged and other accounts."""
    shown = _metrics(table)
    fig = make_subplots(rows=1, cols=max(len(shown), 1), subplot_titles=[_panel_title(r, lang)
                                                                          for r in shown.itertuples()])
    groups = (("flagged", t("engagement.flagged", lang)), ("unflagged", t("engagement.unflagged", lang)))
    for i, row in enumerate(shown.itertuples(), start=1):
        for k, (key, label) in enumerate(groups):
            n = getattr(row, f"n_{key}")
            fig.add_trace(go.Bar(
                x=[label], y=[getattr(row, f"mean_{key}")], marker_color=COLOURS[k], name=label, legendgroup=key,
                showlegend=i == 1, hovertemplate=f"{label}<br>{t('engagement.mean', lang)}: %{{y:.2f}}<br>n = "
                                                 f"{format_number(n, lang)}<extra>{row.metric}</extra>"), row=1, col=i)
            fig.add_trace(go.Scatter(
                x=[label], y=[getattr(row, f"median_{key}")], mode="markers", name=t("engagement.median", lang),
                marker={"symbol": "diamond", "size": 10, "color": "#2c3e50"}, legendgroup="median",
                showlegend=i == 1 and k == 0,
                hovertemplate=f"{t('engagement.median', lang)}: %{{y:.2f}}<extra></extra>"),
                row=1, col=i)
        fig.update_xaxes(showticklabels=False, row=1, col=i)
    fig.update_layout(legend={"orientation": "h", "y": -0.08})
    style_figure(fig, height=380)
    return fig


@register_png("flagged_engagement")
def flagged_engagement_png(table: pd.DataFrame, path: Path, lang: str) -> Path:
    """The panels as a publication figure."""
    shown = _metrics(table)
    with matplotlib.rc_context(png_style()):
        fig = Figure(figsize=(2.2 * max(len(shown), 1) + 1, 3.2), layout="constrained")
        axes = np.atleast_1d(fig.subplots(1, max(len(shown), 1)))
        labels = (t("engagement.flagged", lang), t("engagement.unflagged", lang))
        for ax, row in zip(axes, shown.itertuples(), strict=False):
            means = [row.mean_flagged, row.mean_unflagged]
            medians = [row.median_flagged, row.median_unflagged]
            ax.bar([0, 1], means, color=COLOURS, width=0.6)
            ax.scatter([0, 1], medians, marker="D", color="#2c3e50", zorder=3, s=18)
            ax.set_xticks([0, 1], labels, fontsize=7, rotation=15)
            ax.set_title(_panel_title(row, lang), fontsize=8)
        fig.suptitle(t("analysis.flagged_engagement", lang), fontsize=10)
        return save_figure(fig, path)
