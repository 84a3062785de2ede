"""``import_channel_stats`` and ``dauys import channel-stats``: daily statistics tables as channel snapshots."""

from __future__ import annotations

import csv

import openpyxl
import pytest

from dauys.errors import InputError
from dauys.ingest.channel_stats import import_channel_stats, metric_name, parse_stats_mapping

KAZAKH = """Күні;Арна;Жазылушылар;Қаралым;Ескерту
01.01.2022;dala_habar;10 200;35 000;
02.01.2022;dala_habar;10 450;41 200;шу көп
03.01.2022;dala_habar;10 300;бір мың;
03.01.2022;dala_habar;10 310;1200;
32.01.2022;dala_habar;10 600;5000;
01.01.2022;stepnoy_vestnik;5 100;1,2K;
"""


def _write(tmp_path, text, name="stats.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _snapshots(project) -> list[tuple]:
    with project.store.read() as con:
        return con.execute(
            "SELECT c.platform, c.handle, strftime(timezone('Asia/Almaty', m.observed_at), '%Y-%m-%d %H:%M'), "
            "m.metric, m.value FROM channel_metrics m JOIN channels c ON c.id = m.channel_id ORDER BY 2, 3, 4"
        ).fetchall()


def test_kazakh_headers_become_snapshots_at_local_midnight_and_bad_rows_are_named(project, tmp_path):
    result = import_channel_stats(project, _write(tmp_path, KAZAKH), platform="telegram")
    assert result.columns == {"subscribers": "Жазылушылар", "views": "Қаралым"}
    assert result.ignored_columns == ["Ескерту"] and result.channels == ["dala_habar", "stepnoy_vestnik"]
    assert (result.rows, result.rejected, result.added, result.replaced, result.unchanged) == (6, 2, 8, 0, 0)
    assert _snapshots(project) == [
        ("telegram", "dala_habar", "2022-01-01 00:00", "subscribers", 10200.0),
        ("telegram", "dala_habar", "2022-01-01 00:00", "views", 35000.0),
        ("telegram", "dala_habar", "2022-01-02 00:00", "subscribers", 10450.0),
        ("telegram", "dala_habar", "2022-01-02 00:00", "views", 41200.0),
        ("telegram", "dala_habar", "2022-01-03 00:00", "subscribers", 10310.0),  # row 4 was rejected, row 5 kept
        ("telegram", "dala_habar", "2022-01-03 00:00", "views", 1200.0),
        ("telegram", "stepnoy_vestnik", "2022-01-01 00:00", "subscribers", 5100.0),
        ("telegram", "stepnoy_vestnik", "2022-01-01 00:00", "views", 1200.0),
    ]
    with project.store.read() as con:
        utc = con.execute("SELECT min(observed_at) FROM channel_metrics").fetchone()[0]
    assert utc.isoformat() == "2021-12-31T18:00:00+00:00"  # 00:00 in Almaty (UTC+6) on 1 January 2022
    with open(result.rejects_path, encoding="utf-8-sig", newline="") as fh:
        rejects = [(r["row"], r["field"], r["value"]) for r in csv.DictReader(fh)]
    assert rejects == [("4", "Қаралым", "бір мың"), ("6", "Күні", "32.01.2022")]
    entry = project.log()[-1]
    assert entry["step"] == "import.channel_stats" and entry["counts"]["added"] == 8


def test_reimport_skips_equal_values_and_replaces_changed_ones(project, tmp_path):
    import_channel_stats(project, _write(tmp_path, KAZAKH), platform="telegram")
    revised = KAZAKH.replace("02.01.2022;dala_habar;10 450", "02.01.2022;dala_habar;10 455")
    again = import_channel_stats(project, _write(tmp_path, revised, "stats-revised.csv"), platform="telegram")
    assert (again.added, again.replaced, again.unchanged) == (0, 1, 7)
    values = {(h, d, m): v for _, h, d, m, v in _snapshots(project)}
    assert len(values) == 8 and values[("dala_habar", "2022-01-02 00:00", "subscribers")] == 10455.0


def test_russian_xlsx_with_one_channel_named_on_the_command_line(project, tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Дата", "Подписчики", "Просмотры", "Охват", "Вовлеченность, %"])
    sheet.append(["2022-01-05", 2000, 15000, 9000, 3.5])
    sheet.append(["2022-01-06", 2100, 16000, 9100, 3.1])
    path = tmp_path / "tgstat.xlsx"
    book.save(path)
    result = import_channel_stats(project, path, platform="telegram", channel="erlan_ashyq")
    assert sorted(result.metrics) == ["reach", "subscribers", "views", "вовлеченность"]
    assert ("telegram", "erlan_ashyq", "2022-01-06 00:00", "subscribers", 2100.0) in _snapshots(project)


def test_a_second_row_for_the_same_day_is_rejected_with_the_first_row(project, tmp_path):
    text = "Date,Channel,Subscribers\n2022-01-01,qazaq_news,100\n2022-01-01,qazaq_news,101\n"
    result = import_channel_stats(project, _write(tmp_path, text))
    with open(result.rejects_path, encoding="utf-8-sig", newline="") as fh:
        (reject,) = list(csv.DictReader(fh))
    assert reject["row"] == "3" and "first at row 2" in reject["reason"]
    with pytest.raises(InputError, match=r"--strict refused the file"):
        import_channel_stats(project, _write(tmp_path, text, "again.csv"), strict=True)


def test_files_without_a_date_or_a_channel_are_refused_with_their_columns(project, tmp_path):
    with pytest.raises(InputError, match=r"no date column: its columns are 'Арна', 'Жазылушылар'"):
        import_channel_stats(project, _write(tmp_path, "Арна;Жазылушылар\nx;1\n"))
    with pytest.raises(InputError, match=r"no channel column .* --channel NAME"):
        import_channel_stats(project, _write(tmp_path, "Дата;Подписчики\n01.01.2022;1\n"))
    result = import_channel_stats(project, _write(tmp_path, "Кезең;Барлығы\n01.01.2022;7\n"), channel="dala_habar",
                                  mapping=parse_stats_mapping("date=Кезең,subscribers=Барлығы"))
    assert result.columns == {"subscribers": "Барлығы"}


def test_metric_names():
    assert metric_name("Подписчики") == metric_name("Жазылушылар") == metric_name(" Followers ") == "subscribers"
    assert metric_name("Прирост за день") == "прирост_за_день"


def test_cli(cli, project, tmp_path):
    out = cli("import", "channel-stats", _write(tmp_path, KAZAKH), "--platform", "telegram", "--project", project.path)
    assert out.exit_code == 0
    printed = " ".join(out.stdout.split())
    assert "snapshots added 8" in printed and "rejected 2" in printed and "text columns left out: Ескерту" in printed


def test_the_demo_statistics_attach_to_the_demo_channels(project):
    from dauys.demo import demo_data

    result = import_channel_stats(project, demo_data() / "channel_stats.csv", platform="telegram")
    assert result.rejected == 0 and result.channels == ["dala_habar", "erlan_ashyq", "stepnoy_vestnik",
                                                        "Жаңаөзен хабары"]
    assert result.metrics == ["posts", "subscribers", "views"] and result.added == 3 * result.rows


def test_negative_counts_and_dates_after_today_are_rejected_with_their_rows(project, tmp_path):
    # review H11.3: subscribers = -5 and the date 2030-01-01 were stored
    text = """Күні;Арна;Жазылушылар;Қаралым;Өсім
01.01.2022;dala_habar;10 200;35 000;-40
02.01.2022;dala_habar;-5;41 200;12
01.01.2030;dala_habar;10 300;1200;3
03.01.2022;dala_habar;10 310;-1,2K;
"""
    result = import_channel_stats(project, _write(tmp_path, text), platform="telegram",
                                  mapping={"growth": "Өсім"})
    assert (result.rows, result.rejected, result.added) == (4, 3, 3)
    with open(result.rejects_path, encoding="utf-8-sig", newline="") as fh:
        rejects = [(r["row"], r["field"], r["value"], r["reason"]) for r in csv.DictReader(fh)]
    assert [r[:3] for r in rejects] == [
        ("3", "Жазылушылар", "-5"), ("4", "Күні", "01.01.2030"), ("5", "Қаралым", "-1,2K"),
    ]
    assert rejects[0][3].startswith("a count cannot be negative (subscribers in column 'Жазылушылар')")
    assert rejects[1][3].startswith("a date after today (") and "Asia/Almaty" in rejects[1][3]
    # a column of another name (a daily change) may be negative
    assert ("telegram", "dala_habar", "2022-01-01 00:00", "growth", -40.0) in _snapshots(project)
    with pytest.raises(InputError, match=r"row 3, Жазылушылар: '-5' — a count cannot be negative"):
        import_channel_stats(project, _write(tmp_path, text, "again.csv"), platform="telegram", strict=True)
