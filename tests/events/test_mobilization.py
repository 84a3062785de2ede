"""The mobilization analyses through the project API, the CLI and the report, on a small generated project
where posts lead protests by three days and the internet was cut for a week."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import numpy as np
import plotly.graph_objects as go
import pytest
from mobilization_data import add_documents, add_events, add_shutdown, leading_pair

from dauys.analyze.base import analyses, run_analysis
from dauys.errors import InputError
from dauys.events.caveats import CAVEATS, KEYS, caveat_text
from dauys.report.charts import chart_for
from dauys.report.html import build_report
from dauys.report.png import save_chart_png
from dauys.report.views import load_views

FIRST = date(2022, 1, 1)
DAYS = 200
NAMES = ("activity_series", "cross_correlation", "granger", "event_study")


@pytest.fixture
def study(project):
    online, events = leading_pair(DAYS, 3, seed=5)
    events[0] = events[-1] = 1  # the series span the whole 200 days
    add_documents(project, FIRST, online, [2] * DAYS)
    add_events(project, FIRST, events, fatalities=0)
    # 5 January 2022 00:00 to 12 January 00:00 in Almaty (UTC+6): seven days, the 5th to the 11th
    add_shutdown(project, datetime(2022, 1, 4, 18, tzinfo=UTC), datetime(2022, 1, 11, 18, tzinfo=UTC))
    return project


def test_the_analyses_are_offered_under_mobilization():
    registry = analyses()
    assert all(registry[name].command_group == "mobilization" for name in NAMES)


def test_the_known_lead_is_found_through_the_project(study):
    saved = run_analysis(study, "cross_correlation", {"max_lag": 10})
    table = saved.frame()
    assert table.attrs["peak_lag"] == 3 and table.attrs["band_kind"] == "white"
    assert table.loc[table["peak"], "lag"].tolist() == [3] and bool(table.loc[table["peak"], "outside_band"].iat[0])
    assert table.attrs["caveats"] == list(KEYS) and table.attrs["event_types"] == ["Protests"]
    assert saved.warnings[0].startswith("The largest correlation is at lag +3 (online activity leads events)")
    assert any(w == "Caveat: " + caveat_text("en") for w in saved.warnings)
    granger = run_analysis(study, "granger", {"max_lags": 10}).frame().set_index("test")
    assert granger.at["online → events", "p_value"] < 0.001 and granger.at["online → events", "significant"]
    assert granger.at["online → events", "n"] == granger.at["events → online", "n"]
    assert "stationary" in granger.at["online → events", "cause_stationarity"]
    entry = study.log()[-1]
    assert entry["step"] == "analyze.granger" and entry["params"]["max_lags"] == 10


def test_excluding_the_shutdown_week_drops_seven_periods(study):
    flagged = run_analysis(study, "cross_correlation", {"max_lag": 5, "prewhiten": False}).frame()
    excluded_saved = run_analysis(study, "cross_correlation", {"max_lag": 5, "prewhiten": False,
                                                               "shutdowns": "exclude"})
    excluded = excluded_saved.frame()
    assert flagged.attrs["n"] == DAYS and excluded.attrs["n"] == DAYS - 7
    assert "7 shutdown days were excluded from the statistics (--shutdowns exclude)." in excluded_saved.warnings
    series = run_analysis(study, "activity_series", {"shutdowns": "exclude"}).frame()
    assert series.loc[series["excluded"], "period"].tolist() == [f"2022-01-{d:02d}" for d in range(5, 12)]


def test_event_study_and_weekly_series(study):
    table = run_analysis(study, "event_study", {"window": 5, "min_events": 3, "n_boot": 300}).frame()
    assert table["offset"].tolist() == list(range(-5, 6))
    rising = table.set_index("offset")
    assert rising.loc[-3, "difference"] > 0 and rising.loc[-3, "diff_ci_low"] > 0  # posts rise 3 days before
    assert table.attrs["events"] >= 2 and table.attrs["baseline_kind"] == "outside"
    weekly = run_analysis(study, "activity_series", {"freq": "week"}).frame()
    assert weekly["period"].iat[0] == "2021-W52" and weekly["events"].sum() == run_analysis(
        study, "activity_series", {}).frame()["events"].sum()


def test_bad_options_are_refused_with_the_option_named(study):
    with pytest.raises(InputError, match="--region 'Almaty'"):
        run_analysis(study, "granger", {"region": "Almaty"})
    with pytest.raises(InputError, match="--shutdowns 'drop'"):
        run_analysis(study, "cross_correlation", {"shutdowns": "drop"})
    with pytest.raises(InputError, match="usable periods"):
        run_analysis(study, "granger", {"freq": "week"})  # 29 weeks, too few for 14 lags


def test_the_cli_runs_and_prints_the_caveat(study, cli):
    result = cli("mobilization", "cross-correlation", "--max-lag", "7", "--project", study.path)
    assert result.exit_code == 0, result.stdout
    assert "lag +3" in result.stdout and "Caveat: Event data undercount" in result.stdout
    bad = cli("mobilization", "granger", "--types", "Battles", "--project", study.path)
    assert bad.exit_code == 2 and "Battles" in bad.stderr


def test_caveats_are_written_in_every_language():
    assert set(CAVEATS) == {"en", "ru", "kk"}
    for lang in CAVEATS:
        assert set(CAVEATS[lang]) == set(KEYS)
    assert "ACLED" in caveat_text("kk") and "себеп-салдар" in caveat_text("kk")
    assert "Корреляция не означает причинности" in caveat_text("ru")


@pytest.mark.parametrize("name", NAMES)
def test_each_result_has_a_chart_and_a_png_with_the_caveat_in_kazakh(study, name, tmp_path):
    load_views()
    params = {"event_study": {"min_events": 3, "n_boot": 200}, "granger": {"max_lags": 7}}.get(name, {})
    table = run_analysis(study, name, params).frame()
    figure = chart_for(name, table, "kk")
    assert isinstance(figure, go.Figure)
    texts = " ".join(a.text for a in figure.layout.annotations)
    assert "Корреляция себеп-салдар" in texts.replace("<br>", " ")
    png = save_chart_png(name, table, tmp_path / f"{name}.png", "kk")
    assert png.read_bytes()[:4] == b"\x89PNG"


def test_the_combined_chart_shades_the_shutdown_and_uses_two_axes(study):
    load_views()
    table = run_analysis(study, "activity_series", {}).frame()
    figure = chart_for("activity_series", table, "ru")
    assert [trace.type for trace in figure.data][:2] == ["bar", "scatter"] and figure.data[1].yaxis == "y2"
    shades = [s for s in figure.layout.shapes if s.type == "rect"]
    assert len(shades) == 1 and str(shades[0].x0)[:10] == "2022-01-05" and str(shades[0].x1)[:10] == "2022-01-12"
    assert figure.layout.yaxis2.title.text == "посты" and figure.layout.meta["shutdowns_shaded"]


def test_the_report_shows_the_results_in_kazakh(study):
    run_analysis(study, "cross_correlation", {"max_lag": 7})
    run_analysis(study, "granger", {"max_lags": 7})
    html = build_report(study, "kk").read_text(encoding="utf-8")
    assert "Онлайн белсенділік пен оқиғалардың кросс-корреляциясы" in html
    assert "Грейнджер тесттері" in html
    # the caveat is printed on each chart (plotly writes its texts as JSON \\u escapes)
    assert json.dumps("Корреляция себеп-салдар байланысын білдірмейді")[1:-1] in html


def test_a_shutdown_drop_makes_a_spurious_lag_unless_excluded(project):
    """Unrelated posts and protests, but during a ten-day shutdown posts vanish while protests go on."""
    rng = np.random.default_rng(12)
    online = np.round(20 + 3 * rng.standard_normal(DAYS)).astype(int)
    events = rng.poisson(2, DAYS)
    online[100:110] = 0
    events[100:110] += 6
    events[0] = events[-1] = 1
    add_documents(project, FIRST, online)
    add_events(project, FIRST, events)
    start = datetime(2022, 4, 10, tzinfo=ZoneInfo("Asia/Almaty"))  # day 100 is 10 April 2022
    add_shutdown(project, start, start + timedelta(days=10))
    params = {"max_lag": 5, "prewhiten": False}
    flagged = run_analysis(project, "cross_correlation", params).frame().set_index("lag")
    assert flagged.at[0, "outside_band"] and flagged.at[0, "r"] < -0.4
    excluded = run_analysis(project, "cross_correlation", {**params, "shutdowns": "exclude"}).frame()
    assert excluded.attrs["n"] == DAYS - 10
    # no lag near zero is left; of 11 lags, one in twenty may cross a 95 % band by chance (here two far ones do)
    assert not excluded.set_index("lag").loc[-2:2, "outside_band"].any()
    assert excluded["r"].abs().max() < 0.5 * abs(flagged.at[0, "r"])
