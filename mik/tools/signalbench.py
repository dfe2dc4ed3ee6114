"""Benchmark of the expected-versus-observed signals (:mod:`mik.figures.signals`) on planted signals.

Synthetic city: the demo's 45 buurten, 8 wijken and categories, with its trends, seasons and
hotspots (:func:`mik.tools.demo.build_registrations`), a fresh random draw per replication. In each of
the 12 evaluation months (October of year 4 to September of year 5, each with three whole years
before it) ``planted`` buurt x category cells get a spree: 5, 10, 15, 20 or 30 extra registrations on
top of the draw. The signals of each month are then computed end to end (DuckDB query, baseline
model, test, Benjamini-Hochberg over all cells) and compared with what was planted.

Real counts are not Poisson, so each world of :data:`SCENARIOS` draws them differently: Poisson;
negative binomial (each buurt-month's rate times a gamma variable of shape ``k``: variance
``mu + mu^2 / k``) for k = 20, 10 and 5; a trend of +10% or +20% a year in some categories; a level
shift (a new registration practice) in some categories, with and without the break in the config.

Reported per planted size (extra registrations and the cell's expected count per month):

* recall: the share of planted cells that became signals;
* false alarms per month: signals in cells where nothing was planted, as a share of all signals of
  the month (the false-discovery proportion), and as a share of all unplanted cells tested.

``python -m mik bench-signals [--replications R] [--seed S] [--scenario NAME ...] [--json]``; with
``--farrington`` and R's ``surveillance`` package installed (Debian ``r-cran-surveillance``), the
same series are also judged by ``farringtonFlexible`` under the same BH rule (:mod:`mik.tools.farrington`).
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass

import numpy as np
import pandas as pd

from mik.data import store
from mik.figures import signals
from mik.ingest.common import shipped_categories
from mik.plan.config import Config, load_config
from mik.plan.periods import add_months
from mik.privacy.access import FULL
from mik.tools import demo

SIZES = (5, 10, 15, 20, 30)  # extra registrations planted in one buurt, category and month (a spree)
BANDS = ((0.5, 3.0), (3.0, 10.0), (10.0, np.inf))  # expected registrations per month in the cell
FIRST_EVAL = dt.date(2015, 10, 1)
EVAL_MONTHS = 12
START = dt.date(2012, 1, 1)
SHIFT_MONTH = dt.date(2014, 7, 1)  # a new registration practice, inside the evaluation months' baselines
CHANGED = ("1.1.1", "1.2.1", "2.5.1", "INC.JEUGD")  # the categories that trend or shift


@dataclass(frozen=True)
class Scenario:
    """How one world draws its counts: ``size`` the negative binomial k (inf: Poisson), ``growth``
    per year in ``categories`` (None: all), ``shift`` a factor from :data:`SHIFT_MONTH` on, and
    whether the config names that break."""

    size: float = np.inf
    growth: float = 0.0
    shift: float = 1.0
    categories: tuple[str, ...] | None = CHANGED
    break_known: bool = False


METHODS = ("model", "poisson")  # MIK's test, and the earlier Poisson-only test as the baseline

SCENARIOS = {
    "poisson": Scenario(),
    "nb20": Scenario(size=20),
    "nb10": Scenario(size=10),
    "nb5": Scenario(size=5),
    "trend20": Scenario(growth=0.20),
    "nb10-trend10": Scenario(size=10, growth=0.10, categories=None),
    "shift": Scenario(shift=1.6),
    "shift-break": Scenario(shift=1.6, break_known=True),
}


def draw_means(lam: pd.DataFrame, scenario: Scenario, rng: np.random.Generator) -> np.ndarray:
    """Each cell's Poisson mean in ``scenario``: the demo's means times the world's trend, shift
    and gamma variation."""
    years = np.array([(m.year - START.year) + (m.month - 1) / 12 for m in lam.month])
    everywhere = scenario.categories is None
    changed = np.ones(len(lam), dtype=bool) if everywhere else lam.category_code.isin(scenario.categories).to_numpy()
    factor = np.where(changed, (1 + scenario.growth) ** years, 1.0)
    after = np.array([m >= SHIFT_MONTH for m in lam.month])
    factor = factor * np.where(changed & after, scenario.shift, 1.0)
    means = lam.lam.to_numpy() * factor
    if np.isfinite(scenario.size):
        means = means * rng.gamma(scenario.size, 1 / scenario.size, size=len(means))
    return means


@dataclass(frozen=True)
class City:
    """One synthetic city of a scenario: its areas, registrations (planted sprees included, as
    rows of their own), the plants and each cell's demo mean ``lam``."""

    areas: pd.DataFrame
    registrations: pd.DataFrame
    plants: pd.DataFrame
    lam: pd.DataFrame


def draw_city(cfg: Config, seed: int, planted: int = 12, scenario: str = "poisson") -> City:
    """The counts of one replication: the same seed gives the same city, areas and plants in every
    scenario."""
    world = SCENARIOS[scenario]
    rng = np.random.default_rng(seed)
    areas = demo.build_areas(cfg, rng)
    population = demo.build_population(areas, rng)
    lam = demo.registration_means(areas, population, rng)
    draws = lam.assign(count=rng.poisson(draw_means(lam, world, rng)))
    registrations = draws[draws["count"] > 0].assign(
        street=None, boundary_year=demo.BOUNDARY_YEAR, source=demo.DEMO_SOURCE
    )[["month", "area_code", "category_code", "street", "count", "boundary_year", "source"]]
    plant_rng = np.random.default_rng(seed + 1)
    plants = []
    for k in range(EVAL_MONTHS):
        m = add_months(FIRST_EVAL, k)
        cells = lam[(lam.month == m) & (lam.lam >= BANDS[0][0])]
        chosen = cells.iloc[plant_rng.choice(len(cells), size=planted, replace=False)].copy()
        chosen["size"] = plant_rng.choice(SIZES, size=planted)
        chosen["extra"] = chosen["size"]
        plants.append(chosen)
    plants = pd.concat(plants, ignore_index=True)
    extra = plants.assign(count=plants.extra, street=None, boundary_year=demo.BOUNDARY_YEAR, source="planted")
    registrations = pd.concat([registrations, extra[registrations.columns]], ignore_index=True)
    return City(areas, registrations, plants, lam)


def replication(
    cfg: Config, seed: int, planted: int = 12, scenario: str = "poisson", city: City | None = None
) -> pd.DataFrame:
    """One synthetic city with planted signals (``city``, when already drawn for this seed and
    scenario); one row per evaluation month x cell tested and method, with ``size`` (extra
    registrations planted, or 0), ``lam`` and ``signal``."""
    world = SCENARIOS[scenario]
    city = city or draw_city(cfg, seed, planted, scenario)
    areas, registrations, plants, lam = city.areas, city.registrations, city.plants, city.lam
    con = store.connect(":memory:")
    try:
        categories = shipped_categories()
        for table, df in (("categories", categories), ("areas", areas), ("registrations", registrations)):
            demo._insert(con, table, df)
        out = []
        for k in range(EVAL_MONTHS):
            m = add_months(FIRST_EVAL, k)
            breaks = {c: SHIFT_MONTH for c in CHANGED} if world.break_known else None
            for method in METHODS:
                table = signals.month_signals(con, m, "buurt", access=FULL, breaks=breaks, method=method).table
                out.append(
                    table[["month", "area_code", "category_code", "observed", "expected", "signal"]].assign(
                        method=method
                    )
                )
    finally:
        con.close()
    res = pd.concat(out, ignore_index=True)
    keys = ["month", "area_code", "category_code"]
    res = res.merge(lam, on=keys, how="left").merge(plants[[*keys, "size"]], on=keys, how="left")
    res["size"] = res["size"].fillna(0).astype(int)
    res["replication"] = seed
    res["scenario"] = scenario
    return res


def summarise(res: pd.DataFrame) -> dict:
    """Recall per planted size and false alarms per month (see the module docstring)."""
    planted = res[res["size"] > 0]
    recall = []
    for size in SIZES:
        for low, high in (*BANDS, (BANDS[0][0], np.inf)):
            cells = planted[(planted["size"] == size) & (planted.lam >= low) & (planted.lam < high)]
            if len(cells):
                recall.append(
                    {
                        "extra": size,
                        "expected_from": low,
                        "expected_to": high,
                        "planted": len(cells),
                        "found": int(cells.signal.sum()),
                        "recall": float(cells.signal.mean()),
                    }
                )
    per_month = res.groupby(["replication", "month"]).apply(
        lambda d: pd.Series(
            {
                "signals": int(d.signal.sum()),
                "false": int((d.signal & (d["size"] == 0)).sum()),
                "null_cells": int((d["size"] == 0).sum()),
            }
        ),
        include_groups=False,
    )
    share = (per_month["false"] / per_month.signals.where(per_month.signals > 0)).fillna(0.0)
    return {
        "months": len(per_month),
        "cells_per_month": float(res.groupby(["replication", "month"]).size().mean()),
        "recall": recall,
        "false_share_of_signals_mean": float(share.mean()),
        "false_share_of_signals_max": float(share.max()),
        "false_per_null_cell": float(per_month["false"].sum() / per_month.null_cells.sum()),
        "months_with_a_false_alarm": float((per_month["false"] > 0).mean()),
        "false_per_month_mean": float(per_month["false"].mean()),
    }


def run(replications: int = 5, seed: int = 2026, planted: int = 12, scenarios=("poisson",)) -> dict:
    """Per scenario: :func:`summarise` over ``replications`` synthetic cities (the same seeds in
    every scenario, so the worlds differ only in how they draw)."""
    cfg = load_config()
    out = {"replications": replications, "planted_per_month": planted, "scenarios": {}}
    for name in scenarios:
        start = time.perf_counter()
        res = pd.concat(
            [replication(cfg, seed + 10 * r, planted, name) for r in range(replications)], ignore_index=True
        )
        out["scenarios"][name] = {m: summarise(res[res.method == m]) for m in METHODS}
        out["scenarios"][name]["seconds"] = round(time.perf_counter() - start, 1)
    return out


def recall_of(summary: dict, extra: int) -> float:
    """Recall for sprees of ``extra`` registrations over all planted cells."""
    return next(
        r["recall"]
        for r in summary["recall"]
        if r["extra"] == extra and r["expected_from"] == BANDS[0][0] and r["expected_to"] == np.inf
    )


def report(result: dict) -> str:
    """One table: per scenario and method, false alarms and recall per spree size (all planted cells)."""
    first = next(iter(result["scenarios"].values()))["model"]
    lines = [
        f"Signals benchmark: {result['replications']} synthetic cities x {EVAL_MONTHS} months per scenario, "
        f"{first['cells_per_month']:.0f} buurt x category cells tested per month, "
        f"{result['planted_per_month']} planted per month. 'model': MIK's test (dispersion, trend, breaks); "
        "'poisson': the earlier Poisson-only test on the same counts.",
        "",
        f"{'scenario':<14} {'method':<8} {'false/month':>11} {'months with':>11} {'FDR':>6}  "
        + "  ".join(f"{'+' + str(x):>6}" for x in SIZES),
        f"{'':<14} {'':<8} {'':>11} {'a false one':>11} {'':>6}  " + "  ".join(f"{'recall':>6}" for _ in SIZES),
    ]
    for name, both in result["scenarios"].items():
        for method in METHODS:
            s = both[method]
            lines.append(
                f"{name:<14} {method:<8} {s['false_per_month_mean']:>11.2f} {s['months_with_a_false_alarm']:>11.0%} "
                f"{s['false_share_of_signals_mean']:>6.1%}  " + "  ".join(f"{recall_of(s, x):>6.0%}" for x in SIZES)
            )
    seconds = sum(b["seconds"] for b in result["scenarios"].values())
    lines += [
        "",
        "false/month: signals in unplanted cells per month (mean); months with a false one: share of months;",
        f"FDR: their share of the month's signals (mean). {seconds:.0f} s in all.",
    ]
    return "\n".join(lines)
