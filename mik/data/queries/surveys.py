"""Reads of the survey results: value per indicator, area and year with its 95% interval."""

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
