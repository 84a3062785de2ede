"""Channel analytics on the hand-worked project of social_data: stats, growth, rhythm, top posts, spikes, comparison."""

from __future__ import annotations

import math
from datetime import date

import numpy as np
import pandas as pd
import pytest
import social_data

from dauys.analyze import run_analysis
from dauys.errors import InputError
from dauys.social import metrics as sm
from dauys.store.filters import DocumentFilter


@pytest.fixture
def social(project):
    return social_data.build(project)


def frame(project, name, params=None, where=None):
    saved = run_analysis(project, name, params or {}, where)
    return saved.frame(), saved


def row(table, **keys):
    mask = np.ones(len(table), dtype=bool)
    for key, value in keys.items():
        mask &= table[key] == value
    assert mask.sum() == 1, f"{keys}: {mask.sum()} rows"
    return table[mask].iloc[0]


# --- channel_stats ----------------------------------------------------------------------------------
def test_channel_stats_by_month_uses_latest_metrics_and_states_formulas(social):
    table, saved = frame(social, "channel_stats", {"period": "month"})
    assert list(table[["channel", "period"]].itertuples(index=False, name=None)) == [
        ("almaty_news", "2022-01"), ("jana_ozen", "2022-01"), ("jana_ozen", "2022-02")]
    jan = row(table, channel="jana_ozen", period="2022-01")
    assert jan["posts"] == 2
    assert jan["views_total"] == 3000  # jo/1's latest snapshot is 1000, not the older 800
    assert jan["views_median"] == 1500
    assert jan["likes_total"] == 150 and jan["shares_total"] == 25 and jan["comments_total"] == 5
    assert jan["interactions_total"] == 180
    assert jan["er_view"] == pytest.approx(6.0)
    # followers: the snapshot of 31 January (12:00 Almaty) is the last before 1 February 00:00 Almaty
    assert jan["followers"] == 10_500 and jan["followers_date"] == date(2022, 1, 31)
    assert jan["er_followers"] == pytest.approx(90 / 10_500 * 100)
    assert "(likes + comments + shares) / views" in jan["formula"]
    assert any("er_followers" in w for w in saved.warnings)
    feb = row(table, channel="jana_ozen", period="2022-02")
    assert feb["er_view"] == pytest.approx(2.0) and feb["followers"] == 11_000
    assert row(table, channel="almaty_news")["er_followers"] == pytest.approx(4 / 2000 * 100)


def test_channel_stats_periods_follow_almaty_time(social):
    table, _ = frame(social, "channel_stats", {"period": "day"})
    jo = table[table["channel"] == "jana_ozen"]
    # jo/2 is 4 January 20:00 UTC = 5 January 02:00 in Almaty
    assert jo["period"].tolist() == ["2022-01-03", "2022-01-05", "2022-02-10"]
    weeks, _ = frame(social, "channel_stats", {"period": "week"})
    assert weeks[weeks["channel"] == "jana_ozen"]["period"].tolist() == ["2022-W01", "2022-W06"]
    quarters, _ = frame(social, "channel_stats", {"period": "quarter"})
    assert set(quarters["period"]) == {"2022-Q1"}


def test_channel_stats_all_and_metrics_option(social):
    table, _ = frame(social, "channel_stats", {"period": "all", "metrics": "views,likes"})
    jo = row(table, channel="jana_ozen")
    assert jo["posts"] == 3 and jo["views_total"] == 3500 and jo["likes_median"] == 50
    assert "shares_total" not in table.columns
    assert jo["interactions_total"] == 160  # likes only: the formula says so
    assert jo["formula"].startswith("er_view = (likes) / views")
    with pytest.raises(InputError, match="no metric saves.*they have comments, likes, shares, views"):
        frame(social, "channel_stats", {"metrics": "saves"})


def test_channel_stats_without_snapshots_warns(project):
    social_data.build(project, snapshots=False)
    table, saved = frame(project, "channel_stats", {"period": "all"})
    assert table["followers"].isna().all() and table["er_followers"].isna().all()
    assert any("no subscriber snapshots" in w for w in saved.warnings)


# --- channel_growth ---------------------------------------------------------------------------------
def test_channel_growth_between_snapshots(social):
    table, saved = frame(social, "channel_growth")
    subs = table[(table["channel"] == "jana_ozen") & (table["metric"] == "subscribers")]
    assert subs["value"].tolist() == [10_000, 10_500, 11_000]
    assert math.isnan(subs["change"].iloc[0])
    assert subs["change"].iloc[1] == 500 and subs["days"].iloc[1] == pytest.approx(30.25)
    assert subs["change_per_day"].iloc[1] == pytest.approx(500 / 30.25)
    assert subs["percent_change"].iloc[2] == pytest.approx(500 / 10_500 * 100)
    views = table[(table["channel"] == "jana_ozen") & (table["metric"] == "views")]
    assert views["percent_change"].tolist()[1:] == pytest.approx([20.0, 20.0])
    assert saved.warnings == (f"almaty_news: {sm.ONE_SNAPSHOT}",)


def test_channel_growth_resampled_keeps_the_last_snapshot_of_each_period(social):
    table, _ = frame(social, "channel_growth", {"period": "month", "metrics": "subscribers"})
    jo = table[table["channel"] == "jana_ozen"]
    assert jo["period"].tolist() == ["2022-01", "2022-02"]
    assert jo["value"].tolist() == [10_500, 11_000] and jo["days"].iloc[1] == pytest.approx(28.0)
    assert set(table["metric"]) == {"subscribers"}


def test_channel_growth_follows_the_filter_and_refuses_without_snapshots(social, project):
    table, _ = frame(social, "channel_growth", where=DocumentFilter(meta=(), corpus=("telegram",)))
    assert set(table["channel"]) == {"jana_ozen", "almaty_news"}
    with pytest.raises(InputError, match="no channel snapshots"):
        frame(social, "channel_growth", where=DocumentFilter(corpus=("news",)))


# --- posting_rhythm ---------------------------------------------------------------------------------
def test_posting_rhythm_cells_in_almaty_time(social):
    table, _ = frame(social, "posting_rhythm")
    assert len(table) == 7 * 24 and table["posts"].sum() == 5
    wed = row(table, weekday=3, hour=2)  # jo/2: Tuesday 20:00 UTC is Wednesday 02:00 in Almaty
    assert wed["posts"] == 1 and wed["day"] == "Wed" and wed["mean_er_view"] == pytest.approx(6.0)
    assert row(table, weekday=1, hour=15)["mean_interactions"] == 60
    assert row(table, weekday=2, hour=20)["posts"] == 0
    by_channel, _ = frame(social, "posting_rhythm", {"by": "channel"})
    assert set(by_channel["group"]) == {"jana_ozen", "almaty_news"} and len(by_channel) == 2 * 168
    assert by_channel[by_channel["group"] == "almaty_news"]["posts"].sum() == 2
    assert row(by_channel, group="almaty_news", weekday=1, hour=9)["share"] == 0.5


# --- top_posts --------------------------------------------------------------------------------------
def test_top_posts_by_views_and_per_channel(social):
    table, _ = frame(social, "top_posts", {"n": 2})
    assert table["external_id"].tolist() == ["jo/2", "jo/1"]
    assert table["rank"].tolist() == [1, 2] and table["value"].tolist() == [2000, 1000]
    assert table["date"].iloc[0] == date(2022, 1, 5)
    assert table["title"].iloc[0].startswith("Талап: әділдік")
    assert {"views", "likes", "shares", "comments", "interactions", "er_view"} <= set(table.columns)
    per, saved = frame(social, "top_posts", {"n": 1, "by": "channel", "metric": "er"})
    assert per[["group", "external_id"]].values.tolist() == [["almaty_news", "an/1"], ["jana_ozen", "jo/1"]]
    assert per["metric"].iloc[0] == "er_view" and "Top 1 posts by er" in saved.title


def test_top_posts_unknown_metric(social):
    with pytest.raises(InputError, match="--metric 'saves'.*comments, likes, shares, views, interactions, er_view"):
        frame(social, "top_posts", {"metric": "saves"})


# --- spikes -----------------------------------------------------------------------------------------
def channel_posts(views: list[float]) -> pd.DataFrame:
    n = len(views)
    return pd.DataFrame({
        "id": range(n), "external_id": [f"p{i}" for i in range(n)], "channel_id": 1, "channel": "kanal",
        "author_key": None, "created_at": pd.date_range("2022-01-01", periods=n, freq="D", tz="UTC"),
        "title": None, "text": [f"жазба {i}" for i in range(n)], "url": None, "views": views,
    })


def test_robust_z_formula_and_mad_zero():
    x = np.log1p([100, 110, 90, 105, 95, 5000])
    z = sm.robust_z(x)
    median = np.median(x)
    mad = np.median(np.abs(x - median))
    assert z[-1] == pytest.approx(0.6745 * (x[-1] - median) / mad)
    # MAD 0 (more than half equal): the mean absolute deviation takes its place
    y = np.array([1.0, 1.0, 1.0, 1.0, 5.0])
    assert sm.robust_z(y)[-1] == pytest.approx(0.7979 * 4 / np.mean(np.abs(y - 1)))
    assert sm.robust_z(np.array([2.0, 2.0, 2.0])).tolist() == [0.0, 0.0, 0.0]
    assert sm.robust_z(np.array([2.0]), np.array([1.0, 1.0]))[0] == np.inf


def test_spikes_finds_the_viral_post():
    from dauys.social.spikes import Spikes, spikes_table

    posts = channel_posts([100, 120, 90, 110, 95, 105, 100, 9000, 98, 102])
    params = Spikes.validate({})
    table = spikes_table(posts, "views", params, "Asia/Almaty")
    assert table["external_id"].tolist() == ["p7"]
    assert table["spike_direction"].tolist() == ["high"] and table["z"].iloc[0] > 3.5
    assert table["baseline"].iloc[0] == pytest.approx(np.expm1(np.median(np.log1p(posts["views"]))))
    everything = spikes_table(posts, "views", Spikes.validate({"rows": "all"}), "Asia/Almaty")
    assert len(everything) == 10 and everything["spike"].sum() == 1
    low = spikes_table(channel_posts([100, 120, 90, 110, 95, 105, 100, 1, 98, 102]), "views",
                       Spikes.validate({"direction": "both"}), "Asia/Almaty")
    assert low["spike_direction"].tolist() == ["low"]


def test_spikes_rolling_window_uses_only_previous_posts():
    from dauys.social.spikes import Spikes, spikes_table

    posts = channel_posts([100, 100, 110, 90, 100, 1000, 1000, 1000, 1000, 1000, 1000, 1000])
    table = spikes_table(posts, "views", Spikes.validate({"window": 4, "min_history": 4, "rows": "all"}), "Asia/Almaty")
    assert table["z"].iloc[:4].isna().all()  # fewer than 4 posts before them
    # the jump is a spike twice, then half the window is at the new level and it is the norm
    assert table["spike"].tolist() == [False] * 5 + [True, True] + [False] * 5
    x = np.log1p(posts["views"].to_numpy(dtype=float))
    assert table["z"].iloc[5] == pytest.approx(sm.robust_z(x[5:6], x[1:5])[0])


def test_spikes_by_days_and_in_the_project(social):
    table, saved = frame(social, "spikes", {"unit": "days", "metric": "posts", "min_history": 2, "rows": "all"})
    assert table["unit"].unique().tolist() == ["days"]
    assert row(table, channel="jana_ozen", date=date(2022, 1, 5))["value"] == 1
    assert not table["spike"].any()
    none, saved = frame(social, "spikes")
    assert none.empty and any("fewer than 5 posts" in w for w in saved.warnings)
    with pytest.raises(InputError, match="er_view --unit days"):
        frame(social, "spikes", {"unit": "days", "metric": "er_view"})


# --- compare_channels -------------------------------------------------------------------------------
def test_compare_channels_normalisations(social):
    table, saved = frame(social, "compare_channels", {"normalise": "per_1000_followers"})
    views = table[table["measure"] == "views"].set_index("channel")
    assert views.loc["jana_ozen", "per_post"] == pytest.approx(3500 / 3)
    assert views.loc["almaty_news", "per_post"] == 200
    assert views.loc["jana_ozen", "per_1000_followers"] == pytest.approx(3500 / 10_500 * 1000)
    median = np.median([3500 / 3, 200])
    assert views.loc["almaty_news", "index"] == pytest.approx(200 / median)
    assert views["z"].tolist() == pytest.approx([-1.0, 1.0])  # two channels: ±1 standard deviation
    assert (views["value"] == views["per_1000_followers"]).all()
    posts = table[table["measure"] == "posts"].set_index("channel")
    assert posts.loc["jana_ozen", "index"] == pytest.approx(3 / 2.5)
    er = table[table["measure"] == "er_view"].set_index("channel")
    assert er.loc["jana_ozen", "total"] == pytest.approx(190 / 3500 * 100)
    assert "(per 1000 followers)" in saved.title


@pytest.mark.parametrize("name", ["channel_stats", "posting_rhythm", "top_posts", "spikes", "compare_channels"])
def test_post_analyses_refuse_a_selection_without_posts(social, name):
    with pytest.raises(InputError, match=r"the selection has no posts \(filter: kind comments\)"):
        frame(social, name, where=DocumentFilter(kind="comments"))
