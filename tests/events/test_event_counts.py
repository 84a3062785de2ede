"""Event counts: exact figures of the ACLED fixture via the API, the analysis and `dauys events count`."""

from __future__ import annotations

import io
import json
import subprocess

import pandas as pd
import pytest
from conftest import DATA

from dauys.analyze.base import run_analysis
from dauys.errors import InputError
from dauys.events.event_counts import count_events
from dauys.ingest.acled import import_acled
from dauys.ingest.local_events import import_local_events

ACLED = DATA / "events" / "acled_kz.csv"
BY_TYPE = [["Battles", 1, 10], ["Protests", 12, 0], ["Riots", 2, 6], ["Violence against civilians", 1, 2]]
BY_REGION = [
    ["Abai Region", 1, 0], ["Aktobe Region", 1, 0], ["Almaty", 3, 17], ["Astana", 1, 0], ["Atyrau Region", 1, 1],
    ["Jambyl Region", 1, 0], ["Jetisu Region", 2, 0], ["Karaganda Region", 1, 0], ["Mangystau Region", 3, 0],
    ["Shymkent", 1, 0], ["unresolved", 1, 0],
]


@pytest.fixture
def events_project(project):
    import_acled(project, ACLED)
    return project


def test_counts_by_type_region_and_year(events_project):
    by_type = count_events(events_project, "event_type")
    assert by_type.contract_table().values.tolist() == BY_TYPE
    assert list(by_type.contract_table().columns) == ["event_type", "events", "fatalities"]
    by_region = count_events(events_project, "region")
    assert by_region.contract_table().values.tolist() == BY_REGION
    by_year = count_events(events_project, ["year"])
    assert by_year.contract_table().values.tolist() == [[2022, 12, 17], [2023, 4, 1]]
    assert count_events(events_project, "admin1").contract_table().values.tolist() == BY_REGION
    assert count_events(events_project, "admin1_recorded").table.set_index("admin1_recorded").loc[
        "Almaty Region", "events"] == 3
    assert count_events(events_project, "acled_region").contract_table().values.tolist() == [
        ["Caucasus and Central Asia", 16, 18]]


def test_the_note_says_what_was_counted(events_project):
    note = count_events(events_project, "year").note
    assert note[0] == "Counted 16 events."
    assert note[1] == ("All event types were counted: Protests 12, Riots 2, Battles 1, Violence against civilians 1. "
                       "To count one kind only, use --types or --by event_type.")
    assert note[2] == ("Events recorded at week precision (1) and at month precision (1) are counted at their "
                       "recorded date.")
    assert note[3] == 'Peaceful protests (sub-event type "Peaceful protest"): 10 of 12 Protests events (83.3%).'
    protests = count_events(events_project, "month", types="protests", since="2022-01-01", until="2022-01-31")
    assert protests.contract_table().values.tolist() == [["2022-01", 6, 0]]
    assert protests.note[:2] == ["Counted 6 events from 2022-01-01 to 2022-01-31.", "Event types counted: Protests 6."]
    by_region = count_events(events_project, "region", lang="kk")
    assert by_region.table["region"].iloc[-1] == "анықталмаған"
    assert "Жетісу облысы" in set(by_region.table["region"])
    assert by_region.note[-1] == "1 оқиғаның 2022 жылғы өңірі анықталмаған; олар «анықталмаған» ретінде есептелді."


def test_periods_dates_inclusive_and_peaceful_share(events_project):
    days = count_events(events_project, "day,event_type", since="2022-01-05", until="2022-01-06").table
    assert days[["day", "event_type", "events", "fatalities"]].values.tolist() == [
        ["2022-01-05", "Protests", 1, 0], ["2022-01-05", "Riots", 1, 5],
        ["2022-01-06", "Battles", 1, 10], ["2022-01-06", "Violence against civilians", 1, 2]]
    weeks = count_events(events_project, "week", until="2022-01-09").contract_table()
    assert weeks.values.tolist() == [["2022-W01", 6, 17]]  # 4-7 January 2022 are in ISO week 1
    table = count_events(events_project, "year").table
    assert table[["protests", "peaceful_protests"]].values.tolist() == [[9, 8], [3, 2]]
    assert table["peaceful_share"].round(4).tolist() == [round(8 / 9, 4), round(2 / 3, 4)]


def test_bad_fields_types_and_dates(events_project):
    with pytest.raises(InputError, match=r"--by 'regoin' is not a field \(did you mean region"):
        count_events(events_project, "regoin")
    with pytest.raises(InputError, match=r"type 'Strikes'; the project's event types are: Protests \(12\)"):
        count_events(events_project, "year", types="Strikes")
    with pytest.raises(InputError, match="expected a date as YYYY-MM-DD"):
        count_events(events_project, "year", since="5 Jan")
    with pytest.raises(InputError, match="is after --to"):
        count_events(events_project, "year", since="2023-01-01", until="2022-01-01")


def test_local_typology_and_nature_are_fields(events_project, tmp_path):
    path = tmp_path / "local.csv"
    path.write_text("date,region,settlement,typology,nature,participants\n"
                    "2011-12-16,Mangystau,Zhanaozen,шеру,экономикалық,2000\n"
                    "2011-05-20,Mangystau,Zhanaozen,голодовка,economic,30\n", encoding="utf-8")
    import_local_events(events_project, path)
    table = count_events(events_project, "typology,nature", until="2017-12-31").contract_table()
    assert table.values.tolist() == [["hunger strike", "economic", 1, 0], ["rally", "economic", 1, 0]]
    assert count_events(events_project, "year", until="2017-12-31").note[-1] == (
        "2 events come from local monitors (event type Protests, with the monitor's typology).")


def test_analysis_saves_the_table_with_the_note(events_project):
    saved = run_analysis(events_project, "event_counts", {"by": "region,event_type", "label_lang": "ru"})
    frame = saved.frame()
    assert list(frame.columns[:4]) == ["region", "event_type", "events", "fatalities"]
    assert frame["events"].sum() == 16
    assert frame.loc[frame["region"] == "Алматы", "events"].sum() == 3
    assert any("Учтено событий: 16." in w for w in saved.warnings)


def test_cli_table_csv_json(cli, events_project):
    base = ["events", "count", "--project", str(events_project.path)]
    table = cli(*base, "--by", "event_type")
    assert table.exit_code == 0, table.output
    lines = table.stdout.splitlines()
    assert lines[0].split() == ["event_type", "events", "fatalities"]
    assert lines[1].split() == ["Battles", "1", "10"]
    assert lines[4].split() == ["Violence", "against", "civilians", "1", "2"]
    assert lines[5] == "" and lines[6] == "Counted 16 events."
    assert "Peaceful protests" in table.stdout  # the note follows the table on stdout

    as_csv = cli(*base, "--by", "region", "--format", "csv")
    frame = pd.read_csv(io.StringIO(as_csv.stdout))
    assert frame.values.tolist() == BY_REGION
    assert "All event types were counted" in as_csv.stderr and "Counted" not in as_csv.stdout

    as_json = cli(*base, "--by", "year,event_type", "--types", "Protests,Riots", "--format", "json", "--from",
                  "2023-01-01", "--lang", "kk")
    assert json.loads(as_json.stdout) == [
        {"year": 2023, "event_type": "Protests", "events": 3, "fatalities": 0},
        {"year": 2023, "event_type": "Riots", "events": 1, "fatalities": 1},
    ]
    assert "Есептелген оқиғалар: 4" in as_json.stderr

    bad = cli(*base, "--by", "year", "--format", "xml")
    assert bad.exit_code == 2 and "expected one of table, csv, json" in bad.stderr


def test_the_real_entry_point(dauys_exe, events_project):
    done = subprocess.run([dauys_exe, "events", "count", "--by", "year", "--format", "csv", "-p",
                           str(events_project.path)], capture_output=True, text=True, check=True)
    assert done.stdout.splitlines() == ["year,events,fatalities", "2022,12,17", "2023,4,1"]
    assert "All event types were counted" in done.stderr


def test_report_views(events_project, tmp_path):
    from dauys.report.charts import chart_for
    from dauys.report.png import save_chart_png

    weekly = run_analysis(events_project, "event_counts", {"by": "week,event_type"}).frame()
    fig = chart_for("event_counts", weekly, "kk")
    assert fig.layout.xaxis.type == "date" and fig.layout.xaxis.title.text == "апта"
    assert [t.name for t in fig.data] == ["Battles", "Protests", "Riots", "Violence against civilians"]
    assert sum(sum(t.y) for t in fig.data) == 16
    assert str(fig.data[1].x[0])[:10] == "2022-01-03"  # ISO week 2022-W01 starts on Monday 3 January
    regions = run_analysis(events_project, "event_counts", {"by": "region", "label_lang": "ru"}).frame()
    bars = chart_for("event_counts", regions, "ru")
    assert bars.data[0].orientation == "h" and "Область Жетысу" in list(bars.data[0].y)
    for name, table in (("weekly", weekly), ("regions", regions)):
        assert save_chart_png("event_counts", table, tmp_path / f"{name}.png", "kk").stat().st_size > 10_000


# --- review H11 --------------------------------------------------------------------------------


def test_notes_use_the_plural_forms_of_each_language(events_project):
    # review H11.7: "1 events recorded ...", "1 events have no 2022 region"
    one = count_events(events_project, "region", types="Riots", since="2022-01-05", until="2022-01-05")
    assert one.note[0] == "Counted 1 event from 2022-01-05 to 2022-01-05."
    assert one.note[-1] == "No Protests events were counted, so there is no share of peaceful protests."
    by_region = count_events(events_project, "region")
    assert by_region.note[-1] == '1 event has no 2022 region and is counted as "unresolved".'
    ru = count_events(events_project, "region", lang="ru")
    assert ru.note[-1] == "У 1 события не определён регион 2022 года; оно учтено как «не определён»."
    assert ru.note[-2] == 'Мирные протесты (подтип "Peaceful protest"): 10 из 12 событий типа Protests (83,3%).'
    kk = count_events(events_project, "region", lang="kk")
    assert kk.note[-2] == ('Бейбіт наразылықтар ("Peaceful protest" кіші түрі): Protests түріндегі 12 оқиғадан 10 '
                           "(83,3%).")
    single = count_events(events_project, "year", types="Protests", since="2022-01-05", until="2022-01-05")
    assert single.note[-1].startswith('Peaceful protests (sub-event type "Peaceful protest"): 1 of 1 Protests event (')
    from dauys.events.event_counts import note_text

    assert [note_text("local", "ru", k, k=k) for k in (1, 3, 5, 21)] == [
        f"{k} {word} из данных местных мониторингов (тип Protests, с типологией мониторинга)."
        for k, word in ((1, "событие взято"), (3, "события взяты"), (5, "событий взяты"), (21, "событие взято"))
    ]
    assert note_text("counted", "en", 12400, n=12400, window="") == "Counted 12,400 events."
    assert note_text("counted", "ru", 12400, n=12400, window="") == "Учтено событий: 12\u00a0400."


def test_an_empty_project_says_to_import_events_and_an_empty_selection_says_so(tmp_path, cli):
    # review H11.7: "No events match the selection." on a project that holds no events at all
    import dauys

    project = dauys.init_project(tmp_path / "no_events")
    for lang, command in (("en", "import them with `dauys import acled FILE`"),
                          ("ru", "импортируйте их командой `dauys import acled FILE`"),
                          ("kk", "`dauys import acled FILE` (ACLED экспорты) немесе `dauys import events FILE`")):
        note = count_events(project, "year", lang=lang).note
        assert len(note) == 1 and command in note[0] and "dauys import events FILE" in note[0]
    out = cli("events", "count", "--by", "region", "--project", str(project.path))
    assert out.exit_code == 0 and "The project holds no events yet" in out.stdout
    import_acled(project, ACLED)
    assert count_events(project, "year", since="2025-01-01").note == ["No events match the selection."]


def test_the_saved_table_keeps_the_region_code_and_the_command_output_does_not_change(events_project, cli):
    # review H11.8: the saved table held region names only in the run's language
    saved = run_analysis(events_project, "event_counts", {"by": "region,event_type", "label_lang": "en"})
    frame = saved.frame()
    assert list(frame.columns) == ["region", "event_type", "events", "fatalities", "protests", "peaceful_protests",
                                   "peaceful_share", "region_2022"]
    assert frame.loc[frame["region"] == "Mangystau Region", "region_2022"].unique().tolist() == ["KZ-47"]
    assert frame.loc[frame["region"] == "unresolved", "region_2022"].isna().all()
    from dauys.events.event_counts import region_names_in

    kazakh = region_names_in(frame, "kk")
    assert kazakh.loc[frame["region"] == "Mangystau Region", "region"].unique().tolist() == ["Маңғыстау облысы"]
    assert kazakh.loc[frame["region"] == "unresolved", "region"].unique().tolist() == ["анықталмаған"]
    assert kazakh["events"].tolist() == frame["events"].tolist()
    by_year = run_analysis(events_project, "event_counts", {"by": "year"}).frame()
    assert "region_2022" not in by_year.columns and region_names_in(by_year, "kk") is by_year
    assert list(count_events(events_project, "admin1").contract_table().columns) == ["admin1", "events", "fatalities"]
    as_csv = cli("events", "count", "--by", "region", "--format", "csv", "--project", str(events_project.path))
    assert as_csv.stdout.splitlines()[0] == "region,events,fatalities"


def test_csv_and_json_output_end_with_a_newline(dauys_exe, events_project):
    # review H11.9: the last CSV row ran on into the note on stderr
    for output in ("csv", "json"):
        done = subprocess.run([dauys_exe, "events", "count", "--by", "region", "--lang", "kk", "--format", output,
                               "-p", str(events_project.path)], capture_output=True, text=True, check=True)
        assert done.stdout.endswith("\n") and not done.stdout.endswith("\n\n"), output
        assert done.stderr.startswith("Есептелген оқиғалар: 16.")
    merged = subprocess.run([dauys_exe, "events", "count", "--by", "region", "--format", "csv", "-p",
                             str(events_project.path)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            check=True).stdout.splitlines()
    assert "unresolved,1,0" in merged and "Counted 16 events." in merged
