"""Is a change more than chance? Exact tests for counts, intervals for ranks, false-discovery control.

Police counts are treated as Poisson counts. Two counts ``a`` (now) and ``b`` (before), with
exposures ``ta`` and ``tb`` (inhabitants, or 1 each for the same area and length of period), are
compared with the exact conditional test: given ``n = a + b``, under "no change in rate"
``a ~ Binomial(n, ta / (ta + tb))``. The two-sided p-value doubles the smaller tail; the 95%
interval of the rate ratio comes from the Clopper-Pearson interval of that binomial proportion.
Lists of many changes (buurten x categories) are judged on Benjamini-Hochberg q-values, so that of
all changes called significant at most 5% are expected to be chance.

Everything here is plain numbers in, numbers out (numpy/scipy), vectorised over arrays.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

ALPHA = 0.05

#: Significance labels (keys into :mod:`mik.plan.i18n`): rise, fall, within the margin of chance, no test.
RISE, FALL, CHANCE, UNTESTED = "sig_rise", "sig_fall", "sig_chance", "sig_untested"


def _arrays(*values):
    return [np.asarray(pd.to_numeric(pd.Series(np.atleast_1d(v)), errors="coerce"), dtype=float) for v in values]


def poisson_test(a, b, ta=1.0, tb=1.0) -> np.ndarray:
    """Two-sided exact p-value that counts ``a`` and ``b`` (exposures ``ta``, ``tb``) share one rate.

    NaN where a count or exposure is missing or both counts are zero.

    >>> round(float(poisson_test(30, 10)[0]), 4)
    0.0022
    >>> float(poisson_test(10, 10)[0])
    1.0
    """
    a, b, ta, tb = np.broadcast_arrays(*_arrays(a, b, ta, tb))
    n = a + b
    p0 = ta / (ta + tb)
    ok = np.isfinite(n) & (n > 0) & np.isfinite(p0) & (ta > 0) & (tb > 0)
    out = np.full(a.shape, np.nan)
    lo = stats.binom.cdf(a[ok], n[ok], p0[ok])
    hi = stats.binom.sf(a[ok] - 1, n[ok], p0[ok])
    out[ok] = np.minimum(1.0, 2 * np.minimum(lo, hi))
    return out


def rate_ratio(a, b, ta=1.0, tb=1.0, alpha: float = ALPHA) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The rate ratio (a/ta) / (b/tb) with its exact (1 - alpha) interval (low, high).

    >>> rr, low, high = rate_ratio(20, 10)
    >>> float(rr[0]), round(float(low[0]), 2), round(float(high[0]), 2)
    (2.0, 0.89, 4.78)
    """
    a, b, ta, tb = np.broadcast_arrays(*_arrays(a, b, ta, tb))
    n = a + b
    scale = tb / ta
    with np.errstate(divide="ignore", invalid="ignore"):
        rr = np.where(b > 0, a / b * scale, np.nan)
        p_low = np.where(a > 0, stats.beta.ppf(alpha / 2, a, n - a + 1), 0.0)
        p_high = np.where(a < n, stats.beta.ppf(1 - alpha / 2, a + 1, n - a), 1.0)
        low = p_low / (1 - p_low) * scale
        high = np.where(p_high < 1, p_high / (1 - p_high) * scale, np.inf)
    bad = ~np.isfinite(n) | (n <= 0)
    return rr, np.where(bad, np.nan, low), np.where(bad, np.nan, high)


def bh_qvalues(p) -> np.ndarray:
    """Benjamini-Hochberg adjusted p-values (q-values); NaN stays NaN and is not counted.

    >>> bh_qvalues([0.01, 0.04, 0.03, float("nan")]).round(3).tolist()
    [0.03, 0.04, 0.04, nan]
    """
    p = np.asarray(p, dtype=float)
    out = np.full(p.shape, np.nan)
    ok = np.isfinite(p)
    if ok.any():
        out[ok] = stats.false_discovery_control(p[ok], method="bh")
    return out


def label(p, change, alpha: float = ALPHA) -> list[str]:
    """One significance label per change: RISE/FALL when ``p`` < alpha, CHANCE otherwise, UNTESTED
    where there is no p-value."""
    p, change = _arrays(p, change)
    p, change = np.broadcast_arrays(p, change)
    return [
        UNTESTED if not np.isfinite(pv) else (RISE if c > 0 else FALL) if pv < alpha else CHANCE
        for pv, c in zip(p, change, strict=True)
    ]


def change_tests(
    count, previous, exposure=None, previous_exposure=None, family: bool = False, alpha: float = ALPHA
) -> pd.DataFrame:
    """Tests for a column of changes from ``previous`` to ``count``.

    Columns: p (exact conditional test), q (Benjamini-Hochberg over the rows when ``family``, else
    equal to p), rr, rr_low, rr_high (rate ratio with 95% interval) and significance (a label key,
    decided on q).
    """
    count, previous = _arrays(count, previous)
    ta = 1.0 if exposure is None else _arrays(exposure)[0]
    tb = 1.0 if previous_exposure is None else _arrays(previous_exposure)[0]
    p = poisson_test(count, previous, ta, tb)
    q = bh_qvalues(p) if family else p
    rr, low, high = rate_ratio(count, previous, ta, tb, alpha)
    return pd.DataFrame(
        {"p": p, "q": q, "rr": rr, "rr_low": low, "rr_high": high, "significance": label(q, count - previous, alpha)}
    )


def poisson_interval(count, alpha: float = ALPHA) -> tuple[np.ndarray, np.ndarray]:
    """Exact (Garwood) interval of a Poisson count.

    >>> low, high = poisson_interval(10)
    >>> round(float(low[0]), 2), round(float(high[0]), 2)
    (4.8, 18.39)
    """
    (k,) = _arrays(count)
    with np.errstate(invalid="ignore"):
        low = np.where(k > 0, stats.chi2.ppf(alpha / 2, 2 * k) / 2, 0.0)
        high = stats.chi2.ppf(1 - alpha / 2, 2 * (k + 1)) / 2
    return np.where(np.isfinite(k), low, np.nan), np.where(np.isfinite(k), high, np.nan)


def rank_ranges(value, lower, upper, better: str = "lower") -> tuple[np.ndarray, np.ndarray]:
    """The best and worst rank each unit could have given the intervals.

    Unit i is surely better than j when i's interval lies wholly on the better side of j's. Its
    best rank is 1 + the number of units surely better; its worst is N - the number surely worse.
    Units without an interval count as exact (lower = upper = value).

    >>> rank_ranges([1, 2, 10], [0, 1, 9], [3, 3, 11])
    (array([1, 1, 3]), array([2, 2, 3]))
    """
    value, lower, upper = _arrays(value, lower, upper)
    lower = np.where(np.isfinite(lower), lower, value)
    upper = np.where(np.isfinite(upper), upper, value)
    if better == "higher":
        lower, upper = -upper, -lower
    surely_better = upper[None, :] < lower[:, None]  # [i, j]: j wholly below (better than) i
    n = len(value)
    best = 1 + surely_better.sum(axis=1)
    worst = n - surely_better.sum(axis=0)
    return best.astype(int), worst.astype(int)


def versus_reference(value, lower, upper, reference: float, better: str = "lower") -> list[str]:
    """Per unit: 'better', 'worse' (interval wholly on one side of ``reference``) or 'same'."""
    value, lower, upper = _arrays(value, lower, upper)
    out = []
    for lo, hi in zip(lower, upper, strict=True):
        if not (np.isfinite(lo) and np.isfinite(hi)) or not np.isfinite(reference):
            out.append("unknown")
        elif hi < reference:
            out.append("better" if better == "lower" else "worse")
        elif lo > reference:
            out.append("worse" if better == "lower" else "better")
        else:
            out.append("same")
    return out
