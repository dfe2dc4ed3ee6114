"""Street level: hexagons of registrations and the streets with the most, from the police export's
points (``registration_points``), for roles that may see the street level only.

Points are binned here, on the server, into hexagons ``size`` metres across in RD New (pointy-top,
axial coordinates), so no point leaves the server: a browser receives counts per hexagon. The
same small-count rules as everywhere apply: a role that sees the street level with suppression
gets no hexagon or street with fewer than the threshold (primary and secondary suppression). A role
without the street level gets :class:`~mik.access.AccessDenied` from every function here.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import shapely

from mik import geometry, queries
from mik.access import Access, check_level, suppress
from mik.dashboard import MapLayerData, _bounds, _feature_collection, _geojson, map_geometries
from mik.formatting import fmt_value
from mik.periods import Period

LEVEL = "straat"
HEX_SIZE_M = 150  # centre to corner: hexagons about 260 m across, a few street blocks
EDGES = (1, 5, 10, 20, 50)  # count classes of the hexagons: 1-4, 5-9, 10-19, 20-49, 50+


def points(con, categories: list[str], period: Period, access: Access | None, gemeente: str | None = None):
    """The points of ``categories`` in ``period`` (lon, lat, street, area_code, count)."""
    check_level(access, LEVEL)
    return queries.fetch_df(
        con,
        """
        SELECT p.lon, p.lat, p.street, p.area_code, a.name AS buurt, p.count
        FROM registration_points p
        LEFT JOIN (SELECT code, arg_max(name, boundary_year) AS name FROM areas GROUP BY code) a ON a.code = p.area_code
        WHERE p.category_code IN (SELECT unnest($cats)) AND p.month >= $start AND p.month < $end
          AND ($gm IS NULL OR starts_with(p.area_code, 'BU' || substr($gm, 3, 4)))
        """,
        {"cats": list(categories), "start": period.start, "end": period.end, "gm": gemeente},
    )


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


def hex_layer(
    con,
    categories: list[str],
    period: Period,
    access: Access | None,
    gemeente: str | None = None,
    lang: str = "nl",
    size: float = HEX_SIZE_M,
) -> MapLayerData:
    """The hexagon map: hexagons coloured by count class over the buurt outlines (unfilled)."""
    pts = points(con, categories, period, access, gemeente)
    hexes = hex_counts(pts, size)
    hexes = suppress(hexes, access, LEVEL)
    hexes = hexes[~hexes.suppressed & (pd.to_numeric(hexes["count"]) > 0)].reset_index(drop=True)
    colours = geometry.palette(len(EDGES))
    unit_word = "registraties" if lang != "en" else "registrations"
    legend = []
    for i, low in enumerate(EDGES):
        high = EDGES[i + 1] - 1 if i + 1 < len(EDGES) else None
        legend.append((colours[i], f"{low}–{high} {unit_word}" if high else f"{low}+ {unit_word}"))
    if access is not None and access.suppresses(LEVEL):
        legend = legend[1:]  # below the threshold nothing is drawn
    cls = np.searchsorted(EDGES, pd.to_numeric(hexes["count"]).to_numpy(), side="right") - 1
    shapes = [geometry.rd_to_wgs84(_hexagon(q, r, size)) for q, r in zip(hexes.q, hexes.r, strict=True)]
    near = "bij" if lang != "en" else "near"
    features = [
        {
            "type": "Feature",
            "geometry": g,
            "properties": {
                "code": f"hex:{q}:{r}",
                "name": f"{near} {street}" if isinstance(street, str) else "–",
                "label": fmt_value(float(n), "count", lang) + f" {unit_word}",
                "fill": geometry.hex_to_rgba(colours[c]),
                "colour": colours[c],
            },
        }
        for g, q, r, street, n, c in zip(
            _geojson(shapes), hexes.q, hexes.r, hexes.street, hexes["count"], cls, strict=True
        )
    ]
    geo = map_geometries(con, "buurt")
    if gemeente:
        geo = geo[geo.code.str[2:6] == gemeente[2:6]]
    outlines = _feature_collection(
        [{"type": "Feature", "geometry": g, "properties": {}} for g in _geojson(geo["geom"])]
    )
    frame = hexes.assign(
        code=[f"hex:{q}:{r}" for q, r in zip(hexes.q, hexes.r, strict=True)],
        name=[f"{near} {s}" if isinstance(s, str) else "–" for s in hexes.street],
        value=pd.to_numeric(hexes["count"]),
        population=np.nan,
        legend=[legend[c - (1 if access is not None and access.suppresses(LEVEL) else 0)][1] for c in cls],
    )
    frame["class"] = cls
    frame["label"] = [f["properties"]["label"] for f in features]
    frame = frame.sort_values("value", ascending=False, kind="stable")
    bounds = _bounds(geo["geom"]) if len(geo) else (0.0, 0.0, 0.0, 0.0)
    cols = ["code", "name", "value", "count", "population", "class", "label", "legend"]
    return MapLayerData(_feature_collection(features), outlines, legend, frame[cols], bounds, "count")


def top_streets(
    con, categories: list[str], period: Period, access: Access | None, gemeente: str | None = None, n: int = 15
) -> pd.DataFrame:
    """The streets with the most registrations: street, buurt, count, share of all points (%)."""
    pts = points(con, categories, period, access, gemeente)
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
