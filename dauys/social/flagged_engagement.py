"""Engagement of flagged and unflagged accounts: do the accounts the bot scores flag get more or less of it?

The accounts are scored and flagged exactly as :mod:`dauys.social.bot_scores` does, with the same
options. For every metric the selected documents carry (their latest snapshot: likes, views, reactions,
...) and for ``replies_received`` (documents of the project answering each one), the table compares the
documents of flagged and of unflagged accounts — or, with ``unit=accounts``, each account's mean over its
documents — by count, mean and median, the differences (flagged minus unflagged) and the two-sided
Mann–Whitney U test (``scipy.stats.mannwhitneyu``), which compares the two distributions without
assuming normality.

Two caveats are stated with every result: the flags are heuristics, so the comparison is between
accounts that *look* automated and the others; and documents of one account are not independent, which
makes per-document p-values too small — ``unit=accounts`` is the safer test.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
import pyarrow as pa
from scipy.stats import mannwhitneyu

from dauys.analyze.base import Analysis, param
from dauys.progress import SILENT, Progress
from dauys.social.bot_scores import BotScoreParams, score_accounts
from dauys.store.filters import DocumentFilter

if TYPE_CHECKING:
    from dauys.project import Project

UNITS = ("documents", "accounts")
ENGAGEMENT_COLUMNS = (
    "metric", "unit", "n_flagged", "n_unflagged", "mean_flagged", "mean_unflagged", "median_flagged",
    "median_unflagged", "difference_mean", "difference_median", "u_statistic", "p_value",
)
REPLIES = "replies_received"


@dataclass(frozen=True)
class FlaggedEngagementParams(BotScoreParams):
    unit: str = param("documents", "Compare documents, or accounts (each account's mean over its documents; "
                                   "the safer test, since one account's documents are not independent).",
                      choices=UNITS)


def latest_metrics(project: Project, doc_ids: np.ndarray) -> pd.DataFrame:
    """The latest value of every metric of the given documents, and their ``replies_received``, long format."""
    ids = pa.table({"doc_id": pa.array(np.asarray(doc_ids, dtype=np.int64))})
    with project.store.read() as con:
        con.register("engagement_ids", ids)
        try:
            return con.execute(
                f"""SELECT document_id AS doc_id, metric, value FROM (
                        SELECT m.document_id, m.metric, m.value,
                               row_number() OVER (PARTITION BY m.document_id, m.metric
                                                  ORDER BY m.observed_at DESC, m.source_id DESC) AS latest
                        FROM document_metrics m JOIN engagement_ids i ON i.doc_id = m.document_id) x
                    WHERE latest = 1 AND value IS NOT NULL
                    UNION ALL
                    SELECT i.doc_id, '{REPLIES}', CAST(count(r.id) AS DOUBLE)
                    FROM engagement_ids i LEFT JOIN documents r ON r.parent_id = i.doc_id GROUP BY i.doc_id"""
            ).df()
        finally:
            con.unregister("engagement_ids")


def compare_groups(flagged: np.ndarray, unflagged: np.ndarray) -> dict[str, float]:
    """Counts, means, medians, their differences and the Mann–Whitney U test of two samples."""
    out = {"n_flagged": len(flagged), "n_unflagged": len(unflagged)}
    for label, values in (("flagged", flagged), ("unflagged", unflagged)):
        out[f"mean_{label}"] = float(np.mean(values)) if len(values) else np.nan
        out[f"median_{label}"] = float(np.median(values)) if len(values) else np.nan
    out["difference_mean"] = out["mean_flagged"] - out["mean_unflagged"]
    out["difference_median"] = out["median_flagged"] - out["median_unflagged"]
    if len(flagged) and len(unflagged):
        test = mannwhitneyu(flagged, unflagged, alternative="two-sided")
        out["u_statistic"], out["p_value"] = float(test.statistic), float(test.pvalue)
    else:
        out["u_statistic"] = out["p_value"] = np.nan
    return out


class FlaggedEngagement(Analysis):
    """One row per metric: flagged versus unflagged accounts' engagement, with the Mann–Whitney U test.

    Columns: ``metric``, ``unit`` (documents or accounts), ``n_flagged``, ``n_unflagged``, ``mean_*``,
    ``median_*``, ``difference_mean`` and ``difference_median`` (flagged minus unflagged), ``u_statistic``
    and ``p_value`` (two-sided; missing when a group is empty).
    """

    name = "flagged_engagement"
    title = "Engagement of flagged accounts"
    description = (
        "Compares the engagement (latest likes, views, replies received, ...) of the documents of accounts the "
        "bot scores flag with that of the other accounts: n, mean, median, difference and a Mann-Whitney U test."
    )
    Params = FlaggedEngagementParams
    command_group = "social"

    def run(self, project: Project, where: DocumentFilter, params: FlaggedEngagementParams,
            progress: Progress = SILENT) -> pd.DataFrame:
        scores = score_accounts(project, where, params, progress)
        progress.stage("Comparing engagement", None)
        flags = scores.table[["platform", "author_key", "flagged"]]
        documents = scores.documents[["id", "platform", "author_key"]].merge(flags, on=["platform", "author_key"])
        metrics = latest_metrics(project, documents["id"].to_numpy())
        values = metrics.merge(documents.rename(columns={"id": "doc_id"}), on="doc_id")
        if params.unit == "accounts":
            values = values.groupby(["metric", "platform", "author_key", "flagged"], as_index=False)["value"].mean()
        rows = []
        for metric in sorted(values["metric"].unique(), key=lambda m: (m == REPLIES, m)):
            part = values.loc[values["metric"] == metric]
            row = compare_groups(part.loc[part["flagged"], "value"].to_numpy(float),
                                 part.loc[~part["flagged"], "value"].to_numpy(float))
            rows.append({"metric": metric, "unit": params.unit, **row})
        table = pd.DataFrame(rows, columns=list(ENGAGEMENT_COLUMNS))
        table = table.astype({"metric": "string", "unit": "string", "n_flagged": "int64", "n_unflagged": "int64"})
        self.counts_ = {**scores.counts, "metrics": len(table)}
        self.warnings_ = [w for w in scores.warnings if not w.startswith("bot flags are heuristics")]
        if not scores.table["flagged"].any():
            self.warnings_.append("no account was flagged, so there is nothing to compare; lower --threshold or --n")
        self.warnings_.append(
            "flags are heuristic: this compares accounts that look automated by the criteria shown with the "
            "others, not proven bots with people"
        )
        if params.unit == "documents":
            self.warnings_.append("documents of one account are not independent, so per-document p-values are too "
                                  "small; unit=accounts gives the safer test")
        return table
