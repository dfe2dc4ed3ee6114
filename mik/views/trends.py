"""Trends for the Thema page and the meeting room: monthly counts with the rolling 12-month rate
against the target, or yearly figures where only whole years are loaded."""

from __future__ import annotations

import pandas as pd

from mik.data import queries
from mik.figures import indicators
from mik.plan.config import Config
from mik.plan.periods import parse_period
from mik.privacy.access import Access, ensure


def theme_trend(
    con, cfg: Config, indicator_id: str, area_code: str, level: str = "gemeente", *, access: Access
) -> pd.DataFrame:
    """Monthly counts, rolling 12-month rate per 1,000 and the yearly target for a police indicator.

    Columns: month, count, last_year, rolling12, rolling_rate, target (threshold of that month's
    year, when numeric), complete.
    """
    ind = cfg.indicator(indicator_id)
    df = indicators.monthly_series(con, ind.categories, level, area_code, access=access, scope="indicator")
    if df.empty:
        return df
    known = queries.population_years(con, level, area_code)  # one query, not one per year
    pops = {}
    for y in sorted(df.month.dt.year.unique()):
        # the population rule: 1 January of the year, else the nearest year with a figure
        nearest = min(known, key=lambda k: (abs(k - int(y)), -k)) if known else None
        pops[int(y)] = known.get(int(y), known.get(nearest) if nearest is not None else None)
    df["rolling_rate"] = [
        indicators.rate_per_1000(r, pops.get(m.year)) if pd.notna(r) else None
        for m, r in zip(df.month, df.rolling12, strict=True)
    ]
    df["target"] = [(cfg.target(ind.id, m.year).threshold if cfg.target(ind.id, m.year) else None) for m in df.month]
    return df


def yearly_trend(
    con, cfg: Config, indicator_id: str, area_code: str, level: str = "gemeente", *, access: Access
) -> pd.DataFrame:
    """Per calendar year that is loaded whole: count, rate per 1,000, population year and the
    year's numeric target, for a police indicator (what the Thema page draws when only yearly
    figures exist). Columns: year, count, rate, population_year, population_nearest, target."""
    ind = cfg.indicator(indicator_id)
    ensure(access, level=level, area=area_code)
    first, stand = queries.data_period(con)
    rows = []
    if first is None or stand is None or not queries.has_registrations(con, ind.categories):
        return pd.DataFrame(columns=["year", "count", "rate", "population_year", "population_nearest", "target"])
    for y in range(first.year, stand.year + 1):
        p = parse_period(str(y))
        if not indicators.period_complete(p, stand) or not queries.loaded_in(con, p.start, p.end):
            continue
        df = indicators.police_values(con, ind, level, p, True, access=access)
        r = df[df.area_code == area_code]
        if r.empty or pd.isna(r["count"].iloc[0]):
            continue
        target = cfg.target(ind.id, y)
        rows.append(
            {
                "year": y,
                "count": int(r["count"].iloc[0]),
                # a rate for a rate indicator with inhabitants loaded; else the chart draws counts
                "rate": None if ind.unit != "per_1000" or pd.isna(r.value.iloc[0]) else float(r.value.iloc[0]),
                "population_year": None if pd.isna(r.population_year.iloc[0]) else int(r.population_year.iloc[0]),
                "population_nearest": bool(r.population_nearest.iloc[0]),
                "target": target.threshold if target else None,
            }
        )
    return pd.DataFrame(rows, columns=["year", "count", "rate", "population_year", "population_nearest", "target"])
