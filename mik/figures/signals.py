"""Expected versus observed: which area and category had clearly more registrations this month
than its own seasonal pattern predicts?

Method (per area of the level, category and month ``m``):

* the **baseline** is the same month and the months either side of it in each of the three years
  before (9 months: ``m-13, m-12, m-11, m-25, ..., m-35``), so the season is in it and a single odd
  month weighs little;
* the **expectation** is the baseline's mean per month;
* the **test**: if ``m`` follows the same rate as its baseline, then given the total ``n`` of the
  month and its baseline, the month's count is ``Binomial(n, 1/10)``. The one-sided p-value is the
  chance of at least the observed count. This is exact for Poisson counts and takes the
  uncertainty of the baseline itself into account, which a plain Poisson limit around the mean
  does not (a baseline of 9 months with 2 registrations says little);
* **control**: over all areas x categories of the month at once, q-values (Benjamini-Hochberg); a
  cell is a signal when q < 0.05. Its **control limit** is the smallest count that would have
  been a signal with that baseline, so "geteld 14, grens 11" reads as a control chart does.

Monthly police figures are needed for the month and the 36 months before it; otherwise there are
no signals and :func:`month_signals` says why. Roles that see a level only with small counts
suppressed (or whole years only) get the level above it, down to the gemeente (see
:func:`mik.privacy.access.signal_level`). ``tests/test_signals.py`` checks the false-alarm rate and ``python -m mik
bench-signals`` measures recall and false alarms on planted signals.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats as sps

from mik.data import queries
from mik.figures import stats
from mik.plan.codes import in_gemeente
from mik.plan.periods import add_months
from mik.privacy.access import Access, ensure

YEARS_BACK = 3
SPREAD = 1  # months either side of the same month in earlier years
BASELINE_OFFSETS = tuple(-12 * y + d for y in range(1, YEARS_BACK + 1) for d in range(-SPREAD, SPREAD + 1))
ALPHA = 0.05

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
]

#: Why a month has no signals (English, for the command line; the app has its own texts).
REASONS = {
    "no_monthly": "no monthly police figures are loaded (yearly figures have no month to compare)",
    "short_history": "the month needs monthly figures for itself and the 36 months before it",
}


def baseline_months(month: dt.date) -> list[dt.date]:
    """The months the expectation for ``month`` is made of.

    >>> [f"{m:%Y-%m}" for m in baseline_months(dt.date(2016, 9, 1))][:3]
    ['2015-08', '2015-09', '2015-10']
    """
    return [add_months(month, k) for k in BASELINE_OFFSETS]


def score(
    observed, baseline, n_baseline: int = len(BASELINE_OFFSETS), alpha: float = ALPHA, limits: bool = True
) -> pd.DataFrame:
    """The test of each cell: expected, p (one-sided, exact conditional), q (Benjamini-Hochberg over
    all cells given), limit (smallest count that would be a signal) and signal (q < alpha).

    ``observed`` the month's counts; ``baseline`` the sums over the ``n_baseline`` baseline months.
    """
    obs = np.asarray(observed, dtype=float)
    base = np.asarray(baseline, dtype=float)
    n = obs + base
    share = 1.0 / (1 + n_baseline)
    p = np.where(n > 0, sps.binom.sf(obs - 1, n, share), np.nan)
    q = stats.bh_qvalues(p)
    signal = np.isfinite(q) & (q < alpha)
    # BH's rejection threshold: alpha x (signals, at least 1) / cells tested
    m = int(np.isfinite(p).sum())
    cutoff = alpha * max(int(signal.sum()), 1) / max(m, 1)
    return pd.DataFrame(
        {
            "observed": obs,
            "expected": base / n_baseline,
            "p": p,
            "q": q,
            "limit": _limits(base, share, cutoff) if limits else np.nan,
            "signal": signal,
        }
    )


def _limits(base: np.ndarray, share: float, cutoff: float) -> np.ndarray:
    """Per cell, the smallest count k with P(X >= k | n = k + base) <= cutoff."""
    limit = np.full(base.shape, np.nan)
    k = np.ceil(base * share / (1 - share))  # the limit lies above the expectation
    todo = np.ones(base.shape, dtype=bool)
    for _ in range(int(6 * np.sqrt(k.max(initial=0)) + 60)):  # far beyond any limit
        if not todo.any():
            break
        hit = todo & (sps.binom.sf(k - 1, k + base, share) <= cutoff)
        limit[hit] = k[hit]
        todo &= ~hit
        k += 1
    return limit


@dataclass(frozen=True)
class Signals:
    month: dt.date
    level: str
    table: pd.DataFrame  # every cell tested (columns: see month_signals)
    reason: str | None = None  # why nothing could be tested (no monthly figures, too short a history)

    @property
    def found(self) -> pd.DataFrame:
        """The signals, strongest evidence first."""
        df = self.table[self.table.signal.astype(bool)]
        return df.sort_values(["q", "p"], kind="stable").reset_index(drop=True)


def month_signals(
    con,
    month: dt.date,
    level: str = "buurt",
    categories: list[str] | None = None,
    *,
    access: Access,
    gemeente: str | None = None,
    lang: str = "nl",
) -> Signals:
    """Every area of ``level`` x category tested for ``month`` (see the module docstring).

    ``categories`` defaults to every category with monthly registrations (not the main
    categories, which sum others). Table columns: area_code, name, category_code, category,
    observed, expected, limit, p, q, signal. Monthly counts per category at ``level``: a role
    gets signals at :func:`mik.privacy.access.signal_level` only.
    """
    ensure(access, level=level, period_kind="month", categories="category")
    month = dt.date(month.year, month.month, 1)
    first, last = queries.monthly_span(con)
    if first is None:
        return Signals(month, level, pd.DataFrame(columns=COLUMNS), "no_monthly")
    months = baseline_months(month)
    present = queries.monthly_months_loaded(con, months)
    if min(months) < first or month > last or len(present) < len(months):  # a gap would read as zero
        return Signals(month, level, pd.DataFrame(columns=COLUMNS), "short_history")
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
    grid = areas.merge(pd.DataFrame({"category_code": list(categories)}), how="cross")
    counts["month"] = pd.to_datetime(counts.month).dt.date
    now = counts[counts.month == month].groupby(["area_code", "category_code"])["count"].sum()
    base = counts[counts.month != month].groupby(["area_code", "category_code"])["count"].sum()
    keys = pd.MultiIndex.from_frame(grid[["area_code", "category_code"]])
    grid["observed"] = now.reindex(keys).fillna(0).to_numpy()
    grid["baseline"] = base.reindex(keys).fillna(0).to_numpy()
    grid = grid[(grid.observed + grid.baseline) > 0].reset_index(drop=True)
    scored = score(grid.observed, grid.baseline)
    out = pd.concat([grid.drop(columns=["observed", "baseline"]), scored], axis=1)
    names = cats.set_index("code")["name_en" if lang == "en" else "name_nl"]
    out["category"] = out.category_code.map(names).fillna(out.category_code)
    out["month"] = month
    return Signals(month, level, out[COLUMNS])
