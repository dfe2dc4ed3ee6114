"""Benchmark of the expected-versus-observed signals (:mod:`mik.figures.signals`) on planted signals.

Synthetic city: the demo's 45 buurten, 8 wijken and categories, with its trends, seasons and
hotspots (:func:`mik.tools.demo.build_registrations`), a fresh random draw per replication. In each of
the 12 evaluation months (October of year 4 to September of year 5, each with three whole years
before it) ``planted`` buurt x category cells get a spree: 5, 10, 15, 20 or 30 extra registrations on
top of the Poisson draw. The signals of each
month are then computed end to end (DuckDB query, test, Benjamini-Hochberg over all cells) and
compared with what was planted.

Reported per planted size (extra registrations and the cell's expected count per month):

* recall: the share of planted cells that became signals;
* false alarms per month: signals in cells where nothing was planted, as a share of all signals of
  the month (the false-discovery proportion), and as a share of all unplanted cells tested.

``python -m mik bench-signals [--replications R] [--seed S] [--json]``.
"""

from __future__ import annotations

import datetime as dt
import time

import numpy as np
import pandas as pd

from mik.data import store
from mik.figures import signals
from mik.plan.config import Config, load_config
from mik.plan.periods import add_months
from mik.privacy.access import FULL
from mik.tools import demo

SIZES = (5, 10, 15, 20, 30)  # extra registrations planted in one buurt, category and month (a spree)
BANDS = ((0.5, 3.0), (3.0, 10.0), (10.0, np.inf))  # expected registrations per month in the cell
FIRST_EVAL = dt.date(2015, 10, 1)
EVAL_MONTHS = 12


def replication(cfg: Config, seed: int, planted: int = 12) -> pd.DataFrame:
    """One synthetic city with planted signals; one row per evaluation month x cell tested, with
    ``size`` (extra registrations planted, or 0), ``lam`` and ``signal``."""
    rng = np.random.default_rng(seed)
    areas = demo.build_areas(cfg, rng)
    population = demo.build_population(areas, rng)
    lam = demo.registration_means(areas, population, rng)
    draws = lam.assign(count=rng.poisson(lam.lam.to_numpy()))
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
    con = store.connect(":memory:")
    try:
        categories = pd.read_csv(demo.DATA_DIR / "categories.csv", dtype={"code": str, "main_code": str})
        categories["is_main"] = categories.is_main.astype(bool)
        for table, df in (("categories", categories), ("areas", areas), ("registrations", registrations)):
            demo._insert(con, table, df)
        out = []
        for k in range(EVAL_MONTHS):
            m = add_months(FIRST_EVAL, k)
            table = signals.month_signals(con, m, "buurt", access=FULL).table
            out.append(table[["month", "area_code", "category_code", "observed", "expected", "signal"]])
    finally:
        con.close()
    res = pd.concat(out, ignore_index=True)
    keys = ["month", "area_code", "category_code"]
    res = res.merge(lam, on=keys, how="left").merge(plants[[*keys, "size"]], on=keys, how="left")
    res["size"] = res["size"].fillna(0).astype(int)
    res["replication"] = seed
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


def run(replications: int = 5, seed: int = 2026, planted: int = 12) -> dict:
    cfg = load_config()
    start = time.perf_counter()
    res = pd.concat([replication(cfg, seed + 10 * r, planted) for r in range(replications)], ignore_index=True)
    out = summarise(res)
    out["replications"] = replications
    out["planted_per_month"] = planted
    out["seconds"] = round(time.perf_counter() - start, 1)
    return out


def report(result: dict) -> str:
    lines = [
        f"Signals benchmark: {result['replications']} synthetic cities x {EVAL_MONTHS} months = {result['months']} "
        f"months, {result['cells_per_month']:.0f} buurt x category cells tested per month, "
        f"{result['planted_per_month']} planted per month ({result['seconds']} s)",
        "",
        "planted                                  planted  found  recall",
    ]
    for r in result["recall"]:
        band = f"expected {r['expected_from']:g}-{r['expected_to']:g}/month".replace("-inf", "+")
        if r["expected_to"] == np.inf and r["expected_from"] == BANDS[0][0]:
            band = "all cells"
        lines.append(f"+{r['extra']:<3} extra, {band:<30} {r['planted']:>7} {r['found']:>6} {r['recall']:>7.1%}")
    lines += [
        "",
        f"false alarms per month, share of the month's signals: mean {result['false_share_of_signals_mean']:.1%}, "
        f"worst month {result['false_share_of_signals_max']:.1%}",
        f"false alarms per unplanted cell: {result['false_per_null_cell']:.3%}; "
        f"mean {result['false_per_month_mean']:.2f} per month; "
        f"months with any: {result['months_with_a_false_alarm']:.0%}",
    ]
    return "\n".join(lines)
