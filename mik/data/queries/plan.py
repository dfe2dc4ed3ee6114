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
