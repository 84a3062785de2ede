"""Event study: mean online activity in the k periods before and after event periods, against a baseline.

Event periods are those with at least ``min_events`` events (of ``types``, in ``region``); with
``--shutdowns exclude`` shutdown periods are neither event periods nor values. For each offset from −k to
+k the table gives the mean online activity over the events' windows with a 95 % interval (a bootstrap
over events with ``seed``, or a t-interval), the baseline (``outside``: the mean of the periods outside
every window; ``pre``: each event's own k periods before its window) and the difference with its interval.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from dauys.analyze.base import Analysis, param
from dauys.events.leadlag import event_study
from dauys.events.series import SeriesParams, finish, prepare
from dauys.progress import SILENT, Progress
from dauys.store.filters import DocumentFilter

if TYPE_CHECKING:
    from dauys.project import Project


@dataclass(frozen=True)
class EventStudyParams(SeriesParams):
    window: int = param(7, "Periods before and after each event period (k).", min=1, max=120)
    min_events: int = param(1, "A period counts as an event period with at least this many events.", min=1)
    baseline: str = param("outside", "Baseline: the periods outside every window, or each event's k periods "
                                     "before its window.", choices=("outside", "pre"))
    ci: str = param("bootstrap", "95% interval: bootstrap over events, or a t-interval.", choices=("bootstrap", "t"))
    n_boot: int = param(1000, "Bootstrap resamples.", min=100, max=100000)
    seed: int = param(1, "Seed of the bootstrap.", min=0)


class EventStudy(Analysis):
    """One row per offset: ``offset``, ``windows``, ``mean``, ``ci_low``, ``ci_high``, ``baseline_mean``,
    ``difference``, ``diff_ci_low``, ``diff_ci_high``."""

    name = "event_study"
    title = "Event study: online activity around events"
    description = ("Mean online activity in the k periods before and after event periods against a baseline, "
                   "with 95% confidence intervals; shutdown periods can be excluded.")
    Params = EventStudyParams
    command_group = "mobilization"

    def result_title(self, params: EventStudyParams) -> str:
        region = f", {params.region}" if params.region else ""
        return (f"Event study: {params.online} ±{params.window} {params.freq}s around periods with "
                f"≥{params.min_events} events{region}")

    def run(self, project: Project, where: DocumentFilter, params: EventStudyParams,
            progress: Progress = SILENT) -> pd.DataFrame:
        progress.stage("Building the series", None)
        series = prepare(self, project, where, params)
        online, events = series.arrays()
        event_periods = np.nan_to_num(events, nan=0) >= params.min_events
        progress.stage("Averaging the windows", None)
        table = event_study(online, event_periods, params.window, params.baseline, params.ci, params.n_boot,
                            params.seed)
        self.counts_.update(event_periods=table.attrs["events"],
                            baseline_periods=table.attrs.get("baseline_periods"))
        table.attrs.update(window=params.window, baseline_kind=params.baseline, ci=params.ci)
        after = table[table["offset"] > 0]
        before = table[table["offset"] < 0]
        baseline = table["baseline_mean"].iat[0]
        self.warnings_.insert(0, f"{table.attrs['events']} event periods; mean online activity {baseline:.2f} "
                                 f"at baseline, {before['mean'].mean():.2f} in the {params.window} periods before and "
                                 f"{after['mean'].mean():.2f} in the {params.window} after.")
        return finish(self, table, series)
