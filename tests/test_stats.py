"""mik.figures.stats: exact tests against scipy's own, error rates by simulation, BH, rank ranges."""

import numpy as np
import pytest
from scipy import stats as sps

from mik.figures import stats


@pytest.mark.parametrize(("a", "b", "ta", "tb"), [(30, 10, 1, 1), (55, 96, 1, 1), (7, 3, 1000, 1200), (0, 4, 1, 1)])
def test_poisson_test_is_the_conditional_binomial_test(a, b, ta, tb):
    # R's poisson.test(c(a, b), c(ta, tb)) is binom.test(a, a + b, ta / (ta + tb)): the minimum-likelihood
    # two-sided p-value, which scipy's binomtest computes the same way
    p0 = ta / (ta + tb)
    res = sps.binomtest(a, a + b, p0)
    assert stats.poisson_test(a, b, ta, tb)[0] == pytest.approx(res.pvalue, rel=1e-9)
    # the interval of the rate ratio is Clopper-Pearson's interval of the binomial share, mapped
    ci = res.proportion_ci(method="exact")
    rr, low, high = stats.rate_ratio(a, b, ta, tb)
    assert low[0] == pytest.approx(ci.low / (1 - ci.low) * tb / ta)
    if ci.high < 1:
        assert high[0] == pytest.approx(ci.high / (1 - ci.high) * tb / ta)
    if b:
        assert rr[0] == pytest.approx(a / ta / (b / tb))


@pytest.mark.parametrize(
    ("a", "b", "ta", "tb", "r_p"),
    [  # R 4.2, Debian: sprintf("%.16g", poisson.test(c(a, b), c(ta, tb))$p.value)
        (7, 3, 1000, 1200, 0.2019739693353374),
        (3, 20, 1, 5, 1.0),
        (120, 90, 2, 1, 0.004216564218355335),
        (30, 10, 1, 1, 0.002221433773229367),
    ],
)
def test_unequal_exposures_give_rs_p_value_not_the_doubled_tail(a, b, ta, tb, r_p):
    p = stats.poisson_test(a, b, ta, tb)[0]
    assert p == pytest.approx(r_p, rel=1e-9)
    p0 = ta / (ta + tb)
    doubled = min(1.0, 2 * min(sps.binom.cdf(a, a + b, p0), sps.binom.sf(a - 1, a + b, p0)))
    assert (p != pytest.approx(doubled)) == (ta != tb)  # with equal exposures the two methods agree


@pytest.mark.parametrize(
    ("a", "b", "ta", "tb"),
    [(-2, 3, 1, 1), (2.5, 3, 1, 1), (5, 3, 0, 1), (5, 3, 1, -1), ("x", 3, 1, 1), (np.nan, 3, 1, 1), (0, 0, 1, 1)],
)
def test_impossible_counts_or_exposures_give_nan_never_a_label(a, b, ta, tb):
    assert np.isnan(stats.poisson_test(a, b, ta, tb)[0])
    assert all(np.isnan(x[0]) for x in stats.rate_ratio(a, b, ta, tb))
    tests = stats.change_tests([a], [b], [ta], [tb])
    assert tests.significance[0] == stats.UNTESTED and np.isnan(tests.p[0])


def _pairs(rng, size, k=np.inf, categories=12, areas=45):
    """Unchanged buurt x category pairs: each year's count Poisson around a rate that varies as a
    gamma variable of shape ``k`` (negative binomial counts; inf: Poisson)."""
    lam = rng.uniform(2, 60, size=(size, categories, areas))

    def year():
        g = 1.0 if np.isinf(k) else rng.gamma(k, 1 / k, size=lam.shape)
        return rng.poisson(lam * g)

    cats = np.broadcast_to(np.arange(categories)[None, :, None], lam.shape)
    return year().ravel(), year().ravel(), cats.ravel()


@pytest.mark.parametrize("k", [np.inf, 10, 5])
def test_unchanged_pairs_are_rarely_called_significant_even_when_overdispersed(k):
    rng = np.random.default_rng(11)
    now, before, cats = _pairs(rng, 20, k)
    families = np.repeat(np.arange(20), 12 * 45)
    labelled = []
    for f in range(20):  # one family per city: 45 buurten x 12 categories, dispersion per category
        m = families == f
        tests = stats.change_tests(now[m], before[m], groups=cats[m])
        labelled.append(np.isin(tests.significance, [stats.RISE, stats.FALL]).mean())
    assert np.mean(labelled) <= 0.06
    # the Poisson-only test, on the same counts, is far off under overdispersion: the test can fail
    plain = np.mean(stats.poisson_test(now, before) < 0.05)
    assert (plain > 0.15) if np.isfinite(k) else (plain <= 0.05)


def test_real_changes_in_the_family_do_not_hide_each_other():
    rng = np.random.default_rng(12)
    now, before, cats = _pairs(rng, 1, 10)
    tripled = np.arange(len(now)) % 10 == 0  # one cell in 10 triples
    now = np.where(tripled, rng.poisson(3 * np.maximum(now, 1)), now)
    estimated = stats.change_tests(now, before, groups=cats).p.to_numpy() < 0.05
    known = stats.change_tests(now, before, dispersion=1 / 21).p.to_numpy() < 0.05  # the true rho of k = 10
    # the robust estimate leaves most of the power that knowing the true variation would give, and under
    # k = 10 a rate varies about 32% a year by itself, so not every tripling stands out
    assert estimated[tripled].mean() >= 0.6 * known[tripled].mean() > 0.3
    assert estimated[~tripled].mean() < 0.05


def test_a_city_wide_rise_is_not_counted_as_variation():
    rng = np.random.default_rng(13)
    lam = rng.uniform(5, 50, size=900)
    before, now = rng.poisson(lam), rng.poisson(1.3 * lam)  # every buurt up 30%, Poisson around it
    rho = stats.overdispersion(now, before)
    assert rho[0] < 0.003
    assert np.allclose(stats.change_tests(now, before).p, stats.poisson_test(now, before, dispersion=rho), rtol=1e-9)


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
