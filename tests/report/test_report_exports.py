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


def _drawn_figures(monkeypatch) -> list:
    """The matplotlib figures written as PNG from now on (each as it was saved)."""
    from matplotlib.figure import Figure

    drawn = []
    savefig = Figure.savefig

    def record(self, *args, **kwargs):
        drawn.append(self)
        return savefig(self, *args, **kwargs)

    monkeypatch.setattr(Figure, "savefig", record)
    return drawn


def test_png_exports_shade_the_shutdowns_on_date_axes_only(project, tmp_path, monkeypatch):
    import matplotlib.dates as mdates
    from conftest import DATA
    from matplotlib.patches import Rectangle

    from dauys.analyze.base import run_analysis
    from dauys.events.store import load_shutdowns
    from dauys.ingest.shutdowns import import_shutdowns
    from dauys.report.exports import export_result_files
    from dauys.report.png import is_date_axis, save_chart_png

    make_study(project)
    trends = run_analysis(project, "trends", {"terms": "газ", "period": "week"})
    drawn = _drawn_figures(monkeypatch)
    export_result(project, trends.id, tmp_path / "before.png", "kk")
    assert not drawn[-1].axes[0].patches  # no shutdowns in the project yet
    import_shutdowns(project, DATA / "events" / "shutdowns.csv")

    export_result(project, trends.id, tmp_path / "trends.png", "kk")
    ax = drawn[-1].axes[0]
    assert is_date_axis(ax)
    bands = [p for p in ax.patches if isinstance(p, Rectangle) and p.get_label().startswith("Өшіру")]
    national = [p for p in bands if p.get_label() == "Өшіру: all internet (бүкіл ел бойынша)"]
    assert len(bands) == 3 and len(national) == 1
    assert national[0].get_x() == mdates.date2num(pd.Timestamp("2022-01-05"))
    assert national[0].get_x() + national[0].get_width() == mdates.date2num(pd.Timestamp("2022-01-11"))

    written = export_result_files(project, trends, trends.frame(), "en")
    assert [p.suffix for p in written] == [".csv", ".png"]
    assert len([p for p in drawn[-1].axes[0].patches if p.get_label().startswith("Shutdown")]) == 3

    export_result(project, 1, tmp_path / "terms.png", "en")  # top terms: bars, no dates
    assert all(not a.patches or not any(p.get_label().startswith("Shutdown") for p in a.patches)
               for a in drawn[-1].axes)
    categories = pd.DataFrame({"event_type": ["Protests", "Riots"], "events": [3, 1], "fatalities": [0, 1]})
    save_chart_png("event_counts", categories, tmp_path / "types.png", "en", shutdowns=load_shutdowns(project))
    assert not [p for a in drawn[-1].axes for p in a.patches if p.get_label().startswith("Shutdown")]
    assert len(drawn[-1].axes[0].patches) == 2  # the two bars, nothing more


def test_only_date_axes_are_shaded_and_a_twin_axis_once(project):
    from conftest import DATA
    from matplotlib.figure import Figure

    from dauys.events.store import load_shutdowns
    from dauys.ingest.shutdowns import import_shutdowns
    from dauys.report.png import shade_date_axes

    import_shutdowns(project, DATA / "events" / "shutdowns.csv")
    fig = Figure()
    days, counts, bars = fig.subplots(1, 3)
    dates = pd.date_range("2022-01-01", "2022-01-14", freq="D")
    days.plot(dates, range(len(dates)))
    twin = days.twinx()
    twin.plot(dates, [2.0] * len(dates))
    counts.plot(range(14), range(14))  # numbers, not dates
    bars.bar(["Наразылық", "Riots"], [3, 1])
    assert shade_date_axes(fig, load_shutdowns(project), "ru") == 1
    assert len(days.patches) == 3 and not twin.patches and not counts.patches and len(bars.patches) == 2
    assert {p.get_label() for p in days.patches} >= {"Отключение: all internet (по всей стране)"}
