"""Keyness: chi-square and G² checked against scipy's contingency functions, by hand on the corpus of
test_dfm (qazaq_news: 16 counted lemmas, vesti_kz: 15, the undated archive notes: 2), the analysis, the
CLI and the keyness plot.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy.stats import chi2_contingency
from test_dfm import add_corpus

from dauys.analyze import get_analysis, run_analysis
from dauys.analyze.keyness import KEYNESS_COLUMNS, TABLE_COLUMNS, Keyness, keyness
from dauys.errors import InputError
from dauys.report.charts import chart_for
from dauys.report.png import save_chart_png
from dauys.store.filters import DocumentFilter

SCIPY_VARIANTS = [
    # (measure, correction, chi2_contingency's correction, its lambda_)
    ("chi2", "default", True, None),
    ("chi2", "yates", True, None),
    ("chi2", "none", False, None),
    ("lr", "default", False, "log-likelihood"),
    ("lr", "none", False, "log-likelihood"),
    ("lr", "yates", True, "log-likelihood"),
]


@pytest.fixture
def corpus(project):
    return add_corpus(project)


def scipy_reference(a: int, b: int, n_target: int, n_reference: int, correction: bool, lambda_) -> tuple:
    statistic, p, dof, _ = chi2_contingency([[a, b], [n_target - a, n_reference - b]], correction=correction,
                                            lambda_=lambda_)
    assert dof == 1
    return statistic, p


# --- the statistics --------------------------------------------------------------------------------
@pytest.mark.parametrize(("measure", "correction", "scipy_correction", "lambda_"), SCIPY_VARIANTS)
def test_statistics_match_scipy_on_many_terms(measure, correction, scipy_correction, lambda_):
    rng = np.random.default_rng(2024)
    terms = [f"сөз{i}" for i in range(400)]
    # frequent and rare terms, zeros in either group, a few strongly skewed
    target = pd.Series(rng.negative_binomial(1, 0.08, len(terms)), index=terms)
    reference = pd.Series(rng.negative_binomial(1, 0.05, len(terms)), index=terms)
    target.iloc[:10] += 60
    scores = keyness(target, reference, measure=measure, correction=correction).set_index("term")
    n_target, n_reference = int(target.sum()), int(reference.sum())
    counted = target.index[(target + reference) > 0]
    assert len(scores) == len(counted) > 350
    for term in counted:
        a, b = int(target[term]), int(reference[term])
        statistic, p = scipy_reference(a, b, n_target, n_reference, scipy_correction, lambda_)
        row = scores.loc[term]
        assert abs(row["statistic"]) == pytest.approx(statistic, rel=1e-9, abs=1e-12), term
        assert row["p"] == pytest.approx(p, rel=1e-9, abs=1e-15), term
        higher = a * n_reference > b * n_target
        assert row["direction"] == ("target" if higher else "reference" if a * n_reference < b * n_target
                                    else "equal")
        assert row["statistic"] >= 0 if higher else row["statistic"] <= 0
    assert scores.attrs["correction"] == ("yates" if scipy_correction else "none")


def test_given_totals_are_the_n_of_each_table():
    # two of the terms only, out of 1,000 and 2,000 counted terms
    scores = keyness({"тариф": 40, "су": 5}, {"тариф": 30, "су": 25}, total_target=1000, total_reference=2000,
                     correction="none").set_index("term")
    for term, a, b in (("тариф", 40, 30), ("су", 5, 25)):
        statistic, p = scipy_reference(a, b, 1000, 2000, False, None)
        assert abs(scores.at[term, "statistic"]) == pytest.approx(statistic)
        assert scores.at[term, "p"] == pytest.approx(p)
    assert scores.at["тариф", "per_1000_target"] == 40.0 and scores.at["тариф", "per_1000_reference"] == 15.0
    assert scores.at["тариф", "log_ratio"] == pytest.approx(math.log2(40 / 15))
    with pytest.raises(InputError, match="at least the sums"):
        keyness({"тариф": 40}, {"тариф": 30}, total_target=10)


def test_log_ratio_takes_a_zero_as_half():
    scores = keyness({"жер": 2, "газ": 2}, {"газ": 3, "цена": 3}, total_target=16, total_reference=15)
    ratio = scores.set_index("term")["log_ratio"]
    assert ratio["газ"] == pytest.approx(math.log2((2 / 16) / (3 / 15)))  # -0.678
    assert ratio["жер"] == pytest.approx(math.log2((2 / 16) / (0.5 / 15)))  # 1.907
    assert ratio["цена"] == pytest.approx(math.log2((0.5 / 16) / (3 / 15)))


def test_p_values_are_corrected_over_all_terms():
    target = pd.Series({"а1": 30, "а2": 12, "а3": 9, "а4": 20, "а5": 3})
    reference = pd.Series({"а1": 10, "а2": 10, "а3": 20, "а4": 18, "а5": 1})
    bh = keyness(target, reference).sort_values("p")
    p = bh["p"].to_numpy()
    m = len(p)
    # Benjamini–Hochberg: the smallest p(k) * m / k over k >= i, at most 1
    expected = [min(1.0, min(p[k] * m / (k + 1) for k in range(i, m))) for i in range(m)]
    np.testing.assert_allclose(bh["p_adjusted"].to_numpy(), expected)
    bonferroni = keyness(target, reference, p_adjust="bonferroni").sort_values("p")
    np.testing.assert_allclose(bonferroni["p_adjusted"].to_numpy(), np.minimum(1.0, p * m))
    assert bh.attrs["p_adjust"] == "bh"


def test_terms_counted_nowhere_are_left_out_and_bad_input_is_refused():
    scores = keyness({"газ": 3, "жоқ": 0}, {"газ": 1, "цена": 2})
    assert scores["term"].tolist() == ["газ", "цена"] and list(scores.columns) == list(KEYNESS_COLUMNS)
    with pytest.raises(InputError, match="--measure 'pmi'"):
        keyness({"газ": 1}, {"газ": 1}, measure="pmi")
    with pytest.raises(InputError, match="--correction 'williams'"):
        keyness({"газ": 1}, {"газ": 1}, correction="williams")
    with pytest.raises(InputError, match="--p-adjust 'holm'"):
        keyness({"газ": 1}, {"газ": 1}, p_adjust="holm")
    with pytest.raises(InputError, match="term counts must be numbers of at least 0"):
        keyness({"газ": -1}, {"газ": 1})
    with pytest.raises(InputError, match="The reference group has no counted terms"):
        keyness({"газ": 1}, {})


# --- the analysis ----------------------------------------------------------------------------------
def run_keyness(project, where: DocumentFilter | None = None, **params) -> pd.DataFrame:
    analysis = Keyness()
    table = analysis.run(project, where or DocumentFilter(tz=project.tz), Keyness.validate(params))
    table.attrs["counts"] = analysis.counts_
    return table


def test_by_hand_against_one_other_channel(corpus):
    table = run_keyness(corpus, by="channel", target="qazaq_news", reference="vesti_kz", min_count=1,
                        correction="none", n=100)
    rows = table.set_index("term")
    # газ: 2 of 16 in qazaq_news, 3 of 15 in vesti_kz; chi² = N(ad − bc)² / ((a+b)(c+d)(a+c)(b+d))
    assert rows.at["газ", "statistic"] == pytest.approx(-31 * (2 * 12 - 3 * 14) ** 2 / (5 * 26 * 16 * 15))
    assert rows.at["газ", "direction"] == "reference"
    assert rows.at["газ", "per_1000_target"] == pytest.approx(125.0)
    assert rows.at["газ", "per_1000_reference"] == pytest.approx(200.0)
    assert rows.at["газ", "log_ratio"] == pytest.approx(math.log2(0.625))
    assert table.attrs["counts"] == {"documents": 8, "documents_target": 3, "documents_reference": 3,
                                     "tokens_target": 16, "tokens_reference": 15, "terms_tested": 20}
    # біздік is only in the archive, so it is not tested; every tested term is one row here (n = 100)
    assert len(table) == 20 and "біздік" not in set(table["term"])
    for term, row in rows.iterrows():
        statistic, p = scipy_reference(int(row["count_target"]), int(row["count_reference"]), 16, 15, False, None)
        assert abs(row["statistic"]) == pytest.approx(statistic) and row["p"] == pytest.approx(p), term


def test_against_the_rest_and_the_table_layout(corpus):
    table = run_keyness(corpus, by="channel", target="qazaq_news", measure="lr", min_count=2, n=2)
    assert list(table.columns) == list(TABLE_COLUMNS)
    # the rest: vesti_kz and the undated notes without a channel, 15 + 2 = 17 counted lemmas;
    # min_count 2 leaves баға 2, газ 5, жер 3, митинг 3, цена 3, өс 2
    assert table.attrs["counts"]["tokens_reference"] == 17 and table.attrs["counts"]["terms_tested"] == 6
    assert table[["direction", "rank", "term"]].values.tolist() == [
        ["target", 1, "баға"], ["target", 2, "өс"], ["reference", 1, "цена"], ["reference", 2, "газ"]]
    assert (table.loc[table["direction"] == "target", "statistic"] > 0).all()
    assert (table.loc[table["direction"] == "reference", "statistic"] < 0).all()
    six = run_keyness(corpus, by="channel", target="qazaq_news", measure="lr", min_count=2, n=6)
    row = six.set_index("term").loc["жер"]
    statistic, p = scipy_reference(2, 1, 16, 17, False, "log-likelihood")
    assert (row["count_target"], row["count_reference"]) == (2, 1)
    assert row["statistic"] == pytest.approx(statistic) and row["p"] == pytest.approx(p)
    assert table.attrs["measure"] == "lr" and table.attrs["correction"] == "none"
    assert (table.attrs["by"], table.attrs["target"], table.attrs["reference"]) == ("channel", "qazaq_news", "")


def test_run_analysis_records_and_saves(corpus):
    saved = run_analysis(corpus, "keyness", {"by": "channel", "target": "vesti_kz", "min_count": 2})
    assert saved.title == "Keyness of lemmas (chi-square): channel vesti_kz against the rest"
    frame = saved.frame()
    assert frame.attrs["target"] == "vesti_kz" and frame.attrs["correction"] == "yates"
    assert frame["term"].iloc[0] == "цена"
    entry = corpus.log()[-1]
    assert entry["step"] == "analyze.keyness" and entry["params"]["stopwords"] == "2026.1"
    assert entry["counts"]["terms_tested"] == 6 and entry["n_out"] == len(frame)


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"by": "channel", "target": "tengri"},
         r"--target 'tengri': there is no such group by channel .* the groups are: qazaq_news, vesti_kz, \(none\)"),
        ({"by": "channel", "target": "qazaq_news", "reference": "tengri"}, r"--reference 'tengri': there is no"),
        ({"by": "channel", "target": "qazaq_news", "reference": "qazaq_news"},
         r"--reference 'qazaq_news' is the target too; name another group of channel, or leave --reference empty"),
        ({"by": "channel"}, r"--target: name the target group, a value of channel"),
        ({"by": "channel", "target": "qazaq_news", "min_count": 50}, r"No term is counted 50 or more times"),
        ({"by": "meta.box", "target": "2"}, r"The target group \(meta.box 2\) has no lemmas to count"),
    ],
)
def test_bad_groups_are_explained(corpus, params, message):
    with pytest.raises(InputError, match=message):
        run_keyness(corpus, **params)


def test_a_selection_of_one_group_has_nothing_to_compare(corpus):
    news = DocumentFilter(corpus=("news",), tz=corpus.tz)
    with pytest.raises(InputError, match=r"All selected documents are in corpus 'news': there is no other group"):
        run_keyness(corpus, news, by="corpus", target="news")


def test_bad_parameters_name_the_option():
    with pytest.raises(InputError, match=r"--by 'all': expected one of corpus, platform"):
        Keyness.validate({"by": "all"})
    with pytest.raises(InputError, match=r"--measure 'fisher'"):
        Keyness.validate({"measure": "fisher"})
    assert get_analysis("keyness") is Keyness


def test_cli_compares_two_channels(cli, corpus):
    result = cli("analyze", "keyness", "--project", corpus.path, "--by", "channel", "--target", "qazaq_news",
                 "--reference", "vesti_kz", "--min-count", "2", "--n", "3")
    assert result.exit_code == 0, result.output
    assert "цена" in result.stdout and "баға" in result.stdout
    assert corpus.log()[-1]["params"]["reference"] == "vesti_kz"
    result = cli("analyze", "keyness", "--project", corpus.path, "--by", "channel", "--target", "tengri")
    assert result.exit_code == 2 and "the groups are: qazaq_news, vesti_kz, (none)" in result.stderr


# --- the keyness plot ------------------------------------------------------------------------------
def test_keyness_plot_points_the_target_right_and_the_reference_left(corpus, tmp_path):
    frame = run_analysis(corpus, "keyness", {"by": "channel", "target": "qazaq_news", "min_count": 2,
                                             "n": 2}).frame()
    figure = chart_for("keyness", frame, "kk")
    target, reference = figure.data
    assert (target.name, reference.name) == ("qazaq_news", "қалған барлық құжаттар")
    assert list(target.y) == ["баға", "өс"] and all(v > 0 for v in target.x)
    # the reference's strongest term is drawn at the bottom, as in quanteda's textplot_keyness; Yates'
    # correction takes газ (2 of 16 against 3 of 17, 0.42 from its expected 2.42) to 0
    assert list(reference.y) == ["газ", "цена"] and list(reference.x) == [0.0, pytest.approx(-1.337592, abs=1e-6)]
    assert list(figure.layout.yaxis.categoryarray) == ["баға", "өс", "газ", "цена"]
    assert figure.layout.yaxis.autorange == "reversed"
    assert figure.layout.xaxis.title.text.startswith("хи-квадрат")
    png = save_chart_png("keyness", frame, tmp_path / "keyness.png", "ru")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    named = chart_for("keyness", run_analysis(corpus, "keyness", {"by": "channel", "target": "qazaq_news",
                                                                   "reference": "vesti_kz", "measure": "lr",
                                                                   "min_count": 2}).frame(), "en")
    assert named.data[1].name == "vesti_kz" and named.layout.xaxis.title.text.startswith("log-likelihood G²")
