"""What if the threshold were X: a changed copy of the plan, plan versus scenario per area, and how
many areas turn red or green. The stored plan and config.toml are never touched."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

import pandas as pd

from mik.figures.scorecards import judge_values, level_values, status_frame
from mik.plan.config import COMPARATORS, Config, Target
from mik.privacy.access import Access

RED = ("not_met", "at_risk")


GREEN = ("met", "on_track")


def status_counts(result: pd.DataFrame, indicator: str, level: str = "buurt") -> dict[str, int]:
    """How many areas are red (not met / at risk) and green (met / on track), plan and scenario.

    ``result`` is :func:`mik.figures.targets.what_if` output.
    """
    b = result[(result.level == level) & (result.indicator == indicator)]
    return {
        "red_plan": int(b.status_plan.isin(RED).sum()),
        "red_scenario": int(b.status_scenario.isin(RED).sum()),
        "green_plan": int(b.status_plan.isin(GREEN).sum()),
        "green_scenario": int(b.status_scenario.isin(GREEN).sum()),
    }


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
                dataclasses.replace(
                    t,
                    comparator=comp,
                    threshold=float(thr),
                    threshold_peer=None,
                    change_pct=None,
                    baseline_year=None,
                    where="what-if",
                )
            )
            done.add(key)
        else:
            targets.append(t)
    for (ind, yr), (comp, thr) in overrides.items():
        if (ind, yr) not in done:
            targets.append(Target(ind, yr, "UP", comp, "what-if", threshold=float(thr)))
    return dataclasses.replace(cfg, targets=tuple(targets))


def what_if(
    con,
    cfg: Config,
    year: int,
    overrides: Mapping[tuple[str, int], tuple[str, float]],
    levels: tuple[str, ...] = ("gemeente", "wijk", "buurt"),
    *,
    access: Access,
) -> pd.DataFrame:
    """Statuses under the plan and under a scenario, for every area of ``levels``.

    Returns one row per level, area and indicator with ``status_plan``, ``status_scenario`` and
    ``changed``. Pure with respect to the plan: ``cfg`` and the database are not modified.
    """
    scenario = with_overrides(cfg, overrides)
    frames = []
    for level in levels:
        values = level_values(con, cfg, year, level, access=access)
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
