"""Expected versus observed: which area and category had clearly more registrations this month
than its own seasonal pattern, trend and usual variation predict?

Method (per area of the level, category and month ``m``):

* the **history** is the 36 months ``m-39`` to ``m-4``: three whole years, so every month of the
  year is in it three times; the three months just before ``m`` are left out, so that a rise
  building up over the last months is not taken into its own expectation (Farrington's
  ``pastWeeksNotIncluded``). A **break** in registration (config ``[[signal_breaks]]``: a category,
  or ``*`` for all, and the first month of the new practice) cuts the history: months before it are
  left out, and a category with fewer than three months after it is not tested;
* per category, over all areas at once, a Poisson model of the city's monthly totals with a
  **season** (month of the year) and a **trend** per year is fitted; each is kept only when it is
  significant (F- and t-test at 5%, widened by the totals' own scatter), as Farrington's method
  does. Every month of the history then counts as ``w`` months of ``m`` (``w = trend ^ -(months
  back / 12) x season(month) / season(m)``; 1 without either), and ``relative`` is their sum;
* the category's **own variation**: how much more the areas' months scatter around that model
  (area x season x trend) than Poisson counts would, estimated by moments as a negative binomial
  ``size`` ``k`` (variance ``mu + mu^2 / k``; ``k`` infinite for Poisson counts). Months with an
  upper-tail probability below 1 in 1,000 under the model are past sprees: they are left out of
  that estimate, as Farrington's method reweights outliers (they stay in the area's baseline:
  leaving out only the highest months would bias every expectation down);
* the **expectation** of an area is its baseline (the sum of its 36 months) divided by
  ``relative``: with neither trend nor season, the mean of its 36 months;
* the **test**: if ``m`` follows the model, then given the total ``n`` of the month and its
  baseline, the month's count is beta-binomial (shapes ``k`` and ``k x relative``; binomial
  ``1 / (1 + relative)`` for Poisson counts). The one-sided p-value is the chance of at least the
  observed count. For Poisson counts this is exact and takes the uncertainty of the baseline itself
  into account; with overdispersion it allows for the category's own variation;
* **control**: over all areas x categories of the month at once, q-values (Benjamini-Hochberg); a
  cell is a signal when q < 0.05 and it holds at least 5 registrations (Farrington's "limit54":
  fewer is never a signal, however unexpected; it is also MIK's small-count threshold). Its
  **control limit** is the smallest count that would have
  been a signal with that baseline, so "geteld 14, grens 11" reads as a control chart does.

Monthly police figures are needed for the month and the 39 months before it; otherwise there are
no signals and :func:`month_signals` says why. Roles that see a level only with small counts
suppressed (or whole years only) get the level above it, down to the gemeente (see
:func:`mik.privacy.access.signal_level`). ``tests/test_signals.py`` checks the false alarms on
Poisson, overdispersed and trending counts; ``python -m mik bench-signals`` measures recall and
false alarms on planted signals in each of those worlds (README, "Signals").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd
from scipy import stats as sps

from mik.data import queries
from mik.figures import stats
from mik.plan.codes import in_gemeente
from mik.plan.periods import add_months
from mik.privacy.access import Access, ensure, keep, unscoped

YEARS_BACK = 3
LEFT_OUT = 3  # the months just before the tested one, left out of its history
HISTORY_BACK = tuple(range(LEFT_OUT + 1, LEFT_OUT + 1 + 12 * YEARS_BACK))  # months back: 4, ..., 39
# the earlier test (method "poisson", kept for the benchmark): the same month and either side of it
WINDOW_OFFSETS = tuple(-12 * y + d for y in range(1, YEARS_BACK + 1) for d in (-1, 0, 1))
ALPHA = 0.05
TREND_ALPHA = 0.05  # a trend (or season) is kept when its test gives p below this
MIN_BASELINE = 3  # months of history left after a break, at the least, for a category to be tested
# A month with fewer registrations than this is never a signal, however unexpected (Farrington's
# "limit54": at least 5 cases). In 900 cells a month, 4 registrations where 0.2 are expected happen
# by chance; and 5 is MIK's small-count threshold, so a signal never names a smaller count.
MIN_COUNT = 5

COLUMNS = [
    "month",
    "area_code",
    "name",
    "category_code",
    "category",
    "observed",
    "expected",
    "limit",
    "p",
    "q",
    "signal",
    "baseline",
    "relative",
]
FIT_COLUMNS = ["category_code", "months", "trend", "trend_p", "season_p", "size", "variation", "relative"]

#: Why a month has no signals (English, for the command line; the app has its own texts).
REASONS = {
    "no_monthly": "no monthly police figures are loaded (yearly figures have no month to compare)",
    "short_history": "the month needs monthly figures for itself and the 39 months before it",
}


def baseline_months(month: dt.date) -> list[dt.date]:
    """The months the expectation for ``month`` is made of (newest first).

    >>> months = baseline_months(dt.date(2016, 9, 1))
    >>> len(months), f"{months[0]:%Y-%m}", f"{months[-1]:%Y-%m}"
    (36, '2016-05', '2013-06')
    """
    return [add_months(month, -k) for k in HISTORY_BACK]


@dataclass(frozen=True)
class Fit:
    """One category's model: ``trend`` the factor per year kept (1.0: none) and ``trend_p`` its
    test, ``season_p`` the test of the season (kept below 0.05), ``size`` the negative binomial
    ``k`` of the areas' own variation (inf: Poisson), ``relative`` the history's weight in months of
    the tested month, ``weights`` that weight per month of the history, ``kept`` (areas x months)
    the months that are no past spree (for the variation)."""

    months: int
    trend: float
    trend_p: float
    season_p: float
    size: float
    relative: float
    weights: np.ndarray = field(repr=False, default_factory=lambda: np.zeros(0))
    kept: np.ndarray | None = field(repr=False, default=None)
    uncertainty: float = 0.0  # variance of log(relative) from the kept trend and season

    @property
    def test_size(self) -> float:
        """The ``k`` the test uses: the areas' own variation and the model's uncertainty together
        (``1 / k + uncertainty``; inf when both are nil)."""
        inverse = (0.0 if not np.isfinite(self.size) else 1 / self.size) + self.uncertainty
        return 1 / inverse if inverse > 0 else np.inf

    @property
    def variation(self) -> float:
        """The variation beyond chance as a share of the expected count (``1 / sqrt(k)``)."""
        return 0.0 if not np.isfinite(self.size) else float(1 / np.sqrt(self.size))

    def baseline(self, history: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Per area: the sum of its months and their weight in months of the tested month. Past
        sprees stay in (leaving the highest months out would bias every expectation down, most in
        quiet cells, and turn chance into signals); they are left out of the variation only."""
        return history.sum(axis=1), np.full(len(history), self.weights.sum())


def poisson_fit(months: int) -> Fit:
    """The earlier test's model: no trend, no season, Poisson counts, every month one month."""
    return Fit(months, 1.0, np.nan, np.nan, np.inf, float(months), np.ones(months))


def _poisson_glm(y: np.ndarray, x: np.ndarray, iterations: int = 50) -> tuple[np.ndarray, np.ndarray, float]:
    """Poisson regression with log link: coefficients, their covariance (widened by the
    quasi-Poisson scatter, at least 1) and that scatter."""
    beta = np.zeros(x.shape[1])
    beta[0] = np.log(max(y.mean(), 1e-9))
    for _ in range(iterations):
        mu = np.exp(x @ beta)
        info = x.T @ (x * mu[:, None])
        step = np.linalg.lstsq(info, x.T @ (y - mu), rcond=None)[0]
        beta = beta + step
        if np.max(np.abs(step)) < 1e-10:
            break
    mu = np.exp(x @ beta)
    df = len(y) - x.shape[1]
    scatter = max(1.0, float(((y - mu) ** 2 / mu).sum() / df)) if df > 0 else 1.0
    cov = np.linalg.pinv(x.T @ (x * mu[:, None])) * scatter
    return beta, cov, scatter


def fit_baseline(history: np.ndarray, months_back: np.ndarray) -> Fit:
    """The model of one category (see the module docstring).

    ``history`` areas x months of counts; ``months_back`` each month's distance in months before the
    tested month (4, 5, ...).

    >>> rng = np.random.default_rng(1)
    >>> back = np.arange(4, 40)
    >>> fit = fit_baseline(rng.poisson(5 * 1.25 ** (-back / 12), (40, 36)), back)  # +25% a year
    >>> abs(fit.trend - 1.25) < 0.05, fit.trend_p < 0.001, fit.size > 50  # Poisson: k large or inf
    (True, True, True)
    """
    history = np.asarray(history, dtype=float)
    back = np.asarray(months_back, dtype=int)
    x_year = -back / 12.0
    season = back % 12  # 0: the tested month's own month of the year
    totals = history.sum(axis=0)
    n = len(totals)
    if totals.sum() <= 0:
        return poisson_fit(n)
    level = np.ones((n, 1))
    trend = x_year[:, None] if x_year.max() - x_year.min() >= 1.0 else np.zeros((n, 0))  # a year to see it in
    months = np.column_stack([(season == v).astype(float) for v in np.unique(season) if v != 0] or [np.zeros(n)])
    can_season = 0 in season and months.shape[1] == 11 and n > 1 + trend.shape[1] + 11
    full = np.hstack([level, trend, months if can_season else np.zeros((n, 0))])
    beta, cov, scatter = _poisson_glm(totals, full)
    season_p = np.nan
    if can_season:
        plain = np.hstack([level, trend])
        season_p = _f_test(totals, plain, full, beta, scatter)
    seasonal = can_season and season_p < TREND_ALPHA
    design = np.hstack([level, trend, months]) if seasonal else np.hstack([level, trend])
    beta_d, cov_d, _ = _poisson_glm(totals, design) if design.shape[1] != full.shape[1] else (beta, cov, scatter)
    slope, trend_p = 0.0, np.nan
    if trend.shape[1] and cov_d[1, 1] > 0:
        trend_p = float(2 * sps.t.sf(abs(beta_d[1]) / np.sqrt(cov_d[1, 1]), n - design.shape[1]))
        slope = float(beta_d[1]) if trend_p < TREND_ALPHA else 0.0
    # the model kept: level, and trend and season where significant; the tested month is x = 0 in
    # season 0, so every month's weight is exp(its terms) and the intercept cancels
    final = np.hstack([level, trend if slope else np.zeros((n, 0)), months if seasonal else np.zeros((n, 0))])
    beta_f, cov_f = (beta_d, cov_d) if final.shape[1] == design.shape[1] else _poisson_glm(totals, final)[:2]
    terms = final[:, 1:]
    weights = np.exp(terms @ beta_f[1:])
    relative = float(weights.sum())
    # how uncertain the kept trend and season make the expectation (shared by every area of the
    # category): the variance of log(relative), by the delta method, as Farrington's predSeFit
    gradient = (weights[:, None] * terms).sum(axis=0) / relative
    uncertainty = float(gradient @ cov_f[1:, 1:] @ gradient) if terms.shape[1] else 0.0
    size, kept = _size(history, np.exp(full @ beta), full.shape[1] - 1)
    return Fit(
        n,
        float(np.exp(slope)) if slope else 1.0,
        trend_p,
        float(season_p),
        size,
        relative,
        weights,
        kept,
        uncertainty,
    )


def _f_test(y, small, large, beta_large, scatter) -> float:
    """Quasi-Poisson F-test of the columns ``large`` adds to ``small``."""
    beta_small, _, _ = _poisson_glm(y, small)

    def deviance(x, b):
        mu = np.exp(x @ b)
        with np.errstate(divide="ignore", invalid="ignore"):
            return float(2 * np.sum(np.where(y > 0, y * np.log(y / mu), 0.0) - (y - mu)))

    extra = large.shape[1] - small.shape[1]
    df = len(y) - large.shape[1]
    if df <= 0 or extra <= 0:
        return np.nan
    f = (deviance(small, beta_small) - deviance(large, beta_large)) / extra / scatter
    return float(sps.f.sf(max(f, 0.0), extra, df))


OUTLIER_P = 0.001  # a past month this unlikely under the model is a spree of its own, not variation


def _size(history: np.ndarray, shape: np.ndarray, parameters: int, rounds: int = 3) -> tuple[float, np.ndarray]:
    """The negative binomial ``k`` of the areas' months around the model ``shape`` (area x month),
    by moments, robustly: past sprees (months with an upper-tail probability below
    :data:`OUTLIER_P` under the estimate so far) are left out and the estimate made again, as
    Farrington's method reweights outliers. inf when the counts scatter no more than Poisson; with
    it, the months kept (areas x months)."""
    keep = np.ones(history.shape, dtype=bool)
    size = np.inf
    for _ in range(rounds):
        weight = (shape[None, :] * keep).sum(axis=1)
        total = (history * keep).sum(axis=1)
        used = total > 0
        mu = (total[used] / weight[used])[:, None] * shape[None, :]
        k = keep[used]
        df = int(k.sum()) - int(used.sum()) - parameters
        if df <= 0:
            return np.inf, keep
        excess = ((history[used] - mu) ** 2 * k).sum() * k.sum() / df - (mu * k).sum()
        inverse = excess / (mu**2 * k).sum()
        size = 1 / inverse if inverse > 0 else np.inf
        tail = _nb_tail(history[used], mu, size)
        outliers = np.zeros(history.shape, dtype=bool)
        outliers[used] = tail < OUTLIER_P
        if not (outliers & keep).any():
            break
        keep &= ~outliers
    return float(size), keep


def _nb_tail(y: np.ndarray, mu: np.ndarray, size: float) -> np.ndarray:
    """P(X >= y) for X negative binomial with mean ``mu`` and ``size`` (Poisson for inf)."""
    if not np.isfinite(size):
        return sps.poisson.sf(y - 1, mu)
    return sps.nbinom.sf(y - 1, size, size / (size + mu))


def score(
    observed,
    baseline,
    n_baseline: int = len(WINDOW_OFFSETS),
    alpha: float = ALPHA,
    limits: bool = True,
    *,
    relative=None,
    size=None,
    min_count: int = MIN_COUNT,
) -> pd.DataFrame:
    """The test of each cell: expected, p (one-sided), q (Benjamini-Hochberg over all cells given),
    limit (smallest count that would be a signal) and signal (q < alpha and at least
    ``min_count`` registrations).

    ``observed`` the month's counts; ``baseline`` the sums over the baseline months. ``relative``
    the baseline's weight in months of the tested month per cell (default ``n_baseline``: no
    trend); ``size`` the negative binomial ``k`` of the cell's category (default inf: Poisson).
    """
    obs = np.asarray(observed, dtype=float)
    base = np.asarray(baseline, dtype=float)
    rel = np.broadcast_to(np.asarray(float(n_baseline) if relative is None else relative, dtype=float), obs.shape)
    k = np.broadcast_to(np.asarray(np.inf if size is None else size, dtype=float), obs.shape)
    n = obs + base
    p = np.where(n > 0, _upper_tail(obs, n, rel, k), np.nan)
    q = stats.bh_qvalues(p)
    # BH's rejection threshold: alpha x (cells below it, at least 1) / cells tested
    m = int(np.isfinite(p).sum())
    cutoff = alpha * max(int((np.isfinite(q) & (q < alpha)).sum()), 1) / max(m, 1)
    signal = np.isfinite(q) & (q < alpha) & (obs >= min_count)
    return pd.DataFrame(
        {
            "observed": obs,
            "expected": base / rel,
            "p": p,
            "q": q,
            "limit": np.maximum(_limits(base, rel, k, cutoff), min_count) if limits else np.nan,
            "signal": signal,
        }
    )


def _upper_tail(obs, n, relative, size) -> np.ndarray:
    """P(X >= obs) for X the month's share of ``n``: binomial, or beta-binomial for finite ``size``."""
    out = np.full(np.shape(obs), np.nan)
    plain = ~np.isfinite(size)
    out[plain] = sps.binom.sf(obs[plain] - 1, n[plain], 1 / (1 + relative[plain]))
    wide = ~plain
    if wide.any():
        out[wide] = sps.betabinom.sf(obs[wide] - 1, n[wide], size[wide], size[wide] * relative[wide])
    return np.clip(out, 0.0, 1.0)


def _limits(base: np.ndarray, relative: np.ndarray, size: np.ndarray, cutoff: float) -> np.ndarray:
    """Per cell, the smallest count c with P(X >= c | n = c + base) <= cutoff (bisection; NaN
    beyond any count a month could plausibly hold)."""
    low = np.ceil(base / relative)  # the limit lies above the expectation
    high = np.maximum(2 * low, 10.0)

    def beyond(c):
        return _upper_tail(c, c + base, relative, size) <= cutoff

    for _ in range(20):  # widen until every cell's limit lies below ``high``
        short = ~beyond(high)
        if not short.any():
            break
        high = np.where(short, high * 2, high)
    found = beyond(high)
    while (high - low > 0).any():
        mid = np.floor((low + high) / 2)
        hit = beyond(mid)
        high = np.where(hit, mid, high)
        low = np.where(hit, low, mid + 1)
    return np.where(found, high, np.nan)


@dataclass(frozen=True)
class Signals:
    month: dt.date
    level: str
    table: pd.DataFrame  # every cell tested (columns: see month_signals)
    reason: str | None = None  # why nothing could be tested (no monthly figures, too short a history)
    fits: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=FIT_COLUMNS))  # per category

    @property
    def found(self) -> pd.DataFrame:
        """The signals, strongest evidence first."""
        df = self.table[self.table.signal.astype(bool)]
        return df.sort_values(["q", "p"], kind="stable").reset_index(drop=True)

    @property
    def variation(self) -> float | None:
        """The median category's variation beyond chance (share of the expected count), for the
        sentence that explains the test; None without categories."""
        fits = self.fits
        return float(fits.variation.median()) if len(fits) else None

    @property
    def trends(self) -> int:
        """How many categories have a significant trend in their expectation."""
        return int((self.fits.trend != 1.0).sum()) if len(self.fits) else 0


def month_signals(
    con,
    month: dt.date,
    level: str = "buurt",
    categories: list[str] | None = None,
    *,
    access: Access,
    gemeente: str | None = None,
    lang: str = "nl",
    breaks: Mapping[str, dt.date] | None = None,
    method: str = "model",
) -> Signals:
    """Every area of ``level`` x category tested for ``month`` (see the module docstring).

    ``categories`` defaults to every category with monthly registrations (not the main
    categories, which sum others). ``breaks``: category code (or ``*``) -> the first month of a
    new registration practice (:attr:`mik.plan.config.Config.signal_breaks`). Table columns:
    area_code, name, category_code, category, observed, expected, limit, p, q, signal, baseline
    (the sum of the area's months) and relative (their weight in months of ``month``:
    ``expected = baseline / relative``); ``fits`` one row per category tested: months, trend (factor
    per year kept, 1.0 none), trend_p, season_p, size (k), variation and relative (of all months).
    Monthly counts per category at ``level``: a role gets signals at
    :func:`mik.privacy.access.signal_level` only. ``method="poisson"`` is the earlier test (the same
    month and either side of it in the three years before, no trend or season, Poisson variation,
    no breaks), kept as the benchmark's baseline.
    """
    ensure(access, level=level, period_kind="month", categories="category")
    if access.areas and level != "gemeente":  # its own areas' rows of the city's test (fits, q-values)
        every = month_signals(
            con,
            month,
            level,
            categories,
            access=unscoped(access),
            gemeente=gemeente,
            lang=lang,
            breaks=breaks,
            method=method,
        )
        return replace(every, table=keep(access, every.table))
    if method not in ("model", "poisson"):
        raise ValueError(f"method {method!r}: 'model' or 'poisson'")
    month = dt.date(month.year, month.month, 1)
    first, last = queries.monthly_span(con)
    if first is None:
        return Signals(month, level, pd.DataFrame(columns=COLUMNS), "no_monthly")
    history = [add_months(month, -k) for k in range(1, max(HISTORY_BACK) + 1)]  # all loaded: a gap is no zero
    present = queries.monthly_months_loaded(con, history)
    if history[-1] < first or month > last or len(present) < len(history):
        return Signals(month, level, pd.DataFrame(columns=COLUMNS), "short_history")
    months = baseline_months(month) if method == "model" else [add_months(month, k) for k in WINDOW_OFFSETS]
    cats = queries.category_list(con)
    if categories is None:
        registered = set(queries.registered_categories(con).code)
        categories = [c for c, main in zip(cats.code, cats.is_main, strict=True) if c in registered and not main]
    counts = queries.monthly_counts_by_area(con, categories, [month, *months], level, gemeente)
    areas = queries.area_list(con, level)[["code", "name"]].rename(columns={"code": "area_code"})
    if gemeente and level != "gemeente":
        areas = areas[in_gemeente(areas.area_code, gemeente)]
    elif gemeente:
        areas = areas[areas.area_code == gemeente]
    counts["month"] = pd.to_datetime(counts.month).dt.date
    cube = (
        counts.groupby(["area_code", "category_code", "month"])["count"]
        .sum()
        .reindex(pd.MultiIndex.from_product([areas.area_code, list(categories), [month, *months]]), fill_value=0)
        .to_numpy(dtype=float)
        .reshape(len(areas), len(categories), 1 + len(months))
    )
    back = np.array([(month.year - m.year) * 12 + month.month - m.month for m in months])
    frames, fits = [], []
    for j, code in enumerate(categories):
        start = _break(breaks, code) if method == "model" else None
        use = np.array([start is None or m >= start for m in months])
        if use.sum() < MIN_BASELINE:
            continue
        past = cube[:, j, 1:][:, use]
        fit = fit_baseline(past, back[use]) if method == "model" else poisson_fit(int(use.sum()))
        baseline, relative = fit.baseline(past)
        fits.append({"category_code": code, **_fit_row(fit)})
        frames.append(
            areas.assign(
                category_code=code, observed=cube[:, j, 0], baseline=baseline, relative=relative, size=fit.test_size
            )
        )
    grid = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=[*areas.columns, "observed"])
    grid = grid[(grid.observed + grid.baseline) > 0].reset_index(drop=True) if len(grid) else grid
    if grid.empty:
        return Signals(month, level, pd.DataFrame(columns=COLUMNS), fits=pd.DataFrame(fits, columns=FIT_COLUMNS))
    scored = score(
        grid.observed,
        grid.baseline,
        relative=grid.relative.to_numpy(),
        size=grid["size"].to_numpy(),
        min_count=MIN_COUNT if method == "model" else 0,
    )
    out = pd.concat([grid.drop(columns=["observed", "size"]), scored], axis=1)
    names = cats.set_index("code")["name_en" if lang == "en" else "name_nl"]
    out["category"] = out.category_code.map(names).fillna(out.category_code)
    out["month"] = month
    return Signals(month, level, out[COLUMNS], fits=pd.DataFrame(fits, columns=FIT_COLUMNS))


def _break(breaks: Mapping[str, dt.date] | None, code: str) -> dt.date | None:
    if not breaks:
        return None
    found = [d for key, d in breaks.items() if key in (code, "*")]
    return max(found) if found else None


def _fit_row(fit: Fit) -> dict:
    return {
        "months": fit.months,
        "trend": fit.trend,
        "trend_p": fit.trend_p,
        "size": fit.size,
        "season_p": fit.season_p,
        "variation": fit.variation,
        "relative": fit.relative,
    }
