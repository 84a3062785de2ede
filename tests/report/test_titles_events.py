"""Result headings of the event and mobilization analyses in Kazakh and Russian, from the params as saved."""

from __future__ import annotations

import importlib
import re
import sys
from datetime import date
from pathlib import Path

import pytest
from conftest import DATA

from dauys.analyze.base import run_analysis
from dauys.ingest.acled import import_acled
from dauys.project import init_project
from dauys.report.charts import READER_TITLES

sys.path.insert(0, str(Path(__file__).parents[1] / "events"))  # mobilization_data: the generated series

NAMES = ("activity_series", "chronology", "cross_correlation", "event_counts", "event_map", "event_study", "granger")
FIRST = date(2022, 1, 1)
# names and values the titles may keep as they are: event types, region codes, dates, numbers
ALLOWED = {"Protests", "Riots", "KZ"}


def title(name: str, params: dict, lang: str) -> str:
    importlib.import_module(f"dauys.report.views.{name}")  # the view registers the analysis's reader title
    return READER_TITLES[name](params, lang)


def latin_words(text: str) -> set[str]:
    return set(re.findall(r"[A-Za-z]+", text)) - ALLOWED


@pytest.fixture(scope="module")
def saved(tmp_path_factory):
    """One saved result of each analysis: the event ones on the ACLED fixture, the mobilization ones on 200
    generated days of posts and protests (the series the mobilization tests use)."""
    from mobilization_data import add_documents, add_events, leading_pair

    root = tmp_path_factory.mktemp("titles")
    events = init_project(root / "events")
    import_acled(events, DATA / "events" / "acled_kz.csv")
    study = init_project(root / "study")
    online, counts = leading_pair(200, 3, seed=5)
    counts[0] = counts[-1] = 1
    add_documents(study, FIRST, online, [2] * 200)
    add_events(study, FIRST, counts)
    runs = {
        (events, "chronology"): {"date_from": "2022-01-02", "date_to": "2022-01-12"},
        (events, "event_counts"): {"by": "region,event_type", "types": "Protests,Riots"},
        (events, "event_map"): {},
        (study, "activity_series"): {"freq": "week", "region": "KZ-75"},
        (study, "cross_correlation"): {"max_lag": 5, "online": "documents"},
        (study, "event_study"): {"window": 3, "min_events": 2, "n_boot": 100},
        (study, "granger"): {"max_lags": 3},
    }
    return {name: run_analysis(project, name, params) for (project, name), params in runs.items()}


def test_every_analysis_registers_its_reader_title(saved):
    for name in NAMES:
        result = saved[name]
        if name != "event_counts":  # its English label reads "region (2022), event type" for "region,event_type"
            assert title(name, result.params, "en") == result.title  # the same words as the English title
        for lang in ("kk", "ru"):
            shown = title(name, result.params, lang)
            assert shown and shown != result.title and not latin_words(shown), (name, lang, shown)


def test_mobilization_titles_name_the_measure_period_and_region(saved):
    series = saved["activity_series"].params
    assert title("activity_series", series, "ru") == "Онлайн-активность (посты) и события по неделям, регион KZ-75"
    assert title("activity_series", series, "kk") == (
        "Апта сайынғы онлайн белсенділік (жазбалар) және оқиғалар, KZ-75 өңірі")
    ccf = saved["cross_correlation"].params
    assert title("cross_correlation", ccf, "ru") == "Кросс-корреляция: документы и события по дням, лаги ±5"
    assert title("cross_correlation", ccf, "kk") == "Кросс-корреляция: күн сайынғы құжаттар және оқиғалар, лагтар ±5"
    granger = saved["granger"].params
    assert title("granger", granger, "ru") == "Тесты Грейнджера: посты и события по дням"
    assert title("granger", granger, "kk") == "Грейнджер тесттері: күн сайынғы жазбалар және оқиғалар"
    study = saved["event_study"].params
    assert title("event_study", study, "ru") == (
        "Анализ событий: посты в окне ±3 дня вокруг периодов с числом событий ≥2")
    assert title("event_study", study, "kk") == (
        "Оқиғаларды талдау: жазбалар, оқиғалар саны ≥2 болған кезеңдердің айналасында ±3 күн")


def test_the_event_study_window_takes_the_russian_plural_of_its_number(saved):
    params = saved["event_study"].params
    shown = {n: title("event_study", {**params, "window": n}, "ru") for n in (1, 3, 7, 21)}
    assert "±1 день" in shown[1] and "±3 дня" in shown[3] and "±7 дней" in shown[7] and "±21 день" in shown[21]
    weekly = {n: title("event_study", {**params, "window": n, "freq": "week"}, "ru") for n in (1, 2, 5)}
    assert "±1 неделя" in weekly[1] and "±2 недели" in weekly[2] and "±5 недель" in weekly[5]
    assert "±5 апта" in title("event_study", {**params, "window": 5, "freq": "week"}, "kk")


def test_event_counts_translates_the_fields_and_keeps_the_types(saved):
    params = saved["event_counts"].params
    assert saved["event_counts"].title == "Events by region,event_type (Protests,Riots)"
    assert title("event_counts", params, "ru") == "События в разрезе: регион (2022), тип события (Protests, Riots)"
    assert title("event_counts", params, "kk") == "Өңір (2022), оқиға түрі бойынша оқиғалар (Protests, Riots)"
    periods = {**params, "by": "year,month,week,day", "types": ""}
    assert title("event_counts", periods, "ru") == "События в разрезе: год, месяц, неделя, день"
    assert title("event_counts", periods, "kk") == "Жыл, ай, апта, күн бойынша оқиғалар"
    local = {**params, "by": "typology,nature,sub_event_type", "types": ""}
    assert title("event_counts", local, "kk") == "Акция түрі, сипаты, оқиғаның кіші түрі бойынша оқиғалар"


def test_chronology_and_map_titles(saved):
    chronology = saved["chronology"].params
    for lang in ("kk", "ru"):
        assert title("chronology", chronology, lang) == "Хроника: 2022-01-02 – 2022-01-12"
    counts = saved["event_map"].params
    assert title("event_map", counts, "ru") == "События по регионам"
    assert title("event_map", counts, "kk") == "Өңірлер бойынша оқиғалар"
    rates = {**counts, "measure": "rate"}
    assert title("event_map", rates, "ru") == "События на 100\u00a0000 жителей по регионам"
    assert title("event_map", rates, "kk") == "Өңірлер бойынша 100\u00a0000 тұрғынға шаққандағы оқиғалар"
    assert title("event_map", rates, "en") == "Events per 100,000 people by region"
