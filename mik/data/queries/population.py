"""Reads of the denominators: inhabitants per area and year, and the extra series (visitors, students)."""

from __future__ import annotations

import pandas as pd

from mik.data.queries.areas import buurt_to_area_sql
from mik.data.sql import fetch_df


def has_population(con) -> bool:
    """Whether any inhabitants are loaded (rates per 1,000 need them)."""
    return bool(fetch_df(con, "SELECT count(*) AS n FROM population").n.iloc[0])


def population_by_area(con, level: str, year: int) -> pd.DataFrame:
    """Inhabitants per area of ``level`` for 1 January of ``year``, nearest year if missing.

    Returns area_code, inhabitants, population_year. Stored figures for the area itself are used
    when present; otherwise (wijk, gemeente, aandachtsgebied) the sum of its buurten.
    """
    return fetch_df(
        con,
        f"""
        WITH nearest AS (
            SELECT area_code, inhabitants, year(date) AS py
            FROM population
            WHERE month(date) = 1 AND day(date) = 1
            QUALIFY row_number() OVER (PARTITION BY area_code
                                       ORDER BY abs(year(date) - $year), year(date) DESC) = 1
        ),
        mapping AS {buurt_to_area_sql(level)},
        summed AS (
            SELECT m.area_code, sum(n.inhabitants)::BIGINT AS inhabitants, max(n.py) AS py
            FROM mapping m JOIN nearest n ON n.area_code = m.buurt_code
            GROUP BY m.area_code
        )
        SELECT t.area_code,
               coalesce(n.inhabitants, s.inhabitants)::BIGINT AS inhabitants,
               coalesce(n.py, s.py) AS population_year
        FROM (SELECT DISTINCT area_code FROM mapping) t
        LEFT JOIN nearest n ON n.area_code = t.area_code
        LEFT JOIN summed s ON s.area_code = t.area_code
        ORDER BY t.area_code
        """,
        {"year": year},
    )


def visitor_equivalents(con, weights: dict[str, float], level: str, year: int) -> pd.DataFrame:
    """People present besides the inhabitants, per area of ``level``: the sum over the series of
    ``weights`` (series -> person-years per unit) of each series' value in the year nearest to
    ``year``. An area's own figure is used where stored, else the sum of its buurten. Returns
    area_code (also gemeente codes without boundaries: the reference municipalities), visitors,
    series (how many series), denominator_year. Empty when nothing of ``weights`` is loaded.
    """
    if not weights:
        return pd.DataFrame(columns=["area_code", "visitors", "series", "denominator_year"])
    return fetch_df(
        con,
        f"""
        WITH w AS (SELECT unnest($series) AS series, unnest($weight) AS weight),
        nearest AS (
            SELECT d.area_code, d.series, d.value * w.weight AS persons, d.year
            FROM denominators d JOIN w USING (series)
            QUALIFY row_number() OVER (PARTITION BY d.area_code, d.series
                                       ORDER BY abs(d.year - $year), d.year DESC) = 1
        ),
        own AS (
            SELECT area_code, sum(persons) AS visitors, count(*) AS series, max(year) AS dy
            FROM nearest GROUP BY area_code
        ),
        mapping AS {buurt_to_area_sql(level)},
        summed AS (
            SELECT m.area_code, sum(n.persons) AS visitors, count(DISTINCT n.series) AS series, max(n.year) AS dy
            FROM mapping m JOIN nearest n ON n.area_code = m.buurt_code
            GROUP BY m.area_code
        )
        SELECT coalesce(o.area_code, s.area_code) AS area_code,
               coalesce(o.visitors, s.visitors) AS visitors,
               coalesce(o.series, s.series) AS series,
               coalesce(o.dy, s.dy) AS denominator_year
        FROM own o FULL JOIN summed s ON s.area_code = o.area_code
        WHERE ($level = 'gemeente' AND starts_with(coalesce(o.area_code, s.area_code), 'GM'))
           OR ($level = 'wijk' AND starts_with(coalesce(o.area_code, s.area_code), 'WK'))
           OR ($level = 'buurt' AND starts_with(coalesce(o.area_code, s.area_code), 'BU'))
           OR $level NOT IN ('gemeente', 'wijk', 'buurt')
        ORDER BY 1
        """,
        {"series": list(weights), "weight": [float(v) for v in weights.values()], "year": year, "level": level},
    )


def denominator_series(con) -> pd.DataFrame:
    """The extra denominators loaded: series, level (of the codes), areas, first and last year."""
    return fetch_df(
        con,
        """
        SELECT series,
               CASE WHEN starts_with(area_code, 'GM') THEN 'gemeente'
                    WHEN starts_with(area_code, 'WK') THEN 'wijk' ELSE 'buurt' END AS level,
               count(DISTINCT area_code) AS areas, min(year) AS first_year, max(year) AS last_year
        FROM denominators GROUP BY ALL ORDER BY series, level
        """,
    )


def population_years(con, level: str, area_code: str) -> dict[int, int]:
    """Inhabitants on 1 January per year for one area: its own figures where stored, else the sum
    of its buurten (years with no figure at all are absent)."""
    df = fetch_df(
        con,
        f"""
        WITH own AS (
            SELECT year(date) AS y, inhabitants::BIGINT AS n FROM population
            WHERE area_code = $area AND month(date) = 1 AND day(date) = 1
        ),
        summed AS (
            SELECT year(p.date) AS y, sum(p.inhabitants)::BIGINT AS n
            FROM population p JOIN {buurt_to_area_sql(level)} m ON p.area_code = m.buurt_code
            WHERE m.area_code = $area AND month(p.date) = 1 AND day(p.date) = 1
            GROUP BY 1
        )
        SELECT coalesce(o.y, s.y) AS y, coalesce(o.n, s.n) AS n
        FROM own o FULL OUTER JOIN summed s ON o.y = s.y ORDER BY 1
        """,
        {"area": area_code},
    )
    return {int(y): int(n) for y, n in zip(df.y, df.n, strict=True)}
