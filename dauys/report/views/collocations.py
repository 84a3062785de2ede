"""Collocations as horizontal bars of the ranking measure for the top pairs, and the labels of the table."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import plotly.graph_objects as go

from dauys.report.charts import PALETTE, register_chart, register_reader_title, require_columns, style_figure
from dauys.report.i18n import format_number, register_labels, t
from dauys.report.png import bars_per_group_png, register_png

CHART_PAIRS = 30
"""The chart shows the first pairs of the table (it is ranked by the measure); the table holds them all."""
_COLUMNS = ("term1", "term2", "observed", "expected", "pmi", "t_score", "log_likelihood")

register_labels({
    "en": {
        "analysis.collocations": "Collocations",
        "column.term1": "Term 1",
        "column.term2": "Term 2",
        "column.observed": "Observed",
        "column.expected": "Expected",
        "column.pmi": "PMI",
        "column.t_score": "t-score",
        "column.log_likelihood": "Log-likelihood (G²)",
        "column.f1": "Pairs with term 1",
        "column.f2": "Pairs with term 2",
        "collocations.pair": "pair",
    },
    "ru": {
        "analysis.collocations": "Коллокации",
        "column.term1": "Слово 1",
        "column.term2": "Слово 2",
        "column.observed": "Наблюдаемая частота",
        "column.expected": "Ожидаемая частота",
        "column.pmi": "PMI",
        "column.t_score": "t-мера",
        "column.log_likelihood": "Логарифмическое правдоподобие (G²)",
        "column.f1": "Пар со словом 1",
        "column.f2": "Пар со словом 2",
        "collocations.pair": "пара",
    },
    "kk": {
        "analysis.collocations": "Коллокациялар",
        "column.term1": "1-сөз",
        "column.term2": "2-сөз",
        "column.observed": "Байқалған жиілік",
        "column.expected": "Күтілген жиілік",
        "column.pmi": "PMI",
        "column.t_score": "t-көрсеткіш",
        "column.log_likelihood": "Логарифмдік шынайылық (G²)",
        "column.f1": "1-сөзі бар жұптар",
        "column.f2": "2-сөзі бар жұптар",
        "collocations.pair": "жұп",
    },
})


def _ranked(table: pd.DataFrame) -> tuple[pd.DataFrame, list[str], str]:
    """The pairs to draw, their labels (``жер → реформа`` when ordered, ``жер — реформа`` when not), the measure."""
    require_columns(table, _COLUMNS, "collocations")
    measure = table.attrs.get("measure", "log_likelihood")
    if measure not in table.columns:
        measure = "log_likelihood"
    top = table.head(CHART_PAIRS)
    joiner = " → " if table.attrs.get("ordered") else " — "
    labels = [f"{a}{joiner}{b}" for a, b in zip(top["term1"].astype(str), top["term2"].astype(str), strict=True)]
    return top, labels, measure


@register_chart("collocations")
def collocations_chart(table: pd.DataFrame, lang: str) -> go.Figure:
    """Horizontal bars of the ranking measure (the table's ``attrs["measure"]``) for the top pairs, first on
    top; the hover shows the observed and expected counts and every measure."""
    top, labels, measure = _ranked(table)
    customdata = [
        [format_number(o, lang), format_number(e, lang, 2), format_number(p, lang, 2), format_number(s, lang, 2),
         format_number(g, lang, 2)]
        for o, e, p, s, g in zip(top["observed"], top["expected"], top["pmi"], top["t_score"],
                                 top["log_likelihood"], strict=True)
    ]
    hover = "<b>%{y}</b><br>" + "<br>".join(
        f"{t(f'column.{name}', lang)}: %{{customdata[{i}]}}"
        for i, name in enumerate(("observed", "expected", "pmi", "t_score", "log_likelihood"))
    ) + "<extra></extra>"
    fig = go.Figure(go.Bar(
        x=top[measure].astype(float), y=labels, orientation="h", marker_color=PALETTE[0],
        customdata=customdata, hovertemplate=hover,
    ))
    fig.update_yaxes(autorange="reversed", automargin=True, type="category", title_text=t("collocations.pair", lang))
    fig.update_xaxes(title_text=t(f"column.{measure}", lang))
    style_figure(fig, height=max(260, 22 * len(labels) + 120))
    return fig


@register_png("collocations")
def collocations_png(table: pd.DataFrame, path: Path, lang: str) -> Path:
    """The bars as a publication figure."""
    top, labels, measure = _ranked(table)
    values = pd.Series(top[measure].astype(float).to_numpy(), index=labels)
    return bars_per_group_png([(t("analysis.collocations", lang), values)], path, t(f"column.{measure}", lang))


register_labels({
    "en": {"title.collocations.node": "Collocates of {node}", "title.collocations.all": "Collocations of {terms}",
           "title.collocations.details": "window {window}{ordered}, by {measure}",
           "title.collocations.ordered": ", ordered", "title.collocations.measure.log_likelihood": "log-likelihood",
           "title.collocations.measure.pmi": "pmi", "title.collocations.measure.t_score": "t-score",
           "title.collocations.measure.observed": "observed"},
    "ru": {"title.collocations.node": "Коллокаты «{node}»", "title.collocations.all": "Коллокации {terms}",
           "title.collocations.details": "окно {window}{ordered}, мера: {measure}",
           "title.collocations.ordered": ", с учётом порядка",
           "title.collocations.measure.log_likelihood": "логарифмическое правдоподобие",
           "title.collocations.measure.pmi": "PMI", "title.collocations.measure.t_score": "t-критерий",
           "title.collocations.measure.observed": "наблюдаемая частота"},
    "kk": {"title.collocations.node": "«{node}» коллокаттары", "title.collocations.all": "{terms} коллокациялары",
           "title.collocations.details": "терезе {window}{ordered}, өлшем: {measure}",
           "title.collocations.ordered": ", реті ескеріледі",
           "title.collocations.measure.log_likelihood": "логарифмдік шындыққа ұқсастық",
           "title.collocations.measure.pmi": "PMI", "title.collocations.measure.t_score": "t-өлшем",
           "title.collocations.measure.observed": "бақыланған жиілік"},
})


@register_reader_title("collocations")
def collocations_title(params: dict, lang: str) -> str:
    """``Коллокации лемм (окно 5, мера: PMI)`` / ``«сот» коллокаттары (терезе 5, өлшем: PMI)``."""
    from dauys.report.views.top_terms import capital, terms_phrase

    node = params.get("node") or ""
    head = (t("title.collocations.node", lang, node=node) if node
            else capital(t("title.collocations.all", lang, terms=terms_phrase(params, lang, "gen"))))
    details = t("title.collocations.details", lang, window=params.get("window", 5),
                ordered=t("title.collocations.ordered", lang) if params.get("ordered") else "",
                measure=t(f"title.collocations.measure.{params.get('measure', 'log_likelihood')}", lang))
    return f"{head} ({details})"
