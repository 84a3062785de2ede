"""Keyword in context on the real token table: lemma-aware hits, phrases, regexes, contexts as written, export.

The fixture (Kazakh, Russian, mixed and English posts), with the hits the tests expect:

=== =========== ======================== ==========================================================
doc channel     created (UTC → Almaty)    text
=== =========== ======================== ==========================================================
m1  qazaq_times 2021-06-01 04:00 → +06    Сот залында адам көп болды. В суде было тесно, но судья
                                          Ахметов молчал.                  (сот; суд; судья is not суд)
k1  azattyq_kz  2022-01-05 08:00 → +06    Іс енді сотқа жетті. Соттың шешімі әділ емес, дейді тұрғындар.
r1  vlast_kz    2024-03-10 09:00 → +05    Дело рассматривалось в суде. Решение суда обжалуют!
k2  (none)      (no date)                 Жер реформасы туралы митинг өтті: жер реформасын тоқтатыңдар!
                                          #ЖерСатылмайды
k3  (none)      (no date)                 Бізге жер, реформа емес, жұмыс керек.  (not the phrase: a comma)
e1  (none)      (no date)                 The court in Almaty fined the activists; the land reform stays.
=== =========== ======================== ==========================================================

Rows come in date order (Almaty time has been UTC+5 since 1 March 2024, UTC+6 before), undated last.
"""

from __future__ import annotations

import pandas as pd
import pytest
from conftest import add_documents
from openpyxl import load_workbook

from dauys.analyze import get_analysis, run_analysis
from dauys.analyze.kwic import KWIC_COLUMNS, Kwic, kwic
from dauys.errors import InputError
from dauys.report.exports import export_result
from dauys.store.filters import DocumentFilter

DOCS = [
    {"external_id": "k1", "channel": "azattyq_kz", "created_at": "2022-01-05T08:00Z",
     "text": "Іс енді сотқа жетті. Соттың шешімі әділ емес, дейді тұрғындар."},
    {"external_id": "r1", "channel": "vlast_kz", "created_at": "2024-03-10T09:00Z",
     "text": "Дело рассматривалось в суде. Решение суда обжалуют!"},
    {"external_id": "k2", "channel": None, "created_at": None,
     "text": "Жер реформасы туралы митинг өтті: жер реформасын тоқтатыңдар! #ЖерСатылмайды"},
    {"external_id": "m1", "channel": "qazaq_times", "created_at": "2021-06-01T04:00Z",
     "text": "Сот залында адам көп болды. В суде было тесно, но судья Ахметов молчал."},
    {"external_id": "k3", "channel": None, "created_at": None, "text": "Бізге жер, реформа емес, жұмыс керек."},
    {"external_id": "e1", "channel": None, "created_at": None,
     "text": "The court in Almaty fined the activists; the land reform stays."},
]
TEXTS = {row["external_id"]: row["text"] for row in DOCS}


@pytest.fixture
def posts(project):
    add_documents(project, DOCS, corpus="posts")
    return project


def doc_ids(project) -> dict[int, str]:
    frame = project.documents(columns="id, external_id")
    return dict(zip(frame["id"], frame["external_id"], strict=True))


def lines(table: pd.DataFrame) -> list[tuple[str, str, str]]:
    return list(zip(table["left"], table["keyword"], table["right"], strict=True))


def test_a_lemma_finds_its_inflected_forms_in_date_order(posts):
    table = kwic(posts, None, "сот")
    assert list(table.columns) == list(KWIC_COLUMNS)
    # m1 (2021) before k1 (2022); Сот, сотқа and Соттың are all the lemma сот
    assert table["keyword"].tolist() == ["Сот", "сотқа", "Соттың"]
    assert table["lemma"].tolist() == ["сот", "сот", "сот"]
    names = doc_ids(posts)
    assert [names[d] for d in table["doc_id"]] == ["m1", "k1", "k1"]
    assert table["sentence"].tolist() == [0, 0, 1]
    assert table["channel"].tolist() == ["qazaq_times", "azattyq_kz", "azattyq_kz"]
    assert table.attrs["hits"] == 3 and table.attrs["documents"] == 2
    assert table.attrs["lemmas"] == {"сот": ["сот"]}


def test_a_russian_lemma_finds_suda_and_sude_but_not_sudya(posts):
    table = kwic(posts, None, "суд", window=2)
    assert table["keyword"].tolist() == ["суде", "суде", "суда"]
    assert "судья" not in set(table["keyword"])
    names = doc_ids(posts)
    assert [names[d] for d in table["doc_id"]] == ["m1", "r1", "r1"]
    # two words each side, the punctuation between them kept as written
    assert lines(table) == [
        ("болды. В ", "суде", " было тесно"),
        ("рассматривалось в ", "суде", ". Решение суда"),
        ("суде. Решение ", "суда", " обжалуют"),
    ]


def test_the_context_is_a_stretch_of_the_text_cut_at_the_window(posts):
    table = kwic(posts, None, "сот", window=3)
    names = doc_ids(posts)
    for row in table.itertuples():
        assert row.left + row.keyword + row.right in TEXTS[names[row.doc_id]]
    assert lines(table)[1:] == [
        ("Іс енді ", "сотқа", " жетті. Соттың шешімі"),  # only two words before the hit: the context starts there
        ("енді сотқа жетті. ", "Соттың", " шешімі әділ емес"),  # the comma after емес is beyond the window
    ]
    bare = kwic(posts, None, "сот", window=0)
    assert bare["left"].tolist() == ["", "", ""] and bare["right"].tolist() == ["", "", ""]
    # the context may cross a sentence, never the document
    wide = kwic(posts, None, "тұрғын", window=50)
    assert lines(wide) == [("Іс енді сотқа жетті. Соттың шешімі әділ емес, дейді ", "тұрғындар", "")]


def test_an_inflected_pattern_is_read_as_the_lemmas_of_that_form(posts):
    table = kwic(posts, None, "сотқа")
    assert table.attrs["lemmas"] == {"сотқа": ["сот"]}
    assert table["keyword"].tolist() == ["Сот", "сотқа", "Соттың"]
    # реформасы: the form's lemma in the texts, реформа, so реформасын and реформа are found too
    reform = kwic(posts, None, "реформасы", window=1)
    assert reform.attrs["lemmas"] == {"реформасы": ["реформа"]}
    assert reform["keyword"].tolist() == ["реформасы", "реформасын", "реформа"]


def test_a_phrase_is_lemmas_in_a_row_inside_a_sentence(posts):
    table = kwic(posts, None, "жер реформасы", match="phrase", window=2)
    assert table["keyword"].tolist() == ["Жер реформасы", "жер реформасын"]
    assert table["lemma"].tolist() == ["жер реформа", "жер реформа"]
    assert lines(table) == [("", "Жер реформасы", " туралы митинг"), ("митинг өтті: ", "жер реформасын",
                                                                       " тоқтатыңдар! #ЖерСатылмайды")]
    assert table.attrs["lemmas"] == {"жер": ["жер"], "реформасы": ["реформа"]}
    # k3 "жер, реформа": the comma between them breaks the phrase; the English "land reform" is other lemmas
    assert set(doc_ids(posts)[d] for d in table["doc_id"]) == {"k2"}
    assert kwic(posts, None, "land reform", match="phrase")["keyword"].tolist() == ["land reform"]


def test_a_form_matches_the_word_as_written_in_any_case(posts):
    assert kwic(posts, None, "соттың", match="form")["keyword"].tolist() == ["Соттың"]
    assert kwic(posts, None, "СОТҚА", match="form")["keyword"].tolist() == ["сотқа"]
    assert kwic(posts, None, "#жерсатылмайды", match="form")["keyword"].tolist() == ["#ЖерСатылмайды"]
    assert kwic(posts, None, "жер реформасын", match="form")["keyword"].tolist() == ["жер реформасын"]


def test_a_regex_on_the_normalised_form(posts):
    table = kwic(posts, None, "^суд", match="regex", window=1)
    assert table["keyword"].tolist() == ["суде", "судья", "суде", "суда"]
    assert table["lemma"].tolist() == ["суд", "судья", "суд", "суд"]
    assert kwic(posts, None, "^суд$", match="regex").empty  # anchored: only the form суд, which no text has


def test_a_regex_on_the_text_spans_words_and_keeps_case_as_asked(posts):
    table = kwic(posts, None, r"жер\s+реформа\pL*", match="regex", regex_on="text", window=1)
    assert lines(table) == [("", "Жер реформасы", " туралы"), ("өтті: ", "жер реформасын", " тоқтатыңдар")]
    assert table["lemma"].tolist() == ["жер реформа", "жер реформа"]
    exact = kwic(posts, None, r"жер\s+реформа\pL*", match="regex", regex_on="text", case_sensitive=True)
    assert exact["keyword"].tolist() == ["жер реформасын"]
    # a match inside a word: the keyword is the match, the rest of the word is context
    inside = kwic(posts, None, "реформа", match="regex", regex_on="text", window=1)
    assert lines(inside)[0] == ("Жер ", "реформа", "сы туралы")
    assert inside.attrs["hits"] == 3  # реформасы, реформасын and реформа (k3); the English reform is not one


def test_zero_hits_give_an_empty_table_with_counts(posts):
    table = kwic(posts, None, "вода")
    assert table.empty and list(table.columns) == list(KWIC_COLUMNS)
    assert (table.attrs["hits"], table.attrs["documents"], table.attrs["selected_documents"]) == (0, 0, 6)
    saved = run_analysis(posts, "kwic", {"pattern": "вода"})
    assert saved.title == "Keyword in context: вода (lemma): no hits"
    assert saved.frame().empty
    assert posts.log()[-1]["counts"] == {"documents": 6, "hits": 0, "documents_with_hits": 0, "listed": 0,
                                         "rows": 0}


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"pattern": "(сот", "match": "regex"}, r"--pattern '\(сот' is not a valid regular expression \(missing \)"),
        ({"pattern": "(?=сот)", "match": "regex"}, r"not a valid regular expression .* RE2"),
        ({"pattern": "x*", "match": "regex", "regex_on": "text"}, r"--pattern 'x\*' matches empty text"),
        ({"pattern": r"\b", "match": "regex", "regex_on": "text"}, r"matches empty text in 1 documents"),
        ({"pattern": "   "}, r"--pattern is empty"),
        ({"pattern": "жер реформасы"}, r"has 2 words; --match lemma takes one: use --match phrase"),
        ({"pattern": "?!", "match": "phrase"}, r"holds no word, only punctuation; use --match regex"),
        ({"pattern": "сот", "case_sensitive": True}, r"--case-sensitive applies to --match regex only"),
        ({"pattern": "сот", "regex_on": "text"}, r"--regex-on text applies to --match regex only"),
    ],
)
def test_bad_patterns_are_named(posts, options, message):
    with pytest.raises(InputError, match=message):
        kwic(posts, None, **options)


def test_bad_parameters_name_the_option():
    with pytest.raises(InputError, match=r"--match 'stem': expected one of lemma, form, phrase, regex"):
        Kwic.validate({"pattern": "сот", "match": "stem"})
    with pytest.raises(InputError, match=r"--window 51: expected a number from 0 to 50"):
        Kwic.validate({"pattern": "сот", "window": 51})


def test_a_document_filter_and_the_row_limit(posts):
    add_documents(posts, [{"external_id": "n1", "channel": None, "created_at": "2023-05-01T06:00Z",
                           "text": "Сот тағы кейінге қалдырылды."}], corpus="news")
    assert kwic(posts, DocumentFilter(corpus=("news",), tz=posts.tz), "сот")["keyword"].tolist() == ["Сот"]
    first = kwic(posts, None, "сот", n=2)
    assert first["keyword"].tolist() == ["Сот", "сотқа"] and first.attrs["hits"] == 4


def test_dates_are_in_almaty_time_with_the_offset_of_the_day(posts):
    table = kwic(posts, None, "суд")
    shown = [str(value) for value in table["created_at"]]
    assert shown == ["2021-06-01 10:00:00+06:00", "2024-03-10 14:00:00+05:00", "2024-03-10 14:00:00+05:00"]
    undated = kwic(posts, None, "митинг")
    assert undated["created_at"].isna().all() and undated["channel"].isna().all()
    assert undated["corpus"].tolist() == ["posts"]


def test_run_analysis_records_every_hit_and_saves_the_rows_listed(posts):
    saved = run_analysis(posts, "kwic", {"pattern": "сот", "n": 2, "window": 3})
    assert saved.title == "Keyword in context: сот (lemma): 2 of 3 hits"
    frame = saved.frame()
    assert len(frame) == 2 and frame.attrs["hits"] == 3 and frame.attrs["lemmas"] == {"сот": ["сот"]}
    assert str(frame["created_at"].dt.tz) == "Asia/Almaty"
    entry = posts.log()[-1]
    assert entry["step"] == "analyze.kwic"
    assert entry["params"] == {"pattern": "сот", "match": "lemma", "regex_on": "norm", "window": 3, "n": 2,
                               "case_sensitive": False, "filter": {}, "lemmas_searched": {"сот": ["сот"]}}
    assert entry["counts"] == {"documents": 6, "hits": 3, "documents_with_hits": 2, "listed": 2, "rows": 2}
    assert (entry["n_in"], entry["n_out"]) == (6, 2)
    assert get_analysis("kwic") is Kwic


def test_the_table_exports_to_csv_and_xlsx(posts, tmp_path):
    saved = run_analysis(posts, "kwic", {"pattern": "суд", "window": 2})
    csv = export_result(posts, saved.id, tmp_path / "hits.csv")
    raw = csv.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    read = pd.read_csv(csv, encoding="utf-8-sig", keep_default_na=False)
    assert read.columns.tolist() == list(KWIC_COLUMNS)
    assert read["left"].tolist()[0] == "болды. В " and read["right"].tolist()[1] == ". Решение суда"
    assert read["created_at"].tolist()[1] == "2024-03-10 14:00:00+05:00"

    xlsx = export_result(posts, saved.id, tmp_path / "hits.xlsx")
    sheet = load_workbook(xlsx).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == KWIC_COLUMNS
    assert rows[2][2:5] == ("рассматривалось в ", "суде", ". Решение суда")
    assert rows[2][7].isoformat() == "2024-03-10T14:00:00"  # the wall time in Almaty
    assert rows[1][6] == "qazaq_times"


def test_the_report_labels_every_column(posts):
    from dauys.report.i18n import t
    from dauys.report.views import load_views

    load_views()
    for lang in ("en", "ru", "kk"):
        assert t("analysis.kwic", lang)
        assert all(t(f"column.{column}", lang) for column in KWIC_COLUMNS)
    assert t("column.left", "kk") == "Сол жақ контекст" and t("column.keyword", "ru") == "Ключевое слово"


# --- the command line ---------------------------------------------------------------------------------
def test_cli_prints_the_hits_and_saves_them(cli, posts):
    result = cli("analyze", "kwic", "--project", posts.path, "--pattern", "суд", "--window", "2")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Keyword in context: суд (lemma): 3 hits" in out
    assert "суде" in out and "суда" in out and "болды." in out and "Saved as result 1" in out
    result = cli("analyze", "kwic", "-p", posts.path, "--pattern", "жер реформасы", "--match", "phrase",
                 "--corpus", "posts")
    assert result.exit_code == 0, result.output
    assert posts.log()[-1]["params"]["filter"] == {"corpus": ["posts"]}
    assert posts.results()[-1].frame()["keyword"].tolist() == ["Жер реформасы", "жер реформасын"]


def test_cli_errors_are_messages(cli, posts):
    result = cli("analyze", "kwic", "-p", posts.path, "--pattern", "(сот", "--match", "regex")
    assert result.exit_code == 2
    assert "--pattern '(сот' is not a valid regular expression" in result.stderr
    result = cli("analyze", "kwic", "-p", posts.path)
    assert result.exit_code == 2 and "--pattern is empty" in result.stderr
