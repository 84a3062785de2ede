"""The report, methods and export commands."""

from __future__ import annotations

import zipfile

import openpyxl
import pytest
from test_report_methods import make_study

import dauys


@pytest.fixture
def study(project) -> dauys.Project:
    make_study(project)
    return project


def test_methods_prints_the_paragraph_and_writes_it_to_a_file(cli, study, tmp_path):
    out = tmp_path / "methods-ru.txt"
    result = cli("methods", "--project", study.path, "--lang", "ru", "--out", out)
    assert result.exit_code == 0, result.stderr
    assert "Из него прочитано 7 записей; в проект добавлено 5 новых документов" in result.stdout
    assert out.read_text(encoding="utf-8").strip() == result.stdout.strip()
    assert str(out.resolve()) in result.stderr


def test_methods_defaults_to_english(cli, study):
    result = cli("methods", "-p", study.path)
    assert result.exit_code == 0
    assert "The project “study” holds 7 documents from 2 sources" in result.stdout


def test_report_writes_the_html_and_lists_the_files_for_a_paper(cli, study):
    result = cli("report", "-p", study.path, "--lang", "kk")
    assert result.exit_code == 0, result.stderr
    html = study.path / "reports" / "report-kk.html"
    assert html.exists()
    assert "Деректерге шолу" in html.read_text(encoding="utf-8")
    assert str(html.resolve()) in result.stdout.replace("\n", "")
    assert "Files for a paper" in result.stdout
    assert "1-top_terms.csv" in result.stdout and "1-top_terms.png" in result.stdout
    assert (study.path / "exports" / "1-top_terms.png").exists()


def test_report_to_a_chosen_file(cli, study, tmp_path):
    out = tmp_path / "share" / "есеп.html"
    result = cli("report", "-p", study.path, "--out", out)
    assert result.exit_code == 0, result.stderr
    assert out.exists()


def test_an_unknown_language_is_refused(cli, study):
    result = cli("report", "-p", study.path, "--lang", "de")
    assert result.exit_code == 2
    assert "en, ru, kk" in result.stderr
    assert not (study.path / "reports" / "report-de.html").exists()


def test_export_packs_the_project(cli, study, tmp_path):
    target = tmp_path / "study-share.zip"
    result = cli("export", target, "-p", study.path)
    assert result.exit_code == 0, result.stderr
    assert "pseudonym key is not in it" in result.stdout
    with zipfile.ZipFile(target) as archive:
        assert "study/dauys.duckdb" in archive.namelist()


@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".png"])
def test_export_a_result(cli, study, tmp_path, suffix):
    target = tmp_path / f"top-terms{suffix}"
    result = cli("export", target, "--result", "1", "-p", study.path, "--lang", "kk")
    assert result.exit_code == 0, result.stderr
    data = target.read_bytes()
    if suffix == ".csv":
        assert data.startswith(b"\xef\xbb\xbf") and "қазақстан" in data.decode("utf-8-sig")
    elif suffix == ".xlsx":
        assert openpyxl.load_workbook(target).active["C2"].value == "газ"
    else:
        assert data[:8] == b"\x89PNG\r\n\x1a\n"


def test_export_explains_what_it_needs(cli, study, tmp_path):
    no_result = cli("export", tmp_path / "t.csv", "-p", study.path)
    assert no_result.exit_code == 2
    assert "give --result ID" in no_result.stderr
    zip_with_result = cli("export", tmp_path / "t.zip", "--result", "1", "-p", study.path)
    assert zip_with_result.exit_code == 2
    assert "drop --result" in zip_with_result.stderr
    missing = cli("export", tmp_path / "t.csv", "--result", "9", "-p", study.path)
    assert missing.exit_code == 2
    assert "no result 9" in missing.stderr
    assert not list(tmp_path.glob("t.*"))
