"""All SQL of MIK: ``fn(con, plain args) -> DataFrame``, bound parameters only.

Each function opens its own cursor (DuckDB connections are shared across Streamlit sessions; a
cursor per query keeps them independent). Every figure on screen comes from one of these
functions, so the SQL here is the documented query behind it (see docs/queries.md).

Area levels: registrations are stored per buurt (optionally per street within a buurt). Wijk,
gemeente and aandachtsgebied figures are sums over their buurten, through ``areas.parent_code``,
``areas.gemeente_code`` and ``attention_area_members``.
"""

from __future__ import annotations

from collections.abc import Sequence

import duckdb
import pandas as pd


def fetch_df(con: duckdb.DuckDBPyConnection, sql: str, params: Sequence | dict = ()) -> pd.DataFrame:
    """Run one query on its own cursor and return a DataFrame."""
    cur = con.cursor()
    try:
        return cur.execute(sql, params).df()
    finally:
        cur.close()


def fetch_one(con: duckdb.DuckDBPyConnection, sql: str, params: Sequence | dict = ()):
    cur = con.cursor()
    try:
        return cur.execute(sql, params).fetchone()
    finally:
        cur.close()
