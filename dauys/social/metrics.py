"""What the channel analytics share: each document's latest metrics, channel snapshots, periods, formulas.

Documents with no parent are *posts* (videos, channel messages); documents with a parent are comments
and replies. A document's metrics are snapshots in ``document_metrics``; the analytics use each
document's latest value per metric (the newest ``observed_at``). A channel's follower counts are dated
snapshots in ``channel_metrics`` (metric ``subscribers``; also ``views``, ``posts``).

Formulas (stated in every table that uses them):

``interactions``
    the sum of the interaction metrics a post has among :data:`INTERACTION_METRICS` (likes, reactions,
    comments, replies, shares, forwards, reposts); a post with none of them has no interactions (NaN).
``er_view``
    engagement rate per view, in percent: interactions / views × 100 (for a set of posts: the sum of
    their interactions over the sum of their views).
``er_followers``
    engagement rate per follower as LiveDune defines ER: interactions per post / followers × 100, the
    followers being the channel's ``subscribers`` snapshot at the end of the period (the latest one taken
    before the period's end, or, when there is none, the earliest one after it; its date is stated).

Periods are taken in the project's time zone (Asia/Almaty): ``all``, ``year`` (``2022``), ``quarter``
(``2022-Q1``), ``month`` (``2022-01``), ``week`` (ISO, ``2022-W01``, starting on Monday) and ``day``
(``2022-01-05``).
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from dauys.errors import InputError
from dauys.store.filters import DocumentFilter

if TYPE_CHECKING:
    from dauys.project import Project

PERIODS = ("all", "year", "quarter", "month", "week", "day")
INTERACTION_METRICS = ("likes", "reactions", "comments", "replies", "shares", "forwards", "reposts")
"""Metrics counted as interactions when a post has them (views are reach, not interaction)."""
DERIVED = ("interactions", "er_view")
POST_COLUMNS = ("id", "external_id", "channel_id", "channel", "author_key", "created_at", "title", "text", "url")
_METRIC_NAME = re.compile(r"[A-Za-z0-9_.:\-]+")
FORMULA_ER_VIEW = "er_view = ({interactions}) / views × 100"
FORMULA_ER_FOLLOWERS = "er_followers = ({interactions}) per post / subscribers at the period's end × 100"
ONE_SNAPSHOT = "one collection only: collect again later or import channel statistics"


def _selected(where: DocumentFilter, alias: str = "d") -> tuple[str, list[Any]]:
    condition, params = where.sql(alias)
    return condition, params


def is_post_sql(alias: str = "d") -> str:
    return f"({alias}.parent_id IS NULL AND {alias}.parent_external_id IS NULL)"


def metric_names(con, where: DocumentFilter, posts: bool = True) -> list[str]:
    """The metrics that the selected documents (posts only, by default) have, sorted."""
    condition, params = _selected(where)
    post = f" AND {is_post_sql()}" if posts else ""
    rows = con.execute(
        f"""SELECT DISTINCT m.metric FROM document_metrics m
            WHERE m.document_id IN (SELECT d.id FROM documents d WHERE {condition}{post})
            ORDER BY m.metric""",
        params,
    ).fetchall()
    return [r[0] for r in rows if _METRIC_NAME.fullmatch(r[0])]


def parse_metrics(text: str, available: Sequence[str], option: str = "--metrics") -> list[str]:
    """The metric names of a comma-separated list (empty: every available metric), each one checked."""
    wanted = [m.strip() for m in text.split(",") if m.strip()] if text else list(available)
    missing = [m for m in wanted if m not in available]
    if missing:
        raise InputError(
            f"{option} {text!r}: the selected posts have no metric {', '.join(missing)}; "
            f"they have {', '.join(available) or 'no metrics at all (import or collect metrics first)'}"
        )
    return wanted


def posts_frame(
    project: Project, where: DocumentFilter, metrics: Sequence[str] | None = None, *, text_chars: int | None = 100,
    posts: bool = True, lean: bool = False,
) -> tuple[pd.DataFrame, list[str]]:
    """One row per selected post (or document, with ``posts=False``) with its latest value of each metric.

    Columns: :data:`POST_COLUMNS` (``created_at`` UTC; ``text`` cut to ``text_chars``, None for the whole text),
    then one float column per metric (NaN where the post has no snapshot of it); with ``lean`` only ``id``,
    ``channel_id``, ``channel`` and ``created_at`` before the metrics (:func:`describe_documents` adds the
    rest for the rows kept). Rows are in document id order. Returns the frame and the metric names.
    """
    condition, params = _selected(where)
    post = f" AND {is_post_sql()}" if posts else ""
    with project.store.read() as con:
        # every metric name of the store (a quick scan); those the selection lacks are dropped after
        names = list(metrics) if metrics is not None else [
            r[0] for r in con.execute("SELECT DISTINCT metric FROM document_metrics ORDER BY metric").fetchall()
            if _METRIC_NAME.fullmatch(r[0])]
        extra = "" if lean else (
            ", d.external_id, d.author_key, d.title, "
            + ("d.text" if text_chars is None else f"left(d.text, {int(text_chars)})" if text_chars else "''")
            + " AS text, d.url"
        )
        columns = "".join(f', w."{n}"' for n in names)
        # the latest snapshot of each metric per document in one pass (PostgreSQL: DISTINCT ON, then a pivot)
        latest = "".join(f', arg_max(m.value, m.observed_at) FILTER (WHERE m.metric = ?) AS "{n}"' for n in names)
        metrics_cte = (
            f""", w AS (SELECT m.document_id{latest} FROM document_metrics m
                      WHERE m.document_id IN (SELECT id FROM sel) GROUP BY m.document_id)"""
            if names else ""
        )
        join = " LEFT JOIN w ON w.document_id = sel.id" if names else ""
        sql = f"""
            WITH sel AS (SELECT d.id, d.channel_id, d.created_at{extra} FROM documents d WHERE {condition}{post})
            {metrics_cte}
            SELECT sel.*{columns} FROM sel{join} ORDER BY sel.id"""
        frame = con.execute(sql, [*params, *names]).df()
        handles = dict(con.execute("SELECT id, handle FROM channels").fetchall())
    frame.insert(2, "channel", frame["channel_id"].map(handles).fillna("(none)"))
    for name in names:
        frame[name] = frame[name].astype(float)
    if metrics is None:
        absent = [n for n in names if frame[n].isna().all()]
        frame = frame.drop(columns=absent)
        names = [n for n in names if n not in absent]
    frame["created_at"] = pd.to_datetime(frame["created_at"], utc=True)
    if not lean:
        frame = frame[[*POST_COLUMNS, *names]]
    return frame, names


def require_posts(frame: pd.DataFrame, where: DocumentFilter, what: str = "posts") -> None:
    """An :class:`InputError` when the filter selected no posts (the analyses need some to compute anything)."""
    if frame.empty:
        chosen = where.describe()
        described = ", ".join(f"{k} {v}" for k, v in chosen.items()) if chosen else "none"
        raise InputError(
            f"the selection has no {what} (filter: {described}); check --corpus, --since/--until and --kind, "
            "or import posts first"
        )


def describe_documents(project: Project, frame: pd.DataFrame, text_chars: int = 100) -> pd.DataFrame:
    """``frame`` (with an ``id`` column) with ``external_id``, ``title`` (the title, or the first ``text_chars``
    characters of the text) and ``url`` of those documents added, in the frame's order."""
    if frame.empty:
        return frame.assign(external_id=pd.Series(dtype=object), title=pd.Series(dtype=object),
                            url=pd.Series(dtype=object))
    ids = [int(i) for i in frame["id"].dropna().unique()]
    with project.store.read() as con:
        info = con.execute(
            f"""SELECT d.id, d.external_id,
                       coalesce(nullif(trim(d.title), ''), left(d.text, {int(text_chars)})) AS title, d.url
                FROM documents d WHERE d.id IN (SELECT unnest(?::BIGINT[]))""",
            [ids],
        ).df()
    return frame.drop(columns=[c for c in ("external_id", "title", "url") if c in frame]).merge(
        info, on="id", how="left")


def interaction_metrics(names: Sequence[str]) -> list[str]:
    return [m for m in INTERACTION_METRICS if m in names]


def add_engagement(frame: pd.DataFrame, names: Sequence[str]) -> list[str]:
    """Add ``interactions`` and ``er_view`` (percent) to a posts frame; returns the interaction metrics used."""
    used = interaction_metrics(names)
    if used:
        frame["interactions"] = frame[used].sum(axis=1, min_count=1)
    else:
        frame["interactions"] = np.nan
    views = frame["views"] if "views" in frame else pd.Series(np.nan, index=frame.index)
    frame["er_view"] = np.where(views > 0, 100 * frame["interactions"] / views.where(views > 0), np.nan)
    return used


def engaged_posts(project: Project, where: DocumentFilter,
                  metric: str) -> tuple[pd.DataFrame, list[str], list[str], str]:
    """The selected posts (refused when there are none) with ``interactions`` and ``er_view`` added.

    Returns the posts, their metric names, the interaction metrics used and ``metric`` with the alias
    ``er`` read as ``er_view``."""
    posts, names = posts_frame(project, where, lean=True)
    require_posts(posts, where)
    used = add_engagement(posts, names)
    return posts, names, used, "er_view" if metric == "er" else metric


def derived_formula(metric: str, used: Sequence[str]) -> list[str]:
    """The formula to state with a table of ``metric`` when it is derived (interactions, er_view)."""
    return [formulas(used)["er_view"]] if metric in DERIVED else []


def formulas(used: Sequence[str]) -> dict[str, str]:
    interactions = " + ".join(used) if used else "no interaction metrics"
    return {
        "er_view": FORMULA_ER_VIEW.format(interactions=interactions),
        "er_followers": FORMULA_ER_FOLLOWERS.format(interactions=interactions),
    }


# --- periods ---------------------------------------------------------------------------------------
def check_period(period: str) -> str:
    if period not in PERIODS:
        raise InputError(f"--period {period!r}: expected one of {', '.join(PERIODS)}")
    return period


def title_by_period(title: str, period: str, whole: str = "all") -> str:
    """An analysis's result title: ``title``, with `` by PERIOD`` unless the period is the ``whole`` one."""
    return title if period == whole else f"{title} by {period}"


def local_times(created_at: pd.Series, tz: str) -> pd.Series:
    """UTC timestamps as naive local wall-clock times in ``tz``."""
    return pd.to_datetime(created_at, utc=True).dt.tz_convert(tz).dt.tz_localize(None)


_FREQ = {"year": "Y", "quarter": "Q", "month": "M", "week": "W-SUN", "day": "D"}


def period_starts(local: pd.Series, period: str) -> pd.Series:
    """The local start (naive midnight) of the period holding each local time; for ``all`` the earliest."""
    check_period(period)
    if period == "all":
        return pd.Series(local.min(), index=local.index).dt.normalize()
    return local.dt.to_period(_FREQ[period]).dt.start_time


def period_label(start: pd.Timestamp, period: str) -> str:
    if period == "all":
        return "all"
    if period == "year":
        return f"{start.year}"
    if period == "quarter":
        return f"{start.year}-Q{(start.month - 1) // 3 + 1}"
    if period == "month":
        return f"{start.year}-{start.month:02d}"
    if period == "week":
        year, week, _ = start.isocalendar()
        return f"{year}-W{week:02d}"
    return start.strftime("%Y-%m-%d")


def label_periods(frame: pd.DataFrame, period: str, tz: str) -> pd.DataFrame:
    """Add ``start`` (local period start, naive) and ``period`` (its label) to a frame with ``created_at``."""
    local = local_times(frame["created_at"], tz)
    frame["start"] = period_starts(local, period)
    labels = {s: period_label(s, period) for s in frame["start"].dropna().unique()}
    frame["period"] = frame["start"].map(labels)
    return frame


# --- channel snapshots ---------------------------------------------------------------------------
def channel_snapshots(project: Project, channel_ids: Sequence[int] | None = None,
                      metrics: Sequence[str] | None = None) -> pd.DataFrame:
    """Every snapshot of ``channel_metrics``: channel_id, channel (handle), metric, observed_at (UTC), value.

    Several snapshots of one channel and metric at the same instant keep the last one written.
    """
    conditions, params = [], []
    if channel_ids is not None:
        if not len(channel_ids):
            return pd.DataFrame(columns=["channel_id", "channel", "metric", "observed_at", "value"])
        conditions.append(f"m.channel_id IN ({', '.join('?' for _ in channel_ids)})")
        params.extend(int(c) for c in channel_ids)
    if metrics:
        conditions.append(f"m.metric IN ({', '.join('?' for _ in metrics)})")
        params.extend(metrics)
    where = " AND ".join(conditions) or "TRUE"
    with project.store.read() as con:
        frame = con.execute(
            f"""SELECT m.channel_id, c.handle AS channel, m.metric, m.observed_at,
                       arg_max(m.value, m.source_id) AS value
                FROM channel_metrics m JOIN channels c ON c.id = m.channel_id
                WHERE {where}
                GROUP BY m.channel_id, c.handle, m.metric, m.observed_at
                ORDER BY c.handle, m.metric, m.observed_at""",
            params,
        ).df()
    frame["observed_at"] = pd.to_datetime(frame["observed_at"], utc=True)
    frame["value"] = frame["value"].astype(float)
    return frame


# --- robust statistics ---------------------------------------------------------------------------
MAD_SCALE = 0.6745
MEAN_AD_SCALE = 0.7979
"""When the MAD is 0 the modified z-score uses the mean absolute deviation: (x − median) / (1.253314 · MeanAD),
i.e. 0.7979 · (x − median) / MeanAD (IBM SPSS's and Iglewicz–Hoaglin's fallback)."""


def robust_z(values: np.ndarray, reference: np.ndarray | None = None) -> np.ndarray:
    """Modified z-scores of ``values`` against ``reference`` (default: themselves), on the given scale.

    0.6745 · (x − median) / MAD; with MAD 0, 0.7979 · (x − median) / MeanAD; with both 0 (all reference
    values equal) 0 for values equal to the median and ±inf for the others.
    """
    values = np.asarray(values, dtype=float)
    ref = values if reference is None else np.asarray(reference, dtype=float)
    ref = ref[~np.isnan(ref)]
    if not len(ref):
        return np.full(values.shape, np.nan)
    median = np.median(ref)
    deviation = values - median
    mad = np.median(np.abs(ref - median))
    if mad > 0:
        return MAD_SCALE * deviation / mad
    mean_ad = np.mean(np.abs(ref - median))
    if mean_ad > 0:
        return MEAN_AD_SCALE * deviation / mean_ad
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(deviation == 0, 0.0, np.sign(deviation) * np.inf)


def rolling_robust_z(values: np.ndarray, window: int, min_history: int) -> np.ndarray:
    """Each value's modified z-score against the ``window`` values before it (at least ``min_history`` of them).

    Same rules as :func:`robust_z`, computed for all positions at once over a sliding window.
    """
    values = np.asarray(values, dtype=float)
    n = len(values)
    out = np.full(n, np.nan)
    if n <= min_history:
        return out
    padded = np.concatenate([np.full(window, np.nan), values])
    history = np.lib.stride_tricks.sliding_window_view(padded, window)[:n]  # row i: values[i - window:i]
    counts = (~np.isnan(history)).sum(axis=1)
    enough = counts >= min_history
    median = np.full(n, np.nan)
    mad = np.full(n, np.nan)
    mean_ad = np.full(n, np.nan)
    full = counts == window  # no gap in the window: the plain (fast) median
    with np.errstate(divide="ignore", invalid="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        for rows, med in ((full, np.median), (enough & ~full, np.nanmedian)):
            if rows.any():
                part = history[rows]
                median[rows] = med(part, axis=1)
                spread = np.abs(part - median[rows][:, None])
                mad[rows] = med(spread, axis=1)
                mean_ad[rows] = np.nanmean(spread, axis=1)
        deviation = values - median
        z = np.where(
            mad > 0, MAD_SCALE * deviation / mad,
            np.where(mean_ad > 0, MEAN_AD_SCALE * deviation / mean_ad,
                     np.where(deviation == 0, 0.0, np.sign(deviation) * np.inf)),
        )
    out[enough] = z[enough]
    return out


# --- threads ---------------------------------------------------------------------------------------
THREAD_SQL = """
    WITH RECURSIVE tree(id, root_id, root_external_id, depth) AS (
        SELECT r.id, CASE WHEN r.parent_external_id IS NULL THEN r.id END,
               coalesce(r.parent_external_id, r.external_id),
               CASE WHEN r.parent_external_id IS NULL THEN 0 ELSE 1 END
        FROM documents r WHERE r.parent_id IS NULL
        UNION ALL
        SELECT c.id, t.root_id, t.root_external_id, t.depth + 1
        FROM documents c JOIN tree t ON c.parent_id = t.id
    )"""
"""A recursive CTE ``tree``: every document with its thread's post (``root_id``, NULL when the post is not in
the store; ``root_external_id``) and its depth (0 the post, 1 a comment, 2 a reply to it, ...)."""
