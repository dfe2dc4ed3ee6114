"""All SQL of MIK: ``fn(con, plain args) -> DataFrame``, bound parameters only.

Each function opens its own cursor (DuckDB connections are shared across Streamlit sessions; a
cursor per query keeps them independent). Every figure on screen comes from one of these
functions, so the SQL here is the documented query behind it (see docs/queries.md).

Area levels: registrations are stored per buurt (optionally per street within a buurt). Wijk,
gemeente and aandachtsgebied figures are sums over their buurten, through ``areas.parent_code``,
``areas.gemeente_code`` and ``attention_area_members``.
"""

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
