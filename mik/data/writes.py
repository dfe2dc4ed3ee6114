"""Writes of an import: rows replaced by their natural key, and the load recorded in the lineage.

Only :mod:`mik.ingest` writes, always on an unpublished copy and inside one transaction
(:func:`mik.ingest.common.apply_batch`); the app reads published files only.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from mik.data.store import table_names

KEYS: dict[str, tuple[str, ...]] = {
    "areas": ("code", "boundary_year"),
    "population": ("area_code", "date"),
    "area_context": ("area_code", "year", "key"),
    "categories": ("code",),
    "registrations": ("month", "area_code", "category_code", "street", "source"),
    # a month's points from one source are replaced whole: a corrected export leaves no stale point
    "registration_points": ("month", "source"),
    "denominators": ("area_code", "year", "series"),
    "survey_results": ("indicator_id", "area_code", "year", "source"),
    "peer_figures": ("gemeente_code", "year", "measure"),
    "activities": ("id",),
    "activity_status": ("activity_id", "date"),
}


def upsert(con, table: str, df: pd.DataFrame) -> None:
    """Replace the rows of ``table`` that ``df`` brings (same natural key, :data:`KEYS`), then insert ``df``."""
    keys = [k for k in KEYS[table] if k in df.columns]
    cols = ", ".join(f'"{c}"' for c in df.columns)
    con.register("_batch", df)
    try:
        # A hash join on the keys that cannot be NULL, the nullable ones (street) compared after it,
        # rows deleted by rowid: a monthly update of a national table takes milliseconds, where a
        # correlated EXISTS with IS NOT DISTINCT FROM scanned all of it.
        on = " AND ".join(f't."{k}" = b."{k}"' for k in keys if k not in NULLABLE_KEYS)
        nullable = " AND ".join(f't."{k}" IS NOT DISTINCT FROM b."{k}"' for k in keys if k in NULLABLE_KEYS)
        con.execute(f"""DELETE FROM "{table}" WHERE rowid IN (
                            SELECT t.rowid FROM "{table}" t JOIN _batch b ON {on} WHERE {nullable or "true"})""")
        con.execute(f'INSERT INTO "{table}" ({cols}) SELECT {cols} FROM _batch')
    finally:
        con.unregister("_batch")


NULLABLE_KEYS = {"street"}


def remove_registrations(
    con,
    *,
    gemeente: str,
    categories: list[str] | None,
    grain: int,
    year: int | None = None,
    months: list[dt.date] | None = None,
    source: str | None = None,
) -> int:
    """Remove one gemeente's registrations of ``categories`` at one ``grain`` (12: yearly figures of
    ``year``; 1: the ``months``; ``categories`` None: all), of one ``source`` or any; the points of
    removed months go too.
    Returns the rows removed. Used by an import that replaces them (a year is counted once)."""
    where = """months = $grain AND ($cats IS NULL OR category_code IN (SELECT unnest($cats)))
               AND starts_with(area_code, 'BU' || substr($gm, 3, 4))
               AND ($year IS NULL OR year(month) = $year)
               AND ($months IS NULL OR month IN (SELECT unnest($months)))
               AND ($source IS NULL OR source = $source)"""
    params = {"grain": grain, "cats": categories, "gm": gemeente, "year": year, "months": months, "source": source}
    removed = con.execute(f"SELECT count(*) FROM registrations WHERE {where}", params).fetchone()[0]
    con.execute(f"DELETE FROM registrations WHERE {where}", params)
    if grain == 1:
        points = {k: v for k, v in params.items() if k != "grain"}
        con.execute(
            """DELETE FROM registration_points WHERE ($cats IS NULL OR category_code IN (SELECT unnest($cats)))
               AND starts_with(area_code, 'BU' || substr($gm, 3, 4))
               AND ($year IS NULL OR year(month) = $year)
               AND ($months IS NULL OR month IN (SELECT unnest($months)))
               AND ($source IS NULL OR source = $source)""",
            points,
        )
    return int(removed)


def record_load(
    con,
    kind: str,
    source: str,
    file_name: str,
    checksum: str,
    source_table: str | None,
    period_start: dt.date | None,
    period_end: dt.date | None,
    rows: int,
    note: str | None,
) -> None:
    """One lineage row for an import (never synthetic: the demo writes its own)."""
    con.execute(
        "INSERT INTO lineage (loaded_at, kind, source, file_name, checksum, source_table, period_start, "
        "period_end, rows, synthetic, note) VALUES (current_timestamp, ?, ?, ?, ?, ?, ?, ?, ?, false, ?)",
        [kind, source, file_name, checksum, source_table, period_start, period_end, rows, note],
    )


def table_counts(con) -> dict[str, int]:
    """Rows per table of the database (what an import changed, before and after)."""
    return {t: con.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in table_names(con)}
