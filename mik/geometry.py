"""Geometry: WKB to and from DuckDB, areas in km2, tiling checks.

Areas are stored in WGS84 (EPSG:4326) as WKB. Areas and tiling checks are computed in RD New
(EPSG:28992), the Dutch national grid, where units are metres.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence

import numpy as np
import pandas as pd
import shapely
from pyproj import Transformer
from shapely.geometry.base import BaseGeometry

with warnings.catch_warnings():  # mapclassify warns that the optional numba is missing
    warnings.simplefilter("ignore")
    import mapclassify  # imported here, once per process: it takes about a second (scipy, sklearn)

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

#: Sequential, colour-blind-safe (viridis, light to dark) for 3 to 7 classes; no-data is grey.
SEQUENTIAL = (
    "#FDE725",
    "#B5DE2B",
    "#6ECE58",
    "#35B779",
    "#1F9E89",
    "#26828E",
    "#31688E",
    "#3E4989",
    "#482878",
    "#440154",
)
NO_DATA_COLOUR = "#D9D9D9"
SUPPRESSED_COLOUR = "#8C8C8C"
SCHEMES = ("quantiles", "natural_breaks", "equal_interval")


def simplify_wgs84(geom: BaseGeometry, tolerance_m: float = 15.0) -> BaseGeometry:
    """Simplify in metres (RD New) and return WGS84, keeping the topology valid."""
    return rd_to_wgs84(wgs84_to_rd(geom).simplify(tolerance_m, preserve_topology=True))


def palette(k: int) -> list[str]:
    """``k`` colours spread over the sequential palette, light (low) to dark (high)."""
    if k <= 0:
        return []
    if k == 1:
        return [SEQUENTIAL[4]]
    idx = np.linspace(0, len(SEQUENTIAL) - 1, k).round().astype(int)
    return [SEQUENTIAL[i] for i in idx]


def classify(values: pd.Series, scheme: str = "quantiles", k: int = 5) -> tuple[list[int], list[float]]:
    """Class index per value (-1 for missing) and the upper bounds of the classes.

    ``scheme``: ``quantiles``, ``natural_breaks`` (Fisher-Jenks) or ``equal_interval``, computed
    with mapclassify on the values that exist. Fewer distinct values than ``k`` give fewer
    classes.
    """
    if scheme not in SCHEMES:
        raise ValueError(f"unknown classification {scheme!r}; use one of {', '.join(SCHEMES)}")
    present = values.dropna().astype(float)
    if present.empty:
        return [-1] * len(values), []
    k = max(1, min(k, present.nunique()))
    if k == 1:
        return [0 if pd.notna(v) else -1 for v in values], [float(present.max())]
    cls = {
        "quantiles": mapclassify.Quantiles,
        "natural_breaks": mapclassify.FisherJenks,
        "equal_interval": mapclassify.EqualInterval,
    }[scheme](present.to_numpy(), k=k)
    bins = [float(b) for b in cls.bins]
    labels = iter(cls.yb.tolist())
    return [int(next(labels)) if pd.notna(v) else -1 for v in values], bins


def hex_to_rgba(colour: str, alpha: int = 200) -> list[int]:
    colour = colour.lstrip("#")
    return [int(colour[i : i + 2], 16) for i in (0, 2, 4)] + [alpha]
