"""Geometry: WKB to and from DuckDB, areas in km2, tiling checks.

Areas are stored in WGS84 (EPSG:4326) as WKB. Areas and tiling checks are computed in RD New
(EPSG:28992), the Dutch national grid, where units are metres.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
import shapely
from pyproj import Transformer
from shapely.geometry.base import BaseGeometry

WGS84 = "EPSG:4326"
RD_NEW = "EPSG:28992"

_TO_WGS84 = Transformer.from_crs(RD_NEW, WGS84, always_xy=True)
_TO_RD = Transformer.from_crs(WGS84, RD_NEW, always_xy=True)


def _reproject(geom: BaseGeometry, transformer: Transformer) -> BaseGeometry:
    def fn(xy: np.ndarray) -> np.ndarray:
        x, y = transformer.transform(xy[:, 0], xy[:, 1])
        return np.column_stack([x, y])

    return shapely.transform(geom, fn)


def rd_to_wgs84(geom: BaseGeometry) -> BaseGeometry:
    """Reproject a shapely geometry from RD New to WGS84 (lon/lat)."""
    return _reproject(geom, _TO_WGS84)


def wgs84_to_rd(geom: BaseGeometry) -> BaseGeometry:
    """Reproject a shapely geometry from WGS84 (lon/lat) to RD New (metres)."""
    return _reproject(geom, _TO_RD)


def to_wkb(geom: BaseGeometry) -> bytes:
    """Shapely geometry to WKB bytes for a DuckDB BLOB column."""
    return shapely.to_wkb(geom)


def from_wkb(blob: bytes | bytearray | memoryview | None) -> BaseGeometry | None:
    """WKB from DuckDB (bytes, or bytearray as ``.df()`` returns BLOBs) to shapely."""
    if blob is None or (isinstance(blob, float) and pd.isna(blob)):
        return None
    return shapely.from_wkb(bytes(blob))


def area_km2(geom_wgs84: BaseGeometry) -> float:
    """Area of a WGS84 geometry in km2, measured in RD New."""
    return wgs84_to_rd(geom_wgs84).area / 1e6


def tiling_report(parts: Sequence[BaseGeometry], whole: BaseGeometry | None = None) -> dict:
    """How well ``parts`` tile ``whole`` (or their own union), in the units of the input.

    Returns the summed area, the union's area, the overlap (sum minus union), the gap (whole minus
    union) and whether every part is valid.
    """
    union = shapely.union_all(list(parts))
    total = sum(p.area for p in parts)
    outer = whole if whole is not None else union
    return {
        "sum_area": total,
        "union_area": union.area,
        "overlap": total - union.area,
        "gap": outer.difference(union).area,
        "all_valid": all(p.is_valid for p in parts),
    }


# --- map preparation: simplification, class breaks, colours -----------------------------------


def simplify_wgs84(geom: BaseGeometry, tolerance_m: float = 15.0) -> BaseGeometry:
    """Simplify in metres (RD New) and return WGS84, keeping the topology valid."""
    return rd_to_wgs84(wgs84_to_rd(geom).simplify(tolerance_m, preserve_topology=True))
