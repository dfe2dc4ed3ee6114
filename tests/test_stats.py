"""mik.figures.stats: exact tests against scipy's own, error rates by simulation, BH, rank ranges."""

import numpy as np
import pytest
from scipy import stats as sps

from mik.figures import stats


@pytest.mark.parametrize(("a", "b", "ta", "tb"), [(30, 10, 1, 1), (55, 96, 1, 1), (7, 3, 1000, 1200), (0, 4, 1, 1)])
def test_poisson_test_is_the_conditional_binomial_test(a, b, ta, tb):
    p0 = ta / (ta + tb)
    res = sps.binomtest(a, a + b, p0)
    lo, hi = sps.binom.cdf(a, a + b, p0), sps.binom.sf(a - 1, a + b, p0)
    assert stats.poisson_test(a, b, ta, tb)[0] == pytest.approx(min(1.0, 2 * min(lo, hi)))
    # the interval of the rate ratio is Clopper-Pearson's interval of the binomial share, mapped
    ci = res.proportion_ci(method="exact")
    rr, low, high = stats.rate_ratio(a, b, ta, tb)
    assert low[0] == pytest.approx(ci.low / (1 - ci.low) * tb / ta)
    if ci.high < 1:
        assert high[0] == pytest.approx(ci.high / (1 - ci.high) * tb / ta)
    if b:
        assert rr[0] == pytest.approx(a / ta / (b / tb))


def test_the_issue_example_55_to_96_is_significant_but_20_to_28_is_not():
    tests = stats.change_tests([96, 28, 96], [55, 20, np.nan])
    assert list(tests.significance) == [stats.RISE, stats.CHANCE, stats.UNTESTED]
    assert tests.p[0] < 0.01 < 0.05 < tests.p[1]
    assert tests.rr_low[0] > 1 > tests.rr_low[1]


def test_false_rise_rate_under_no_change_is_at_most_alpha():
    rng = np.random.default_rng(1)
    lam = rng.uniform(2, 80, size=20_000)
    a, b = rng.poisson(lam), rng.poisson(lam)
    p = stats.poisson_test(a, b)
    assert np.nanmean(p < 0.05) <= 0.05  # exact tests are conservative, never above alpha
    # and it has power: a doubled rate at 40 a year is found nearly always
    assert np.mean(stats.poisson_test(rng.poisson(80, 2000), rng.poisson(40, 2000)) < 0.05) > 0.9


def test_bh_controls_false_discoveries_over_a_family():
    rng = np.random.default_rng(2)
    shares = []
    for _ in range(200):
        lam = rng.uniform(3, 50, size=300)
        effect = np.r_[np.full(30, 2.5), np.ones(270)]
        a, b = rng.poisson(lam * effect), rng.poisson(lam)
        found = stats.change_tests(a, b, family=True).q.to_numpy() < 0.05
        shares.append((found[30:]).sum() / max(found.sum(), 1))
    assert np.mean(shares) <= 0.05
    plain = stats.change_tests([30, 20], [10, 12], family=False)
    assert list(plain.p) == list(plain.q)


def test_rank_ranges_and_versus_reference():
    best, worst = stats.rank_ranges([10, 11, 30], [8, 9, 28], [12, 13, 32])
    assert list(best) == [1, 1, 3] and list(worst) == [2, 2, 3]
    best, worst = stats.rank_ranges([10, 11, 30], [8, 9, 28], [12, 13, 32], better="higher")
    assert list(best) == [2, 2, 1] and list(worst) == [3, 3, 1]
    assert stats.versus_reference([5, 10, 20], [4, 8, 18], [6, 12, 22], 10) == ["better", "same", "worse"]
    assert stats.versus_reference([5], [4], [6], 10, better="higher") == ["worse"]
    low, high = stats.poisson_interval([0, 10])
    assert low[0] == 0 and high[0] == pytest.approx(3.689, abs=0.001) and low[1] < 10 < high[1]
