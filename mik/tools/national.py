"""A national-size synthetic dataset: every gemeente, wijk and buurt of a fictional country.

``generate(path, scale)`` writes, in DuckDB, areas with square geometry (gemeenten on a grid over
the Netherlands' extent, each split into wijken and buurten that tile it exactly), population per
year and monthly registrations per buurt and category, then exports the registrations to a
Parquet file: the "police export" that the benchmark imports. Everything is computed in SQL with
hash-based pseudo-random numbers, so the same scale gives the same data, fast and without
holding 100 million rows in Python.

Scales (``SCALES``): ``quick`` (about 1,400 buurten, 2 years, 20 categories) for a run under a
minute, ``city`` and ``national`` (about 14,000 buurten in 340 gemeenten, 2012-2024, 60
categories: about 100 million registration rows after leaving out zero counts).
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd
import shapely

from mik.data import geometry
from mik.data.store import connect, transaction


@dataclass(frozen=True)
class Scale:
    gemeenten: int
    wijken_per_gemeente: int
    buurten_per_wijk: int
    first_year: int
    last_year: int
    categories: int

    @property
    def buurten(self) -> int:
        return self.gemeenten * self.wijken_per_gemeente * self.buurten_per_wijk

    @property
    def months(self) -> int:
        return 12 * (self.last_year - self.first_year + 1)


SCALES = {
    "quick": Scale(36, 5, 8, 2015, 2016, 20),
    "city": Scale(1, 8, 6, 2012, 2024, 60),
    "national": Scale(342, 6, 7, 2012, 2024, 60),  # 14,364 buurten
}

# RD New extent of the Netherlands (roughly), where the grid of gemeenten is laid out
EXTENT = (13_000.0, 306_000.0, 278_000.0, 619_000.0)


def _grid(n: int) -> tuple[int, int]:
    cols = math.ceil(math.sqrt(n * (EXTENT[2] - EXTENT[0]) / (EXTENT[3] - EXTENT[1])))
    return cols, math.ceil(n / cols)


def build_areas(scale: Scale) -> pd.DataFrame:
    """Gemeenten, wijken and buurten as squares and strips that tile each other exactly."""
    cols, rows = _grid(scale.gemeenten)
    w = (EXTENT[2] - EXTENT[0]) / cols
    h = (EXTENT[3] - EXTENT[1]) / rows
    out = []
    for g in range(scale.gemeenten):
        gx, gy = EXTENT[0] + (g % cols) * w, EXTENT[1] + (g // cols) * h
        gm = "GM0935" if g == 0 else f"GM{9000 + g:04d}"  # the configured city is one of them
        out.append((gm, f"Gemeente {g + 1}", "gemeente", None, gm, shapely.box(gx, gy, gx + w, gy + h)))
        for k in range(scale.wijken_per_gemeente):
            wx = gx + k * w / scale.wijken_per_gemeente
            wk = f"WK{gm[2:]}{k:02d}"
            ww = w / scale.wijken_per_gemeente
            out.append((wk, f"Wijk {k}", "wijk", gm, gm, shapely.box(wx, gy, wx + ww, gy + h)))
            for b in range(scale.buurten_per_wijk):
                by = gy + b * h / scale.buurten_per_wijk
                bu = f"BU{gm[2:]}{k:02d}{b:02d}"
                out.append(
                    (
                        bu,
                        f"Buurt {g + 1}-{k}-{b}",
                        "buurt",
                        wk,
                        gm,
                        shapely.box(wx, by, wx + ww, by + h / scale.buurten_per_wijk),
                    )
                )
    df = pd.DataFrame(out, columns=["code", "name", "level", "parent_code", "gemeente_code", "rd"])
    wgs = [geometry.rd_to_wgs84(g) for g in df.rd]
    df["geometry"] = [geometry.to_wkb(g) for g in wgs]
    df["area_km2"] = [g.area / 1e6 for g in df.rd]
    df["boundary_year"] = scale.last_year
    return df.drop(columns="rd")


def generate(path: str | Path, scale: Scale, parquet: str | Path | None = None) -> dict:
    """Build the database at ``path`` without registrations, and the registrations as Parquet.

    Returns row counts. The registrations Parquet (the file the benchmark imports) is written to
    ``parquet`` (default: next to ``path``).
    """
    path = Path(path)
    parquet = Path(parquet) if parquet else path.with_suffix(".registrations.parquet")
    path.unlink(missing_ok=True)
    areas = build_areas(scale)
    con = connect(path)
    with transaction(con):
        con.register("_areas", areas)
        con.execute(
            "INSERT INTO areas (code, name, level, parent_code, gemeente_code, boundary_year, geometry, "
            "area_km2) SELECT code, name, level, parent_code, gemeente_code, boundary_year, geometry, "
            "area_km2 FROM _areas"
        )
        con.unregister("_areas")
        con.execute(
            """
            INSERT INTO population
            SELECT a.code, make_date(y.y::INT, 1, 1),
                   (400 + (hash(a.code) % 4000))::INT * (1 + 0.004 * (y.y - $first))::DOUBLE, 'synthetisch'
            FROM areas a, range($first, $last + 1) y(y) WHERE a.level = 'buurt'
        """,
            {"first": scale.first_year, "last": scale.last_year},
        )
        con.execute(
            """
            INSERT INTO categories
            SELECT 'N.' || lpad(i::VARCHAR, 2, '0'), 'Categorie ' || i, 'Category ' || i, 'misdrijf', NULL, false
            FROM range(1, $n + 1) t(i)
        """,
            {"n": scale.categories},
        )
        con.execute("""
            INSERT INTO lineage (loaded_at, kind, source, rows, synthetic, note)
            VALUES (TIMESTAMP '2025-01-01', 'areas', 'mik.tools.national', (SELECT count(*) FROM areas), true,
                    'national benchmark data')
        """)
    # Registrations: one row per buurt, month and category with a non-zero count. The count is
    # a deterministic pseudo-random number around a rate that differs per category and buurt.
    con.execute(f"""
        COPY (
            SELECT make_date(m.y::INT, m.mo::INT, 1) AS month, b.code AS area_code,
                   'N.' || lpad(c.i::VARCHAR, 2, '0') AS category_code,
                   (floor((hash(b.code, m.y, m.mo, c.i) % 1000) / 1000.0 * (1 + (c.i % 7)) * 2.2))::INT AS count
            FROM (SELECT code FROM areas WHERE level = 'buurt') b,
                 (SELECT y, mo FROM range({scale.first_year}, {scale.last_year + 1}) t(y), range(1, 13) u(mo)) m,
                 range(1, {scale.categories + 1}) c(i)
            WHERE (floor((hash(b.code, m.y, m.mo, c.i) % 1000) / 1000.0 * (1 + (c.i % 7)) * 2.2))::INT > 0
        ) TO '{parquet}' (FORMAT parquet, ROW_GROUP_SIZE 1000000)
    """)
    rows = con.execute(f"SELECT count(*) FROM read_parquet('{parquet}')").fetchone()[0]
    con.close()
    return {"areas": len(areas), "buurten": scale.buurten, "registrations": rows, "parquet": parquet}


def bulk_import(path: str | Path, parquet: str | Path) -> int:
    """Import a registrations Parquet file in one transaction (the national bulk load)."""
    con = duckdb.connect(str(path))
    try:
        with transaction(con):
            con.execute(f"""
                INSERT INTO registrations
                    (month, area_code, category_code, street, count, boundary_year, source, months)
                SELECT month, area_code, category_code, NULL, count, NULL, 'politie (bulk)', 1
                FROM read_parquet('{Path(parquet)}')
            """)
            n = con.execute("SELECT count(*) FROM registrations").fetchone()[0]
            # the gemeente totals the peer comparison reads (as CBS 47013NED would deliver them)
            con.execute("""
                INSERT INTO peer_figures (gemeente_code, gemeente_name, year, measure, value, population, source)
                SELECT a.gemeente_code, any_value(g.name), year(r.month), r.category_code, sum(r.count),
                       NULL, 'mik.tools.national'
                FROM registrations r JOIN areas a ON a.code = r.area_code
                JOIN areas g ON g.code = a.gemeente_code
                GROUP BY a.gemeente_code, year(r.month), r.category_code
            """)
            con.execute("""
                UPDATE peer_figures SET population = p.n FROM (
                    SELECT a.gemeente_code, year(p.date) AS y, sum(p.inhabitants) AS n
                    FROM population p JOIN areas a ON a.code = p.area_code GROUP BY ALL) p
                WHERE peer_figures.gemeente_code = p.gemeente_code AND peer_figures.year = p.y
            """)
            con.execute(
                "INSERT INTO lineage (loaded_at, kind, source, period_end, rows, synthetic) "
                "SELECT TIMESTAMP '2025-01-01', 'registrations', 'mik.tools.national', last_day(max(month)), ?, true "
                "FROM registrations",
                [n],
            )
        con.execute("CHECKPOINT")
        return n
    finally:
        con.close()


def month_export(path: str | Path, gemeente: str, month: dt.date, out: Path) -> Path:
    """A monthly police export (documented CSV) for one gemeente, for the update benchmark."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        df = con.execute(
            """
            SELECT strftime(?::DATE, '%Y-%m') AS maand, a.code AS buurtcode, '' AS straat, '' AS x, '' AS y,
                   c.code AS categorie, 1 + (hash(a.code, c.code) % 9) AS aantal
            FROM areas a, categories c WHERE a.level = 'buurt' AND a.gemeente_code = ? ORDER BY 2, 6
        """,
            [month, gemeente],
        ).df()
    finally:
        con.close()
    df.to_csv(out, sep=";", index=False)
    return out
