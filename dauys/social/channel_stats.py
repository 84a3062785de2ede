"""Channel statistics per period: posts, totals and medians of every metric, engagement rates per view and follower.

Result columns (one row per channel and period, sorted by channel and period start):

``channel``         the channel's handle (``(none)`` for posts without a channel)
``period``          the period's label in the project's time zone: ``all``, ``2022``, ``2022-Q1``, ``2022-01``,
                    ``2022-W01``, ``2022-01-05``
``start``           the period's first local day (for ``all``: the day of the channel's first post)
``posts``           posts (documents without a parent) published in the period
``M_total``, ``M_median``
                    for every metric M the posts have (views, likes, comments, shares, reactions, forwards,
                    ...; or those of ``--metrics``): the sum and the median over the posts of each one's latest
                    snapshot (posts without that metric are left out of the median)
``interactions_total``   the sum of the interaction metrics (see ``formula``)
``interactions_per_post`` interactions_total / posts
``er_view``         engagement rate per view, percent: interactions_total / views_total × 100
``er_view_median``  the median of the posts' own er_view (the "typical post"; reach versus engagement is
                    views_median against er_view_median)
``followers``       the channel's subscribers snapshot at the end of the period (NaN without snapshots)
``followers_date``  the local date of that snapshot
``er_followers``    engagement rate per follower (LiveDune's ER): interactions_per_post / followers × 100
``formula``         the formulas, with the metrics that made up the interactions
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from dauys.analyze.base import Analysis, param
from dauys.progress import SILENT, Progress
from dauys.social import metrics as sm
from dauys.store.filters import DocumentFilter

if TYPE_CHECKING:
    from dauys.project import Project


@dataclass(frozen=True)
class ChannelStatsParams:
    period: str = param("month", "Periods in the project's time zone.", choices=sm.PERIODS)
    metrics: str = param("", "Comma-separated metrics to total (default: every metric the posts have).")


def stats_table(posts: pd.DataFrame, names: list[str], period: str, tz: str,
                snapshots: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """The channel_stats table of a posts frame (see the module for its columns) and the metrics summed."""
    used = sm.add_engagement(posts, names)
    formula = "; ".join(sm.formulas(used).values())
    sm.label_periods(posts, period, tz)
    if period == "all":
        posts["start"] = posts.groupby("channel")["created_at"].transform("min").pipe(sm.local_times, tz).dt.normalize()
    keys = ["channel_id", "channel", "period", "start"]
    grouped = posts.groupby(keys, dropna=False, sort=False)
    table = grouped.size().rename("posts").to_frame()
    for name in names:
        table[f"{name}_total"] = grouped[name].sum(min_count=1)
        table[f"{name}_median"] = grouped[name].median()
    table["interactions_total"] = grouped["interactions"].sum(min_count=1)
    table["interactions_per_post"] = table["interactions_total"] / table["posts"]
    if "views" in names:
        views = table["views_total"].where(table["views_total"] > 0)
        table["er_view"] = 100 * table["interactions_total"] / views
    else:
        table["er_view"] = np.nan
    table["er_view_median"] = grouped["er_view"].median()
    table = table.reset_index()
    followers = followers_at_period_end(table, posts, period, tz, snapshots)
    table["followers"] = followers["value"].to_numpy()
    table["followers_date"] = followers["date"].to_numpy()
    table["er_followers"] = 100 * table["interactions_per_post"] / table["followers"].where(table["followers"] > 0)
    table["formula"] = formula
    table["start"] = pd.to_datetime(table["start"]).dt.date
    table = table.sort_values(["channel", "start"], kind="stable").drop(columns="channel_id")
    return table.reset_index(drop=True), used


def followers_at_period_end(table: pd.DataFrame, posts: pd.DataFrame, period: str, tz: str,
                            snapshots: pd.DataFrame) -> pd.DataFrame:
    """For each row (channel_id, start) of ``table``: ``value`` and local ``date`` of the subscribers snapshot
    at the period's end (the latest before it, else the channel's earliest), in the rows' order."""
    rows = table[["channel_id", "start"]].copy()
    rows["order"] = np.arange(len(rows))
    starts = pd.to_datetime(rows["start"])
    if period == "all":
        last = sm.local_times(posts.groupby("channel_id")["created_at"].max(), tz).dt.normalize()
        end_local = rows["channel_id"].map(last) + pd.Timedelta(days=1)
    else:
        end_local = (starts.dt.to_period(sm._FREQ[period]) + 1).dt.start_time
    local = pd.to_datetime(end_local).dt.tz_localize(tz, ambiguous="NaT", nonexistent="shift_forward")
    rows["end"] = local.dt.tz_convert("UTC")
    subs = snapshots[snapshots["metric"] == "subscribers"][["channel_id", "observed_at", "value"]]
    subs = subs.dropna(subset=["channel_id"]).astype({"channel_id": "int64"}).sort_values("observed_at")
    empty = pd.DataFrame({"value": np.full(len(rows), np.nan), "date": [None] * len(rows)})
    known = rows[rows["channel_id"].notna() & rows["end"].notna()].astype({"channel_id": "int64"})
    if subs.empty or known.empty:
        return empty
    before = pd.merge_asof(known.sort_values("end"), subs, left_on="end", right_on="observed_at", by="channel_id",
                           allow_exact_matches=False, direction="backward")
    earliest = subs.groupby("channel_id").first()
    missing = before["value"].isna()
    before.loc[missing, "observed_at"] = before.loc[missing, "channel_id"].map(earliest["observed_at"])
    before.loc[missing, "value"] = before.loc[missing, "channel_id"].map(earliest["value"])
    out = empty.copy()
    order = before["order"].to_numpy()
    out.loc[order, "value"] = before["value"].to_numpy(dtype=float)
    observed = pd.to_datetime(before["observed_at"], utc=True).dt.tz_convert(tz).dt.date
    out.loc[order, "date"] = observed.where(before["observed_at"].notna(), None).to_numpy()
    return out


@dataclass
class PeriodStats:
    """The selected posts (their metrics limited to ``names``), their channels' subscriber snapshots, the
    :func:`stats_table` of them and the interaction metrics it used."""

    posts: pd.DataFrame
    names: list[str]
    snapshots: pd.DataFrame
    table: pd.DataFrame
    used: list[str]


def period_stats(project: Project, where: DocumentFilter, metrics: str, period: str) -> PeriodStats:
    """The :func:`stats_table` of the selected posts (refused when there are none) for ``--metrics`` and
    ``--period``, with followers from the channels' subscriber snapshots."""
    posts, available = sm.posts_frame(project, where, lean=True)
    sm.require_posts(posts, where)
    names = sm.parse_metrics(metrics, available)
    posts = posts.drop(columns=[m for m in available if m not in names])
    snapshots = sm.channel_snapshots(project, posts["channel_id"].dropna().unique().tolist(), ["subscribers"])
    table, used = stats_table(posts, names, period, project.tz, snapshots)
    return PeriodStats(posts, names, snapshots, table, used)


class ChannelStats(Analysis):
    name = "channel_stats"
    title = "Channel statistics"
    description = (
        "Per channel and period: posts, totals and medians of views, likes, comments, shares (and every other "
        "metric), engagement rate per view ((likes + comments + shares) / views) and per follower (interactions "
        "per post / subscribers at the period's end, LiveDune's ER), with the formulas in the table."
    )
    Params = ChannelStatsParams
    command_group = "social"

    def result_title(self, params: ChannelStatsParams) -> str:
        return sm.title_by_period(self.title, params.period)

    def run(self, project: Project, where: DocumentFilter, params: ChannelStatsParams,
            progress: Progress = SILENT) -> pd.DataFrame:
        stats = period_stats(project, where, params.metrics, params.period)
        table, names, snapshots = stats.table, stats.names, stats.snapshots
        self.counts_ = {"documents": len(stats.posts), "channels": int(table["channel"].nunique())}
        self.warnings_.extend(sm.formulas(stats.used).values())
        self.warnings_.append(
            "followers: each channel's subscribers snapshot at the end of the period (the latest before it, or "
            "the earliest after it when there is none before); followers_date gives the snapshot used"
        )
        if "views" not in names:
            self.warnings_.append("the posts have no views: er_view cannot be computed")
        if snapshots.empty:
            self.warnings_.append(
                "no subscriber snapshots: er_followers needs channel statistics (collect the channel or import "
                "a channel statistics table)"
            )
        return table
