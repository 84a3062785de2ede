"""The most active commenters: who writes most of the comments and replies, by pseudonymised author key only.

Authors are pseudonymised on import (a keyed hash); this table never shows a name or a platform id.

Result columns (one row per author, most comments first):

``rank``        1 to N (ties broken by author key)
``author_key``  the pseudonymised author
``comments``    comments and replies the author wrote among those selected
``replies``     of which replies to comments (depth 2 and more)
``posts``       distinct posts whose threads the author wrote in
``channels``    distinct channels
``share``       the author's comments as a share (0–1) of all selected comments
``first_at``, ``last_at``  the author's first and last selected comment (UTC)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd

from dauys.analyze.base import Analysis, param
from dauys.progress import SILENT, Progress
from dauys.social.comment_threads import selected_comments_sql
from dauys.store.filters import DocumentFilter

if TYPE_CHECKING:
    from dauys.project import Project

COMMENTER_COLUMNS = ("rank", "author_key", "comments", "replies", "posts", "channels", "share", "first_at", "last_at")


@dataclass(frozen=True)
class TopCommentersParams:
    n: int = param(50, "How many commenters to list.", min=1, max=10_000_000)


class TopCommenters(Analysis):
    name = "top_commenters"
    title = "Most active commenters"
    description = (
        "The authors (pseudonymised keys only) who wrote the most comments and replies, with the posts and channels "
        "they commented on and their share of all comments."
    )
    Params = TopCommentersParams
    command_group = "social"

    def result_title(self, params: TopCommentersParams) -> str:
        return f"Top {params.n} commenters"

    def run(self, project: Project, where: DocumentFilter, params: TopCommentersParams,
            progress: Progress = SILENT) -> pd.DataFrame:
        sql, values = selected_comments_sql(where)
        with project.store.read() as con:
            total = con.execute(f"{sql} SELECT count(*) FROM selected", values).fetchone()[0]
            table = con.execute(
                f"""{sql}
                SELECT author_key, count(*) AS comments, count(*) FILTER (WHERE depth >= 2) AS replies,
                       count(DISTINCT root_external_id) AS posts, count(DISTINCT channel_id) AS channels,
                       min(created_at) AS first_at, max(created_at) AS last_at
                FROM selected WHERE author_key IS NOT NULL
                GROUP BY author_key ORDER BY comments DESC, author_key LIMIT {int(params.n)}""",
                values,
            ).df()
        table.insert(0, "rank", range(1, len(table) + 1))
        for column in ("comments", "replies", "posts", "channels"):
            table[column] = table[column].astype("int64")
        table["share"] = table["comments"] / total if total else 0.0
        for column in ("first_at", "last_at"):
            table[column] = pd.to_datetime(table[column], utc=True)
        self.counts_ = {"documents": int(total), "authors": len(table)}
        return table[list(COMMENTER_COLUMNS)]
