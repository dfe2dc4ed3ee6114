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


def target_text(cfg: Config, ind: Indicator, target: Target | None, threshold: float | None,
                lang: str = "nl") -> str:
    """The target as people read it: '≤ 7,0%' or '≤ G32/G40-gemiddelde 2018'."""
    if target is None:
        return "–"
    return _target_text(ind, target, threshold, lang, cfg)


def judge(cfg: Config, ind: Indicator, target: Target | None, value: ind_mod.IndicatorValue,
          threshold: float | None, projected: float | None = None,
          projection_note: tuple[str, str] = ("", "")) -> Status:
    """Decide the status of one indicator value against one target (pure, no I/O)."""
    if target is None:
        return Status("no_target", "Het plan stelt voor dit jaar geen doel.",
                      "The plan sets no target for this year.")
    if not ind.has_data_definition:
        return Status("no_data", "Deze indicator is nog in ontwikkeling; er is geen definitie of data.",
                      "This indicator is still being developed; there is no definition or data.")
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
        return Status("no_data", f"Geen waarde voor {value.period}; doel {t_nl}.",
                      f"No value for {value.period}; target {t_en}.", threshold)
    if projected is not None:
        ok = compare(projected, target.comparator, threshold)
        p_nl, p_en = fmt_value(projected, ind.unit, "nl"), fmt_value(projected, ind.unit, "en")
        return Status(
            "on_track" if ok else "at_risk",
            f"Prognose voor jaareinde {p_nl} {'haalt' if ok else 'haalt niet'} doel {t_nl}"
            f"{projection_note[0]}.",
            f"Year-end projection {p_en} {'meets' if ok else 'misses'} target {t_en}"
            f"{projection_note[1]}.",
            threshold, projected,
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


def seasonal_share(monthly: pd.DataFrame, upto_month: int, years: list[int]) -> float | None:
    """Mean share of a year's count that falls in months 1..``upto_month``, over ``years``.

    ``monthly`` has columns month (timestamp) and count. Years with a zero total are skipped.
    """
    shares = []
    for y in years:
        rows = monthly[pd.to_datetime(monthly.month).dt.year == y]
        if len(rows) < 12:
            continue
        total = rows["count"].sum()
        if total > 0:
            part = rows[pd.to_datetime(rows.month).dt.month <= upto_month]["count"].sum()
            shares.append(part / total)
    return sum(shares) / len(shares) if shares else None


def project_year(con, ind: Indicator, level: str, area_code: str, year: int,
                 stand: dt.date) -> tuple[float | None, tuple[str, str]]:
    """Seasonally adjusted year-end projection of a police rate for a running year."""
    last = ind_mod.last_complete_month(stand)
    if last.year < year:
        return None, ("", "")
    monthly = ind_mod.monthly_series(con, ind.categories, level, area_code, stand)
    if monthly.empty:
        return None, ("", "")
    m = last.month
    ytd = monthly[(monthly.month.dt.year == year) & (monthly.month.dt.month <= m)]["count"].sum()
    history = [y for y in range(year - 3, year)
               if len(monthly[monthly.month.dt.year == y]) == 12]
    share = seasonal_share(monthly, m, history)
    method_nl = "seizoensgecorrigeerd" if share else "lineair"
    method_en = "seasonally adjusted" if share else "linear"
    share = share or m / 12
    pop = queries.population_by_area(con, level, year)
    pop = pop[pop.area_code == area_code]
    if pop.empty or share <= 0:
        return None, ("", "")
    rate = ind_mod.rate_per_1000(ytd / share, pop.inhabitants.iloc[0])
    basis = Period("ytd", dt.date(year, 1, 1), add_months(last, 1))
    return rate, (
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
    latest_year: int | None  # survey: year of the latest value when the chosen year has none
    latest_value: float | None


def with_overrides(cfg: Config, overrides: Mapping[tuple[str, int], tuple[str, float]]) -> Config:
    """A copy of ``cfg`` whose targets are replaced by ``{(indicator, year): (comparator, threshold)}``.

    The stored plan is never touched. Overrides for a year without a target add one.
    """
    if not overrides:
        return cfg
    targets = []
    done = set()
    for t in cfg.targets:
        key = (t.indicator, t.year)
        if t.primary and key in overrides:
            comp, thr = overrides[key]
            targets.append(dataclasses.replace(t, comparator=comp, threshold=float(thr),
                                               threshold_peer=None, where="what-if"))
            done.add(key)
        else:
            targets.append(t)
    for (ind, yr), (comp, thr) in overrides.items():
        if comp not in COMPARATORS:
            raise ValueError(f"unknown comparator {comp!r} for {ind}")
        cfg.indicator(ind)  # raises KeyError for an unknown indicator
        if (ind, yr) not in done:
            targets.append(Target(ind, yr, "UP", comp, "what-if", threshold=float(thr)))
    return dataclasses.replace(cfg, targets=tuple(targets))


def scorecard(con, cfg: Config, year: int, area_code: str | None = None,
              level: str = "gemeente") -> list[ScoreRow]:
    """Every indicator's value, target and status for one area (default: the gemeente) and year."""
    area_code = area_code or cfg.gemeente_code
    _, stand = queries.data_period(con)
    period = year_period(year)
    running = stand is not None and not ind_mod.period_complete(period, stand)
    rows = []
    for ind in cfg.indicators:
        target = cfg.target(ind.id, year)
        threshold = resolve_threshold(con, cfg, target) if target else None
        latest_year, latest_value = None, None
        if ind.source == "police" and running and ind.has_data_definition:
            ytd_end = min(period.end, add_months(ind_mod.last_complete_month(stand), 1))
            ytd = Period("ytd", period.start, ytd_end)
            value = ind_mod.indicator_value(con, cfg, ind.id, area_code, level, ytd)
            projected, note = project_year(con, ind, level, area_code, year, stand)
            status = judge(cfg, ind, target, value, threshold, projected, note) if target else judge(
                cfg, ind, None, value, threshold)
        else:
            value = ind_mod.indicator_value(con, cfg, ind.id, area_code, level, period)
            status = judge(cfg, ind, target, value, threshold)
            if ind.source == "survey" and not value.has_value:
                hist = queries.survey_values(con, ind.id, area_code)
                hist = hist[hist.year <= year]
                if not hist.empty:
                    latest_year, latest_value = int(hist.year.iloc[-1]), float(hist.value.iloc[-1])
        rows.append(ScoreRow(ind, value, target, threshold, status, latest_year, latest_value))
    return rows

