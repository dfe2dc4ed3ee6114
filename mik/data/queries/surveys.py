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

from mik.data.sql import fetch_df


def survey_values(con, indicator_id: str, area_code: str | None = None, year: int | None = None) -> pd.DataFrame:
    """indicator_id, area_code, year, value, lower, upper, n, source."""
    return fetch_df(
        con,
        """
        SELECT indicator_id, area_code, year, value, lower, upper, n, source
        FROM survey_results
        WHERE indicator_id = $ind AND ($area IS NULL OR area_code = $area)
          AND ($year IS NULL OR year = $year)
        ORDER BY area_code, year
        """,
        {"ind": indicator_id, "area": area_code, "year": year},
    )
