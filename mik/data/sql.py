"""Running SQL: one cursor per query (DuckDB connections are shared across Streamlit sessions)."""

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
