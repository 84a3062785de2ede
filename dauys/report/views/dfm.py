"""The document-feature matrix in the report: its long table (document or group, feature, value), no chart.

The matrix itself is for other tools (R, topic models); the report lists its cells, each row's terms by
value, and says where the whole matrix was exported in the parameters.
"""

from __future__ import annotations

from dauys.report.i18n import register_labels

register_labels({
    "en": {
        "analysis.dfm": "Document-feature matrix",
        "column.doc_id": "Document",
        "column.feature": "Feature (term)",
        "column.value": "Value",
    },
    "ru": {
        "analysis.dfm": "Матрица «документ — признак»",
        "column.doc_id": "Документ",
        "column.feature": "Признак (слово)",
        "column.value": "Значение",
    },
    "kk": {
        "analysis.dfm": "«Құжат — белгі» матрицасы",
        "column.doc_id": "Құжат",
        "column.feature": "Белгі (сөз)",
        "column.value": "Мәні",
    },
})
