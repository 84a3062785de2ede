"""Hand coding: the seeded sample, the coder sheet, reading filled sheets back, storing codes, the commands.

The fixture holds 24 comments under videos of two channels: 16 under azattyq_kz (ids 1-16) and 8 under
khabar_24 (ids 17-24), in Kazakh and Russian, from 2021 and 2022. Three coders fill the sheet the way
people do: Айгүл in Excel, Дана in Excel with Cyrillic х for x, Ерлан as CSV saved with semicolons.
"""

from __future__ import annotations

import csv
import json

import krippendorff
import numpy as np
import openpyxl
import pandas as pd
import pytest

from dauys.analyze.hand_coding import (
    CODED,
    CODING_SHEET,
    INSTRUCTIONS_SHEET,
    SHEET_CODEBOOK,
    Code,
    allocate,
    check_codes,
    codebook_codes,
    draw_sample,
    import_coded_sheets,
    make_coder_sheet,
    merge_codes,
    parse_codes,
    read_codebook_codes,
    read_coded_sheet,
    read_hand_codes,
    split_variable,
)
from dauys.errors import InputError
from dauys.ingest.writer import SourceInfo, write_documents
from dauys.provenance import Run
from dauys.store.filters import DocumentFilter

KAZAKH = [
    "Жол жөндеу қашан бітеді? Әкімдік үндемейді.",
    "Тариф тағы өсті, халық наразы!",
    "Мектепке жаңа спортзал салынды, рахмет әкімдікке.",
    "Ауылда ауыз су жоқ, шенеуніктер уәде береді де ұмытады.",
    "Жастарға жұмыс керек, митингке шығамыз.",
    "Бұл бейне өте пайдалы болды, рахмет!",
    "Газ бағасы көтерілді, неге ешкім жауап бермейді?",
    "Саябақ әдемі болыпты, балалар риза.",
]
RUSSIAN = [
    "Цены на газ снова выросли, люди возмущены.",
    "Спасибо акимату за новый парк!",
    "Почему молчат депутаты? Сколько можно терпеть?",
    "Дороги разбиты, обещания не выполняются.",
    "Хорошая передача, всё по делу.",
    "Выйдем на мирный митинг в субботу.",
    "Детям негде играть, двор превратился в стоянку.",
    "Благодарю за честный репортаж.",
]
CODES = [Code("наразылық", "Протест, недовольство властью / билікке наразылық"),
         Code("алғыс", "Благодарность / алғыс айту"),
         Code("мобилизация", "Призыв выйти на акцию / акцияға шақыру")]


def comments() -> pd.DataFrame:
    texts = (KAZAKH + RUSSIAN + KAZAKH[:4] + RUSSIAN[:4])[:24]
    channels = ["azattyq_kz"] * 16 + ["khabar_24"] * 8
    dates = ["2021-06-01T08:00Z" if i % 3 == 0 else "2022-01-05T10:00Z" for i in range(24)]
    return pd.DataFrame({
        "row": range(1, 25),
        "external_id": [f"yt-{i:03d}" for i in range(1, 25)],
        "channel": channels,
        "lang": ["kk" if t in KAZAKH else "ru" for t in texts],
        "text": texts,
        "created_at": pd.to_datetime(dates, utc=True),
        "meta": [json.dumps({"video": "v1" if i < 12 else "v2"}) for i in range(24)],
    })


def add_comments(project) -> None:
    write_documents(project, Run("import.table", {}), SourceInfo("table", "comments.csv", {}), comments(),
                    corpus="comments", platform="youtube")


@pytest.fixture
def study(project):
    add_comments(project)
    return project


def counts(project) -> tuple[int, int, int]:
    """Rows of codes, codebooks and runs: what an import may add."""
    with project.store.read() as con:
        return tuple(con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("codes", "codebooks", "runs"))


def fill_xlsx(sheet, out, marks: dict[int, set[str]], coder: str | None = None, x: str = "1") -> None:
    """Fill a coder sheet as a person would: ``x`` where a code applies, 0 or nothing elsewhere."""
    book = openpyxl.load_workbook(sheet)
    ws = book[CODING_SHEET]
    header = [c.value for c in ws[1]]
    codes = [c for c in header if c not in ("doc_id", "channel", "title", "text", "note", "coder")]
    for r in range(2, ws.max_row + 1):
        doc = ws.cell(r, 1).value
        for code in codes:
            ws.cell(r, header.index(code) + 1).value = x if code in marks.get(doc, set()) else (0 if r % 2 else None)
    if coder is not None:
        ws.cell(2, header.index("coder") + 1).value = coder
    book.save(out)


def fill_csv(sheet, out, marks: dict[int, set[str]], coder: str | None = None, delimiter: str = ";") -> None:
    """The XLSX sheet as a coder's CSV: UTF-8 with BOM, semicolons, as Excel saves it in a Russian locale."""
    frame = pd.read_excel(sheet, sheet_name=CODING_SHEET, dtype=object)
    for code in [c.name for c in CODES]:
        if code in frame:
            frame[code] = ["1" if code in marks.get(int(d), set()) else "" for d in frame["doc_id"]]
    frame["coder"] = coder or ""
    frame.to_csv(out, sep=delimiter, index=False, encoding="utf-8-sig", quoting=csv.QUOTE_MINIMAL)


# --- codes and codebooks ----------------------------------------------------------------------------
def test_codes_from_a_list_and_a_codebook_keep_only_name_and_description(tmp_path):
    book = tmp_path / "кодбук.yaml"
    book.write_text(
        "name: Наразылық кодбугы\nversion: 2\ncodes:\n"
        "  - name: наразылық\n    description: Билікке наразылық\n    patterns: [наразы*, возмущ*]\n"
        "    labels: {ru: протест}\n"
        "  - name: алғыс\n", encoding="utf-8")
    assert read_codebook_codes(book) == [Code("наразылық", "Билікке наразылық"), Code("алғыс", "")]
    assert parse_codes("наразылық, tone:negative ,tone:positive") == [
        Code("наразылық"), Code("tone:negative"), Code("tone:positive")]
    assert merge_codes([Code("алғыс")], [Code("алғыс", "рахмет"), Code("сын")]) == [
        Code("алғыс", "рахмет"), Code("сын")]
    assert split_variable("tone:negative") == ("tone", "negative")
    assert split_variable("наразылық") == (None, "наразылық")


@pytest.mark.parametrize("text, message", [
    ("codes: [", "is not valid YAML at line"),
    ("name: x\n", "has no codes: list"),
    ("codes:\n  - description: без имени\n", "code 1 of codes: it has no name"),
])
def test_a_bad_codebook_is_refused_naming_the_file(tmp_path, text, message):
    book = tmp_path / "codebook.yaml"
    book.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=message) as caught:
        read_codebook_codes(book)
    assert str(book) in str(caught.value)


@pytest.mark.parametrize("names, message", [
    (["text"], "is a column of the coder sheet itself"),
    (["meta.video"], "is a column of the coder sheet itself"),
    (["наразылық", "наразылық"], "is given twice"),
    (["a=b"], "holds a comma"),
    (["(coded)"], "starts with '\\('"),
    (["tone", "tone:negative"], "is both a code and the variable"),
    ([" сын"], "starts or ends with a space"),
])
def test_code_names_a_sheet_cannot_hold_are_refused(names, message):
    with pytest.raises(InputError, match=message):
        check_codes([Code(n) for n in names], "--codes")


def test_parse_codes_refuses_an_empty_code_between_commas():
    with pytest.raises(InputError, match="an empty code between commas"):
        parse_codes("наразылық,,алғыс")
    assert codebook_codes("codes:\n  - name: 7\n", "cb") == [Code("7")]


# --- sampling -------------------------------------------------------------------------------------
def test_proportional_allocation_uses_the_largest_remainders():
    sizes = pd.Series({"azattyq_kz": 50, "khabar_24": 30, "(none)": 20})
    assert allocate(sizes, 10).tolist() == [5, 3, 2]
    # quotas 3.5, 2.1, 1.4: floors 3, 2, 1 and the one left goes to the largest remainder
    assert allocate(sizes, 7).tolist() == [4, 2, 1]
    assert allocate(sizes, 500).tolist() == [50, 30, 20], "never more than the strata hold"


def test_equal_allocation_gives_each_stratum_the_same_and_never_more_than_it_holds():
    sizes = pd.Series({"azattyq_kz": 50, "khabar_24": 30, "ktk": 2})
    assert allocate(sizes, 9, "equal").tolist() == [3, 3, 2]
    assert allocate(sizes, 10, "equal").tolist() == [4, 3, 2], "the remainder goes to the largest stratum"
    with pytest.raises(InputError, match="--per-stratum 'random'"):
        allocate(sizes, 10, "random")
    with pytest.raises(InputError, match="--n 0"):
        allocate(sizes, 0)


def test_the_stratified_sample_is_reproducible_with_its_seed_and_proportional(study):
    first = draw_sample(study, 12, seed=2024, stratify="channel")
    again = draw_sample(study, 12, seed=2024, stratify="channel")
    other = draw_sample(study, 12, seed=7, stratify="channel")
    assert first.documents["doc_id"].tolist() == again.documents["doc_id"].tolist()
    assert set(first.documents["doc_id"]) != set(other.documents["doc_id"])
    assert first.strata.to_dict("list") == {"stratum": ["azattyq_kz", "khabar_24"], "available": [16, 8],
                                            "drawn": [8, 4]}
    drawn = first.documents.groupby("channel").size().to_dict()
    assert drawn == {"azattyq_kz": 8, "khabar_24": 4}
    assert first.documents["doc_id"].is_unique
    assert list(first.documents.columns) == ["doc_id", "channel", "text"]
    assert first.documents["doc_id"].tolist() != sorted(first.documents["doc_id"]), "the sheet order is shuffled"
    assert (first.seed, first.available, first.notes) == (2024, 24, ())


def test_a_sample_by_meta_field_or_year_within_a_filter(study):
    by_video = draw_sample(study, 6, seed=1, stratify="meta.video", per_stratum="equal")
    assert by_video.documents.groupby("meta.video").size().to_dict() == {"v1": 3, "v2": 3}
    by_year = draw_sample(study, 4, seed=1, stratify="year", where=DocumentFilter(lang=("ru",)))
    assert by_year.available == 12
    texts = set(by_year.documents["text"])
    assert texts <= set(RUSSIAN)
    assert by_year.strata["stratum"].tolist() == ["2021", "2022"]


def test_a_sample_never_takes_more_than_exists_and_says_so(study):
    whole = draw_sample(study, 100, seed=3)
    assert len(whole.documents) == 24
    assert whole.notes == ("The selection holds 24 documents, fewer than the 100 asked for: all of them are in "
                           "the sample.",)
    equal = draw_sample(study, 20, seed=3, stratify="channel", per_stratum="equal")
    assert equal.strata["drawn"].tolist() == [10, 8]
    assert equal.notes == ("Stratum 'khabar_24' holds only 8 documents, fewer than its equal share of 10: all 8 "
                           "are in the sample.",)


def test_a_sample_without_a_seed_chooses_and_keeps_one(study):
    sample = draw_sample(study, 5)
    again = draw_sample(study, 5, seed=sample.seed)
    assert sample.documents["doc_id"].tolist() == again.documents["doc_id"].tolist()


@pytest.mark.parametrize("options, message", [
    ({"stratify": "author"}, "--stratify 'author': expected one of corpus, platform"),
    ({"per_stratum": "random"}, "--per-stratum 'random'"),
    ({"where": DocumentFilter(corpus=("news",), lang=("kk", "ru"))}, "No documents to sample .* with corpus=news, "
                                                                     "lang=kk,ru; `dauys status` lists"),
])
def test_bad_sample_options_are_refused(study, options, message):
    with pytest.raises(InputError, match=message):
        draw_sample(study, 5, seed=1, **options)


# --- the coder sheet ------------------------------------------------------------------------------
def test_the_xlsx_sheet_has_a_frozen_header_wrapped_texts_code_columns_and_instructions(study, tmp_path):
    out = tmp_path / "sheet.xlsx"
    sample = make_coder_sheet(study, out, CODES, 10, seed=11, stratify="channel")
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == [CODING_SHEET, INSTRUCTIONS_SHEET]
    ws = book[CODING_SHEET]
    header = [c.value for c in ws[1]]
    assert header == ["doc_id", "channel", "text", "наразылық", "алғыс", "мобилизация", "note", "coder"]
    assert ws.freeze_panes == "A2"
    assert all(c.font.bold for c in ws[1])
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    assert [r[0] for r in rows] == sample.documents["doc_id"].tolist()
    texts = dict(zip(comments()["row"], comments()["text"], strict=True))
    assert all(r[2] == texts[r[0]] for r in rows), "ids and texts stay together"
    assert all(r[3:] == (None,) * 5 for r in rows), "code, note and coder cells start empty"
    assert ws.cell(2, 3).alignment.wrap_text
    assert ws.column_dimensions["C"].width == 80
    validation = ws.data_validations.dataValidation[0]
    assert validation.formula1 == '"1,0,x"' and str(validation.sqref) == "D2:F11"
    info = [r for r in book[INSTRUCTIONS_SHEET].iter_rows(values_only=True)]
    assert any("Әр жолды кодтаңыз" in (r[0] or "") for r in info)
    assert any("Закодируйте каждую строку" in (r[0] or "") for r in info)
    start = info.index(("code", "description"))
    assert info[start + 1:] == [(c.name, c.description) for c in CODES]
    assert ("sample", "10 of 24 documents, seed 11, stratified by channel (proportional)") in info

    entry = study.log()[-1]
    assert entry["step"] == "code.sample"
    assert entry["params"] == {"n": 10, "seed": 11, "stratify": "channel", "per_stratum": "proportional",
                               "codes": ["наразылық", "алғыс", "мобилизация"], "out": "sheet.xlsx", "filter": {}}
    assert (entry["n_in"], entry["n_out"]) == (24, 10)


def test_the_csv_sheet_is_utf8_with_a_byte_order_mark(study, tmp_path):
    out = tmp_path / "парақ.csv"
    make_coder_sheet(study, out, CODES[:2], 5, seed=1)
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(data.decode("utf-8-sig").splitlines()))
    assert rows[0] == ["doc_id", "text", "наразылық", "алғыс", "note", "coder"]
    assert len(rows) == 6


def test_an_existing_sheet_or_a_wrong_suffix_is_refused_and_nothing_recorded(study, tmp_path):
    out = tmp_path / "sheet.xlsx"
    out.write_bytes(b"a coder is filling this in")
    before = counts(study)
    with pytest.raises(InputError, match="exists \\(a coder may be filling it in\\)"):
        make_coder_sheet(study, out, CODES, 5, seed=1)
    assert out.read_bytes() == b"a coder is filling this in"
    with pytest.raises(InputError, match="an .xlsx or a .csv file"):
        make_coder_sheet(study, tmp_path / "sheet.ods", CODES, 5, seed=1)
    with pytest.raises(InputError, match="no codes given"):
        make_coder_sheet(study, tmp_path / "new.xlsx", [], 5, seed=1)
    assert counts(study) == before
    assert not (tmp_path / "new.xlsx").exists()


# --- reading filled sheets ------------------------------------------------------------------------
@pytest.fixture
def sheet(study, tmp_path):
    out = tmp_path / "sheet.xlsx"
    make_coder_sheet(study, out, CODES, 10, seed=5, stratify="channel")
    return out


def ids_of(sheet_path) -> list[int]:
    return pd.read_excel(sheet_path, sheet_name=CODING_SHEET)["doc_id"].tolist()


def test_marks_1_x_cyrillic_x_0_and_empty_are_read(sheet, tmp_path):
    ids = ids_of(sheet)
    filled = tmp_path / "Дана.xlsx"
    fill_xlsx(sheet, filled, {ids[0]: {"наразылық"}, ids[1]: {"алғыс", "мобилизация"}}, x="х")
    read = read_coded_sheet(filled)
    assert read.coder == "Дана", "the file name when the coder column is empty"
    assert [c.name for c in read.codes] == ["наразылық", "алғыс", "мобилизация"]
    assert read.codes[0].description == CODES[0].description, "descriptions come from the instructions sheet"
    assert read.doc_ids.tolist() == ids
    assert read.rows.tolist() == list(range(2, 12))
    assert read.values[:2].tolist() == [[1, 0, 0], [0, 1, 1]]
    assert read.values[2:].sum() == 0
    book = openpyxl.load_workbook(filled)
    book[CODING_SHEET]["D4"] = "X"
    book[CODING_SHEET]["E4"] = " 1 "
    book.save(filled)
    assert read_coded_sheet(filled).values[2].tolist() == [1, 1, 0]


def test_the_coder_comes_from_the_column_the_option_or_the_file_name(sheet, tmp_path):
    named = tmp_path / "first.xlsx"
    fill_xlsx(sheet, named, {}, coder="Айгүл")
    assert read_coded_sheet(named).coder == "Айгүл"
    assert read_coded_sheet(named, coder="Айгүл").coder == "Айгүл"
    with pytest.raises(InputError, match="coder column names 'Айгүл' but --coder says 'Ерлан'"):
        read_coded_sheet(named, coder="Ерлан")
    plain = tmp_path / "second.xlsx"
    fill_xlsx(sheet, plain, {})
    assert read_coded_sheet(plain, coder="Ерлан").coder == "Ерлан"
    book = openpyxl.load_workbook(named)
    book[CODING_SHEET]["H5"] = "Дана"
    book.save(named)
    with pytest.raises(InputError, match="names 'Айгүл' \\(row 2\\) and 'Дана' \\(row 5\\); one sheet holds one"):
        read_coded_sheet(named)
    with pytest.raises(InputError, match="cannot be a coder's name"):
        read_coded_sheet(plain, coder="model:tone")


def test_a_csv_sheet_saved_with_semicolons_is_read(sheet, tmp_path):
    ids = ids_of(sheet)
    filled = tmp_path / "ерлан.csv"
    fill_csv(sheet, filled, {ids[3]: {"мобилизация"}}, coder="Ерлан")
    read = read_coded_sheet(filled)
    assert (read.coder, [c.name for c in read.codes]) == ("Ерлан", ["наразылық", "алғыс", "мобилизация"])
    assert read.values[3].tolist() == [0, 0, 1]


# --- storing ----------------------------------------------------------------------------------------
def test_codes_are_stored_per_coder_with_a_coded_row_per_document(study, sheet, tmp_path):
    ids = ids_of(sheet)
    first, second = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    fill_xlsx(sheet, first, {ids[0]: {"наразылық", "мобилизация"}, ids[1]: {"алғыс"}}, coder="Айгүл")
    fill_xlsx(sheet, second, {ids[0]: {"наразылық"}}, coder="Дана")
    result = import_coded_sheets(study, [first, second])
    assert (result.judgments, result.present, result.replaced) == (60, 4, 0)
    assert result.coders_on_documents == ["Айгүл", "Дана"]
    assert [(s.coder, s.documents, s.present) for s in result.sheets] == [("Айгүл", 10, 3), ("Дана", 10, 1)]
    with study.store.read() as con:
        stored = con.execute("SELECT doc_id, code, coder, run_id FROM codes WHERE code <> ? ORDER BY ALL",
                             [CODED]).fetchall()
        markers = con.execute("SELECT coder, count(*), count(DISTINCT codebook_id) FROM codes WHERE code = ? "
                              "GROUP BY coder ORDER BY coder", [CODED]).fetchall()
        books = con.execute("SELECT name, definition FROM codebooks").fetchall()
    assert stored == sorted([(ids[0], "наразылық", "Айгүл", result.run_id), (ids[0], "мобилизация", "Айгүл",
                             result.run_id), (ids[1], "алғыс", "Айгүл", result.run_id),
                             (ids[0], "наразылық", "Дана", result.run_id)])
    assert markers == [("Айгүл", 10, 1), ("Дана", 10, 1)]
    assert len(books) == 1 and books[0][0] == SHEET_CODEBOOK
    assert codebook_codes(books[0][1], "stored") == CODES
    entry = study.log()[-1]
    assert entry["step"] == "code.import_coded"
    assert entry["params"] == {"files": ["a.xlsx", "b.xlsx"], "coders": ["Айгүл", "Дана"],
                               "codes": ["наразылық", "алғыс", "мобилизация"]}
    assert entry["counts"] == {"documents": 10, "sheets": 2, "judgments": 60, "present": 4, "replaced_documents": 0}

    hand = read_hand_codes(study)
    assert hand.coders == ["Айгүл", "Дана"] and hand.codes == [c.name for c in CODES] and hand.documents == 10
    assert len(hand.judgments) == 60
    assert hand.judgments["value"].sum() == 4


def test_importing_a_sheet_again_replaces_that_coders_codes(study, sheet, tmp_path):
    ids = ids_of(sheet)
    first = tmp_path / "Айгүл.xlsx"
    fill_xlsx(sheet, first, {ids[0]: {"наразылық"}, ids[1]: {"алғыс"}})
    import_coded_sheets(study, [first])
    fill_xlsx(sheet, first, {ids[0]: {"алғыс"}})
    again = import_coded_sheets(study, [first])
    assert again.replaced == 10
    hand = read_hand_codes(study)
    marked = hand.judgments.loc[hand.judgments["value"] == 1, ["doc_id", "code"]].values.tolist()
    assert marked == [[ids[0], "алғыс"]]
    assert len(hand.judgments) == 30, "one judgment per document and code, not two"
    with study.store.read() as con:
        assert con.execute("SELECT count(*) FROM codes WHERE code = ?", [CODED]).fetchone()[0] == 10
        assert con.execute("SELECT count(*) FROM codebooks").fetchone()[0] == 1, "the same codes, one codebook row"


def test_a_second_sheet_with_other_codes_keeps_the_first_sheets_codes(study, sheet, tmp_path):
    ids = ids_of(sheet)
    first = tmp_path / "Айгүл.xlsx"
    fill_xlsx(sheet, first, {ids[0]: {"наразылық"}})
    import_coded_sheets(study, [first])
    tone = tmp_path / "tone.csv"
    pd.DataFrame({"doc_id": ids[:4], "tone:negative": ["1", "", "", "1"], "tone:positive": ["", "x", "", ""],
                  "coder": "Айгүл"}).to_csv(tone, index=False, encoding="utf-8-sig")
    import_coded_sheets(study, [tone])
    hand = read_hand_codes(study)
    assert hand.codes == ["наразылық", "алғыс", "мобилизация", "tone:negative", "tone:positive"]
    per_code = hand.judgments.groupby("code").size().to_dict()
    assert per_code == {"наразылық": 10, "алғыс": 10, "мобилизация": 10, "tone:negative": 4, "tone:positive": 4}
    assert hand.judgments.query("code == 'наразылық' and value == 1")["doc_id"].tolist() == [ids[0]]


# --- bad input: a message naming the file, row and column, and nothing written ------------------------
def test_unknown_document_ids_are_listed_with_their_rows_and_nothing_is_written(study, sheet, tmp_path):
    filled = tmp_path / "Дана.xlsx"
    fill_xlsx(sheet, filled, {})
    book = openpyxl.load_workbook(filled)
    for row, doc in ((3, 9001), (5, 9002), (6, 9003), (7, 9004), (8, 9005), (9, 9006)):
        book[CODING_SHEET].cell(row, 1).value = doc
    book.save(filled)
    good = tmp_path / "Айгүл.xlsx"
    fill_xlsx(sheet, good, {})
    before = counts(study)
    with pytest.raises(InputError) as caught:
        import_coded_sheets(study, [good, filled])
    assert str(caught.value).startswith(f"{filled}: 6 document ids are not in the project {study.path}: "
                                        "9001 (row 3), 9002 (row 5), 9003 (row 6), 9004 (row 7), 9005 (row 8) and "
                                        "1 more. Was the sheet drawn from another project?")
    assert counts(study) == before


@pytest.mark.parametrize("cell, value, message", [
    ("E6", "иә", "row 6, column 'алғыс': 'иә' is not a mark; write 1 or x where the code applies"),
    ("A4", "двенадцать", "row 4, column 'doc_id': 'двенадцать' is not a document id"),
    ("A4", None, "row 4, column 'doc_id': empty is not a document id"),
])
def test_a_bad_cell_is_refused_naming_file_row_and_column(study, sheet, tmp_path, cell, value, message):
    filled = tmp_path / "Айгүл.xlsx"
    fill_xlsx(sheet, filled, {})
    book = openpyxl.load_workbook(filled)
    book[CODING_SHEET][cell] = value
    book.save(filled)
    before = counts(study)
    with pytest.raises(InputError, match=message) as caught:
        import_coded_sheets(study, [filled])
    assert str(caught.value).startswith(str(filled))
    assert counts(study) == before


def test_a_document_twice_in_a_sheet_is_refused(study, sheet, tmp_path):
    filled = tmp_path / "Айгүл.xlsx"
    fill_xlsx(sheet, filled, {})
    book = openpyxl.load_workbook(filled)
    book[CODING_SHEET]["A9"] = book[CODING_SHEET]["A3"].value
    book.save(filled)
    with pytest.raises(InputError, match=f"document {ids_of(sheet)[1]} is on rows 3, 9; keep one row per document"):
        import_coded_sheets(study, [filled])
    assert counts(study)[0] == 0


def test_a_missing_code_column_is_refused(study, sheet, tmp_path):
    filled = tmp_path / "Айгүл.xlsx"
    fill_xlsx(sheet, filled, {})
    book = openpyxl.load_workbook(filled)
    book[CODING_SHEET].delete_cols(5)
    book.save(filled)
    with pytest.raises(InputError, match="lacks the code column 'алғыс'; add it back"):
        import_coded_sheets(study, [filled])
    first, second = tmp_path / "Ерлан.csv", tmp_path / "Дана.csv"
    fill_csv(sheet, first, {})
    fill_csv(sheet, second, {})
    pd.read_csv(second, sep=";", encoding="utf-8-sig").drop(columns=["мобилизация"]).to_csv(
        second, sep=";", index=False, encoding="utf-8-sig")
    with pytest.raises(InputError, match=f"{second} lacks the code column 'мобилизация' that {first} has"):
        import_coded_sheets(study, [first, second])
    with pytest.raises(InputError, match="lacks the code column 'мобилизация'"):
        import_coded_sheets(study, [second], codes=CODES)
    assert counts(study)[0] == 0


def test_coder_names_must_match_the_files_and_not_repeat_on_a_document(study, sheet, tmp_path):
    first, second = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    fill_xlsx(sheet, first, {})
    fill_xlsx(sheet, second, {})
    with pytest.raises(InputError, match="give one --coder per file \\(2 files, 1 names\\)"):
        import_coded_sheets(study, [first, second], coders=["Айгүл"])
    with pytest.raises(InputError, match="both hold Айгүл's codes of document"):
        import_coded_sheets(study, [first, second], coders=["Айгүл", "Айгүл"])
    with pytest.raises(InputError, match="give one or more filled coder sheets"):
        import_coded_sheets(study, [])
    assert counts(study)[0] == 0


def test_a_file_that_is_not_a_sheet_is_refused(study, tmp_path):
    notes = tmp_path / "notes.json"
    notes.write_text('[{"doc_id": 1}]', encoding="utf-8")
    with pytest.raises(InputError, match="is read as JSON; a coder sheet is an XLSX workbook or a CSV file"):
        import_coded_sheets(study, [notes])
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really a workbook")
    with pytest.raises(InputError, match="cannot be read as an XLSX workbook"):
        import_coded_sheets(study, [broken])


# --- the commands: sample → three coders → import-coded → codes, agreement, disagreements, report ---------
def test_the_round_trip_through_the_commands(cli, study, tmp_path):
    book = tmp_path / "codebook.yaml"
    book.write_text("codes:\n" + "".join(f"  - name: {c.name}\n    description: {c.description}\n" for c in CODES),
                    encoding="utf-8")
    sheet_path = tmp_path / "sample.xlsx"
    made = cli("code", "sample", "-p", study.path, "--n", "12", "--seed", "2024", "--stratify", "channel",
               "--codebook", book, "--out", sheet_path)
    assert made.exit_code == 0, made.stderr
    assert "Drew 12 of 24 documents (seed 2024), stratified by channel (proportional)." in made.stdout
    assert "azattyq_kz" in made.stdout and "khabar_24" in made.stdout
    ids = ids_of(sheet_path)
    texts = dict(zip(comments()["row"], comments()["text"], strict=True))

    def marks(flip: set[int]) -> dict[int, set[str]]:
        out = {}
        for doc in ids:
            text = texts[doc].lower()
            codes = set()
            if any(w in text for w in ("наразы", "возмущ", "молчат", "үндемейді", "жауап бермейді", "разбиты")):
                codes.add("наразылық")
            if any(w in text for w in ("рахмет", "спасибо", "благодар")):
                codes.add("алғыс")
            if "митинг" in text:
                codes.add("мобилизация")
            out[doc] = codes ^ ({"наразылық"} if doc in flip else set())
        return out

    aigul, dana, erlan = marks(set()), marks({ids[0], ids[5]}), marks({ids[5]})
    fill_xlsx(sheet_path, tmp_path / "Айгүл.xlsx", aigul, coder="Айгүл")
    fill_xlsx(sheet_path, tmp_path / "dana.xlsx", dana, x="х")
    fill_csv(sheet_path, tmp_path / "ерлан.csv", erlan)
    result = cli("code", "import-coded", "-p", study.path, tmp_path / "Айгүл.xlsx", tmp_path / "dana.xlsx",
                 tmp_path / "ерлан.csv", "--coder", "Айгүл", "--coder", "Дана", "--coder", "Ерлан")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "Дана: 12 documents × 3 codes from dana.xlsx" in out
    assert "Stored 108 judgments" in out

    matrix = np.array([[1.0 if "наразылық" in m[d] else 0.0 for d in ids] for m in (aigul, dana, erlan)])
    expected = krippendorff.alpha(matrix, level_of_measurement="nominal")
    protest = next(line for line in out.splitlines() if "наразылық" in line)
    assert f"{expected:.3f}" in protest and "│ 12 " in protest and "83.3" in protest
    assert "│ 2 " in protest.split("83.3")[1], "two documents split the coders"

    listing = study.path / "exports" / "1-agreement-disagreements.csv"
    assert f"Disagreements (2): {listing}" in out.replace("\n", "")
    split = pd.read_csv(listing, encoding="utf-8-sig")
    assert list(split.columns) == ["doc_id", "code", "kind", "Айгүл", "Дана", "Ерлан", "text_start"]
    assert sorted(split["doc_id"]) == sorted([ids[0], ids[5]])
    row = split.loc[split["doc_id"] == ids[5]].iloc[0]
    assert row["code"] == "наразылық"
    assert row["Айгүл"] != row["Дана"] == row["Ерлан"]
    assert row["text_start"] == " ".join(texts[ids[5]].split())[:120]

    with study.store.read() as con:
        coders = con.execute("SELECT coder, count(*) FROM codes WHERE code = ? GROUP BY coder ORDER BY coder",
                             [CODED]).fetchall()
    assert coders == [("Айгүл", 12), ("Дана", 12), ("Ерлан", 12)]
    saved = study.results()[-1]
    assert (saved.analysis, saved.title) == ("agreement", "Inter-coder agreement of Айгүл, Дана, Ерлан")
    table = saved.frame().set_index("code")
    assert table.loc["наразылық", "alpha"] == pytest.approx(expected, abs=1e-12)
    assert table.loc["наразылық", "coders"] == 3

    report = cli("report", "-p", study.path, "--lang", "kk")
    assert report.exit_code == 0, report.stderr
    html = (study.path / "reports" / "report-kk.html").read_text(encoding="utf-8")
    assert "Кодтаушылар арасындағы келісім" in html and "Криппендорф альфасы" in html
    assert (study.path / "exports" / f"{saved.id}-agreement.png").exists()
    methods = cli("methods", "-p", study.path).stdout
    assert "code.sample" in methods and "seed = 2024" in methods and "code.import_coded" in methods


def test_import_coded_with_one_coder_stores_and_says_agreement_needs_two(cli, study, sheet, tmp_path):
    filled = tmp_path / "Айгүл.xlsx"
    fill_xlsx(sheet, filled, {ids_of(sheet)[0]: {"алғыс"}})
    result = cli("code", "import-coded", "-p", study.path, filled)
    assert result.exit_code == 0, result.stderr
    assert "Only Айгүл has coded these documents so far" in result.stdout.replace("\n", " ")
    assert study.results() == []
    assert counts(study)[0] == 11


def test_the_commands_print_bad_input_as_one_line(cli, study, sheet, tmp_path):
    made = cli("code", "sample", "-p", study.path, "--n", "5", "--out", tmp_path / "x.xlsx")
    assert made.exit_code == 2
    assert "say which codes the coders mark" in made.stderr
    filled = tmp_path / "Айгүл.xlsx"
    fill_xlsx(sheet, filled, {})
    book = openpyxl.load_workbook(filled)
    book[CODING_SHEET]["D3"] = "да"
    book.save(filled)
    result = cli("code", "import-coded", "-p", study.path, filled)
    assert result.exit_code == 2
    assert "row 3, column 'наразылық': 'да' is not a mark" in result.stderr
    assert "Traceback" not in result.stderr
    assert counts(study)[0] == 0
