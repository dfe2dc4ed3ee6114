"""All SQL of MIK: ``fn(con, plain args) -> DataFrame``, bound parameters only.

Each function opens its own cursor (DuckDB connections are shared across Streamlit sessions; a
cursor per query keeps them independent). Every figure on screen comes from one of these
functions, so the SQL here is the documented query behind it (see docs/queries.md).

Area levels: registrations are stored per buurt (optionally per street within a buurt). Wijk,
gemeente and aandachtsgebied figures are sums over their buurten, through ``areas.parent_code``,
``areas.gemeente_code`` and ``attention_area_members``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from mik.data.sql import fetch_df, fetch_one


def point_span(con) -> tuple[dt.date | None, dt.date | None]:
    """(first, last) month with street-level points; (None, None) without any."""
    return tuple(fetch_one(con, "SELECT min(month), max(month) FROM registration_points"))


def registration_points(con, categories: Sequence[str], start: dt.date, end: dt.date, gemeente: str | None = None):
    """lon, lat, street, area_code, buurt (its name), count of the points of ``categories`` with a
    month in [start, end), of one gemeente's buurten when ``gemeente`` is given."""
    return fetch_df(
        con,
        """
        SELECT p.lon, p.lat, p.street, p.area_code, a.name AS buurt, p.count
        FROM registration_points p
        LEFT JOIN (SELECT code, arg_max(name, boundary_year) AS name FROM areas GROUP BY code) a ON a.code = p.area_code
        WHERE p.category_code IN (SELECT unnest($cats)) AND p.month >= $start AND p.month < $end
          AND ($gm IS NULL OR starts_with(p.area_code, 'BU' || substr($gm, 3, 4)))
        """,
        {"cats": list(categories), "start": start, "end": end, "gm": gemeente},
    )
