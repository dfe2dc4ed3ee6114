"""Scorecards: every indicator of the plan judged for one year, for the city or every area of a
level (the rules are in :mod:`mik.figures.targets`; running years use :mod:`mik.figures.projection`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, replace

import pandas as pd

from mik.data import queries
from mik.figures import indicators as ind_mod
from mik.figures import stats
from mik.figures.projection import _projection_note, project_year_all
from mik.figures.targets import Status, judge, resolve_threshold
from mik.plan.config import Config, Indicator, Target
from mik.plan.periods import Period, add_months, parse_period
from mik.plan.periods import year as year_period
from mik.privacy.access import Access, ensure, keep, sees_months


@dataclass(frozen=True)
class ScoreRow:
    indicator: Indicator
    value: ind_mod.IndicatorValue
    target: Target | None
    threshold: float | None
    status: Status
    latest_year: int | None = None  # survey: year of the latest value when the chosen year has none
    latest_value: float | None = None
    area_name: str = ""
    compared: YearComparison | None = None  # without a target: the same period a year before


@dataclass(frozen=True)
class YearComparison:
    """An indicator against the same period a year before and the mean of the three before: the
    figure and direction a card shows when the plan sets no target (a basic monitor)."""

    period: str  # the earlier period's code ('2022', '2015-09-YTD')
    value: float | None
    change_pct: float | None
    significance: str  # a mik.figures.stats label, tested on the counts (Poisson, exposures: population)
    mean3: float | None  # the mean of the three periods before, when all three have a value
    mean_years: tuple[int, int] | None  # (first, last) year of those three
    unreported: tuple[int, int] = (0, 0)  # buurten without a published figure now and then: no change


@dataclass(frozen=True)
class AreaValue:
    """One indicator's value for one area, before it is judged against a target."""

    indicator: Indicator
    area_code: str
    area_name: str
    value: ind_mod.IndicatorValue
    projected: float | None
    note: tuple[str, str]
    latest: tuple[int | None, float | None]


def level_values(
    con, cfg: Config, year: int, level: str, *, access: Access, as_of: dt.date | None = None
) -> list[AreaValue]:
    """Every indicator's value for every area of ``level`` in ``year`` (projected when running).

    Values do not depend on thresholds, so a what-if judges the same values twice. ``as_of``
    judges the year as it stood on that date (reports for an earlier month or quarter).
    """
    first, stand = queries.data_period(con)
    if as_of is not None and stand is not None:
        stand = min(stand, as_of)
    period = year_period(year)
    running = stand is not None and not ind_mod.period_complete(period, stand)
    areas = queries.area_list(con, level)
    if level in ("gemeente", "wijk", "buurt"):  # the city and its own areas, also in a national database
        areas = areas[areas.gemeente_code == cfg.gemeente_code].reset_index(drop=True)
    ensure(access, level=level)
    areas = keep(access, areas, "code")  # a role of some wijken: its own (figures cut from the city's)
    names = dict(zip(areas.code, areas.name, strict=True))
    known = {
        "first": first,
        "stand": stand,
        "areas": areas,
        "access": access,
        "population": queries.population_by_area(con, level, year),
        "gemeente": cfg.gemeente_code if level in ("wijk", "buurt") else None,
    }
    out = []
    for ind in cfg.indicators:
        for code, value, projected, note, latest in _values_for_level(con, ind, level, period, running, known):
            out.append(AreaValue(ind, code, names.get(code, code), value, projected, note, latest))
    return out


def judge_values(con, cfg: Config, year: int, values: list[AreaValue]) -> dict[str, list[ScoreRow]]:
    """Judge values against ``cfg``'s targets of ``year``: area code -> scorecard rows."""
    thresholds = {}
    out: dict[str, list[ScoreRow]] = {}
    for v in values:
        target = cfg.target(v.indicator.id, year)
        if v.indicator.id not in thresholds:
            thresholds[v.indicator.id] = resolve_threshold(con, cfg, target) if target else None
        threshold = thresholds[v.indicator.id]
        status = judge(cfg, v.indicator, target, v.value, threshold, v.projected, v.note)
        out.setdefault(v.area_code, []).append(
            ScoreRow(v.indicator, v.value, target, threshold, status, v.latest[0], v.latest[1], v.area_name)
        )
    return out


def level_scorecards(
    con, cfg: Config, year: int, level: str, *, access: Access, as_of: dt.date | None = None
) -> dict[str, list[ScoreRow]]:
    """Every indicator's value, target and status for every area of ``level`` in ``year``.

    City-wide thresholds are applied to each area (how a buurt compares with the city's target).
    """
    return judge_values(con, cfg, year, level_values(con, cfg, year, level, access=access, as_of=as_of))


def _values_for_level(con, ind: Indicator, level: str, period: Period, running: bool, known: dict):
    """Yield (area_code, IndicatorValue, projected, projection note, (latest year, value))."""
    year = period.start.year
    stand, areas = known["stand"], list(known["areas"].code)
    none, no_note = (None, None), ("", "")

    def empty(code):
        return ind_mod.IndicatorValue(ind.id, code, period.code, None)

    if not ind.has_data_definition or (
        running and ind.source == "police" and ind_mod.last_complete_month(stand).year < year
    ):
        for code in areas:
            yield code, empty(code), None, no_note, none
        return
    if ind.source == "survey":
        by_area: dict[str, list] = {}
        for r in queries.survey_values(con, ind.id).itertuples():  # ordered by area, year
            by_area.setdefault(r.area_code, []).append(r)
        for code in areas:
            rows = by_area.get(code, [])
            this = [r for r in rows if r.year == year]
            if not this:
                earlier = [r for r in rows if r.year < year]
                latest = (int(earlier[-1].year), float(earlier[-1].value)) if earlier else none
                yield code, empty(code), None, no_note, latest
                continue
            yield code, ind_mod.IndicatorValue.from_survey(ind.id, code, period.code, this[0]), None, no_note, none
        return
    access = known["access"]
    if running and not sees_months(access, level):
        # a running year is a year-to-date window: not for restricted roles below gemeente level
        for code in areas:
            hidden = ind_mod.IndicatorValue(ind.id, code, period.code, None, suppressed=True)
            yield code, hidden, None, no_note, none
        return
    projections = {}
    if running:
        through = ind_mod.last_complete_month(stand)
        period = Period("ytd", period.start, add_months(through, 1))
        projections = (
            project_year_all(
                con,
                ind,
                level,
                year,
                stand,
                first=known["first"],
                areas=known["areas"],
                population=known["population"],
                gemeente=known["gemeente"],
            )
            .set_index("area_code")
            .to_dict("index")
        )
    rows = (
        ind_mod.police_values(
            con,
            ind,
            level,
            period,
            areas=known["areas"],
            population=known["population"],
            stand=stand,
            access=access,
            gemeente=known["gemeente"],
        )
        .set_index("area_code")
        .to_dict("index")
    )
    for code in areas:
        value = ind_mod.IndicatorValue.from_police(ind.id, code, period.code, rows[code])
        p = projections.get(code)
        if p is not None:
            yield code, value, _opt(p["projected"]), _projection_note(bool(p["seasonal"]), year, p["through"]), none
        else:
            yield code, value, None, no_note, none


def _opt(x) -> float | None:
    return None if x is None or pd.isna(x) else float(x)


def scorecard(
    con,
    cfg: Config,
    year: int,
    area_code: str | None = None,
    level: str = "gemeente",
    *,
    access: Access,
    as_of: dt.date | None = None,
) -> list[ScoreRow]:
    """Every indicator's value, target and status for one area (default: the gemeente) and year."""
    area_code = area_code or cfg.gemeente_code
    ensure(access, level=level, area=area_code)
    rows = level_scorecards(con, cfg, year, level, access=access, as_of=as_of)
    if area_code not in rows:
        raise KeyError(f"unknown {level} {area_code!r}")
    return [
        replace(r, compared=compare_year_before(con, cfg, r, level, access=access)) if r.target is None else r
        for r in rows[area_code]
    ]


def compare_year_before(con, cfg: Config, row: ScoreRow, level: str, *, access: Access) -> YearComparison | None:
    """``row``'s police value against the same period a year before (change and its test on the
    counts, the population as exposure for a rate) and the mean of the three periods before it.
    None for a survey indicator, a missing or hidden value, or no value a year before."""
    v = row.value
    if row.indicator.source != "police" or v.value is None or v.count is None or v.suppressed:
        return None
    period = parse_period(v.period)

    def value(years_back: int) -> ind_mod.IndicatorValue:
        shifted = period.shifted_years(-years_back)
        return ind_mod.indicator_value(con, cfg, row.indicator.id, v.area_code, level, shifted, access=access)

    last = value(1)
    if last.value is None or last.count is None:
        return None
    gaps = tuple(
        ind_mod.unreported(con, row.indicator.categories, p, level, v.area_code)
        for p in (period, period.shifted_years(-1))
    )
    if any(gaps):  # a sum with empty CBS cells: no change is given (as the headline does)
        return YearComparison(last.period, last.value, None, stats.UNTESTED, None, None, gaps)
    before = [last, value(2), value(3)]  # the mean's years only when there is a change to show
    per_1000 = row.indicator.unit == "per_1000"
    exposure = (v.population, last.population) if per_1000 else (1.0, 1.0)
    p = stats.poisson_test(v.count, last.count, *exposure)[0]
    change = (v.value / last.value - 1) * 100 if last.value else None
    label = stats.label(p, change if change is not None else float("nan"))[0]
    values = [b.value for b in before]
    mean3 = sum(values) / 3 if all(x is not None for x in values) else None
    years = (period.start.year - 3, period.start.year - 1)
    return YearComparison(last.period, last.value, change, label, mean3, years if mean3 is not None else None)


def status_frame(rows: Mapping[str, list[ScoreRow]], lang: str = "nl") -> pd.DataFrame:
    """Flatten scorecards into one row per area and indicator (for tables, maps and exports)."""
    out = []
    for code, score in rows.items():
        for r in score:
            out.append(
                {
                    "area_code": code,
                    "area_name": r.area_name,
                    "indicator": r.indicator.id,
                    "value": r.value.value,
                    "projected": r.status.projected,
                    "threshold": r.threshold,
                    "comparator": r.target.comparator if r.target else None,
                    "status": r.status.code,
                    "status_word": r.status.word(lang),
                    "reason": r.status.reason(lang),
                }
            )
    return pd.DataFrame(out)
