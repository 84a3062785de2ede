"""Spikes: posts, or days of activity, whose metric is unusual against the channel's own history.

The score is the modified z-score of Iglewicz and Hoaglin (1993) on log1p of the metric:
z = 0.6745 · (x − median) / MAD, x = log(1 + value), the median and the MAD (median absolute deviation)
taken over the channel's posts (or its days with posts) — all of them, or with ``--window N`` the N before
each one. When the MAD is 0 (more than half the values equal) the mean absolute deviation takes its place,
z = 0.7979 · (x − median) / MeanAD; when that is 0 too, a value equal to the median scores 0 and any other ±inf.
A row is a spike when z ≥ ``--z`` (default 3.5, the authors' threshold), or |z| ≥ ``--z`` with
``--direction both``.

Result columns (spikes only, or every post/day with ``--rows all``; sorted by channel and date):

``channel``      the channel's handle
``unit``         posts or days
``date``         the local date (project time zone)
``created_at``   the post's publication instant (UTC; the day's first post for days)
``external_id``  the post's id (empty for days)
``url``          the post's address (empty for days)
``title``        the post's title or first 100 characters (for days: the number of posts that day)
``metric``       the metric scored (``posts`` counts the posts of a day)
``value``        the post's value, or the day's total
``baseline``     the typical value it is measured against: exp(median of log1p values) − 1
``z``            the modified z-score (NaN with fewer than ``--min-history`` values of history)
``spike``        whether the row passes the threshold
``spike_direction`` high or low (for spikes; empty otherwise)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from dauys.analyze.base import Analysis, param
from dauys.errors import InputError
from dauys.progress import SILENT, Progress
from dauys.social import metrics as sm
from dauys.store.filters import DocumentFilter

if TYPE_CHECKING:
    from dauys.project import Project

SPIKE_COLUMNS = ("channel", "unit", "date", "created_at", "external_id", "url", "title", "metric", "value",
                 "baseline", "z", "spike", "spike_direction")


@dataclass(frozen=True)
class SpikesParams:
    metric: str = param("views", "The metric to score (views, likes, ..., interactions, er_view; posts with "
                        "--unit days counts the posts of each day).")
    unit: str = param("posts", "Score single posts, or days of activity (the day's total).", choices=("posts", "days"))
    z: float = param(3.5, "The modified z-score from which a value is a spike (Iglewicz–Hoaglin: 3.5).", min=0)
    window: int = param(0, "Measure each value against the channel's N values before it (0: the whole history).",
                        min=0, max=100_000)
    min_history: int = param(5, "Score a value only when its history holds at least this many values.", min=1)
    direction: str = param("high", "Only unusually high values, or high and low ones.", choices=("high", "both"))
    rows: str = param("spikes", "Return only the spikes, or every scored post or day.", choices=("spikes", "all"))


def _units(posts: pd.DataFrame, metric: str, unit: str, tz: str) -> pd.DataFrame:
    posts = posts[posts["created_at"].notna()].copy()
    posts["date"] = sm.local_times(posts["created_at"], tz).dt.date
    if unit == "posts":
        frame = posts[posts[metric].notna()].copy()
        frame["value"] = frame[metric]
        return frame.sort_values(["channel", "created_at", "id"], kind="stable")
    grouped = posts.groupby(["channel", "date"], sort=True)
    frame = pd.DataFrame({
        "created_at": grouped["created_at"].min(),
        "value": grouped.size().astype(float) if metric == "posts" else grouped[metric].sum(min_count=1),
        "title": grouped.size().map(lambda n: f"{n} posts"),
    }).reset_index()
    frame["external_id"] = None
    frame["url"] = None
    return frame[frame["value"].notna()]


def spikes_table(posts: pd.DataFrame, metric: str, params: SpikesParams, tz: str, project: Project | None = None
                 ) -> pd.DataFrame:
    """The spikes table of a posts frame; the posts' ids, titles and addresses come from ``posts`` or, for the
    rows kept, from the project's store (``project``)."""
    frame = _units(posts, metric, params.unit, tz)
    frame["unit"] = params.unit
    frame["metric"] = metric
    z = np.full(len(frame), np.nan)
    baseline = np.full(len(frame), np.nan)
    positions = np.arange(len(frame))
    for _, index in frame.groupby("channel", sort=False).indices.items():
        x = np.log1p(np.clip(frame["value"].to_numpy(dtype=float)[index], 0, None))
        if params.window:
            z[positions[index]] = sm.rolling_robust_z(x, params.window, params.min_history)
            medians = pd.Series(x).shift(1).rolling(params.window, min_periods=params.min_history).median()
            baseline[positions[index]] = np.expm1(medians.to_numpy())
        elif len(x) >= params.min_history:
            z[positions[index]] = sm.robust_z(x)
            baseline[positions[index]] = np.expm1(np.median(x))
    frame["z"] = z
    frame["baseline"] = baseline
    high = frame["z"] >= params.z
    low = (frame["z"] <= -params.z) if params.direction == "both" else pd.Series(False, index=frame.index)
    frame["spike"] = high | low
    frame["spike_direction"] = np.where(high, "high", np.where(low, "low", None))
    if params.rows == "spikes":
        frame = frame[frame["spike"]]
    if params.unit == "posts" and project is not None:
        frame = sm.describe_documents(project, frame)
    return frame[list(SPIKE_COLUMNS)].sort_values(["channel", "created_at"], kind="stable").reset_index(drop=True)


class Spikes(Analysis):
    name = "spikes"
    title = "Spikes"
    description = (
        "Posts or days of activity whose views (or any metric) are unusual against the channel's own history: the "
        "robust z-score 0.6745·(x − median)/MAD on log1p of the metric, threshold 3.5 (Iglewicz–Hoaglin), over the "
        "whole history or a rolling window of previous posts."
    )
    Params = SpikesParams
    command_group = "social"

    def result_title(self, params: SpikesParams) -> str:
        return f"Spikes in {params.metric} ({params.unit}, z ≥ {params.z:g})"

    def run(self, project: Project, where: DocumentFilter, params: SpikesParams,
            progress: Progress = SILENT) -> pd.DataFrame:
        posts, names, used, metric = sm.engaged_posts(project, where, params.metric)
        allowed = [*names, *sm.DERIVED, *(("posts",) if params.unit == "days" else ())]
        if metric not in allowed:
            raise InputError(
                f"--metric {params.metric!r}: the selected posts have no such metric; choose one of "
                f"{', '.join(allowed)}"
            )
        if metric == "er_view" and params.unit == "days":
            raise InputError("--metric er_view --unit days: a day's engagement rate is not a total; use --unit posts")
        table = spikes_table(posts, metric, params, project.tz, project)
        self.counts_ = {"documents": len(posts), "spikes": int(table["spike"].sum())}
        self.warnings_.extend(sm.derived_formula(metric, used))
        history = _units(posts, metric, params.unit, project.tz).groupby("channel").size()
        short = sorted(history[history < params.min_history].index)
        if short and not params.window:
            self.warnings_.append(
                f"{', '.join(short)}: fewer than {params.min_history} {params.unit} of history, not scored"
            )
        return table
