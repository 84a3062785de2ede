"""Inter-coder agreement: Krippendorff's worked examples, the reference packages, and the agreement analysis.

References: the maintained ``krippendorff`` package for alpha at all four levels, scikit-learn's
``cohen_kappa_score`` for Cohen's kappa and statsmodels' ``fleiss_kappa`` for Fleiss' kappa, on random
tables with missing values; and the worked examples of Krippendorff, "Computing Krippendorff's
Alpha-Reliability" (2011): A (two coders, binary, alpha = 0.095), B (two coders, nominal, 0.692) and
C (four coders, twelve units, missing data: nominal 0.743, ordinal 0.815, interval 0.849, ratio 0.797).
"""

from __future__ import annotations

import krippendorff
import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest
from sklearn.metrics import cohen_kappa_score
from statsmodels.stats.inter_rater import aggregate_raters
from statsmodels.stats.inter_rater import fleiss_kappa as statsmodels_fleiss
from test_hand_coding import add_comments

from dauys.analyze import get_analysis, run_analysis
from dauys.analyze.agreement import (
    AGREEMENT_COLUMNS,
    LEVELS,
    Agreement,
    agreement_disagreements,
    agreement_statistics,
    cohen_kappa,
    coincidence_matrix,
    fleiss_kappa,
    fleiss_units,
    krippendorff_alpha,
    list_disagreements,
    pairable_units,
    percent_agreement,
    reliability_data,
)
from dauys.analyze.hand_coding import import_coded_sheets
from dauys.errors import InputError
from dauys.report.charts import chart_for
from dauys.report.i18n import LANGS, t
from dauys.report.png import save_chart_png
from dauys.store.filters import DocumentFilter

N = None
EXAMPLE_C = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, N, N, N],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, N, 3],
    [N, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, N],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, N],
]


def as_float(data) -> np.ndarray:
    return np.array([[np.nan if v is None else v for v in row] for row in data], dtype=float)


# --- Krippendorff's worked examples -------------------------------------------------------------------
@pytest.mark.parametrize("level, published", [("nominal", 0.743), ("ordinal", 0.815), ("interval", 0.849),
                                              ("ratio", 0.797)])
def test_example_c_four_coders_with_missing_data(level, published):
    alpha = krippendorff_alpha(EXAMPLE_C, level)
    assert round(alpha, 3) == published
    assert alpha == pytest.approx(krippendorff.alpha(as_float(EXAMPLE_C), level_of_measurement=level), abs=1e-12)


def test_example_c_coincidence_matrix():
    matrix = coincidence_matrix(EXAMPLE_C, values=[1, 2, 3, 4, 5])
    assert matrix.sum(axis=1).tolist() == pytest.approx([9, 13, 10, 5, 3]), "n_c: pairable values per value"
    assert matrix.to_numpy().sum() == pytest.approx(40), "unit 12 has one value and is not pairable"
    assert np.allclose(matrix, matrix.T)
    assert matrix.loc[1, 1] == pytest.approx(7) and matrix.loc[1, 2] == pytest.approx(4 / 3)
    assert np.diag(matrix).tolist() == pytest.approx([7, 10, 8, 4, 3])
    assert matrix.loc[5].tolist() == pytest.approx([0, 0, 0, 0, 3])


def test_examples_a_and_b_two_coders():
    a = [[0, 1, 0, 0, 0, 0, 0, 0, 1, 0], [1, 1, 1, 0, 0, 1, 0, 0, 0, 0]]
    assert round(krippendorff_alpha(a), 3) == 0.095
    b = [list("aabbdcccedda"), list("babbbccceddd")]
    assert round(krippendorff_alpha(b), 3) == 0.692
    numbers = {c: i for i, c in enumerate("abcde")}
    reference = krippendorff.alpha([[numbers[c] for c in row] for row in b], level_of_measurement="nominal")
    assert krippendorff_alpha(b) == pytest.approx(reference, abs=1e-12)


# --- against the krippendorff package ----------------------------------------------------------------
def random_table(rng, coders: int, units: int, values: int, missing: float) -> np.ndarray:
    table = rng.integers(1, values + 1, size=(coders, units)).astype(float)
    # coders often give the first coder's value: they agree more than chance, as real coders do
    agree = rng.random((coders, units)) < 0.4
    table[agree] = np.broadcast_to(table[0], table.shape)[agree]
    table[rng.random((coders, units)) < missing] = np.nan
    return table


@pytest.mark.parametrize("level", LEVELS)
def test_alpha_equals_the_krippendorff_package_on_random_tables(level):
    rng = np.random.default_rng(20240515)
    compared = 0
    for _ in range(60):
        table = random_table(rng, int(rng.integers(2, 7)), int(rng.integers(3, 60)), int(rng.integers(2, 8)),
                             float(rng.choice([0.0, 0.2, 0.5])))
        if level == "ratio":
            table = table * 2.5
        try:
            with np.errstate(invalid="ignore"):  # the package divides 0 by 0 where nothing varies
                reference = krippendorff.alpha(table, level_of_measurement=level)
        except ValueError:  # a table the package refuses: one value only, or no pairable unit
            continue
        mine = krippendorff_alpha(pd.DataFrame(table), level)
        if np.isnan(reference):
            assert np.isnan(mine)
        else:
            assert mine == pytest.approx(reference, abs=1e-10)
            compared += 1
    assert compared >= 50


def test_nominal_labels_and_ordered_labels_equal_the_package():
    rng = np.random.default_rng(3)
    tones = ["теріс", "бейтарап", "оң"]  # negative, neutral, positive
    table = rng.choice(tones, size=(3, 40)).astype(object)
    table[rng.random((3, 40)) < 0.2] = None
    as_text = np.where(pd.isna(table), "nan", table).astype(str)
    assert krippendorff_alpha(table) == pytest.approx(
        krippendorff.alpha(as_text, level_of_measurement="nominal"), abs=1e-12)
    assert krippendorff_alpha(table, "ordinal", values=tones) == pytest.approx(
        krippendorff.alpha(as_text, level_of_measurement="ordinal", value_domain=tones), abs=1e-12)


def test_units_coded_by_one_coder_do_not_change_alpha():
    more = [row + [value] for row, value in zip(EXAMPLE_C, [N, N, 4, N], strict=True)]
    assert krippendorff_alpha(more) == pytest.approx(krippendorff_alpha(EXAMPLE_C))
    assert pairable_units(more) == pairable_units(EXAMPLE_C) == 11


def test_alpha_is_nan_when_nothing_varies_or_nothing_is_pairable():
    assert np.isnan(krippendorff_alpha([[1, 1, 1], [1, 1, 1]]))
    assert np.isnan(krippendorff_alpha([[1, N, 2], [N, 1, N]]))
    assert np.isnan(percent_agreement([[1, N], [N, 2]]))


@pytest.mark.parametrize("data, level, values, message", [
    ([["оң", "теріс"], ["оң", "оң"]], "ordinal", None, "ordinal agreement needs numbers or an order"),
    ([["оң", "теріс"], ["оң", "оң"]], "interval", ["теріс", "оң"], "interval agreement needs numeric values"),
    ([[1, 2], [1, 3]], "nominal", [1, 2], "values that are not among the values given"),
    ([[1, 2], [1, 2]], "rank", None, "level 'rank': expected one of nominal, ordinal, interval, ratio"),
    ([[1, 2], [1, 2]], "ordinal", [1, 2, 1], "list a value twice"),
])
def test_data_alpha_cannot_use_are_refused(data, level, values, message):
    with pytest.raises(InputError, match=message):
        krippendorff_alpha(data, level, values)


# --- kappa against scikit-learn and statsmodels ------------------------------------------------------
def test_cohen_kappa_equals_scikit_learn_on_the_units_both_coded():
    rng = np.random.default_rng(11)
    for _ in range(40):
        units = int(rng.integers(5, 80))
        table = random_table(rng, 2, units, int(rng.integers(2, 6)), 0.2)
        both = ~np.isnan(table).any(axis=0)
        if len(np.unique(table[:, both])) < 2:
            continue
        reference = cohen_kappa_score(table[0, both], table[1, both])
        assert cohen_kappa(table.tolist()) == pytest.approx(reference, abs=1e-12)
    labels = [["наразылық", "сын", "алғыс", "сын"], ["наразылық", "алғыс", "алғыс", "сын"]]
    assert cohen_kappa(labels) == pytest.approx(cohen_kappa_score(labels[0], labels[1]), abs=1e-12)


def test_cohen_kappa_needs_two_coders_and_is_nan_without_variation():
    with pytest.raises(InputError, match="Cohen's kappa compares two coders; these data hold values of 4"):
        cohen_kappa(EXAMPLE_C)
    assert np.isnan(cohen_kappa([[1, 1, 1], [1, 1, 1]]))
    assert np.isnan(cohen_kappa([[1, N], [N, 1]]))
    assert cohen_kappa([[1, 0, 1, N], [1, 0, 0, 1], [N, N, N, N]]) == pytest.approx(
        cohen_kappa_score([1, 0, 1], [1, 0, 0]))


def test_fleiss_kappa_equals_statsmodels():
    rng = np.random.default_rng(5)
    for _ in range(40):
        coders, units = int(rng.integers(2, 7)), int(rng.integers(4, 60))
        table = random_table(rng, coders, units, int(rng.integers(2, 6)), 0.0)
        counts, _ = aggregate_raters(table.T)
        reference = statsmodels_fleiss(counts, method="fleiss")
        if np.isnan(reference):
            continue
        assert fleiss_kappa(table) == pytest.approx(reference, abs=1e-12)
        assert fleiss_units(table) == units


def test_fleiss_kappa_takes_the_units_coded_by_the_most_coders():
    rng = np.random.default_rng(8)
    table = random_table(rng, 4, 50, 3, 0.0)
    table[0, :10] = np.nan  # ten units have three codings, forty have four
    full = table[:, 10:]
    counts, _ = aggregate_raters(full.T)
    assert fleiss_units(table) == 40
    assert fleiss_kappa(table) == pytest.approx(statsmodels_fleiss(counts), abs=1e-12)
    assert np.isnan(fleiss_kappa([[1, N], [N, 2]]))


# --- percent agreement, disagreements, all statistics at once ------------------------------------------
def test_percent_agreement_and_the_disagreements_counted_by_hand():
    data = pd.DataFrame([[1, 1, 0, 0, N, 1], [1, 0, 0, 0, 1, N], [1, 0, N, 0, N, N]],
                        index=["Айгүл", "Дана", "Ерлан"], columns=[11, 12, 13, 14, 15, 16])
    # units 11-14 are pairable (11, 12 and 14 by all three); 12 is split; 15 and 16 have one coder each
    assert pairable_units(data) == 4
    assert percent_agreement(data) == 75.0
    split = list_disagreements(data)
    assert split.to_dict("list") == {"unit": [12], "Айгүл": [1], "Дана": [0], "Ерлан": [0]}
    stats = agreement_statistics(data)
    assert (stats.coders, stats.units, stats.disagreements, stats.fleiss_units) == (3, 4, 1, 3)
    assert np.isnan(stats.cohen_kappa), "Cohen's kappa is for two coders"
    assert stats.alpha == pytest.approx(krippendorff.alpha(data.to_numpy(dtype=float), level_of_measurement="nominal"))


def test_reliability_data_from_tidy_judgments():
    judgments = pd.DataFrame({"doc_id": [3, 1, 1, 3], "coder": ["Дана", "Айгүл", "Дана", "Айгүл"],
                              "value": [0, 1, 1, 1]})
    table = reliability_data(judgments)
    assert table.index.tolist() == ["Айгүл", "Дана"] and table.columns.tolist() == [1, 3]
    assert table.to_numpy().tolist() == [[1, 1], [1, 0]]
    with pytest.raises(InputError, match="coder 'Дана' has two values for unit 3"):
        reliability_data(pd.concat([judgments, judgments.iloc[[0]]]))


# --- the analysis on stored hand codes ----------------------------------------------------------------
CODES = ("наразылық", "алғыс", "tone:negative", "tone:neutral", "tone:positive")
# coder -> document -> codes marked; documents 1-8 are coded by all three, 9-10 by Айгүл and Дана only
MARKS = {
    "Айгүл": {1: {"наразылық", "tone:negative"}, 2: {"наразылық", "tone:negative"}, 3: {"алғыс", "tone:positive"},
              4: {"tone:neutral"}, 5: {"наразылық", "tone:negative"}, 6: {"алғыс", "tone:positive"},
              7: {"tone:neutral"}, 8: {"наразылық", "tone:negative"}, 9: {"tone:neutral"},
              10: {"алғыс", "tone:positive"}},
    "Дана": {1: {"наразылық", "tone:negative"}, 2: {"tone:neutral"}, 3: {"алғыс", "tone:positive"},
             4: {"tone:neutral"}, 5: {"наразылық", "tone:negative"}, 6: {"алғыс", "tone:positive"},
             7: {"наразылық", "tone:negative"}, 8: {"наразылық", "tone:negative"}, 9: {"tone:neutral"},
             10: {"алғыс"}},
    "Ерлан": {1: {"наразылық", "tone:negative"}, 2: {"наразылық", "tone:negative"}, 3: {"tone:positive"},
              4: {"tone:neutral", "tone:negative"}, 5: {"наразылық", "tone:negative"},
              6: {"алғыс", "tone:positive"}, 7: {"tone:neutral"}, 8: {"наразылық", "tone:negative"}},
}


@pytest.fixture
def coded(project, tmp_path):
    add_comments(project)
    paths = []
    for coder, marks in MARKS.items():
        path = tmp_path / f"{coder}.csv"
        pd.DataFrame({"doc_id": list(marks), **{c: ["x" if c in m else "" for m in marks.values()] for c in CODES},
                      "coder": coder}).to_csv(path, index=False, encoding="utf-8-sig")
        paths.append(path)
    import_coded_sheets(project, paths)
    return project


def expected_matrix(code: str, coders=("Айгүл", "Дана", "Ерлан")) -> np.ndarray:
    return np.array([[float(code in MARKS[c][d]) if d in MARKS[c] else np.nan for d in range(1, 11)]
                     for c in coders])


def test_the_analysis_gives_one_row_per_code_and_variable(coded):
    saved = run_analysis(coded, "agreement")
    table = saved.frame()
    assert list(table.columns) == list(AGREEMENT_COLUMNS)
    assert table["code"].tolist() == ["наразылық", "алғыс", "tone", "tone:negative", "tone:neutral", "tone:positive"]
    assert table["kind"].tolist() == ["code", "code", "variable", "code", "code", "code"]
    rows = table.set_index("code")
    for code in ("наразылық", "алғыс", "tone:negative"):
        matrix = expected_matrix(code)
        row = rows.loc[code]
        assert row["alpha"] == pytest.approx(krippendorff.alpha(matrix, level_of_measurement="nominal"), abs=1e-12)
        assert (row["coders"], row["units"], row["fleiss_units"]) == (3, 10, 8)
        assert row["fleiss_kappa"] == pytest.approx(statsmodels_fleiss(aggregate_raters(matrix[:, :8].T)[0]))
        assert np.isnan(row["cohen_kappa"])
        assert row["percent_agreement"] == pytest.approx(100 * (10 - row["disagreements"]) / 10)
        given = matrix[~np.isnan(matrix)]
        assert row["present_percent"] == pytest.approx(100 * given.mean())
    assert rows.loc["наразылық", "disagreements"] == 2  # documents 2 and 7
    # tone: Ерлан marked two tones on document 4 and Дана none on 10, so those do not count for them
    tone = pd.DataFrame({d: {c: _tone(MARKS[c].get(d)) for c in MARKS} for d in range(1, 11)})
    assert rows.loc["tone", "alpha"] == pytest.approx(
        krippendorff.alpha(tone.replace({"negative": 0, "neutral": 1, "positive": 2}).to_numpy(dtype=float),
                           level_of_measurement="nominal"), abs=1e-12)
    assert rows.loc["tone", "units"] == 9, "document 10 has a single tone: Айгүл's"
    assert np.isnan(rows.loc["tone", "present_percent"])
    entry = coded.log()[-1]
    assert entry["step"] == "analyze.agreement"
    assert entry["params"]["coders_compared"] == ["Айгүл", "Дана", "Ерлан"]
    assert entry["counts"] == {"documents": 10, "coders": 3, "codes": 5, "judgments": 140, "rows": 6}


def _tone(marks: set[str] | None) -> float | str:
    tones = [m.removeprefix("tone:") for m in (marks or set()) if m.startswith("tone:")]
    return tones[0] if len(tones) == 1 else np.nan


def test_two_coders_give_cohens_kappa_and_an_ordinal_variable_takes_the_sheet_order(coded):
    table = run_analysis(coded, "agreement", {"coders": "Айгүл, Дана", "level": "ordinal"}).frame()
    rows = table.set_index("code")
    matrix = expected_matrix("наразылық", ("Айгүл", "Дана"))
    assert rows.loc["наразылық", "cohen_kappa"] == pytest.approx(cohen_kappa_score(matrix[0], matrix[1]))
    assert rows.loc["наразылық", "coders"] == 2
    tones = {"negative": 0, "neutral": 1, "positive": 2}
    ordinal = np.array([[tones.get(_tone(MARKS[c].get(d)), np.nan) for d in range(1, 11)] for c in ("Айгүл", "Дана")],
                       dtype=float)
    assert rows.loc["tone", "level"] == "ordinal"
    assert rows.loc["tone", "alpha"] == pytest.approx(
        krippendorff.alpha(ordinal, level_of_measurement="ordinal"), abs=1e-12)
    assert rows.loc["tone", "units"] == 9, "Дана marked no tone on document 10"


def test_the_selection_and_the_coders_are_checked(coded):
    with pytest.raises(InputError, match="--coders: 'Марат' coded none of the selected documents; the hand coders "
                                         "are 'Айгүл', 'Дана', 'Ерлан'"):
        run_analysis(coded, "agreement", {"coders": "Айгүл,Марат"})
    with pytest.raises(InputError, match="hold hand codes only of 'Айгүл'"):
        run_analysis(coded, "agreement", {"coders": "Айгүл"})
    with pytest.raises(InputError, match="--level 'interval': the values of the variable 'tone' \\(negative, "
                                         "neutral, positive\\) are not all numbers"):
        run_analysis(coded, "agreement", {"level": "interval"})
    russian = run_analysis(coded, "agreement", where=DocumentFilter(lang=("ru",))).frame()
    assert russian.set_index("code").loc["алғыс", "units"] == 2, "documents 9 and 10 are the Russian ones"
    with pytest.raises(InputError, match="the selected documents of .* hold hand codes of no coder"):
        run_analysis(coded, "agreement", where=DocumentFilter(corpus=("news",)))
    assert [e["step"] for e in coded.log()].count("analyze.agreement") == 1


def test_the_disagreements_list_each_coders_value_and_the_text_start(coded):
    split = agreement_disagreements(coded)
    assert list(split.columns) == ["doc_id", "code", "kind", "Айгүл", "Дана", "Ерлан", "text_start"]
    protest = split.loc[split["code"] == "наразылық"]
    assert protest["doc_id"].tolist() == [2, 7]
    assert protest[["Айгүл", "Дана", "Ерлан"]].values.tolist() == [[1, 0, 1], [0, 1, 0]]
    tone = split.loc[split["code"] == "tone"].set_index("doc_id")
    assert tone.index.tolist() == [2, 7], "on 4 Ерлан marked two tones; on 10 only Айгүл marked one"
    assert tone.loc[2, ["Айгүл", "Дана", "Ерлан"]].tolist() == ["negative", "neutral", "negative"]
    assert split.loc[split["doc_id"] == 2, "text_start"].iloc[0] == "Тариф тағы өсті, халық наразы!"


def test_the_analysis_is_registered_and_runs_from_the_command_line(cli, coded):
    assert get_analysis("agreement") is Agreement
    result = cli("analyze", "agreement", "-p", coded.path, "--coders", "Айгүл,Ерлан", "--lang", "kk")
    assert result.exit_code == 0, result.stderr
    assert "Inter-coder agreement of Айгүл, Ерлан" in result.stdout
    assert coded.results()[-1].params["filter"] == {"lang": ["kk"]}


def test_no_hand_codes_at_all_is_a_clear_message(cli, project):
    add_comments(project)
    result = cli("analyze", "agreement", "-p", project.path)
    assert result.exit_code == 2
    assert "Agreement needs the codes of two or more coders" in result.stderr
    assert "dauys code import-coded" in result.stderr


# --- the report view ------------------------------------------------------------------------------------
def test_the_chart_draws_a_dot_per_coefficient_with_units_in_the_hover(coded):
    table = run_analysis(coded, "agreement").frame()
    figure = chart_for("agreement", table, "ru")
    assert isinstance(figure, go.Figure)
    assert [trace.name for trace in figure.data] == ["Альфа Криппендорфа", "Каппа Коэна", "Каппа Флейса"]
    alpha = figure.data[0]
    assert list(alpha.x) == pytest.approx(table["alpha"].tolist())
    assert list(figure.layout.yaxis.ticktext) == ["наразылық", "алғыс", "tone (один вариант)", "tone:negative",
                                                  "tone:neutral", "tone:positive"]
    assert alpha.customdata[0][0] == "10"
    assert "Единиц, закодированных 2+ кодировщиками" in alpha.hovertemplate
    assert figure.layout.xaxis.range[1] == pytest.approx(1.05)


def test_the_png_twin_and_the_labels_in_three_languages(coded, tmp_path):
    table = run_analysis(coded, "agreement").frame()
    path = save_chart_png("agreement", table, tmp_path / "келісім.png", "kk")
    assert path.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    for lang in LANGS:
        for column in AGREEMENT_COLUMNS:
            assert t(f"column.{column}", lang)
    assert t("analysis.agreement", "kk") == "Кодтаушылар арасындағы келісім"
    with pytest.raises(InputError, match="The agreement table lacks the column\\(s\\) alpha"):
        chart_for("agreement", table.drop(columns=["alpha"]), "en")
