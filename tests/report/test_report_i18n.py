"""Labels in three languages: the same keys everywhere, counted nouns in the right form, dates and numbers."""

from __future__ import annotations

from datetime import date

import pytest

from dauys.errors import InputError
from dauys.report.i18n import LABELS, LANGS, PHRASES, check_lang, format_date, format_number, t, tn


def test_every_language_has_every_label_and_phrase():
    for lang in LANGS:
        assert set(LABELS[lang]) == set(LABELS["en"]), lang
    for key, forms in PHRASES.items():
        assert {lang: len(forms[lang]) for lang in LANGS} == {"en": 2, "ru": 3, "kk": 1}, key


@pytest.mark.parametrize(
    ("n", "expected"),
    [(1, "1 документ"), (2, "2 документа"), (4, "4 документа"), (5, "5 документов"), (11, "11 документов"),
     (12, "12 документов"), (14, "14 документов"), (21, "21 документ"), (22, "22 документа"),
     (25, "25 документов"), (101, "101 документ"), (111, "111 документов"), (0, "0 документов")],
)
def test_russian_counted_nouns(n, expected):
    assert tn("documents", n, "ru") == expected


def test_english_and_kazakh_counted_nouns():
    assert tn("documents", 1, "en") == "1 document"
    assert tn("documents", 2, "en") == "2 documents"
    assert tn("documents", 0, "en") == "0 documents"
    # a Kazakh noun after a numeral stays singular
    assert [tn("documents", n, "kk") for n in (1, 2, 5)] == ["1 құжат", "2 құжат", "5 құжат"]
    assert tn("from_sources", 3, "kk") == "3 дереккөзден"
    assert tn("from_sources", 1, "ru") == "1 источника"
    assert tn("from_sources", 3, "ru") == "3 источников"


def test_numbers_in_each_language():
    assert format_number(12345, "en") == "12,345"
    assert format_number(12345.5, "ru", 1) == "12\u00a0345,5"
    assert format_number(1234567, "kk") == "1\u00a0234\u00a0567"
    assert format_number(5000, "ru") == "5000"
    assert format_number(2.5, "kk", 2) == "2,50"
    assert tn("documents", 12345, "ru") == "12\u00a0345 документов"


def test_dates_in_each_language_and_kazakh_case():
    day = date(2022, 9, 3)
    assert format_date(day, "en") == "3 September 2022"
    assert format_date(day, "ru") == "3 сентября 2022 г."
    assert format_date(day, "kk") == "2022 жылғы 3 қыркүйек"
    assert format_date(day, "kk", "loc") == "2022 жылғы 3 қыркүйекте"
    assert format_date(day, "kk", "abl") == "2022 жылғы 3 қыркүйектен"
    assert format_date(date(2022, 2, 1), "kk", "abl") == "2022 жылғы 1 ақпаннан"
    assert format_date(date(2022, 4, 30), "kk", "dat") == "2022 жылғы 30 сәуірге"
    assert format_date(date(2022, 1, 5), "kk", "loc") == "2022 жылғы 5 қаңтарда"


def test_labels_fill_placeholders_and_unknown_languages_are_refused():
    assert t("report.undated", "kk", n=3) == "Күні жоқ құжаттар (айлық диаграммада көрсетілмеген): 3"
    with pytest.raises(InputError, match="en, ru, kk"):
        check_lang("de")


def test_registered_labels_need_every_language_and_never_replace_a_text():
    from dauys.report.i18n import register_labels

    with pytest.raises(ValueError, match="exactly the languages"):
        register_labels({"en": {"x.test": "Test"}, "ru": {"x.test": "Тест"}})
    with pytest.raises(ValueError, match="differ in keys"):
        register_labels({"en": {"x.test": "Test"}, "ru": {"x.other": "Тест"}, "kk": {"x.test": "Сынақ"}})
    with pytest.raises(ValueError, match="already"):
        register_labels({"en": {"column.term": "Word"}, "ru": {"column.term": "Слово"},
                         "kk": {"column.term": "Сөз"}})
    register_labels({"en": {"x.test": "Test"}, "ru": {"x.test": "Тест"}, "kk": {"x.test": "Сынақ"}})
    assert [t("x.test", lang) for lang in LANGS] == ["Test", "Тест", "Сынақ"]
    register_labels({"en": {"x.test": "Test"}, "ru": {"x.test": "Тест"}, "kk": {"x.test": "Сынақ"}})  # same again
