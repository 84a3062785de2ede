"""Activity series: online activity and events per day or week on one calendar, shutdown periods marked.

The table the combined chart of the report draws (events as bars, online activity as a line on a second
axis, shutdowns shaded); the lead–lag analyses build the same series (:mod:`dauys.events.series`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd

from dauys.analyze.base import Analysis
from dauys.events.series import SeriesParams, finish, prepare
from dauys.progress import SILENT, Progress
from dauys.store.filters import DocumentFilter

if TYPE_CHECKING:
    from dauys.project import Project


@dataclass(frozen=True)
class ActivitySeriesParams(SeriesParams):
    pass


class ActivitySeriesAnalysis(Analysis):
    """Columns ``period``, ``start``, ``online``, ``documents``, ``events``, ``fatalities``, ``shutdown``,
    ``excluded`` (see :func:`dauys.events.series.build_series`)."""

    name = "activity_series"
    title = "Online activity and events"
    description = ("Daily or weekly series of online activity (posts, comments, views, hashtags or a code's share) "
                   "and of events with fatalities, in the project's time zone, shutdown periods marked.")
    Params = ActivitySeriesParams
    command_group = "mobilization"

    def result_title(self, params: ActivitySeriesParams) -> str:
        region = f", {params.region}" if params.region else ""
        return f"Online activity ({params.online}) and events per {params.freq}{region}"

    def run(self, project: Project, where: DocumentFilter, params: ActivitySeriesParams,
            progress: Progress = SILENT) -> pd.DataFrame:
        progress.stage("Building the series", None)
        series = prepare(self, project, where, params)
        return finish(self, series.frame.copy(), series)
