"""Reads of the street level: the police export's points (registration_points) and their span."""

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
