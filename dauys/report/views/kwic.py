"""Keyword in context: a table-only view (the hits read as concordance lines), and its labels."""

from __future__ import annotations

from dauys.report.i18n import register_labels

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
