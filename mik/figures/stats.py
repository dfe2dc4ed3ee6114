"""Is a change more than chance? Exact tests for counts, allowing for the city's own variation;
intervals for ranks; false-discovery control.

Two counts ``a`` (now) and ``b`` (before), with exposures ``ta`` and ``tb`` (inhabitants, or 1 each
for the same area and length of period), are compared conditionally on their total ``n = a + b``.
For pure Poisson counts, "no change in rate" means ``a ~ Binomial(n, p0)`` with
``p0 = ta / (ta + tb)``. Real crime counts vary more than that from year to year
(*overdispersion*): a buurt with 20 burglaries one year has 10 or 30 the next more often than a
Poisson count would. If each year's count is Poisson around a rate that itself varies as a gamma
distribution (a negative binomial count), then given ``n`` the count ``a`` is **beta-binomial**
with the same mean ``p0`` and intra-class correlation ``rho`` (``rho = 0``: the binomial again).

``rho`` is estimated from the family of changes itself (:func:`overdispersion`): over the cells
of one category, how much more do the shares ``a / n`` scatter around the category's own share
than binomial chance allows? That scatter is measured around the category's city-wide change, so
a rise of the whole city is not mistaken for noise. On Poisson counts the estimate is close to 0
and the test is the exact conditional Poisson test.

The two-sided p-value is the *minimum-likelihood* one (R's ``binom.test`` and ``poisson.test``,
scipy's ``binomtest``): the probability of every outcome no more likely than the one observed. It
equals R's ``poisson.test(c(a, b), c(ta, tb))`` for ``rho = 0``, so every p-value MIK shows can be
checked in R. With equal exposures it is the same as doubling the smaller tail; with unequal ones
the doubled tail can be up to twice as large (or smaller), as the two methods weigh the far side
differently. The rate ratio's 95% interval is Clopper-Pearson's
interval of the share, computed on the effective counts ``a / f`` and ``n / f`` where
``f = 1 + (n - 1) rho`` is the beta-binomial's variance factor.

Lists of many changes (buurten x categories) are judged on Benjamini-Hochberg q-values, so that of
all changes called significant at most 5% are expected to be chance.

Counts must be whole numbers of 0 or more and exposures above 0; anything else gives NaN (no
label), never a test. Everything here is plain numbers in, numbers out (numpy/scipy), vectorised.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

ALPHA = 0.05
#: Fewest cells (with a count now or before) a family needs before its dispersion is estimated.
MIN_CELLS = 8
_RELATIVE_TIE = 1 + 1e-7  # R's binom.test: outcomes this close in likelihood count as equally likely

#: Significance labels (keys into :mod:`mik.plan.i18n`): rise, fall, within the margin of chance, no test.
RISE, FALL, CHANCE, UNTESTED = "sig_rise", "sig_fall", "sig_chance", "sig_untested"


def _arrays(*values):
    return [np.asarray(pd.to_numeric(pd.Series(np.atleast_1d(v)), errors="coerce"), dtype=float) for v in values]


def counts(values) -> np.ndarray:
    """Counts as floats: whole numbers of 0 or more; anything else (negative, fractional, text,
    missing) NaN.

    >>> counts([3, -2, 2.5, "x", None]).tolist()
    [3.0, nan, nan, nan, nan]
    """
    (x,) = _arrays(values)
    ok = np.isfinite(x) & (x >= 0) & (x == np.floor(x))
    return np.where(ok, x, np.nan)


def exposures(values) -> np.ndarray:
    """Exposures as floats: above 0 and finite; anything else NaN."""
    (x,) = _arrays(values)
    return np.where(np.isfinite(x) & (x > 0), x, np.nan)


def _prepared(a, b, ta, tb, rho):
    a, b, ta, tb, rho = np.broadcast_arrays(counts(a), counts(b), exposures(ta), exposures(tb), *_arrays(rho))
    rho = np.where(np.isfinite(rho) & (rho > 0), np.minimum(rho, 0.99), 0.0)
    n = a + b
    p0 = ta / (ta + tb)
    ok = np.isfinite(n) & (n > 0) & np.isfinite(p0)
    return a, b, ta, tb, rho, n, p0, ok


def _shape(p0, rho):
    """Beta-binomial shape parameters for mean ``p0`` and intra-class correlation ``rho`` > 0."""
    s = 1 / rho - 1
    return p0 * s, (1 - p0) * s


def _logpmf(k, n, p0, rho):
    out = np.empty(k.shape)
    plain = rho <= 0
    out[plain] = stats.binom.logpmf(k[plain], n[plain], p0[plain])
    wide = ~plain
    if wide.any():
        a, b = _shape(p0[wide], rho[wide])
        out[wide] = stats.betabinom.logpmf(k[wide], n[wide], a, b)
    return out


def _two_sided(x, n, p0, rho, chunk: int = 2_000_000) -> np.ndarray:
    """Minimum-likelihood two-sided p-values, all rows at once over their outcomes 0..n."""
    out = np.empty(len(x))
    sizes = n.astype(np.int64) + 1
    start = 0
    while start < len(x):  # rows in chunks of about ``chunk`` outcomes: a few huge counts stay cheap
        stop = start + max(1, int(np.searchsorted(np.cumsum(sizes[start:]), chunk)))
        sz = sizes[start:stop]
        row = np.repeat(np.arange(stop - start), sz)
        first = np.r_[0, np.cumsum(sz)[:-1]]
        k = np.arange(sz.sum()) - first[row]
        lp = _logpmf(k.astype(float), n[start:stop][row], p0[start:stop][row], rho[start:stop][row])
        observed = lp[first + x[start:stop].astype(np.int64)]
        keep = lp <= observed[row] + np.log(_RELATIVE_TIE)
        out[start:stop] = np.add.reduceat(np.where(keep, np.exp(lp), 0.0), first)
        start = stop
    return np.where(out > 1 - 1e-9, 1.0, out)  # the whole distribution, up to rounding


def poisson_test(a, b, ta=1.0, tb=1.0, dispersion=0.0) -> np.ndarray:
    """Two-sided p-value that counts ``a`` and ``b`` (exposures ``ta``, ``tb``) share one rate.

    ``dispersion`` is the beta-binomial ``rho`` (see the module docstring; 0: Poisson counts). NaN
    where a count is missing, negative or not whole, an exposure is not above 0, or both counts are
    zero.

    >>> round(float(poisson_test(30, 10)[0]), 4)
    0.0022
    >>> float(poisson_test(10, 10)[0])
    1.0
    >>> round(float(poisson_test(30, 10, dispersion=0.05)[0]), 2)
    0.08
    >>> poisson_test([-2, 2.5], 3).tolist()
    [nan, nan]
    """
    a, _, _, _, rho, n, p0, ok = _prepared(a, b, ta, tb, dispersion)
    out = np.full(a.shape, np.nan)
    if ok.any():
        out[ok] = _two_sided(a[ok], n[ok], p0[ok], rho[ok])
    return out


def rate_ratio(a, b, ta=1.0, tb=1.0, alpha: float = ALPHA, dispersion=0.0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The rate ratio (a/ta) / (b/tb) with its (1 - alpha) interval (low, high); NaN where
    :func:`poisson_test` gives NaN. With ``dispersion`` the interval is widened by the
    beta-binomial's variance factor (effective counts).

    >>> rr, low, high = rate_ratio(20, 10)
    >>> float(rr[0]), round(float(low[0]), 2), round(float(high[0]), 2)
    (2.0, 0.89, 4.78)
    >>> [float(x[0]) for x in rate_ratio(5, 3, 0, 1)]
    [nan, nan, nan]
    """
    a, b, ta, tb, rho, n, _, ok = _prepared(a, b, ta, tb, dispersion)
    scale = tb / ta
    factor = 1 + np.maximum(n - 1, 0) * rho
    ae, ne = a / factor, n / factor
    with np.errstate(divide="ignore", invalid="ignore"):
        rr = np.where(b > 0, a / b * scale, np.nan)
        p_low = np.where(a > 0, stats.beta.ppf(alpha / 2, ae, ne - ae + 1), 0.0)
        p_high = np.where(a < n, stats.beta.ppf(1 - alpha / 2, ae + 1, ne - ae), 1.0)
        low = p_low / (1 - p_low) * scale
        high = np.where(p_high < 1, p_high / (1 - p_high) * scale, np.inf)
    return np.where(ok, rr, np.nan), np.where(ok, low, np.nan), np.where(ok, high, np.nan)


def overdispersion(count, previous, exposure=1.0, previous_exposure=1.0, groups=None) -> np.ndarray:
    """The beta-binomial ``rho`` of each row, estimated by moments over the rows of its group.

    Within a group (a category), the shares ``a / n`` are compared with the group's own share (its
    city-wide change, so a common rise is not counted as noise): Pearson's statistic beyond its
    binomial expectation, per pair of counts, is ``rho``. A few real changes in a group would pass
    for variation and hide each other, so the estimate is robust: cells of 10 or more whose
    standardised change lies beyond +-2.58 are left out and the rest counted against the
    chi-square's own expectation below that bound (as Farrington's method reweights outliers).
    Groups with fewer than :data:`MIN_CELLS` cells take the estimate over all rows; fewer than that
    in all: NaN (not estimated; the tests then treat the counts as Poisson). Never below 0.

    >>> rng = np.random.default_rng(0)
    >>> lam = rng.uniform(5, 40, 2000)
    >>> float(overdispersion(rng.poisson(lam), rng.poisson(lam))[0]) < 0.005
    True
    >>> g = rng.gamma(5, 1 / 5, (2, 2000))  # negative binomial counts, k = 5: rho = 1 / (2k + 1)
    >>> round(float(overdispersion(rng.poisson(lam * g[0]), rng.poisson(lam * g[1]))[0]), 1)
    0.1
    """
    a, b, ta, tb, _, _, _, ok = _prepared(count, previous, exposure, previous_exposure, 0.0)
    keys = np.zeros(a.shape, dtype=int) if groups is None else pd.factorize(pd.Series(list(groups)))[0]
    keys = np.broadcast_to(keys, a.shape)
    pooled = _rho(a[ok], b[ok], ta[ok], tb[ok])
    out = np.full(a.shape, np.nan)
    for key in np.unique(keys[ok]):
        mask = ok & (keys == key)
        value = _rho(a[mask], b[mask], ta[mask], tb[mask])
        out[keys == key] = value if np.isfinite(value) else pooled
    return out


_BOUND = 2.576**2  # a standardised change beyond +-2.58 (1% two-sided) counts as a real one, not variation
_KEPT_MEAN = stats.chi2.cdf(_BOUND, 3) / stats.chi2.cdf(_BOUND, 1)  # E[X | X < bound], X chi-square(1)
_TRIM_FROM = 10  # cells with fewer counts are never left out (their shares are too coarse to judge)


def _rho(a, b, ta, tb) -> float:
    """The robust moment estimate of ``rho`` for one group (see :func:`overdispersion`)."""
    m = len(a)
    if m < MIN_CELLS or b.sum() <= 0 or a.sum() <= 0:
        return np.nan
    ratio = a.sum() / (b * ta / tb).sum()
    pi = ratio * ta / (ratio * ta + tb)
    n = a + b
    z2 = (a - n * pi) ** 2 / (n * pi * (1 - pi)) * m / (m - 1)  # Pearson per cell, for its degree of freedom

    def surplus(rho: float, keep: np.ndarray) -> float:
        expected = np.where(n >= _TRIM_FROM, _KEPT_MEAN, 1.0)
        return float((z2[keep] / (1 + (n[keep] - 1) * rho) - expected[keep]).sum())

    keep = np.ones(m, dtype=bool)
    rho = 0.0
    for _ in range(3):  # estimate, leave out the cells far beyond it, estimate again
        low, high = 0.0, 0.99
        if surplus(0.0, keep) <= 0:
            rho = 0.0
        else:
            for _ in range(50):
                mid = (low + high) / 2
                low, high = (mid, high) if surplus(mid, keep) > 0 else (low, mid)
            rho = (low + high) / 2
        keep = (n < _TRIM_FROM) | (z2 / (1 + (n - 1) * rho) < _BOUND)
    return float(rho)


def extra_variation(rho) -> np.ndarray:
    """The year-to-year variation beyond chance that ``rho`` stands for, as a share of the count
    (the coefficient of variation of the underlying rate; 0 for Poisson counts).

    >>> round(float(extra_variation(1 / 11)[0]), 3)  # negative binomial k = 5
    0.447
    """
    (r,) = _arrays(rho)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(np.isfinite(r) & (r > 0), np.sqrt(2 * r / (1 - r)), np.where(np.isfinite(r), 0.0, np.nan))


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
    where there is no p-value or no change to give a direction."""
    p, change = _arrays(p, change)
    p, change = np.broadcast_arrays(p, change)
    return [
        UNTESTED
        if not (np.isfinite(pv) and np.isfinite(c))
        else (RISE if c > 0 else FALL)
        if pv < alpha and c != 0
        else CHANCE
        for pv, c in zip(p, change, strict=True)
    ]


def change_tests(
    count,
    previous,
    exposure=None,
    previous_exposure=None,
    family: bool = False,
    alpha: float = ALPHA,
    groups=None,
    dispersion=None,
) -> pd.DataFrame:
    """Tests for a column of changes from ``previous`` to ``count``.

    ``dispersion``: the beta-binomial ``rho`` per row or for all; None estimates it from the rows
    themselves per ``groups`` (e.g. the category of each row, see :func:`overdispersion`). Columns:
    p (two-sided test), q (Benjamini-Hochberg over the rows when ``family``, else equal to p), rr,
    rr_low, rr_high (rate ratio with its 95% interval), dispersion (the ``rho`` used; NaN: not
    estimated, tested as Poisson) and significance (a label key, decided on q).
    """
    count, previous = counts(count), counts(previous)
    ta = 1.0 if exposure is None else exposures(exposure)
    tb = 1.0 if previous_exposure is None else exposures(previous_exposure)
    if dispersion is None:
        rho = overdispersion(count, previous, ta, tb, groups)
    else:
        rho = np.broadcast_to(_arrays(dispersion)[0], count.shape).astype(float)
    used = np.where(np.isfinite(rho), rho, 0.0)
    p = poisson_test(count, previous, ta, tb, used)
    q = bh_qvalues(p) if family else p
    rr, low, high = rate_ratio(count, previous, ta, tb, alpha, used)
    return pd.DataFrame(
        {
            "p": p,
            "q": q,
            "rr": rr,
            "rr_low": low,
            "rr_high": high,
            "dispersion": rho,
            "significance": label(q, count - previous, alpha),
        }
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
