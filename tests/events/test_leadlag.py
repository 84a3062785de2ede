"""The lead–lag statistics on generated series: agreement with statsmodels, a known lead found, no lead
claimed more often than the significance level allows, shutdown windows left out."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from mobilization_data import leading_pair
from scipy import stats
from statsmodels.tsa.api import VAR
from statsmodels.tsa.ar_model import ar_select_order
from statsmodels.tsa.stattools import ccf as sm_ccf
from statsmodels.tsa.stattools import grangercausalitytests

from dauys.errors import InputError
from dauys.events import leadlag


def ar1(n: int, phi: float, rng) -> np.ndarray:
    x = np.zeros(n)
    for t in range(1, n):
        x[t] = phi * x[t - 1] + rng.normal()
    return x


def linear_pair(n=400, lag=2, seed=3):
    """y_t = 0.8 x_{t-lag} + noise, x an AR(1)."""
    rng = np.random.default_rng(seed)
    x = ar1(n + lag, 0.6, rng)
    y = 0.8 * x[:n] + rng.normal(size=n)
    return x[lag:], y


# --- agreement with the reference implementations ----------------------------------------------------------
def test_ccf_agrees_with_statsmodels_and_positive_lag_means_x_leads():
    x, y = linear_pair(lag=2)
    table = leadlag.ccf(x, y, 10).set_index("lag")
    reference = sm_ccf(y, x, adjusted=False, nlags=11)  # reference[k] = corr(y_{t+k}, x_t)
    np.testing.assert_allclose(table.loc[0:10, "r"].to_numpy(), reference, atol=1e-12)
    assert table["r"].abs().idxmax() == 2
    assert table.attrs["band_kind"] == "bartlett"
    assert table.loc[2, "n"] == len(x) - 2 and table.loc[-3, "n"] == len(x) - 3


def test_bartlett_band_is_wider_than_white_for_autocorrelated_series():
    x, y = linear_pair()
    assert leadlag.ccf(x, y, 5, bartlett=True)["band"].iat[0] > leadlag.ccf(x, y, 5, bartlett=False)["band"].iat[0]
    assert leadlag.ccf(x, y, 5, bartlett=False)["band"].iat[0] == pytest.approx(1.96 / np.sqrt(len(x)))


def test_ar_order_matches_ar_select_order():
    rng = np.random.default_rng(5)
    x = np.zeros(500)
    for t in range(2, 500):
        x[t] = 0.5 * x[t - 1] - 0.3 * x[t - 2] + rng.normal()
    assert leadlag.select_ar_order(x, 10) == max(ar_select_order(x, 10, ic="aic", trend="c").ar_lags)


@pytest.mark.parametrize("ic", ["aic", "bic"])
def test_var_order_matches_statsmodels_select_order(ic):
    x, y = linear_pair(lag=3, seed=8)
    expected = getattr(VAR(np.column_stack([x, y])).select_order(10), ic)
    assert leadlag.select_var_order(x, y, 10, ic) == max(expected, 1)


def test_granger_f_matches_grangercausalitytests():
    x, y = linear_pair(lag=2, seed=11)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        reference = grangercausalitytests(np.column_stack([y, x]), [4])[4][0]["ssr_ftest"]
    f, p, df_num, df_denom, _ = leadlag.granger_f(x, y, 4)
    assert f == pytest.approx(reference[0]) and p == pytest.approx(reference[1])
    assert (df_denom, df_num) == (reference[2], reference[3])


# --- a known lead is found ------------------------------------------------------------------------------------
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_poisson_events_led_by_three_days_are_found(seed):
    online, events = leading_pair(300, 3, seed)
    xf, yf, order, _ = leadlag.prewhiten(online, events, 14)
    table = leadlag.ccf(xf, yf, 14, bartlett=False)
    peak = table.loc[table["r"].abs().idxmax()]
    assert peak["lag"] == 3 and peak["outside_band"]
    result = leadlag.granger(online, events, max_lags=14)
    assert result.x_to_y[1] < 0.001
    assert result.differences == 0 and result.x_steps[-1].stationary


def test_events_leading_online_gives_a_negative_lag_and_the_reverse_granger():
    x, y = linear_pair(lag=4, seed=21)  # x leads y by 4: so y "online" lags "events" x by 4
    table = leadlag.ccf(y, x, 8)
    assert table.loc[table["r"].abs().idxmax(), "lag"] == -4
    result = leadlag.granger(y, x, max_lags=8)
    assert result.y_to_x[1] < 0.001 < result.x_to_y[1]


# --- no relation: rejections at the stated rate ------------------------------------------------------------
def test_independent_series_are_rejected_at_about_alpha():
    """200 pairs of independent AR(1) series: the Granger F test (full pipeline: stationarity, order by AIC)
    and the prewhitened correlation at a fixed lag reject at a rate inside the 99.9% binomial band of 0.05."""
    runs, alpha = 200, 0.05
    granger_rejections = ccf_rejections = 0
    for seed in range(runs):
        rng = np.random.default_rng(1000 + seed)
        x, y = ar1(120, 0.5, rng), ar1(120, 0.5, rng)
        result = leadlag.granger(x, y, max_lags=4)
        granger_rejections += result.x_to_y[1] < alpha
        xf, yf, _, _ = leadlag.prewhiten(x, y, 4)
        ccf_rejections += bool(leadlag.ccf(xf, yf, 3, bartlett=False).set_index("lag").at[3, "outside_band"])
    low, high = stats.binom.ppf([0.0005, 0.9995], runs, alpha)
    assert low <= granger_rejections <= high, granger_rejections
    assert low <= ccf_rejections <= high, ccf_rejections


# --- stationarity ---------------------------------------------------------------------------------------------
def test_random_walks_are_differenced_once_and_integrated_twice_twice():
    rng = np.random.default_rng(4)
    walk = np.cumsum(rng.normal(size=400))
    steps = leadlag.make_stationary(walk)
    assert [s.differences for s in steps] == [0, 1] and not steps[0].stationary and steps[1].stationary
    twice = np.cumsum(np.cumsum(rng.normal(size=400)))
    assert leadlag.make_stationary(twice)[-1].differences == 2
    x, y = ar1(400, 0.3, rng), walk
    assert leadlag.granger(x, y, max_lags=5).differences == 1  # both differenced as much as the walk needs


# --- excluded periods ------------------------------------------------------------------------------------------
def test_an_excluded_window_lowers_n_by_its_length_and_is_never_used():
    online, events = leading_pair(300, 3, 7)
    gap_online, gap_events = online.astype(float), events.astype(float)
    gap_online[100:110] = np.nan
    gap_events[100:110] = np.nan
    assert leadlag.ccf(gap_online, gap_events, 5).attrs["n"] == 300 - 10
    assert leadlag.ccf(gap_online, gap_events, 5).set_index("lag").at[0, "n"] == 290
    # changing the values inside the window changes nothing
    other = gap_online.copy()
    assert leadlag.granger_f(gap_online, gap_events, 3)[:2] == leadlag.granger_f(other, gap_events, 3)[:2]
    full_n = leadlag.granger_f(online, events, 3)[4]
    assert leadlag.granger_f(gap_online, gap_events, 3)[4] == full_n - 10 - 3  # the window and the lags reaching it


def test_a_spurious_drop_in_a_shutdown_window_makes_a_lag_unless_excluded():
    rng = np.random.default_rng(12)
    online, events = ar1(240, 0.4, rng) + 20, rng.poisson(2, 240).astype(float)
    online[120:130] = 0.0           # the internet is cut: online activity collapses ...
    events[120:130] += 6            # ... while protests go on in the street
    flagged = leadlag.ccf(online, events, 7)
    assert flagged["outside_band"].sum() >= 5 and flagged["r"].min() < -0.4
    online[120:130] = np.nan
    events[120:130] = np.nan
    excluded = leadlag.ccf(online, events, 7)
    assert excluded.attrs["n"] == 230
    assert not excluded["outside_band"].any()
    assert excluded["r"].abs().max() < 0.5 * flagged["r"].abs().max()


# --- event study -----------------------------------------------------------------------------------------------
def test_event_study_finds_a_rise_before_events_and_not_elsewhere():
    rng = np.random.default_rng(2)
    n = 400
    values = rng.normal(10, 1, n)
    event_days = np.zeros(n, dtype=bool)
    event_days[np.arange(30, 380, 25)] = True
    for day in np.flatnonzero(event_days):
        values[day - 2] += 5  # online activity rises two days before each event
    table = leadlag.event_study(values, event_days, 5, n_boot=500, seed=3).set_index("offset")
    assert table.attrs["events"] == 14
    assert table.loc[-2, "diff_ci_low"] > 3
    assert (table.drop(index=-2)["diff_ci_low"] < 0.8).all()
    assert table.loc[-2, "ci_low"] < table.loc[-2, "mean"] < table.loc[-2, "ci_high"]
    again = leadlag.event_study(values, event_days, 5, n_boot=500, seed=3)
    assert np.array_equal(again["ci_low"], table["ci_low"].to_numpy())  # the seed makes it reproducible
    t_table = leadlag.event_study(values, event_days, 5, ci="t").set_index("offset")
    assert t_table.loc[-2, "diff_ci_low"] > 3
    pre = leadlag.event_study(values, event_days, 5, baseline="pre").set_index("offset")
    assert pre.loc[-2, "difference"] == pytest.approx(table.loc[-2, "difference"], abs=0.7)


def test_event_study_leaves_out_missing_values_and_refuses_without_baseline():
    values = np.arange(100, dtype=float)
    days = np.zeros(100, dtype=bool)
    days[[40, 60]] = True
    values[61] = np.nan
    table = leadlag.event_study(values, days, 3, ci="t").set_index("offset")
    assert table.loc[1, "windows"] == 1 and table.loc[1, "mean"] == 41
    with pytest.raises(InputError, match="no baseline"):
        leadlag.event_study(values, np.ones(100, dtype=bool), 3)
    with pytest.raises(InputError, match="at least 2"):
        leadlag.event_study(values, days & False, 3)


def test_too_short_or_flat_series_are_refused_with_advice():
    with pytest.raises(InputError, match="usable periods"):
        leadlag.ccf(np.arange(10.0), np.arange(10.0), 2)
    with pytest.raises(InputError, match="do not vary"):
        leadlag.ccf(np.ones(50), np.arange(50.0), 2)
    with pytest.raises(InputError, match="--max-lag"):
        leadlag.ccf(np.arange(50.0), np.arange(50.0) ** 2, 30)


def test_a_kpss_rejection_alone_does_not_difference_a_series_without_unit_root():
    _, y = linear_pair(lag=4, seed=21)  # a stationary series whose KPSS test rejects at 5 %
    steps = leadlag.make_stationary(y)
    assert len(steps) == 1 and steps[0].stationary and steps[0].conflict
    assert "KPSS rejects" in steps[0].describe("events")


def test_a_strictly_periodic_series_is_tested_without_crashing():
    # posts repeating 2, 4, 1, 3, 5 every five days: the KPSS data-driven lag diverges (OverflowError)
    periodic = np.tile([2.0, 4.0, 1.0, 3.0, 5.0], 24)[:117]
    result = leadlag.stationarity(periodic)
    assert 0.0 <= result.kpss_p <= 1.0 and result.n == 117
