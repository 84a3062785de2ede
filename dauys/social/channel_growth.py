"""Channel growth: subscribers and views between the channel's dated snapshots.

Snapshots come from repeated collections (``dauys collect youtube channel`` run again later) or from an
imported channel statistics table (SMM exports). With ``--period`` other than ``snapshot`` the snapshots
are resampled to the last one of each period (in the project's time zone) before the changes are taken.

Result columns (one row per channel, metric and snapshot, or per channel, metric and period):

``channel``         the channel's handle
``metric``          subscribers, views (and any other channel metric, or those of ``--metrics``)
``period``          the local date of the snapshot (``2022-01-31``), or the period's label when resampled
``date``            the local date of the snapshot used (the last one of the period when resampled)
``value``           the metric at that snapshot
``change``          value minus the previous row's value (NaN for the channel's first row)
``days``            days between the two snapshots (fractional)
``change_per_day``  change / days
``percent_change``  change / previous value × 100
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

GROWTH_COLUMNS = ("channel", "metric", "period", "date", "value", "change", "days", "change_per_day",
                  "percent_change")


@dataclass(frozen=True)
class ChannelGrowthParams:
    period: str = param("snapshot", "Every snapshot, or the last snapshot of each period (project time zone).",
                        choices=("snapshot", *sm.PERIODS[1:]))
    metrics: str = param("subscribers,views", "Comma-separated channel metrics (empty: every one recorded).")


def growth_table(snapshots: pd.DataFrame, period: str, tz: str) -> pd.DataFrame:
    """The growth table (see the module) of :func:`dauys.social.metrics.channel_snapshots` rows."""
    if snapshots.empty:
        return pd.DataFrame({c: pd.Series(dtype=float if c in GROWTH_COLUMNS[4:] else object) for c in GROWTH_COLUMNS})
    frame = snapshots.sort_values(["channel", "metric", "observed_at"], kind="stable").copy()
    local = sm.local_times(frame["observed_at"], tz)
    frame["date"] = local.dt.date
    if period == "snapshot":
        frame["period"] = local.dt.strftime("%Y-%m-%d")
    else:
        starts = sm.period_starts(local, period)
        frame["period"] = [sm.period_label(s, period) for s in starts]
        frame = frame.groupby(["channel", "metric", "period"], sort=False).tail(1)
    out = []
    for _, part in frame.groupby(["channel", "metric"], sort=True):
        part = part.copy()
        previous = part["value"].shift(1)
        part["change"] = part["value"] - previous
        part["days"] = part["observed_at"].diff().dt.total_seconds() / 86_400
        part["change_per_day"] = part["change"] / part["days"].where(part["days"] > 0)
        part["percent_change"] = 100 * part["change"] / previous.where(previous != 0)
        out.append(part)
    table = pd.concat(out, ignore_index=True)
    for column in ("change", "days", "change_per_day", "percent_change"):
        table[column] = table[column].astype(float).replace([np.inf, -np.inf], np.nan)
    return table[list(GROWTH_COLUMNS)].reset_index(drop=True)


class ChannelGrowth(Analysis):
    name = "channel_growth"
    title = "Channel growth"
    description = (
        "Subscriber and view growth of each channel between its dated snapshots (repeated collections or imported "
        "channel statistics): value, change, days between, change per day and percent change, optionally per period."
    )
    Params = ChannelGrowthParams
    command_group = "social"

    def result_title(self, params: ChannelGrowthParams) -> str:
        return sm.title_by_period(self.title, params.period, whole="snapshot")

    def run(self, project: Project, where: DocumentFilter, params: ChannelGrowthParams,
            progress: Progress = SILENT) -> pd.DataFrame:
        # the channels of the selected documents; with no filter at all, every channel with snapshots
        channel_ids = None
        if where.describe():
            condition, values = where.sql("d")
            with project.store.read() as con:
                channel_ids = [r[0] for r in con.execute(
                    f"SELECT DISTINCT d.channel_id FROM documents d WHERE {condition} AND d.channel_id IS NOT NULL",
                    values).fetchall()]
        wanted = [m.strip() for m in params.metrics.split(",") if m.strip()]
        snapshots = sm.channel_snapshots(project, channel_ids, wanted or None)
        if snapshots.empty:
            raise InputError(
                "no channel snapshots (subscribers, views) for the selected channels: collect the channels "
                "(dauys collect youtube channel ...) or import a channel statistics table first"
            )
        table = growth_table(snapshots, params.period, project.tz)
        counts = table.groupby(["channel", "metric"]).size()
        single = sorted({channel for (channel, _), n in counts.items() if n == 1})
        if single:
            self.warnings_.append(f"{', '.join(single)}: {sm.ONE_SNAPSHOT}")
        self.counts_ = {"documents": None, "channels": int(table["channel"].nunique()), "snapshots": len(snapshots)}
        return table
