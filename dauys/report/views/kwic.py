"""Keyword in context: a table-only view (the hits read as concordance lines), and its labels."""

from __future__ import annotations

from dauys.report.charts import register_reader_title
from dauys.report.i18n import register_labels, t

register_labels({
    "en": {
        "analysis.kwic": "Keyword in context",
        "column.left": "Left context",
        "column.keyword": "Keyword",
        "column.right": "Right context",
    },
    "ru": {
        "analysis.kwic": "Ключевое слово в контексте",
        "column.left": "Левый контекст",
        "column.keyword": "Ключевое слово",
        "column.right": "Правый контекст",
    },
    "kk": {
        "analysis.kwic": "Контекстегі кілт сөз",
        "column.left": "Сол жақ контекст",
        "column.keyword": "Кілт сөз",
        "column.right": "Оң жақ контекст",
    },
})


register_labels({
    "en": {"title.kwic.title": "Keyword in context: {pattern} ({match})", "title.kwic.match.lemma": "lemma",
           "title.kwic.match.form": "form", "title.kwic.match.phrase": "phrase", "title.kwic.match.regex": "regex",
           "title.kwic.regex_on.norm": "regex on norm", "title.kwic.regex_on.text": "regex on text"},
    "ru": {"title.kwic.title": "Ключевое слово в контексте: {pattern} ({match})", "title.kwic.match.lemma": "лемма",
           "title.kwic.match.form": "словоформа", "title.kwic.match.phrase": "фраза",
           "title.kwic.match.regex": "регулярное выражение",
           "title.kwic.regex_on.norm": "регулярное выражение по нормализованным словам",
           "title.kwic.regex_on.text": "регулярное выражение по тексту"},
    "kk": {"title.kwic.title": "Контекстегі кілт сөз: {pattern} ({match})", "title.kwic.match.lemma": "лемма",
           "title.kwic.match.form": "сөзформа", "title.kwic.match.phrase": "тіркес",
           "title.kwic.match.regex": "тұрақты өрнек",
           "title.kwic.regex_on.norm": "қалыпқа келтірілген сөздер бойынша тұрақты өрнек",
           "title.kwic.regex_on.text": "мәтін бойынша тұрақты өрнек"},
})


@register_reader_title("kwic")
def kwic_title(params: dict, lang: str) -> str:
    """``Ключевое слово в контексте: сот (лемма)`` / ``Контекстегі кілт сөз: сот (лемма)``."""
    match = params.get("match", "lemma")
    key = f"title.kwic.regex_on.{params.get('regex_on', 'norm')}" if match == "regex" else f"title.kwic.match.{match}"
    return t("title.kwic.title", lang, pattern=params.get("pattern", ""), match=t(key, lang))
