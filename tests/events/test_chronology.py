"""The chronology of 2–12 January 2022: events, the shutdown in force, and online activity per day."""

from __future__ import annotations

import pytest
from conftest import DATA

from dauys.analyze.base import run_analysis
from dauys.errors import InputError
from dauys.ingest.acled import import_acled
from dauys.ingest.shutdowns import import_shutdowns
from dauys.ingest.table import import_table
from dauys.store.filters import DocumentFilter

EVENTS = DATA / "events"
# posts per day (Almaty time); few while the internet was cut, 5-10 January 2022
POSTS = {"2022-01-03": 4, "2022-01-04": 9, "2022-01-05": 2, "2022-01-06": 1, "2022-01-08": 1, "2022-01-11": 6}


@pytest.fixture
def window_project(project, tmp_path):
    import_acled(project, EVENTS / "acled_kz.csv")
    import_shutdowns(project, EVENTS / "shutdowns.csv")
    lines = ["date,text,channel"]
    for day, n in POSTS.items():
        for i in range(n):
            lines.append(f"{day} 12:{i:02d}:00,Жаңаөзен туралы жазба {day} {i},kanal")
    lines.append("2022-01-04 23:30:00+00:00,Almaty time is already 5 January,kanal")  # 05:30 on the 5th in Almaty
    path = tmp_path / "posts.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    import_table(project, path, corpus="posts", mapping={"created_at": "date", "text": "text", "channel": "channel"},
                 platform="telegram")
    news = tmp_path / "news.csv"
    news.write_text("date,text\n2022-01-05 10:00:00,Новости: режим ЧП\n", encoding="utf-8")
    import_table(project, news, corpus="news", mapping={"created_at": "date", "text": "text"}, platform="web")
    return project


def test_day_by_day_with_events_shutdowns_and_documents(window_project):
    saved = run_analysis(window_project, "chronology", {"date_from": "2022-01-02", "date_to": "2022-01-12"})
    table = saved.frame().set_index("date")
    assert len(table) == 11 and table.index[0] == "2022-01-02" and table.index[-1] == "2022-01-12"
    assert table["events"].tolist() == [0, 0, 1, 2, 2, 1, 0, 0, 1, 1, 1]
    assert table.loc["2022-01-06", "fatalities"] == 12
    assert table.loc["2022-01-05", "event_types"] == "Riots 1; Protests 1"
    assert table.loc["2022-01-05", "places"] == "Almaty (Almaty); Mangystau Region (Aktau)"
    assert table.loc["2022-01-06", "sources"] == "Reuters; Human Rights Watch"
    assert table.loc["2022-01-12", "places"] == "unresolved"
    # the Telegram block of Жаңаөзен from 4 January stays in force; the national shutdown 5-10 January
    assert table["shutdown"].tolist() == [False, False] + [True] * 9
    assert table.loc["2022-01-05", "shutdowns"] == (
        "city Жаңаөзен: Telegram (Test row); region Маңғыстау облысы: mobile internet (Azattyq (illustrative test "
        "row)); national: all internet (NetBlocks (illustrative test row))")
    assert table.loc["2022-01-11", "shutdowns"] == "city Жаңаөзен: Telegram (Test row)"
    assert table["documents"].tolist() == [0, 4, 9, 4, 1, 0, 1, 0, 0, 6, 0]
    assert table.loc["2022-01-05", "documents_by"] == "telegram 3; web 1"
    assert saved.params["date_from"] == "2022-01-02"


def test_documents_follow_the_selection_and_corpus_split(window_project):
    where = DocumentFilter(corpus=("news",), tz=window_project.tz)
    saved = run_analysis(window_project, "chronology",
                         {"date_from": "2022-01-04", "date_to": "2022-01-06", "online_by": "corpus",
                          "types": "Protests", "label_lang": "kk"}, where)
    table = saved.frame().set_index("date")
    assert table["documents"].tolist() == [0, 1, 0]
    assert table.loc["2022-01-05", "documents_by"] == "news 1"
    assert table["events"].tolist() == [1, 1, 0]  # the riots, battles and attacks of 5-6 January are left out
    assert table.loc["2022-01-05", "places"] == "Маңғыстау облысы (Aktau)"


def test_window_is_checked(window_project):
    with pytest.raises(InputError, match="before --date-from"):
        run_analysis(window_project, "chronology", {"date_from": "2022-01-12", "date_to": "2022-01-02"})
    with pytest.raises(InputError, match="at most 366 days"):
        run_analysis(window_project, "chronology", {"date_from": "2020-01-01", "date_to": "2022-01-02"})


def test_report_png(window_project, tmp_path):
    from dauys.report.png import save_chart_png

    saved = run_analysis(window_project, "chronology", {"date_from": "2022-01-02", "date_to": "2022-01-12"})
    path = save_chart_png("chronology", saved.frame(), tmp_path / "chronology.png", "kk")
    assert path.stat().st_size > 10_000
