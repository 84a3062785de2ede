"""The event-count and chronology PNGs: every period on the axis, and a legend for each colour (review R1)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from dauys.report.views import event_counts as view


def _table(field, rows):
    return pd.DataFrame(rows, columns=[field, "events", "fatalities"])


def test_all_periods_fills_the_gaps_of_every_period_kind():
    assert view.all_periods("month", ["2021-11", "2022-01"]) == ["2021-11", "2021-12", "2022-01"]
    assert view.all_periods("week", ["2021-W52", "2022-W02"]) == ["2021-W52", "2022-W01", "2022-W02"]
    assert view.all_periods("year", ["2011", "2013"]) == ["2011", "2012", "2013"]
    assert view.all_periods("day", ["2022-01-31", "2022-02-02", "—"]) == ["2022-01-31", "2022-02-01", "2022-02-02",
                                                                         "—"]
    assert view.all_periods("region", ["Маңғыстау облысы", "Алматы"]) == ["Маңғыстау облысы", "Алматы"]


def test_png_has_a_zero_bar_for_a_month_without_events(monkeypatch, tmp_path):
    captured = {}

    def keep(fig, path):
        captured["fig"] = fig
        return Path(path)

    monkeypatch.setattr(view, "save_figure", keep)
    table = _table("month", [["2021-11", 4, 0], ["2022-01", 44, 34], ["2022-03", 2, 0]])
    view.event_counts_png(table, tmp_path / "counts.png", "kk")
    ax = captured["fig"].axes[0]
    heights = [bar.get_height() for bar in ax.patches]
    assert heights == [4, 0, 44, 0, 2]
    assert [tick.get_text() for tick in ax.get_xticklabels()] == ["2021-11", "2021-12", "2022-01", "2022-02",
                                                                  "2022-03"]
    assert ax.get_ylabel() == "оқиғалар саны"


def test_chronology_png_has_a_legend_for_bars_line_and_shutdown_days(monkeypatch, tmp_path):
    # review R1: the PNG did not say which colour was events and which documents
    from dauys.report.views import chronology

    captured = {}

    def keep(fig, path):
        captured["fig"] = fig
        return Path(path)

    monkeypatch.setattr(chronology, "save_figure", keep)
    table = pd.DataFrame({"date": ["2022-01-04", "2022-01-05", "2022-01-06"], "events": [11, 12, 5],
                          "documents": [42, 11, 8], "shutdown": [False, True, True]})
    chronology.chronology_png(table, tmp_path / "chronology.png", "kk")
    labels = [text.get_text() for legend in captured["fig"].legends for text in legend.get_texts()]
    assert labels == ["күніне оқиғалар", "күніне құжаттар", "өшіру күшінде"]
    table["shutdown"] = False
    chronology.chronology_png(table, tmp_path / "chronology.png", "ru")
    labels = [text.get_text() for legend in captured["fig"].legends for text in legend.get_texts()]
    assert labels == ["событий в день", "документов в день"]


def test_region_names_of_an_english_result_read_in_the_report_language(monkeypatch, tmp_path):
    # review R1: a result counted with --label-lang en showed "Mangystau Region" in the Kazakh report's chart
    table = pd.DataFrame({"region": ["Almaty", "Almaty Region", "East Kazakhstan Region", "Mangystau Region",
                                     "unresolved"],
                          "events": [54, 3, 2, 39, 3], "fatalities": [33, 0, 0, 1, 0]})
    relabelled = view.relabel_regions(table, "kk")
    # Kazakh alphabetical order: Ш (Шығыс Қазақстан) comes after М (Маңғыстау); unresolved stays last
    assert relabelled["region"].tolist() == ["Алматы", "Алматы облысы", "Маңғыстау облысы", "Шығыс Қазақстан облысы",
                                             "анықталмаған"]
    assert relabelled["events"].tolist() == [54, 3, 39, 2, 3]
    assert view.relabel_regions(table, "ru")["region"].tolist()[2:] == ["Восточно-Казахстанская область",
                                                                        "Мангистауская область", "не определён"]
    assert table["region"].tolist()[0] == "Almaty"  # the saved table is left as it is
    fig = view.event_counts_chart(table, "kk")
    assert list(fig.data[0].y) == ["Алматы", "Алматы облысы", "Маңғыстау облысы", "Шығыс Қазақстан облысы",
                                   "анықталмаған"]


def test_the_kazakh_report_table_names_regions_in_kazakh(project):
    from dauys.analyze.base import run_analysis
    from dauys.ingest.acled import import_acled
    from dauys.report.html import write_report

    import_acled(project, Path(__file__).parents[1] / "data" / "events" / "acled_kz.csv")
    run_analysis(project, "event_counts", {"by": "region", "label_lang": "en"})
    page = write_report(project, "kk").html.read_text(encoding="utf-8")
    table = page.split("Өңір коды", 1)[1][:20000]  # the result's table, after its header of codes
    assert "Маңғыстау облысы" in table and "Mangystau Region" not in table
