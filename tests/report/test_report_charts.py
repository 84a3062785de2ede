"""The chart registry, the top_terms chart and the heat map helper (plotly), and their PNG twins."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import pytest
from matplotlib import ft2font
from test_report_methods import TOP_TERMS

from dauys.errors import InputError
from dauys.report import charts, png
from dauys.report.charts import CHARTS, chart_for, register_chart, term_heatmap, top_terms_chart

KAZAKH_LETTERS = "ӘәҒғҚқҢңӨөҰұҮүҺһІі"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def test_top_terms_is_registered_and_unknown_analyses_have_no_chart():
    assert CHARTS["top_terms"] is top_terms_chart
    assert chart_for("keyness_not_written_yet", TOP_TERMS, "en") is None


def test_register_chart_adds_an_analysis(monkeypatch):
    monkeypatch.setattr(charts, "CHARTS", {})

    @register_chart("channel_growth")
    def growth(table: pd.DataFrame, lang: str) -> go.Figure:
        return go.Figure(go.Scatter(x=table["day"], y=table["subscribers"]))

    figure = charts.chart_for("channel_growth", pd.DataFrame({"day": [1, 2], "subscribers": [10, 12]}), "kk")
    assert list(figure.data[0].y) == [10, 12]


def test_top_terms_chart_draws_one_panel_of_bars_per_group():
    figure = top_terms_chart(TOP_TERMS, "kk")
    bars = [trace for trace in figure.data if trace.type == "bar"]
    assert [bar.name for bar in bars] == ["telegram", "speeches"]
    assert list(bars[0].y) == ["газ", "бағасы", "жастар"]
    assert list(bars[1].x) == [125.0, 100.0, 50.0]
    assert all(bar.orientation == "h" for bar in bars)
    titles = [annotation.text for annotation in figure.layout.annotations]
    assert titles == ["telegram", "speeches"]
    assert figure.layout.xaxis.title.text == "топтың 1000 сөзіне шаққанда"
    assert figure.layout.yaxis.autorange == "reversed", "rank 1 must be drawn at the top"


def test_top_terms_chart_names_missing_columns():
    with pytest.raises(InputError, match="per_1000"):
        top_terms_chart(TOP_TERMS.drop(columns=["per_1000"]), "en")


def test_term_heatmap_draws_terms_by_groups_with_a_translated_average_column():
    matrix = pd.DataFrame(
        {"2019": [12.0, 3.5], "2020": [8.0, 6.0], "average": [10.0, 4.75]}, index=["экономика", "халық"]
    )
    figure = term_heatmap(matrix, "kk", value_label="1000 сөзге")
    heat = figure.data[0]
    assert heat.type == "heatmap"
    assert list(heat.x) == ["2019", "2020", "Орташа"]
    assert list(heat.y) == ["экономика", "халық"]
    assert [list(row) for row in heat.z] == [[12.0, 8.0, 10.0], [3.5, 6.0, 4.75]]
    with pytest.raises(InputError, match="empty"):
        term_heatmap(pd.DataFrame(), "en")


def test_png_font_has_every_kazakh_letter():
    font = ft2font.FT2Font(str(png.font_path()))
    missing = [letter for letter in KAZAKH_LETTERS if font.get_char_index(ord(letter)) == 0]
    assert missing == []
    assert png.font_path().name == "DejaVuSans.ttf"


def _png_size(path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == PNG_SIGNATURE
    assert data[12:16] == b"IHDR"
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


def test_png_charts_are_valid_png_files(tmp_path):
    width, height = _png_size(png.save_chart_png("top_terms", TOP_TERMS, tmp_path / "terms.png", "kk"))
    assert width > 400 and height > 200
    matrix = pd.DataFrame({"2019": [12.0, float("nan")], "average": [10.0, 4.0]},
                          index=["экономика", "халық"])
    _png_size(png.heatmap_png(matrix, tmp_path / "heat.png", "ru", value_label="на 1000 слов"))
    monthly = pd.DataFrame({"telegram": [3, 1], "speeches": [0, 2]}, index=["2022-01", "2022-02"])
    _png_size(png.monthly_bars_png(monthly, tmp_path / "sub" / "months.png", "kk", "Айлар бойынша"))


def test_png_chart_of_an_analysis_without_one_is_refused(tmp_path):
    with pytest.raises(InputError, match="export its table as .csv or .xlsx"):
        png.save_chart_png("kwic", pd.DataFrame({"left": ["a"]}), tmp_path / "x.png", "en")
    assert not (tmp_path / "x.png").exists()
