"""``python -m mik bench``: how MIK's costs grow with the data, measured, with a baseline per step.

Every step prints its time (median of repeated runs for queries), the process memory (resident
set size now and at its peak) and a ratio against a naive baseline measured in the same run:

* bulk import: DuckDB's columnar insert from Parquet versus row-by-row ``executemany`` inserts
  (rows per second, on a sample);
* database size: bytes per row versus the uncompressed CSV of the same rows;
* page queries: the SQL behind each page versus the same aggregation in pandas over the same rows
  held in memory (on a sample of at most ``PANDAS_ROWS`` rows, scaled linearly when the data is
  larger, and said so);
* choropleth: the simplified, rounded GeoJSON payload versus the full-precision payload;
* monthly update: one month for one gemeente through the real importer (one transaction);
* page renders: AppTest on the benchmark database.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import duckdb
import pandas as pd
from shapely.geometry import mapping

from mik.privacy.access import FULL
from mik.settings import ROOT

PANDAS_ROWS = 20_000_000
GOALS = {
    "bulk import": "100 M rows within 180 s",
    "page query": "median under 200 ms",
    "national choropleth": "payload under 8 MB, built in under 1.5 s",
    "monthly update": "under 5 s",
}


def rss_mb() -> tuple[float, float]:
    """(resident MB now, peak resident MB) of this process."""
    now = peak = 0.0
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                now = int(line.split()[1]) / 1024
            elif line.startswith("VmHWM:"):
                peak = int(line.split()[1]) / 1024
    return now, peak


def timed(fn: Callable, runs: int = 1) -> tuple[float, object]:
    times, result = [], None
    for _ in range(runs):
        t = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times), result


class Printer:
    def __init__(self):
        print(f"{'step':<44}{'value':>16}{'baseline':>16}{'ratio':>9}  {'memory MB (peak)':>18}")

    def row(self, step: str, value: str, baseline: str = "", ratio: float | None = None, note: str = "") -> None:
        now, peak = rss_mb()
        r = f"{ratio:>8.1f}x" if ratio is not None else " " * 9
        print(
            f"{step:<44}{value:>16}{baseline:>16}{r}  {now:>8.0f} ({peak:>6.0f}){('  ' + note) if note else ''}",
            flush=True,
        )


def run(scale_name: str = "quick", workdir: Path | None = None, pages: bool = True) -> int:
    from mik.data import queries
    from mik.figures import comparisons
    from mik.ingest.run import run_import
    from mik.plan.config import load_config
    from mik.plan.periods import parse_period
    from mik.tools import national
    from mik.views import maps

    scale = national.SCALES[scale_name]
    workdir = Path(workdir or tempfile.mkdtemp(prefix="mik-bench-"))
    db = workdir / f"mik-{scale_name}.duckdb"
    print(
        f"MIK benchmark, scale {scale_name}: {scale.gemeenten} gemeenten, {scale.buurten} buurten, "
        f"{scale.months} months, {scale.categories} categories; {os.cpu_count()} cores; files in {workdir}"
    )
    p = Printer()

    t, info = timed(lambda: national.generate(db, scale))
    rows = info["registrations"]
    p.row("generate areas + registrations (Parquet)", f"{t:.1f} s", note=f"{rows:,} registration rows")

    # bulk import versus row-by-row inserts of a sample
    t_bulk, _ = timed(lambda: national.bulk_import(db, info["parquet"]))
    sample = duckdb.sql(f"SELECT * FROM read_parquet('{info['parquet']}') LIMIT 20000").df()
    naive = duckdb.connect()
    naive.execute("CREATE TABLE r (month DATE, area_code VARCHAR, category_code VARCHAR, count INTEGER)")
    t_naive, _ = timed(
        lambda: naive.executemany("INSERT INTO r VALUES (?, ?, ?, ?)", sample.itertuples(index=False, name=None))
    )
    bulk_rate, naive_rate = rows / t_bulk, len(sample) / t_naive
    p.row(
        "bulk import (rows/s)",
        f"{bulk_rate:,.0f}",
        f"{naive_rate:,.0f}",
        bulk_rate / naive_rate,
        f"{rows:,} rows in {t_bulk:.1f} s with the peers' gemeente totals (goal {GOALS['bulk import']})",
    )

    size = db.stat().st_size
    csv_bytes = len(sample.to_csv(index=False).encode()) / len(sample) * rows
    p.row(
        "database size (bytes per registration)",
        f"{size / rows:.1f}",
        f"{csv_bytes / rows:.1f}",
        csv_bytes / size,
        f"{size / 1e6:,.0f} MB on disk vs {csv_bytes / 1e6:,.0f} MB as CSV",
    )

    con = duckdb.connect(str(db), read_only=True)
    cats = [f"N.{i:02d}" for i in range(1, 8)]
    year = parse_period(str(scale.last_year))
    gm = "GM0935"
    t_load, frame = timed(lambda: _pandas_frame(db, info["parquet"]))
    factor = rows / len(frame)
    scaled = f" (pandas on {len(frame):,} rows, x{factor:.1f})" if factor > 1.01 else ""
    p.row("pandas baseline: load rows into memory", f"{t_load:.1f} s", note=f"{len(frame):,} rows{scaled}")

    def both(step, sql_fn, pandas_fn):
        t_sql, _ = timed(sql_fn, runs=5)
        t_pd, _ = timed(pandas_fn, runs=3)
        p.row(
            step,
            f"{t_sql * 1000:.0f} ms",
            f"{t_pd * factor * 1000:.0f} ms",
            t_pd * factor / t_sql,
            f"median of 5 (goal {GOALS['page query']}){scaled}",
        )

    in_year = (frame.month >= pd.Timestamp(year.start)) & (frame.month < pd.Timestamp(year.end))
    is_cat = frame.category_code.isin(cats)
    both(
        "query: one gemeente's indicator series",
        lambda: queries.monthly_counts(con, cats, "gemeente", gm),
        lambda: frame[is_cat & (frame.gemeente_code == gm)].groupby("month")["count"].sum(),
    )
    both(
        "query: buurten of one gemeente (map)",
        lambda: queries.counts_by_area(con, cats, year.start, year.end, "buurt", gemeente=gm),
        lambda: frame[is_cat & in_year & (frame.gemeente_code == gm)].groupby("area_code")["count"].sum(),
    )
    both(
        "query: all buurten of the country (map)",
        lambda: queries.counts_by_area(con, cats, year.start, year.end, "buurt"),
        lambda: frame[is_cat & in_year].groupby("area_code")["count"].sum(),
    )
    cfg = load_config()
    both(
        "query: peer comparison (page)",
        lambda: comparisons.peer_comparison(con, cfg, cats[0], scale.last_year, access=FULL),
        lambda: (
            frame[frame.category_code == cats[0]]
            .groupby([frame.gemeente_code, frame.month.dt.year])["count"]
            .sum()
            .groupby(level=1)
            .mean()
        ),
    )

    t_geo, geo = timed(lambda: maps.map_geometries(con, "buurt"))
    p.row("choropleth: prepare geometry (once, cached)", f"{t_geo:.2f} s", note=f"{len(geo):,} buurten")
    t_map, layer = timed(lambda: _category_map(con, cfg, year, cats[0], geo), runs=3)
    payload = len(json.dumps(layer.features).encode())
    full = _full_payload(con)
    p.row(
        "choropleth: national payload (MB)",
        f"{payload / 1e6:.2f}",
        f"{full / 1e6:.2f}",
        full / payload,
        f"built in {t_map:.2f} s, median of 3 (goal {GOALS['national choropleth']})",
    )
    con.close()

    month = dt.date(scale.last_year + 1, 1, 1)
    export = national.month_export(db, gm, month, workdir / "maandexport.csv")
    t_upd, result = timed(lambda: run_import(db, "crime", export, gm))
    p.row("monthly update, one gemeente", f"{t_upd:.2f} s", note=f"{result.rows} rows (goal {GOALS['monthly update']})")

    if pages:
        _page_times(db, p)
    return 0


def _pandas_frame(db: Path, parquet: Path) -> pd.DataFrame:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(
            f"SELECT r.month, r.area_code, r.category_code, r.count, a.gemeente_code "
            f"FROM read_parquet('{parquet}') r JOIN areas a ON a.code = r.area_code LIMIT {PANDAS_ROWS}"
        ).df()
    finally:
        con.close()


def _category_map(con, cfg, year, category, geo):
    """The Kaart page's map of one category for every buurt (geometry prepared once, as cached)."""
    from mik.views import maps

    return maps.choropleth(
        con,
        cfg,
        "buurt",
        year,
        category=category,
        geo=geo,
        outlines={"type": "FeatureCollection", "features": []},
        access=FULL,
    )


def _full_payload(con) -> int:
    from mik.data import geometry, queries

    geo = queries.area_geometries(con, "buurt")
    features = [
        {"type": "Feature", "geometry": mapping(geometry.from_wkb(b)), "properties": {"code": c}}
        for c, b in zip(geo.code, geo.geometry, strict=True)
    ]
    return len(json.dumps({"type": "FeatureCollection", "features": features}).encode())


def _page_times(db: Path, p: Printer) -> None:
    """Page renders through AppTest, in a separate process (scripts/page_times.py): mik itself
    never imports Streamlit."""
    import subprocess
    import sys

    env = {**os.environ, "MIK_DB": str(db), "MIK_BASEMAP": "none", "MIK_AUTH": "off"}
    res = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "page_times.py"), "--runs", "1"],
        env=env,
        capture_output=True,
        text=True,
        timeout=3600,
    )
    for line in res.stdout.splitlines()[1:]:
        parts = line.split()
        if len(parts) >= 3 and not line.startswith("slowest"):
            extra = " ".join(parts[3:])
            p.row(f"page render: {parts[0]}", f"{float(parts[1]):.2f} s", note=f"warm {parts[2]} s {extra}".rstrip())
    if res.returncode:
        print(res.stderr[-2000:])
