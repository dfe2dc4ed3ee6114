"""Target status: met / not met, on track / at risk, not significant, not yet known.

Rules (the same for screens, reports and exports):

* Closed year, police indicator: the year's rate is compared with the threshold: *gehaald* (met)
  or *niet gehaald* (not met). ``<`` and ``<=`` differ exactly at the threshold.
* Running year (the data stops before 31 December), police indicator: the year is projected to
  year end with seasonality (:mod:`mik.figures.projection`): the count from January up to the last
  *complete* month is divided by the share that those months had of the whole year in the (up to
  three) previous complete years for the same area and categories. Without such history the
  projection is linear. The projected rate gives *op koers* (on track) or *risico* (at risk).
* Survey indicator: when the 95% interval contains the threshold, the value is *niet significant
  verschillend* (not significantly different), never red; otherwise met or not met.
* Relative target ("<= G32 average of 2018"): the threshold is the peer group's statistic for
  that year (plain mean or population-weighted, as config.toml says per indicator). Until that
  year's peer data exist the status is *nog niet bekend* (not yet known).
* No value: *geen data*. No target for the year: *geen doel*.

Every status carries its reason in words, in Dutch and English. Scorecards per year and level are
in :mod:`mik.figures.scorecards`, scenarios in :mod:`mik.figures.whatif`.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import pandas as pd

from mik.data import queries
from mik.figures import indicators as ind_mod
from mik.plan.config import COMPARATORS, Config, Indicator, Target
from mik.plan.editor import target_words
from mik.plan.formatting import fmt_number, fmt_value

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
    if target.is_relative:
        return target_words(cfg, target, lang, peer_value=threshold)
    # the threshold given (a what-if scenario's) may differ from the plan's
    return target_words(cfg, dataclasses.replace(target, threshold=threshold), lang)


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
