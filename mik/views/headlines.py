"""The Overzicht's headline: total registered crimes of an area in the newest period, with the
period before, its tested change and the command that reproduces it."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from mik.data import queries
from mik.figures import comparisons, indicators, stats
from mik.plan.periods import Period, parse_period
from mik.privacy.access import Access, ensure, sees_months, unscoped


@dataclass(frozen=True)
class Headline:
    """Total registered crimes (``0.0.0``) of one area in the newest period, with the period before.

    ``query`` is the ``python -m mik table`` command that reproduces the count and the rate.
    """

    area_code: str
    period: str
    count: int | None
    rate: float | None
    population: int | None
    population_year: int | None
    population_nearest: bool
    previous_period: str
    previous_count: int | None
    change_pct: float | None  # None when either period lacks buurten (no like-for-like change)
    suppressed: bool
    sources: tuple[str, ...]
    query: str
    unreported: int = 0  # buurten without a published figure in this period (yearly CBS tables)
    previous_unreported: int = 0  # the same, in the period before
    p: float | None = None  # test of the change (mik.figures.stats.poisson_test), allowing for ``dispersion``
    dispersion: float | None = None  # the beta-binomial rho estimated over the level's areas; None: Poisson
    significance: str = stats.UNTESTED  # label key: sig_rise, sig_fall, sig_chance, sig_untested


def headline_period(con, level: str, *, access: Access) -> Period | None:
    """The newest period to headline: the rolling 12 months to the last complete month when
    monthly figures are loaded (and the role may see months at this level), else the newest
    calendar year that is loaded whole."""
    first, stand = queries.data_period(con)
    if first is None or stand is None:
        return None
    monthly = queries.monthly_span(con)[0] is not None
    if monthly and sees_months(access, level):
        return parse_period(f"{indicators.last_complete_month(stand):%Y-%m}-R12")
    for y in range(stand.year, first.year - 1, -1):
        p = parse_period(str(y))
        if indicators.period_complete(p, stand) and queries.loaded_in(con, p.start, p.end):
            return p
    return None


def headline(con, area_code: str, level: str, *, access: Access, gemeente: str | None = None) -> Headline | None:
    """The headline strip of the Overzicht: see :class:`Headline`. None when no crime is loaded.
    The change's variation beyond chance is estimated over the level's areas as the role without
    wijken of its own sees them (:func:`mik.privacy.access.unscoped`)."""
    ensure(access, level=level, area=area_code)
    period = headline_period(con, level, access=access)
    cats = queries.category_leaves(con, "0.0.0")
    if period is None or not cats:
        return None
    before = period.shifted_years(-1)

    def values(p: Period) -> pd.DataFrame:
        return indicators.category_values(
            con, cats, level, p, True, access=unscoped(access), scope="total", gemeente=gemeente
        )

    def row(df: pd.DataFrame):
        df = df[df.area_code == area_code]
        return None if df.empty else df.iloc[0]

    areas_now, areas_before = values(period), values(before)
    now, prev = row(areas_now), row(areas_before)
    if now is None:
        return None

    gaps = tuple(indicators.unreported(con, cats, p, level, area_code) for p in (period, before))
    hidden = bool(now.get("suppressed", False))
    count = None if hidden or pd.isna(now["count"]) else int(now["count"])
    prev_count = (
        None if prev is None or bool(prev.get("suppressed", False)) or pd.isna(prev["count"]) else int(prev["count"])
    )
    change = None if any(gaps) else comparisons.change_pct(count, prev_count)
    rho = _dispersion(areas_now, areas_before, area_code)
    p = None if change is None else float(stats.poisson_test(count, prev_count, dispersion=rho or 0.0)[0])
    return Headline(
        p=p,
        dispersion=rho,
        significance=stats.UNTESTED if p is None else stats.label(p, count - prev_count)[0],
        area_code=area_code,
        period=period.code,
        count=count,
        rate=None if hidden or pd.isna(now["value"]) else float(now["value"]),
        population=None if pd.isna(now["population"]) else int(now["population"]),
        population_year=None if pd.isna(now["population_year"]) else int(now["population_year"]),
        population_nearest=bool(now["population_nearest"]),
        previous_period=before.code,
        previous_count=prev_count,
        change_pct=change,
        suppressed=hidden,
        sources=tuple(queries.registration_sources(con, cats, period.start, period.end)),
        query=(
            f"python -m mik table --level {level} --period {period.code} --category 0.0.0 --per-1000 --area {area_code}"
        ),
        unreported=gaps[0],
        previous_unreported=gaps[1],
    )


def _dispersion(now: pd.DataFrame, before: pd.DataFrame, area_code: str) -> float | None:
    """The year-to-year variation of the level's areas beyond chance (the beta-binomial ``rho`` of
    :func:`mik.figures.stats.overdispersion` over every area with both counts visible); None where
    the level has too few areas to estimate it (the gemeente alone), so its change is tested as
    Poisson counts."""
    pairs = now[["area_code", "count"]].merge(before[["area_code", "count"]], on="area_code", suffixes=("", "_before"))
    if "suppressed" in now.columns:
        shown = now.loc[~now.suppressed.fillna(False).astype(bool), "area_code"]
        pairs = pairs[pairs.area_code.isin(shown) | (pairs.area_code == area_code)]
    rho = stats.overdispersion(pairs["count"], pairs.count_before)
    value = rho[(pairs.area_code == area_code).to_numpy()]
    return float(value[0]) if len(value) and np.isfinite(value[0]) else None
