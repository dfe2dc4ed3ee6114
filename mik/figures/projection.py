"""Year-end projection of a running year: the count so far divided by the share those months had
in the (up to three) previous complete years (seasonality), linear without such history."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from mik.data import queries
from mik.figures import indicators as ind_mod
from mik.plan.config import Indicator
from mik.plan.periods import Period, add_months


def seasonal_share(part: float, total: float, upto_month: int) -> tuple[float, bool]:
    """Share of a year's registrations that falls in January..``upto_month``.

    ``part`` and ``total`` are the counts of those months and of the whole years in the history
    used. Without history (``total`` 0) the share is linear, ``upto_month / 12``. Returns the share
    and whether it is seasonal.

    >>> seasonal_share(75, 100, 9)
    (0.75, True)
    >>> seasonal_share(0, 0, 6)
    (0.5, False)
    """
    if total > 0 and part > 0:
        return part / total, True
    return upto_month / 12, False


def project_year_all(
    con,
    ind: Indicator,
    level: str,
    year: int,
    stand: dt.date,
    *,
    first: dt.date | None = None,
    areas: pd.DataFrame | None = None,
    population: pd.DataFrame | None = None,
    gemeente: str | None = None,
) -> pd.DataFrame:
    """Seasonally adjusted year-end projection of a police rate for every area of ``level``.

    Counts from January up to the last complete month of ``year``, divided by the share those
    months had in the (up to three) previous complete years of the same area, pooled; linear
    without such history. Returns area_code, ytd, share, seasonal, projected (rate per 1,000),
    through (the last month used). Empty when ``year`` has no complete month yet. ``first`` (first
    month of data), ``areas`` and ``population`` (of ``year``) may be passed in when known.
    """
    columns = ["area_code", "ytd", "share", "seasonal", "projected", "through"]
    last = ind_mod.last_complete_month(stand)
    if first is None:
        first, _ = queries.data_period(con)
    if last.year != year or first is None:
        return pd.DataFrame(columns=columns)
    m = last.month
    history = [y for y in range(year - 3, year) if dt.date(y, 1, 1) >= first]
    monthly = queries.monthly_counts(
        con, ind.categories, level, start=dt.date(year - 3, 1, 1), end=add_months(last, 1), gemeente=gemeente
    )
    monthly["y"] = pd.to_datetime(monthly.month).dt.year
    monthly["early"] = pd.to_datetime(monthly.month).dt.month <= m
    areas = (queries.area_list(con, level) if areas is None else areas)[["code"]].rename(columns={"code": "area_code"})
    cur = monthly[monthly.y == year].groupby("area_code")["count"].sum().rename("ytd")
    hist = monthly[monthly.y.isin(history)]
    part = hist[hist.early].groupby("area_code")["count"].sum().rename("part")
    total = hist.groupby("area_code")["count"].sum().rename("total")
    df = areas.join(cur, on="area_code").join(part, on="area_code").join(total, on="area_code")
    df = df.fillna({"ytd": 0, "part": 0, "total": 0})
    shares = [seasonal_share(p, t, m) for p, t in zip(df.part, df.total, strict=True)]
    df["share"] = [s for s, _ in shares]
    df["seasonal"] = [k for _, k in shares]
    population = queries.population_by_area(con, level, year) if population is None else population
    pop = population.set_index("area_code").inhabitants
    df["projected"] = [
        ind_mod.rate_per_1000(y / s, pop.get(a)) for a, y, s in zip(df.area_code, df.ytd, df.share, strict=True)
    ]
    df["through"] = last
    return df[columns]


def _projection_note(seasonal: bool, year: int, through: dt.date) -> tuple[str, str]:
    basis = Period("ytd", dt.date(year, 1, 1), add_months(through, 1))
    method_nl = "seizoensgecorrigeerd" if seasonal else "lineair"
    method_en = "seasonally adjusted" if seasonal else "linear"
    return (
        f" ({method_nl}, op basis van {basis.label('nl')}; lopende maand niet meegeteld)",
        f" ({method_en}, from {basis.label('en')}; running month left out)",
    )
