"""Exports: CSV with a BOM, XLSX for Excel, result files, and the project zip without the pseudonym key."""

from __future__ import annotations

import zipfile

import duckdb
import openpyxl
import pandas as pd
import pytest
from test_report_methods import TOP_TERMS, make_study

from dauys.errors import InputError
from dauys.privacy import KEY_FILE_NAME, pseudonym_key
from dauys.report.exports import export_project, export_result, export_table, sheet_title

BOM = b"\xef\xbb\xbf"
TEXTS = pd.DataFrame(
    {
        "term": ["әкімдік", "қаңтар оқиғалары", "=)", "цены на газ"],
        "count": [12, 7, 3, 2],
        "share": [0.5, 0.25, 0.125, 0.125],
    }
)


def test_csv_starts_with_a_bom_and_round_trips_kazakh_text(tmp_path):
    path = export_table(TEXTS, tmp_path / "кесте.csv")
    assert path.read_bytes().startswith(BOM)
    back = pd.read_csv(path, encoding="utf-8-sig")
    pd.testing.assert_frame_equal(back, TEXTS)


def test_xlsx_holds_the_table_with_a_bold_header_and_fitted_widths(tmp_path):
    long_name = "Жолдаулардағы ең жиі қолданылған сөздер 2019–2024"
    sheet = openpyxl.load_workbook(export_table(TEXTS, tmp_path / "top.xlsx", sheet_name=long_name)).active
    assert sheet.title == long_name[:31]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("term", "count", "share")
    assert rows[1:] == [tuple(r) for r in TEXTS.itertuples(index=False, name=None)]
    assert all(cell.font.bold for cell in sheet[1])
    assert sheet["B3"].data_type == "n"
    assert sheet["A4"].data_type == "s", "text starting with = must stay text, not become a formula"
    assert sheet.column_dimensions["A"].width >= len("қаңтар оқиғалары")
    assert sheet.freeze_panes == "A2"


def test_xlsx_writes_missing_values_times_and_lists(tmp_path):
    table = pd.DataFrame(
        {
            "when": pd.to_datetime(["2022-01-05T06:00:00Z", None], utc=True),
            "codes": [["наразылық", "баға"], []],
            "score": [1.5, None],
            "note": ["ok\x07", None],
        }
    )
    sheet = openpyxl.load_workbook(export_table(table, tmp_path / "t.xlsx")).active
    assert sheet["A2"].value.isoformat() == "2022-01-05T06:00:00"
    assert sheet["A3"].value is None
    assert sheet["B2"].value == '["наразылық", "баға"]'
    assert sheet["C3"].value is None
    assert sheet["D2"].value == "ok", "control characters Excel refuses are dropped"


def test_sheet_titles_follow_excel_rules():
    assert sheet_title("a/b:c?d*[e]") == "a_b_c_d__e_"
    assert sheet_title("'") == "table"
    assert len(sheet_title("ы" * 40)) == 31


def test_other_table_formats_are_refused(tmp_path):
    with pytest.raises(InputError, match=r"\.csv or \.xlsx"):
        export_table(TEXTS, tmp_path / "t.json")


def test_a_result_exports_as_table_or_chart(project, tmp_path):
    make_study(project)
    csv = export_result(project, 1, tmp_path / "terms.csv")
    assert pd.read_csv(csv, encoding="utf-8-sig")["term"].tolist() == TOP_TERMS["term"].tolist()
    sheet = openpyxl.load_workbook(export_result(project, 1, tmp_path / "terms.xlsx")).active
    assert sheet.title == "1-top_terms"
    assert export_result(project, 1, tmp_path / "terms.png", "kk").read_bytes()[:4] == b"\x89PNG"
    with pytest.raises(InputError, match=r"no result 7 .*1 \(top_terms\)"):
        export_result(project, 7, tmp_path / "x.csv")
    with pytest.raises(InputError, match=r"\.png \(its chart\)"):
        export_result(project, 1, tmp_path / "x.pdf")


def test_a_result_whose_table_is_gone_is_reported_plainly(project, tmp_path):
    make_study(project)
    project.results()[0].path.unlink()
    with pytest.raises(InputError, match=r"result 1 \(top_terms\) is missing.*run the analysis again"):
        export_result(project, 1, tmp_path / "t.csv")


def test_project_zip_holds_the_database_and_never_the_key(project, tmp_path, private_config):
    make_study(project)
    key = pseudonym_key()
    # a key someone copied into the project by mistake is left out too
    (project.path / "imports" / KEY_FILE_NAME).write_text(key.hex())
    (project.path / "exports" / "notes.txt").write_text("Жолдау мәтіндері", encoding="utf-8")

    inside = project.path / "exports" / "share.zip"
    zip_path = export_project(project, inside)
    with zipfile.ZipFile(zip_path) as archive:
        names = archive.namelist()
        contents = {name: archive.read(name) for name in names}
    assert {"study/dauys.toml", "study/dauys.duckdb", "study/results/00003-top-terms.parquet",
            "study/exports/notes.txt"} <= set(names)
    assert "study/exports/share.zip" not in names, "the zip must not pack itself"
    assert not [n for n in names if n.endswith(KEY_FILE_NAME)]
    for name, data in contents.items():
        assert key.hex().encode() not in data, name
        assert key not in data, name
    assert not list(project.path.rglob("*.part"))

    unpacked = tmp_path / "unpacked"
    with zipfile.ZipFile(zip_path) as archive:
        archive.extractall(unpacked)
    with duckdb.connect(str(unpacked / "study" / "dauys.duckdb"), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM documents").fetchone()[0] == 7
        assert con.execute("SELECT count(*) FROM results").fetchone()[0] == 1


def test_project_zip_needs_a_zip_name(project, tmp_path):
    with pytest.raises(InputError, match=r"\.zip"):
        export_project(project, tmp_path / "share.tar")
