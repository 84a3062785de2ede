"""Collocations on the real token table: pair counts by hand, PMI and t-score from their formulas, G² against
scipy; ordered and unordered pairs, the node, the window; the ledger, the CLI, the chart.

The fixture, with each document's counted lemmas at their token positions (жоқ is a stopword: left out, its
position kept; punctuation has a position too):

=== ============================ =====================================
doc text                         counted lemmas (position)
=== ============================ =====================================
d1  Су тарифі өсті.              су 0, тариф 1, өс 2
d2  Су тарифі қымбат.            су 0, тариф 1, қымбат 2
d3  Тариф өсті, су жоқ.          тариф 0, өс 1, су 3
d4  Газ бағасы өсті.             газ 0, баға 1, өс 2
=== ============================ =====================================

Within a window of 2 tokens there are 11 pair tokens: d1 {су, тариф} {су, өс} {тариф, өс}; d2 {су, тариф}
{су, қымбат} {тариф, қымбат}; d3 {тариф, өс} {өс, су} (the comma counts: өс 1, су 3); d4 {газ, баға}
{газ, өс} {баға, өс}. Unordered, every pair token counts both ways: N = 22, and the marginals are the pair
tokens holding each lemma: су 5, тариф 5, өс 6, қымбат 2, газ 2, баға 2.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from conftest import add_documents
from scipy.stats import chi2_contingency

from dauys.analyze import get_analysis, run_analysis
from dauys.analyze.collocations import COLLOCATION_COLUMNS, Collocations, association_measures, pair_counts
from dauys.analyze.terms import TermOptions
from dauys.errors import InputError
from dauys.store.filters import DocumentFilter

WATER = [
    {"external_id": "d1", "channel": "dala_habar", "created_at": "2022-01-04T06:00Z", "text": "Су тарифі өсті."},
    {"external_id": "d2", "channel": "dala_habar", "created_at": "2022-01-05T06:00Z", "text": "Су тарифі қымбат."},
    {"external_id": "d3", "channel": "qazaq_times", "created_at": "2022-01-06T06:00Z",
     "text": "Тариф өсті, су жоқ."},
    {"external_id": "d4", "channel": "qazaq_times", "created_at": "2022-01-07T06:00Z", "text": "Газ бағасы өсті."},
]


@pytest.fixture
def water(project):
    add_documents(project, WATER)
    return project


def colloc(project, **params) -> pd.DataFrame:
    return Collocations().run(project, DocumentFilter(tz=project.tz), Collocations.validate(params))


def pmi(o: float, r1: float, c1: float, n: float) -> float:
    return math.log2(o / (r1 * c1 / n))


def t_score(o: float, r1: float, c1: float, n: float) -> float:
    return (o - r1 * c1 / n) / math.sqrt(o)


def g2_scipy(o: int, r1: int, c1: int, n: int) -> float:
    table = np.array([[o, r1 - o], [c1 - o, n - r1 - c1 + o]])
    return chi2_contingency(table, correction=False, lambda_="log-likelihood")[0]


def test_pair_counts_by_hand(water):
    counts = pair_counts(water, DocumentFilter(tz=water.tz), TermOptions(), window=2)
    assert (counts.pair_tokens, counts.sample, counts.pair_types) == (11, 22, 8)
    pairs = counts.pairs
    # unordered pairs come once, alphabetically (Kazakh letters sort after the Russian alphabet's)
    assert list(zip(pairs["term1"], pairs["term2"], pairs["observed"], pairs["f1"], pairs["f2"],
                    pairs["documents"], strict=True)) == [
        ("баға", "газ", 1, 2, 2, 1),
        ("баға", "өс", 1, 2, 6, 1),
        ("газ", "өс", 1, 2, 6, 1),
        ("су", "тариф", 2, 5, 5, 2),
        ("су", "қымбат", 1, 5, 2, 1),
        ("су", "өс", 2, 5, 6, 2),
        ("тариф", "қымбат", 1, 5, 2, 1),
        ("тариф", "өс", 2, 5, 6, 2),
    ]
    assert pairs["observed"].sum() == counts.pair_tokens


def test_the_window_counts_punctuation_and_left_out_words(water):
    narrow = pair_counts(water, DocumentFilter(tz=water.tz), TermOptions(), window=1)
    # d3's өсті , су: two tokens apart, so no pair at window 1; d1 су-өс and d4 газ-өс are two apart as well
    assert narrow.pair_tokens == 7
    assert ("су", "өс") not in set(zip(narrow.pairs["term1"], narrow.pairs["term2"], strict=True))


def test_pairs_stay_inside_a_sentence_and_a_term_never_pairs_with_itself(project):
    add_documents(project, [{"external_id": "g1", "channel": None, "created_at": None,
                             "text": "Газ газ қымбат. Су тегін."}])
    counts = pair_counts(project, DocumentFilter(tz=project.tz), TermOptions(), window=5)
    pairs = counts.pairs
    assert list(zip(pairs["term1"], pairs["term2"], pairs["observed"], strict=True)) == [
        ("газ", "қымбат", 2), ("су", "тегін", 1)]
    assert counts.sample == 6


def test_measures_follow_the_formulas_and_scipy(water):
    table = colloc(water, window=2, min_count=2)
    assert list(table.columns) == list(COLLOCATION_COLUMNS)
    # су-тариф has the stronger association (same count, smaller marginals); the tie су-өс / тариф-өс goes
    # alphabetically
    assert list(zip(table["term1"], table["term2"], strict=True)) == [("су", "тариф"), ("су", "өс"),
                                                                      ("тариф", "өс")]
    n = 22
    for row in table.itertuples():
        o, r1, c1 = row.observed, row.f1, row.f2
        assert row.expected == pytest.approx(r1 * c1 / n)
        assert row.pmi == pytest.approx(pmi(o, r1, c1, n))
        assert row.t_score == pytest.approx(t_score(o, r1, c1, n))
        assert row.log_likelihood == pytest.approx(g2_scipy(o, r1, c1, n))
        expected_cells = chi2_contingency(np.array([[o, r1 - o], [c1 - o, n - r1 - c1 + o]]), correction=False)[3]
        assert row.expected == pytest.approx(expected_cells[0, 0])
    first = table.iloc[0]
    assert (first["observed"], round(first["expected"], 4), round(first["pmi"], 4)) == (2, 1.1364, 0.8156)
    assert table.attrs == {"window": 2, "ordered": False, "measure": "log_likelihood", "node": "", "sample": 22,
                           "pair_tokens": 11}


def test_log_likelihood_is_negative_for_a_pair_seen_less_often_than_expected():
    measures = association_measures([1, 3], [10, 3], [10, 4], 20)
    assert measures["expected"].tolist() == [5.0, 0.6]
    repelled, attracted = measures["log_likelihood"].tolist()
    assert repelled < 0 and repelled == pytest.approx(-g2_scipy(1, 10, 10, 20))
    assert attracted == pytest.approx(g2_scipy(3, 3, 4, 20))
    # a margin equal to N leaves expected cells at zero, whose observed cells are zero too
    assert association_measures([2], [2], [2], 2)["log_likelihood"].tolist() == [0.0]


def test_ordered_pairs_have_their_own_margins(water):
    table = colloc(water, window=2, min_count=1, ordered=True, n=100)
    rows = {(r.term1, r.term2): r for r in table.itertuples()}
    # 11 pair tokens; су comes first in 4, тариф second in 2, өс second in 5, өс first in 1, су second in 1
    assert (rows["су", "тариф"].observed, rows["су", "тариф"].f1, rows["су", "тариф"].f2) == (2, 4, 2)
    assert (rows["тариф", "өс"].observed, rows["тариф", "өс"].f1, rows["тариф", "өс"].f2) == (2, 3, 5)
    assert rows["өс", "су"].pmi == pytest.approx(math.log2(11))
    assert ("тариф", "су") not in rows  # d3: тариф 0, су 3 is beyond the window
    for row in table.itertuples():
        assert abs(row.log_likelihood) == pytest.approx(g2_scipy(row.observed, row.f1, row.f2, 11))


def test_a_node_lists_its_collocates(water):
    table = colloc(water, window=2, min_count=1, node="өс", measure="observed")
    assert table["term1"].tolist() == ["өс"] * 4
    assert list(zip(table["term2"], table["observed"], strict=True)) == [("су", 2), ("тариф", 2), ("баға", 1),
                                                                         ("газ", 1)]
    assert set(table["f1"]) == {6}
    ordered = colloc(water, window=2, min_count=1, node="Су", ordered=True, measure="observed")
    assert list(zip(ordered["term1"], ordered["term2"], ordered["observed"], strict=True)) == [
        ("су", "тариф", 2), ("су", "қымбат", 1), ("су", "өс", 1), ("өс", "су", 1)]


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"ngram": 2}, r"--ngram 2: pairs are counted between single terms"),
        ({"min_count": 9}, r"No pair of lemmas is seen at least 9 times within 5 tokens; try a lower --min-count"),
        ({"node": "вода", "min_count": 1}, r"The node 'вода' has no collocate seen at least 1 times"),
        ({"kind": "hashtags"}, r"No two hashtags occur within 5 tokens .* 4 selected documents"),
    ],
)
def test_nothing_to_list_is_explained(water, params, message):
    with pytest.raises(InputError, match=message):
        colloc(water, **params)


def test_bad_parameters_name_the_option():
    with pytest.raises(InputError, match=r"--measure 'dice': expected one of log_likelihood, pmi, t_score"):
        Collocations.validate({"measure": "dice"})
    with pytest.raises(InputError, match=r"--window 0: expected a number from 1 to 50"):
        Collocations.validate({"window": 0})


def test_run_analysis_records_the_ledger(water):
    saved = run_analysis(water, "collocations", {"window": 2, "min_count": 2, "measure": "pmi"})
    assert saved.title == "Collocations of lemmas (window 2, by pmi)"
    frame = saved.frame()
    assert frame["pmi"].is_monotonic_decreasing and frame.attrs["measure"] == "pmi"
    entry = water.log()[-1]
    assert entry["step"] == "analyze.collocations"
    assert entry["params"]["window"] == 2 and entry["params"]["stopwords"] == "2026.1"
    assert entry["counts"] == {"documents": 4, "pair_tokens": 11, "pair_types": 8, "sample": 22, "pairs_kept": 3,
                               "rows": 3}
    assert get_analysis("collocations") is Collocations
    node = run_analysis(water, "collocations", {"node": "өс", "min_count": 1, "ordered": True})
    assert node.title == "Collocates of өс (window 5, ordered, by log-likelihood)"


def test_the_chart_draws_bars_of_the_ranking_measure_and_the_png_is_valid(water, tmp_path):
    from dauys.report.charts import chart_for
    from dauys.report.png import save_chart_png

    frame = run_analysis(water, "collocations", {"window": 2, "min_count": 2}).frame()
    figure = chart_for("collocations", frame, "kk")
    bars = figure.data[0]
    assert bars.type == "bar" and bars.orientation == "h"
    assert list(bars.y) == ["су — тариф", "су — өс", "тариф — өс"]
    assert list(bars.x) == pytest.approx(frame["log_likelihood"].tolist())
    assert figure.layout.xaxis.title.text == "Логарифмдік шынайылық (G²)"
    assert figure.layout.yaxis.autorange == "reversed"
    ordered = run_analysis(water, "collocations", {"window": 2, "min_count": 1, "ordered": True,
                                                   "measure": "t_score"}).frame()
    figure = chart_for("collocations", ordered, "ru")
    assert "су → тариф" in list(figure.data[0].y) and figure.layout.xaxis.title.text == "t-мера"
    png = save_chart_png("collocations", frame, tmp_path / "colloc.png", "kk").read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and png[12:16] == b"IHDR"
    assert int.from_bytes(png[16:20], "big") > 300


def test_cli_lists_the_pairs(cli, water):
    result = cli("analyze", "collocations", "-p", water.path, "--window", "2", "--min-count", "2", "--node", "су")
    assert result.exit_code == 0, result.output
    assert "Collocates of су (window 2, by log-likelihood)" in result.stdout and "тариф" in result.stdout
    assert water.results()[-1].frame()["term2"].tolist() == ["тариф", "өс"]
    result = cli("analyze", "collocations", "-p", water.path, "--ngram", "2")
    assert result.exit_code == 2 and "--ngram 2" in result.stderr
