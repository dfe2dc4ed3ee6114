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


# --- areas ------------------------------------------------------------------------------------

_BUURT_TO_AREA = {
    # level -> SQL giving (buurt_code, area_code) pairs for the latest boundary year of each code
    "buurt": "SELECT code AS buurt_code, code AS area_code FROM areas WHERE level = 'buurt'",
    "wijk": "SELECT code AS buurt_code, parent_code AS area_code FROM areas WHERE level = 'buurt'",
    "gemeente": "SELECT code AS buurt_code, gemeente_code AS area_code FROM areas WHERE level = 'buurt'",
    "aandachtsgebied": "SELECT area_code AS buurt_code, attention_code AS area_code FROM attention_area_members",
}

LEVELS = tuple(_BUURT_TO_AREA)


def _mapping(level: str) -> str:
    if level not in _BUURT_TO_AREA:
        raise ValueError(f"unknown level {level!r}; use one of {', '.join(LEVELS)}")
    return f"(SELECT DISTINCT buurt_code, area_code FROM ({_BUURT_TO_AREA[level]}))"


def area_list(con, level: str | None = None) -> pd.DataFrame:
    """code, name, level, parent_code of every area (latest boundary year), attention areas too."""
    df = fetch_df(
        con,
        """
        SELECT code, name, level, parent_code, gemeente_code
        FROM areas
        QUALIFY row_number() OVER (PARTITION BY code ORDER BY boundary_year DESC) = 1
        UNION ALL
        SELECT code, name, 'aandachtsgebied', NULL, NULL FROM attention_areas
        ORDER BY code
        """,
    )
    return df if level is None else df[df.level == level].reset_index(drop=True)


def area_geometries(con, level: str, boundary_year: int | None = None) -> pd.DataFrame:
    """code, name, parent_code, boundary_year, geometry (WKB bytes) for one level."""
    df = fetch_df(
        con,
        """
        SELECT code, name, parent_code, boundary_year, geometry
        FROM areas
        WHERE level = $level AND ($year IS NULL OR boundary_year = $year)
        QUALIFY row_number() OVER (PARTITION BY code ORDER BY boundary_year DESC) = 1
        ORDER BY code
        """,
        {"level": level, "year": boundary_year},
    )
    df["geometry"] = [bytes(b) if b is not None else None for b in df.geometry]
    return df


def attention_members(con) -> pd.DataFrame:
    return fetch_df(con, "SELECT attention_code, area_code FROM attention_area_members ORDER BY 1, 2")


# --- registrations ----------------------------------------------------------------------------


# A row counts for a period when the whole span it covers (1 month, or 12 for a yearly figure)
# lies inside the period: a yearly CBS figure counts for the year, never for one of its months.
_WITHIN = "r.month >= $start AND r.month + to_months(r.months) <= $end"


def counts_by_area(
    con, categories: Sequence[str], start: dt.date, end: dt.date, level: str, gemeente: str | None = None
) -> pd.DataFrame:
    """Registrations summed per area of ``level`` over ``categories``, ``start <= month < end``.

    Returns area_code, count, months (distinct months with any registration of these
    categories). Areas without registrations are absent: join with :func:`area_list`.
    ``gemeente`` limits the result to the buurten (or wijken) of one gemeente (its codes share the
    gemeente number, so the filter is a prefix on the stored buurt code).
    """
    return fetch_df(
        con,
        f"""
        SELECT m.area_code, sum(r.count)::BIGINT AS count, count(DISTINCT r.month) AS months
        FROM registrations r JOIN {_mapping(level)} m ON r.area_code = m.buurt_code
        WHERE r.category_code IN (SELECT unnest($cats)) AND {_WITHIN}
          AND ($gm IS NULL OR starts_with(r.area_code, 'BU' || substr($gm, 3, 4)))
        GROUP BY m.area_code ORDER BY m.area_code
        """,
        {"cats": list(categories), "start": start, "end": end, "gm": gemeente},
    )


def monthly_counts(
    con,
    categories: Sequence[str],
    level: str,
    area_code: str | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
    gemeente: str | None = None,
) -> pd.DataFrame:
    """month, area_code, count per month for ``categories`` (one area, or all of a level).

    Only monthly rows: a yearly figure has no month to go to. ``gemeente`` limits the areas to
    those of one gemeente (as in :func:`counts_by_area`).
    """
    return fetch_df(
        con,
        f"""
        SELECT r.month, m.area_code, sum(r.count)::BIGINT AS count
        FROM registrations r JOIN {_mapping(level)} m ON r.area_code = m.buurt_code
        WHERE r.category_code IN (SELECT unnest($cats)) AND r.months = 1
          AND ($area IS NULL OR m.area_code = $area)
          AND ($start IS NULL OR r.month >= $start) AND ($end IS NULL OR r.month < $end)
          AND ($gm IS NULL OR starts_with(r.area_code, 'BU' || substr($gm, 3, 4)))
        GROUP BY r.month, m.area_code ORDER BY m.area_code, r.month
        """,
        {"cats": list(categories), "area": area_code, "start": start, "end": end, "gm": gemeente},
    )


def counts_by_category(con, level: str, area_code: str, start: dt.date, end: dt.date) -> pd.DataFrame:
    """category_code, name_nl, name_en, kind, main_code, count for one area and period."""
    return fetch_df(
        con,
        f"""
        SELECT c.code AS category_code, c.name_nl, c.name_en, c.kind, c.main_code,
               sum(r.count)::BIGINT AS count
        FROM registrations r JOIN {_mapping(level)} m ON r.area_code = m.buurt_code
        JOIN categories c ON c.code = r.category_code
        WHERE m.area_code = $area AND {_WITHIN}
        GROUP BY ALL ORDER BY count DESC, category_code
        """,
        {"area": area_code, "start": start, "end": end},
    )


def category_list(con) -> pd.DataFrame:
    return fetch_df(con, "SELECT code, name_nl, name_en, kind, main_code, is_main FROM categories ORDER BY code")


def category_leaves(con, code: str) -> list[str]:
    """The codes whose registrations make up ``code``: itself if it has registrations,
    else its sub-categories (recursively) that have. ``0.0.0`` from a CBS file is stored as such."""
    if has_registrations(con, [code]):
        return [code]
    tree = fetch_df(
        con,
        """
        WITH RECURSIVE tree(code) AS (
            SELECT $code
            UNION ALL
            SELECT c.code FROM categories c JOIN tree t ON c.main_code = t.code
        )
        SELECT DISTINCT code FROM tree WHERE code <> $code ORDER BY code
        """,
        {"code": code},
    )
    # one cheap existence check per code (a correlated EXISTS in the CTE scans the table per row)
    return [c for c in tree.code if has_registrations(con, [c])]


def has_registrations(con, categories: Sequence[str]) -> bool:
    """True when any registration of these categories is loaded (else a zero would be a lie)."""
    row = fetch_one(
        con,
        "SELECT EXISTS (SELECT 1 FROM registrations WHERE category_code IN (SELECT unnest($c)))",
        {"c": list(categories)},
    )
    return bool(row[0])


def loaded_kinds(con, start: dt.date, end: dt.date) -> set[int]:
    """The granularities (1 = monthly, 12 = yearly) of the registrations, of any category, that
    fall wholly in ``[start, end)``; empty when nothing is loaded for that period.

    A yearly figure never counts for one of its months, so a month of a year loaded only as a
    yearly total is *not* loaded: its figures are unknown, never zero.
    """
    df = fetch_df(con, f"SELECT DISTINCT months FROM registrations r WHERE {_WITHIN}", {"start": start, "end": end})
    return {int(m) for m in df.months}


def loaded_in(con, start: dt.date, end: dt.date) -> bool:
    """True when any registration that falls wholly in ``[start, end)`` is loaded."""
    return bool(loaded_kinds(con, start, end))


def unreported_buurten(con, categories: Sequence[str], start: dt.date, end: dt.date, level: str, area_code: str) -> int:
    """How many buurten of an area have no registration of ``categories`` that counts for
    ``[start, end)``. For a yearly CBS table (which lists every buurt) these are cells CBS left
    empty, so the area's sum is incomplete."""
    row = fetch_one(
        con,
        f"""
        SELECT count(*) FROM (SELECT DISTINCT buurt_code FROM {_mapping(level)} WHERE area_code = $area) b
        WHERE NOT EXISTS (
            SELECT 1 FROM registrations r
            WHERE r.area_code = b.buurt_code AND r.category_code IN (SELECT unnest($c)) AND {_WITHIN})
        """,
        {"area": area_code, "c": list(categories), "start": start, "end": end},
    )
    return int(row[0])


def registration_sources(con, categories: Sequence[str], start: dt.date, end: dt.date) -> list[str]:
    """The sources of the registrations of ``categories`` that count for ``[start, end)``."""
    df = fetch_df(
        con,
        f"SELECT DISTINCT source FROM registrations r WHERE r.category_code IN (SELECT unnest($c)) AND {_WITHIN} "
        "ORDER BY 1",
        {"c": list(categories), "start": start, "end": end},
    )
    return list(df.source)


def categories_in(con, start: dt.date, end: dt.date) -> list[str]:
    """The category codes with registrations that count for ``[start, end)``, in code order."""
    df = fetch_df(
        con,
        f"SELECT DISTINCT category_code FROM registrations r WHERE {_WITHIN} ORDER BY 1",
        {"start": start, "end": end},
    )
    return list(df.category_code)


def registered_categories(con) -> pd.DataFrame:
    """code, name_nl, name_en of the categories that have registrations loaded."""
    return fetch_df(
        con,
        "SELECT code, name_nl, name_en FROM categories WHERE code IN (SELECT DISTINCT category_code FROM "
        "registrations) ORDER BY code",
    )


def monthly_span(con) -> tuple[dt.date | None, dt.date | None]:
    """(first, last) month of the monthly registrations; (None, None) when only yearly figures
    (or nothing) are loaded."""
    return tuple(fetch_one(con, "SELECT min(month), max(month) FROM registrations WHERE months = 1"))


def area_gemeenten(con) -> list[str]:
    """The gemeente codes that have areas (boundaries) in the database."""
    return list(
        fetch_df(
            con, "SELECT DISTINCT gemeente_code FROM areas WHERE level <> 'aandachtsgebied' ORDER BY 1"
        ).gemeente_code
    )


def data_period(con) -> tuple[dt.date | None, dt.date | None]:
    """(first month, 'stand per' date) of the registrations, from the lineage table.

    The 'stand per' date is the last day covered by the newest registrations load; without
    lineage, the end of the last month with registrations.
    """
    row = fetch_one(
        con,
        """
        SELECT (SELECT min(month) FROM registrations),
               coalesce((SELECT max(period_end) FROM lineage WHERE kind IN ('registrations', 'crime')),
                        (SELECT last_day(max(month)) FROM registrations))
        """,
    )
    return row[0], row[1]


# --- population -------------------------------------------------------------------------------


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
        mapping AS {_mapping(level)},
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
        mapping AS {_mapping(level)},
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


def point_span(con) -> tuple[dt.date | None, dt.date | None]:
    """(first, last) month with street-level points; (None, None) without any."""
    return tuple(fetch_one(con, "SELECT min(month), max(month) FROM registration_points"))


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
            FROM population p JOIN {_mapping(level)} m ON p.area_code = m.buurt_code
            WHERE m.area_code = $area AND month(p.date) = 1 AND day(p.date) = 1
            GROUP BY 1
        )
        SELECT coalesce(o.y, s.y) AS y, coalesce(o.n, s.n) AS n
        FROM own o FULL OUTER JOIN summed s ON o.y = s.y ORDER BY 1
        """,
        {"area": area_code},
    )
    return {int(y): int(n) for y, n in zip(df.y, df.n, strict=True)}


# --- surveys and peers ------------------------------------------------------------------------


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


# --- plan activities, lineage -----------------------------------------------------------------


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


def lineage(con) -> pd.DataFrame:
    return fetch_df(
        con,
        "SELECT id, loaded_at, kind, source, file_name, checksum, source_table, period_start, "
        "period_end, rows, synthetic, note FROM lineage ORDER BY id",
    )


def is_synthetic(con) -> bool:
    """True when any loaded data is synthetic demo data."""
    row = fetch_one(con, "SELECT coalesce(bool_or(synthetic), false) FROM lineage")
    return bool(row[0])
