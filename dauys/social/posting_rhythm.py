"""Posting rhythm: posts per weekday and hour in the project's time zone (Asia/Almaty), with their engagement.

Result columns (7 × 24 rows per group, empty cells included, so the heat map has every cell):

``group``            ``all``, or the channel's handle with ``--by channel``
``weekday``          1 (Monday) to 7 (Sunday)
``day``              Mon, Tue, Wed, Thu, Fri, Sat, Sun
``hour``             0 to 23, local time
``posts``            posts published in that hour of that weekday
``share``            those posts as a share (0–1) of the group's posts
``mean_interactions`` the mean interactions of those posts (likes, reactions, comments, shares, forwards: the
                     metrics they have)
``mean_er_view``     the mean of their engagement rate per view, percent (interactions / views × 100)

Posts stamped exactly 00:00:00 local time are usually dates without a time of day; they are counted in hour
0 as they are, and a warning says how many there are.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd

from dauys.analyze.base import Analysis, param
from dauys.progress import SILENT, Progress
from dauys.social import metrics as sm
from dauys.store.filters import DocumentFilter

if TYPE_CHECKING:
    from dauys.project import Project

DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
RHYTHM_COLUMNS = ("group", "weekday", "day", "hour", "posts", "share", "mean_interactions", "mean_er_view")


@dataclass(frozen=True)
class PostingRhythmParams:
    by: str = param("all", "One heat map of all posts, or one per channel.", choices=("all", "channel"))


def rhythm_table(posts: pd.DataFrame, by: str, tz: str) -> pd.DataFrame:
    posts = posts[posts["created_at"].notna()].copy()
    local = sm.local_times(posts["created_at"], tz)
    posts["weekday"] = local.dt.day_of_week + 1
    posts["hour"] = local.dt.hour
    posts["group"] = posts["channel"] if by == "channel" else "all"
    grid = pd.MultiIndex.from_product([range(1, 8), range(24)], names=["weekday", "hour"])
    parts = []
    for group, rows in posts.groupby("group", sort=True):
        cells = rows.groupby(["weekday", "hour"])
        part = pd.DataFrame({
            "posts": cells.size(), "mean_interactions": cells["interactions"].mean(),
            "mean_er_view": cells["er_view"].mean(),
        }).reindex(grid).reset_index()
        part["posts"] = part["posts"].fillna(0).astype(int)
        part["share"] = part["posts"] / max(1, len(rows))
        part.insert(0, "group", group)
        parts.append(part)
    if not parts:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in RHYTHM_COLUMNS})
    table = pd.concat(parts, ignore_index=True)
    table["day"] = table["weekday"].map(lambda d: DAYS[d - 1])
    return table[list(RHYTHM_COLUMNS)]


class PostingRhythm(Analysis):
    name = "posting_rhythm"
    title = "Posting rhythm"
    description = (
        "Posts per weekday and hour in the project's time zone (Asia/Almaty), overall or per channel, with the "
        "mean interactions and engagement rate per view of the posts of each cell: the heat map of when channels post."
    )
    Params = PostingRhythmParams
    command_group = "social"

    def result_title(self, params: PostingRhythmParams) -> str:
        return self.title + (" by channel" if params.by == "channel" else "")

    def run(self, project: Project, where: DocumentFilter, params: PostingRhythmParams,
            progress: Progress = SILENT) -> pd.DataFrame:
        posts, names = sm.posts_frame(project, where, lean=True)
        sm.require_posts(posts, where)
        used = sm.add_engagement(posts, names)
        self.counts_ = {"documents": len(posts)}
        self.warnings_.append(sm.formulas(used)["er_view"])
        midnight = midnight_posts(posts, project.tz)
        if midnight:
            self.counts_["posts_at_midnight"] = midnight
            self.warnings_.append(
                f"{midnight:,} of {len(posts):,} posts are stamped exactly 00:00:00 local time, which is usually a "
                "date without a time of day (a date-only column, a date from a file name); they make hour 0 look "
                "busy: leave them out with --corpus or --since/--until, or import the time of day"
            )
        return rhythm_table(posts, params.by, project.tz)


def midnight_posts(posts: pd.DataFrame, tz: str) -> int:
    """How many posts fall exactly on local midnight (00:00:00), the mark of a date without a time."""
    local = sm.local_times(posts["created_at"].dropna(), tz)
    return int(((local.dt.hour == 0) & (local.dt.minute == 0) & (local.dt.second == 0)).sum())
