"""Lead–lag statistics for two series: cross-correlation with bands, prewhitening, stationarity, Granger F tests.

Pure functions over NumPy arrays of equal length, one value per period. A missing value (NaN) is a period
that must not be used: a shutdown day excluded from the statistics, or a day whose share has no
denominator. Every function skips such periods instead of filling them, and reports the number of
periods it actually used (``n``), so excluding a window of seven days makes ``n`` drop by seven.

The convention throughout: ``x`` is online activity and ``y`` is events. The cross-correlation at lag
``k`` is ``corr(x_t, y_{t+k})``, so a positive ``k`` means online activity *leads* events by ``k``
periods, a negative one that events lead online activity.

The reference implementations are statsmodels' (``ccf``, ``ar_select_order``, ``VAR.select_order``,
``grangercausalitytests``, ``adfuller``, ``kpss``); the functions here agree with them on series without
gaps (the tests check it) and extend them to series with excluded periods by using, at every step, only
the rows whose values are all present.
"""

from __future__ import annotations

import functools
import math
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import numpy as np
import pandas as pd
from scipy import stats

from dauys.errors import InputError

__all__ = [
    "CCF_COLUMNS", "Granger", "Stationarity", "ccf", "check_pair", "difference", "event_study", "granger",
    "granger_f", "lag_matrix", "make_stationary", "prewhiten", "select_ar_order", "select_var_order",
    "stationarity",
]

CCF_COLUMNS = ("lag", "r", "band", "outside_band", "n")
MIN_PERIODS = 20
"""Fewer usable periods than this and a lead–lag statistic is refused rather than reported."""

_F = TypeVar("_F", bound=Callable[..., Any])


_blas: dict[str, Any] = {"controller": None, "depth": 0}


def single_threaded(function: _F) -> _F:
    """Run ``function`` with one BLAS thread (threadpoolctl, which scikit-learn installs).

    These are many small least-squares fits (a few thousand rows, a few dozen columns); a multi-threaded
    BLAS spends more time handing them out than computing them — ten times more on a busy two-core machine.
    The libraries are looked up once per process, and nested calls keep the outer call's limit.
    """

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        if _blas["depth"]:
            return function(*args, **kwargs)
        if _blas["controller"] is None:
            try:
                from threadpoolctl import ThreadpoolController
            except ImportError:  # pragma: no cover - threadpoolctl comes with scikit-learn
                _blas["controller"] = False
            else:
                _blas["controller"] = ThreadpoolController()
        _blas["depth"] += 1
        try:
            if not _blas["controller"]:
                return function(*args, **kwargs)
            with _blas["controller"].limit(limits=1, user_api="blas"):
                return function(*args, **kwargs)
        finally:
            _blas["depth"] -= 1

    return wrapper  # type: ignore[return-value]


def check_pair(x, y) -> tuple[np.ndarray, np.ndarray]:
    """``x`` and ``y`` as float arrays of one length, or :class:`InputError`."""
    x = np.asarray(x, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    if x.ndim != 1 or y.ndim != 1 or len(x) != len(y):
        raise InputError(f"the two series need one value per period each; got {x.shape} and {y.shape}")
    return x, y


def _require(n: int, what: str) -> None:
    if n < MIN_PERIODS:
        raise InputError(
            f"{what}: only {n} usable periods (at least {MIN_PERIODS} are needed); widen the date range "
            "(--since/--until), use daily instead of weekly periods, or keep the shutdown days (--shutdowns flag)"
        )


# --- lagged designs -----------------------------------------------------------------------------------
def lag_matrix(x: np.ndarray, lags: int) -> np.ndarray:
    """Columns ``x_{t-1} .. x_{t-lags}`` for every ``t`` (NaN where the lag reaches before the start)."""
    out = np.full((len(x), lags), np.nan)
    for i in range(1, lags + 1):
        out[i:, i - 1] = x[:-i]
    return out


def _rss(target: np.ndarray, design: np.ndarray) -> float:
    coef, *_ = np.linalg.lstsq(design, target, rcond=None)
    resid = target - design @ coef
    return float(resid @ resid)


# --- cross-correlation ----------------------------------------------------------------------------------
def ccf(x, y, max_lag: int, bartlett: bool = True) -> pd.DataFrame:
    """``corr(x_t, y_{t+k})`` for ``k`` from ``-max_lag`` to ``max_lag``, with a 95 % band for each lag.

    The estimator is the usual one (statsmodels ``ccf`` with ``adjusted=False``): sums of products of
    deviations from each series' mean over the pairs present, divided by the number of periods present
    and by both standard deviations. With ``bartlett`` the band is Bartlett's, ±1.96·√(v/n) with
    ``v = 1 + 2 Σ ρx(j) ρy(j)`` (j = 1 .. 10·log10 n), which is wide when both series are autocorrelated;
    without it, the white-noise band ±1.96/√n, valid when one series is white (after :func:`prewhiten`).

    Returns a frame with ``lag``, ``r``, ``band`` (the half-width), ``outside_band`` and ``n`` (the pairs
    at that lag); ``attrs`` holds ``band_kind`` (``bartlett`` or ``white``) and ``n`` (periods with both
    values).
    """
    x, y = check_pair(x, y)
    both = ~(np.isnan(x) | np.isnan(y))
    n = int(both.sum())
    _require(n, "cross-correlation")
    if max_lag < 0 or max_lag >= n // 2:
        raise InputError(f"--max-lag {max_lag}: expected a number from 0 to {n // 2 - 1} for {n} usable periods")
    xd = np.where(both, x - x[both].mean(), np.nan)
    yd = np.where(both, y - y[both].mean(), np.nan)
    sx, sy = math.sqrt(np.nansum(xd**2) / n), math.sqrt(np.nansum(yd**2) / n)
    if sx == 0 or sy == 0:
        flat = "online activity" if sx == 0 else "the events"
        raise InputError(f"cross-correlation: {flat} do not vary over the {n} usable periods, so no correlation "
                         "can be computed; choose another measure, event types or date range")
    if bartlett:
        m = min(n - 1, max(1, int(10 * math.log10(n))))
        rx, ry = _acf(xd, n, sx, m), _acf(yd, n, sy, m)
        variance = (1 + 2 * float(np.sum(rx * ry))) / n
        band, kind = 1.96 * math.sqrt(max(variance, 1 / n)), "bartlett"
    else:
        band, kind = 1.96 / math.sqrt(n), "white"
    rows = []
    for k in range(-max_lag, max_lag + 1):
        a, b = (xd[: len(xd) - k], yd[k:]) if k >= 0 else (xd[-k:], yd[: len(yd) + k])
        present = ~(np.isnan(a) | np.isnan(b))
        r = float(np.sum(a[present] * b[present]) / (n * sx * sy))
        rows.append((k, r, band, abs(r) > band, int(present.sum())))
    table = pd.DataFrame(rows, columns=list(CCF_COLUMNS))
    table.attrs.update(band_kind=kind, n=n)
    return table


def _acf(d: np.ndarray, n: int, s: float, m: int) -> np.ndarray:
    """Autocorrelations at lags 1..m of deviations ``d`` (NaN = missing), the 1/n estimator."""
    out = np.empty(m)
    for j in range(1, m + 1):
        out[j - 1] = np.nansum(d[j:] * d[:-j]) / (n * s * s)
    return out


# --- prewhitening ----------------------------------------------------------------------------------------
@single_threaded
def select_ar_order(x, max_order: int) -> int:
    """The AR order (0 .. ``max_order``) with the smallest AIC, all fitted by OLS with a constant on one
    common sample (the rows where ``x`` and its ``max_order`` lags are all present), as statsmodels'
    ``ar_select_order(x, max_order, ic="aic")`` does for a series without gaps."""
    x = np.asarray(x, dtype=np.float64)
    lagged = lag_matrix(x, max_order)
    rows = ~np.isnan(x) & ~np.isnan(lagged).any(axis=1)
    n = int(rows.sum())
    _require(n, "prewhitening")
    best, best_aic = 0, math.inf
    for p in range(max_order + 1):
        design = np.column_stack([np.ones(n), lagged[rows, :p]])
        rss = _rss(x[rows], design)
        aic = n * math.log(max(rss, 1e-300) / n) + 2 * (p + 1)
        if aic < best_aic - 1e-9:
            best, best_aic = p, aic
    return best


@single_threaded
def prewhiten(x, y, max_order: int = 14) -> tuple[np.ndarray, np.ndarray, int, np.ndarray]:
    """Filter both series with the AR filter fitted to ``x`` (order by AIC, at most ``max_order``).

    Box–Jenkins prewhitening: ``x`` becomes (nearly) white noise, and ``y`` goes through the same filter,
    so the cross-correlation of the two results is free of the spurious peaks that autocorrelation in
    both series produces, and the plain ±1.96/√n band applies. Returns ``(x_filtered, y_filtered, order,
    coefficients)``; the first ``order`` periods (and any whose lags reach a missing one) become NaN.
    """
    x, y = check_pair(x, y)
    order = select_ar_order(x, max_order)
    if order == 0:
        return x - np.nanmean(x), y - np.nanmean(y), 0, np.empty(0)
    lagged = lag_matrix(x, order)
    rows = ~np.isnan(x) & ~np.isnan(lagged).any(axis=1)
    design = np.column_stack([np.ones(int(rows.sum())), lagged[rows]])
    coef, *_ = np.linalg.lstsq(design, x[rows], rcond=None)
    phi = coef[1:]
    xf = x - coef[0] - lagged @ phi
    yf = y - lag_matrix(y, order) @ phi
    return xf, yf, order, phi


# --- stationarity -----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Stationarity:
    """The ADF and KPSS decisions on one series (after ``differences`` differences)."""

    differences: int
    adf_p: float
    kpss_p: float
    stationary: bool
    n: int
    alpha: float = 0.05

    @property
    def conflict(self) -> bool:
        """ADF rejects a unit root but KPSS also rejects stationarity (a break, a trend or long memory)."""
        return self.stationary and self.kpss_p < self.alpha

    def describe(self, name: str) -> str:
        state = "stationary" if self.stationary else "not stationary"
        if self.conflict:
            state = "stationary by ADF though KPSS rejects stationarity"
        how = "as it is" if self.differences == 0 else (
            f"after {self.differences} difference{'s' if self.differences > 1 else ''}")
        return f"{name}: {state} {how} (ADF p={self.adf_p:.3f}, KPSS p={self.kpss_p:.3f}, n={self.n})"


@single_threaded
def stationarity(x, alpha: float = 0.05, differences: int = 0) -> Stationarity:
    """ADF (null: a unit root) and KPSS (null: level-stationary) on the present values of ``x``.

    The series counts as stationary when the ADF test rejects its unit root (p < alpha); when the KPSS test
    then rejects stationarity too, the two disagree (``conflict``: a break, a deterministic trend or long
    memory), and the series is still not differenced, since differencing a series without a unit root
    adds a non-invertible moving average and spurious Granger results. When ADF cannot reject, the series
    is differenced. KPSS p-values are interpolated in a table and bounded to 0.01–0.10; the KPSS lag is
chosen from the data (Hobijn et al.), or by Schwert's rule where that diverges. Missing periods are
    dropped (the test sees the series closed up across an excluded window).
    """
    from statsmodels.tools.sm_exceptions import InterpolationWarning
    from statsmodels.tsa.stattools import adfuller, kpss

    values = np.asarray(x, dtype=np.float64)
    values = values[~np.isnan(values)]
    _require(len(values), "stationarity tests")
    if np.ptp(values) == 0:
        return Stationarity(differences, 0.0, 1.0, True, len(values), alpha)
    adf_p = float(adfuller(values, autolag="AIC", result_object=False)[1])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", InterpolationWarning)
        try:
            kpss_p = float(kpss(values, regression="c", nlags="auto", result_object=False)[1])
        except (OverflowError, ValueError):
            # the data-driven bandwidth diverges on a strictly periodic series: Schwert's rule instead
            kpss_p = float(kpss(values, regression="c", nlags="legacy", result_object=False)[1])
    return Stationarity(differences, adf_p, kpss_p, adf_p < alpha, len(values), alpha)


def difference(x: np.ndarray, d: int) -> np.ndarray:
    """``x`` differenced ``d`` times, same length (the first ``d`` values NaN; a gap spreads to its neighbour)."""
    out = np.asarray(x, dtype=np.float64).copy()
    for _ in range(d):
        out = np.concatenate([[np.nan], np.diff(out)])
    return out


@single_threaded
def make_stationary(x, alpha: float = 0.05, max_differences: int = 2) -> list[Stationarity]:
    """Test ``x``, then its differences, until it is stationary (:func:`stationarity`) or ``max_differences``.

    Returns every decision made, the last one being the order to use.
    """
    steps = []
    for d in range(max_differences + 1):
        steps.append(stationarity(difference(x, d), alpha, d))
        if steps[-1].stationary:
            break
    return steps


# --- Granger ------------------------------------------------------------------------------------------------
@single_threaded
def select_var_order(x, y, max_lags: int, ic: str = "aic") -> int:
    """The VAR lag order (1 .. ``max_lags``) of the pair with the smallest ``ic`` (aic or bic).

    As statsmodels' ``VAR(data).select_order(max_lags)``: every order fitted by OLS with a constant on the
    common sample the largest order leaves, ``ic = log det Σ + c · p · K² / n`` with Σ the residual
    covariance (divided by n), c = 2 (AIC) or log n (BIC). Unlike statsmodels it skips rows with a
    missing value, and it never returns 0: a Granger test needs at least one lag.
    """
    if ic not in ("aic", "bic"):
        raise InputError(f"--ic {ic!r}: expected aic or bic")
    x, y = check_pair(x, y)
    lx, ly = lag_matrix(x, max_lags), lag_matrix(y, max_lags)
    rows = ~(np.isnan(x) | np.isnan(y) | np.isnan(lx).any(axis=1) | np.isnan(ly).any(axis=1))
    n = int(rows.sum())
    _require(n, "lag order selection")
    targets = np.column_stack([x[rows], y[rows]])
    best, best_value = 1, math.inf
    penalty = 2.0 if ic == "aic" else math.log(n)
    for p in range(1, max_lags + 1):
        design = np.column_stack([np.ones(n), lx[rows, :p], ly[rows, :p]])
        coef, *_ = np.linalg.lstsq(design, targets, rcond=None)
        resid = targets - design @ coef
        sign, logdet = np.linalg.slogdet(resid.T @ resid / n)
        value = (logdet if sign > 0 else -math.inf) + penalty * p * 4 / n
        if value < best_value - 1e-12:
            best, best_value = p, value
    return best


@single_threaded
def granger_f(cause, effect, lags: int) -> tuple[float, float, int, int, int]:
    """The F test that ``lags`` past values of ``cause`` add nothing to predicting ``effect`` from its own past.

    Equivalent to the ``ssr_ftest`` of statsmodels' ``grangercausalitytests``: OLS of ``effect_t`` on a
    constant and ``lags`` lags of both series (unrestricted) against the same without the lags of
    ``cause``, on the rows where all values are present. Returns ``(F, p, df_num, df_denom, n)``.
    """
    cause, effect = check_pair(cause, effect)
    lc, le = lag_matrix(cause, lags), lag_matrix(effect, lags)
    rows = ~(np.isnan(effect) | np.isnan(lc).any(axis=1) | np.isnan(le).any(axis=1))
    n = int(rows.sum())
    df_denom = n - 2 * lags - 1
    if df_denom < 1 or n < MIN_PERIODS:
        _require(min(n, MIN_PERIODS - 1), f"Granger test with {lags} lags")
    restricted = np.column_stack([np.ones(n), le[rows]])
    unrestricted = np.column_stack([restricted, lc[rows]])
    rss_r, rss_u = _rss(effect[rows], restricted), _rss(effect[rows], unrestricted)
    if rss_u <= 0:
        return math.inf, 0.0, lags, df_denom, n
    f = ((rss_r - rss_u) / lags) / (rss_u / df_denom)
    return float(f), float(stats.f.sf(f, lags, df_denom)), lags, df_denom, n


@dataclass(frozen=True)
class Granger:
    """Both directions of a Granger test on a pair made stationary, with the decisions that led to it."""

    lags: int
    ic: str
    differences: int
    x_steps: tuple[Stationarity, ...]
    y_steps: tuple[Stationarity, ...]
    x_to_y: tuple[float, float, int, int, int]
    y_to_x: tuple[float, float, int, int, int]


@single_threaded
def granger(x, y, max_lags: int = 14, ic: str = "aic", alpha: float = 0.05, lags: int | None = None,
            max_differences: int = 2) -> Granger:
    """Granger tests in both directions: ``x → y`` (does x's past help predict y?) and ``y → x``.

    Each series is tested for stationarity (:func:`make_stationary`); both are then differenced the same
    number of times, the larger of the two orders found, so their lags stay aligned. The lag order is
    chosen by ``ic`` (:func:`select_var_order`, at most ``max_lags``) unless ``lags`` fixes it.
    """
    x, y = check_pair(x, y)
    x_steps, y_steps = make_stationary(x, alpha, max_differences), make_stationary(y, alpha, max_differences)
    d = max(x_steps[-1].differences, y_steps[-1].differences)
    xs, ys = difference(x, d), difference(y, d)
    order = lags if lags is not None else select_var_order(xs, ys, max_lags, ic)
    return Granger(order, ic if lags is None else "fixed", d, tuple(x_steps), tuple(y_steps),
                   granger_f(xs, ys, order), granger_f(ys, xs, order))


# --- event study ------------------------------------------------------------------------------------------
@single_threaded
def event_study(values, event_days, window: int, baseline: str = "outside", ci: str = "bootstrap",
                n_boot: int = 1000, seed: int = 1, confidence: float = 0.95) -> pd.DataFrame:
    """Mean of ``values`` at each offset ``-window .. +window`` from the event periods, against a baseline.

    ``event_days`` is a boolean array (the periods that count as events). ``values`` may hold NaN for
    periods not to use; they are left out of every mean. The baseline is either ``outside`` (the mean of
    the present periods outside every event window) or ``pre`` (for each event, the mean of the
    ``window`` periods before its window, offsets ``-2·window .. -window-1``).

    The interval of each offset's mean and of its difference from the baseline is a percentile bootstrap
    over events (``n_boot`` resamples with ``seed``) or a t-interval. Returns one row per offset:
    ``offset``, ``windows`` (events with a value at that offset), ``mean``, ``ci_low``, ``ci_high``,
    ``baseline_mean``, ``difference``, ``diff_ci_low``, ``diff_ci_high``; ``attrs`` holds ``events`` and
    ``baseline_periods`` (for ``outside``).
    """
    values = np.asarray(values, dtype=np.float64)
    events = np.flatnonzero(np.asarray(event_days, dtype=bool))
    if len(events) < 2:
        raise InputError(f"event study: {len(events)} event period(s); at least 2 are needed: lower --min-events, "
                         "widen the date range or include more event types")
    if baseline not in ("outside", "pre"):
        raise InputError(f"--baseline {baseline!r}: expected outside or pre")
    if ci not in ("bootstrap", "t"):
        raise InputError(f"--ci {ci!r}: expected bootstrap or t")
    n = len(values)
    offsets = np.arange(-window, window + 1)
    index = events[:, None] + offsets[None, :]
    inside = (index >= 0) & (index < n)
    windows = np.where(inside, values[np.clip(index, 0, n - 1)], np.nan)
    attrs: dict[str, int] = {"events": int(len(events))}
    if baseline == "outside":
        covered = np.zeros(n, dtype=bool)
        for lo, hi in zip(np.maximum(events - window, 0), np.minimum(events + window, n - 1), strict=True):
            covered[lo:hi + 1] = True
        rest = values[~covered & ~np.isnan(values)]
        if len(rest) < 2:
            raise InputError(
                f"event study: the windows of ±{window} periods around the {len(events)} event periods cover "
                "(nearly) every period, so no baseline is left outside them; raise --min-events, shorten --window "
                "or use --baseline pre"
            )
        base = np.full(len(events), float(rest.mean()))
        attrs["baseline_periods"] = int(len(rest))
    else:
        pre_index = events[:, None] + np.arange(-2 * window, -window)[None, :]
        ok = pre_index >= 0
        pre = np.where(ok, values[np.clip(pre_index, 0, n - 1)], np.nan)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            base = np.nanmean(pre, axis=1)
    diffs = windows - base[:, None]
    alpha = 1 - confidence
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        mean, diff_mean = np.nanmean(windows, axis=0), np.nanmean(diffs, axis=0)
        if ci == "bootstrap":
            rng = np.random.default_rng(seed)
            boot_mean = np.empty((n_boot, len(offsets)))
            boot_diff = np.empty((n_boot, len(offsets)))
            chunk = max(1, 2_000_000 // max(1, len(events) * len(offsets)))
            for start in range(0, n_boot, chunk):
                size = min(chunk, n_boot - start)
                pick = rng.integers(0, len(events), size=(size, len(events)))
                boot_mean[start:start + size] = np.nanmean(windows[pick], axis=1)
                boot_diff[start:start + size] = np.nanmean(diffs[pick], axis=1)
            low, high = np.nanquantile(boot_mean, [alpha / 2, 1 - alpha / 2], axis=0)
            diff_low, diff_high = np.nanquantile(boot_diff, [alpha / 2, 1 - alpha / 2], axis=0)
        else:
            low, high = _t_interval(windows, alpha)
            diff_low, diff_high = _t_interval(diffs, alpha)
    table = pd.DataFrame({
        "offset": offsets, "windows": (~np.isnan(windows)).sum(axis=0), "mean": mean, "ci_low": low,
        "ci_high": high, "baseline_mean": np.nanmean(base) if not np.isnan(base).all() else np.nan,
        "difference": diff_mean, "diff_ci_low": diff_low, "diff_ci_high": diff_high,
    })
    table.attrs.update(attrs)
    return table


def _t_interval(matrix: np.ndarray, alpha: float) -> tuple[np.ndarray, np.ndarray]:
    count = (~np.isnan(matrix)).sum(axis=0)
    mean = np.nanmean(matrix, axis=0)
    sd = np.nanstd(matrix, axis=0, ddof=1)
    half = stats.t.ppf(1 - alpha / 2, np.maximum(count - 1, 1)) * sd / np.sqrt(np.maximum(count, 1))
    half = np.where(count > 1, half, np.nan)
    return mean - half, mean + half
