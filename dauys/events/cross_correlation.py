"""Cross-correlation of online activity and events at lags −L..L, with 95 % bands.

``r(k) = corr(online_t, events_{t+k})``: a positive lag means online activity leads events. By default
online activity is prewhitened first (an AR model chosen by AIC, :func:`dauys.events.leadlag.prewhiten`,
filters both series), so autocorrelation in the two series does not produce spurious peaks, and the band
is ±1.96/√n. Without prewhitening the band is Bartlett's, which widens with the series' autocorrelation.
The lag with the largest |r| is marked (``peak``), with whether it lies outside the band; with 2L+1 lags,
about one in twenty crosses a 95 % band by chance.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd

from dauys.analyze.base import Analysis, param
from dauys.events.leadlag import ccf, prewhiten
from dauys.events.series import SeriesParams, finish, prepare
from dauys.progress import SILENT, Progress
from dauys.store.filters import DocumentFilter

if TYPE_CHECKING:
    from dauys.project import Project


@dataclass(frozen=True)
class CrossCorrelationParams(SeriesParams):
    max_lag: int = param(14, "Lags from -L to L periods (positive: online activity leads events).", min=1, max=366)
    prewhiten: bool = param(True, "Prewhiten with an AR model of online activity (order by AIC) first.")
    max_ar: int = param(14, "The largest AR order tried when prewhitening.", min=1, max=60)


class CrossCorrelation(Analysis):
    """Columns ``lag``, ``r``, ``band`` (95 % half-width), ``outside_band``, ``n`` (pairs) and ``peak``;
    ``attrs`` hold ``peak_lag``, ``peak_r``, ``band_kind`` (white or bartlett), ``ar_order`` and ``n``."""

    name = "cross_correlation"
    title = "Cross-correlation of online activity and events"
    description = ("Correlation of online activity with events k periods later, for k from -L to L, after "
                   "prewhitening, with 95% bands and the lag of the largest correlation.")
    Params = CrossCorrelationParams
    command_group = "mobilization"

    def result_title(self, params: CrossCorrelationParams) -> str:
        region = f", {params.region}" if params.region else ""
        return f"Cross-correlation: {params.online} and events per {params.freq}, lags ±{params.max_lag}{region}"

    def run(self, project: Project, where: DocumentFilter, params: CrossCorrelationParams,
            progress: Progress = SILENT) -> pd.DataFrame:
        progress.stage("Building the series", None)
        series = prepare(self, project, where, params)
        x, y = series.arrays()
        progress.stage("Cross-correlating", None)
        order = None
        if params.prewhiten:
            x, y, order, _ = prewhiten(x, y, params.max_ar)
        table = ccf(x, y, params.max_lag, bartlett=not params.prewhiten)
        peak = int(table["r"].abs().idxmax())
        table["peak"] = table.index == peak
        lag, r, band = int(table.at[peak, "lag"]), float(table.at[peak, "r"]), float(table.at[peak, "band"])
        table.attrs.update(peak_lag=lag, peak_r=r, ar_order=order, max_lag=params.max_lag)
        self.counts_.update(n=table.attrs["n"], peak_lag=lag, peak_r=round(r, 4), ar_order=order)
        lead = ("online activity leads events" if lag > 0 else "events lead online activity" if lag < 0
                else "at the same period")
        side = "outside" if abs(r) > band else "inside"
        how = f"after prewhitening with AR({order})" if params.prewhiten else "without prewhitening (Bartlett band)"
        self.warnings_.insert(0, f"The largest correlation is at lag {lag:+d} ({lead}): r = {r:.3f}, {side} the "
                                 f"95% band ±{band:.3f} ({how}; n = {table.attrs['n']}).")
        return finish(self, table, series)
