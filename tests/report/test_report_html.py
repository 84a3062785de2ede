"""The HTML report: one self-contained file, a section per saved result, labels per language."""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass
from html.parser import HTMLParser

import pandas as pd
import pytest
from plotly.offline import get_plotlyjs
from test_report_methods import TOP_TERMS, make_study

import dauys
from dauys.errors import InputError
from dauys.ingest.writer import SourceInfo, write_documents
from dauys.provenance import Run
from dauys.report.html import ReportFiles, build_report, write_report
from dauys.report.i18n import LANGS

CSV_LINK = re.compile(r'href="data:text/csv;charset=utf-8;base64,([A-Za-z0-9+/=]+)"')


class ExternalReferences(HTMLParser):
    """Collects every script/style/font/image the page would fetch from elsewhere."""

    def __init__(self):
        super().__init__()
        self.external: list[str] = []
        self.styles: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name in ("src", "href"):
            value = attrs.get(name) or ""
            if tag in ("script", "link", "img", "iframe", "source") and re.match(r"(https?:)?//", value):
                self.external.append(f"<{tag} {name}={value}>")
        self._in_style = tag == "style"

    def handle_endtag(self, tag):
        self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            self.styles.append(data)


def _result_with_unknown_analysis(project: dauys.Project) -> None:
    run = Run("analyze.kwic", {"keyword": "газ"})
    with project.store.write() as con:
        run.record(con, n_in=5, n_out=2)
        project.save_result(con, run, "kwic", "Газ сөзінің контексі", pd.DataFrame(
            {"left": ["Жаңаөзендегі", "Цены на"], "keyword": ["газ", "газ"], "right": ["бағасы", "выросли"]}
        ))


@dataclass
class Built:
    """The study with its report written once in each language (building one takes about a second)."""

    project: dauys.Project
    files: dict[str, ReportFiles]
    runs_before: int

    def html(self, lang: str) -> str:
        return self.files[lang].html.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Built:
    with pytest.MonkeyPatch.context() as env:
        env.setenv("DAUYS_CONFIG_DIR", str(tmp_path_factory.mktemp("config")))
        project = dauys.init_project(tmp_path_factory.mktemp("html") / "study")
        make_study(project)
        _result_with_unknown_analysis(project)
        runs_before = len(project.log())
        files = {lang: write_report(project, lang) for lang in LANGS}
    return Built(project, files, runs_before)


def test_report_is_one_self_contained_file(built):
    path = built.files["en"].html
    assert path == built.project.path / "reports" / "report-en.html"
    html = built.html("en")
    parser = ExternalReferences()
    parser.feed(html)
    assert parser.external == []
    assert not re.search(r"url\(\s*['\"]?(https?:)?//|@import", "".join(parser.styles))
    assert "<link" not in html
    assert html.count(get_plotlyjs()) == 1, "plotly.js must be embedded exactly once"
    assert html.count("<script src") == 0


def test_report_has_a_section_per_saved_result_with_table_chart_parameters_and_download(built):
    html = built.html("kk")
    sections = re.findall(r'<section class="result" id="result-(\d+)" data-result-id="\d+" '
                          r'data-analysis="(\w+)">(.*?)</section>', html, re.S)
    assert [(rid, analysis) for rid, analysis, _ in sections] == [("1", "top_terms"), ("2", "kwic")]
    top_terms, kwic = sections[0][2], sections[1][2]
    assert "Корпустар бойынша ең жиі 3 лемма" in top_terms  # the heading in the reader's language
    assert "plotly-graph-div" in top_terms
    assert "<td>қазақстан</td>" in top_terms
    assert "<td>by</td><td>corpus</td>" in top_terms
    assert "тіл — қазақ тілі, орыс тілі" in top_terms
    assert "plotly-graph-div" not in kwic
    assert "Талдаудың бұл түріне диаграмма жоқ" in kwic

    encoded = CSV_LINK.search(top_terms).group(1)
    data = base64.b64decode(encoded)
    assert data.startswith(b"\xef\xbb\xbf")
    assert pd.read_csv(pd.io.common.BytesIO(data), encoding="utf-8-sig").equals(TOP_TERMS)
    assert 'download="1-top_terms.csv"' in top_terms


def test_report_writes_files_for_a_paper_and_no_ledger_entry(built):
    files = built.files["ru"]
    exports = built.project.path / "exports"
    assert {p.name for p in files.exports} == {
        "documents-per-month.csv", "documents-per-month.png", "1-top_terms.csv", "1-top_terms.png",
        "2-kwic.csv",
    }
    assert all(p.parent == exports and p.exists() for p in files.exports)
    assert (exports / "1-top_terms.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert (exports / "1-top_terms.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    assert len(built.project.log()) == built.runs_before


@pytest.mark.parametrize(
    ("lang", "labels"),
    [
        ("en", ["Data overview", "Analyses", "Methods", "Download the full table", "Kazakh"]),
        ("ru", ["Обзор данных", "Анализы", "Методы", "Скачать полную таблицу", "казахский"]),
        ("kk", ["Деректерге шолу", "Талдаулар", "Әдістер", "Толық кестені жүктеп алу", "қазақ тілі"]),
    ],
)
def test_labels_follow_the_language(built, lang, labels):
    html = built.html(lang)
    assert f'<html lang="{lang}">' in html
    for label in labels:
        assert label in html
    others = {"en": "Data overview", "ru": "Обзор данных", "kk": "Деректерге шолу"}
    for other, label in others.items():
        if other != lang:
            assert label not in html


def test_overview_counts_documents_per_corpus_platform_and_language(built):
    html = built.html("en")
    overview = html.split('<section id="overview">')[1].split('<section id="analyses">')[0]
    assert re.search(r"<td>speeches</td>\s*<td class=\"num\">2</td><td class=\"num\">28.6</td>", overview)
    assert re.search(r"<td>telegram</td>\s*<td class=\"num\">5</td><td class=\"num\">71.4</td>", overview)
    assert '<td class="date">2022-01-03</td><td class="date">2022-03-14</td>' in overview
    assert "<tr><td>Kazakh</td><td class=\"num\">5</td>" in overview
    assert "<tr><td>akorda</td><td class=\"num\">2</td>" in overview
    assert "Documents per month, by corpus" in overview
    assert "data-sample" not in html, "nothing in this study is marked as sample data"


def test_sample_data_is_labelled(project):
    make_study(project, sample=True)
    html = build_report(project).read_text(encoding="utf-8")
    corpus_rows = re.findall(r"<td>(\w+) <span class=\"badge\" data-sample=\"synthetic\"", html)
    assert corpus_rows == ["telegram"]
    top_terms = html.split('data-analysis="top_terms">')[1].split("</h3>")[0]
    assert 'Жиі сөздер / Top terms <span class="badge" data-sample="synthetic"' in top_terms
    assert "Illustrative sample data (synthetic), not real" in html


def test_a_whole_project_can_be_marked_as_sample_data(project):
    make_study(project)
    config = project.path / "dauys.toml"
    config.write_text(config.read_text(encoding="utf-8") + 'sample_data = "synthetic"\n', encoding="utf-8")
    html = build_report(dauys.open_project(project.path), "kk").read_text(encoding="utf-8")
    assert "Бұл жобадағы барлық дерек көрсетуге арналған синтетикалық деректер" in html


def test_an_empty_project_gets_a_report_that_says_so(project, tmp_path):
    out = build_report(project, "ru", out=tmp_path / "out" / "empty.html")
    html = out.read_text(encoding="utf-8")
    assert "В проекте пока нет документов." in html
    assert "Сохранённых анализов пока нет." in html
    with pytest.raises(InputError, match=r"\.html"):
        build_report(project, "en", out=tmp_path / "report.pdf")


def test_documents_without_dates_are_counted_but_not_charted_by_month(project):
    staged = pd.DataFrame({"row": [1, 2], "text": ["Сәлем, әлем", "Привет"], "lang": ["kk", None]})
    write_documents(project, Run("import.table", {}), SourceInfo("table", "a.csv", {}), staged,
                    corpus="c", platform="web")
    files = write_report(project, "kk")
    html = files.html.read_text(encoding="utf-8")
    assert "Күні жоқ құжаттар (айлық диаграммада көрсетілмеген): 2" in html
    assert "Айлар мен корпустар бойынша құжаттар" not in html
    assert "<tr><td>анықталмаған</td><td class=\"num\">1</td>" in html
    assert files.exports == []
