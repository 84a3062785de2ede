"""`dauys import shutdowns`, `load_shutdowns`, and shutdown periods shaded on the report's time charts."""

from __future__ import annotations

import json
from datetime import date

import pandas as pd
import plotly.graph_objects as go
import pytest
from conftest import DATA

from dauys.analyze.base import run_analysis
from dauys.events.store import load_shutdowns
from dauys.ingest.shutdowns import import_shutdowns
from dauys.report.shutdowns import is_time_chart, shade_shutdowns, shade_shutdowns_png

LOG = DATA / "events" / "shutdowns.csv"
HEADER = "start,end,scope,region,service,source,notes\n"


def test_log_is_read_in_the_project_time_zone(project):
    result = import_shutdowns(project, LOG)
    assert (result.read, result.imported, result.rejected) == (3, 3, 0)
    log = load_shutdowns(project)
    assert log["service"].tolist() == ["Telegram", "mobile internet", "all internet"]
    city, regional, national = (log.iloc[i] for i in range(3))
    # a date alone: from the start of that day through the end of the end day, Almaty time (UTC+6 in 2022)
    assert national["starts_at"] == pd.Timestamp("2022-01-04 18:00", tz="UTC")
    assert national["ends_at"] == pd.Timestamp("2022-01-10 18:00", tz="UTC")
    assert (national["start_date"], national["end_date"]) == (date(2022, 1, 5), date(2022, 1, 10))
    assert national["scope"] == "national" and pd.isna(national["region_2022"]) and not national["in_force"]
    assert national["notes"] == "Интернет бүкіл ел бойынша өшірілді"
    assert regional["starts_at"] == pd.Timestamp("2022-01-04 12:00", tz="UTC")
    assert (regional["scope"], regional["region_2022"], regional["place"]) == ("region", "KZ-47", "Маңғыстау облысы")
    assert regional["end_date"] == date(2022, 1, 6)
    assert (city["scope"], city["region_2022"]) == ("city", "KZ-47")  # Жаңаөзен through the gazetteer
    assert city["in_force"] and pd.isna(city["ends_at"]) and city["end_date"] is None
    assert load_shutdowns(project, since="2022-01-07")["service"].tolist() == ["Telegram", "all internet"]
    assert load_shutdowns(project, until="2022-01-03").empty


def test_reimport_changes_nothing_and_a_newer_log_ends_a_restriction(project, tmp_path):
    import_shutdowns(project, LOG)
    again = import_shutdowns(project, LOG)
    assert (again.imported, again.updated, again.unchanged) == (0, 0, 3)
    newer = tmp_path / "newer.csv"
    newer.write_text(LOG.read_text(encoding="utf-8").replace("2022-01-04,,қала", "2022-01-04,2022-02-01,қала"),
                     encoding="utf-8")
    result = import_shutdowns(project, newer)
    assert (result.imported, result.updated, result.unchanged) == (0, 1, 2)
    log = load_shutdowns(project)
    assert len(log) == 3 and log.iloc[0]["end_date"] == date(2022, 2, 1) and not log["in_force"].any()


@pytest.mark.parametrize(
    ("row", "field", "reason"),
    [
        ("2022-01-10,2022-01-05,national,,all internet,x,", "end", "ends before it starts"),
        ("2022-01-05,,galaxy,,all internet,x,", "scope", "unknown scope; accepted: national (national,"),
        ("2022-01-05,,national,Атырау облысы,all internet,x,", "region", "a national restriction has no region"),
        ("2022-01-05,,region,,mobile internet,x,", "region", "needs the region or city"),
        ("2022-01-05,,region,Almaty Region,mobile internet,x,", "region",
         "'Almaty Region' was split in 2022 and may be any of KZ-19, KZ-33"),
        ("2022-01-05,,region,Нарния,mobile internet,x,", "region", "unknown region 'Нарния'"),
        ("5th of Jan,,national,,all internet,x,", "start", "not a date"),
        ("2022-01-05,,national,,all internet,,", "source", "source is empty"),
        ("2022-01-05,,national,,,x,", "service", "service is empty"),
    ],
)
def test_bad_rows_are_rejected(project, tmp_path, row, field, reason):
    path = tmp_path / "bad.csv"
    path.write_text(HEADER + "2022-01-05,2022-01-10,ұлттық,,мобильді интернет,ok,\n" + row + "\n", encoding="utf-8")
    result = import_shutdowns(project, path)
    assert (result.imported, result.rejected) == (1, 1)
    table = pd.read_csv(result.rejects_path, encoding="utf-8-sig", dtype=str)
    assert table[["row", "field"]].values.tolist() == [["3", field]]
    assert reason in table["reason"].iloc[0]
    assert load_shutdowns(project)[["scope", "service"]].values.tolist() == [["national", "mobile internet"]]


def _figure() -> go.Figure:
    days = pd.date_range("2022-01-01", "2022-01-14", freq="D")
    return go.Figure(go.Scatter(x=days, y=list(range(len(days)))))


def test_shading_plotly(project):
    import_shutdowns(project, LOG)
    fig = shade_shutdowns(_figure(), load_shutdowns(project), "kk")
    spans = [(pd.Timestamp(s.x0), pd.Timestamp(s.x1)) for s in fig.layout.shapes]
    assert spans == [
        (pd.Timestamp("2022-01-04"), pd.Timestamp("2022-01-15")),  # in force: to the chart's right edge
        (pd.Timestamp("2022-01-04"), pd.Timestamp("2022-01-07")),
        (pd.Timestamp("2022-01-05"), pd.Timestamp("2022-01-11")),
    ]
    names = [t.name for t in fig.data[1:]]
    assert names == ["Өшіру: Telegram (қалада Жаңаөзен), 2022-01-04 – әлі күшінде",
                     "Өшіру: mobile internet (өңірде Маңғыстау облысы), 2022-01-04 – 2022-01-06",
                     "Өшіру: all internet (бүкіл ел бойынша), 2022-01-05 – 2022-01-10"]
    assert is_time_chart(_figure()) and not is_time_chart(go.Figure(go.Bar(x=["a", "b"], y=[1, 2])))
    untouched = go.Figure(go.Bar(x=["Protests", "Riots"], y=[1, 2]))
    assert is_time_chart(untouched) is False


def test_shading_matplotlib(project):
    import matplotlib.dates as mdates
    from matplotlib.figure import Figure

    import_shutdowns(project, LOG)
    ax = Figure().subplots()
    days = pd.date_range("2022-01-01", "2022-01-14", freq="D")
    ax.plot(days.to_pydatetime(), range(len(days)))
    shade_shutdowns_png(ax, load_shutdowns(project), "en")
    patches = [p for p in ax.patches]
    assert len(patches) == 3
    national = patches[2].get_x(), patches[2].get_x() + patches[2].get_width()
    assert national == (mdates.date2num(pd.Timestamp("2022-01-05")), mdates.date2num(pd.Timestamp("2022-01-11")))
    labels = ax.get_legend_handles_labels()[1]
    assert "Shutdown: all internet (national)" in labels


def test_the_report_shades_time_charts(project):
    from dauys.ingest.acled import import_acled
    from dauys.report.html import build_report

    import_shutdowns(project, LOG)
    import_acled(project, DATA / "events" / "acled_kz.csv")
    run_analysis(project, "chronology", {"date_from": "2022-01-02", "date_to": "2022-01-12"})
    run_analysis(project, "event_counts", {"by": "event_type"})
    html = build_report(project, "ru").read_text(encoding="utf-8")
    legend = json.dumps("Отключение: all internet (по всей стране), 2022-01-05 – 2022-01-10")  # as plotly writes it
    assert html.count(legend) == 1  # the chronology is shaded; the bars per event type are not a time chart
    assert "Хроника: события, отключения и активность в сети по дням" in html


def test_other_time_charts_are_shaded_and_category_charts_are_not(project):
    from dauys.events.store import load_shutdowns
    from dauys.report.charts import chart_for
    from dauys.report.shutdowns import shade_report_figure

    trends = pd.DataFrame({
        "series": "Жаңаөзен", "group": "all", "period": ["2021-12", "2022-01", "2022-02"],
        "start": pd.to_datetime(["2021-12-01", "2022-01-01", "2022-02-01"]), "hits": [1, 5, 2],
        "total": [10, 10, 10], "share": [0.1, 0.5, 0.2], "ci_low": [0.0, 0.2, 0.05], "ci_high": [0.4, 0.8, 0.5],
    })
    figure = chart_for("trends", trends, "en")
    assert shade_report_figure(figure, load_shutdowns(project), "en").layout.shapes == ()  # none yet
    import_shutdowns(project, LOG)
    log = load_shutdowns(project)
    shaded = shade_report_figure(chart_for("trends", trends, "en"), log, "en")
    assert len(shaded.layout.shapes) == 3
    # in force: to the chart's end, one month (the spacing of its points) after the last point
    assert pd.Timestamp(shaded.layout.shapes[0].x1) == pd.Timestamp("2022-02-01") + pd.Timedelta(days=31)
    bars = chart_for("event_counts", pd.DataFrame({"event_type": ["Protests", "Riots"], "events": [3, 1],
                                                   "fatalities": [0, 1]}), "en")
    assert shade_report_figure(bars, log, "en").layout.shapes == ()
    own = chart_for("trends", trends, "en").update_layout(meta={"shutdowns_shaded": True})
    assert shade_report_figure(own, log, "en").layout.shapes == ()  # a chart that shades itself is left alone


def test_cli_imports_the_log_and_lists_the_rejected_rows(cli, project, tmp_path):
    out = cli("import", "shutdowns", str(LOG), "-p", str(project.path))
    assert out.exit_code == 0, out.output
    assert f"Imported the shutdown log {LOG}" in " ".join(out.stdout.split())
    assert "read 3   imported 3   updated 0   unchanged 0   rejected 0" in out.stdout
    bad = tmp_path / "log.csv"
    bad.write_text(HEADER + "2022-01-05,,ұлттық,,мобильді интернет,Azattyq,\nкеше,,ұлттық,,Telegram,x,\n",
                   encoding="utf-8")
    out = cli("import", "shutdowns", str(bad), "-p", str(project.path))
    assert out.exit_code == 0, out.output
    assert "read 2   imported 1" in out.stdout and "rejected 1" in out.stdout and "rejected rows:" in out.stdout
    help_text = cli("import", "shutdowns", "--help").stdout
    assert "Import shutdowns: columns start, end" in help_text and "--delimiter" in help_text
