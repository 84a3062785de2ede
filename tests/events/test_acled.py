"""`dauys import acled`: the standard columns, 2022 regions, re-imports, conflicts and every kind of bad input."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pandas as pd
import pytest
from conftest import DATA

from dauys.errors import InputError
from dauys.events.store import load_events
from dauys.ingest.acled import ACLED_COLUMNS, import_acled

EVENTS = DATA / "events"
ACLED = EVENTS / "acled_kz.csv"


def rows() -> list[dict[str, str]]:
    with open(ACLED, encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def write(path: Path, records: list[dict[str, str]], columns: list[str] | None = None) -> Path:
    columns = columns or list(records[0])
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, columns, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(records)
    return path


def rejected(result) -> pd.DataFrame:
    return pd.read_csv(result.rejects_path, encoding="utf-8-sig", dtype=str)


def test_fixture_imports_with_all_columns_and_2022_regions(project):
    result = import_acled(project, ACLED)
    assert (result.read, result.imported, result.rejected, result.updated) == (16, 16, 0, 0)
    events = load_events(project).set_index("event_id_cnty")
    assert len(events) == 16
    assert set(ACLED_COLUMNS) <= {*events.columns, "event_id_cnty"}
    assert events.loc["KAZ1", "event_date"].isoformat()[:10] == "2022-01-04"
    assert events.loc["KAZ4", "event_date"].isoformat()[:10] == "2022-01-06"  # 06/01/2022 is day first
    assert events.loc["KAZ12", "event_date"].isoformat()[:10] == "2022-09-01"
    assert events.loc["KAZ1", "notes"] == "Жаңаөзенде газ бағасына қарсы наразылық басталды."
    assert events.loc["KAZ4", "fatalities"] == 10
    assert events.loc["KAZ1", "region"] == "Caucasus and Central Asia"  # ACLED's world region, kept as is
    assert events.loc["KAZ13", "time_precision"] == 3
    assert (events["origin"] == "acled").all()
    assert events.loc["KAZ1", ["region_2022", "region_method"]].tolist() == ["KZ-47", "coordinates"]
    assert events.loc["KAZ12", "region_2022"] == "KZ-10"  # Semey: East Kazakhstan before 2022, Abai now
    assert events.loc["KAZ12", "admin1"] == "East Kazakhstan"  # the recorded admin1 is kept
    assert result.methods == {"coordinates": 14, "place": 1, "unresolved": 1}
    with project.store.read() as con:
        step, counts = con.execute("SELECT step, counts FROM runs").fetchone()
        kind = con.execute("SELECT kind FROM sources").fetchone()[0]
    assert step == "import.acled" and kind == "acled"
    assert json.loads(counts)["imported"] == 16


def test_split_regions_by_coordinates_place_or_unresolved(project):
    result = import_acled(project, ACLED)
    events = load_events(project).set_index("event_id_cnty")
    # "Almaty Region" at Taldykorgan's coordinates, geo_precision 1: Jetisu since 2022
    assert events.loc["KAZ7", ["admin1", "region_2022", "region_method"]].tolist() == [
        "Almaty Region", "KZ-33", "coordinates"]
    # the same at geo_precision 3 (coordinates of the region's centroid): the location Taldykorgan decides
    assert events.loc["KAZ8", ["region_2022", "region_method"]].tolist() == ["KZ-33", "place"]
    # no coordinates, no location: Almaty Region may be either successor, so it stays unresolved and is listed
    assert pd.isna(events.loc["KAZ9", "region_2022"]) and events.loc["KAZ9", "region_method"] == "unresolved"
    assert result.unresolved == [{"row": 10, "event_id": "KAZ9", "admin1": "Almaty Region", "location": None}]


def test_reimport_unchanged_then_newer_timestamps_update(project, tmp_path):
    import_acled(project, ACLED)
    again = import_acled(project, ACLED)
    assert (again.imported, again.updated, again.unchanged) == (0, 0, 16)
    records = rows()
    records[0]["fatalities"] = "1"
    records[0]["timestamp"] = "1800000000"  # newer: replaces the event
    records[1]["fatalities"] = "99"  # same timestamp: the stored version stays
    records[2]["timestamp"] = "1600000000"  # older export: the stored version stays
    records[2]["notes"] = "older text"
    newer = import_acled(project, write(tmp_path / "newer.csv", records))
    assert (newer.imported, newer.updated, newer.unchanged) == (0, 1, 15)
    events = load_events(project).set_index("event_id_cnty")
    assert events.loc["KAZ1", "fatalities"] == 1 and events.loc["KAZ1", "timestamp"] == 1800000000
    assert events.loc["KAZ1", "source_id"] == newer.source_id
    assert events.loc["KAZ2", "fatalities"] == 5
    assert events.loc["KAZ3", "notes"] == "Ақтауда митинг."
    assert len(events) == 16


def test_conflicting_duplicates_keep_the_newest_and_are_reported(project, tmp_path):
    records = rows()
    newer = dict(records[0], fatalities="3", timestamp="1750000000")
    identical = dict(records[1])
    path = write(tmp_path / "conflict.csv", [*records, newer, identical])
    result = import_acled(project, path)
    assert result.imported == 16 and result.duplicates == 1
    assert len(result.conflicts) == 1
    conflict = result.conflicts[0]
    assert conflict["event_id"] == "KAZ1" and conflict["rows"] == [2, 18] and conflict["kept_row"] == 18
    assert set(conflict["fields"]) == {"fatalities", "timestamp"}
    assert load_events(project).set_index("event_id_cnty").loc["KAZ1", "fatalities"] == 3
    with project.store.read() as con:
        counts = json.loads(con.execute("SELECT counts FROM runs").fetchone()[0])
    assert counts["conflicts"] == 1 and counts["conflict_list"][0]["event_id"] == "KAZ1"


def test_uppercase_columns_of_older_exports_are_read(project, tmp_path):
    records = rows()[:3]
    upper = [{k.upper(): v for k, v in r.items() if k not in ("disorder_type", "civilian_targeting", "tags")}
             for r in records]
    result = import_acled(project, write(tmp_path / "old.csv", upper))
    assert result.imported == 3
    assert load_events(project)["disorder_type"].isna().all()


def test_missing_and_renamed_required_columns_are_named(project, tmp_path):
    records = [{("date" if k == "event_date" else k): v for k, v in r.items() if k != "admin1"} for r in rows()]
    with pytest.raises(InputError) as info:
        import_acled(project, write(tmp_path / "renamed.csv", records))
    message = str(info.value)
    assert "renamed.csv" in message
    assert "event_date (the file has 'date': rename it to event_date)" in message
    assert "admin1" in message and "Required are: event_id_cnty, event_date, event_type, country, admin1" in message
    with project.store.read() as con:
        assert con.execute("SELECT count(*) FROM runs").fetchone()[0] == 0


@pytest.mark.parametrize(
    ("field", "value", "reason"),
    [
        ("event_date", "2099-01-01", "in the future"),
        ("event_date", "31 December 1990", "before 1991"),
        ("event_date", "2022/13/45", "not a date; write dates as 16 May 2025, 2025-05-16, 16/05/2025 or 16.05.2025"),
        ("fatalities", "-2", "must be a whole number of at least 0"),
        ("fatalities", "two", "not a whole number"),
        ("latitude", "north", "not a number"),
        ("geo_precision", "7", "must be one of 1, 2, 3"),
        ("event_id_cnty", "", "event_id_cnty is empty"),
        ("country", "Kyrgyzstan", "not Kazakhstan"),
    ],
)
def test_bad_rows_are_rejected_by_row_and_field(project, tmp_path, field, value, reason):
    records = rows()
    records[4][field] = value
    result = import_acled(project, write(tmp_path / "bad.csv", records))
    assert (result.imported, result.rejected) == (15, 1)
    table = rejected(result)
    assert table[["row", "field"]].values.tolist() == [["6", field]]
    assert reason in table["reason"].iloc[0]


def test_unknown_admin1_is_listed_with_the_closest_names(project, tmp_path):
    records = rows()
    records[0]["admin1"] = "Mangishlandiya"  # no region of Kazakhstan, close to Mangystau's spellings
    records[5]["admin1"] = "Aktobe Oblys"  # a spelling dauys.geo knows: accepted
    records[6]["admin1"] = "Qwerty"
    records[2]["admin1"] = "Mangistauskaya"  # the oblast's Russian name in Latin letters (review H11.10): accepted
    records[15]["admin1"] = "Mangystauskaya oblast"
    result = import_acled(project, write(tmp_path / "names.csv", records))
    table = rejected(result).set_index("row")
    assert result.rejected == 2 and result.imported == 14
    assert table.loc["2", "reason"].startswith("unknown region 'Mangishlandiya'; closest: ")
    assert "Mangystau" in table.loc["2", "reason"] and table.loc["2", "reason"].endswith(
        "; correct the name or the region list")
    events = load_events(project).set_index("event_id_cnty")
    assert events.loc[["KAZ3", "KAZ16"], "admin1"].tolist() == ["Mangistauskaya", "Mangystauskaya oblast"]
    assert events.loc[["KAZ3", "KAZ16"], "region_2022"].tolist() == ["KZ-47", "KZ-47"]
    assert table.loc["8", "field"] == "admin1" and table.loc["8", "reason"].startswith("unknown region 'Qwerty'")


def test_xlsx_first_sheet_or_named_sheet(project, tmp_path):
    frame = pd.read_csv(ACLED, dtype=str)
    path = tmp_path / "acled.xlsx"
    with pd.ExcelWriter(path) as writer:
        frame.head(2).to_excel(writer, sheet_name="notes", index=False)
        frame.to_excel(writer, sheet_name="Kazakhstan", index=False)
    assert import_acled(project, path).imported == 2
    result = import_acled(project, path, sheet="Kazakhstan")
    assert result.imported == 14 and result.unchanged == 2
    assert load_events(project).set_index("event_id_cnty").loc["KAZ4", "event_date"].isoformat()[:10] == "2022-01-06"


def test_cli_import_prints_the_summary(cli, project):
    out = cli("import", "acled", str(ACLED), "--project", str(project.path))
    assert out.exit_code == 0, out.output
    assert "imported 16" in out.stdout
    assert "row 10: KAZ9 admin1 'Almaty Region'" in out.stdout
    bad = cli("import", "acled", str(EVENTS / "missing.csv"), "--project", str(project.path))
    assert bad.exit_code == 2 and "does not exist" in bad.output


def test_a_failed_import_leaves_the_store_as_it_was(project, monkeypatch):
    import dauys.ingest.events_common as events_common

    import_acled(project, ACLED)

    def broken(path):
        raise OSError("disk gone")

    # fails inside the write transaction, after the ledger row
    monkeypatch.setattr(events_common, "file_sha256", broken)
    records = rows()
    records[0]["timestamp"] = "1900000000"
    records[0]["fatalities"] = "7"
    with pytest.raises(OSError):
        import_acled(project, write(project.path / "newer.csv", records))
    with project.store.read() as con:
        assert con.execute("SELECT count(*) FROM runs").fetchone()[0] == 1
        assert con.execute("SELECT count(*) FROM sources").fetchone()[0] == 1
        assert con.execute("SELECT fatalities FROM events WHERE event_key = 'KAZ1'").fetchone()[0] == 0


def test_every_problem_of_a_row_is_listed_and_the_row_counted_once(project, tmp_path):
    # review H11.6: only the first problem of a row was listed
    records = rows()
    records[3]["event_date"] = "someday"
    records[3]["admin1"] = "Qwerty"
    records[3]["fatalities"] = "-1"
    records[7]["admin1"] = "Zzyzx"
    result = import_acled(project, write(tmp_path / "two.csv", records))
    assert (result.imported, result.rejected) == (14, 2)
    table = rejected(result)
    assert sorted(table[["row", "field"]].values.tolist()) == [
        ["5", "admin1"], ["5", "event_date"], ["5", "fatalities"], ["9", "admin1"],
    ]
    assert table["row"].tolist() == ["5", "5", "5", "9"]
    assert table["reason"].iloc[3].startswith("unknown region 'Zzyzx'")


def test_the_summary_has_no_empty_region_line_when_nothing_was_placed(project, tmp_path):
    # review H11.4: "2022 region found by " was printed with nothing after it when every row was rejected
    from dauys.ingest.acled import summary_lines

    records = rows()[:2]
    for record in records:
        record["country"] = "Kyrgyzstan"
    nothing = import_acled(project, write(tmp_path / "none.csv", records))
    assert (nothing.imported, nothing.rejected) == (0, 2)
    lines = summary_lines(nothing)
    assert not any(line.startswith("2022 region found by") for line in lines)
    assert lines[0].startswith("read 2   imported 0") and lines[-1].startswith("rejected rows: ")
    placed = summary_lines(import_acled(project, ACLED))
    assert placed[1].startswith("2022 region found by ") and placed[1] != "2022 region found by "
