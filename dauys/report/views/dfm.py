"""The document-feature matrix in the report: its long table (document or group, feature, value), no chart.

The matrix itself is for other tools (R, topic models); the report lists its cells, each row's terms by
value, and says where the whole matrix was exported in the parameters.
"""

from __future__ import annotations

from dauys.report.charts import register_reader_title
from dauys.report.i18n import register_labels, t

register_labels({
    "en": {
        "analysis.dfm": "Document-feature matrix",
        "column.feature": "Feature (term)",
    },
    "ru": {
        "analysis.dfm": "Матрица «документ — признак»",
        "column.feature": "Признак (слово)",
    },
    "kk": {
        "analysis.dfm": "«Құжат — белгі» матрицасы",
        "column.feature": "Белгі (сөз)",
    },
})


register_labels({
    "en": {"title.dfm.title": "Document-feature matrix of {terms}", "title.dfm.weight.count": "count",
           "title.dfm.weight.prop": "prop", "title.dfm.weight.boolean": "boolean",
           "title.dfm.weight.tfidf": "tf-idf ({idf} idf)", "title.dfm.idf.inverse": "inverse",
           "title.dfm.idf.smooth": "smooth"},
    "ru": {"title.dfm.title": "Матрица «документ — признак» для {terms}", "title.dfm.weight.count": "частоты",
           "title.dfm.weight.prop": "доли", "title.dfm.weight.boolean": "наличие (1/0)",
           "title.dfm.weight.tfidf": "tf-idf (idf: {idf})", "title.dfm.idf.inverse": "обратная",
           "title.dfm.idf.smooth": "сглаженная"},
    "kk": {"title.dfm.title": "{terms} үшін «құжат — белгі» матрицасы", "title.dfm.weight.count": "жиіліктер",
           "title.dfm.weight.prop": "үлестер", "title.dfm.weight.boolean": "бар-жоғы (1/0)",
           "title.dfm.weight.tfidf": "tf-idf (idf: {idf})", "title.dfm.idf.inverse": "кері",
           "title.dfm.idf.smooth": "тегістелген"},
})


@register_reader_title("dfm")
def dfm_title(params: dict, lang: str) -> str:
    """``Матрица «документ — признак» для лемм, по каналам, tf-idf (idf: обратная)``."""
    from dauys.report.views.top_terms import by_phrase, capital, terms_phrase

    title = capital(t("title.dfm.title", lang, terms=terms_phrase(params, lang, "gen" if lang == "ru" else "nom")))
    by = params.get("by", "document")
    title += "" if by in ("document", "all") else f", {by_phrase(by, lang)}"
    weight = params.get("weight", "count")
    idf = t(f"title.dfm.idf.{params.get('idf', 'inverse')}", lang)
    return f"{title}, {t(f'title.dfm.weight.{weight}', lang, idf=idf)}"
