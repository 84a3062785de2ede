"""Comment timing: how soon after a post its comments come, as a volume curve per hour (or bin) since publication.

Each selected comment or reply is placed at its delay after the publication of the post at the root of its
thread (replies too are timed from the post). Comments of posts that are not in the store or have no date are
left out (counted in the warnings); a comment dated before its post (clock differences) counts at delay 0.

Result columns (one row per group and bin, bins from 0 to ``--hours``):

``group``             ``all``, the channel's handle (``--by channel``) or the post's id (``--by post``, the
                      ``--posts`` most commented posts)
``bin``               0, 1, 2, ...: the bin's number
``hours_from``, ``hours_to``  the bin's span in hours after publication
``comments``          comments and replies in the bin
``cumulative``        comments up to the end of the bin
``cumulative_share``  cumulative / comments_total (so a curve that stays below 1 at ``--hours`` shows how many
                      came later)
``comments_total``    all the group's timed comments, later ones included
``posts``             posts of the group with timed comments
``median_delay_hours`` the group's median delay, in hours (over all its timed comments)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from dauys.analyze.base import Analysis, param
from dauys.progress import SILENT, Progress
from dauys.social.comment_threads import selected_comments_sql
from dauys.store.filters import DocumentFilter

if TYPE_CHECKING:
    from dauys.project import Project

TIMING_COLUMNS = ("group", "bin", "hours_from", "hours_to", "comments", "cumulative", "cumulative_share",
                  "comments_total", "posts", "median_delay_hours")


@dataclass(frozen=True)
class CommentTimingParams:
    by: str = param("all", "One curve of all comments, one per channel, or one per post.",
                    choices=("all", "channel", "post"))
    bin_hours: float = param(1.0, "The width of a bin, in hours.", min=0.01, max=10_000)
    hours: float = param(72.0, "How far after publication the curve goes, in hours.", min=0.01, max=100_000)
    posts: int = param(10, "With --by post: the N most commented posts.", min=1, max=100_000)


def timing_table(delays: pd.DataFrame, params: CommentTimingParams) -> pd.DataFrame:
    """Bins per group of a frame with ``group``, ``root`` and ``delay_hours`` (one row per comment)."""
    n_bins = int(np.ceil(params.hours / params.bin_hours))
    edges = np.arange(n_bins + 1) * params.bin_hours
    parts = []
    for group, rows in delays.groupby("group", sort=True):
        delay = rows["delay_hours"].clip(lower=0).to_numpy()
        inside = delay[delay < edges[-1]]
        counts = np.bincount((inside // params.bin_hours).astype(int), minlength=n_bins)[:n_bins]
        cumulative = np.cumsum(counts)
        parts.append(pd.DataFrame({
            "group": group, "bin": np.arange(n_bins), "hours_from": edges[:-1], "hours_to": edges[1:],
            "comments": counts, "cumulative": cumulative, "cumulative_share": cumulative / len(delay),
            "comments_total": len(delay), "posts": rows["root"].nunique(),
            "median_delay_hours": float(np.median(delay)),
        }))
    if not parts:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in TIMING_COLUMNS})
    table = pd.concat(parts, ignore_index=True)
    if params.by == "post":  # the most commented first, as the groups were chosen
        order = delays.groupby("group").size().sort_values(ascending=False, kind="stable").index
        table["group"] = pd.Categorical(table["group"], categories=list(order), ordered=True)
        table = table.sort_values(["group", "bin"], kind="stable")
        table["group"] = table["group"].astype(str)
    return table[list(TIMING_COLUMNS)].reset_index(drop=True)


class CommentTiming(Analysis):
    name = "comment_timing"
    title = "Comment timing"
    description = (
        "Comment volume after publication: comments per hour (or bin) since the post was published, the cumulative "
        "share and the median delay, pooled, per channel or per post."
    )
    Params = CommentTimingParams
    command_group = "social"

    def result_title(self, params: CommentTimingParams) -> str:
        return self.title + {"all": "", "channel": " by channel", "post": " per post"}[params.by]

    def run(self, project: Project, where: DocumentFilter, params: CommentTimingParams,
            progress: Progress = SILENT) -> pd.DataFrame:
        sql, values = selected_comments_sql(where)
        with project.store.read() as con:
            frame = con.execute(
                f"""{sql}
                SELECT s.root_external_id AS root, coalesce(c.handle, '(none)') AS channel,
                       (epoch(s.created_at) - epoch(p.created_at)) / 3600.0 AS delay_hours
                FROM selected s
                LEFT JOIN documents p ON p.id = s.root_id
                LEFT JOIN channels c ON c.id = p.channel_id""",
                values,
            ).df()
        untimed = int(frame["delay_hours"].isna().sum())
        frame = frame[frame["delay_hours"].notna()].copy()
        if params.by == "all":
            frame["group"] = "all"
        elif params.by == "channel":
            frame["group"] = frame["channel"]
        else:
            top = frame.groupby("root").size().sort_values(ascending=False, kind="stable").head(params.posts).index
            frame = frame[frame["root"].isin(top)].copy()
            frame["group"] = frame["root"]
        self.counts_ = {"documents": len(frame) + untimed, "timed": len(frame)}
        if untimed:
            self.warnings_.append(
                f"{untimed} comment(s) left out: their post is not in the store or has no date"
            )
        early = int((frame["delay_hours"] < 0).sum())
        if early:
            self.warnings_.append(f"{early} comment(s) dated before their post, counted at delay 0")
        return timing_table(frame, params)
