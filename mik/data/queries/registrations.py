"""Reads of the police registrations: counts per area, month and category, and what is loaded when."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import pandas as pd

from mik.data.queries.areas import buurt_to_area_sql
from mik.data.sql import fetch_df, fetch_one

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
        FROM registrations r JOIN {buurt_to_area_sql(level)} m ON r.area_code = m.buurt_code
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
        FROM registrations r JOIN {buurt_to_area_sql(level)} m ON r.area_code = m.buurt_code
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
        FROM registrations r JOIN {buurt_to_area_sql(level)} m ON r.area_code = m.buurt_code
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
        SELECT count(*) FROM (SELECT DISTINCT buurt_code FROM {buurt_to_area_sql(level)} WHERE area_code = $area) b
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


def monthly_months_loaded(con, months: Sequence[dt.date]) -> list[dt.date]:
    """Which of ``months`` have monthly registrations loaded (a gap is missing, not zero)."""
    df = fetch_df(
        con, "SELECT DISTINCT month FROM registrations WHERE months = 1 AND month IN (SELECT unnest($m))", {"m": months}
    )
    return sorted(pd.to_datetime(df.month).dt.date)


def monthly_counts_by_area(
    con, categories: Sequence[str], months: Sequence[dt.date], level: str, gemeente: str | None = None
) -> pd.DataFrame:
    """area_code, category_code, month, count: monthly registrations of ``categories`` in ``months``
    per area of ``level`` (of one gemeente's buurten when ``gemeente`` is given)."""
    return fetch_df(
        con,
        f"""
        SELECT m.area_code, r.category_code, r.month, sum(r.count)::BIGINT AS count
        FROM registrations r JOIN {buurt_to_area_sql(level)} m ON r.area_code = m.buurt_code
        WHERE r.months = 1 AND r.category_code IN (SELECT unnest($cats)) AND r.month IN (SELECT unnest($months))
          AND ($gm IS NULL OR starts_with(r.area_code, 'BU' || substr($gm, 3, 4)))
        GROUP BY ALL
        """,
        {"cats": list(categories), "months": list(months), "gm": gemeente},
    )


def category_codes(con) -> set[str]:
    """Every category code known (the categories table)."""
    return set(fetch_df(con, "SELECT code FROM categories").code)


def registration_grains(con, years: Sequence[int], categories: Sequence[str], gemeente: str) -> pd.DataFrame:
    """What is loaded of ``categories`` in ``years`` for one gemeente's buurten, per year, category,
    source and grain (``months``: 1 or 12): the count and the months held (an import checks that a
    year is counted once, :func:`mik.ingest.crime.count_once`)."""
    return fetch_df(
        con,
        """
        SELECT year(month) AS year, category_code, source, months, sum(count)::BIGINT AS count,
               list(DISTINCT month ORDER BY month) AS month_list
        FROM registrations
        WHERE year(month) IN (SELECT unnest($years)) AND category_code IN (SELECT unnest($cats))
          AND starts_with(area_code, 'BU' || substr($gm, 3, 4))
        GROUP BY ALL ORDER BY ALL
        """,
        {"years": [int(y) for y in years], "cats": list(categories), "gm": gemeente},
    )
