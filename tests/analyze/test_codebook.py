"""Codebooks: the YAML format and its errors, matching on the real token table, counts per group, the CLI,
the stored assignments and the ledger, the report's chart, and the shipped example on the demo posts.

The fixture (tokens by ``dauys.text.pipeline.build_token_table``; sentences numbered from 0):

=== ============== ====== ======= ====================================================================
doc channel        outlet year    text
=== ============== ====== ======= ====================================================================
k1  dala_habar     Dala   2022    Сотқа жүгіндік, бірақ соттың шешімі әділ емес. | Жер реформасына қарсы шықтық!
r1  vestnik        Vestn. 2022    Дело рассматривали в суде. | Против земельной реформы выступили тысячи.
m1  dala_habar     Dala   2023    Газ бағасы тағы қымбаттады, литрі 130 теңгеге жетті. |
                                  Цены на газ выросли, а суд молчит.
r2  vestnik        Vestn. 2023    Пока суд да дело, цены растут. | В суде нам отказали.
m2  almaty_air     —      2023    Бүгін ауа райы жақсы. | Смог снова накрыл Алматы.
k2  dala_habar     Dala   2024    Рахмет, жақсы жаңалық! 👍
r3  vestnik        Vestn. 2024    Земля должна остаться народу. | #жер
e1  steppe_analyst —      2024    The court rejected the appeal of the detained activists.
=== ============== ====== ======= ====================================================================
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from dauys.analyze import get_analysis, run_analysis
from dauys.analyze.codebook import (
    ASSIGNMENT_COLUMNS,
    SENTENCE_COLUMNS,
    TABLE_COLUMNS,
    CodebookAnalysis,
    apply_codebook,
    codebook_coding,
    codebook_table,
    load_codebook,
    parse_codebook,
)
from dauys.errors import InputError
from dauys.ingest.writer import SourceInfo, write_documents
from dauys.provenance import Run
from dauys.report.methods import methods_text
from dauys.store.filters import DocumentFilter
from dauys.text.pipeline import build_token_table

DOCS = [
    ("k1", "dala_habar", "2022-01-10T06:00Z", "Dala",
     "Сотқа жүгіндік, бірақ соттың шешімі әділ емес. Жер реформасына қарсы шықтық!"),
    ("r1", "vestnik", "2022-03-01T06:00Z", "Vestnik",
     "Дело рассматривали в суде. Против земельной реформы выступили тысячи."),
    ("m1", "dala_habar", "2023-05-02T06:00Z", "Dala",
     "Газ бағасы тағы қымбаттады, литрі 130 теңгеге жетті. Цены на газ выросли, а суд молчит."),
    ("r2", "vestnik", "2023-06-01T06:00Z", "Vestnik", "Пока суд да дело, цены растут. В суде нам отказали."),
    ("m2", "almaty_air", "2023-12-01T06:00Z", None, "Бүгін ауа райы жақсы. Смог снова накрыл Алматы."),
    ("k2", "dala_habar", "2024-01-05T06:00Z", "Dala", "Рахмет, жақсы жаңалық! 👍"),
    ("r3", "vestnik", "2024-02-01T06:00Z", "Vestnik", "Земля должна остаться народу. #жер"),
    ("e1", "steppe_analyst", "2024-03-01T06:00Z", None, "The court rejected the appeal of the detained activists."),
]

CODEBOOK = """\
# Тест: соттар, жер, газ, бағалар, экология
name: test_grievances
description: Grievances in a small bilingual fixture.
version: "1"
codes:
  - name: courts
    description: Courts and judges (соттар, суды).
    patterns:
      kk:
        lemma: [сот]
      ru:
        lemma: [суд]
      en:
        lemma: [court]
    exclude:
      ru:
        phrase: [суд да дело]
  - name: land
    description: Land reform (жер реформасы).
    patterns:
      kk:
        phrase: [жер реформасы]
      ru:
        phrase: [земельная реформа]
        lemma: земля
      any:
        form: ['#жер']
  - name: gas_kk
    description: Gas prices written in Kazakh.
    patterns:
      kk:
        lemma: [газ]
        form: [қымбат*]
  - name: prices
    description: Prices in tenge and Russian words for prices.
    patterns:
      any:
        regex: ['\\d+\\s*теңге']
      ru:
        regex: ['цен\\w*']
  - name: ecology
    description: Air and smog.
    patterns:
      kk:
        lemma: [ауа]
      ru:
        form: [смог]
    exclude:
      kk:
        phrase: [ауа райы]
  - name: corruption
    description: Corruption; the fixture has none.
    patterns:
      kk: {lemma: [жемқорлық]}
      ru: {lemma: [коррупция]}
"""
CODES = ["courts", "land", "gas_kk", "prices", "ecology", "corruption"]


def line_of(text: str) -> int:
    """The line of ``CODEBOOK`` that is ``text``."""
    return CODEBOOK.splitlines().index(text) + 1
EXAMPLE = Path(__file__).resolve().parents[2] / "dauys" / "data" / "codebooks"


def add_documents(project, rows, corpus: str = "news") -> None:
    staged = pd.DataFrame(
        [{"external_id": e, "channel": c, "created_at": t, "text": text,
          "meta": json.dumps({"outlet": outlet}) if outlet else None} for e, c, t, outlet, text in rows]
    )
    staged.insert(0, "row", range(1, len(staged) + 1))
    staged["created_at"] = pd.to_datetime(staged["created_at"], utc=True)
    write_documents(project, Run("import.table", {}), SourceInfo("table", "posts.csv", {}), staged,
                    corpus=corpus, platform="telegram")


@pytest.fixture
def news(project):
    add_documents(project, DOCS)
    build_token_table(project, workers=1)
    return project


@pytest.fixture
def codebook_file(tmp_path) -> Path:
    path = tmp_path / "grievances.yaml"
    path.write_text(CODEBOOK, encoding="utf-8")
    return path


@pytest.fixture
def codebook(codebook_file):
    return load_codebook(codebook_file)


def external_ids(project) -> dict[int, str]:
    with project.store.read() as con:
        return dict(con.execute("SELECT id, external_id FROM documents").fetchall())


def coded(project, coding) -> dict[str, set]:
    """Code -> the documents (document units) or (document, sentence) pairs (sentence units) coded with it."""
    names = external_ids(project)
    out: dict[str, set] = {code: set() for code in CODES}
    for row in coding.assignments.itertuples(index=False):
        out[row.code].add(names[row.doc_id] if pd.isna(row.sentence) else (names[row.doc_id], int(row.sentence)))
    return out


# --- matching ---------------------------------------------------------------------------------------
def test_the_fixture_has_kazakh_russian_and_english_spans(news):
    tokens = news.tokens(columns="doc_id, form, lang").to_pandas()
    lang = {(names, form): lang for names, form, lang in zip(
        tokens["doc_id"].map(external_ids(news)), tokens["form"], tokens["lang"], strict=True)}
    assert lang[("m1", "Газ")] == "kk" and lang[("m1", "газ")] == "ru"
    assert lang[("k1", "соттың")] == "kk" and lang[("r2", "суде")] == "ru" and lang[("e1", "court")] == "en"


def test_document_units(news, codebook):
    coding = codebook_coding(news, codebook)
    assert list(coding.assignments.columns) == list(ASSIGNMENT_COLUMNS)
    assert coded(news, coding) == {
        # lemmas find inflected forms: сотқа, соттың (kk), суде, суд (ru), court (en); r2 says
        # "пока суд да дело", an exclusion, which vetoes the whole document
        "courts": {"k1", "r1", "m1", "e1"},
        # phrases in order inside a sentence (жер реформасына, земельной реформы), a lemma, a hashtag
        "land": {"k1", "r1", "r3"},
        "gas_kk": {"m1"},
        "prices": {"m1", "r2"},
        # m2's ауа is in "ауа райы" (the weather), which vetoes the document though its смог matches
        "ecology": set(),
        "corruption": set(),
    }
    assert coding.assignments["sentence"].isna().all()
    assert coding.documents_coded() == {"courts": 4, "land": 3, "gas_kk": 1, "prices": 2, "ecology": 0,
                                        "corruption": 0}
    assert sorted(coding.documents["sentences"].tolist()) == [1, 1, 2, 2, 2, 2, 2, 2]


def test_sentence_units_veto_only_the_sentence_with_the_exclusion(news, codebook):
    found = coded(news, codebook_coding(news, codebook, unit="sentence"))
    assert found["courts"] == {("k1", 0), ("r1", 0), ("m1", 1), ("r2", 1), ("e1", 0)}
    assert found["land"] == {("k1", 1), ("r1", 1), ("r3", 0), ("r3", 1)}
    assert found["ecology"] == {("m2", 1)}  # смог; sentence 0 is the weather
    assert found["prices"] == {("m1", 0), ("m1", 1), ("r2", 0)}


def test_language_specific_patterns_match_only_tokens_of_their_language(news, codebook):
    rows = codebook_coding(news, codebook, unit="sentence").assignments
    gas = rows[rows["code"] == "gas_kk"]
    # m1: "Газ бағасы тағы қымбаттады" is Kazakh, "Цены на газ выросли" Russian: the kk lemma газ and the
    # prefix қымбат* match in the first sentence only
    assert gas[["sentence", "span_start", "span_end", "matched", "matches"]].values.tolist() == [
        [0, 0, 3, "Газ", 2]]
    kk_only = parse_codebook("name: t\ncodes:\n  - name: gas\n    description: газ\n"
                             "    patterns: {kk: {regex: ['газ']}}\n")
    regex = codebook_coding(news, kk_only, unit="sentence").assignments
    assert regex[["sentence", "matched"]].values.tolist() == [[0, "Газ"]]
    any_language = parse_codebook("name: t\ncodes:\n  - name: gas\n    description: газ\n"
                                  "    patterns: {any: {lemma: [газ]}}\n")
    assert codebook_coding(news, any_language, unit="sentence").assignments["sentence"].tolist() == [0, 1]


def test_spans_and_matched_texts(news, codebook):
    rows = codebook_coding(news, codebook, unit="sentence").assignments
    names = external_ids(news)
    by_unit = {(names[r.doc_id], r.code, r.sentence): (r.span_start, r.span_end, r.matched, r.matches)
               for r in rows.itertuples(index=False)}
    assert by_unit[("k1", "courts", 0)] == (0, 5, "Сотқа", 2)  # the first of сотқа and соттың
    assert by_unit[("k1", "land", 1)] == (47, 62, "Жер реформасына", 1)
    assert by_unit[("r1", "land", 1)] == (34, 51, "земельной реформы", 1)
    assert by_unit[("m1", "prices", 0)] == (34, 43, "130 теңге", 1)  # the regex, on the text as written
    assert by_unit[("m1", "prices", 1)][2] == "Цены"
    assert by_unit[("r3", "land", 1)][2] == "#жер"
    texts = dict(zip(*news.documents(columns="id, text").to_dict("list").values(), strict=True))
    for row in rows.itertuples(index=False):
        assert texts[row.doc_id][row.span_start:row.span_end] == row.matched


def test_a_prefix_and_a_prefix_inside_a_phrase(news):
    book = parse_codebook("name: t\ncodes:\n  - name: reform\n    description: реформа\n"
                          "    patterns:\n      kk: {phrase: ['жер реф*']}\n      ru: {form: ['земел*']}\n")
    rows = codebook_coding(news, book).assignments
    assert set(rows["doc_id"].map(external_ids(news))) == {"k1", "r1"}
    assert book.codes[0].patterns[0].matched_as() == "жер реф*"


def test_documents_without_tokens_are_refused(news, codebook):
    add_documents(news, [("k3", "dala_habar", "2024-05-01T06:00Z", "Dala", "Соттың шешімі шықты.")], corpus="new")
    with pytest.raises(InputError, match=r"1 of the 9 selected documents have no tokens yet.*dauys text process"):
        codebook_coding(news, codebook)
    assert len(codebook_coding(news, codebook, DocumentFilter(corpus=("news",), tz=news.tz)).documents) == 8
    with pytest.raises(InputError, match="No documents"):
        codebook_coding(news, codebook, DocumentFilter(corpus=("nope",), tz=news.tz))
    with pytest.raises(InputError, match="--unit 'paragraph'"):
        codebook_coding(news, codebook, unit="paragraph")


# --- counts per group -------------------------------------------------------------------------------
def test_counts_and_denominators_per_group(news, codebook):
    table = codebook_table(news, codebook_coding(news, codebook), by="meta.outlet")
    assert list(table.columns) == list(TABLE_COLUMNS)
    assert table["group"].drop_duplicates().tolist() == ["Dala", "Vestnik", "(none)"]
    assert table["code"].tolist()[:6] == CODES  # codebook order, every code in every group
    courts = table[table["code"] == "courts"].set_index("group")
    # Dala: k1, m1, k2 -> k1 and m1 coded; Vestnik: r1, r2, r3 -> r1 (r2 vetoed); (none): m2, e1 -> e1
    assert courts[["documents_coded", "documents_in_group", "matches"]].to_dict("index") == {
        "Dala": {"documents_coded": 2, "documents_in_group": 3, "matches": 3},
        "Vestnik": {"documents_coded": 1, "documents_in_group": 3, "matches": 1},
        "(none)": {"documents_coded": 1, "documents_in_group": 2, "matches": 1},
    }
    assert courts["percent_documents"].round(2).tolist() == [66.67, 33.33, 50.0]
    zero = table[table["code"] == "corruption"]
    assert zero["documents_coded"].tolist() == [0, 0, 0] and zero["percent_documents"].tolist() == [0.0] * 3
    assert table.dtypes.astype(str).tolist() == ["string", "string", "int64", "int64", "float64", "int64"]


def test_sentence_counts_per_group(news, codebook):
    table = codebook_table(news, codebook_coding(news, codebook, unit="sentence"), by="year")
    assert list(table.columns) == [*TABLE_COLUMNS, *SENTENCE_COLUMNS]
    courts = table[table["code"] == "courts"].set_index("group")
    # 2022: k1, r1 (4 sentences); 2023: m1, r2, m2 (6); 2024: k2, r3, e1 (4)
    counts = ["documents_coded", "documents_in_group", "sentences_coded", "sentences_in_group"]
    assert courts[counts].values.tolist() == [[2, 2, 2, 4], [2, 3, 2, 6], [1, 3, 1, 4]]
    assert courts["percent_sentences"].round(2).tolist() == [50.0, 33.33, 25.0]


def test_the_analysis_warns_about_codes_and_patterns_that_matched_nothing(news, codebook_file):
    analysis = CodebookAnalysis()
    table = analysis.run(news, DocumentFilter(tz=news.tz), CodebookAnalysis.validate(
        {"codebook": str(codebook_file), "by": "channel"}))
    assert table.loc[table["code"] == "corruption", "documents_coded"].sum() == 0
    assert analysis.codebook_.name == "test_grievances"
    warnings = analysis.warnings_
    corruption, ecology = line_of("  - name: corruption"), line_of("  - name: ecology")
    assert f"{codebook_file}, line {corruption}: code 'corruption' coded none of the 8 selected documents; " \
           f"check its patterns with `dauys code check-codebook {codebook_file} --patterns`" in warnings
    assert any(f"line {ecology}: code 'ecology' coded none of the 8 selected documents; its patterns matched 2 "
               "times, all vetoed by its exclusions" in w for w in warnings)
    assert len(warnings) == 2
    # English has no gas pattern to warn about; the one ru pattern of courts matched
    assert not any("'courts'" in w for w in warnings)
    assert "warnings" not in analysis.counts_ and analysis.counts_["documents"] == 8
    assert analysis.resources_["codebook_name"] == "test_grievances"
    assert analysis.resources_["codebook_hash"] == load_codebook(codebook_file).hash
    assert "lemmatizer" in json.dumps(analysis.resources_["text_pipeline"])


def test_a_pattern_that_matched_nothing_in_a_code_that_coded_something(news):
    book = parse_codebook("name: t\ncodes:\n  - name: courts\n    description: соттар\n"
                          "    patterns:\n      kk: {lemma: [сот, судья]}\n", source="t.yaml")
    warnings = codebook_coding(news, book).warnings()
    assert warnings == ["t.yaml, line 6: the lemma 'судья' (kk) of code 'courts' matched nothing in the 8 "
                        "selected documents"]


def test_run_analysis_records_the_codebook_version_and_the_warnings(news, codebook_file):
    saved = run_analysis(news, "codebook", {"codebook": str(codebook_file), "unit": "sentence",
                                            "by": "meta.outlet"})
    assert saved.title == "Codebook test_grievances: documents per code by meta.outlet (sentences coded)"
    entry = news.log()[-1]
    assert entry["step"] == "analyze.codebook"
    assert entry["params"]["codebook_hash"] == load_codebook(codebook_file).hash
    assert entry["params"]["codebook_version"] == "1" and entry["params"]["unit"] == "sentence"
    assert entry["counts"]["documents"] == 8 and len(entry["counts"]["warnings"]) == 1
    assert saved.warnings == tuple(entry["counts"]["warnings"])
    assert entry["n_in"] == 8 and entry["n_out"] == len(saved.frame()) == 18
    methods = methods_text(news, "ru")
    assert "1 предупреждение (список — в `dauys log`)" in methods and entry["counts"]["warnings"][0] not in methods


def test_run_analysis_refuses_a_bad_codebook_before_writing_anything(news, tmp_path):
    add_documents(news, [("k3", "dala_habar", "2024-05-01T06:00Z", "Dala", "Сот шешімі шықты.")], corpus="new")
    runs = len(news.log())
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: t\ncodes:\n  - name: x\n    description: y\n    patterns: {kz: {lemma: [сот]}}\n",
                   encoding="utf-8")
    with pytest.raises(InputError, match="line 5: unknown language 'kz'"):
        run_analysis(news, "codebook", {"codebook": str(bad)})
    with pytest.raises(InputError, match="Say which codebook"):
        run_analysis(news, "codebook", {})
    assert len(news.log()) == runs  # k3 was not processed either


def test_the_analysis_is_registered_with_its_options():
    assert get_analysis("codebook") is CodebookAnalysis
    options = {p.name: p for p in CodebookAnalysis.parameters()}
    assert list(options) == ["codebook", "unit", "by"]
    assert options["unit"].choices == ("document", "sentence")
    assert CodebookAnalysis.needs_tokens


# --- the codebook format --------------------------------------------------------------------------
def test_a_codebook_and_its_patterns(codebook, codebook_file):
    assert (codebook.name, codebook.version, codebook.coder) == ("test_grievances", "1", "codebook:test_grievances")
    assert [c.name for c in codebook.codes] == CODES
    assert codebook.text == CODEBOOK and len(codebook.hash) == 64 and codebook.source == str(codebook_file)
    land = codebook.codes[1]
    assert [(p.lang, p.kind, p.keys) for p in land.patterns] == [
        ("kk", "phrase", ("жер", "реформа")), ("ru", "phrase", ("земельный", "реформа")),
        ("ru", "lemma", ("земля",)), ("any", "form", ("#жер",))]
    courts = codebook.codes[0]
    assert courts.line == line_of("  - name: courts") and courts.exclusions[0].keys == ("суд", "да", "дело")
    assert courts.exclusions[0].exclude and courts.exclusions[0].line == line_of("        phrase: [суд да дело]")
    counts = codebook.pattern_counts().set_index("code")
    assert counts.loc["courts", ["kk", "ru", "en", "any", "exclusions"]].tolist() == [1, 1, 1, 0, 1]
    assert counts.loc["land", ["kk", "ru", "en", "any"]].tolist() == [1, 2, 0, 1]
    assert codebook.warnings == ()


def test_patterns_are_normalised_and_lowercased():
    book = parse_codebook("name: t\ncodes:\n  - name: q\n    description: қымбат\n"
                          "    patterns: {kk: {form: [Кымбат], lemma: [ЖЕР]}, ru: {lemma: [Ёлка]}}\n")
    assert [p.keys for p in book.patterns] == [("қымбат",), ("жер",), ("елка",)]


def test_a_lemma_the_lemmatiser_does_not_give_its_word_is_a_warning():
    book = parse_codebook("name: t\ncodes:\n  - name: air\n    description: смог\n"
                          "    patterns:\n      ru:\n        lemma: [смог, воздух]\n", source="air.yaml")
    assert len(book.warnings) == 1
    assert book.warnings[0].startswith("air.yaml, line 7: the lemma 'смог' (ru) of code 'air'")
    assert "'смочь'" in book.warnings[0] and "form: смог*" in book.warnings[0]


def test_code_names_follow_the_coder_sheets_rule(news):
    book = parse_codebook("name: tone\ncodes:\n  - name: tone:negative\n    description: Жағымсыз\n"
                          "    patterns: {kk: {lemma: [сот]}}\n  - name: жер дауы\n    description: Жер\n"
                          "    patterns: {kk: {phrase: [жер реформасы]}}\n")
    assert codebook_coding(news, book).documents_coded() == {"tone:negative": 1, "жер дауы": 1}


def _code(patterns: str) -> str:
    return f"name: t\ncodes:\n  - name: courts\n    description: Соттар\n    patterns:\n{patterns}"


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("name: t\ncodes:\n  - name: a\n    description: [unclosed\n", 5, "not valid YAML"),
        ("name: t\nlanguage: kk\ncodes: []\n", 2, "unknown key 'language' in the codebook; the keys are name"),
        ("name: t\n", 1, "the codebook has no codes:"),
        ("description: x\ncodes: []\n", 1, "the codebook has no name:"),
        ("name: t\ncodes: []\n", 2, "codes: must be a list of codes"),
        ("name: t\ncodes:\n  - name: a\n    description: b\n    patern: {kk: {lemma: [сот]}}\n", 5,
         "unknown key 'patern' in a code; the keys are name, description, patterns, exclude"),
        ("name: t\ncodes:\n  - name: courts\n    description: Соттар\n", 3, "code 'courts' has no patterns:"),
        ("name: t\ncodes:\n  - description: Соттар\n    patterns: {kk: {lemma: [сот]}}\n", 3, "a code has no name:"),
        ("name: t\ncodes:\n  - name: courts\n    patterns: {kk: {lemma: [сот]}}\n", 3,
         "code 'courts' has no description:"),
        ("name: t\ncodes:\n  - name: courts\n    description:\n    patterns: {kk: {lemma: [сот]}}\n", 4,
         "the description of code 'courts' is empty"),
        ("name: prices and tariffs\ncodes:\n  - name: a\n    description: b\n    patterns: {kk: {lemma: [сот]}}\n", 1,
         "may hold only letters, digits, _, - and . (write 'prices_and_tariffs')"),
        ("name: t\ncodes:\n  - name: цены, тарифы\n    description: b\n    patterns: {ru: {lemma: [цена]}}\n",
         3, "the code name 'цены, тарифы' holds a comma"),
        (_code("      kz:\n        lemma: [сот]\n"), 6, "unknown language 'kz'"),
        (_code("      kk:\n        lemmas: [сот]\n"), 7, "unknown pattern kind 'lemmas'"),
        (_code("      kk:\n        lemma: [сот]\n      kk:\n        lemma: [сот]\n"), 8, "gives 'kk' twice"),
        (_code("      ru:\n        regex: ['суд(']\n"), 7, "the regex 'суд(' of code 'courts' is not valid"),
        (_code("      ru:\n        regex: ['(суд)?']\n"), 7, "matches empty text"),
        (_code("      kk:\n        phrase: [сот]\n"), 7, "the phrase 'сот' of code 'courts' has one word"),
        (_code("      kk:\n        lemma: [жер реформасы]\n"), 7, "has several words; write words that must"),
        (_code("      kk:\n        lemma: ['с*т']\n"), 7, "* may only end a word"),
        (_code("      kk:\n        lemma: ['ж*']\n"), 7, "the prefix 'ж*' of code 'courts' is too short"),
        (_code("      ru:\n        form: ['суд,']\n"), 7, "is not one word as the tokenizer splits text"),
        (_code("      kk:\n        lemma: []\n"), 7, "is an empty list"),
        (_code("      kk: {}\n"), 6, "the kk patterns of code 'courts' is empty"),
        (_code("      kk:\n        lemma: {сот: 1}\n"), 7, "must be a pattern or a list of patterns"),
        (_code("      kk:\n        lemma: [сот]\n") + "  - name: courts\n    description: Суды\n"
         "    patterns: {ru: {lemma: [суд]}}\n", 8, "the code name 'courts' is used twice (first on line 3)"),
        ("- name: t\n", 1, "the codebook must be a mapping"),
    ],
)
def test_bad_codebooks_name_the_line(tmp_path, text, line, message):
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as refused:
        load_codebook(path)
    assert str(refused.value).startswith(f"{path}, line {line}"), str(refused.value)
    assert message in str(refused.value)


def test_files_that_are_not_codebooks(tmp_path):
    with pytest.raises(InputError, match="does not exist"):
        load_codebook(tmp_path / "missing.yaml")
    with pytest.raises(InputError, match="is a folder"):
        load_codebook(tmp_path)
    (tmp_path / "cp1251.yaml").write_bytes("name: суд\n".encode("cp1251"))
    with pytest.raises(InputError, match="is not UTF-8"):
        load_codebook(tmp_path / "cp1251.yaml")
    (tmp_path / "empty.yaml").write_text("# бос\n", encoding="utf-8")
    with pytest.raises(InputError, match="is empty"):
        load_codebook(tmp_path / "empty.yaml")


# --- storing assignments --------------------------------------------------------------------------
def stored(project) -> list[tuple]:
    with project.store.read() as con:
        return con.execute(
            "SELECT d.external_id, c.code, c.coder, c.sentence, c.span_start, c.span_end, c.confidence "
            "FROM codes c JOIN documents d ON d.id = c.doc_id ORDER BY d.external_id, c.code, c.sentence"
        ).fetchall()


def test_apply_stores_assignments_and_the_codebook_in_one_ledger_step(news, codebook):
    applied = apply_codebook(news, codebook, unit="sentence")
    rows = stored(news)
    assert len(rows) == len(applied.coding.assignments) == 14
    assert ("k1", "courts", "codebook:test_grievances", 0, 0, 5, None) in rows
    assert ("r2", "courts", "codebook:test_grievances", 1, 33, 37, None) in rows
    with news.store.read() as con:
        books = con.execute("SELECT id, run_id, name, definition, definition_hash FROM codebooks").fetchall()
        run_ids = con.execute("SELECT DISTINCT run_id, codebook_id FROM codes").fetchall()
    assert books == [(applied.codebook_id, applied.run_id, "test_grievances", CODEBOOK, codebook.hash)]
    assert run_ids == [(applied.run_id, applied.codebook_id)]
    entry = news.log()[-1]
    assert entry["id"] == applied.run_id and entry["step"] == "code.apply_codebook"
    assert entry["params"]["codebook_hash"] == codebook.hash and entry["params"]["unit"] == "sentence"
    assert entry["counts"]["codes"]["courts"] == 5 and entry["counts"]["replaced"] == 0
    assert entry["counts"]["documents_coded"] == 7 and entry["n_out"] == 14
    assert len(applied.warnings) == 1 and "corruption" in applied.warnings[0]


def test_applying_again_replaces_the_codebook_s_assignments_of_the_selected_documents(news, codebook):
    apply_codebook(news, codebook, unit="sentence")
    with news.store.write() as con:  # a person's code on the same document stays
        con.execute("INSERT INTO codes (doc_id, code, coder, run_id) SELECT id, 'courts', 'aigerim', 0 "
                    "FROM documents WHERE external_id = 'k1'")
    again = apply_codebook(news, codebook)
    assert again.replaced == 14
    rows = stored(news)
    assert [r for r in rows if r[2] == "aigerim"] == [("k1", "courts", "aigerim", None, None, None, None)]
    mine = [r for r in rows if r[2] == "codebook:test_grievances"]
    assert len(mine) == len(again.coding.assignments) == 10 and all(r[3] is None for r in mine)
    only_vestnik = apply_codebook(news, codebook, DocumentFilter(meta=(("outlet", "Vestnik"),), tz=news.tz))
    assert only_vestnik.replaced == 4  # r1 courts and land, r2 prices, r3 land
    assert len([r for r in stored(news) if r[2] != "aigerim"]) == 10


def test_apply_processes_new_documents_first(news, codebook):
    add_documents(news, [("k3", "dala_habar", "2024-05-01T06:00Z", "Dala", "Соттың шешімі шықты.")], corpus="new")
    applied = apply_codebook(news, codebook)
    assert [e["step"] for e in news.log()[-2:]] == ["text.process", "code.apply_codebook"]
    assert ("k3", "courts", "codebook:test_grievances", None, 0, 6, None) in stored(news)
    assert len(applied.coding.documents) == 9


# --- the command line ----------------------------------------------------------------------------
def test_cli_check_codebook(cli, codebook_file):
    result = cli("code", "check-codebook", codebook_file, "--patterns")
    assert result.exit_code == 0, result.stderr
    assert "test_grievances" in result.stdout and "6 codes" in result.stdout
    line = line_of("        phrase: [жер реформасы]")
    assert f"  {line}  land  kk  phrase: жер реформасы -> жер реформа" in result.stdout
    assert "land  ru  phrase: земельная реформа -> земельный реформа" in result.stdout
    assert "courts  ru  exclude phrase: суд да дело -> суд да дело" in result.stdout


def test_cli_check_codebook_refuses_with_the_line(cli, tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text(_code("      ru:\n        regex: ['суд(']\n"), encoding="utf-8")
    result = cli("code", "check-codebook", path)
    assert result.exit_code == 2
    assert f"{path}, line 7: the regex 'суд(' of code 'courts' is not valid" in " ".join(result.stderr.split())


def test_cli_apply_codebook(cli, news, codebook_file):
    result = cli("code", "apply-codebook", codebook_file, "--unit", "sentence", "--project", news.path,
                 "--corpus", "news")
    assert result.exit_code == 0, result.stderr
    out = " ".join(result.stdout.split())
    assert "Coded 8 documents with the codebook test_grievances (sentence units): 14 codes given to 7 documents" in out
    assert "codebook:test_grievances" in out
    assert "code 'corruption' coded none" in " ".join(result.stderr.split())
    assert len(stored(news)) == 14


def test_cli_apply_codebook_refuses_a_bad_codebook_and_writes_nothing(cli, news, tmp_path):
    runs = len(news.log())
    path = tmp_path / "bad.yaml"
    path.write_text(_code("      kk:\n        lemmas: [сот]\n"), encoding="utf-8")
    result = cli("code", "apply-codebook", path, "-p", news.path)
    assert result.exit_code == 2 and "unknown pattern kind 'lemmas'" in result.stderr
    assert len(news.log()) == runs and stored(news) == []


def test_cli_analyze_codebook(cli, news, codebook_file):
    result = cli("analyze", "codebook", "-p", news.path, "--codebook", codebook_file, "--by", "channel")
    assert result.exit_code == 0, result.stderr
    assert "Saved as result" in result.stdout
    table = news.results()[-1].frame()
    assert set(table["group"]) == {"dala_habar", "vestnik", "almaty_air", "steppe_analyst"}


# --- the report -----------------------------------------------------------------------------------
def test_the_chart_draws_grouped_bars_with_the_denominator_in_the_hover(news, codebook):
    from dauys.report.charts import chart_for

    table = codebook_table(news, codebook_coding(news, codebook, unit="sentence"), by="meta.outlet")
    figure = chart_for("codebook", table, "kk")
    assert [bar.name for bar in figure.data] == ["Dala", "Vestnik", "(none)"]
    dala = figure.data[0]
    assert list(dala.y) == CODES and dala.orientation == "h"
    assert round(dala.x[0], 2) == 66.67
    assert list(dala.customdata[0]) == ["2", "3", "2", "5"]
    assert "Топтағы құжаттар" in dala.hovertemplate and "Топтағы сөйлемдер" in dala.hovertemplate
    assert figure.layout.barmode == "group"


def test_the_png_and_the_labels(news, codebook, tmp_path):
    from dauys.report.i18n import t
    from dauys.report.methods import analysis_label
    from dauys.report.png import save_chart_png

    table = codebook_table(news, codebook_coding(news, codebook), by="year")
    path = save_chart_png("codebook", table, tmp_path / "codebook.png", "ru")
    assert path.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    assert analysis_label("codebook", "kk") == "Кодтар кітабы бойынша кодтау: кодтар бойынша құжаттар"
    for column in (*TABLE_COLUMNS, *SENTENCE_COLUMNS):
        assert t(f"column.{column}", "ru") and t(f"column.{column}", "kk")
    with pytest.raises(InputError, match="percent_documents"):
        save_chart_png("codebook", table.drop(columns="percent_documents"), tmp_path / "x.png", "en")


# --- the shipped example --------------------------------------------------------------------------
def test_the_example_codebook_is_valid_and_bilingual():
    book = load_codebook(EXAMPLE / "grievances.yaml")
    assert book.warnings == ()
    assert {"prices_tariffs", "courts_justice", "land", "corruption", "ecology", "language_policy"} <= {
        c.name for c in book.codes}
    for code in book.codes:
        languages = {p.lang for p in code.patterns}
        assert {"kk", "ru"} <= languages, code.name
        assert code.description


def test_the_readme_example_is_a_valid_codebook():
    readme = (EXAMPLE / "README.md").read_text(encoding="utf-8")
    example = readme.split("```yaml\n", 1)[1].split("```", 1)[0]
    book = parse_codebook(example, source="README.md")
    assert [c.name for c in book.codes] == ["land"] and book.codes[0].exclusions


def test_the_example_codebook_codes_the_demo_posts(project):
    from dauys.demo import demo_data
    from dauys.ingest.mapping import load_mapping_file
    from dauys.ingest.table import import_table

    data = demo_data()
    import_table(project, data / "posts.csv", corpus="posts", platform="telegram",
                 mapping=load_mapping_file(data / "mapping.yaml"))
    build_token_table(project, workers=1)
    coding = codebook_coding(project, load_codebook(EXAMPLE / "grievances.yaml"), unit="sentence")
    counts = coding.documents_coded()
    assert all(n >= 10 for n in counts.values()), counts
    table = codebook_table(project, coding, by="channel").set_index(["group", "code"])
    # the clean-air group writes about the environment, the ministry's commenters about utilities
    assert table.loc[("almaty_taza_aua", "ecology"), "percent_documents"] > 50
    assert table.loc[("ministry_of_utilities", "utilities"), "percent_documents"] > 30

