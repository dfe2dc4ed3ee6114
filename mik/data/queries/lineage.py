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
    """Whether a file with this SHA-256 was imported before as ``kind``."""
    row = fetch_one(con, "SELECT count(*) FROM lineage WHERE kind = ? AND checksum = ?", [kind, checksum])
    return bool(row[0])
