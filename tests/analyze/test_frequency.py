"""Term frequencies: top terms per group and the term matrix, checked by hand on lemmas; the ledger; the CLI.

The fixture, with the lemmas of the words each document keeps after the stopwords (жоқ, және, бәрі, на,
снова, ok, lol) are left out (hashtags, numbers, links and mentions are other kinds of token):

=== ============ ======================= ================================================ ======
doc channel      created (UTC → Almaty)   kept lemmas                                       n
=== ============ ======================= ================================================ ======
p1  dala_habar   2021-12-31 20:00 → 2022  су тариф өс су тариф өс                           6
p2  dala_habar   2021-06-01 06:00 → 2021  тариф су қымбат                                   3
p3  vestnik      2022-03-10 09:00 → 2022  тариф вода вырасти вода дорогой                   5
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
from conftest import add_documents

from dauys.analyze import get_analysis, run_analysis
from dauys.analyze.frequency import TOP_TERMS_COLUMNS, TermMatrix, TopTerms
from dauys.errors import InputError
from dauys.ingest.mapping import load_mapping_file
from dauys.ingest.table import import_table
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


@pytest.fixture
def news(project):
    add_documents(project, DOCS)
    return project


def top(project, where: DocumentFilter | None = None, **params) -> pd.DataFrame:
    return TopTerms().run(project, where or DocumentFilter(tz=project.tz), TopTerms.validate(params))


def rows(table: pd.DataFrame) -> list[tuple]:
    return [(g, r, t, c, round(p, 2), d, round(s, 2)) for g, r, t, c, p, d, s in table.itertuples(index=False)]


def test_all_documents_counted_by_hand(news):
    table = top(news, n=5)
    assert list(table.columns) == list(TOP_TERMS_COLUMNS)
    # 14 kept lemmas in 4 documents; ties are broken alphabetically (вода before өс, в < ө)
    assert rows(table) == [
        ("all", 1, "тариф", 4, 285.71, 3, 75.0),
        ("all", 2, "су", 3, 214.29, 2, 50.0),
        ("all", 3, "вода", 2, 142.86, 1, 25.0),
        ("all", 4, "өс", 2, 142.86, 1, 25.0),
        ("all", 5, "вырасти", 1, 71.43, 1, 25.0),
    ]
    assert table.dtypes.astype(str).tolist() == ["string", "int64", "string", "int64", "float64", "int64",
                                                 "float64"]


def test_per_1000_of_all_terms_of_a_group_adds_up_to_1000(news):
    table = top(news, by="channel", n=100)
    assert table.groupby("group")["per_1000"].sum().round(9).tolist() == [1000.0, 1000.0]


def test_by_channel(news):
    table = top(news, by="channel", n=2)
    # dala_habar keeps 9 lemmas (су 3, тариф 3); vestnik 5 (вода 2, then the first of the ones alphabetically).
    # p4 has no channel and keeps no word, so the (none) group has no rows.
    assert rows(table) == [
        ("dala_habar", 1, "су", 3, 333.33, 2, 100.0),
        ("dala_habar", 2, "тариф", 3, 333.33, 2, 100.0),
        ("vestnik", 1, "вода", 2, 400.0, 1, 100.0),
        ("vestnik", 2, "вырасти", 1, 200.0, 1, 100.0),
    ]


def test_by_year_in_almaty_time(news):
    table = top(news, by="year", n=2)
    # p1 was posted at 2021-12-31 20:00 UTC, 02:00 on 1 January 2022 in Almaty: it counts in 2022.
    assert rows(table) == [
        ("2021", 1, "су", 1, 333.33, 1, 100.0),
        ("2021", 2, "тариф", 1, 333.33, 1, 100.0),
        ("2022", 1, "тариф", 3, 272.73, 2, 100.0),
        ("2022", 2, "вода", 2, 181.82, 1, 50.0),
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
        ("Dala", 1, "су", 3, 333.33, 2, 100.0),
        ("Vestnik", 1, "вода", 2, 400.0, 1, 100.0),
        ("(none)", 1, "баста", 1, 333.33, 1, 50.0),
    ]


def test_by_corpus_and_platform(news):
    add_documents(news, [{"external_id": "x1", "channel": None, "created_at": None, "text": "Жол жөндеу",
                          "meta": None}], corpus="roads")
    assert table_groups(top(news, by="corpus")) == ["news", "roads"]
    assert table_groups(top(news, by="platform")) == ["telegram"]


def test_keeping_stopwords(news):
    table = top(news, keep_stopwords=True, n=200)
    # 14 lemmas plus жоқ, және, бәрі, на, снова, ok, lol
    assert table["count"].sum() == 21
    assert {"жоқ", "және", "на", "ok", "lol"} <= set(table["term"])
    assert table.loc[table["term"] == "су", "per_1000"].round(2).tolist() == [142.86]


def test_minimum_length(news):
    table = top(news, min_length=5, n=100)
    assert set(table["term"]) == {"тариф", "вырасти", "дорогой", "қымбат"}
    assert table.loc[table["term"] == "тариф", "per_1000"].round(2).tolist() == [571.43]


def test_forms_as_written_and_normalised_forms(news):
    forms = top(news, feature="form", n=100)
    assert {"тарифі", "тарифы", "выросли", "воду"} <= set(forms["term"]) and "өс" not in set(forms["term"])
    assert forms.loc[forms["term"] == "өсті", "count"].tolist() == [2]
    norms = top(news, feature="norm", n=100)
    assert norms.loc[norms["term"] == "тариф", "count"].tolist() == [2]  # p1 and p2; тарифі, тарифы apart


def test_hashtags_mentions_and_numbers(news):
    assert rows(top(news, kind="hashtags")) == [("all", 1, "#тариф", 1, 1000.0, 1, 25.0)]
    assert top(news, kind="mentions")["term"].tolist() == ["@akimat"]
    assert top(news, kind="numbers")["term"].tolist() == ["2022"]
    # a hashtag's sign is not a letter: #тариф has 5
    with pytest.raises(InputError, match="No hashtags remain"):
        top(news, kind="hashtags", min_length=6)


def test_emoji_by_name_or_as_themselves(project):
    add_documents(project, [{"external_id": "e1", "channel": None, "created_at": None,
                             "text": "Керемет! 😂😂 Цены 🔥", "meta": None}])
    assert top(project, kind="emoji", feature="form")[["term", "count"]].values.tolist() == [["😂", 2], ["🔥", 1]]
    by_name = top(project, kind="emoji")
    assert by_name["count"].tolist() == [2, 1] and "joy" in by_name["term"].iloc[0]


def test_word_pairs_stay_inside_sentences_and_never_end_on_a_stopword(news):
    pairs = top(news, ngram=2, n=100)
    counted = dict(zip(pairs["term"], pairs["count"], strict=True))
    # p1: "су тариф", "тариф өс" (sentence 1); "су жоқ" ends on a stopword, "жоқ тариф" starts on one;
    # the comma breaks "жоқ , тариф"; "тариф өс" again in sentence 2. p3: "тариф на" ends on a stopword.
    assert counted["тариф өс"] == 2 and counted["су тариф"] == 1
    assert "өс су" not in counted  # the full stop between the sentences breaks the run
    assert "су жоқ" not in counted and "жоқ тариф" not in counted
    assert "вода дорогой" in counted and "вырасти вода" not in counted  # a comma between them
    triples = top(news, ngram=3, n=100, keep_stopwords=True)
    assert "тариф на вода" in set(triples["term"])


def test_languages_keep_only_words_in_them(news):
    assert set(top(news, languages="ru", n=100)["term"]) == {"тариф", "вода", "вырасти", "дорогой"}
    assert "вода" not in set(top(news, languages="kk", n=100)["term"])


def test_a_document_filter_uses_local_dates(news):
    since_2022 = DocumentFilter(since=date(2022, 1, 1), tz=news.tz)
    table = top(news, where=since_2022, n=1)
    assert rows(table) == [("all", 1, "тариф", 3, 272.73, 2, 100.0)]


def test_project_stopwords_are_used(news):
    (news.path / "stopwords").mkdir()
    (news.path / "stopwords" / "extra.txt").write_text("су\n", encoding="utf-8")
    assert rows(top(news, n=1)) == [("all", 1, "тариф", 4, 363.64, 3, 75.0)]


def test_no_documents_no_tokens_and_no_words_are_explained(news):
    with pytest.raises(InputError, match="No documents to count .* corpus=nope"):
        top(news, where=DocumentFilter(corpus=("nope",), tz=news.tz))
    only_noise = DocumentFilter(meta=(("outlet", "nowhere"),), tz=news.tz)
    with pytest.raises(InputError, match="No documents to count .* with meta.outlet=nowhere;"):
        top(news, where=only_noise)
    add_documents(news, [{"external_id": "s1", "channel": None, "created_at": None, "text": "ну вот и всё",
                          "meta": None}], corpus="noise")
    with pytest.raises(InputError, match="No lemmas remain .* try --keep-stopwords"):
        top(news, where=DocumentFilter(corpus=("noise",), tz=news.tz))
    staged = pd.DataFrame({"row": [1], "text": ["Жаңа мектеп ашылды"], "external_id": ["n1"]})
    write_documents(news, Run("import.table", {}), SourceInfo("table", "more.csv", {}), staged,
                    corpus="news", platform="telegram")
    with pytest.raises(InputError, match="1 of the 6 selected documents have no tokens yet.*dauys text process"):
        top(news)


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"by": "author"}, r"--by 'author': expected one of all, corpus, .* or meta.FIELD"),
        ({"n": 0}, r"--n 0: expected a number from 1"),
        ({"min_length": "two"}, r"--min-length 'two'"),
        ({"ngram": 6}, r"--ngram 6: expected a number from 1 to 5"),
        ({"feature": "stem"}, r"--feature 'stem': expected one of lemma, norm, form"),
        ({"top": 5}, r"top_terms has no option top"),
    ],
)
def test_bad_parameters_name_the_option(params, message):
    with pytest.raises(InputError, match=message):
        TopTerms.validate(params)


def test_run_analysis_records_the_ledger_and_saves_the_table(news):
    saved = run_analysis(news, "top_terms", {"by": "channel", "n": 2},
                         DocumentFilter(corpus=("news",), tz=news.tz))
    assert saved.analysis == "top_terms"
    assert saved.title == "Top 2 lemmas by channel"
    assert saved.path.exists()
    pd.testing.assert_frame_equal(saved.frame(), top(news, by="channel", n=2), check_dtype=False)

    entry = news.log()[-1]
    assert entry["step"] == "analyze.top_terms"
    assert entry["params"] == {
        "feature": "lemma", "kind": "words", "ngram": 1, "min_length": 2, "keep_stopwords": False,
        "languages": "", "by": "channel", "n": 2, "filter": {"corpus": ["news"]},
        "stopwords": "2026.1", "stopword_languages": ["kk", "ru", "en"],
    }
    assert (entry["n_in"], entry["n_out"]) == (4, 4)
    assert entry["counts"] == {"documents": 4, "groups": 3, "terms_counted": 14, "distinct_terms": 7, "rows": 4}
    assert entry["id"] == saved.run_id
    assert [r.id for r in news.results()] == [saved.id]
    assert news.results()[0].params["filter"] == {"corpus": ["news"]}


def test_run_analysis_processes_new_documents_first(news):
    staged = pd.DataFrame({"row": [1], "text": ["Жаңа мектеп ашылды"], "external_id": ["n1"]})
    write_documents(news, Run("import.table", {}), SourceInfo("table", "more.csv", {}), staged,
                    corpus="news", platform="telegram")
    saved = run_analysis(news, "top_terms", {"n": 50})
    assert {"мектеп", "жаңа"} <= set(saved.frame()["term"])
    steps = [entry["step"] for entry in news.log()]
    assert steps[-2:] == ["text.process", "analyze.top_terms"]
    assert news.log()[-2]["n_in"] == 1


def test_kept_stopwords_are_recorded_as_none(news):
    run_analysis(news, TopTerms, {"keep_stopwords": True})
    assert news.log()[-1]["params"]["stopwords"] is None


def test_a_failed_analysis_records_nothing(news):
    runs = len(news.log())
    with pytest.raises(InputError):
        run_analysis(news, "top_terms", {}, DocumentFilter(corpus=("nope",), tz=news.tz))
    assert len(news.log()) == runs and news.results() == []


def test_the_registry_finds_top_terms_and_the_matrix():
    assert get_analysis("top-terms") is TopTerms
    assert get_analysis("term-matrix") is TermMatrix


# --- the term matrix ----------------------------------------------------------------------------------
def test_term_matrix_has_a_column_per_group_and_the_average(news):
    table = TermMatrix().run(news, DocumentFilter(tz=news.tz), TermMatrix.validate({"by": "year", "n": 2}))
    # the union of each year's top 2: 2021 су, тариф; 2022 тариф, вода. Per 1,000 of 3 (2021) and 11 (2022).
    assert list(table.columns) == ["term", "2021", "2022", "average"]
    assert table["term"].tolist() == ["тариф", "су", "вода"]
    assert table.round(2).values.tolist() == [
        ["тариф", 333.33, 272.73, 303.03],
        ["су", 333.33, 181.82, 257.58],
        ["вода", 0.0, 181.82, 90.91],
    ]
    assert table.attrs["value"] == "per_1000"
    counts = TermMatrix().run(news, DocumentFilter(tz=news.tz),
                              TermMatrix.validate({"by": "channel", "n": 1, "value": "count"}))
    assert counts.values.tolist() == [["су", 3.0, 0.0, 1.5], ["вода", 0.0, 2.0, 1.0]]


def test_term_matrix_is_saved_with_its_unit_and_drawn_as_a_heat_map(news):
    from dauys.report.charts import chart_for

    saved = run_analysis(news, "term_matrix", {"by": "year", "n": 2, "value": "count"})
    assert saved.title == "Top 2 lemmas by year: matrix with average"
    frame = saved.frame()
    assert frame.attrs["value"] == "count"
    figure = chart_for("term_matrix", frame, "kk")
    heat = figure.data[0]
    assert list(heat.x) == ["2021", "2022", "Орташа"] and list(heat.y) == ["тариф", "су", "вода"]
    assert heat.colorbar.title.text == "саны"


# --- the command line ---------------------------------------------------------------------------------
def test_cli_prints_the_top_terms_per_group_and_saves_them(cli, news):
    result = cli("analyze", "top-terms", "--project", news.path, "--by", "channel", "--n", "2")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Top 2 lemmas by channel — dala_habar" in out and "Top 2 lemmas by channel — vestnik" in out
    assert "су" in out and "333.33" in out and "вода" in out
    assert "Saved as result 1 (run 3)" in out
    assert news.log()[-1]["params"]["by"] == "channel"


def test_cli_filters_and_options(cli, news):
    result = cli("analyze", "top-terms", "-p", news.path, "--since", "2022-01-01", "--keep-stopwords",
                 "--min-length", "3", "--where", "outlet=Dala")
    assert result.exit_code == 0, result.output
    params = news.log()[-1]["params"]
    assert params["filter"] == {"since": "2022-01-01", "meta": {"outlet": "Dala"}}
    assert (params["keep_stopwords"], params["min_length"]) == (True, 3)
    frame = news.results()[-1].frame()
    assert dict(zip(frame["term"], frame["count"], strict=True)) == {"тариф": 2, "жоқ": 1}  # p1 only


def test_cli_errors_are_messages(cli, news):
    result = cli("analyze", "top-terms", "-p", news.path, "--by", "author")
    assert result.exit_code == 2
    assert "--by 'author'" in result.stderr
    result = cli("analyze", "top-terms", "-p", news.path, "--corpus", "nope")
    assert result.exit_code == 2 and "No documents to count" in result.stderr


def test_cli_help_is_built_from_the_parameter_schema(cli):
    result = cli("analyze", "top-terms", "--help")
    assert result.exit_code == 0
    for option in ("--by", "--n", "--min-length", "--keep-stopwords", "--feature", "--kind", "--ngram",
                   "--languages", "--corpus", "--since", "--where", "--project", "meta.FIELD"):
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


def test_demo_top_terms_differ_by_channel(project):
    import_table(project, DEMO.joinpath("posts.csv"), corpus="posts", platform="telegram",
                 mapping=load_mapping_file(DEMO.joinpath("mapping.yaml")))
    table = run_analysis(project, "top_terms", {"by": "channel", "n": 200}).frame()
    ministry = set(table.loc[table["group"] == "ministry_of_utilities", "term"])
    analyst = set(table.loc[table["group"] == "steppe_analyst", "term"])
    assert {"тариф", "жылу", "сеть"} <= ministry
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
