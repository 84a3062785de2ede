"""Region mentions on a small project of Kazakh and Russian posts; the map figure and the PNG."""

from datetime import UTC, datetime

import pandas as pd
import pytest

from dauys.analyze.base import run_analysis
from dauys.ingest.writer import SourceInfo, write_documents
from dauys.provenance import Run
from dauys.report.maps import choropleth_figure, choropleth_png
from dauys.social.region_mentions import COLUMNS

POSTS = [
    ("p1", "jana_ozen", "2022-01-03T09:00Z", "Жаңаөзенде жиын. Жаңаөзенге барамыз, Алматыда да жиын бар"),
    ("p2", "jana_ozen", "2022-01-04T20:00Z", "Алматыда, Алматыдан, Алматыға — бәрі Алматы туралы"),
    ("p3", "jana_ozen", "2022-02-10T06:00Z", "Ақпан жаңалықтары: ештеңе болған жоқ"),
    ("p4", "almaty_news", "2022-01-10T03:00Z", "В Жанаозене и в Актау прошли митинги; из Актобе сообщают"),
    ("p5", "almaty_news", "2022-01-20T05:00Z", "Новости Талдыкоргана и Алматинской области"),
]


@pytest.fixture
def mentions_project(project):
    frame = pd.DataFrame([dict(external_id=e, channel=c, author=c, created_at=t, text=x) for e, c, t, x in POSTS])
    frame.insert(0, "row", range(1, len(frame) + 1))
    frame["created_at"] = pd.to_datetime(frame["created_at"], utc=True)
    write_documents(project, Run("import.table", {}), SourceInfo("table", "posts.csv", {}), frame,
                    corpus="telegram", platform="telegram", observed_at=datetime(2022, 3, 1, tzinfo=UTC))
    return project


def test_counts_documents_once_per_region(mentions_project):
    saved = run_analysis(mentions_project, "region_mentions", {})
    table = saved.frame()
    assert list(table.columns) == list(COLUMNS)
    by_region = table.set_index("region")
    # p1 and p2 mention Almaty (p2 four times); p1 and p4 Zhanaozen, p4 Aktau too: Mangystau in 2 documents
    assert by_region.loc["KZ-75", "documents"] == 2 and by_region.loc["KZ-75", "mentions"] == 5
    assert by_region.loc["KZ-47", "documents"] == 2 and by_region.loc["KZ-47", "mentions"] == 4
    assert by_region.loc["KZ-15", "documents"] == 1
    assert by_region.loc["KZ-33", "documents"] == 1 and by_region.loc["KZ-19", "documents"] == 1
    assert by_region.loc["KZ-75", "share"] == 40.0 and by_region.loc["KZ-75", "group_documents"] == 5
    assert by_region.loc["KZ-47", "places"] == "Zhanaozen 3; Aktau 1"
    assert "Алматыда 2" in by_region.loc["KZ-75", "forms"]
    assert table["region"].iloc[0] == "KZ-75" or table["documents"].iloc[0] >= 2
    assert saved.warnings and "once per region" in saved.warnings[-1]


def test_by_channel_and_month(mentions_project):
    table = run_analysis(mentions_project, "region_mentions", {"by": "channel", "period": "month"}).frame()
    keyed = table.set_index(["channel", "period", "region"])["documents"]
    assert keyed[("jana_ozen", "2022-01", "KZ-75")] == 2
    assert keyed[("almaty_news", "2022-01", "KZ-47")] == 1
    assert ("jana_ozen", "2022-02", "KZ-75") not in keyed.index
    months = run_analysis(mentions_project, "region_mentions", {"by": "month"}).frame()
    assert set(months["period"]) == {"2022-01"} and set(months["channel"]) == {"all"}


def test_map_has_twenty_locations_and_png_is_written(mentions_project, tmp_path):
    table = run_analysis(mentions_project, "region_mentions", {}).frame()
    totals = table.groupby("region")["documents"].sum()
    fig = choropleth_figure(totals, "kk", title="Өңірлер", colorbar_title="құжаттар")
    locations = [loc for trace in fig.data for loc in trace.locations]
    assert sorted(locations) == sorted({f"KZ-{n}" for n in (10, 11, 15, 19, 23, 27, 31, 33, 35, 39, 43, 47, 55, 59,
                                                             61, 62, 63, 71, 75, 79)})
    geo = fig.layout.geo
    assert geo.visible is False
    assert geo.lonaxis.range[0] < 46.5 < 87.3 < geo.lonaxis.range[1]
    assert geo.lataxis.range[0] < 40.6 < 55.4 < geo.lataxis.range[1]
    grey = [trace for trace in fig.data if trace.showscale is False][0]
    assert "дерек жоқ" in grey.text[0]
    path = choropleth_png(totals, tmp_path / "map.png", "ru", title="Упоминания")
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_view_draws_map_and_channel_bars(mentions_project, tmp_path):
    from dauys.report.charts import CHARTS
    from dauys.report.png import PNG_CHARTS
    from dauys.report.views.region_mentions import region_mentions_chart, region_mentions_png

    assert CHARTS["region_mentions"] is region_mentions_chart and PNG_CHARTS["region_mentions"] is region_mentions_png
    table = run_analysis(mentions_project, "region_mentions", {"by": "channel"}).frame()
    fig = region_mentions_chart(table, "en")
    assert {type(trace).__name__ for trace in fig.data} == {"Choropleth", "Bar"}
    assert region_mentions_png(table, tmp_path / "rm.png", "kk").stat().st_size > 1000


def test_map_rejects_unknown_codes():
    from dauys.errors import InputError

    with pytest.raises(InputError, match="KZ-99"):
        choropleth_figure({"KZ-99": 1.0})


def test_command_line_with_a_user_gazetteer(mentions_project, cli, tmp_path):
    extra = tmp_path / "villages.csv"
    extra.write_text("kind,region,kk,source\nvillage,KZ-47,Теңге,аудан әкімдігінің тізімі\n", encoding="utf-8")
    with mentions_project.store.write() as con:
        con.execute("UPDATE documents SET text = text || ' Теңгеде де жиын' WHERE external_id = 'p3'")
    result = cli("social", "region-mentions", "-p", mentions_project.path, "--by", "channel",
                 "--gazetteer", str(extra))
    assert result.exit_code == 0, result.stdout
    assert "Saved as result" in result.stdout
    table = mentions_project.results()[-1].frame()
    keyed = table.set_index(["channel", "region"])
    assert keyed.loc[("jana_ozen", "KZ-47"), "documents"] == 2  # p1 (Жаңаөзен) and p3 (Теңге)
    assert "Теңге 1" in keyed.loc[("jana_ozen", "KZ-47"), "places"]


def test_posting_rhythm_warns_of_posts_stamped_at_local_midnight(project):
    # review R1: date-only posts (a date column without a time, a date from a file name) filled hour 0 silently
    rows = [("d1", "2022-01-02T18:00Z", "Жаңаөзенде жиын"), ("d2", "2022-01-03T18:00Z", "Алматыда митинг"),
            ("t1", "2022-01-04T09:30Z", "Ақтөбеден хабар")]
    frame = pd.DataFrame([dict(external_id=e, channel="qantar", author="qantar", created_at=t, text=x)
                          for e, t, x in rows])
    frame.insert(0, "row", range(1, len(frame) + 1))
    frame["created_at"] = pd.to_datetime(frame["created_at"], utc=True)
    write_documents(project, Run("import.table", {}), SourceInfo("table", "posts.csv", {}), frame,
                    corpus="telegram", platform="telegram", observed_at=datetime(2022, 3, 1, tzinfo=UTC))
    saved = run_analysis(project, "posting_rhythm", {})
    assert any(w.startswith("2 of 3 posts are stamped exactly 00:00:00 local time") for w in saved.warnings)
    table = saved.frame()
    assert int(table.loc[table["hour"] == 0, "posts"].sum()) == 2  # still counted, as the warning says
