"""Top terms per group: counts, per 1,000 and document counts checked by hand; the ledger; the CLI; the demo.

The fixture, with the tokens each document keeps after the stopwords (жоқ, және, бәрі, на, снова, ok,
lol) are left out:

=== ============ ======================= ================================================ ======
doc channel      created (UTC → Almaty)   kept tokens                                       n
=== ============ ======================= ================================================ ======
p1  dala_habar   2021-12-31 20:00 → 2022  су су тарифі өсті өсті тариф #тариф                7
p2  dala_habar   2021-06-01 06:00 → 2021  тариф су қымбат                                   3
p3  vestnik      2022-03-10 09:00 → 2022  тарифы воду выросли вода дорогая                  5
p4  (none)       (no date)                —                                                 0
=== ============ ======================= ================================================ ======
"""

from __future__ import annotations

import json
from datetime import date
from importlib import resources

import pandas as pd
import pytest
import yaml

from dauys.analyze import frequency, get_analysis, run_analysis
from dauys.analyze.frequency import TOP_TERMS_COLUMNS, TopTerms, count_terms, select_terms, top_terms_table
from dauys.errors import InputError
from dauys.ingest.writer import SourceInfo, write_documents
from dauys.provenance import Run
from dauys.store.filters import DocumentFilter

DOCS = [
    {"external_id": "p1", "channel": "dala_habar", "created_at": "2021-12-31T20:00Z",
     "text": "Су тарифі өсті. Су жоқ, тариф өсті! #Тариф", "meta": json.dumps({"outlet": "Dala"})},
    {"external_id": "p2", "channel": "dala_habar", "created_at": "2021-06-01T06:00Z",
     "text": "Тариф және су: бәрі қымбат.", "meta": json.dumps({"outlet": "Dala"})},
    {"external_id": "p3", "channel": "vestnik", "created_at": "2022-03-10T09:00Z",
     "text": "Тарифы на воду снова выросли, вода дорогая", "meta": json.dumps({"outlet": "Vestnik"})},
    {"external_id": "p4", "channel": None, "created_at": None,
     "text": "ok lol 2022 https://stat.gov.kz @akimat", "meta": None},
]


def add_documents(project, rows: list[dict], corpus: str = "news") -> None:
    staged = pd.DataFrame(rows)
    staged.insert(0, "row", range(1, len(staged) + 1))
    staged["created_at"] = pd.to_datetime(staged["created_at"], utc=True)
    write_documents(project, Run("import.table", {}), SourceInfo("table", "posts.csv", {}), staged,
                    corpus=corpus, platform="telegram")


@pytest.fixture
def news(project):
    add_documents(project, DOCS)
    return project


def top(project, where: DocumentFilter | None = None, **params) -> pd.DataFrame:
    return TopTerms().run(project, where or DocumentFilter(tz=project.tz), TopTerms.validate(params))


def rows(table: pd.DataFrame) -> list[tuple]:
    return [(g, r, t, c, round(p, 2), d) for g, r, t, c, p, d in table.itertuples(index=False)]


def test_all_documents_counted_by_hand(news):
    table = top(news, n=5)
    assert list(table.columns) == list(TOP_TERMS_COLUMNS)
    # 15 kept tokens; су 3 times in 2 documents; тариф and өсті 2 times, тариф before өсті (т < ө)
    assert rows(table) == [
        ("all", 1, "су", 3, 200.0, 2),
        ("all", 2, "тариф", 2, 133.33, 2),
        ("all", 3, "өсті", 2, 133.33, 1),
        ("all", 4, "#тариф", 1, 66.67, 1),
        ("all", 5, "вода", 1, 66.67, 1),
    ]
    assert table.dtypes.astype(str).tolist() == ["string", "int64", "string", "int64", "float64", "int64"]


def test_per_1000_of_all_terms_of_a_group_adds_up_to_1000(news):
    table = top(news, by="channel", n=100)
    assert table.groupby("group")["per_1000"].sum().round(9).tolist() == [1000.0, 1000.0]


def test_by_channel(news):
    table = top(news, by="channel", n=2)
    # dala_habar keeps 10 tokens (су 3, тариф 2, өсті 2); vestnik 5, all once: the first two alphabetically.
    # p4 has no channel and keeps no token, so the (none) group has no rows.
    assert rows(table) == [
        ("dala_habar", 1, "су", 3, 300.0, 2),
        ("dala_habar", 2, "тариф", 2, 200.0, 2),
        ("vestnik", 1, "вода", 1, 200.0, 1),
        ("vestnik", 2, "воду", 1, 200.0, 1),
    ]


def test_by_year_in_almaty_time(news):
    table = top(news, by="year", n=2)
    # p1 was posted at 2021-12-31 20:00 UTC, 02:00 on 1 January 2022 in Almaty: it counts in 2022.
    assert rows(table) == [
        ("2021", 1, "су", 1, 333.33, 1),
        ("2021", 2, "тариф", 1, 333.33, 1),
        ("2022", 1, "су", 2, 166.67, 1),
        ("2022", 2, "өсті", 2, 166.67, 1),
    ]


def test_by_month(news):
    assert table_groups(top(news, by="month")) == ["2021-06", "2022-01", "2022-03"]


def table_groups(table: pd.DataFrame) -> list[str]:
    return list(dict.fromkeys(table["group"]))


def test_by_a_meta_field_with_the_no_value_group_last(news):
    add_documents(news, [{"external_id": "p5", "channel": "vestnik", "created_at": "2023-01-01T00:00Z",
                          "text": "Жол жөндеу басталды", "meta": None}])
    table = top(news, by="meta.outlet", n=1)
    assert rows(table) == [
        ("Dala", 1, "су", 3, 300.0, 2),
        ("Vestnik", 1, "вода", 1, 200.0, 1),
        ("(none)", 1, "басталды", 1, 333.33, 1),
    ]


def test_by_corpus_and_platform(news):
    add_documents(news, [{"external_id": "x1", "channel": None, "created_at": None, "text": "Жол жөндеу",
                          "meta": None}], corpus="roads")
    assert table_groups(top(news, by="corpus")) == ["news", "roads"]
    assert table_groups(top(news, by="platform")) == ["telegram"]


def test_keeping_stopwords(news):
    table = top(news, keep_stopwords=True, n=200)
    # 15 tokens plus жоқ, және, бәрі, на, снова, ok, lol
    assert table["count"].sum() == 22
    assert {"жоқ", "және", "на", "ok", "lol"} <= set(table["term"])
    assert table.loc[table["term"] == "су", "per_1000"].round(2).tolist() == [136.36]


def test_minimum_length(news):
    table = top(news, min_length=5, n=100)
    assert set(table["term"]) == {"тарифі", "тариф", "#тариф", "қымбат", "тарифы", "выросли", "дорогая"}
    assert table.loc[table["term"] == "тариф", "per_1000"].round(2).tolist() == [250.0]


def test_a_document_filter_uses_local_dates(news):
    since_2022 = DocumentFilter(since=date(2022, 1, 1), tz=news.tz)
    table = top(news, where=since_2022, n=1)
    assert rows(table) == [("all", 1, "су", 2, 166.67, 1)]


def test_batches_of_any_size_give_the_same_table(news, monkeypatch):
    whole = top(news, by="year", n=10)
    monkeypatch.setattr(frequency, "BATCH_ROWS", 1)
    analysis = TopTerms()
    one_by_one = analysis.run(news, DocumentFilter(tz=news.tz), TopTerms.validate({"by": "year", "n": 10}))
    pd.testing.assert_frame_equal(one_by_one, whole)
    assert analysis.counts_ == {"documents": 4, "groups": 3, "tokens_read": 22, "tokens_counted": 15}


def test_project_stopwords_are_used(news):
    (news.path / "stopwords").mkdir()
    (news.path / "stopwords" / "extra.txt").write_text("су\n", encoding="utf-8")
    assert rows(top(news, n=1)) == [("all", 1, "тариф", 2, 166.67, 2)]


def test_no_documents_and_no_words_are_explained(news):
    with pytest.raises(InputError, match="No documents to count .* corpus=nope"):
        top(news, where=DocumentFilter(corpus=("nope",), tz=news.tz))
    only_noise = DocumentFilter(meta=(("outlet", "nowhere"),), tz=news.tz)
    with pytest.raises(InputError, match="No documents to count .* with meta.outlet=nowhere;"):
        top(news, where=only_noise)
    add_documents(news, [{"external_id": "s1", "channel": None, "created_at": None, "text": "ну вот и всё",
                          "meta": None}], corpus="noise")
    with pytest.raises(InputError, match="No words remain .* try --keep-stopwords"):
        top(news, where=DocumentFilter(corpus=("noise",), tz=news.tz))


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"by": "author"}, r"--by 'author': expected one of all, corpus, .* or meta.FIELD"),
        ({"n": 0}, r"--n 0: expected a number from 1"),
        ({"min_length": "two"}, r"--min-length 'two'"),
        ({"top": 5}, r"top_terms has no option top"),
    ],
)
def test_bad_parameters_name_the_option(params, message):
    with pytest.raises(InputError, match=message):
        TopTerms.validate(params)


def test_count_terms_counts_every_token_and_batches_add_up():
    texts = [d["text"] for d in DOCS]
    groups = ["a", "a", "b", "b"]
    whole = count_terms(texts, groups)
    assert whole.tokens == {"a": 13, "b": 9}
    assert whole.n_documents == {"a": 2, "b": 2}
    assert (whole.occurrences["a"]["су"], whole.documents["a"]["су"], whole.occurrences["b"]["ok"]) == (3, 2, 1)
    running = count_terms(texts[:1], groups[:1])
    assert count_terms(texts[1:], groups[1:], into=running) is running
    assert running == whole


def test_select_terms_leaves_out_stopwords_and_short_words():
    counts = count_terms([d["text"] for d in DOCS], ["a", "a", "b", "b"])
    stop = frozenset({"жоқ", "және", "бәрі", "на", "снова", "ok", "lol"})
    kept = select_terms(counts, stopwords=stop, min_length=2)
    assert kept.tokens == {"a": 10, "b": 5}
    assert "жоқ" not in kept.occurrences["a"] and "ok" not in kept.documents["b"]
    assert kept.n_documents == counts.n_documents
    assert top_terms_table(kept, 1)["term"].tolist() == ["су", "вода"]
    # a hashtag's sign is not a letter: #тариф has 5
    assert "#тариф" not in select_terms(counts, min_length=6).occurrences["a"]
    assert "#тариф" in select_terms(counts, min_length=5).occurrences["a"]


def test_run_analysis_records_the_ledger_and_saves_the_table(news):
    saved = run_analysis(news, "top_terms", {"by": "channel", "n": 2},
                         DocumentFilter(corpus=("news",), tz=news.tz))
    assert saved.analysis == "top_terms"
    assert saved.title == "Top 2 terms by channel"
    assert saved.path.exists()
    pd.testing.assert_frame_equal(saved.frame(), top(news, by="channel", n=2), check_dtype=False)

    entry = news.log()[-1]
    assert entry["step"] == "analyze.top_terms"
    assert entry["params"] == {
        "by": "channel", "n": 2, "min_length": 2, "keep_stopwords": False, "filter": {"corpus": ["news"]},
        "stopwords": "2026.1", "stopword_languages": ["kk", "ru", "en"], "word_segmentation": "2026.2",
    }
    assert (entry["n_in"], entry["n_out"]) == (4, 4)
    assert entry["counts"] == {"documents": 4, "groups": 3, "tokens_read": 22, "tokens_counted": 15, "rows": 4}
    assert entry["id"] == saved.run_id
    assert [r.id for r in news.results()] == [saved.id]
    assert news.results()[0].params["filter"] == {"corpus": ["news"]}


def test_kept_stopwords_are_recorded_as_none(news):
    run_analysis(news, TopTerms, {"keep_stopwords": True})
    assert news.log()[-1]["params"]["stopwords"] is None


def test_a_failed_analysis_records_nothing(news):
    runs = len(news.log())
    with pytest.raises(InputError):
        run_analysis(news, "top_terms", {}, DocumentFilter(corpus=("nope",), tz=news.tz))
    assert len(news.log()) == runs and news.results() == []


def test_the_registry_finds_top_terms():
    assert get_analysis("top-terms") is TopTerms


# --- the command line ---------------------------------------------------------------------------------
def test_cli_prints_the_top_terms_per_group_and_saves_them(cli, news):
    result = cli("analyze", "top-terms", "--project", news.path, "--by", "channel", "--n", "2")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Top 2 terms by channel — dala_habar" in out and "Top 2 terms by channel — vestnik" in out
    assert "су" in out and "300.00" in out and "вода" in out
    assert "Saved as result 1 (run 2)" in out
    assert news.log()[-1]["params"]["by"] == "channel"


def test_cli_filters_and_options(cli, news):
    result = cli("analyze", "top-terms", "-p", news.path, "--since", "2022-01-01", "--keep-stopwords",
                 "--min-length", "3", "--where", "outlet=Dala")
    assert result.exit_code == 0, result.output
    params = news.log()[-1]["params"]
    assert params["filter"] == {"since": "2022-01-01", "meta": {"outlet": "Dala"}}
    assert (params["keep_stopwords"], params["min_length"]) == (True, 3)
    frame = news.results()[-1].frame()
    assert frame["count"].sum() == 6  # p1 only, without су (2 letters): тарифі өсті өсті жоқ тариф #тариф


def test_cli_errors_are_messages(cli, news):
    result = cli("analyze", "top-terms", "-p", news.path, "--by", "author")
    assert result.exit_code == 2
    assert "--by 'author'" in result.stderr
    result = cli("analyze", "top-terms", "-p", news.path, "--corpus", "nope")
    assert result.exit_code == 2 and "No documents to count" in result.stderr


def test_cli_help_is_built_from_the_parameter_schema(cli):
    result = cli("analyze", "top-terms", "--help")
    assert result.exit_code == 0
    for option in ("--by", "--n", "--min-length", "--keep-stopwords", "--corpus", "--since", "--where",
                   "--project", "meta.FIELD"):
        assert option in result.stdout


# --- the demo data ------------------------------------------------------------------------------------
DEMO = resources.files("dauys.data").joinpath("demo")


def demo_posts() -> pd.DataFrame:
    with DEMO.joinpath("posts.csv").open("rb") as fh:
        return pd.read_csv(fh, encoding="utf-8-sig", dtype=str, keep_default_na=False)


def test_demo_posts_parse_with_the_expected_columns():
    assert DEMO.joinpath("posts.csv").read_bytes().startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM, as from Excel
    posts = demo_posts()
    assert list(posts.columns) == ["post_id", "parent_id", "channel", "author", "published", "text", "views",
                                   "likes", "comments", "shares", "source_tool"]
    assert 300 <= len(posts) <= 500
    assert posts["post_id"].is_unique
    comments = posts[posts["parent_id"] != ""]
    assert len(comments) > 150
    assert set(comments["parent_id"]) <= set(posts.loc[posts["parent_id"] == "", "post_id"])
    published = pd.to_datetime(posts["published"], format="%d.%m.%Y %H:%M")
    assert published.min().year == 2019 and published.max().year == 2024
    assert posts["channel"].nunique() == 6
    assert (posts["text"].str.strip() != "").all()


def test_demo_posts_are_in_kazakh_russian_and_english():
    texts = demo_posts()["text"]
    kazakh = texts.str.contains("[әғқңөұүһі]")
    latin_only = ~texts.str.contains("[а-яё]", case=False)
    assert kazakh.sum() > 80
    assert (~kazakh & ~latin_only).sum() > 80  # Russian
    assert texts[latin_only].str.contains(r"\bthe\b", case=False).sum() > 10  # English
    assert texts.str.contains("#Qantar").any() and texts.str.contains("казакша", case=False).any()


def test_demo_mapping_names_every_column_but_one():
    mapping = yaml.safe_load(DEMO.joinpath("mapping.yaml").read_text(encoding="utf-8"))
    assert set(mapping) == {"external_id", "parent_id", "channel", "author", "created_at", "text",
                            "metric.views", "metric.likes", "metric.comments", "metric.shares"}
    assert set(demo_posts().columns) - set(mapping.values()) == {"source_tool"}


def test_demo_top_terms_differ_by_channel():
    posts = demo_posts()
    table = top_terms_table(count_terms(posts["text"], posts["channel"]), 200)
    ministry = set(table.loc[table["group"] == "ministry_of_utilities", "term"])
    analyst = set(table.loc[table["group"] == "steppe_analyst", "term"])
    assert {"тариф", "жылу", "сетей"} <= ministry
    assert {"election", "turnout"} <= analyst and "тариф" not in analyst


def test_every_shipped_data_file_is_listed_in_data_licenses():
    listed = resources.files("dauys.data").joinpath("DATA_LICENSES.md").read_text(encoding="utf-8")
    assert all(f"dauys/text/stopwords/{lang}.txt" in listed for lang in ("kk", "ru", "en"))
    for name in ("posts.csv", "mapping.yaml", "README.md"):
        assert f"dauys/data/demo/{name}" in listed
    docs = sorted(p.name for p in DEMO.joinpath("docs").iterdir())
    assert len(docs) == 7 and "dauys/data/demo/docs/*" in listed
    assert all(name.startswith("address-20") for name in docs)
    assert {name.rsplit(".", 1)[1] for name in docs} == {"txt", "md", "html"}
