"""Reading tables: encodings, delimiters, XLSX sheets, JSON shapes, row numbers, and broken files."""

from __future__ import annotations

import json
from datetime import datetime

import openpyxl
import pandas as pd
import pytest

from dauys.errors import InputError
from dauys.ingest.readers import read_table

KAZAKH = "Әкімдік жол жөндеуді күзге дейін аяқтауға уәде берді; тұрғындар қуанышты, бірақ сенбейді"
RUSSIAN = "Акимат обещал отремонтировать дорогу, жители не верят; «посмотрим»"
ROWS = [["id", "автор", "мәтін"], ["001", "Айгерім", KAZAKH], ["002", "Иван", RUSSIAN]]


def _delimited(rows, delimiter=",") -> str:
    def cell(value: str) -> str:
        return f'"{value}"' if any(c in value for c in (delimiter, '"', "\n", ",", ";")) else value

    return "\r\n".join(delimiter.join(cell(v) for v in row) for row in rows) + "\r\n"


def _values(table) -> list[list[str]]:
    return table.frame.astype(object).where(table.frame.notna(), None).values.tolist()


@pytest.mark.parametrize(
    ("encoding", "written", "detected"),
    [
        ("utf-8", "utf-8", "utf-8"),
        ("utf-8 with BOM", "utf-8-sig", "utf-8-sig"),
        ("UTF-16 from Excel", "utf-16", "utf-16"),
        ("BOM-less UTF-16LE", "utf-16-le", "utf-16-le"),
    ],
)
def test_unicode_encodings_round_trip_kazakh_and_russian(tmp_path, encoding, written, detected):
    path = tmp_path / "posts.csv"
    path.write_bytes(_delimited(ROWS).encode(written))
    table = read_table(path)
    assert table.encoding == detected and table.delimiter == ","
    assert table.columns == ["id", "автор", "мәтін"]
    assert _values(table) == ROWS[1:]


def test_windows_1251_russian(tmp_path):
    rows = [["id", "автор", "текст"], ["1", "Иван", RUSSIAN], ["2", "Ёлка", "Щёлочь, объём — №5"]]
    path = tmp_path / "export.csv"
    path.write_bytes(_delimited(rows, ";").encode("cp1251"))
    table = read_table(path)
    assert (table.encoding, table.delimiter) == ("cp1251", ";")
    assert _values(table) == rows[1:]


def test_kazakh_windows_code_page_kz1048(tmp_path):
    rows = [["id", "автор", "мәтін"], ["1", "Айгерім", KAZAKH], ["2", "Ұлан", "Өңірде ғимарат һәм қоғам үні"]]
    path = tmp_path / "export.csv"
    path.write_bytes(_delimited(rows, ";").encode("kz1048"))
    table = read_table(path)
    assert table.encoding == "kz1048"
    assert _values(table) == rows[1:]


def test_forced_encoding_overrides_detection(tmp_path):
    path = tmp_path / "export.csv"
    path.write_bytes(_delimited([["id", "text"], ["1", "Ёлка"]]).encode("cp1251"))
    assert _values(read_table(path, encoding="koi8-r")) != [["1", "Ёлка"]]
    assert _values(read_table(path, encoding="cp1251")) == [["1", "Ёлка"]]
    with pytest.raises(InputError, match="--encoding 'kazakh' is not an encoding Python knows"):
        read_table(path, encoding="kazakh")


@pytest.mark.parametrize(
    ("delimiter", "name"), [(",", "comma"), (";", "semicolon"), ("\t", "tab"), ("|", "bar")]
)
def test_delimiters_are_detected(tmp_path, delimiter, name):
    rows = [["id", "мәтін", "views"], ["1", "Бір, екі; үш", "10"], ["2", "Сәлем", "7"]]
    path = tmp_path / f"{name}.txt"
    path.write_text(_delimited(rows, delimiter), encoding="utf-8")
    table = read_table(path)
    assert table.delimiter == delimiter and _values(table) == rows[1:]


def test_delimiter_option_and_tsv(tmp_path):
    path = tmp_path / "posts.tsv"
    path.write_text("id\tмәтін, сөз\n1\tБір, екі\n", encoding="utf-8")
    assert read_table(path).delimiter == "\t"
    other = tmp_path / "posts.csv"
    other.write_text("id;мәтін,сөз\n1;Бір,екі\n", encoding="utf-8")
    assert read_table(other, delimiter=",").columns == ["id;мәтін", "сөз"]
    assert read_table(other, delimiter="tab").columns == ["id;мәтін,сөз"]
    with pytest.raises(InputError, match="--delimiter ';;': give one character"):
        read_table(other, delimiter=";;")


def test_quoted_fields_empty_cells_and_leading_zeros(tmp_path):
    path = tmp_path / "posts.csv"
    path.write_text(
        'id,мәтін,views,note\n007,"Бірінші жол\nекінші жол, ""дәйексөз""",,\n008,Қысқа,5,x\n',
        encoding="utf-8",
    )
    table = read_table(path)
    assert _values(table) == [
        ["007", 'Бірінші жол\nекінші жол, "дәйексөз"', None, None], ["008", "Қысқа", "5", "x"]
    ]
    assert table.rows.tolist() == [2, 3]


def test_header_names_are_made_unique_and_never_empty(tmp_path):
    path = tmp_path / "posts.csv"
    path.write_text(" id ,мәтін,мәтін,\n1,а,ә,б\n", encoding="utf-8")
    assert read_table(path).columns == ["id", "мәтін", "мәтін.1", "column_4"]


def test_missing_file_folder_and_empty_file(tmp_path):
    with pytest.raises(InputError, match=r"absent.csv does not exist; check the path"):
        read_table(tmp_path / "absent.csv")
    with pytest.raises(InputError, match="is a folder; give the path of one CSV, XLSX, JSON or JSON Lines"):
        read_table(tmp_path)
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    with pytest.raises(InputError, match=r"empty.csv is empty \(0 bytes\)"):
        read_table(empty)
    header_only = tmp_path / "header.csv"
    header_only.write_text("id,мәтін\n", encoding="utf-8")
    with pytest.raises(InputError, match="has a header row but no data rows"):
        read_table(header_only)
    blank = tmp_path / "blank.csv"
    blank.write_text("\n\n  \n", encoding="utf-8")
    with pytest.raises(InputError, match="holds only blank lines, no header row"):
        read_table(blank)


def test_binary_content_is_refused(tmp_path):
    path = tmp_path / "photo.csv"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00")
    with pytest.raises(InputError, match=r"holds binary data \(a NUL byte at byte offset 8\), not text"):
        read_table(path)
    old_excel = tmp_path / "export.xls"
    old_excel.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100)
    with pytest.raises(InputError, match=r"old binary Excel \(.xls\).*save it as .xlsx or CSV"):
        read_table(old_excel)


def test_undecodable_bytes_far_into_a_utf8_file_name_the_byte_offset(tmp_path):
    head = "id,мәтін\n" + "".join(f"{i},Алматыда жаңа саябақ ашылды\n" for i in range(40_000))
    body = head.encode("utf-8")
    assert len(body) > 1 << 20  # beyond the sample that decided the encoding
    path = tmp_path / "mixed.csv"
    path.write_bytes(body + "40001,Сәлем\n".encode()[:6] + "Привет".encode("cp1251") + b"\n")
    offset = len(body) + 6
    with pytest.raises(InputError, match=rf"cannot be decoded as utf-8 .*byte 0xcf at byte offset {offset:,} "
                                         r".*pass --encoding"):
        read_table(path)


def test_forced_encoding_that_does_not_fit_names_the_byte_offset(tmp_path):
    path = tmp_path / "export.csv"
    path.write_bytes("id;текст\n1;Привет\n".encode("cp1251"))
    with pytest.raises(InputError, match=r"cannot be decoded as utf-8 \(as given with --encoding\): "
                                         r"byte 0xf2 at byte offset 3 "):
        read_table(path, encoding="utf-8")


def test_a_row_with_the_wrong_number_of_fields_is_named(tmp_path):
    path = tmp_path / "posts.csv"
    path.write_text('id,мәтін\n1,"көп\nжолды"\n2,бір,артық\n3,үш\n4,а,б\n', encoding="utf-8")
    with pytest.raises(InputError, match=r"row 3 \(line 4 of the file\) has 3 fields but the header has 2 "
                                         r"\(1 more rows have the same problem\).*comma was detected"):
        read_table(path)


def test_a_field_longer_than_a_read_block(tmp_path):
    path = tmp_path / "long.csv"
    long_text = "Қазақстан " * 2_000_000  # 20 million characters, more than one block
    path.write_text(f'id,мәтін\n1,"{long_text}"\n2,қысқа\n', encoding="utf-8")
    table = read_table(path)
    assert table.frame["мәтін"].str.len().tolist() == [len(long_text), 5]


# --- XLSX ---------------------------------------------------------------------------------------


def _workbook(path):
    workbook = openpyxl.Workbook()
    first = workbook.active
    first.title = "Посттар"
    first.append(["id", "мәтін", "күні", "views"])
    first.append([101, KAZAKH, datetime(2024, 2, 29, 14, 5), 1200.0])
    first.append([None, None, None, None])
    first.append([102, RUSSIAN, 45618.5834, 3.5])
    second = workbook.create_sheet("Пікірлер")
    second["B3"] = "мәтін"
    second["C3"] = "автор"
    second["B4"] = "Керемет!"
    second["C4"] = "Ұлан"
    second["D4"] = "қосымша"
    workbook.save(path)


def test_xlsx_first_sheet_with_typed_cells(tmp_path):
    path = tmp_path / "export.xlsx"
    _workbook(path)
    table = read_table(path)
    assert table.format == "xlsx" and table.sheet == "Посттар"
    assert _values(table) == [
        ["101", KAZAKH, "2024-02-29T14:05:00", "1200"],
        ["102", RUSSIAN, "45618.5834", "3.5"],
    ]
    assert table.rows.tolist() == [2, 4]  # the empty row 3 is skipped, numbering stays the sheet's


def test_xlsx_other_sheet_and_missing_sheet(tmp_path):
    path = tmp_path / "export.xlsx"
    _workbook(path)
    table = read_table(path, sheet="Пікірлер")
    assert table.columns == ["мәтін", "автор", "column_4"]  # the sheet's column D has no header
    assert _values(table) == [["Керемет!", "Ұлан", "қосымша"]] and table.rows.tolist() == [4]
    with pytest.raises(InputError, match=r"has no sheet 'Sheet3'; its sheets are 'Посттар', 'Пікірлер'"):
        read_table(path, sheet="Sheet3")
    csv_path = tmp_path / "export.csv"
    csv_path.write_text("id,мәтін\n1,а\n", encoding="utf-8")
    with pytest.raises(InputError, match="--sheet 'Пікірлер' applies to XLSX workbooks only"):
        read_table(csv_path, sheet="Пікірлер")


def test_broken_xlsx(tmp_path):
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"PK\x03\x04" + b"not really a zip")
    with pytest.raises(InputError, match="cannot be read as an XLSX workbook"):
        read_table(path)


# --- JSON ---------------------------------------------------------------------------------------

RECORDS = [
    {"id": 1, "text": KAZAKH, "user": {"name": "Айгерім", "city": {"name": "Алматы"}},
     "tags": ["газ", "баға"]},
    {"id": 2, "text": RUSSIAN, "user": {"name": "Иван"}, "views": 10.5, "pinned": True, "reply_to": None},
]


def test_json_array_with_nested_fields(tmp_path):
    path = tmp_path / "posts.json"
    path.write_text(json.dumps(RECORDS, ensure_ascii=False, indent=1), encoding="utf-8")
    table = read_table(path)
    assert table.format == "json" and table.json_key is None and table.rows.tolist() == [1, 2]
    assert table.columns == [
        "id", "text", "user.name", "user.city.name", "tags", "views", "pinned", "reply_to"
    ]
    assert _values(table) == [
        ["1", KAZAKH, "Айгерім", "Алматы", '["газ", "баға"]', None, None, None],
        ["2", RUSSIAN, "Иван", None, None, "10.5", "true", None],
    ]


@pytest.mark.parametrize(
    ("document", "key"),
    [
        ({"data": RECORDS}, "data"),
        ({"count": 2, "messages": RECORDS, "users": [{"id": 1}]}, "messages"),
        ({"response": {"count": 2, "items": RECORDS}}, "response.items"),
    ],
)
def test_json_object_holding_the_records(tmp_path, document, key):
    path = tmp_path / "export.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    table = read_table(path)
    assert table.json_key == key and table.frame["text"].tolist() == [KAZAKH, RUSSIAN]


def test_json_lines_numbers_rows_by_line(tmp_path):
    path = tmp_path / "posts.jsonl"
    lines = [json.dumps(r, ensure_ascii=False) for r in RECORDS]
    path.write_text(lines[0] + "\n\n" + lines[1] + "\n", encoding="utf-8")
    table = read_table(path)
    assert table.format == "jsonl" and table.rows.tolist() == [1, 3]
    assert table.frame["user.name"].tolist() == ["Айгерім", "Иван"]
    # a .json file that holds JSON Lines is read as such
    misnamed = tmp_path / "posts.json"
    misnamed.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert read_table(misnamed).format == "jsonl"


def test_malformed_json_says_where(tmp_path):
    array = tmp_path / "posts.json"
    array.write_text('[\n {"id": 1, "text": "Сәлем"},\n {"id": 2 "text": "Қош"}\n]\n', encoding="utf-8")
    with pytest.raises(InputError, match=r"posts.json is not valid JSON: Expecting ',' delimiter at line 3, "
                                         r"column 11"):
        read_table(array)
    lines = tmp_path / "posts.jsonl"
    lines.write_text('{"id": 1, "text": "Сәлем"}\n{"id": 2, "text": "Қош"\n', encoding="utf-8")
    with pytest.raises(InputError, match=r"posts.jsonl, line 2: not valid JSON \(Expecting ',' delimiter"):
        read_table(lines)
    not_object = tmp_path / "list.jsonl"
    not_object.write_text('{"id": 1}\n[1, 2]\n', encoding="utf-8")
    with pytest.raises(InputError, match=r"line 2: holds a JSON array, but JSON Lines needs one object"):
        read_table(not_object)


def test_json_without_records(tmp_path):
    cases = {
        "strings.json": (["а", "ә"], r"record 1 of the array is a JSON string"),
        "empty.json": ([], "holds no records"),
        "single.json": ({"id": 1, "text": "Сәлем"}, "holds one JSON object with no list of records inside"),
        "empty_data.json": ({"data": []}, r"holds no records \(in 'data'\)"),
        "number.json": (42, "holds a single JSON number, not records"),
    }
    for name, (document, message) in cases.items():
        path = tmp_path / name
        path.write_text(json.dumps(document), encoding="utf-8")
        with pytest.raises(InputError, match=message):
            read_table(path)


def test_json_in_utf16(tmp_path):
    path = tmp_path / "posts.json"
    path.write_bytes(json.dumps(RECORDS, ensure_ascii=False).encode("utf-16"))
    table = read_table(path)
    assert table.encoding == "utf-16" and table.frame["text"].tolist() == [KAZAKH, RUSSIAN]


def test_frame_columns_are_strings_with_nan_for_missing(tmp_path):
    path = tmp_path / "posts.csv"
    path.write_text("id,views\n1,\n2,5\n", encoding="utf-8")
    frame = read_table(path).frame
    assert all(isinstance(dtype, pd.StringDtype) for dtype in frame.dtypes)
    assert frame["views"].isna().tolist() == [True, False]
