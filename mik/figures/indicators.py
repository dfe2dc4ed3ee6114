"""Indicator values for any area and period: counts, rates per 1,000, composites, surveys.

Population rule (used everywhere): a rate per 1,000 divides the registrations of the period by the
inhabitants on **1 January of the year of the period's last month**. When that year's figure is
missing, the nearest year available is used and the value is flagged (``population_nearest``).
An area with no or zero population has no rate (None), never a division by zero.

Completeness: registrations are loaded up to a "stand per" date. A period whose last month ends
after that date is *incomplete*: it is flagged, and trends and judgements never treat it as full.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace

import pandas as pd

from mik.data import queries
from mik.plan.codes import in_gemeente
from mik.plan.config import Config, Indicator
from mik.plan.periods import Period, add_months
from mik.privacy import suppression
from mik.privacy.access import Access, ensure, keep, sees_months, unscoped
from mik.privacy.suppression import suppress


@dataclass(frozen=True)
class IndicatorValue:
    """One indicator for one area and period, with everything needed to trace it."""

    indicator_id: str
    area_code: str
    period: str
    value: float | None
    count: int | None = None
    population: int | None = None
    population_year: int | None = None
    population_nearest: bool = False
    lower: float | None = None
    upper: float | None = None
    n: int | None = None
    source: str = ""
    complete: bool = True
    suppressed: bool = False

    @property
    def has_value(self) -> bool:
        return self.value is not None

    @classmethod
    def from_survey(cls, indicator_id: str, area_code: str, period: str, r) -> IndicatorValue:
        """From a survey_results row (attribute access: value, lower, upper, n, source)."""
        return cls(
            indicator_id,
            area_code,
            period,
            float(r.value),
            lower=_opt(r.lower),
            upper=_opt(r.upper),
            n=None if pd.isna(r.n) else int(r.n),
            source=r.source,
        )

    @classmethod
    def from_police(cls, indicator_id: str, area_code: str, period: str, r: dict) -> IndicatorValue:
        """From a :func:`category_values` row as a dict."""
        return cls(
            indicator_id,
            area_code,
            period,
            _opt(r["value"]),
            count=None if pd.isna(r["count"]) else int(r["count"]),
            population=None if pd.isna(r["population"]) else int(r["population"]),
            population_year=None if pd.isna(r["population_year"]) else int(r["population_year"]),
            population_nearest=bool(r["population_nearest"]),
            source="politie",
            complete=bool(r["complete"]),
            suppressed=bool(r.get("suppressed", False)),
        )


def rate_per_1000(count: float | None, population: float | None) -> float | None:
    """``count / population * 1000``; None when either is missing or the population is 0.

    >>> rate_per_1000(47, 1000)
    47.0
    >>> rate_per_1000(5, 0) is None
    True
    """
    if count is None or population is None or pd.isna(population) or population <= 0:
        return None
    return float(count) / float(population) * 1000.0


def period_complete(period: Period, stand: dt.date | None) -> bool:
    """True when the data's 'stand per' date covers the whole period."""
    if stand is None:
        return False
    return stand >= period.end - dt.timedelta(days=1)


def last_complete_month(stand: dt.date) -> dt.date:
    """First day of the last month that the data covers entirely."""
    next_day = stand + dt.timedelta(days=1)
    if next_day.day == 1:
        return add_months(next_day, -1)
    return add_months(dt.date(stand.year, stand.month, 1), -1)


def category_values(
    con,
    categories: Sequence[str],
    level: str,
    period: Period,
    per_1000: bool = True,
    *,
    areas: pd.DataFrame | None = None,
    population: pd.DataFrame | None = None,
    stand: dt.date | None = None,
    access: Access,
    scope: str = "category",
    gemeente: str | None = None,
    first: dt.date | None = None,
    kinds: set[int] | None = None,
    has_rows: bool | None = None,
) -> pd.DataFrame:
    """Counts (and rates) per area of ``level`` for the sum of ``categories`` in ``period``.

    Returns one row per area of the level (zero where nothing was registered): area_code, name,
    count, population, population_year, population_nearest, value (rate per 1,000 when
    ``per_1000``, else the count), complete. ``areas`` (area_list), ``population``
    (population_by_area of the period's population year), ``stand`` and ``first`` (data_period),
    ``kinds`` (loaded_kinds of the period) and ``has_rows`` (has_registrations) may be passed in by
    a caller that already has them. ``access`` is checked for the level, the period and ``scope``
    (what the categories are: ``indicator``, ``total`` or ``category``, see
    :func:`mik.privacy.access.ensure`) and small counts are suppressed for it
    (:mod:`mik.privacy.suppression`); a ``suppressed`` column says which. ``gemeente`` keeps the
    wijken or buurten of that gemeente only. A role of some wijken gets the rows of its areas from
    the whole city's (suppression chosen there; ``areas`` and ``population`` read anew, as a part
    passed in would change the choice).
    """
    ensure(access, level=level, period_kind=period.kind, categories=scope)
    if access.areas and level != "gemeente":
        known = {"stand": stand, "first": first, "kinds": kinds, "has_rows": has_rows}
        df = category_values(
            con, categories, level, period, per_1000, access=unscoped(access), scope=scope, gemeente=gemeente, **known
        )
        return keep(access, df)
    areas = queries.area_list(con, level) if areas is None else areas
    parents = dict(zip(areas.code, areas.parent_code, strict=True)) if "parent_code" in areas else {}
    areas = areas[["code", "name"]].rename(columns={"code": "area_code"})
    if gemeente and level in ("wijk", "buurt"):  # one city's areas, also in a national database
        areas = areas[in_gemeente(areas.area_code, gemeente)]
    counts = queries.counts_by_area(
        con, categories, period.start, period.end, level, gemeente if level in ("wijk", "buurt") else None
    )
    pop = queries.population_by_area(con, level, period.population_year) if population is None else population
    df = areas.merge(counts[["area_code", "count"]], on="area_code", how="left")
    df = df.merge(pop.rename(columns={"inhabitants": "population"}), on="area_code", how="left")
    if first is None or stand is None:  # a caller asking for many categories passes these in
        first, data_stand = queries.data_period(con)
        stand = stand or data_stand
    kinds = queries.loaded_kinds(con, period.start, period.end) if kinds is None else kinds
    covered = (
        first is not None
        and stand is not None
        and period.start <= stand
        and period.end > first
        and bool(kinds)
        and (queries.has_registrations(con, categories) if has_rows is None else has_rows)
    )
    # Without any loaded registration of these categories for the period, a zero would be a lie.
    # A yearly CBS table lists every buurt, so a buurt missing from it was not published (an empty
    # cell): unknown, not zero. Monthly police exports list only what happened: missing is zero.
    if not covered:
        df["count"] = pd.array([None] * len(df), dtype="Int64")
    elif level == "buurt" and 1 not in kinds:
        df["count"] = df["count"].astype("Int64")
    else:
        df["count"] = df["count"].fillna(0).astype("int64")
    df["population_nearest"] = df.population_year.notna() & (df.population_year != period.population_year)
    if per_1000:
        df["value"] = [
            rate_per_1000(c, p) if pd.notna(c) else None for c, p in zip(df["count"], df.population, strict=True)
        ]
    else:
        df["value"] = df["count"].astype(float)
    df["complete"] = period_complete(period, stand)
    if access.suppresses(level):
        df["parent"] = df.area_code.map(parents)
        hide = None
        if level in ("wijk", "buurt") and access.may_see("buurt"):
            known = {"stand": stand, "first": first, "kinds": kinds, "has_rows": has_rows}
            own = df.set_index("area_code")["count"]
            hidden = _hidden_wijken_and_buurten(con, categories, period, access, scope, gemeente, known, {level: own})
            hidden = hidden[level]
            hide = df.area_code.map(hidden).fillna(False).astype(bool)
        df = suppress(df, access, level, group="parent", hide=hide).drop(columns="parent")
        if level == "aandachtsgebied":
            df = _suppress_attention_areas(con, df, categories, period, access, scope)
    else:
        df["suppressed"] = False
    return df


def _hidden_wijken_and_buurten(con, categories, period, access, scope, gemeente, known, counts) -> dict[str, pd.Series]:
    """For a role that sees buurten: the wijken and buurten hidden together
    (:func:`mik.privacy.suppression.nested`), as booleans by area code per level. ``counts`` holds
    the counts of the level asked for already; the other level's are read here, never shown."""
    full = replace(access, unsuppressed=True)
    for level in {"buurt", "wijk"} - set(counts):
        df = category_values(
            con,
            categories,
            level,
            period,
            False,
            access=full,
            scope=scope,
            gemeente=gemeente,
            population=_NO_POPULATION,
            **known,
        )
        counts[level] = df.set_index("area_code")["count"]
    parent = queries.area_list(con).set_index("code").parent_code
    counts = {level: pd.to_numeric(c, errors="coerce") for level, c in counts.items()}
    hb, hw = suppression.nested(
        counts["buurt"],
        counts["buurt"].index.to_series().map(parent),
        counts["wijk"],
        counts["wijk"].index.to_series().map(parent),
        access.threshold,
    )
    return {"buurt": hb, "wijk": hw}


#: no inhabitants: counts only (the choice of hidden cells does not depend on population)
_NO_POPULATION = pd.DataFrame(
    {
        "area_code": pd.Series(dtype=str),
        "inhabitants": pd.Series(dtype=float),
        "population_year": pd.Series(dtype="Int64"),
    }
)


def _suppress_attention_areas(con, df, categories, period, access, scope) -> pd.DataFrame:
    """An aandachtsgebied total is hidden when any of its buurten is hidden on the buurt map
    (primary or secondary): with the visible buurten, its total would give the hidden ones' sum,
    and with the wijk total a hidden buurt itself."""
    buurt = category_values(con, categories, "buurt", period, False, access=access, scope=scope)
    members = queries.attention_members(con)
    hidden = set(buurt.area_code[buurt.suppressed])
    risky = set(members[members.area_code.isin(hidden)].attention_code)
    hide = df.area_code.isin(risky)
    df.loc[hide, ["count", "value"]] = None
    df.loc[hide, "suppressed"] = True
    return df


def police_values(
    con, indicator: Indicator, level: str, period: Period, per_1000: bool | None = None, *, access: Access, **known
) -> pd.DataFrame:
    """:func:`category_values` for a police indicator (its categories summed: scope ``indicator``)."""
    if per_1000 is None:
        per_1000 = indicator.unit == "per_1000"
    return category_values(
        con, indicator.categories, level, period, per_1000, access=access, scope="indicator", **known
    )


def survey_values(con, indicator: Indicator, level: str, year: int, *, access: Access) -> pd.DataFrame:
    """Survey value with 95% bounds per area of ``level`` for ``year`` (areas without: NaN).

    Survey results are estimates with intervals, not counts of people: no suppression, but the
    level (and for a role of some wijken, the area) must be one the role may see.
    """
    ensure(access, level=level)
    areas = queries.area_list(con, level)[["code", "name"]].rename(columns={"code": "area_code"})
    vals = queries.survey_values(con, indicator.id, year=year)
    return keep(access, areas.merge(vals.drop(columns=["indicator_id", "year"]), on="area_code", how="left"))


def indicator_value(
    con, cfg: Config, indicator_id: str, area_code: str, level: str, period: Period, *, access: Access
) -> IndicatorValue:
    """The value of one indicator for one area and period (surveys: the period's year)."""
    ind = cfg.indicator(indicator_id)
    ensure(access, level=level, area=area_code)
    if not ind.has_data_definition:
        return IndicatorValue(ind.id, area_code, period.code, None)
    if ind.source == "survey":
        rows = queries.survey_values(con, ind.id, area_code, period.start.year)
        if rows.empty:
            return IndicatorValue(ind.id, area_code, period.code, None)
        return IndicatorValue.from_survey(ind.id, area_code, period.code, rows.iloc[0])
    if not sees_months(access, level) and period.kind != "year":
        return IndicatorValue(ind.id, area_code, period.code, None, suppressed=True)
    df = police_values(con, ind, level, period, access=access)
    row = df[df.area_code == area_code]
    if row.empty:
        return IndicatorValue(ind.id, area_code, period.code, None)
    return IndicatorValue.from_police(ind.id, area_code, period.code, row.iloc[0].to_dict())


def _opt(x) -> float | None:
    return None if x is None or pd.isna(x) else float(x)


def unreported(con, categories: Sequence[str], period: Period, level: str, area_code: str) -> int:
    """Buurten of an area without a published figure of ``categories`` in ``period``: cells a
    yearly CBS table leaves empty, which make the area's sum incomplete (0 for monthly exports,
    which list events, and for periods not loaded)."""
    if 1 in queries.loaded_kinds(con, period.start, period.end) or not queries.loaded_in(con, period.start, period.end):
        return 0
    return queries.unreported_buurten(con, categories, period.start, period.end, level, area_code)


def monthly_series(
    con,
    categories: Sequence[str],
    level: str,
    area_code: str,
    stand: dt.date | None = None,
    *,
    access: Access,
    scope: str = "category",
) -> pd.DataFrame:
    """Monthly counts for one area with every month present (zeros filled between the first and
    last month of monthly data loaded), a rolling 12-month sum, the same month last year and a
    ``complete`` flag for the month that is still running. Empty when no monthly data is loaded.

    Months below gemeente level are for roles with full access only: twelve months and their year
    could be subtracted from each other (see :mod:`mik.privacy.access`).
    """
    ensure(access, level=level, period_kind="month", categories=scope, area=area_code)
    raw = queries.monthly_counts(con, categories, level, area_code)
    _, data_stand = queries.data_period(con)
    stand = stand or data_stand
    first_month, last_month = queries.monthly_span(con)
    if stand is None or first_month is None or not queries.has_registrations(con, categories):
        # no monthly figures loaded (e.g. CBS yearly tables only): no month is zero, none is known
        return pd.DataFrame(columns=["month", "count", "rolling12", "last_year", "complete"])
    months = pd.date_range(first_month, min(dt.date(stand.year, stand.month, 1), last_month), freq="MS")
    s = raw.assign(month=pd.to_datetime(raw.month)).set_index("month")["count"]
    s = s.reindex(months, fill_value=0)
    df = pd.DataFrame({"month": months, "count": s.to_numpy()})
    df["rolling12"] = df["count"].rolling(12).sum()
    df["last_year"] = df["count"].shift(12)
    df["complete"] = [m.date() <= last_complete_month(stand) for m in months]
    df.loc[~df.complete, "rolling12"] = float("nan")
    return df
