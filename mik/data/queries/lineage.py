"""Reads of the lineage: every load, whether data is synthetic, whether a file was imported before."""

from __future__ import annotations

import pandas as pd

from mik.data.sql import fetch_df, fetch_one


def lineage(con) -> pd.DataFrame:
    return fetch_df(
        con,
        "SELECT id, loaded_at, kind, source, file_name, checksum, source_table, period_start, "
        "period_end, rows, synthetic, note FROM lineage ORDER BY id",
    )


def is_synthetic(con) -> bool:
    """True when any loaded data is synthetic demo data."""
    row = fetch_one(con, "SELECT coalesce(bool_or(synthetic), false) FROM lineage")
    return bool(row[0])


def already_loaded(con, kind: str, checksum: str) -> bool:
    """Whether a file with this SHA-256 was imported before as ``kind`` and is still what the
    database holds for its period: no other file of that kind covering part of the same period
    was imported after it (a corrected file). Importing the original again after a wrong
    correction then applies it again instead of saying "already imported"."""
    row = fetch_one(
        con,
        """WITH mine AS (SELECT * FROM lineage WHERE kind = $kind AND checksum = $sum ORDER BY id DESC LIMIT 1)
           SELECT count(*) FROM mine WHERE NOT EXISTS (
               SELECT 1 FROM lineage later WHERE later.kind = mine.kind AND later.id > mine.id
                 AND later.checksum IS DISTINCT FROM mine.checksum
                 AND (later.period_start IS NULL OR mine.period_start IS NULL
                      OR (later.period_start <= mine.period_end AND mine.period_start <= later.period_end)))""",
        {"kind": kind, "sum": checksum},
    )
    return bool(row[0])


def newest_loads(con, last: int = 3) -> list[dict]:
    """The newest ``last`` loads, newest first: when, kind, file (a load without a file, the demo's
    synthetic series, is named by its source) and rows (what a kept version is recognised by)."""
    rows = fetch_df(
        con,
        "SELECT loaded_at, kind, coalesce(file_name, source) AS file_name, rows FROM lineage ORDER BY id DESC LIMIT ?",
        [last],
    )
    return rows.to_dict("records")
