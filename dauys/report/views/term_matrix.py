"""The term matrix (terms × groups with an average column) as a heat map, and the labels of frequency tables."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import plotly.graph_objects as go

from dauys.report.charts import register_chart, register_reader_title, require_columns, term_heatmap
from dauys.report.i18n import register_labels, t
from dauys.report.png import heatmap_png, register_png

register_labels({
    "en": {
        "analysis.term_matrix": "Term matrix with an average column",
        "chart.matrix_per_1000": "per 1,000 terms",
        "chart.matrix_count": "count",
    },
    "ru": {
        "analysis.term_matrix": "Матрица терминов со средним столбцом",
        "chart.matrix_per_1000": "на 1000 слов",
        "chart.matrix_count": "число употреблений",
    },
    "kk": {
        "analysis.term_matrix": "Орташа бағаны бар терминдер матрицасы",
        "chart.matrix_per_1000": "1000 сөзге",
        "chart.matrix_count": "саны",
    },
})


def _matrix(table: pd.DataFrame) -> pd.DataFrame:
    """The saved table (term, one column per group, average) as a terms × groups frame."""
    require_columns(table, ("term", "average"), "term_matrix")
    return table.set_index(table["term"].astype(str)).drop(columns="term")


def _value_label(table: pd.DataFrame, lang: str) -> str:
    return t("chart.matrix_count" if table.attrs.get("value") == "count" else "chart.matrix_per_1000", lang)


@register_chart("term_matrix")
def term_matrix_chart(table: pd.DataFrame, lang: str) -> go.Figure:
    """A heat map of the terms × groups matrix, the average column last."""
    return term_heatmap(_matrix(table), lang, value_label=_value_label(table, lang))


@register_png("term_matrix")
def term_matrix_png(table: pd.DataFrame, path: Path, lang: str) -> Path:
    """The heat map as a publication figure, values in the cells."""
    return heatmap_png(_matrix(table), path, lang, value_label=_value_label(table, lang))


register_labels({
    "en": {"title.term_matrix.title": "Top {n} {terms} {by}: matrix with average",
           "title.term_matrix.title_all": "Top {n} {terms}: matrix with average"},
    "ru": {"title.term_matrix.title": "Топ-{n} {terms} {by}: матрица со средним значением",
           "title.term_matrix.title_all": "Топ-{n} {terms}: матрица со средним значением"},
    "kk": {"title.term_matrix.title": "{by} ең жиі {n} {terms}: орташа мәні бар матрица",
           "title.term_matrix.title_all": "Ең жиі {n} {terms}: орташа мәні бар матрица"},
})


@register_reader_title("term_matrix")
def term_matrix_title(params: dict, lang: str) -> str:
    """``Топ-30 лемм по годам: матрица со средним значением`` / ``Жылдар бойынша ең жиі 30 лемма: ...``."""
    from dauys.report.views.top_terms import by_phrase, capital, grouped, terms_phrase

    terms = terms_phrase(params, lang, "one" if lang == "kk" else "gen")
    if grouped(params):
        return capital(t("title.term_matrix.title", lang, n=params.get("n"), terms=terms,
                         by=by_phrase(params["by"], lang)))
    return t("title.term_matrix.title_all", lang, n=params.get("n"), terms=terms)
