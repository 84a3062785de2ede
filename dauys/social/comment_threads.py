"""Comment threads: per post, its comments, replies, commenters and how deep the discussion goes.

The documents the filter selects that have a parent (comments and replies) are grouped by the post at
the root of their thread, however deep: ``--parent jo/1`` gives the thread of one post, ``--corpus`` or
``--since`` the threads of a channel set or a time span (the dates are the comments' own). A comment whose
parent is not in the store counts as a comment (depth 1) of that missing post (``in_store`` false).

Result columns (one row per post, most commented first):

``channel``       the post's channel (the comment's when the post is not in the store)
``external_id``   the post's id
``url``, ``title`` the post's address and title (or first 100 characters of its text)
``created_at``    the post's publication instant (UTC)
``total``         comments and replies selected under the post
``comments``      direct comments on the post (depth 1)
``replies``       replies to comments, at any depth (depth 2 and more)
``commenters``    distinct authors (pseudonymised author keys) among them
``max_depth``     the deepest reply: 1 comments only, 2 replies to comments, 3 replies to replies, ...
``reply_share``   replies / total
``in_store``      whether the post itself is in the store
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

THREAD_COLUMNS = ("channel", "external_id", "url", "title", "created_at", "total", "comments", "replies",
                  "commenters", "max_depth", "reply_share", "in_store")


@dataclass(frozen=True)
class CommentThreadsParams:
    n: int = param(0, "Keep the N most commented posts (0: every post with comments).", min=0, max=10_000_000)


def selected_comments_sql(where: DocumentFilter) -> tuple[str, list]:
    """SQL of the selected comments and replies with their thread: id, root_id, root_external_id, depth,
    author_key, channel_id, created_at (a query to wrap in a CTE, after :data:`THREAD_SQL`)."""
    condition, params = where.sql("d")
    sql = f"""{sm.THREAD_SQL},
        selected AS (
            SELECT t.id, t.root_id, t.root_external_id, t.depth, d.author_key, d.channel_id, d.created_at
            FROM tree t JOIN documents d ON d.id = t.id
            WHERE t.depth > 0 AND {condition})"""
    return sql, params


class CommentThreads(Analysis):
    name = "comment_threads"
    title = "Comment threads"
    description = (
        "Per post: comments, replies, distinct commenters, the deepest reply and the share of replies, over the "
        "comments and replies the filter selects (--parent ID for the thread of one post or video)."
    )
    Params = CommentThreadsParams
    command_group = "social"

    def run(self, project: Project, where: DocumentFilter, params: CommentThreadsParams,
            progress: Progress = SILENT) -> pd.DataFrame:
        sql, values = selected_comments_sql(where)
        limit = f"LIMIT {int(params.n)}" if params.n else ""
        with project.store.read() as con:
            table = con.execute(
                f"""{sql},
                threads AS (
                    SELECT root_external_id, min(root_id) AS root_id, min(channel_id) AS channel_id,
                           count(*) AS total, count(*) FILTER (WHERE depth = 1) AS comments,
                           count(*) FILTER (WHERE depth >= 2) AS replies,
                           count(DISTINCT author_key) AS commenters, max(depth) AS max_depth
                    FROM selected GROUP BY root_external_id)
                SELECT coalesce(c.handle, c2.handle, '(none)') AS channel, t.root_external_id AS external_id,
                       p.url, coalesce(nullif(trim(p.title), ''), left(p.text, 100)) AS title, p.created_at,
                       t.total, t.comments, t.replies, t.commenters, t.max_depth,
                       CAST(t.replies AS DOUBLE) / t.total AS reply_share, p.id IS NOT NULL AS in_store
                FROM threads t
                LEFT JOIN documents p ON p.id = t.root_id
                LEFT JOIN channels c ON c.id = p.channel_id
                LEFT JOIN channels c2 ON c2.id = t.channel_id
                ORDER BY t.total DESC, p.created_at, t.root_external_id {limit}""",
                values,
            ).df()
        for column in ("total", "comments", "replies", "commenters", "max_depth"):
            table[column] = table[column].astype("int64")
        table["created_at"] = pd.to_datetime(table["created_at"], utc=True)
        self.counts_ = {"documents": int(table["total"].sum()), "posts": len(table)}
        missing = int((~table["in_store"]).sum())
        if missing:
            self.warnings_.append(
                f"{missing} thread(s) answer posts that are not in the store: their comments count at depth 1"
            )
        return table[list(THREAD_COLUMNS)]
