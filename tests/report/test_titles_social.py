"""Result headings of the social analyses in Kazakh and Russian: the English result_title, said in each language.

Each analysis runs once on the small social project of ``tests/social/social_data.py`` (the saved params are
what the report passes to the view's reader title); the other branches of each title are checked on params
dicts built the way ``run_analysis`` saves them (the validated parameters as plain values plus ``filter``).
"""

from __future__ import annotations

import re
import sys
from dataclasses import asdict
from pathlib import Path

import pytest

from dauys.analyze import run_analysis
from dauys.analyze.base import get_analysis
from dauys.report.charts import READER_TITLES, reader_title
from dauys.report.views import load_views

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "social"))
import social_data  # noqa: E402

LATIN = re.compile(r"[A-Za-z][A-Za-z_]*")
NAMES = {"ER", "z"}  # the engagement rate and the robust z-score keep their Latin names in every language


def saved_params(name: str, given: dict) -> dict:
    """The params dict of a saved result of ``name`` run with ``given`` (as run_analysis records it)."""
    return {**asdict(get_analysis(name).validate(given)), "filter": {}}


def english(title: str, allowed: set[str] = frozenset()) -> list[str]:
    """The Latin-letter words of ``title`` that are neither names (ER, z) nor values in ``allowed``."""
    return [w for w in LATIN.findall(title) if w not in NAMES | set(allowed)]


def check(title: str, words: list[str], allowed: set[str] = frozenset()) -> None:
    if "\u0400" <= title[:1] <= "\u04ff":  # a heading starts with a capital unless it starts with a value
        assert title[0].isupper(), title
    for word in words:
        assert word in title, (word, title)
    assert not english(title, allowed), (title, english(title, allowed))


# analysis, params it runs with, words of the ru title, words of the kk title (English title for reference)
RUNS = [
    ("bot_scores", {"rule": "n-of-k", "n": 2},  # Bot scores (flagged: 2 or more criteria met)
     ["Оценки ботов", "не менее 2 критериев"], ["Бот бағалары", "кемінде 2 өлшем орындалған"]),
    ("channel_growth", {"period": "month"},  # Channel growth by month
     ["Рост каналов по месяцам"], ["Айлар бойынша арналардың өсуі"]),
    ("channel_stats", {"period": "month"},  # Channel statistics by month
     ["Статистика каналов по месяцам"], ["Айлар бойынша арналар статистикасы"]),
    ("comment_timing", {"by": "channel"},  # Comment timing by channel
     ["Время комментариев по каналам"], ["Арналар бойынша пікірлер уақыты"]),
    ("compare_channels", {"period": "month", "normalise": "per_post"},  # Channels compared (per post) by month
     ["Сравнение каналов (на пост) по месяцам"], ["Айлар бойынша арналарды салыстыру (бір жазбаға)"]),
    ("coordination", {"min_accounts": 2},  # Coordinated posting: 2+ accounts, similarity ≥ 0.8, 60-minute windows
     ["от 2 аккаунтов", "сходство ≥ 0.8", "по 60 мин"], ["кемінде 2 аккаунт", "ұқсастық ≥ 0.8", "60 минуттық"]),
    ("hashtag_campaign", {"hashtags": "#Жаңаөзен,ШерзатҮшін"},  # Hashtag campaign: #жаңаөзен, #шерзатүшін
     ["Хештег-кампания: #жаңаөзен, #шерзатүшін"], ["Хэштег науқаны: #жаңаөзен, #шерзатүшін"]),
    ("posting_rhythm", {"by": "channel"},  # Posting rhythm by channel
     ["Ритм публикаций по каналам"], ["Арналар бойынша жариялау ырғағы"]),
    ("region_mentions", {"by": "channel", "period": "month"},  # Region mentions per channel and month
     ["Упоминания регионов по каналам и месяцам"], ["Арналар мен айлар бойынша өңірлердің аталуы"]),
    ("spikes", {"metric": "likes", "unit": "days", "min_history": 1},  # Spikes in likes (days, z ≥ 3.5)
     ["Всплески лайков (по дням, z ≥ 3.5)"], ["Лайк секірістері (күндер бойынша, z ≥ 3.5)"]),
    ("top_commenters", {"n": 3},  # Top 3 commenters
     ["Топ-3 комментаторов"], ["Ең белсенді 3 пікір жазушы"]),
    ("top_posts", {"by": "channel", "metric": "interactions", "n": 2},  # Top 2 posts by interactions per channel
     ["Топ-2 постов по взаимодействиям в каждом канале"], ["Әр арнадағы өзара әрекет саны бойынша үздік 2 жазба"]),
]


def test_every_social_analysis_run_has_its_heading_in_kazakh_and_russian(project):
    load_views()
    social_data.build(project)
    for name, given, ru_words, kk_words in RUNS:
        saved = run_analysis(project, name, given)
        assert name in READER_TITLES, name
        assert reader_title(name, saved.params, saved.title, "en") == saved.title
        ru = reader_title(name, saved.params, saved.title, "ru")
        kk = reader_title(name, saved.params, saved.title, "kk")
        assert ru != saved.title and kk != saved.title and ru != kk, (name, ru, kk)
        check(ru, ru_words)
        check(kk, kk_words)


# the other branches of the titles: analysis, params, ru words, kk words, values that may stay in Latin
BRANCHES = [
    ("bot_scores", {}, ["Оценки ботов (отмечены: оценка ≥ 0.5)"], ["Бот бағалары (белгіленгені: баға ≥ 0.5)"], ()),
    ("bot_scores", {"rule": "n-of-k", "n": 21}, ["не менее 21 критерия"], ["кемінде 21 өлшем"], ()),
    ("channel_growth", {}, ["Рост каналов"], ["Арналардың өсуі"], ()),
    ("channel_stats", {"period": "all"}, ["Статистика каналов"], ["Арналар статистикасы"], ()),
    ("channel_stats", {"period": "quarter"}, ["по кварталам"], ["Тоқсандар бойынша"], ()),
    ("comment_timing", {}, ["Время комментариев"], ["Пікірлер уақыты"], ()),
    ("comment_timing", {"by": "post"}, ["Время комментариев по постам"], ["Жазбалар бойынша пікірлер уақыты"], ()),
    ("compare_channels", {}, ["Сравнение каналов (индекс)"], ["Арналарды салыстыру (индекс)"], ()),
    ("compare_channels", {"normalise": "per_1000_followers", "period": "week"},
     ["(на 1000 подписчиков) по неделям"], ["Апталар бойынша", "(1000 жазылушыға)"], ()),
    ("coordination", {"min_accounts": 21, "window_minutes": 2.5, "similarity": 0.75},
     ["от 21 аккаунта", "сходство ≥ 0.75", "окна по 2.5 мин"], ["кемінде 21 аккаунт", "2.5 минуттық терезелер"], ()),
    ("hashtag_campaign", {"top": 7}, ["Хештег-кампания: топ-7 хештегов"], ["Хэштег науқаны: ең жиі 7 хэштег"], ()),
    ("posting_rhythm", {}, ["Ритм публикаций"], ["Жариялау ырғағы"], ()),
    ("region_mentions", {}, ["Упоминания регионов"], ["Өңірлердің аталуы"], ()),
    ("region_mentions", {"by": "year"}, ["Упоминания регионов по годам"], ["Жылдар бойынша өңірлердің аталуы"], ()),
    ("region_mentions", {"by": "channel"}, ["по каналам"], ["Арналар бойынша"], ()),
    ("spikes", {}, ["Всплески просмотров (по постам, z ≥ 3.5)"], ["Қаралым секірістері (жазбалар бойынша"], ()),
    ("spikes", {"metric": "er_view", "z": 4}, ["Всплески ER от просмотров", "z ≥ 4)"],
     ["Қаралымға шаққандағы ER секірістері"], ()),
    ("spikes", {"metric": "posts", "unit": "days"}, ["Всплески числа постов (по дням"],
     ["Жазба санының секірістері (күндер бойынша"], ()),
    ("spikes", {"metric": "saves"}, ["Всплески метрики saves"], ["saves көрсеткішінің секірістері"], {"saves"}),
    ("top_commenters", {}, ["Топ-50 комментаторов"], ["Ең белсенді 50 пікір жазушы"], ()),
    ("top_posts", {}, ["Топ-20 постов по просмотрам"], ["Қаралым бойынша үздік 20 жазба"], ()),
    ("top_posts", {"metric": "er_view", "n": 5}, ["Топ-5 постов по ER от просмотров"],
     ["Қаралымға шаққандағы ER бойынша үздік 5 жазба"], ()),
]


@pytest.mark.parametrize(("name", "given", "ru_words", "kk_words", "values"), BRANCHES,
                         ids=[f"{b[0]}-{'-'.join(map(str, b[1].values())) or 'defaults'}" for b in BRANCHES])
def test_each_branch_of_a_title_reads_in_kazakh_and_russian(name, given, ru_words, kk_words, values):
    load_views()
    params = saved_params(name, given)
    title = get_analysis(name)().result_title(get_analysis(name).validate(given))
    ru, kk = (reader_title(name, params, title, lang) for lang in ("ru", "kk"))
    check(ru, ru_words, set(values))
    check(kk, kk_words, set(values))
    assert reader_title(name, params, title, "en") == title


def test_the_coordination_network_is_named_in_the_reader_language():
    # it has no result_title of its own: its saved title is the plain name, which readers get translated
    load_views()
    params = saved_params("coordination_network", {})
    title = get_analysis("coordination_network").title
    for lang in ("ru", "kk"):
        shown = reader_title("coordination_network", params, title, lang)
        assert shown != title and not english(shown), shown
