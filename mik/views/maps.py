"""Maps: choropleths of any indicator or category per area, the what-if status map, the street-level
hexagon map, with their legends, tables and first view (no Streamlit; drawn by mik.views.charts)."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
import shapely
from shapely.geometry import mapping

from mik.data import geometry, queries
from mik.figures import indicators, targets
from mik.figures.hotspots import EDGES, HEX_SIZE_M, LEVEL, _hexagon, hex_counts, points
from mik.plan.codes import in_gemeente
from mik.plan.config import Config
from mik.plan.formatting import fmt_number, fmt_value
from mik.plan.periods import Period
from mik.privacy.access import Access, ensure, keep
from mik.privacy.suppression import suppress
from mik.views import mapclasses


@dataclass(frozen=True)
class MapLayerData:
    """What a choropleth needs: GeoJSON features with colours and tooltips, a legend, the bounds."""

    features: dict
    outlines: dict
    legend: list[tuple[str, str]]
    frame: pd.DataFrame  # code, name, value, count, population, class, label
    bounds: tuple[float, float, float, float]  # west, south, east, north (degrees): the first view
    unit: str = "per_1000"  # of frame.value: per_1000, count, percent or score
    population_note: str = ""  # the inhabitants' year, when it is not the period's own


#: Fewer inhabitants than this: a buurt's rate per 1.000 is shown (with a note) but not classed.
SMALL_POPULATION = 100
SMALL_CLASS = -2  # the class of such a buurt (-1: no data)


def _feature_collection(rows: list[dict]) -> dict:
    return {"type": "FeatureCollection", "features": rows}


def map_geometries(con, level: str, gemeente: str | None = None) -> pd.DataFrame:
    """code, name, parent_code, boundary_year, geom (simplified shapely, WGS84) for one level.

    The map draws one boundary year: the newest loaded for the level, so a buurt that was split
    or merged never overlaps its successors. Codes of older years are left off the map (their
    figures stay in tables and in wijk and city totals).
    """
    geo = queries.area_geometries(con, level, queries.newest_boundary_year(con, level))
    if gemeente:  # only the city's areas (a national database holds every gemeente)
        geo = geo[in_gemeente(geo.code, gemeente)].reset_index(drop=True)
    # simplified to 15 m and rounded to 1e-5 degrees (about 1 m): a smaller payload, the same picture
    geo["geom"] = [
        shapely.set_precision(geometry.simplify_wgs84(geometry.from_wkb(b)), 1e-5) if b else None for b in geo.geometry
    ]
    return geo.drop(columns="geometry")


def _geojson(geoms) -> list[dict]:
    """GeoJSON geometry dicts for many shapely geometries at once (vectorised, not one by one)."""
    return [json.loads(s) for s in shapely.to_geojson(list(geoms))]


#: The Netherlands (west, south, east, north): the view of a map without areas.
NL_BOUNDS = (3.3, 50.7, 7.3, 53.6)


def _bounds(geoms) -> tuple[float, float, float, float]:
    """(west, south, east, north) in degrees of all geometries (a union would be slow)."""
    if len(geoms) == 0:
        return NL_BOUNDS
    b = shapely.bounds(list(geoms))
    return (float(b[:, 0].min()), float(b[:, 1].min()), float(b[:, 2].max()), float(b[:, 3].max()))


def attention_outlines(con, buurt_geo: pd.DataFrame | None = None) -> dict:
    """Aandachtsgebieden as outlines: the union of their buurten."""
    members = queries.attention_members(con)
    areas = queries.area_list(con, "aandachtsgebied").set_index("code").name
    buurt_geo = map_geometries(con, "buurt") if buurt_geo is None else buurt_geo
    geo = buurt_geo.set_index("code")["geom"]
    rows = []
    for code, group in members.groupby("attention_code"):
        shapes = [geo[b] for b in group.area_code if b in geo.index and geo[b] is not None]
        if shapes:
            rows.append(
                {
                    "type": "Feature",
                    "geometry": mapping(shapely.union_all(shapes).boundary),
                    "properties": {"code": code, "name": areas.get(code, code)},
                }
            )
    return _feature_collection(rows)


def value_frame(
    con,
    cfg: Config,
    level: str,
    period: Period,
    indicator_id: str | None = None,
    category: str | None = None,
    per_1000: bool = True,
    *,
    access: Access,
    gemeente: str | None = None,
    visitors: bool = False,
) -> tuple[pd.DataFrame, str]:
    """Values per area for an indicator or a category; returns the frame and its unit. With
    ``visitors`` (and ``per_1000``) police rates are per 1,000 inhabitants and visitors
    (:func:`with_visitors`).

    Restricted roles below gemeente level get the plan's indicators and ``0.0.0`` only: overlapping
    category sets could be subtracted from each other.
    """
    if indicator_id:
        ind = cfg.indicator(indicator_id)
        if ind.source == "survey":
            df = indicators.survey_values(con, ind, level, period.start.year, access=access)
            df["count"] = None
            df["population"] = None
            return df, ind.unit
        df = indicators.police_values(con, ind, level, period, per_1000, access=access, gemeente=gemeente)
        if per_1000 and visitors:
            df = with_visitors(con, cfg, df, level, period.population_year)
        return df, "per_1000" if per_1000 else "count"
    scope = "total" if category == "0.0.0" else "category"
    ensure(access, level=level, period_kind=period.kind, categories=scope)
    cats = queries.category_leaves(con, category)
    frame = indicators.category_values(
        con, cats, level, period, per_1000, access=access, scope=scope, gemeente=gemeente
    )
    if per_1000 and visitors:
        frame = with_visitors(con, cfg, frame, level, period.population_year)
    return frame, "per_1000" if per_1000 else "count"


def with_visitors(con, cfg: Config, df: pd.DataFrame, level: str, year: int) -> pd.DataFrame:
    """Rates per 1,000 inhabitants and visitors: ``count / (population + visitors) * 1000``, the
    visitors being the configured series (config.toml ``[[denominators]]``) as person-years in the
    year nearest ``year``. An area of a level for which a series is loaded but that has no figure
    of it counts as 0 for that series (a buurt without hotels). Adds visitors, denominator_year."""
    vis = queries.visitor_equivalents(con, cfg.denominator_weights, level, year)
    out = df.merge(vis[["area_code", "visitors", "denominator_year"]], on="area_code", how="left")
    if len(vis):
        out["visitors"] = out.visitors.fillna(0.0)
    out["value"] = [
        indicators.rate_per_1000(c, p + v) if pd.notna(c) and pd.notna(p) and pd.notna(v) else None
        for c, p, v in zip(out["count"], out.population, out.visitors, strict=True)
    ]
    return out


def class_label(low: float, high: float, first: bool, unit: str, lang: str = "nl") -> str:
    """A map class in the legend. A class holds the values above ``low`` (the first one: from
    ``low``) up to ``high``. Counts are whole numbers: 14 – 40, not 14,0 – 40,2."""
    if unit != "count":
        return f"{fmt_number(low, 1, lang)} – {fmt_number(high, 1, lang)}"
    lo = math.ceil(low) if first else math.floor(low) + 1
    hi = max(math.floor(high), lo)
    return fmt_number(lo, 0, lang) if lo == hi else f"{fmt_number(lo, 0, lang)} – {fmt_number(hi, 0, lang)}"


def choropleth(
    con,
    cfg: Config,
    level: str,
    period: Period,
    indicator_id: str | None = None,
    category: str | None = None,
    per_1000: bool = True,
    scheme: str = "quantiles",
    k: int = 5,
    lang: str = "nl",
    geo: pd.DataFrame | None = None,
    outlines: dict | None = None,
    *,
    access: Access,
    gemeente: str | None = None,
    visitors: bool = False,
) -> MapLayerData:
    """Classified values per area with colours, tooltips and a legend (no-data shown as such).

    ``geo`` and ``outlines`` (from :func:`map_geometries`, :func:`attention_outlines`) may be passed
    in when the caller keeps them cached; they are computed otherwise.
    """
    values, unit = value_frame(
        con, cfg, level, period, indicator_id, category, per_1000, access=access, gemeente=gemeente, visitors=visitors
    )
    if "suppressed" not in values:
        values["suppressed"] = False
    geo = map_geometries(con, level) if geo is None else geo
    if gemeente:  # one city's map from a database that may hold the whole country
        geo = geo[in_gemeente(geo.code, gemeente)]
    geo = keep(access, geo, "code")  # a role of some wijken: its own areas (and classes of them only)
    df = geo.merge(
        values[["area_code", "value", "count", "population", "suppressed"]],
        left_on="code",
        right_on="area_code",
        how="left",
    )
    df["suppressed"] = df.suppressed.fillna(False).astype(bool)
    note = ""
    if unit == "per_1000" and "population_nearest" in values and values.population_nearest.fillna(False).any():
        years = sorted({int(y) for y in values.population_year.dropna()})
        used = ", ".join(map(str, years))
        note = (
            f"Per 1.000 inwoners van 1 januari {used}: voor {period.label(lang)} zijn geen inwonertallen geladen, "
            "het dichtstbijzijnde jaar is gebruikt."
            if lang != "en"
            else f"Per 1,000 inhabitants of 1 January {used}: no inhabitants are loaded for {period.label(lang)}, "
            "the nearest year is used."
        )
    # a rate of a buurt with very few inhabitants (a park, a business park) is shown but left out of
    # the classes: 70 crimes among 15 inhabitants would set the top class for the whole city
    small = (
        (unit == "per_1000") & df.population.notna() & (df.population < SMALL_POPULATION) & df.value.notna()
    ) & ~df.suppressed
    classes, bins = mapclasses.classify(df.value.where(~small), scheme, k)
    colours = mapclasses.palette(len(bins))
    df["class"] = classes
    df.loc[small, "class"] = SMALL_CLASS
    no_data = "geen data" if lang != "en" else "no data"
    hidden = access.hidden_label
    few = (
        f"minder dan {SMALL_POPULATION} inwoners: niet ingedeeld"
        if lang != "en"
        else f"fewer than {SMALL_POPULATION} inhabitants: not classed"
    )
    df["label"] = [
        hidden
        if s
        else f"{fmt_value(v, unit, lang)} ({few})"
        if f
        else fmt_value(v, unit, lang)
        if pd.notna(v)
        else no_data
        for v, s, f in zip(df.value, df.suppressed, small, strict=True)
    ]
    classed = df.value.where(~small)
    legend, low = [], float(classed.min()) if classed.notna().any() else 0.0
    for i, (colour, high) in enumerate(zip(colours, bins, strict=True)):
        legend.append((colour, class_label(low, high, i == 0, unit, lang)))
        low = high
    if df.suppressed.any():
        legend.append((mapclasses.SUPPRESSED_COLOUR, hidden))
    if small.any():
        legend.append((mapclasses.SMALL_POPULATION_COLOUR, few))
    if ((df["class"] == -1) & ~df.suppressed).any():
        legend.append((mapclasses.NO_DATA_COLOUR, no_data))
    df = df[df["geom"].notna()]
    colour_of = [
        mapclasses.SUPPRESSED_COLOUR
        if s
        else colours[c]
        if c >= 0
        else mapclasses.SMALL_POPULATION_COLOUR
        if c == SMALL_CLASS
        else mapclasses.NO_DATA_COLOUR
        for s, c in zip(df.suppressed, df["class"], strict=True)
    ]
    shapes = _geojson(df["geom"])
    features = [
        {
            "type": "Feature",
            "geometry": g,
            "properties": {
                "code": code,
                "name": name,
                "label": label,
                "fill": mapclasses.hex_to_rgba(colour),
                "colour": colour,
            },
        }
        for g, code, name, label, colour in zip(shapes, df.code, df.name, df.label, colour_of, strict=True)
    ]
    legend_of = dict(enumerate(text for _, text in legend[: len(bins)]))
    legend_of[SMALL_CLASS] = few
    df["legend"] = [hidden if s else legend_of.get(c, no_data) for s, c in zip(df.suppressed, df["class"], strict=True)]
    frame = df[["code", "name", "value", "count", "population", "class", "label", "legend"]]
    outlines = _outlines(con, outlines, access)
    return MapLayerData(_feature_collection(features), outlines, legend, frame, _bounds(df["geom"]), unit, note)


def _outlines(con, outlines: dict | None, access: Access) -> dict:
    """The aandachtsgebieden's outlines, none for a role of some wijken (it sees none of them)."""
    if access.areas:
        return _feature_collection([])
    return attention_outlines(con) if outlines is None else outlines


def status_map(
    con,
    cfg: Config,
    statuses: pd.DataFrame,
    indicator_id: str,
    level: str = "buurt",
    lang: str = "nl",
    geo: pd.DataFrame | None = None,
    outlines: dict | None = None,
    *,
    access: Access,
) -> MapLayerData:
    """Areas coloured by their target status for one indicator (used by the what-if page).

    ``statuses`` is :func:`mik.figures.whatif.what_if` output for the same ``access``; the
    scenario's statuses are drawn.
    """
    ensure(access, level=level)
    rows = statuses[(statuses.level == level) & (statuses.indicator == indicator_id)].rename(
        columns={"status_scenario": "status"}
    )
    geo = map_geometries(con, level) if geo is None else geo
    geo = geo[geo.code.isin(set(rows.area_code))]  # the areas judged: the city's own
    df = geo.merge(rows, left_on="code", right_on="area_code", how="left")
    ind = cfg.indicator(indicator_id)
    features, legend = [], {}
    for r in df.itertuples():
        code = r.status if isinstance(r.status, str) else "no_data"
        colour, icon = targets.STATUS_STYLE[code]
        word = targets.STATUS_WORDS[code][1 if lang == "en" else 0]
        legend[code] = (colour, f"{icon} {word}")
        shown = r.projected if pd.notna(r.projected) else r.value
        features.append(
            {
                "type": "Feature",
                "geometry": mapping(r.geom),
                "properties": {
                    "code": r.code,
                    "name": r.name,
                    "fill": mapclasses.hex_to_rgba(colour),
                    "label": f"{icon} {word}: {fmt_value(shown, ind.unit, lang)}",
                },
            }
        )
    frame = df[["code", "name", "value", "projected", "status"]]
    outlines = _outlines(con, outlines, access)
    return MapLayerData(
        _feature_collection(features),
        outlines,
        [legend[k] for k in targets.STATUS_STYLE if k in legend],
        frame,
        _bounds(df["geom"]),
    )


def map_default(con, cfg: Config, period: Period, prefer: str = "hic") -> tuple[str, str] | None:
    """What the map opens on: ``("indicator", id)`` for the first police indicator (``prefer``
    first) with figures in ``period``, else ``("category", "0.0.0")`` or the first category with
    figures. None when nothing is loaded for the period."""
    present = queries.categories_in(con, period.start, period.end)
    police = [i for i in cfg.indicators if i.source == "police" and i.has_data_definition]
    police.sort(key=lambda i: i.id != prefer)
    for ind in police:
        if set(ind.categories) & set(present):
            return ("indicator", ind.id)
    if set(queries.category_leaves(con, "0.0.0")) & set(present):
        return ("category", "0.0.0")
    return ("category", present[0]) if present else None


def hex_layer(
    con,
    categories: list[str],
    period: Period,
    access: Access,
    gemeente: str | None = None,
    lang: str = "nl",
    size: float = HEX_SIZE_M,
    scope: str = "category",
) -> MapLayerData:
    """The hexagon map: hexagons coloured by count class over the buurt outlines (unfilled).
    ``scope``: what the categories are (see :func:`mik.figures.hotspots.points`)."""
    pts = points(con, categories, period, access, gemeente, scope)
    hexes = hex_counts(pts, size)
    hexes = suppress(hexes, access, LEVEL)
    hexes = hexes[~hexes.suppressed & (pd.to_numeric(hexes["count"]) > 0)].reset_index(drop=True)
    colours = mapclasses.palette(len(EDGES))
    unit_word = "registraties" if lang != "en" else "registrations"
    legend = []
    for i, low in enumerate(EDGES):
        high = EDGES[i + 1] - 1 if i + 1 < len(EDGES) else None
        legend.append((colours[i], f"{low}–{high} {unit_word}" if high else f"{low}+ {unit_word}"))
    if access.suppresses(LEVEL):
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
                "fill": mapclasses.hex_to_rgba(colours[c]),
                "colour": colours[c],
            },
        }
        for g, q, r, street, n, c in zip(
            _geojson(shapes), hexes.q, hexes.r, hexes.street, hexes["count"], cls, strict=True
        )
    ]
    geo = map_geometries(con, "buurt")
    if gemeente:
        geo = geo[in_gemeente(geo.code, gemeente)]
    geo = keep(access, geo, "code")
    outlines = _feature_collection(
        [{"type": "Feature", "geometry": g, "properties": {}} for g in _geojson(geo["geom"])]
    )
    frame = hexes.assign(
        code=[f"hex:{q}:{r}" for q, r in zip(hexes.q, hexes.r, strict=True)],
        name=[f"{near} {s}" if isinstance(s, str) else "–" for s in hexes.street],
        value=pd.to_numeric(hexes["count"]),
        population=np.nan,
        legend=[legend[c - (1 if access.suppresses(LEVEL) else 0)][1] for c in cls],
    )
    frame["class"] = cls
    frame["label"] = [f["properties"]["label"] for f in features]
    frame = frame.sort_values("value", ascending=False, kind="stable")
    bounds = _bounds(geo["geom"]) if len(geo) else (0.0, 0.0, 0.0, 0.0)
    cols = ["code", "name", "value", "count", "population", "class", "label", "legend"]
    return MapLayerData(_feature_collection(features), outlines, legend, frame[cols], bounds, "count")
