"""Top posts by any metric, overall or per channel.

Result columns (one row per post, ``--n`` per group, best first):

``group``        ``all``, or the channel's handle with ``--by channel``
``rank``         1 to N within the group (ties broken by the earlier post)
``channel``      the post's channel
``date``         the local date of publication (project time zone)
``created_at``   the publication instant (UTC)
``title``        the post's title, or the first 100 characters of its text
``url``          the post's address
``external_id``  the platform's id of the post
``metric``       the metric ranked by
``value``        the post's value of it
then one column per metric the posts have (views, likes, ...), ``interactions`` and ``er_view`` (percent)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd

from dauys.analyze.base import Analysis, param
from dauys.errors import InputError
from dauys.progress import SILENT, Progress
from dauys.social import metrics as sm
from dauys.store.filters import DocumentFilter

if TYPE_CHECKING:
    from dauys.project import Project

TOP_POSTS_COLUMNS = ("group", "rank", "channel", "date", "created_at", "title", "url", "external_id", "metric", "value")


@dataclass(frozen=True)
class TopPostsParams:
    metric: str = param("views", "Rank by this metric (views, likes, comments, shares, forwards, reactions, ...), "
                        "or by interactions or er_view (engagement rate per view).")
    n: int = param(20, "How many posts per group.", min=1, max=100_000)
    by: str = param("all", "One list of all posts, or one per channel.", choices=("all", "channel"))


def top_posts_table(posts: pd.DataFrame, names: list[str], metric: str, n: int, by: str, tz: str) -> pd.DataFrame:
    """The ranking of a posts frame that has ``external_id``, ``title`` and ``url`` (see the module's columns)."""
    posts = posts[posts[metric].notna()].copy()
    posts["group"] = posts["channel"] if by == "channel" else "all"
    posts = posts.sort_values(["group", metric, "created_at", "id"], ascending=[True, False, True, True],
                              kind="stable")
    posts = posts.groupby("group", sort=False).head(n).copy()
    posts["rank"] = posts.groupby("group", sort=False).cumcount() + 1
    posts["date"] = sm.local_times(posts["created_at"], tz).dt.date
    posts["metric"] = metric
    posts["value"] = posts[metric]
    columns = [*TOP_POSTS_COLUMNS, *names, *sm.DERIVED]
    return posts[columns].reset_index(drop=True)


class TopPosts(Analysis):
    name = "top_posts"
    title = "Top posts"
    description = (
        "The N posts with the highest views, likes, comments, shares (any metric), interactions or engagement rate, "
        "overall or per channel, with date, title or opening text, address and all their metrics."
    )
    Params = TopPostsParams
    command_group = "social"

    def result_title(self, params: TopPostsParams) -> str:
        return f"Top {params.n} posts by {params.metric}" + (" per channel" if params.by == "channel" else "")

    def run(self, project: Project, where: DocumentFilter, params: TopPostsParams,
            progress: Progress = SILENT) -> pd.DataFrame:
        posts, names, used, metric = sm.engaged_posts(project, where, params.metric)
        if metric not in (*names, *sm.DERIVED):
            raise InputError(
                f"--metric {params.metric!r}: the selected posts have no such metric; they have "
                f"{', '.join([*names, *sm.DERIVED]) if names else 'no metrics (import or collect metrics first)'}"
            )
        self.counts_ = {"documents": len(posts)}
        self.warnings_.extend(sm.derived_formula(metric, used))
        # the ranking first, then the titles and addresses of the posts kept
        keep = posts[posts[metric].notna()].assign(group=posts["channel"] if params.by == "channel" else "all")
        keep = keep.sort_values(["group", metric, "created_at", "id"], ascending=[True, False, True, True],
                                kind="stable").groupby("group", sort=False).head(params.n)
        keep = sm.describe_documents(project, keep.drop(columns="group"))
        return top_posts_table(keep, names, metric, params.n, params.by, project.tz)
