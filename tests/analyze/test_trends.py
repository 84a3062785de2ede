"""Trends: shares of documents and terms per week and month in the project's time zone, with Wilson intervals.

The corpus of test_dfm, by period in Almaty time (UTC+6 in 2022); x1 and x2 have no date:

=====================  ==========  ===============  =========================================
week (Monday)          month       documents        lemmas of interest
=====================  ==========  ===============  =========================================
2022-W01 (3 January)   2022-01     q1, q2, v1       q1 жер ×2 митинг; q2 газ; v1 газ митинг
2022-W02 (10 January)  —           none
2022-W03 (17 January)  2022-01     q3               газ митинг
2022-W04 (24 January)  —           none
2022-W05 (31 January)  2022-02     v2               газ (31 January 20:00 UTC is 1 February)
2022-W06 (7 February)  2022-02     v3               газ
=====================  ==========  ===============  =========================================
"""

from __future__ import annotations

import math
from datetime import date

import numpy as np
import pandas as pd
import pytest
from test_dfm import ARCHIVE, NEWS, add_corpus
from test_frequency import add_documents

import dauys
from dauys.analyze import get_analysis, run_analysis
from dauys.analyze.trends import TRENDS_COLUMNS, Trends, period_label, period_starts, shares_over_time
from dauys.errors import InputError
from dauys.report.charts import chart_for
from dauys.report.png import save_chart_png
from dauys.store.filters import DocumentFilter

Z = 1.959963984540054  # the 97.5th percentile of the standard normal distribution


def wilson(hits: int, total: int) -> tuple[float, float]:
    """The Wilson score interval, written out: (p + z²/2n ± z √(p(1 − p)/n + z²/4n²)) / (1 + z²/n)."""
    p = hits / total
    centre = p + Z * Z / (2 * total)
    half = Z * math.sqrt(p * (1 - p) / total + Z * Z / (4 * total * total))
    return (centre - half) / (1 + Z * Z / total), (centre + half) / (1 + Z * Z / total)


@pytest.fixture
def corpus(project):
    return add_corpus(project)


def run_trends(project, where: DocumentFilter | None = None, **params) -> pd.DataFrame:
    analysis = Trends()
    table = analysis.run(project, where or DocumentFilter(tz=project.tz), Trends.validate(params))
    table.attrs["counts"] = analysis.counts_
    return table


def counts(table: pd.DataFrame) -> list[tuple]:
    return [(s, g, p, h, n) for s, g, p, h, n in table[["series", "group", "period", "hits", "total"]].itertuples(
        index=False)]


# --- the analysis ----------------------------------------------------------------------------------
def test_monthly_shares_of_documents(corpus):
    table = run_trends(corpus, terms="газ, митинг+жер")
    assert list(table.columns) == list(TRENDS_COLUMNS)
    # v2, posted on 31 January at 20:00 UTC, is a February document in Almaty
    assert counts(table) == [
        ("газ", "all", "2022-01", 3, 4), ("газ", "all", "2022-02", 2, 2),
        ("митинг+жер", "all", "2022-01", 3, 4), ("митинг+жер", "all", "2022-02", 0, 2),
    ]
    assert table["start"].tolist() == [date(2022, 1, 1), date(2022, 2, 1)] * 2
    assert table["share"].tolist() == [0.75, 1.0, 0.75, 0.0]
    for (low, high), (hits, total) in zip(table[["ci_low", "ci_high"]].itertuples(index=False),
                                          [(3, 4), (2, 2), (3, 4), (0, 2)], strict=True):
        assert (low, high) == pytest.approx(wilson(hits, total))
    assert table.loc[0, ["ci_low", "ci_high"]].round(4).tolist() == [0.3006, 0.9544]
    assert table.attrs["unit"] == "documents" and table.attrs["period"] == "month"
    assert table.attrs["counts"] == {"documents": 8, "undated": 2, "periods": 2, "groups": 1,
                                     "series_without_hits": []}


def test_weeks_are_iso_weeks_and_empty_weeks_are_0_of_0(corpus):
    table = run_trends(corpus, terms="газ", period="week")
    assert counts(table) == [
        ("газ", "all", "2022-W01", 2, 3), ("газ", "all", "2022-W02", 0, 0), ("газ", "all", "2022-W03", 1, 1),
        ("газ", "all", "2022-W04", 0, 0), ("газ", "all", "2022-W05", 1, 1), ("газ", "all", "2022-W06", 1, 1),
    ]
    assert table["start"].tolist() == [date(2022, 1, 3), date(2022, 1, 10), date(2022, 1, 17), date(2022, 1, 24),
                                       date(2022, 1, 31), date(2022, 2, 7)]
    empty = table.loc[table["total"] == 0]
    assert len(empty) == 2 and empty[["share", "ci_low", "ci_high"]].isna().all().all()
    assert table.loc[0, "share"] == pytest.approx(2 / 3)


def test_periods_follow_the_project_time_zone(tmp_path):
    utc = dauys.init_project(tmp_path / "utc", tz="UTC")
    add_documents(utc, NEWS, corpus="news")
    add_documents(utc, ARCHIVE, corpus="archive")
    # in UTC, v2 (31 January 20:00) stays in January
    assert counts(run_trends(utc, terms="газ")) == [("газ", "all", "2022-01", 4, 5), ("газ", "all", "2022-02", 1, 1)]


def test_shares_of_terms(corpus):
    table = run_trends(corpus, terms="газ,цена+подорожать", unit="terms")
    # January: 6 + 5 + 5 + 6 = 22 counted lemmas, газ 3 times; February: 4 + 5 = 9, газ twice
    assert counts(table) == [
        ("газ", "all", "2022-01", 3, 22), ("газ", "all", "2022-02", 2, 9),
        ("цена+подорожать", "all", "2022-01", 1, 22), ("цена+подорожать", "all", "2022-02", 3, 9),
    ]
    assert table.attrs["unit"] == "terms"


def test_series_split_by_channel(corpus):
    table = run_trends(corpus, terms="газ", period="week", by="channel")
    assert counts(table) == [
        ("газ", "qazaq_news", "2022-W01", 1, 2), ("газ", "qazaq_news", "2022-W02", 0, 0),
        ("газ", "qazaq_news", "2022-W03", 1, 1), ("газ", "qazaq_news", "2022-W04", 0, 0),
        ("газ", "qazaq_news", "2022-W05", 0, 0), ("газ", "qazaq_news", "2022-W06", 0, 0),
        ("газ", "vesti_kz", "2022-W01", 1, 1), ("газ", "vesti_kz", "2022-W02", 0, 0),
        ("газ", "vesti_kz", "2022-W03", 0, 0), ("газ", "vesti_kz", "2022-W04", 0, 0),
        ("газ", "vesti_kz", "2022-W05", 1, 1), ("газ", "vesti_kz", "2022-W06", 1, 1),
    ]


def test_phrases_stopwords_and_terms_not_found(corpus):
    pairs = run_trends(corpus, terms="газ баға", ngram=2)
    assert counts(pairs) == [("газ баға", "all", "2022-01", 2, 4), ("газ баға", "all", "2022-02", 0, 2)]
    kept = run_trends(corpus, terms="Туралы", keep_stopwords=True)
    assert counts(kept)[0] == ("туралы", "all", "2022-01", 1, 4)
    absent = run_trends(corpus, terms="тариф,газ")
    assert absent.attrs["counts"]["series_without_hits"] == ["тариф"]
    assert absent.loc[absent["series"] == "тариф", "hits"].tolist() == [0, 0]


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"terms": ""}, r"--terms: give one or more terms .* --terms 'тариф,жер\+land'"),
        ({"terms": " , "}, r"--terms: give one or more terms"),
        ({"terms": "газ,+"}, r"--terms '\+': a series needs at least one term"),
        ({"terms": "туралы"}, r"'туралы' is a stopword, left out of the counts; add --keep-stopwords"),
        ({"terms": "газ бағасы"}, r"--terms 'газ бағасы' has 2 word\(s\) .* give --ngram 2"),
        ({"terms": "газ,Газ"}, r"--terms: the series 'газ' is given twice"),
        ({"terms": "газ", "min_length": 4}, r"'газ' is shorter than --min-length 4"),
    ],
)
def test_terms_that_cannot_be_counted_are_refused(corpus, params, message):
    with pytest.raises(InputError, match=message):
        run_trends(corpus, **params)


def test_a_selection_without_dates_is_explained(corpus):
    with pytest.raises(InputError, match=r"None of the 2 selected documents has a date, .*\(--map created_at="):
        run_trends(corpus, DocumentFilter(corpus=("archive",), tz=corpus.tz), terms="жер")


def test_bad_parameters_name_the_option():
    with pytest.raises(InputError, match=r"--period 'day': expected one of week, month"):
        Trends.validate({"period": "day"})
    with pytest.raises(InputError, match=r"--unit 'words'"):
        Trends.validate({"unit": "words"})
    assert get_analysis("trends") is Trends


def test_run_analysis_records_and_saves(corpus):
    saved = run_analysis(corpus, "trends", {"terms": "газ,митинг+жер", "period": "week"})
    assert saved.title == "Share of documents per week: газ, митинг+жер"
    frame = saved.frame()
    assert frame["start"].iloc[0] == date(2022, 1, 3) and frame.attrs["period"] == "week"
    entry = corpus.log()[-1]
    assert entry["step"] == "analyze.trends" and entry["n_out"] == 12
    assert entry["counts"]["undated"] == 2 and entry["params"]["terms"] == "газ,митинг+жер"


def test_cli_prints_the_series(cli, corpus):
    result = cli("analyze", "trends", "--project", corpus.path, "--terms", "газ,жер", "--period", "month",
                 "--by", "channel")
    assert result.exit_code == 0, result.output
    assert "qazaq_news" in result.stdout and "2022-02" in result.stdout
    result = cli("analyze", "trends", "--project", corpus.path, "--terms", "туралы")
    assert result.exit_code == 2 and "--keep-stopwords" in result.stderr


# --- the pure pieces -------------------------------------------------------------------------------
def test_shares_over_time_for_any_counts():
    coded = pd.DataFrame({"period": ["2022-01", "2022-02", "2022-03"], "series": ["protest"] * 3,
                          "hits": [12, 0, 0], "total": [40, 0, 7], "group": ["Azattyq"] * 3})
    shares = shares_over_time(coded)
    assert list(shares.columns) == ["period", "series", "hits", "total", "group", "share", "ci_low", "ci_high"]
    assert shares["share"].tolist()[0] == 0.3 and math.isnan(shares["share"].iloc[1])
    assert tuple(shares.loc[0, ["ci_low", "ci_high"]]) == pytest.approx(wilson(12, 40))
    assert shares.loc[2, "share"] == 0.0 and shares.loc[2, "ci_low"] == pytest.approx(0.0, abs=1e-12)
    assert shares.loc[2, "ci_high"] == pytest.approx(wilson(0, 7)[1])
    narrower = shares_over_time(coded, confidence=0.9)
    assert narrower.loc[0, "ci_high"] < shares.loc[0, "ci_high"]
    assert "share" not in coded.columns  # the input is left as it was


def test_shares_over_time_refuses_impossible_counts():
    with pytest.raises(InputError, match="missing: total"):
        shares_over_time(pd.DataFrame({"period": ["2022-01"], "series": ["a"], "hits": [1]}))
    with pytest.raises(InputError, match="0 <= hits <= total"):
        shares_over_time(pd.DataFrame({"period": ["2022-01"], "series": ["a"], "hits": [5], "total": [4]}))
    with pytest.raises(InputError, match="confidence 95"):
        shares_over_time(pd.DataFrame({"period": [], "series": [], "hits": [], "total": []}), confidence=95)


def test_period_starts_and_labels():
    weeks = period_starts(date(2021, 12, 29), date(2022, 1, 5), "week")
    assert weeks == [date(2021, 12, 27), date(2022, 1, 3)]
    assert [period_label(w, "week") for w in weeks] == ["2021-W52", "2022-W01"]
    assert period_label(date(2020, 12, 28), "week") == "2020-W53"  # 1 January 2021 is in ISO week 53 of 2020
    assert period_starts(date(2021, 11, 30), date(2022, 1, 1), "month") == [date(2021, 11, 1), date(2021, 12, 1),
                                                                          date(2022, 1, 1)]
    with pytest.raises(InputError, match="--period 'year'"):
        period_starts(date(2022, 1, 1), date(2022, 2, 1), "year")


# --- the chart -------------------------------------------------------------------------------------
def test_the_chart_draws_a_line_and_a_band_per_series(corpus, tmp_path):
    frame = run_analysis(corpus, "trends", {"terms": "газ,митинг+жер", "period": "week"}).frame()
    figure = chart_for("trends", frame, "ru")
    assert len(figure.data) == 6  # per series: the band's upper edge, its lower edge (filled), the line
    lines = [trace for trace in figure.data if trace.showlegend is not False]
    assert [line.name for line in lines] == ["газ", "митинг+жер"]
    shares = np.array(lines[0].y, dtype=float)
    assert np.isnan(shares[[1, 3]]).all() and shares[0] == pytest.approx(2 / 3)  # breaks, not zeros
    assert figure.data[1].fill == "tonexty"
    assert figure.layout.yaxis.tickformat == ".0%" and figure.layout.yaxis.title.text == "доля документов"
    assert figure.layout.xaxis.title.text == "неделя"
    split = chart_for("trends", run_analysis(corpus, "trends", {"terms": "газ", "by": "channel"}).frame(), "kk")
    assert [t.name for t in split.data if t.showlegend is not False] == ["газ · qazaq_news", "газ · vesti_kz"]
    assert split.layout.xaxis.title.text == "ай"
    png = save_chart_png("trends", frame, tmp_path / "trends.png", "kk")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
