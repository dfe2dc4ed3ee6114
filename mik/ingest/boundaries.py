"""Boundaries: the CBS wijk- en buurtkaart (GeoPackage, shapefile) and PDOK generalised GeoJSON.

Accepted layouts (field names are matched case-insensitively):

* GeoPackage ``wijkenbuurten_<jaar>.gpkg``, layers ``buurten`` / ``wijken`` / ``gemeenten`` with
  ``buurtcode``, ``buurtnaam``, ``wijkcode``, ``gemeentecode`` (``water == 'JA'`` parts dropped);
* shapefiles ``buurt_<jaar>.shp`` with ``BU_CODE``, ``BU_NAAM``, ``WK_CODE``, ``GM_CODE``;
* PDOK generalised GeoJSON (also TopoJSON through GDAL) with ``statcode``, ``statnaam``
  (``rubriek`` buurt / wijk / gemeente), upper- or lower-case codes.

RD New (EPSG:28992) or WGS84 in; WGS84 stored. Cut to the configured gemeente. Wijken and the
gemeente are derived from the buurten (dissolved by code) when the file has no such layer. Invalid
geometry is repaired when the repair keeps the area within 0.1%; otherwise it is refused.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from pathlib import Path

import geopandas as gpd
import pandas as pd
import shapely

from mik.data import geometry
from mik.ingest import safety
from mik.ingest.common import Batch, IngestError, check_area_code, other_gemeente
from mik.plan.codes import belongs_to, gemeente_of

CODE_FIELDS = ("buurtcode", "bu_code", "wijkcode", "wk_code", "gemeentecode", "gm_code", "statcode")
NAME_FIELDS = {
    "buurt": ("buurtnaam", "bu_naam", "statnaam"),
    "wijk": ("wijknaam", "wk_naam", "statnaam"),
    "gemeente": ("gemeentenaam", "gm_naam", "statnaam"),
}
LEVEL_FIELDS = {
    "buurt": ("buurtcode", "bu_code"),
    "wijk": ("wijkcode", "wk_code"),
    "gemeente": ("gemeentecode", "gm_code"),
}
LAYER_LEVELS = {
    "buurten": "buurt",
    "buurt": "buurt",
    "wijken": "wijk",
    "wijk": "wijk",
    "gemeenten": "gemeente",
    "gemeente": "gemeente",
}


def _layers(path: Path, fmt: str) -> list[str | None]:
    if fmt != "GeoPackage":
        return [None]
    import pyogrio

    names = [name for name, _ in pyogrio.list_layers(path)]
    return [n for n in names if n.lower() in LAYER_LEVELS] or names[:1]


def _read_frame(path: Path, local: Path, fmt: str, layer: str | None) -> gpd.GeoDataFrame:
    """One layer of a checked local file (:func:`mik.ingest.safety.boundary_file`), within the
    bounds on features and vertices. GDAL's own message is not passed on: it may quote the file."""
    import pyogrio

    pyogrio.set_gdal_config_options(safety.GDAL_OPTIONS)
    try:
        safety.check_features(path, int(pyogrio.read_info(local, layer=layer)["features"]))
        frame = gpd.read_file(local, layer=layer, engine="pyogrio") if layer else gpd.read_file(local, engine="pyogrio")
    except IngestError:
        raise
    except Exception as exc:
        raise IngestError(path, f"cannot be read as a {fmt} boundary file ({type(exc).__name__})") from None
    safety.check_features(path, len(frame))
    safety.check_vertices(path, int(shapely.get_num_coordinates(frame.geometry.values).sum()))
    return frame


def _field(frame: gpd.GeoDataFrame, names) -> str | None:
    lower = {c.lower(): c for c in frame.columns}
    return next((lower[n] for n in names if n in lower), None)


def _level_of(frame: gpd.GeoDataFrame, layer: str | None, path: Path) -> str:
    if layer and layer.lower() in LAYER_LEVELS:
        return LAYER_LEVELS[layer.lower()]
    rubriek = _field(frame, ("rubriek",))
    if rubriek and frame[rubriek].notna().any():
        return str(frame[rubriek].dropna().iloc[0]).lower()
    for level in ("buurt", "wijk", "gemeente"):
        if _field(frame, LEVEL_FIELDS[level]):
            return level
    stat = _field(frame, ("statcode",))
    if stat:
        return {"BU": "buurt", "WK": "wijk", "GM": "gemeente"}.get(str(frame[stat].iloc[0])[:2].upper(), "buurt")
    raise IngestError(path, "no area code field (buurtcode, BU_CODE, statcode …)", field="statcode")


def _boundary_year(path: Path, frame: gpd.GeoDataFrame, year: int | None) -> int:
    if year:
        return year
    jr = _field(frame, ("jrstatcode",))
    if jr and frame[jr].notna().any():
        years = sorted({str(v)[:4] for v in frame[jr].dropna()})
        if len(years) > 1:
            raise IngestError(
                path, f"mixed boundary years in one file ({', '.join(years)}): import one year per file", field=jr
            )
        return int(years[0])
    m = re.search(r"(19|20)\d{2}", path.name)
    if m:
        return int(m.group(0))
    raise IngestError(path, "boundary year unknown: give --year (no jrstatcode field, no year in the file name)")


#: The Netherlands in WGS84 degrees (west, south, east, north), with a margin.
NL_DEGREES = (3.2, 50.6, 7.4, 53.7)


def _check_in_netherlands(path: Path, frame: gpd.GeoDataFrame) -> None:
    """Refuse coordinates that do not lie in the Netherlands for the CRS the file declares (RD
    metres read as degrees, or degrees declared as RD, would put the city elsewhere)."""
    if frame.empty:
        raise IngestError(path, "no features in the file")
    raw = tuple(float(v) for v in frame.total_bounds)
    west, south, east, north = (float(v) for v in frame.to_crs(geometry.WGS84).total_bounds)
    if NL_DEGREES[0] <= west and east <= NL_DEGREES[2] and NL_DEGREES[1] <= south and north <= NL_DEGREES[3]:
        return
    declared = frame.crs.to_string()
    if raw[0] >= 0 and raw[2] <= 300_000 and raw[1] >= 280_000 and raw[3] <= 630_000:
        hint = "they look like RD New metres: the file must declare EPSG:28992"
    elif raw[0] >= 3 and raw[2] <= 8 and raw[1] >= 50 and raw[3] <= 54:
        hint = "they look like WGS84 degrees: the file must declare EPSG:4326"
    else:
        hint = "check the file's coordinate reference system"
    raise IngestError(
        path,
        f"coordinates outside the Netherlands for the declared {declared} "
        f"(bounds {raw[0]:.6g}, {raw[1]:.6g} to {raw[2]:.6g}, {raw[3]:.6g}); {hint}",
        field="geometry",
    )


def _repair(path: Path, geom, row: int, code: str):
    if geom is None or geom.is_empty:
        raise IngestError(path, f"{code}: empty geometry", row=row, field="geometry")
    if geom.is_valid:
        return geom
    fixed = shapely.make_valid(geom)
    polys = [g for g in getattr(fixed, "geoms", [fixed]) if g.geom_type in ("Polygon", "MultiPolygon")]
    fixed = shapely.union_all(polys) if polys else None
    if (
        fixed is None
        or fixed.is_empty
        or abs(fixed.area - geom.buffer(0).area) > 0.001 * max(geom.buffer(0).area, 1e-12)
    ):
        raise IngestError(
            path,
            f"{code}: invalid geometry ({shapely.is_valid_reason(geom)}) that cannot be "
            "repaired without changing its area",
            row=row,
            field="geometry",
        )
    return fixed


def read_boundaries(
    path: Path,
    gemeente: str,
    year: int | None = None,
    gemeente_name: str | None = None,
    existing: dict[str, set[int]] | None = None,
) -> Batch:
    """Read a boundary file into an ``areas`` batch for one gemeente (see module docstring).

    ``existing`` (area code -> loaded boundary years) guards the derived shapes: a file that holds
    only some of the gemeente's buurten of a year already loaded is refused, as wijken and the
    gemeente derived from it would cover only those buurten."""
    path = Path(path)
    if not path.exists():
        raise IngestError(path, "file not found")
    # beside the file when it may (an upload's own folder, removed with it), else the temp folder
    folder = Path(
        tempfile.mkdtemp(prefix="mik-shapefile-", dir=path.parent if os.access(path.parent, os.W_OK) else None)
    )
    try:
        local, fmt = safety.boundary_file(path, folder)
        return _read_boundaries(path, local, fmt, gemeente, year, gemeente_name, existing)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _read_boundaries(path, local, fmt, gemeente, year, gemeente_name, existing) -> Batch:
    frames: dict[str, pd.DataFrame] = {}
    boundary_year = year
    notes = []
    others: list[str] = []
    for layer in _layers(local, fmt):
        frame = _read_frame(path, local, fmt, layer)
        if frame.crs is None:
            raise IngestError(path, "no coordinate reference system; expected EPSG:28992 or EPSG:4326")
        _check_in_netherlands(path, frame)
        frame = frame.to_crs(geometry.WGS84)
        level = _level_of(frame, layer, path)
        boundary_year = _boundary_year(path, frame, boundary_year)
        code_f = _field(frame, LEVEL_FIELDS[level]) or _field(frame, ("statcode",))
        name_f = _field(frame, NAME_FIELDS[level])
        water = _field(frame, ("water",))
        if water:
            dropped = int((frame[water].astype(str).str.upper() == "JA").sum())
            frame = frame[frame[water].astype(str).str.upper() != "JA"]
            if dropped:
                notes.append(f"{dropped} water areas left out")
        rows = []
        for i, r in enumerate(frame.itertuples(index=False), start=1):
            code = check_area_code(path, str(getattr(r, code_f)), i, code_f)
            gm = gemeente_of(code)
            if gm != gemeente:
                others.append(gm)
                continue
            geom = _repair(path, r.geometry, i, code)
            name = str(getattr(r, name_f)).strip() if name_f else code
            rows.append({"code": code, "name": name, "level": level, "geom": geom})
        if rows:
            frames[level] = pd.DataFrame(rows)
    if not frames:
        raise other_gemeente(path, gemeente, others)
    if "buurt" in frames and existing and ("wijk" not in frames or "gemeente" not in frames):
        _check_whole(path, gemeente, boundary_year, set(frames["buurt"].code), existing)
    if "buurt" in frames:
        b = frames["buurt"]
        b["parent_code"] = "WK" + b.code.str[2:8]
        if "wijk" not in frames:
            frames["wijk"] = _dissolve(b, "parent_code", lambda c: f"Wijk {c[6:8]}")
            notes.append("wijken derived from buurt codes")
    if "wijk" in frames:
        frames["wijk"]["parent_code"] = gemeente
        if "gemeente" not in frames:
            frames["gemeente"] = _dissolve(frames["wijk"].assign(g=gemeente), "g", lambda c: c)
    frames["gemeente"]["parent_code"] = None
    frames["gemeente"]["code"] = gemeente
    if gemeente_name:
        frames["gemeente"]["name"] = gemeente_name
    out = pd.concat([frames[k] for k in ("gemeente", "wijk", "buurt") if k in frames], ignore_index=True)
    out = out.drop_duplicates("code", keep="last")
    out["gemeente_code"] = gemeente
    out["boundary_year"] = boundary_year
    out["area_km2"] = [round(geometry.area_km2(g), 4) for g in out.geom]
    out["geometry"] = [geometry.to_wkb(g) for g in out.geom]
    out = out[["code", "name", "level", "parent_code", "gemeente_code", "boundary_year", "geometry", "area_km2"]]
    return Batch(
        kind="boundaries",
        file=path,
        source="CBS/PDOK wijk- en buurtkaart",
        source_table=path.name,
        tables={"areas": out},
        notes=notes,
    )


def _check_whole(path: Path, gemeente: str, year: int, codes: set[str], existing: dict[str, set[int]]) -> None:
    loaded = {c for c, years in existing.items() if c.startswith("BU") and belongs_to(c, gemeente) and year in years}
    missing = sorted(loaded - codes)
    if missing:
        raise IngestError(
            path,
            f"holds {len(codes)} buurten of {gemeente} for {year}, but {len(missing)} loaded ones are missing "
            f"({', '.join(missing[:5])}{' …' if len(missing) > 5 else ''}): the wijken and the gemeente derived "
            "from it would cover only part of the city. Import the file with all buurten of the gemeente",
            field="statcode",
        )


def _dissolve(frame: pd.DataFrame, by: str, name) -> pd.DataFrame:
    rows = []
    for code, group in frame.groupby(by):
        rows.append(
            {
                "code": code,
                "name": name(code),
                "level": "wijk" if code.startswith("WK") else "gemeente",
                "geom": shapely.make_valid(shapely.union_all(list(group.geom))),
            }
        )
    return pd.DataFrame(rows)
