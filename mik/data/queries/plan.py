"""Reads of the plan's actions with their latest status."""

from __future__ import annotations

import pandas as pd

from mik.data.sql import fetch_df


def activities(con) -> pd.DataFrame:
    """Every action with its latest status and the date of that status."""
    return fetch_df(
        con,
        """
        SELECT a.id, a.theme_id, a.item, a.description, a.term, a.parties, a.lead,
               s.status, s.date AS status_date
        FROM activities a
        LEFT JOIN (SELECT * FROM activity_status
                   QUALIFY row_number() OVER (PARTITION BY activity_id ORDER BY date DESC) = 1) s
          ON s.activity_id = a.id
        ORDER BY a.id
        """,
    )
