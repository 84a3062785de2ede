"""Channels side by side, normalised so that channels of different sizes compare.

For each period (project time zone), channel and measure: the total, the total per post, per 1,000
followers (the subscribers snapshot at the period's end, as in channel_stats), the z-score of the per-post
value across the period's channels ((x − mean) / standard deviation, 0 when all are equal) and the index
(the per-post value over the median per-post value of the period's channels: 1 is the typical channel);
for the measure ``posts`` the z-score and index compare the number of posts.
For the rates er_view and er_followers (percent) ``total`` and ``per_post`` hold the rate itself and
``per_1000_followers`` is empty. ``value`` repeats the column chosen with ``--normalise``, which the chart draws.

Result columns: ``period``, ``start``, ``channel``, ``measure`` (posts, each metric, interactions, er_view,
er_followers), ``posts``, ``followers``, ``total``, ``per_post``, ``per_1000_followers``, ``z``, ``index``,
``normalise`` (the chosen normalisation), ``value``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from dauys.analyze.base import Analysis, param
from dauys.progress import SILENT, Progress
from dauys.social import metrics as sm
from dauys.social.channel_stats import period_stats
from dauys.store.filters import DocumentFilter

if TYPE_CHECKING:
    from dauys.project import Project

NORMALISATIONS = ("per_post", "per_1000_followers", "z", "index")
COMPARE_COLUMNS = ("period", "start", "channel", "measure", "posts", "followers", "total", "per_post",
                   "per_1000_followers", "z", "index", "normalise", "value")
RATES = ("er_view", "er_followers")


@dataclass(frozen=True)
class CompareChannelsParams:
    period: str = param("all", "Compare over the whole selection or per period.", choices=sm.PERIODS)
    normalise: str = param("index", "The normalisation the chart shows (all are in the table).",
                           choices=NORMALISATIONS)
    metrics: str = param("", "Comma-separated metrics (default: every metric the posts have).")


def compare_table(stats: pd.DataFrame, names: list[str], normalise: str) -> pd.DataFrame:
    rows = []
    for measure in ("posts", *names, "interactions", *RATES):
        column = {"posts": "posts", "interactions": "interactions_total"}.get(measure, f"{measure}_total")
        column = measure if measure in RATES else column
        part = stats[["period", "start", "channel", "posts", "followers"]].copy()
        part["measure"] = measure
        part["total"] = stats[column].astype(float)
        if measure in RATES:
            part["per_post"] = part["total"]
            part["per_1000_followers"] = np.nan
        else:
            part["per_post"] = part["total"] / part["posts"]
            part["per_1000_followers"] = 1000 * part["total"] / part["followers"].where(part["followers"] > 0)
        rows.append(part)
    table = pd.concat(rows, ignore_index=True)
    # posts per post is 1 for every channel: the number of posts itself is compared
    table["basis"] = table["per_post"].where(table["measure"] != "posts", table["total"])
    grouped = table.groupby(["period", "measure"], sort=False)["basis"]
    mean, std, median = grouped.transform("mean"), grouped.transform("std", ddof=0), grouped.transform("median")
    table["z"] = np.where(std > 0, (table["basis"] - mean) / std.where(std > 0),
                          np.where(table["basis"].notna(), 0.0, np.nan))
    table["index"] = table["basis"] / median.where(median != 0)
    table["normalise"] = normalise
    table["value"] = table[normalise]
    table = table.sort_values(["start", "period", "measure", "channel"], kind="stable")
    return table[list(COMPARE_COLUMNS)].reset_index(drop=True)


class CompareChannels(Analysis):
    name = "compare_channels"
    title = "Channels compared"
    description = (
        "Channels side by side for a period: posts, each metric, interactions and engagement rates as totals, per "
        "post, per 1,000 followers, z-scores across channels and an index (channel / median channel)."
    )
    Params = CompareChannelsParams
    command_group = "social"

    def result_title(self, params: CompareChannelsParams) -> str:
        return sm.title_by_period(f"{self.title} ({params.normalise.replace('_', ' ')})", params.period)

    def run(self, project: Project, where: DocumentFilter, params: CompareChannelsParams,
            progress: Progress = SILENT) -> pd.DataFrame:
        selected = period_stats(project, where, params.metrics, params.period)
        stats = selected.table
        if params.period == "all":
            stats["start"] = stats["start"].min() if len(stats) else stats["start"]
        self.counts_ = {"documents": len(selected.posts), "channels": int(stats["channel"].nunique())}
        self.warnings_.extend(sm.formulas(selected.used).values())
        return compare_table(stats, selected.names, params.normalise)
