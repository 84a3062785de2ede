"""Granger tests of online activity and events, in both directions, after stationarity checks.

Each series is tested with ADF (null: a unit root) and KPSS (null: stationary); it is differenced (up to
twice) while ADF cannot reject a unit root at ``alpha``; when ADF rejects but KPSS rejects stationarity too,
the result says so and the series is not differenced further (see :func:`dauys.events.leadlag.stationarity`).
Both series are then differenced the same number of times (the larger order found), the VAR lag order is
chosen by AIC or BIC (at most ``max_lags``), and two F tests are made, as statsmodels'
``grangercausalitytests`` ``ssr_ftest``: does the past of online activity help predict events beyond events' own past
(``online → events``), and the reverse. Excluded shutdown periods are left out of every regression.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd

from dauys.analyze.base import Analysis, param
from dauys.events.leadlag import granger
from dauys.events.series import SeriesParams, finish, prepare
from dauys.progress import SILENT, Progress
from dauys.store.filters import DocumentFilter

if TYPE_CHECKING:
    from dauys.project import Project

GRANGER_COLUMNS = ("test", "cause", "effect", "lags", "ic", "n", "f_stat", "df_num", "df_denom", "p_value",
                   "significance_level", "significant", "differences", "online_adf_p", "online_kpss_p", "events_adf_p",
                   "events_kpss_p", "cause_stationarity", "effect_stationarity")


@dataclass(frozen=True)
class GrangerParams(SeriesParams):
    max_lags: int = param(14, "The largest lag order tried.", min=1, max=60)
    ic: str = param("aic", "The information criterion that picks the lag order.", choices=("aic", "bic"))
    alpha: float = param(0.05, "Significance level of the tests (and of the stationarity decisions).",
                         min=0.001, max=0.2)


class GrangerTest(Analysis):
    """Two rows, ``online → events`` and ``events → online``; columns :data:`GRANGER_COLUMNS`: the F test
    (``f_stat``, ``df_num``, ``df_denom``, ``p_value``, ``significant`` at ``significance_level``), the lags
    and periods used, the differences taken, the ADF and KPSS p-values of each series as tested last, and
    every stationarity decision in words."""

    name = "granger"
    title = "Granger tests of online activity and events"
    description = ("Whether the past of online activity helps predict events (and the reverse), with ADF and KPSS "
                   "stationarity checks, differencing and the lag order chosen by AIC or BIC.")
    Params = GrangerParams
    command_group = "mobilization"

    def result_title(self, params: GrangerParams) -> str:
        region = f", {params.region}" if params.region else ""
        return f"Granger tests: {params.online} and events per {params.freq}{region}"

    def run(self, project: Project, where: DocumentFilter, params: GrangerParams,
            progress: Progress = SILENT) -> pd.DataFrame:
        progress.stage("Building the series", None)
        series = prepare(self, project, where, params)
        x, y = series.arrays()
        progress.stage("Testing stationarity and Granger causality", None)
        result = granger(x, y, params.max_lags, params.ic, params.alpha)
        online = f"online ({params.online})"
        x_text = "; ".join(s.describe(online) for s in result.x_steps)
        y_text = "; ".join(s.describe("events") for s in result.y_steps)
        rows = []
        for cause, effect, test, cause_text, effect_text in (
            ("online", "events", result.x_to_y, x_text, y_text),
            ("events", "online", result.y_to_x, y_text, x_text),
        ):
            f, p, df_num, df_denom, n = test
            rows.append({"test": f"{cause} → {effect}", "cause": cause, "effect": effect, "lags": result.lags,
                         "ic": result.ic, "n": n, "f_stat": f, "df_num": df_num, "df_denom": df_denom, "p_value": p,
                         "significance_level": params.alpha, "significant": bool(p < params.alpha),
                         "differences": result.differences,
                         "online_adf_p": result.x_steps[-1].adf_p, "online_kpss_p": result.x_steps[-1].kpss_p,
                         "events_adf_p": result.y_steps[-1].adf_p, "events_kpss_p": result.y_steps[-1].kpss_p,
                         "cause_stationarity": cause_text,
                         "effect_stationarity": effect_text})
        table = pd.DataFrame(rows, columns=list(GRANGER_COLUMNS))
        still = [name for name, steps in ((online, result.x_steps), ("events", result.y_steps))
                 if not steps[-1].stationary]
        if still:
            self.warnings_.insert(0, f"{' and '.join(still)} still has a unit root by the ADF test after "
                                     f"{result.differences} differences; read the F tests with care.")
        for row in rows:
            verdict = "significant" if row["significant"] else "not significant"
            self.warnings_.insert(0, f"{row['test']}: F = {row['f_stat']:.2f}, p = {row['p_value']:.4f} with "
                                     f"{row['lags']} lags, n = {row['n']} ({verdict} at {params.alpha:g}).")
        self.counts_.update(lags=result.lags, differences=result.differences, n=rows[0]["n"])
        table.attrs.update(lags=result.lags, differences=result.differences)
        return finish(self, table, series)
