"""Building the daily and weekly series from a real project: local dates, measures, event types, shutdowns."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from mobilization_data import add_documents, add_events, add_shutdown

from dauys.errors import InputError
from dauys.events.series import SeriesParams, build_series, hashtag_pattern
from dauys.store.filters import DocumentFilter

FIRST = date(2022, 1, 1)


def spec(**values) -> SeriesParams:
    return SeriesParams(**values)


@pytest.fixture
def filled(project):
    """Ten days of posts (1, 2, ... 10 a day, one comment each day) and events (days 1, 3, 7 and 10)."""
    add_documents(project, FIRST, list(range(1, 11)), [1] * 10, views_per_post=50)
    add_events(project, FIRST, [1, 0, 2, 0, 0, 0, 1, 0, 0, 0], fatalities=1)
    add_events(project, FIRST, [0, 0, 0, 0, 0, 0, 0, 0, 0, 3], event_type="Riots", region="KZ-19", prefix="R")
    return project


def where(project, **values) -> DocumentFilter:
    return DocumentFilter(tz=project.tz, **values)


def test_daily_counts_every_measure_and_every_day(filled):
    series = build_series(filled, where(filled), spec())
    frame = series.frame
    assert frame["period"].tolist()[:2] == ["2022-01-01", "2022-01-02"] and len(frame) == 10
    assert frame["online"].tolist() == [float(i) for i in range(1, 11)]  # posts only
    assert frame["documents"].tolist() == [i + 1 for i in range(1, 11)]
    assert frame["events"].tolist() == [1, 0, 2, 0, 0, 0, 1, 0, 0, 3]  # zeros on days without events
    assert frame["fatalities"].sum() == 4
    assert build_series(filled, where(filled), spec(online="comments")).frame["online"].tolist() == [1.0] * 10
    assert build_series(filled, where(filled), spec(online="documents")).frame["online"].sum() == 65
    views = build_series(filled, where(filled), spec(online="views")).frame["online"]
    assert views.tolist() == [50.0 * i for i in range(1, 11)]  # posts' views only, not comments'
    assert series.counts["event_types"] == ["Protests", "Riots"]
    assert "all types (Protests, Riots)" in series.notes[0]


def test_days_are_local_dates_in_almaty(project):
    # 02:00 in Almaty is the previous day in UTC: counted on the Almaty date
    add_documents(project, FIRST, [1, 0, 0], late_hour=2)
    add_events(project, FIRST, [1, 1, 1])
    frame = build_series(project, DocumentFilter(tz=project.tz, since=FIRST, until=date(2022, 1, 3)),
                         spec()).frame
    assert frame["online"].tolist() == [1.0, 0.0, 0.0]


def test_types_and_region_narrow_the_events_and_say_so(filled):
    riots = build_series(filled, where(filled), spec(types="riots"))
    assert riots.frame["events"].sum() == 3 and riots.counts["event_types"] == ["Riots"]
    assert "only the types asked for (Riots)" in riots.notes[0]
    region = build_series(filled, where(filled), spec(region="KZ-75"))
    assert region.frame["events"].sum() == 4
    assert any("online series is national" in note for note in region.notes)
    with pytest.raises(InputError, match="Battles.*event types are: Protests \\(4\\), Riots \\(3\\)"):
        build_series(filled, where(filled), spec(types="Battles"))
    with pytest.raises(InputError, match="not a 2022 region code"):
        build_series(filled, where(filled), spec(region="KZ-00"))


def test_hashtags_match_whole_tags_in_any_case(project):
    tags, pattern = hashtag_pattern("#Жер, митинг")
    assert tags == ["жер", "митинг"]
    add_documents(project, FIRST, [5, 5])  # the texts cycle: #жер, #митинг, none, #жерлер, #Жер
    add_events(project, FIRST, [1, 1])
    frame = build_series(project, DocumentFilter(tz=project.tz), spec(online="hashtags", hashtags="#жер")).frame
    assert frame["online"].tolist() == [2.0, 2.0]  # "#жер" and "#Жер", not "#жерлер"
    with pytest.raises(InputError, match="needs --hashtags"):
        build_series(project, DocumentFilter(tz=project.tz), spec(online="hashtags"))


def test_code_share_divides_by_the_days_documents(filled):
    with filled.store.read() as con:
        ids = [r[0] for r in con.execute(
            "SELECT id FROM documents WHERE parent_external_id IS NULL ORDER BY created_at, id").fetchall()]
    with filled.store.write() as con:
        con.executemany("INSERT INTO codes (doc_id, code, coder, run_id) VALUES (?, 'call_to_protest', 'Айгерім', 1)",
                        [(i,) for i in ids[:3]])  # the first three posts: day 1 (1 post) and day 2 (2 posts)
    frame = build_series(filled, where(filled), spec(online="code_share", code="call_to_protest")).frame
    assert frame["online"].tolist()[:3] == [pytest.approx(1 / 2), pytest.approx(2 / 3), 0.0]
    with pytest.raises(InputError, match="'land'.*call_to_protest"):
        build_series(filled, where(filled), spec(online="code_share", code="land"))
    with pytest.raises(InputError, match="by Ерлан"):
        build_series(filled, where(filled), spec(online="code_share", code="call_to_protest", coder="Ерлан"))


def test_the_range_is_the_overlap_unless_dates_are_given(project):
    add_documents(project, date(2022, 1, 5), [1] * 10)     # 5 to 14 January
    add_events(project, FIRST, [1] * 8)                     # 1 to 8 January
    frame = build_series(project, DocumentFilter(tz=project.tz), spec()).frame
    assert (frame["start"].min(), frame["start"].max()) == (date(2022, 1, 5), date(2022, 1, 8))
    given = build_series(project, DocumentFilter(tz=project.tz, since=FIRST, until=date(2022, 1, 14)), spec())
    assert len(given.frame) == 14 and given.frame["online"].iloc[:4].sum() == 0


def test_no_overlap_no_events_and_no_documents_are_explained(project):
    with pytest.raises(InputError, match="No selected document has a date"):
        build_series(project, DocumentFilter(tz=project.tz), spec())
    add_documents(project, date(2023, 1, 1), [1, 1])
    with pytest.raises(InputError, match="import them with `dauys import acled"):
        build_series(project, DocumentFilter(tz=project.tz), spec())
    add_events(project, FIRST, [1, 1])
    with pytest.raises(InputError, match="do not overlap"):
        build_series(project, DocumentFilter(tz=project.tz), spec())


def test_shutdown_days_are_flagged_excluded_or_ignored(filled):
    # 4 January 00:30 to 6 January 10:00 Almaty (UTC+6): the 4th, 5th and 6th
    add_shutdown(filled, datetime(2022, 1, 3, 18, 30, tzinfo=UTC), datetime(2022, 1, 6, 4, tzinfo=UTC))
    # a regional one on the 9th, in KZ-19 only
    add_shutdown(filled, datetime(2022, 1, 8, 20, tzinfo=UTC), datetime(2022, 1, 9, 12, tzinfo=UTC), scope="region",
                 region="KZ-19")
    flagged = build_series(filled, where(filled), spec())
    assert flagged.frame.loc[flagged.frame["shutdown"], "period"].tolist() == ["2022-01-04", "2022-01-05",
                                                                               "2022-01-06"]
    assert not flagged.frame["excluded"].any() and flagged.counts["shutdown_periods"] == 3
    regional = build_series(filled, where(filled, since=FIRST, until=date(2022, 1, 10)), spec(region="KZ-19"))
    assert regional.frame.loc[regional.frame["shutdown"], "period"].tolist() == ["2022-01-04", "2022-01-05",
                                                                                 "2022-01-06", "2022-01-09"]
    excluded = build_series(filled, where(filled), spec(shutdowns="exclude"))
    assert excluded.frame["excluded"].sum() == 3 and excluded.counts["excluded_periods"] == 3
    assert any("3 shutdown days were excluded" in note for note in excluded.notes)
    online, events = excluded.arrays()
    assert sum(v != v for v in online) == 3 and sum(v != v for v in events) == 3  # NaN on the excluded days
    assert not build_series(filled, where(filled), spec(shutdowns="ignore")).frame["shutdown"].any()


def test_a_shutdown_still_in_force_covers_the_rest_of_the_range(filled):
    add_shutdown(filled, datetime(2022, 1, 8, 6, tzinfo=UTC), None)
    frame = build_series(filled, where(filled), spec()).frame
    assert frame.loc[frame["shutdown"], "period"].tolist() == ["2022-01-08", "2022-01-09", "2022-01-10"]


def test_weekly_series_sum_iso_weeks_and_flag_a_week_with_any_shutdown_day(filled):
    add_shutdown(filled, datetime(2022, 1, 4, 6, tzinfo=UTC), datetime(2022, 1, 4, 8, tzinfo=UTC))
    frame = build_series(filled, where(filled), spec(freq="week")).frame
    # 1–2 January 2022 are the end of ISO week 2021-W52; 3–9 January is 2022-W01; the 10th begins W02
    assert frame["period"].tolist() == ["2021-W52", "2022-W01", "2022-W02"]
    assert frame["online"].tolist() == [3.0, sum(range(3, 10)), 10.0]
    assert frame["events"].tolist() == [1, 3, 3]
    assert frame["shutdown"].tolist() == [False, True, False]
