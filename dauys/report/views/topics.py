"""Topics in the report: each topic's top terms as bars with its coherence, and the topics' shares over time;
the number-of-topics scan as coherence and fit by k.

The topics table is tidy with a ``part`` column (see :class:`dauys.analyze.topics.Topics`): the charts read
its ``term`` rows (bars), ``topic`` rows (coherence in the panel titles) and ``period`` rows (stacked areas:
a period's topic shares sum to 1, so the areas fill the height).
"""

from __future__ import annotations

import math
from pathlib import Path

import matplotlib
import numpy as np
import pandas as pd
import plotly.graph_objects as go
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator, PercentFormatter
from plotly.subplots import make_subplots

from dauys.report.charts import PALETTE, register_chart, register_reader_title, require_columns, style_figure
from dauys.report.i18n import format_number, register_labels, t
from dauys.report.png import png_style, register_png, save_figure

COLUMNS = ("part", "topic", "top_terms", "rank", "term", "weight", "coherence", "share", "period")
COUNT_COLUMNS = ("k", "coherence")
PANEL_COLUMNS = 3
MAX_TICKS = 12

register_labels({
    "en": {
        "analysis.topics": "Topics (topic model)",
        "analysis.topic_count": "Number of topics: coherence and fit by k",
        "column.part": "Part of the table",
        "column.topic": "Topic",
        "column.top_terms": "Top terms",
        "column.coherence": "Coherence (NPMI)",
        "column.text": "Text (start)",
        "column.k": "k (number of topics or clusters)",
        "column.reconstruction_error": "Reconstruction error",
        "column.perplexity": "Perplexity",
        "topics.topic": "Topic",
        "topics.weight": "weight in the topic",
        "topics.over_time": "Topic shares over time",
        "topics.share": "average share of the topic in the documents",
        "topics.week": "week",
        "topic_count.k": "number of topics (k)",
        "topic_count.coherence": "mean coherence of the topics (NPMI)",
        "topic_count.best": "highest coherence",
    },
    "ru": {
        "analysis.topics": "Темы (тематическая модель)",
        "analysis.topic_count": "Число тем: согласованность и качество модели по k",
        "column.part": "Часть таблицы",
        "column.topic": "Тема",
        "column.top_terms": "Главные слова",
        "column.coherence": "Согласованность (NPMI)",
        "column.text": "Текст (начало)",
        "column.k": "k (число тем или кластеров)",
        "column.reconstruction_error": "Ошибка восстановления",
        "column.perplexity": "Перплексия",
        "topics.topic": "Тема",
        "topics.weight": "вес слова в теме",
        "topics.over_time": "Доли тем по периодам",
        "topics.share": "средняя доля темы в документах",
        "topics.week": "неделя",
        "topic_count.k": "число тем (k)",
        "topic_count.coherence": "средняя согласованность тем (NPMI)",
        "topic_count.best": "наибольшая согласованность",
    },
    "kk": {
        "analysis.topics": "Тақырыптар (тақырыптық модель)",
        "analysis.topic_count": "Тақырыптар саны: k бойынша үйлесімділік пен модель сапасы",
        "column.part": "Кесте бөлігі",
        "column.topic": "Тақырып",
        "column.top_terms": "Негізгі сөздер",
        "column.coherence": "Үйлесімділік (NPMI)",
        "column.text": "Мәтін (басы)",
        "column.k": "k (тақырыптар не кластерлер саны)",
        "column.reconstruction_error": "Қалпына келтіру қатесі",
        "column.perplexity": "Перплексия",
        "topics.topic": "Тақырып",
        "topics.weight": "сөздің тақырыптағы салмағы",
        "topics.over_time": "Тақырыптар үлесі кезеңдер бойынша",
        "topics.share": "тақырыптың құжаттардағы орташа үлесі",
        "topics.week": "апта",
        "topic_count.k": "тақырыптар саны (k)",
        "topic_count.coherence": "тақырыптардың орташа үйлесімділігі (NPMI)",
        "topic_count.best": "ең жоғары үйлесімділік",
    },
})


def _color(topic: int) -> str:
    return PALETTE[(topic - 1) % len(PALETTE)]


def topic_panels(table: pd.DataFrame, lang: str) -> list[tuple[int, str, pd.DataFrame]]:
    """``(topic, title, its term rows by rank)`` for each topic, in topic order.

    The title names the topic by number and top terms, with the coherence of its top terms.
    """
    require_columns(table, COLUMNS, "topics")
    terms = table.loc[table["part"] == "term"]
    coherence = table.loc[table["part"] == "topic"].set_index("topic")["coherence"]
    panels = []
    for topic, part in terms.groupby("topic", sort=True):
        value = coherence.get(topic)
        score = "" if value is None or pd.isna(value) else f" · NPMI {format_number(float(value), lang, 2)}"
        panels.append((int(topic), f"{t('topics.topic', lang)} {int(topic)}{score}",
                       part.sort_values("rank", kind="stable")))
    return panels


def topic_names(table: pd.DataFrame) -> dict[int, str]:
    """``{1: "1: тариф, газ, баға", ...}``: each topic's number and top terms, for legends."""
    names = table.dropna(subset=["top_terms"]).drop_duplicates("topic").set_index("topic")["top_terms"]
    return {int(topic): f"{int(topic)}: {terms}" for topic, terms in names.items()}


def topic_shares(table: pd.DataFrame) -> pd.DataFrame:
    """The shares over time as periods (rows, in order) × topics (columns); empty without period rows."""
    periods = table.loc[table["part"] == "period"]
    if periods.empty:
        return pd.DataFrame()
    wide = periods.pivot_table(index="period", columns="topic", values="share", aggfunc="sum", fill_value=0.0)
    wide.index = wide.index.astype(str)
    return wide.sort_index()


def _period_label(table: pd.DataFrame, lang: str) -> str:
    return t("topics.week" if table.attrs.get("period") == "week" else "chart.month", lang)


def _tick_step(count: int) -> int:
    return max(1, math.ceil(count / MAX_TICKS))


@register_chart("topics")
def topics_chart(table: pd.DataFrame, lang: str) -> go.Figure:
    """One panel of bars per topic (its top terms by weight), and the topics' shares per period stacked."""
    panels = topic_panels(table, lang)
    shares = topic_shares(table)
    names = topic_names(table)
    columns = min(PANEL_COLUMNS, max(len(panels), 1))
    term_rows = max(math.ceil(len(panels) / columns), 1)
    longest = max((len(part) for _, _, part in panels), default=1)
    specs = [[{} for _ in range(columns)] for _ in range(term_rows)]
    titles = [title for _, title, _ in panels] + [""] * (term_rows * columns - len(panels))
    heights = [longest * 20 + 90] * term_rows
    if not shares.empty:
        specs.append([{"colspan": columns}] + [None] * (columns - 1))
        titles.append(t("topics.over_time", lang))
        heights.append(360)
    fig = make_subplots(rows=len(specs), cols=columns, specs=specs, subplot_titles=titles,
                        row_heights=heights, horizontal_spacing=0.16 if columns > 1 else 0.02,
                        vertical_spacing=min(0.08, 0.3 / len(specs)) if len(specs) > 1 else 0.05)
    hover = f"<b>%{{y}}</b><br>{t('column.weight', lang)}: %{{x:.3f}}<extra>%{{fullData.name}}</extra>"
    for i, (topic, _, part) in enumerate(panels):
        row, col = i // columns + 1, i % columns + 1
        fig.add_trace(go.Bar(x=part["weight"], y=part["term"].astype(str), orientation="h",
                             name=names.get(topic, str(topic)), marker_color=_color(topic),
                             hovertemplate=hover, showlegend=False), row=row, col=col)
        fig.update_yaxes(autorange="reversed", automargin=True, type="category", row=row, col=col)
        fig.update_xaxes(title_text=t("topics.weight", lang), title_font_size=11, row=row, col=col)
    if not shares.empty:
        row = term_rows + 1
        for topic in shares.columns:
            fig.add_trace(go.Scatter(
                x=list(shares.index), y=shares[topic], mode="lines", stackgroup="shares",
                name=names.get(int(topic), str(topic)), line={"width": 0.5, "color": _color(int(topic))},
                hovertemplate="%{x} · %{fullData.name}: %{y:.1%}<extra></extra>",
            ), row=row, col=1)
        step = _tick_step(len(shares.index))
        fig.update_xaxes(type="category", title_text=_period_label(table, lang), tickvals=list(shares.index)[::step],
                         row=row, col=1)
        fig.update_yaxes(title_text=t("topics.share", lang), tickformat=".0%", range=[0, 1], row=row, col=1)
        fig.update_layout(legend_traceorder="normal")
    style_figure(fig, height=sum(heights) + 80)
    return fig


@register_png("topics")
def topics_png(table: pd.DataFrame, path: Path, lang: str) -> Path:
    """The topics' top terms and their shares over time as a publication figure."""
    panels = topic_panels(table, lang)
    shares = topic_shares(table)
    names = topic_names(table)
    columns = min(PANEL_COLUMNS, max(len(panels), 1))
    term_rows = max(math.ceil(len(panels) / columns), 1)
    longest = max((len(part) for _, _, part in panels), default=1)
    heights = [0.22 * longest + 0.9] * term_rows + ([3.2] if not shares.empty else [])
    with matplotlib.rc_context(png_style()):
        fig = Figure(figsize=(3.6 * columns, sum(heights) + 0.6), layout="constrained")
        grid = fig.add_gridspec(len(heights), columns, height_ratios=heights)
        for i, (topic, title, part) in enumerate(panels):
            ax = fig.add_subplot(grid[i // columns, i % columns])
            ax.barh(range(len(part)), part["weight"].to_numpy(dtype=float), color=_color(topic))
            ax.set_yticks(range(len(part)), [str(term) for term in part["term"]])
            ax.invert_yaxis()
            ax.set_title(title, fontsize=10, fontweight="bold")
            ax.set_xlabel(t("topics.weight", lang))
        if not shares.empty:
            ax = fig.add_subplot(grid[term_rows, :])
            positions = np.arange(len(shares.index))
            ax.stackplot(positions, *[shares[topic].to_numpy(dtype=float) for topic in shares.columns],
                         labels=[names.get(int(topic), str(topic)) for topic in shares.columns],
                         colors=[_color(int(topic)) for topic in shares.columns], alpha=0.85)
            step = _tick_step(len(positions))
            ax.set_xticks(positions[::step], list(shares.index)[::step], rotation=45 if len(positions) > 6 else 0,
                          ha="right" if len(positions) > 6 else "center")
            ax.set_xlim(positions[0], max(positions[-1], positions[0] + 1))
            ax.set_ylim(0, 1)
            ax.yaxis.set_major_formatter(PercentFormatter(1.0))
            ax.set_xlabel(_period_label(table, lang))
            ax.set_ylabel(t("topics.share", lang))
            ax.set_title(t("topics.over_time", lang), fontsize=10, fontweight="bold")
            ax.legend(fontsize=7, frameon=False, loc="upper left", bbox_to_anchor=(1.01, 1.0))
        fig.suptitle(t("analysis.topics", lang), fontsize=11)
        return save_figure(fig, path)


def _fit_column(table: pd.DataFrame) -> str | None:
    """The fit statistic the scan holds: reconstruction error (NMF) or perplexity (LDA)."""
    for column in ("reconstruction_error", "perplexity"):
        if column in table.columns:
            return column
    return None


def _scan(table: pd.DataFrame) -> pd.DataFrame:
    require_columns(table, COUNT_COLUMNS, "topic_count")
    return table.sort_values("k", kind="stable")


def _best(scan: pd.DataFrame) -> pd.Series:
    return scan.loc[scan["coherence"].idxmax()]


@register_chart("topic_count")
def topic_count_chart(table: pd.DataFrame, lang: str) -> go.Figure:
    """Mean coherence by k (the highest marked) and, beside it, the fit statistic by k."""
    scan = _scan(table)
    fit = _fit_column(scan)
    columns = 2 if fit else 1
    fig = make_subplots(rows=1, cols=columns, horizontal_spacing=0.14,
                        subplot_titles=[t("topic_count.coherence", lang)] + ([t(f"column.{fit}", lang)] if fit else []))
    fig.add_trace(go.Scatter(x=scan["k"], y=scan["coherence"], mode="lines+markers", name=t("column.coherence", lang),
                             line={"color": PALETTE[0], "width": 2},
                             hovertemplate="k = %{x}: %{y:.3f}<extra></extra>"), row=1, col=1)
    best = _best(scan)
    fig.add_trace(go.Scatter(x=[best["k"]], y=[best["coherence"]], mode="markers", name=t("topic_count.best", lang),
                             marker={"color": PALETTE[1], "size": 12, "symbol": "star"},
                             hovertemplate="k = %{x}: %{y:.3f}<extra>%{fullData.name}</extra>"), row=1, col=1)
    if fit:
        fig.add_trace(go.Scatter(x=scan["k"], y=scan[fit], mode="lines+markers", name=t(f"column.{fit}", lang),
                                 line={"color": PALETTE[2], "width": 2},
                                 hovertemplate="k = %{x}: %{y:.3f}<extra></extra>"), row=1, col=2)
    for col in range(1, columns + 1):
        fig.update_xaxes(title_text=t("topic_count.k", lang), tickvals=scan["k"].tolist(), row=1, col=col)
    fig.update_layout(legend={"orientation": "h", "y": -0.2, "yanchor": "top", "x": 0})
    style_figure(fig, height=400)
    return fig


@register_png("topic_count")
def topic_count_png(table: pd.DataFrame, path: Path, lang: str) -> Path:
    """Coherence and fit by k as a publication figure."""
    scan = _scan(table)
    fit = _fit_column(scan)
    with matplotlib.rc_context(png_style()):
        fig = Figure(figsize=(8.0 if fit else 4.5, 3.4), layout="constrained")
        axes = fig.subplots(1, 2 if fit else 1, squeeze=False)[0]
        k = scan["k"].to_numpy(dtype=int)
        axes[0].plot(k, scan["coherence"].to_numpy(dtype=float), color=PALETTE[0], marker="o")
        best = _best(scan)
        axes[0].plot([best["k"]], [best["coherence"]], color=PALETTE[1], marker="*", markersize=14, linestyle="none",
                     label=t("topic_count.best", lang))
        axes[0].set_ylabel(t("topic_count.coherence", lang))
        axes[0].legend(fontsize=8, frameon=False)
        if fit:
            axes[1].plot(k, scan[fit].to_numpy(dtype=float), color=PALETTE[2], marker="o")
            axes[1].set_ylabel(t(f"column.{fit}", lang))
        for ax in axes:
            ax.set_xlabel(t("topic_count.k", lang))
            ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        fig.suptitle(t("analysis.topic_count", lang), fontsize=11)
        return save_figure(fig, path)


register_labels({
    "en": {"title.topics.title": "{n} {method} topics of {terms}",
           "title.topics.count": "Coherence of {method} topic models of {terms} by number of topics ({k})"},
    "ru": {"title.topics.title": "{n} {method} на основе {terms}",
           "title.topics.count": "Согласованность тематических моделей {method} на основе {terms} в зависимости "
           "от числа тем ({k})"},
    "kk": {"title.topics.title": "{terms} негізіндегі {n} {method} тақырыбы",
           "title.topics.count": "{terms} негізіндегі {method} тақырыптық модельдерінің тақырыптар санына қарай "
           "үйлесімділігі ({k})"},
})
_TOPIC_METHODS = {"nmf": "NMF", "lda": "LDA"}


@register_reader_title("topics")
def topics_title(params: dict, lang: str) -> str:
    """``10 тем NMF на основе лемм`` / ``Леммалар негізіндегі 10 NMF тақырыбы``."""
    from dauys.report.views.top_terms import capital, counted, terms_phrase

    n = int(params.get("n_topics", 10))
    shown = counted(n, ("тема", "темы", "тем"), lang) if lang == "ru" else str(n)
    terms = terms_phrase(params, lang, "gen" if lang == "ru" else "nom")
    return capital(t("title.topics.title", lang, n=shown, terms=terms,
                     method=_TOPIC_METHODS.get(params.get("method", "nmf"), params.get("method"))))


@register_reader_title("topic_count")
def topic_count_title(params: dict, lang: str) -> str:
    """``Согласованность тематических моделей NMF на основе лемм в зависимости от числа тем (5-30:5)``."""
    from dauys.report.views.top_terms import capital, terms_phrase

    return capital(t("title.topics.count", lang, terms=terms_phrase(params, lang, "gen" if lang == "ru" else "nom"),
                     method=_TOPIC_METHODS.get(params.get("method", "nmf"), params.get("method")),
                     k=params.get("k", "")))
