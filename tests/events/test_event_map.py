"""The event map: counts per 2022 region, rates per 100,000 from imported populations with their source."""

from __future__ import annotations

import json

import pytest
from conftest import DATA

from dauys.analyze.base import run_analysis
from dauys.errors import InputError
from dauys.events.store import load_populations
from dauys.ingest.acled import import_acled
from dauys.ingest.populations import import_populations

# figures invented for the test (round numbers), not statistics
POPULATIONS = ("region,year,population\n"
               "Маңғыстау облысы,2022,750000\nKZ-75,2022,2000000\nAlmaty,2021,1900000\nЖетісу облысы,2022,"
               "700 000\n")
SOURCE = "Invented test figures (not statistics)"


@pytest.fixture
def events_project(project):
    import_acled(project, DATA / "events" / "acled_kz.csv")
    return project


def test_counts_per_region(events_project):
    saved = run_analysis(events_project, "event_map", {})
    table = saved.frame().set_index("region")
    assert len(table) == 20
    assert table.loc["KZ-75", ["events", "fatalities"]].tolist() == [3, 17]
    assert table.loc["KZ-47", "events"] == 3 and table.loc["KZ-33", "events"] == 2 and table.loc["KZ-11", "events"] == 0
    assert table["events"].sum() == 15  # the unresolved one is not on the map ...
    assert saved.warnings == ("1 of 16 events have no 2022 region and are not on the map",)  # ... and is named
    assert (table["value"] == table["events"]).all() and (table["measure"] == "count").all()
    protests = run_analysis(events_project, "event_map", {"types": "Protests", "label_lang": "kk"}).frame()
    assert protests.set_index("region").loc["KZ-75", "events"] == 0
    assert protests.set_index("region").loc["KZ-33", "name"] == "Жетісу облысы"


def test_rates_need_populations_with_a_source(events_project, tmp_path):
    with pytest.raises(InputError, match="rates per 100,000 need population figures"):
        run_analysis(events_project, "event_map", {"measure": "rate"})
    path = tmp_path / "populations.csv"
    path.write_text(POPULATIONS, encoding="utf-8")
    with pytest.raises(InputError, match="--source is required"):
        import_populations(events_project, path, source=" ")
    result = import_populations(events_project, path, source=SOURCE)
    assert (result.imported, result.years) == (4, [2021, 2022])
    figures = load_populations(events_project, 2022).set_index("region_2022")
    assert figures.loc["KZ-33", "population"] == 700_000 and figures.loc["KZ-33", "source"] == SOURCE
    with events_project.store.read() as con:
        params = json.loads(con.execute("SELECT params FROM runs WHERE step = 'import.populations'").fetchone()[0])
    assert params["source"] == SOURCE

    saved = run_analysis(events_project, "event_map", {"measure": "rate"})
    table = saved.frame().set_index("region")
    assert table.loc["KZ-47", "rate_per_100k"] == pytest.approx(3 / 750_000 * 100_000)
    assert table.loc["KZ-75", ["population", "population_year"]].tolist() == [2_000_000, 2022]  # the latest year
    assert table.loc["KZ-75", "value"] == pytest.approx(0.15)
    assert table["value"].isna().sum() == 17 and table.loc["KZ-47", "population_source"] == SOURCE
    assert any(w.startswith("no population figure for Abai Region, Akmola Region") for w in saved.warnings)
    older = run_analysis(events_project, "event_map", {"measure": "rate", "population_year": 2021}).frame()
    assert older.set_index("region").loc["KZ-75", "value"] == pytest.approx(3 / 1_900_000 * 100_000)


def test_population_file_errors_refuse_the_file(events_project, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("region,year,population\nAlmaty Region,2019,2000000\nНарния,2022,5\nKZ-47,1850,5\n"
                    "KZ-47,2022,-3\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        import_populations(events_project, path, source=SOURCE)
    message = str(info.value)
    assert "4 problem(s), so nothing was imported" in message
    assert "row 2, region: 'Almaty Region' — 'Almaty Region' names a region split in 2022 (KZ-19, KZ-33)" in message
    assert "row 3, region: 'Нарния' — unknown region 'Нарния'" in message
    assert "row 4, year: '1850' — not a year from 1991" in message
    assert "row 5, population: '-3' — not a number above 0" in message
    assert load_populations(events_project).empty


def test_map_chart_png_and_cli(events_project, tmp_path, cli):
    from dauys.report.charts import chart_for
    from dauys.report.png import save_chart_png

    path = tmp_path / "populations.csv"
    path.write_text(POPULATIONS, encoding="utf-8")
    out = cli("import", "populations", str(path), "--source", SOURCE, "-p", str(events_project.path))
    assert out.exit_code == 0, out.output
    assert "new 4" in out.stdout and SOURCE in out.stdout
    table = run_analysis(events_project, "event_map", {"measure": "rate"}).frame()
    fig = chart_for("event_map", table, "ru")
    assert SOURCE in fig.layout.title.text and "События на 100 000 жителей" in fig.layout.title.text
    assert save_chart_png("event_map", table, tmp_path / "map.png", "kk").stat().st_size > 10_000


def test_a_map_without_events_says_why(events_project):
    # review R1: an empty project or selection saved an all-zero map without a word
    empty = run_analysis(events_project, "event_map", {"date_to": "1995-01-01"})
    assert empty.warnings == ("no events match the selection (types, dates): every region shows 0",)
    assert empty.frame()["events"].sum() == 0


def test_a_map_of_a_project_without_events(tmp_path):
    from dauys.project import init_project

    fresh = init_project(tmp_path / "no-events")
    saved = run_analysis(fresh, "event_map", {})
    assert saved.warnings == ("the project has no events: every region shows 0; import them with `dauys import "
                              "acled` or `dauys import events`",)
