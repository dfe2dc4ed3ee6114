"""Reads of the comparison set: peer figures, populations, denominators and density per gemeente."""

from __future__ import annotations

import pandas as pd

from mik.data.sql import fetch_df


def peer_values(con, measure: str, year: int | None = None) -> pd.DataFrame:
    """gemeente_code, gemeente_name, year, value, lower, upper, population, source."""
    return fetch_df(
        con,
        """
        SELECT gemeente_code, gemeente_name, year, value, lower, upper, population, source
        FROM peer_figures
        WHERE measure = $m AND ($year IS NULL OR year = $year) AND value IS NOT NULL
        ORDER BY year, gemeente_code
        """,
        {"m": measure, "year": year},
    )


def peer_measure_codes(con) -> list[str]:
    """The measures (indicator ids and category codes) with peer figures."""
    return list(fetch_df(con, "SELECT DISTINCT measure FROM peer_figures ORDER BY measure").measure)


def peer_figure_years(con) -> list[int]:
    """The years with peer figures, oldest first."""
    return [int(y) for y in fetch_df(con, "SELECT DISTINCT year FROM peer_figures ORDER BY year").year]


def peer_populations(con, year: int) -> pd.DataFrame:
    """gemeente_code, gemeente_name, population of every gemeente with peer figures in ``year``."""
    return fetch_df(
        con,
        """SELECT gemeente_code, arg_max(gemeente_name, population) AS gemeente_name, max(population) AS population
           FROM peer_figures WHERE year = $y AND population IS NOT NULL GROUP BY 1""",
        {"y": year},
    )


def gemeente_denominators(con, year: int) -> pd.DataFrame:
    """gemeente_code, series, value: each gemeente's extra denominators in the year nearest ``year``."""
    return fetch_df(
        con,
        """SELECT area_code AS gemeente_code, series, value FROM denominators
           WHERE starts_with(area_code, 'GM')
           QUALIFY row_number() OVER (PARTITION BY area_code, series ORDER BY abs(year - $y), year DESC) = 1""",
        {"y": year},
    )


def gemeente_density(con, year: int) -> pd.DataFrame:
    """gemeente_code, density: inhabitants per km2 (kerncijfers) in the year nearest ``year``."""
    return fetch_df(
        con,
        """SELECT area_code AS gemeente_code, value AS density FROM area_context
           WHERE key = 'bevolkingsdichtheid' AND starts_with(area_code, 'GM')
           QUALIFY row_number() OVER (PARTITION BY area_code ORDER BY abs(year - $y), year DESC) = 1""",
        {"y": year},
    )


def peer_population_pairs(con) -> dict[str, float]:
    """``"GMxxxx|year"`` -> population of the peer rows that have one (kept when figures are replaced)."""
    rows = fetch_df(
        con, "SELECT gemeente_code || '|' || year AS k, population FROM peer_figures WHERE population IS NOT NULL"
    )
    return dict(zip(rows.k, rows.population, strict=True))


def peer_rows(con) -> pd.DataFrame:
    """Every peer figure: gemeente_code, gemeente_name, year, measure, value, lower, upper, source."""
    return fetch_df(
        con, "SELECT gemeente_code, gemeente_name, year, measure, value, lower, upper, source FROM peer_figures"
    )
