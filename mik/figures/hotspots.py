"""Street level: hexagons of registrations and the streets with the most, from the police export's
points (``registration_points``), for roles that may see the street level only.

Points are binned here, on the server, into hexagons ``size`` metres across in RD New (pointy-top,
axial coordinates), so no point leaves the server: a browser receives counts per hexagon. The
same small-count rules as everywhere apply: a role that sees the street level with suppression
gets no hexagon or street with fewer than the threshold (primary and secondary suppression). A role
without the street level gets :class:`~mik.privacy.access.AccessDenied` from every function here.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import shapely

from mik.data import geometry, queries
from mik.plan.periods import Period
from mik.privacy.access import Access, ensure, keep
from mik.privacy.suppression import suppress

LEVEL = "straat"
HEX_SIZE_M = 150  # centre to corner: hexagons about 260 m across, a few street blocks
EDGES = (1, 5, 10, 20, 50)  # count classes of the hexagons: 1-4, 5-9, 10-19, 20-49, 50+


def points(
    con, categories: list[str], period: Period, access: Access, gemeente: str | None = None, scope: str = "category"
):
    """The points of ``categories`` in ``period`` (lon, lat, street, area_code, count). ``scope``
    says what the categories are (``indicator``, ``total`` or ``category``): a street-level role
    with suppression gets whole years of the plan's indicators and the total only, as below the
    gemeente everywhere (:func:`mik.privacy.access.ensure`); parts and months could be subtracted.
    A role of some wijken gets the points in its buurten only."""
    ensure(access, level=LEVEL, period_kind=period.kind, categories=scope)
    return keep(access, queries.registration_points(con, categories, period.start, period.end, gemeente))


def _axial(x: np.ndarray, y: np.ndarray, size: float) -> tuple[np.ndarray, np.ndarray]:
    """Pointy-top hexagon (q, r) of each point, by cube rounding."""
    q = (math.sqrt(3) / 3 * x - y / 3) / size
    r = (2 / 3 * y) / size
    cx, cz = q, r
    cy = -cx - cz
    rx, ry, rz = np.round(cx), np.round(cy), np.round(cz)
    dx, dy, dz = np.abs(rx - cx), np.abs(ry - cy), np.abs(rz - cz)
    fix_x = (dx > dy) & (dx > dz)
    fix_y = ~fix_x & (dy > dz)
    rx = np.where(fix_x, -ry - rz, rx)
    rz = np.where(~fix_x & ~fix_y, -rx - ry, rz)
    return rx.astype(int), rz.astype(int)


def _hexagon(q: int, r: int, size: float) -> shapely.Polygon:
    cx = size * math.sqrt(3) * (q + r / 2)
    cy = size * 1.5 * r
    corners = [
        (cx + size * math.cos(math.radians(60 * i - 30)), cy + size * math.sin(math.radians(60 * i - 30)))
        for i in range(6)
    ]
    return shapely.Polygon(corners)


def hex_counts(pts: pd.DataFrame, size: float = HEX_SIZE_M) -> pd.DataFrame:
    """Counts per hexagon: q, r, count, top street (the street with most registrations in it)."""
    if pts.empty:
        return pd.DataFrame(columns=["q", "r", "count", "street"])
    rd = geometry._TO_RD.transform(pts.lon.to_numpy(), pts.lat.to_numpy())
    q, r = _axial(np.asarray(rd[0]), np.asarray(rd[1]), size)
    df = pts.assign(q=q, r=r)
    counts = df.groupby(["q", "r"], as_index=False)["count"].sum()
    streets = (
        df.dropna(subset=["street"])
        .groupby(["q", "r", "street"], as_index=False)["count"]
        .sum()
        .sort_values(["q", "r", "count", "street"], ascending=[True, True, False, True])
        .drop_duplicates(["q", "r"])
        .rename(columns={"count": "street_count"})
    )
    return counts.merge(streets[["q", "r", "street"]], on=["q", "r"], how="left")


def top_streets(
    con,
    categories: list[str],
    period: Period,
    access: Access,
    gemeente: str | None = None,
    n: int = 15,
    scope: str = "category",
) -> pd.DataFrame:
    """The streets with the most registrations: street, buurt, count, share of all points (%)."""
    pts = points(con, categories, period, access, gemeente, scope)
    if pts.empty:
        return pd.DataFrame(columns=["street", "buurt", "count", "share"])
    pts = pts.assign(street=pts.street.fillna("(zonder straat)"))
    df = pts.groupby(["street", "buurt"], as_index=False, dropna=False)["count"].sum()
    total = float(df["count"].sum())
    df = suppress(df, access, LEVEL)
    df = df[~df.suppressed]
    df["share"] = df["count"] / total * 100 if total else np.nan
    df = df.sort_values(["count", "street"], ascending=[False, True], kind="stable").head(n)
    return df[["street", "buurt", "count", "share"]].reset_index(drop=True)
