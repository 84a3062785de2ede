"""Keyword in context: a table-only view (the hits read as concordance lines), and its labels."""

from __future__ import annotations

from dauys.report.i18n import register_labels

register_labels({
    "en": {
        "analysis.kwic": "Keyword in context",
        "column.doc_id": "Document",
        "column.sentence": "Sentence",
        "column.left": "Left context",
        "column.keyword": "Keyword",
        "column.right": "Right context",
        "column.lemma": "Lemma",
        "column.channel": "Channel",
        "column.created_at": "Date",
    },
    "ru": {
        "analysis.kwic": "Ключевое слово в контексте",
        "column.doc_id": "Документ",
        "column.sentence": "Предложение",
        "column.left": "Левый контекст",
        "column.keyword": "Ключевое слово",
        "column.right": "Правый контекст",
        "column.lemma": "Лемма",
        "column.channel": "Канал",
        "column.created_at": "Дата",
    },
    "kk": {
        "analysis.kwic": "Контекстегі кілт сөз",
        "column.doc_id": "Құжат",
        "column.sentence": "Сөйлем",
        "column.left": "Сол жақ контекст",
        "column.keyword": "Кілт сөз",
        "column.right": "Оң жақ контекст",
        "column.lemma": "Лемма",
        "column.channel": "Арна",
        "column.created_at": "Күні",
    },
})
