"""The document-feature matrix in the report: its long table (document or group, feature, value), no chart.

The matrix itself is for other tools (R, topic models); the report lists its cells, each row's terms by
value, and says where the whole matrix was exported in the parameters.
"""

from __future__ import annotations

from dauys.report.i18n import register_labels

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
