"""`dauys import events`: the local-monitor template, its typology and nature in three languages."""

from __future__ import annotations

import pandas as pd
import pytest
from conftest import DATA

from dauys.errors import InputError
from dauys.events.store import load_events
from dauys.ingest.local_events import import_local_events

LOCAL = DATA / "events" / "local_events.csv"


def test_template_in_kazakh_russian_and_english(project):
    result = import_local_events(project, LOCAL)
    assert (result.read, result.imported, result.rejected) == (6, 6, 0)
    events = load_events(project)
    assert events["typology"].tolist() == ["hunger strike", "rally", "road blockade", "single picket",
                                           "appeal to the president", "rally"]
    assert events["nature"].tolist() == ["economic", "economic", "social", "political", "social", "social"]
    assert (events["event_type"] == "Protests").all() and (events["origin"] == "local").all()
    zhanaozen = events.iloc[1]
    assert str(zhanaozen["event_date"])[:10] == "2011-12-16"
    assert zhanaozen["location"] == "Жаңаөзен" and zhanaozen["admin1"] == "Маңғыстау облысы"
    assert (zhanaozen["participants"], zhanaozen["detained"], zhanaozen["fatalities"]) == (3000, 70, 16)
    assert zhanaozen["region_2022"] == "KZ-47"
    # Semey in "East Kazakhstan" (before 2022): the settlement places it in Abai
    assert events.iloc[3][["admin1", "region_2022", "region_method"]].tolist() == ["Восточно-Казахстанская область",
                                                                                   "KZ-10", "place"]
    assert events.iloc[0]["event_key"] == "local:KM-2011-001"  # the monitor's own id
    assert events.iloc[1]["event_key"].startswith("local:h")
    again = import_local_events(project, LOCAL)
    assert (again.imported, again.unchanged) == (0, 6)
    with project.store.read() as con:
        assert con.execute("SELECT count(*) FROM events").fetchone()[0] == 6
        assert [r[0] for r in con.execute("SELECT step FROM runs ORDER BY id").fetchall()] == ["import.events"] * 2


def test_unknown_typology_and_nature_list_the_accepted_values(project, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text(
        "date,region,settlement,typology,nature,participants,detained\n"
        "2012-03-01,Алматы,,флешмоб,political,10,0\n"
        "2012-03-02,Алматы,,митинг,религиозный,10,0\n"
        "2012-03-03,Алматы,,митинг,political,-5,0\n"
        "2012-03-04,Алматы,,,political,,\n"
        "1989-03-04,Алматы,,митинг,political,,\n"
        "2012-03-05,Нарния,,митинг,political,,\n"
        "2012-03-06,Алматы,,шеру,саяси,12,1\n",
        encoding="utf-8",
    )
    result = import_local_events(project, path)
    assert (result.imported, result.rejected) == (1, 6)
    table = pd.read_csv(result.rejects_path, encoding="utf-8-sig", dtype=str).set_index("row")
    assert table.loc["2", "field"] == "typology"
    assert table.loc["2", "reason"].startswith("unknown typology; accepted: rally (meeting, demonstration, protest, "
                                               "митинг,")
    assert "single picket (" in table.loc["2", "reason"] and "аштық жариялау" in table.loc["2", "reason"]
    assert table.loc["3", "field"] == "nature"
    assert "political (политический" in table.loc["3", "reason"] and "әлеуметтік" in table.loc["3", "reason"]
    assert table.loc["4", ["field", "reason"]].tolist() == ["participants", "must be a whole number of at least 0"]
    assert table.loc["5", ["field", "reason"]].tolist() == ["typology", "typology is empty; every event needs one"]
    assert table.loc["6", "field"] == "date" and "before 1991" in table.loc["6", "reason"]
    assert table.loc["7", "field"] == "region" and table.loc["7", "reason"].startswith("unknown region 'Нарния'")
    kept = load_events(project).iloc[0]
    assert (kept["typology"], kept["nature"], kept["region_2022"]) == ("rally", "political", "KZ-75")


def test_missing_required_column_is_named(project, tmp_path):
    path = tmp_path / "short.csv"
    path.write_text("day,region,type\n2012-03-01,Алматы,митинг\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        import_local_events(project, path)
    message = str(info.value)
    assert "short.csv is not a local-monitor event table: it lacks the required column(s) date (the file has 'day'" \
        in message
    assert "typology (the file has 'type': rename it to typology). Its columns are: 'day', 'region', 'type'." in message


def test_cli(cli, project):
    out = cli("import", "events", str(LOCAL), "-p", str(project.path))
    assert out.exit_code == 0, out.output
    assert "imported 6" in out.stdout


def test_every_problem_of_a_row_is_reported(project, tmp_path):
    # review H11.6: participants -10 and fatalities -1 named only participants
    path = tmp_path / "two_problems.csv"
    path.write_text(
        "date,region,settlement,typology,nature,participants,detained,fatalities\n"
        "2012-03-01,Маңғыстау облысы,Жаңаөзен,митинг,экономикалық,-10,0,-1\n"
        "2030-01-01,Нарния,,флешмоб,саяси,5,x,0\n"
        "2012-03-06,Алматы,,шеру,саяси,12,1,0\n",
        encoding="utf-8",
    )
    result = import_local_events(project, path)
    assert (result.read, result.imported, result.rejected) == (3, 1, 2)
    table = pd.read_csv(result.rejects_path, encoding="utf-8-sig", dtype=str)
    listed = table[["row", "field", "value"]].values.tolist()
    assert sorted(listed[:2]) == [["2", "fatalities", "-1"], ["2", "participants", "-10"]]
    assert sorted(listed[2:]) == [["3", "date", "2030-01-01"], ["3", "detained", "x"], ["3", "region", "Нарния"],
                                  ["3", "typology", "флешмоб"]]
    assert set(table.loc[table["row"] == "2", "reason"]) == {"must be a whole number of at least 0"}
