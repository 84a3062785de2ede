"""The document-feature matrix: built from the token table, trimmed, weighted, grouped, exported; checked by hand.

The fixture: six news posts of two channels (Kazakh and Russian) and two undated archive notes, with
the lemmas each keeps after the stopwords (туралы, тағы, на, ну, и, вот) are left out:

==  ===========  ==========================  =====================================================  ==
id  channel      created (UTC → Almaty)      kept lemmas                                            n
==  ===========  ==========================  =====================================================  ==
q1  qazaq_news   2022-01-03 04:00 → Mon W01  жер жер реформа митинг өт сат                          6
q2  qazaq_news   2022-01-05 09:30 → Wed W01  газ баға өс халық наразы                               5
q3  qazaq_news   2022-01-20 12:00 → Thu W03  газ баға өс митинг баста                               5
v1  vesti_kz     2022-01-04 15:00 → Tue W01  цена газ вырасти человек собраться митинг              6
v2  vesti_kz     2022-01-31 20:00 → Tue 1 Feb, W05   газ подорожать цена расти                      4
v3  vesti_kz     2022-02-11 19:00 → Sat 12 Feb, W06  правительство обещать снизить цена газ          5
x1  (none)       (no date), corpus archive   жер біздік                                             2
x2  (none)       (no date), corpus archive   —                                                      0
==  ===========  ==========================  =====================================================  ==

Totals: газ 5 (in 5 documents), цена 3 (3), митинг 3 (3), жер 3 (2), баға 2 (2), өс 2 (2), 15 others 1.
"""

from __future__ import annotations

import math
import shutil
import subprocess

import numpy as np
import openpyxl
import pandas as pd
import pytest
import scipy.io
from conftest import add_documents
from sklearn.feature_extraction.text import TfidfTransformer

from dauys.analyze import dfm as dfm_module
from dauys.analyze import get_analysis, run_analysis
from dauys.analyze.dfm import (
    DFM,
    DocumentFeatureMatrix,
    build_dfm,
    dfm_group,
    dfm_long,
    dfm_select,
    dfm_trim,
    dfm_weight,
    docfreq,
    featfreq,
    topfeatures,
    write_dfm,
)
from dauys.analyze.terms import TermOptions
from dauys.errors import InputError
from dauys.store.filters import DocumentFilter

NEWS = [
    {"external_id": "q1", "channel": "qazaq_news", "created_at": "2022-01-03T04:00Z",
     "text": "Жер реформасы туралы митинг өтті. Жер сатылмайды!", "meta": None},
    {"external_id": "q2", "channel": "qazaq_news", "created_at": "2022-01-05T09:30Z",
     "text": "Газ бағасы өсті, халық наразы.", "meta": None},
    {"external_id": "q3", "channel": "qazaq_news", "created_at": "2022-01-20T12:00Z",
     "text": "Газ бағасы тағы өсті. Митинг басталды.", "meta": None},
    {"external_id": "v1", "channel": "vesti_kz", "created_at": "2022-01-04T15:00Z",
     "text": "Цены на газ выросли, люди собрались на митинг.", "meta": None},
    {"external_id": "v2", "channel": "vesti_kz", "created_at": "2022-01-31T20:00Z",
     "text": "Газ подорожал. Цены растут.", "meta": None},
    {"external_id": "v3", "channel": "vesti_kz", "created_at": "2022-02-11T19:00Z",
     "text": "Правительство обещает снизить цены на газ.", "meta": None},
]
ARCHIVE = [
    {"external_id": "x1", "channel": None, "created_at": None, "text": "Жер біздікі!", "meta": '{"box": "1"}'},
    {"external_id": "x2", "channel": None, "created_at": None, "text": "Ну и вот.", "meta": '{"box": "2"}'},
]
FEATURES = ["баста", "баға", "біздік", "вырасти", "газ", "жер", "митинг", "наразы", "обещать", "подорожать",
            "правительство", "расти", "реформа", "сат", "снизить", "собраться", "халық", "цена", "человек",
            "өс", "өт"]
KEPT = {
    "q1": {"жер": 2, "реформа": 1, "митинг": 1, "өт": 1, "сат": 1},
    "q2": {"газ": 1, "баға": 1, "өс": 1, "халық": 1, "наразы": 1},
    "q3": {"газ": 1, "баға": 1, "өс": 1, "митинг": 1, "баста": 1},
    "v1": {"цена": 1, "газ": 1, "вырасти": 1, "человек": 1, "собраться": 1, "митинг": 1},
    "v2": {"газ": 1, "подорожать": 1, "цена": 1, "расти": 1},
    "v3": {"правительство": 1, "обещать": 1, "снизить": 1, "цена": 1, "газ": 1},
    "x1": {"жер": 1, "біздік": 1},
    "x2": {},
}


def add_corpus(project):
    add_documents(project, NEWS, corpus="news")
    add_documents(project, ARCHIVE, corpus="archive")
    return project


def external_ids(project) -> dict[int, str]:
    """documents.id → external id."""
    frame = project.documents(columns="id, external_id")
    return dict(zip(frame["id"], frame["external_id"], strict=True))


@pytest.fixture
def corpus(project):
    return add_corpus(project)


@pytest.fixture
def x(corpus) -> DFM:
    return build_dfm(corpus, by="channel")


def cell(dfm: DFM, row: int, feature: str) -> float:
    return dfm.matrix[row, list(dfm.features).index(feature)]


def dense(dfm: DFM) -> pd.DataFrame:
    return pd.DataFrame(dfm.matrix.toarray(), index=dfm.docnames, columns=list(dfm.features))


# --- building --------------------------------------------------------------------------------------
def test_the_matrix_holds_the_counts_of_every_document(corpus, x):
    assert x.shape == (8, 21)
    assert list(x.features) == FEATURES  # code-point order: Kazakh letters (ғ, і, ө) after the Russian ones
    names = external_ids(corpus)
    assert [names[i] for i in x.doc_ids] == ["q1", "q2", "q3", "v1", "v2", "v3", "x1", "x2"]
    table = dense(x)
    for doc_id, external in names.items():
        row = table.loc[str(doc_id)]
        assert row[row > 0].to_dict() == KEPT[external], external
    assert x.matrix.dtype == np.int64 and x.weight == "count"
    assert x.docs["group"].tolist() == ["qazaq_news"] * 3 + ["vesti_kz"] * 3 + ["(none)"] * 2
    assert x.resources["stopwords"] == "2026.1"
    assert repr(x) == "DFM(8 documents × 21 features, count, 19.05% non-zero)"  # 32 of 168 cells


def test_counts_in_any_order_make_the_same_matrix(corpus, x, monkeypatch):
    counted = dfm_module.document_term_counts

    def shuffled(*args, **kwargs):
        counts, documents, selection = counted(*args, **kwargs)
        return counts.sample(frac=1.0, random_state=7).reset_index(drop=True), documents, selection

    monkeypatch.setattr(dfm_module, "document_term_counts", shuffled)
    again = build_dfm(corpus, by="channel")
    assert list(again.features) == FEATURES and (again.matrix != x.matrix).nnz == 0
    assert again.matrix.has_sorted_indices


def test_term_options_and_the_document_filter_shape_the_matrix(corpus):
    news = build_dfm(corpus, DocumentFilter(corpus=("news",), tz=corpus.tz))
    assert news.shape == (6, 20) and news.groups is None  # біздік is only in the archive
    forms = build_dfm(corpus, options=TermOptions(feature="form", keep_stopwords=True))
    assert {"бағасы", "туралы", "на", "цены"} <= set(forms.features)
    pairs = build_dfm(corpus, options=TermOptions(ngram=2))
    assert "газ баға" in set(pairs.features) and topfeatures(pairs, 1).to_dict() == {"газ баға": 2}


def test_frequencies_and_top_features(x):
    totals = dict(zip(x.features, featfreq(x), strict=True))
    assert (totals["газ"], totals["цена"], totals["митинг"], totals["жер"], totals["халық"]) == (5, 3, 3, 3, 1)
    documents = dict(zip(x.features, docfreq(x), strict=True))
    assert (documents["газ"], documents["жер"], documents["баға"]) == (5, 2, 2)
    # ties (3 each) in code-point order: жер, митинг, цена
    assert topfeatures(x, 4).to_dict() == {"газ": 5, "жер": 3, "митинг": 3, "цена": 3}
    assert topfeatures(x, 2, scheme="docfreq").to_dict() == {"газ": 5, "митинг": 3}


# --- trimming and selecting ------------------------------------------------------------------------
def test_trimming_by_counts(x):
    assert list(dfm_trim(x, min_docfreq=2).features) == ["баға", "газ", "жер", "митинг", "цена", "өс"]
    assert list(dfm_trim(x, min_termfreq=3).features) == ["газ", "жер", "митинг", "цена"]
    assert list(dfm_trim(x, min_termfreq=2, max_termfreq=3, min_docfreq=2, max_docfreq=2).features) == [
        "баға", "жер", "өс"]
    trimmed = dfm_trim(x, min_termfreq=3)
    assert trimmed.shape == (8, 4) and trimmed.matrix.sum() == 14  # rows stay, even the empty ones
    assert trimmed.doc_ids.tolist() == x.doc_ids.tolist()


def test_trimming_by_proportions(x):
    # 8 documents: газ is in 5/8 = 0.625 of them, цена and митинг in 3/8 = 0.375
    assert "газ" not in set(dfm_trim(x, max_docfreq=0.5, docfreq_type="prop").features)
    assert list(dfm_trim(x, min_docfreq=0.3, docfreq_type="prop").features) == ["газ", "митинг", "цена"]
    # 33 counted terms: газ is 5/33 = 0.15, the terms counted 3 times 3/33 = 0.09
    assert list(dfm_trim(x, min_termfreq=0.1, termfreq_type="prop").features) == ["газ"]


def test_trimming_everything_away_says_what_to_lower(x):
    with pytest.raises(InputError, match=r"No terms remain .* 21 terms of 8 rows with --min-docfreq 9; "
                                         r"try a lower --min-termfreq or --min-docfreq"):
        dfm_trim(x, min_docfreq=9)
    with pytest.raises(InputError, match=r"--max-docfreq 1.5: expected a share from 0 to 1"):
        dfm_trim(x, max_docfreq=1.5, docfreq_type="prop")
    with pytest.raises(InputError, match=r"--docfreq-type 'rank'"):
        dfm_trim(x, docfreq_type="rank")


def test_selecting_features(x):
    assert list(dfm_select(x, ["цена", "газ", "нет такого"]).features) == ["газ", "цена"]
    removed = dfm_select(x, ["газ"], selection="remove")
    assert removed.shape == (8, 20) and "газ" not in set(removed.features)


# --- weighting -------------------------------------------------------------------------------------
def test_proportions_are_shares_of_each_document(x):
    prop = dfm_weight(x, "prop")
    sums = np.asarray(prop.matrix.sum(axis=1)).ravel()
    assert sums.round(12).tolist() == [1.0] * 7 + [0.0]  # x2 keeps no term
    assert cell(prop, 0, "жер") == pytest.approx(2 / 6)
    assert prop.weight == "prop" and x.weight == "count"  # the input is left as it was


def test_boolean_marks_presence(x):
    boolean = dfm_weight(x, "boolean")
    assert cell(boolean, 0, "жер") == 1 and boolean.matrix.sum() == 32


def test_tfidf_inverse_is_quanteda_log10(x):
    tfidf = dfm_weight(x, "tfidf")
    assert tfidf.weight == "tfidf:inverse"
    assert cell(tfidf, 0, "жер") == pytest.approx(2 * math.log10(8 / 2))  # q1 holds жер twice; 2 of 8 hold it
    assert cell(tfidf, 1, "газ") == pytest.approx(math.log10(8 / 5))
    assert cell(tfidf, 0, "реформа") == pytest.approx(math.log10(8))


def test_tfidf_matches_scikit_learn(x):
    counts = x.matrix.toarray()
    smooth = TfidfTransformer(norm=None, smooth_idf=True).fit_transform(counts).toarray()
    np.testing.assert_allclose(dfm_weight(x, "tfidf", idf="smooth").matrix.toarray(), smooth)
    # scikit-learn's unsmoothed idf is ln(N/df) + 1; quanteda's is log10(N/df)
    plain = TfidfTransformer(norm=None, smooth_idf=False).fit(counts)
    np.testing.assert_allclose(dfm_weight(x, "tfidf").matrix.toarray(),
                               counts * (plain.idf_ - 1) / math.log(10), atol=1e-12)


def test_a_feature_in_every_document_weighs_nothing(corpus):
    # among the six news posts газ is in five (not q1): log10(6/5); x1 alone holds each of its terms everywhere
    news = build_dfm(corpus, DocumentFilter(corpus=("news",), tz=corpus.tz))
    assert cell(dfm_weight(news, "tfidf"), 1, "газ") == pytest.approx(math.log10(6 / 5))
    alone = dfm_weight(build_dfm(corpus, DocumentFilter(meta=(("box", "1"),), tz=corpus.tz)), "tfidf")
    assert alone.shape == (1, 2) and alone.matrix.nnz == 0  # log10(1/1) = 0, and zeros are not stored


def test_weighting_needs_counts(x):
    tfidf = dfm_weight(x, "tfidf")
    with pytest.raises(InputError, match=r"already weighted \(tfidf:inverse\)"):
        dfm_weight(tfidf, "prop")
    with pytest.raises(InputError, match="Trimming needs counts, .* do the trimming before weighting"):
        dfm_trim(tfidf, min_docfreq=2)
    with pytest.raises(InputError, match="Grouping needs counts"):
        dfm_group(tfidf)
    with pytest.raises(InputError, match="--weight 'log'"):
        dfm_weight(x, "log")
    with pytest.raises(InputError, match="--idf 'bm25'"):
        dfm_weight(x, "tfidf", idf="bm25")


# --- grouping --------------------------------------------------------------------------------------
def test_grouping_sums_the_documents_of_each_group(x):
    grouped = dfm_group(x)
    assert grouped.is_grouped and grouped.docnames == ["qazaq_news", "vesti_kz", "(none)"]
    assert grouped.docs["documents"].tolist() == [3, 3, 2]
    table = dense(grouped)
    assert table.loc["qazaq_news"][lambda r: r > 1].to_dict() == {"баға": 2, "газ": 2, "жер": 2, "митинг": 2,
                                                                   "өс": 2}
    assert table.loc["vesti_kz"][lambda r: r > 1].to_dict() == {"газ": 3, "цена": 3}
    assert table.loc["(none)"][lambda r: r > 0].to_dict() == {"біздік": 1, "жер": 1}
    assert grouped.matrix.sum() == x.matrix.sum() == 33
    with pytest.raises(ValueError, match="groups, not documents"):
        _ = grouped.doc_ids


def test_grouping_by_given_labels(corpus):
    plain = build_dfm(corpus)
    with pytest.raises(InputError, match="no group labels"):
        dfm_group(plain)
    language = dfm_group(plain, ["kk", "kk", "kk", "ru", "ru", "ru", "kk", None])
    assert language.docnames == ["kk", "ru", "(none)"] and language.docs["documents"].tolist() == [4, 3, 1]
    with pytest.raises(InputError, match="2 labels for a DFM of 8 rows"):
        dfm_group(plain, ["kk", "ru"])


def test_the_long_table(x):
    long = dfm_long(dfm_group(x))
    assert list(long.columns) == ["group", "feature", "value"]
    assert len(long) == 24  # distinct terms: 11 in qazaq_news, 11 in vesti_kz, 2 in (none)
    assert long.iloc[0].tolist() == ["qazaq_news", "баста", 1]
    per_document = dfm_long(x)
    assert list(per_document.columns) == ["doc_id", "feature", "value"] and len(per_document) == 32


# --- files -----------------------------------------------------------------------------------------
def test_matrix_market_reads_back_with_scipy(x, tmp_path):
    written = write_dfm(x, tmp_path / "dfm.mtx")
    assert [p.name for p in written] == ["dfm.mtx", "dfm.rows", "dfm.cols"]
    assert (tmp_path / "dfm.mtx").read_text().startswith("%%MatrixMarket matrix coordinate integer general")
    back = scipy.io.mmread(tmp_path / "dfm.mtx").tocsr()
    assert back.shape == (8, 21) and (back != x.matrix).nnz == 0
    assert (tmp_path / "dfm.rows").read_text(encoding="utf-8").splitlines() == x.docnames
    assert (tmp_path / "dfm.cols").read_text(encoding="utf-8").splitlines() == FEATURES
    write_dfm(dfm_weight(x, "prop"), tmp_path / "prop.mtx")
    assert (tmp_path / "prop.mtx").read_text().startswith("%%MatrixMarket matrix coordinate real general")
    np.testing.assert_allclose(scipy.io.mmread(tmp_path / "prop.mtx").toarray(),
                               dfm_weight(x, "prop").matrix.toarray())


def _r_matrix() -> str:
    rscript = shutil.which("Rscript")
    if rscript is None:
        pytest.skip("no Rscript on this machine (apt-get install r-base-core)")
    if subprocess.run([rscript, "-e", "library(Matrix)"], capture_output=True).returncode:
        pytest.skip("R's Matrix package is not installed")
    return rscript


def test_matrix_market_reads_back_in_r(x, tmp_path):
    rscript = _r_matrix()
    write_dfm(dfm_group(x), tmp_path / "dfm.mtx")
    script = (
        'suppressPackageStartupMessages(library(Matrix)); x <- readMM("dfm.mtx"); '
        'dimnames(x) <- list(readLines("dfm.rows", encoding = "UTF-8"), readLines("dfm.cols", encoding = "UTF-8")); '
        'cat(nrow(x), ncol(x), sum(x), x["vesti_kz", "цена"], x["qazaq_news", "жер"], rownames(x)[3], sep = "|")'
    )
    done = subprocess.run([rscript, "-e", script], cwd=tmp_path, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "3|21|33|3|2|(none)"


def test_parquet_is_the_long_table(x, tmp_path):
    write_dfm(x, tmp_path / "dfm.parquet")
    back = pd.read_parquet(tmp_path / "dfm.parquet")
    pd.testing.assert_frame_equal(back, dfm_long(x), check_dtype=False)
    write_dfm(dfm_group(x), tmp_path / "groups.parquet")
    assert pd.read_parquet(tmp_path / "groups.parquet")["group"].unique().tolist() == ["qazaq_news", "vesti_kz",
                                                                                       "(none)"]


def test_wide_csv_and_xlsx(x, tmp_path):
    grouped = dfm_group(x)
    write_dfm(grouped, tmp_path / "dfm.csv")
    assert (tmp_path / "dfm.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    csv = pd.read_csv(tmp_path / "dfm.csv", encoding="utf-8-sig")
    assert list(csv.columns) == ["group", *FEATURES]
    assert csv.set_index("group").loc["vesti_kz", "цена"] == 3 and csv.to_numpy()[:, 1:].sum() == 33

    write_dfm(dfm_weight(x, "prop"), tmp_path / "dfm.xlsx")
    sheet = openpyxl.load_workbook(tmp_path / "dfm.xlsx").active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("doc_id", *FEATURES) and len(rows) == 9
    assert rows[1][0] == x.doc_ids[0] and rows[1][FEATURES.index("жер") + 1] == pytest.approx(2 / 6)


def test_wide_files_are_only_for_small_matrices(x, tmp_path, monkeypatch):
    monkeypatch.setattr(dfm_module, "WIDE_CSV_MAX_CELLS", 100)
    with pytest.raises(InputError, match=r"dfm.csv: a wide CSV is for small matrices .* 8 × 21; trim it"):
        write_dfm(x, tmp_path / "dfm.csv")
    monkeypatch.setattr(dfm_module, "XLSX_MAX_COLUMNS", 10)
    with pytest.raises(InputError, match=r"too large for an Excel sheet .* export .parquet"):
        write_dfm(x, tmp_path / "dfm.xlsx")
    assert not (tmp_path / "dfm.csv").exists() and not (tmp_path / "dfm.xlsx").exists()
    with pytest.raises(InputError, match=r"--export '.*dfm.rds': a document-feature matrix exports as .mtx"):
        write_dfm(x, tmp_path / "dfm.rds")


# --- the analysis ----------------------------------------------------------------------------------
def run_dfm(project, **params) -> pd.DataFrame:
    where = DocumentFilter(tz=project.tz)
    return DocumentFeatureMatrix().run(project, where, DocumentFeatureMatrix.validate(params))


def test_the_analysis_saves_the_long_table_per_group(corpus, tmp_path):
    saved = run_analysis(corpus, "dfm", {"by": "channel", "min_docfreq": 2, "export": str(tmp_path / "m.mtx")})
    assert saved.title == "Document-feature matrix of lemmas by channel, count"
    table = saved.frame()
    assert table.attrs["weight"] == "count"
    # trimmed on documents first (6 features in 2+ documents), then summed per channel, by value
    assert table.values.tolist() == [
        ["qazaq_news", "баға", 2], ["qazaq_news", "газ", 2], ["qazaq_news", "жер", 2],
        ["qazaq_news", "митинг", 2], ["qazaq_news", "өс", 2],
        ["vesti_kz", "газ", 3], ["vesti_kz", "цена", 3], ["vesti_kz", "митинг", 1],
        ["(none)", "жер", 1],
    ]
    entry = corpus.log()[-1]
    assert entry["step"] == "analyze.dfm" and entry["params"]["export"] == str(tmp_path / "m.mtx")
    assert entry["counts"] == {"documents": 8, "groups": 3, "terms_before_trimming": 21, "terms": 6, "cells": 9,
                               "top_per_row": None, "rows": 9}
    assert scipy.io.mmread(tmp_path / "m.mtx").shape == (3, 6)


def test_the_analysis_weights_after_trimming(corpus):
    table = run_dfm(corpus, weight="tfidf", min_termfreq=3)
    names = external_ids(corpus)
    q1 = table.loc[table["doc_id"].map(names) == "q1"]
    # жер is in 2 of the 8 documents: 2 × log10(8/2), then митинг in 3: log10(8/3)
    assert q1["feature"].tolist() == ["жер", "митинг"]
    assert q1["value"].round(6).tolist() == [round(2 * math.log10(4), 6), round(math.log10(8 / 3), 6)]
    assert table["value"].dtype == "float64" and table.attrs["weight"] == "tfidf:inverse"


def test_a_large_table_keeps_each_rows_top_terms(corpus):
    analysis = DocumentFeatureMatrix()
    table = analysis.run(corpus, DocumentFilter(tz=corpus.tz), DocumentFeatureMatrix.validate({"max_rows": 12}))
    # 32 cells in 8 rows: each row keeps its 12 // 8 = 1 top term (the highest count, ties alphabetical)
    names = external_ids(corpus)
    assert [(names[d], f) for d, f in zip(table["doc_id"], table["feature"], strict=True)] == [
        ("q1", "жер"), ("q2", "баға"), ("q3", "баста"), ("v1", "вырасти"), ("v2", "газ"), ("v3", "газ"),
        ("x1", "біздік")]
    assert analysis.counts_["top_per_row"] == 1 and analysis.counts_["cells"] == 32


def test_a_bad_export_name_fails_before_counting_and_records_nothing(corpus, tmp_path):
    runs = len(corpus.log())
    with pytest.raises(InputError, match=r"--export '.*dfm.txt': a document-feature matrix exports as .mtx"):
        run_analysis(corpus, "dfm", {"export": str(tmp_path / "dfm.txt")})
    assert len(corpus.log()) == runs and corpus.results() == []


def test_nothing_to_count_and_nothing_left_are_explained(corpus):
    stopwords_only = DocumentFilter(meta=(("box", "2"),), tz=corpus.tz)
    with pytest.raises(InputError, match=r"No lemmas remain to count in the 1 selected documents .* --keep-stopwords"):
        DocumentFeatureMatrix().run(corpus, stopwords_only, DocumentFeatureMatrix.validate({}))
    with pytest.raises(InputError, match=r"No terms remain after trimming .* --min-termfreq 100"):
        run_dfm(corpus, min_termfreq=100)


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"by": "author"}, r"--by 'author': expected one of document, all, corpus"),
        ({"weight": "log"}, r"--weight 'log': expected one of count, prop, tfidf, boolean"),
        ({"min_docfreq": -1}, r"--min-docfreq -1: expected a number of at least 0"),
        ({"idf": "probabilistic"}, r"--idf 'probabilistic'"),
    ],
)
def test_bad_parameters_name_the_option(params, message):
    with pytest.raises(InputError, match=message):
        DocumentFeatureMatrix.validate(params)


def test_the_registry_finds_the_matrix():
    assert get_analysis("dfm") is DocumentFeatureMatrix


def test_cli_exports_the_matrix_and_prints_the_table(cli, corpus, tmp_path):
    out = tmp_path / "matrix.parquet"
    result = cli("analyze", "dfm", "--project", corpus.path, "--by", "channel", "--min-docfreq", "2",
                 "--weight", "prop", "--export", out)
    assert result.exit_code == 0, result.output
    printed = " ".join(result.stdout.split())  # Rich wraps long titles
    assert "Document-feature matrix of lemmas by channel, prop — vesti_kz" in printed
    back = pd.read_parquet(out)
    assert back.groupby("group")["value"].sum().round(9).to_dict() == {"(none)": 1.0, "qazaq_news": 1.0,
                                                                      "vesti_kz": 1.0}
    result = cli("analyze", "dfm", "--project", corpus.path, "--export", tmp_path / "m.sav")
    assert result.exit_code == 2 and "exports as .mtx" in result.stderr
