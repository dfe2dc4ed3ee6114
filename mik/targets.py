"""Target status: met / not met, on track / at risk, and what-if scenarios.

Rules (the same for screens, reports and exports):

* Closed year, police indicator: the year's rate is compared with the threshold: *gehaald* (met)
  or *niet gehaald* (not met). ``<`` and ``<=`` differ exactly at the threshold.
* Running year (the data stops before 31 December), police indicator: the year is projected to
  year end with seasonality: the count from January up to the last *complete* month is divided by
  the share that those months had of the whole year in the (up to three) previous complete years
  for the same area and categories. Without such history the projection is linear. The projected
  rate gives *op koers* (on track) or *risico* (at risk).
* Survey indicator: when the 95% interval contains the threshold, the value is *niet significant
  verschillend* (not significantly different), never red; otherwise met or not met.
* Relative target ("<= G32 average of 2018"): the threshold is the peer group's statistic for
  that year (plain mean or population-weighted, as config.toml says per indicator). Until that
  year's peer data exist the status is *nog niet bekend* (not yet known).
* No value: *geen data*. No target for the year: *geen doel*.

Every status carries its reason in words, in Dutch and English.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from mik import indicators as ind_mod
from mik import queries
from mik.access import Access, check_level
from mik.config import COMPARATORS, Config, Indicator, Target
from mik.formatting import fmt_comparator, fmt_number, fmt_value
from mik.periods import Period, add_months
from mik.periods import year as year_period

STATUS_WORDS = {
    "met": ("Gehaald", "Met"),
    "not_met": ("Niet gehaald", "Not met"),
    "on_track": ("Op koers", "On track"),
    "at_risk": ("Risico", "At risk"),
    "not_significant": ("Niet significant verschillend", "Not significantly different"),
    "not_yet_known": ("Nog niet bekend", "Not yet known"),
    "no_data": ("Geen data", "No data"),
    "no_target": ("Geen doel", "No target"),
    "suppressed": ("Afgeschermd", "Suppressed"),
}
#: Colour-blind-safe (Okabe-Ito) colours and a text icon per status.
STATUS_STYLE = {
    "met": ("#009E73", "✔"),
    "on_track": ("#56B4E9", "↗"),
    "at_risk": ("#E69F00", "⚠"),
    "not_met": ("#D55E00", "✖"),
    "not_significant": ("#999999", "≈"),
    "not_yet_known": ("#999999", "…"),
    "no_data": ("#BBBBBB", "–"),
    "no_target": ("#BBBBBB", "–"),
    "suppressed": ("#BBBBBB", "🔒"),
}


@dataclass(frozen=True)
class Status:
    code: str
    reason_nl: str
    reason_en: str
    threshold: float | None = None
    projected: float | None = None

    def word(self, lang: str = "nl") -> str:
        return STATUS_WORDS[self.code][1 if lang == "en" else 0]

    def reason(self, lang: str = "nl") -> str:
        return self.reason_en if lang == "en" else self.reason_nl


def compare(value: float, comparator: str, threshold: float) -> bool:
    """True when ``value <comparator> threshold`` holds.

    >>> compare(8.8, "<", 8.0), compare(7.0, "<=", 7.0), compare(7.0, "<", 7.0)
    (False, True, False)
    """
    if comparator == "<":
        return value < threshold
    if comparator == "<=":
        return value <= threshold
    if comparator == ">":
        return value > threshold
    if comparator == ">=":
        return value >= threshold
    raise ValueError(f"unknown comparator {comparator!r}; use one of {', '.join(COMPARATORS)}")


def peer_statistic(values: pd.DataFrame, statistic: str) -> float | None:
    """Mean of ``value`` over the peer rows, plain (``mean``) or weighted by ``population``."""
    v = values.dropna(subset=["value"])
    if v.empty:
        return None
    if statistic == "weighted":
        w = v.dropna(subset=["population"])
        if w.empty or w.population.sum() <= 0:
            return None
        return float((w.value * w.population).sum() / w.population.sum())
    return float(v.value.mean())


def resolve_threshold(con, cfg: Config, target: Target) -> float | None:
    """The numeric threshold of a target; for a relative one the peer statistic of its year."""
    if not target.is_relative:
        return target.threshold
    group = cfg.peer_group(target.threshold_peer)
    peers = queries.peer_values(con, target.indicator, target.year)
    peers = peers[peers.gemeente_code.isin(group.members)]
    return peer_statistic(peers, cfg.indicator(target.indicator).peer_statistic)


def _target_text(ind: Indicator, target: Target, threshold: float | None, lang: str, cfg: Config) -> str:
    comp = fmt_comparator(target.comparator)
    if target.is_relative:
        name = cfg.peer_group(target.threshold_peer).name(lang)
        known = f" ({fmt_value(threshold, ind.unit, lang)})" if threshold is not None else ""
        return f"{comp} {name} {target.year}{known}"
    return f"{comp} {fmt_value(threshold, ind.unit, lang)}"


def target_text(cfg: Config, ind: Indicator, target: Target | None, threshold: float | None, lang: str = "nl") -> str:
    """The target as people read it: '≤ 7,0%' or '≤ G32/G40-gemiddelde 2018'."""
    if target is None:
        return "–"
    return _target_text(ind, target, threshold, lang, cfg)


def judge(
    cfg: Config,
    ind: Indicator,
    target: Target | None,
    value: ind_mod.IndicatorValue,
    threshold: float | None,
    projected: float | None = None,
    projection_note: tuple[str, str] = ("", ""),
) -> Status:
    """Decide the status of one indicator value against one target (pure, no I/O)."""
    if target is None:
        return Status("no_target", "Het plan stelt voor dit jaar geen doel.", "The plan sets no target for this year.")
    if value.suppressed:
        return Status(
            "suppressed",
            "Afgeschermd: kleine aantallen of een periode die deze rol op dit niveau niet mag zien.",
            "Suppressed: small counts, or a period this role may not see at this level.",
            threshold,
        )
    if not ind.has_data_definition:
        return Status(
            "no_data",
            "Deze indicator is nog in ontwikkeling; er is geen definitie of data.",
            "This indicator is still being developed; there is no definition or data.",
        )
    if threshold is None:
        group = cfg.peer_group(target.threshold_peer).name("nl") if target.threshold_peer else ""
        group_en = cfg.peer_group(target.threshold_peer).name("en") if target.threshold_peer else ""
        return Status(
            "not_yet_known",
            f"Het doel is het {group} van {target.year}; die cijfers zijn er nog niet.",
            f"The target is the {group_en} of {target.year}; those figures are not available yet.",
        )
    t_nl = _target_text(ind, target, threshold, "nl", cfg)
    t_en = _target_text(ind, target, threshold, "en", cfg)
    if not value.has_value and projected is None:
        return Status(
            "no_data",
            f"Geen waarde voor {value.period}; doel {t_nl}.",
            f"No value for {value.period}; target {t_en}.",
            threshold,
        )
    if projected is not None:
        ok = compare(projected, target.comparator, threshold)
        p_nl, p_en = fmt_value(projected, ind.unit, "nl"), fmt_value(projected, ind.unit, "en")
        return Status(
            "on_track" if ok else "at_risk",
            f"Prognose voor jaareinde {p_nl} {'haalt' if ok else 'haalt niet'} doel {t_nl}{projection_note[0]}.",
            f"Year-end projection {p_en} {'meets' if ok else 'misses'} target {t_en}{projection_note[1]}.",
            threshold,
            projected,
        )
    v_nl, v_en = fmt_value(value.value, ind.unit, "nl"), fmt_value(value.value, ind.unit, "en")
    ok = compare(value.value, target.comparator, threshold)
    if value.lower is not None and value.upper is not None and value.lower <= threshold <= value.upper:
        lo_nl = f"{fmt_number(value.lower, 1, 'nl')}-{fmt_number(value.upper, 1, 'nl')}"
        lo_en = f"{fmt_number(value.lower, 1, 'en')}-{fmt_number(value.upper, 1, 'en')}"
        return Status(
            "not_significant",
            f"{v_nl} {'voldoet aan' if ok else 'voldoet niet aan'} doel {t_nl}, maar het 95%-interval "
            f"({lo_nl}) bevat de doelwaarde: niet significant verschillend.",
            f"{v_en} {'meets' if ok else 'misses'} target {t_en}, but the 95% interval ({lo_en}) "
            "contains the threshold: not significantly different.",
            threshold,
        )
    return Status(
        "met" if ok else "not_met",
        f"{v_nl} {'voldoet aan' if ok else 'voldoet niet aan'} doel {t_nl}.",
        f"{v_en} {'meets' if ok else 'misses'} target {t_en}.",
        threshold,
    )


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


def with_overrides(cfg: Config, overrides: Mapping[tuple[str, int], tuple[str, float]]) -> Config:
    """A copy of ``cfg`` whose targets are replaced by ``{(indicator, year): (comparator, threshold)}``.

    The stored plan is never touched. Overrides for a year without a target add one.
    """
    if not overrides:
        return cfg
    targets = []
    done = set()
    for (ind, _), (comp, _) in overrides.items():
        if comp not in COMPARATORS:
            raise ValueError(f"unknown comparator {comp!r} for {ind}")
        cfg.indicator(ind)  # raises KeyError for an unknown indicator
    for t in cfg.targets:
        key = (t.indicator, t.year)
        if t.primary and key in overrides:
            comp, thr = overrides[key]
            targets.append(
                dataclasses.replace(t, comparator=comp, threshold=float(thr), threshold_peer=None, where="what-if")
            )
            done.add(key)
        else:
            targets.append(t)
    for (ind, yr), (comp, thr) in overrides.items():
        if (ind, yr) not in done:
            targets.append(Target(ind, yr, "UP", comp, "what-if", threshold=float(thr)))
    return dataclasses.replace(cfg, targets=tuple(targets))


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
    con, cfg: Config, year: int, level: str, access: Access | None = None, as_of: dt.date | None = None
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
    names = dict(zip(areas.code, areas.name, strict=True))
    check_level(access, level)
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
    con, cfg: Config, year: int, level: str, access: Access | None = None, as_of: dt.date | None = None
) -> dict[str, list[ScoreRow]]:
    """Every indicator's value, target and status for every area of ``level`` in ``year``.

    City-wide thresholds are applied to each area (how a buurt compares with the city's target).
    """
    return judge_values(con, cfg, year, level_values(con, cfg, year, level, access, as_of))


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
    if running and access is not None and access.suppresses(level):
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
    access: Access | None = None,
    as_of: dt.date | None = None,
) -> list[ScoreRow]:
    """Every indicator's value, target and status for one area (default: the gemeente) and year."""
    area_code = area_code or cfg.gemeente_code
    rows = level_scorecards(con, cfg, year, level, access, as_of)
    if area_code not in rows:
        raise KeyError(f"unknown {level} {area_code!r}")
    return rows[area_code]


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


def what_if(
    con,
    cfg: Config,
    year: int,
    overrides: Mapping[tuple[str, int], tuple[str, float]],
    levels: tuple[str, ...] = ("gemeente", "wijk", "buurt"),
    access: Access | None = None,
) -> pd.DataFrame:
    """Statuses under the plan and under a scenario, for every area of ``levels``.

    Returns one row per level, area and indicator with ``status_plan``, ``status_scenario`` and
    ``changed``. Pure with respect to the plan: ``cfg`` and the database are not modified.
    """
    scenario = with_overrides(cfg, overrides)
    frames = []
    for level in levels:
        values = level_values(con, cfg, year, level, access)
        base = status_frame(judge_values(con, cfg, year, values))
        alt = status_frame(judge_values(con, scenario, year, values))
        merged = base.merge(
            alt[["area_code", "indicator", "status", "threshold", "reason"]],
            on=["area_code", "indicator"],
            suffixes=("_plan", "_scenario"),
        )
        merged.insert(0, "level", level)
        frames.append(merged)
    df = pd.concat(frames, ignore_index=True)
    df["changed"] = df.status_plan != df.status_scenario
    return df
