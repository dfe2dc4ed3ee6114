"""Reads of the areas per boundary year, aandachtsgebieden, and how buurten sum to every level."""

from __future__ import annotations

import pandas as pd

from mik.data.sql import fetch_df, fetch_one

_BUURT_TO_AREA = {
    # level -> SQL giving (buurt_code, area_code) pairs for the latest boundary year of each code
    "buurt": "SELECT code AS buurt_code, code AS area_code FROM areas WHERE level = 'buurt'",
    "wijk": "SELECT code AS buurt_code, parent_code AS area_code FROM areas WHERE level = 'buurt'",
    "gemeente": "SELECT code AS buurt_code, gemeente_code AS area_code FROM areas WHERE level = 'buurt'",
    "aandachtsgebied": "SELECT area_code AS buurt_code, attention_code AS area_code FROM attention_area_members",
}


LEVELS = tuple(_BUURT_TO_AREA)


def buurt_to_area_sql(level: str) -> str:
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


def area_gemeenten(con) -> list[str]:
    """The gemeente codes that have areas (boundaries) in the database."""
    return list(
        fetch_df(
            con, "SELECT DISTINCT gemeente_code FROM areas WHERE level <> 'aandachtsgebied' ORDER BY 1"
        ).gemeente_code
    )


def newest_boundary_year(con, level: str) -> int | None:
    """The newest boundary year loaded for ``level`` (None when it has no areas)."""
    row = fetch_one(con, "SELECT max(boundary_year) FROM areas WHERE level = $l", {"l": level})
    return None if row is None or row[0] is None else int(row[0])


def known_boundary_years(con) -> dict[str, set[int]]:
    """Area code -> the boundary years loaded for it."""
    out: dict[str, set[int]] = {}
    for code, year in fetch_df(con, "SELECT code, boundary_year FROM areas").itertuples(index=False):
        out.setdefault(code, set()).add(int(year))
    return out
