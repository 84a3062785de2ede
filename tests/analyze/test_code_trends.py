"""Code trends: shares of coded documents per month, from a codebook's codes and from hand coders' sheets."""

from __future__ import annotations

import pandas as pd
import pytest
from statsmodels.stats.proportion import proportion_confint

from dauys.analyze import run_analysis
from dauys.analyze.codebook import apply_codebook, parse_codebook
from dauys.analyze.hand_coding import import_coded_sheets
from dauys.errors import InputError
from dauys.ingest.writer import SourceInfo, write_documents
from dauys.provenance import Run
from dauys.store.filters import DocumentFilter
from dauys.text.pipeline import build_token_table

# Almaty time: the post at 2024-01-31 20:00 UTC is on 1 February there (UTC+6 until March 2024).
POSTS = [
    ("p1", "2024-01-05T06:00Z", "Газ бағасы тағы өсті."),
    ("p2", "2024-01-20T06:00Z", "Жол жөндеу басталды."),
    ("p3", "2024-01-31T20:00Z", "Цены на газ выросли снова."),
    ("p4", "2024-02-10T06:00Z", "Тариф пен газ туралы жиын өтті."),
    ("p5", "2024-04-02T06:00Z", "Әкімдік жолды жөндеді."),
    ("p6", None, "Газ жоқ."),
]
CODEBOOK = """
name: utilities
codes:
  - name: gas
    description: Gas and its price.
    patterns:
      kk: {lemma: [газ]}
      ru: {lemma: [газ]}
  - name: roads
    description: Roads and their repair.
    patterns:
      kk: {lemma: [жол]}
"""


@pytest.fixture
def posts(project):
    staged = pd.DataFrame({"row": range(1, 7), "external_id": [p[0] for p in POSTS],
                           "created_at": pd.to_datetime([p[1] for p in POSTS], utc=True),
                           "text": [p[2] for p in POSTS], "channel": "dala_habar"})
    write_documents(project, Run("import.table", {}), SourceInfo("table", "posts.csv", {}), staged,
                    corpus="posts", platform="telegram")
    build_token_table(project, workers=1)
    return project


def _shares(table: pd.DataFrame, series: str) -> list[tuple]:
    part = table[table["series"] == series]
    return list(zip(part["period"], part["hits"], part["total"], strict=True))


def test_codebook_codes_per_month_with_wilson_intervals(posts):
    apply_codebook(posts, parse_codebook(CODEBOOK))
    saved = run_analysis(posts, "code_trends", {"period": "month"})
    table = saved.frame()
    # January: p1, p2 (p3 counts in February in Almaty); February: p3, p4; March: nothing; April: p5.
    # p6 has no date and is left out.
    assert _shares(table, "gas") == [("2024-01", 1, 2), ("2024-02", 2, 2), ("2024-03", 0, 0), ("2024-04", 0, 1)]
    assert _shares(table, "roads") == [("2024-01", 1, 2), ("2024-02", 0, 2), ("2024-03", 0, 0), ("2024-04", 1, 1)]
    january = table[(table["series"] == "gas") & (table["period"] == "2024-01")].iloc[0]
    low, high = proportion_confint(1, 2, alpha=0.05, method="wilson")
    assert (january["share"], january["ci_low"], january["ci_high"]) == pytest.approx((0.5, low, high))
    assert table.loc[table["period"] == "2024-03", "share"].isna().all()
    entry = posts.log()[-1]
    assert entry["step"] == "analyze.code_trends" and entry["params"]["coder"] == "codebook:utilities"
    assert entry["counts"]["undated"] == 1 and table.attrs["coder"] == "codebook:utilities"


def test_unions_and_unknown_codes(posts):
    apply_codebook(posts, parse_codebook(CODEBOOK))
    table = run_analysis(posts, "code_trends", {"codes": "gas+roads"}).frame()
    assert _shares(table, "gas+roads")[:2] == [("2024-01", 2, 2), ("2024-02", 2, 2)]
    with pytest.raises(InputError, match="'ecology' was never assigned here; the codes are: gas, roads"):
        run_analysis(posts, "code_trends", {"codes": "gas,ecology"})


def test_a_hand_coder_counts_only_the_documents_coded(posts, tmp_path):
    with posts.store.read() as con:
        ids = dict(con.execute("SELECT external_id, id FROM documents").fetchall())
    sheet = tmp_path / "aigul.csv"
    # Айгүл coded three of the five dated posts
    pd.DataFrame({"doc_id": [ids["p1"], ids["p3"], ids["p4"]], "gas": [1, 1, 0], "roads": [0, 0, 0]}).to_csv(
        sheet, index=False, encoding="utf-8-sig")
    import_coded_sheets(posts, [sheet], coders=["Айгүл"])
    with pytest.raises(InputError, match="Several coders|no codes from that coder"):
        run_analysis(posts, "code_trends", {"coder": "Дана"})
    table = run_analysis(posts, "code_trends", {"coder": "Айгүл", "codes": "gas"},
                         DocumentFilter(tz=posts.tz)).frame()
    assert _shares(table, "gas") == [("2024-01", 1, 1), ("2024-02", 1, 2)]


def test_no_codes_yet_is_explained(posts):
    with pytest.raises(InputError, match="holds no codes yet: code documents with `dauys code apply-codebook"):
        run_analysis(posts, "code_trends", {})
