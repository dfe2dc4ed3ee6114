"""A deterministic, synthetic demo city (shown as "Maastricht (demo)") for trying MIK without real data.

``build_demo(path, seed)`` writes a DuckDB file with fictional wijken and buurten whose polygons
tile the city without gaps or overlaps, monthly police registrations from 2012-01 up to the demo's
"today" (:data:`DEMO_TODAY`, in the autumn of 2016, so 2016 is a running year and its last month is
incomplete), population, survey results, peer figures, the plan's activities with generated
statuses and two aandachtsgebieden. Every lineage row is marked ``synthetic``: the app and every
export say so.

Same seed, same content: all randomness comes from one ``numpy.random.Generator``, rows are written
in a fixed order and the load timestamp is the demo's own "today", not the clock.

The demo uses the configured gemeente code, but wijk and buurt codes in a range no real Dutch
buurt uses here (WK..80 to WK..87) and invented names, so a generated number is never shown next
to a real buurt name. Survey values for the city in 2013 and 2014 are the plan's published ones.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import operator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import shapely
from shapely.geometry import MultiPoint, Polygon

from mik.data import geometry
from mik.data.store import connect, transaction
from mik.ingest.common import shipped_categories
from mik.plan.config import Config, load_config
from mik.settings import DATA_DIR

DEMO_TODAY = dt.date(2016, 10, 14)
DEMO_SOURCE = "MIK demo (synthetisch)"
FIRST_MONTH = dt.date(2012, 1, 1)
BOUNDARY_YEAR = 2016
CITY_CENTRE_RD = (176_500.0, 318_000.0)

WIJK_NAMES = (
    "Oude Stad",
    "Hoogveld",
    "Beekdal",
    "Molenkamp",
    "Lindeoord",
    "Rivierzijde",
    "Heuvelrand",
    "Kasteelbeemd",
)
BUURTEN_PER_WIJK = (7, 6, 6, 5, 6, 5, 5, 5)  # 45 buurten
_PREFIXES = (
    "Linde",
    "Eiken",
    "Beuken",
    "Wilgen",
    "Berken",
    "Hazel",
    "Vlier",
    "Esdoorn",
    "Kastanje",
    "Populier",
    "Iepen",
    "Meidoorn",
    "Hulst",
    "Zwaluw",
    "Reiger",
    "Leeuwerik",
    "Merel",
    "Valken",
    "Uilen",
    "Spechten",
    "Vinken",
    "Kievit",
    "Gaaien",
)
_SUFFIXES = ("hof", "veld", "dal", "park", "kwartier", "rade", "hoek", "weide", "beemd", "kamp")

# Yearly registrations per 1,000 inhabitants in 2013 (city level), chosen so the police
# indicators start near the plan's baselines: bedreiging 4, drugsoverlast 24,6, HIC 47.
BASE_RATES = {
    "1.1.1": 9.0,
    "1.1.2": 2.5,
    "1.2.1": 12.0,
    "1.2.2": 1.5,
    "1.2.3": 16.0,
    "1.2.4": 6.0,
    "2.5.1": 4.5,
    "2.5.2": 5.0,
    "1.4.4": 4.0,
    "1.4.5": 6.5,
    "1.4.6": 2.3,
    "1.4.7": 0.6,
    "2.2.1": 11.0,
    "3.6.4": 1.2,
    "3.1.1": 1.8,
    "INC.DRUGS": 24.6,
    "INC.JEUGD": 7.0,
    "INC.WOON": 9.0,
    "INC.VERWARD": 4.0,
    "INC.ZWERVER": 1.5,
}
# Relative change per year after 2013 (multiplicative).
TRENDS = {
    "INC.DRUGS": -0.07,
    "1.1.1": 0.03,
    "1.2.1": -0.02,
    "1.2.3": -0.03,
    "1.4.4": -0.02,
    "1.2.4": -0.06,
    "1.4.6": -0.08,
    "1.4.7": -0.10,
    "INC.JEUGD": 0.0,
}
# Months with more of a category (index 0 = January); a peak in the dark months for burglary.
SEASON = {
    "1.1.1": (1.3, 1.1, 0.9, 0.8, 0.7, 0.7, 0.8, 0.9, 0.9, 1.1, 1.4, 1.5),
    "1.2.3": (0.7, 0.7, 0.9, 1.0, 1.1, 1.1, 1.1, 1.1, 1.3, 1.2, 1.0, 0.8),
    "INC.JEUGD": (0.7, 0.7, 0.9, 1.0, 1.2, 1.3, 1.3, 1.2, 1.0, 1.0, 0.9, 0.8),
    "INC.DRUGS": (0.9, 0.9, 1.0, 1.0, 1.1, 1.1, 1.1, 1.1, 1.0, 1.0, 0.9, 0.9),
}

SURVEY_YEARS = (2012, 2013, 2014, 2015)
SURVEY_N_CITY = 2400
SURVEY_N_WIJK = 320
# Generated city values for years the plan does not publish.
SURVEY_OTHER = {
    "overlast_buurtbewoners": {2012: 6.5, 2015: 7.4},
    "drugsoverlast_vm": {2012: 21.2, 2015: 15.8},
    "slachtofferschap_vermogen": {2012: 18.0, 2015: 18.4},
    "overlast_jeugdgroepen": {2012: 9.0, 2015: 7.9},
    "onveilig_buurt": {2012: 28.9, 2015: 31.2},
    "rapportcijfer_buurt": {2012: 6.6, 2015: 6.7},
}
# Typical G32 levels around which peer values are drawn.
PEER_SURVEY_LEVEL = {
    "overlast_buurtbewoners": 6.5,
    "drugsoverlast_vm": 12.0,
    "slachtofferschap_vermogen": 16.0,
    "overlast_jeugdgroepen": 7.5,
    "onveilig_buurt": 24.0,
    "rapportcijfer_buurt": 6.9,
}
PEER_POLICE_LEVEL = {"bedreiging": 3.6, "drugsoverlast": 14.0, "hic": 40.0}


@dataclass(frozen=True)
class DemoSummary:
    path: Path
    buurten: int
    wijken: int
    registrations: int
    seconds: float


def _month_starts(first: dt.date, last: dt.date) -> list[dt.date]:
    out, d = [], first
    while d <= last:
        out.append(d)
        d = dt.date(d.year + (d.month == 12), d.month % 12 + 1, 1)
    return out


def _city_outline(rng: np.random.Generator) -> Polygon:
    """A lobed, irregular outline of about 60 km2 in RD New, star-shaped around the centre."""
    cx, cy = CITY_CENTRE_RD
    angles = np.linspace(0, 2 * math.pi, 72, endpoint=False)
    phases = rng.uniform(0, 2 * math.pi, 3)
    radius = 4300 * (
        1
        + 0.12 * np.sin(2 * angles + phases[0])
        + 0.07 * np.sin(3 * angles + phases[1])
        + 0.04 * np.sin(5 * angles + phases[2])
    )
    pts = np.column_stack([cx + radius * np.cos(angles), cy + radius * np.sin(angles)])
    return Polygon(np.round(pts, 1))


def _points_in(poly: Polygon, n: int, rng: np.random.Generator) -> np.ndarray:
    minx, miny, maxx, maxy = poly.bounds
    pts: list[tuple[float, float]] = []
    while len(pts) < n:
        xy = rng.uniform((minx, miny), (maxx, maxy), size=(4 * n, 2))
        inside = shapely.contains_xy(poly, xy[:, 0], xy[:, 1])
        pts.extend(map(tuple, xy[inside]))
    return np.array(pts[:n])


def _partition(poly: Polygon, seeds: np.ndarray, relax: int = 3) -> list:
    """Split ``poly`` into Voronoi cells around ``seeds`` (Lloyd-relaxed), in seed order."""
    for _ in range(relax + 1):
        cells = shapely.voronoi_polygons(MultiPoint(seeds), extend_to=poly.buffer(2000))
        parts = []
        for s in seeds:
            cell = next(c for c in cells.geoms if c.covers(shapely.Point(s)))
            parts.append(shapely.make_valid(cell.intersection(poly)))
        seeds = np.array([[p.centroid.x, p.centroid.y] for p in parts])
    return [_polygonal(p) for p in parts]


def _polygonal(geom):
    """Keep only the polygon parts of an intersection result."""
    if geom.geom_type in ("Polygon", "MultiPolygon"):
        return geom
    polys = [g for g in getattr(geom, "geoms", []) if g.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.union_all(polys)


def _buurt_names(rng: np.random.Generator, n: int) -> list[str]:
    combos = [p + s for p in _PREFIXES for s in _SUFFIXES]
    idx = rng.choice(len(combos), size=n, replace=False)
    return [combos[i] for i in idx]


def build_areas(cfg: Config, rng: np.random.Generator) -> pd.DataFrame:
    """The gemeente, its wijken and buurten with WGS84 WKB geometry, as rows for ``areas``."""
    gm = cfg.gemeente_code
    outline = _city_outline(rng)
    centre = np.array([CITY_CENTRE_RD])
    ring = np.array(
        [
            [CITY_CENTRE_RD[0] + 2700 * math.cos(a), CITY_CENTRE_RD[1] + 2700 * math.sin(a)]
            for a in np.linspace(0, 2 * math.pi, len(WIJK_NAMES) - 1, endpoint=False) + 0.3
        ]
    )
    wijk_polys = _partition(outline, np.vstack([centre, ring]), relax=1)
    names = _buurt_names(rng, sum(BUURTEN_PER_WIJK))
    # Wijk and gemeente shapes are unions of their buurten, so that every boundary has the same
    # vertices at every level and stays exact after reprojection.
    rows, buurt_parts = [], []
    k = 0
    for w, (wijk_poly, wijk_name) in enumerate(zip(wijk_polys, WIJK_NAMES, strict=True)):
        wk = f"WK{gm[2:]}{80 + w:02d}"
        seeds = _points_in(wijk_poly, BUURTEN_PER_WIJK[w], rng)
        parts = _partition(wijk_poly, seeds)
        rows.append((wk, f"Wijk {80 + w} {wijk_name}", "wijk", gm, shapely.union_all(parts)))
        for b, part in enumerate(parts):
            rows.append((f"BU{gm[2:]}{80 + w:02d}{b:02d}", names[k], "buurt", wk, part))
            k += 1
        buurt_parts.extend(parts)
    rows.insert(0, (gm, f"{cfg.gemeente_name} (demo)", "gemeente", None, shapely.union_all(buurt_parts)))
    out = []
    for code, name, level, parent, geom_rd in rows:
        geom = geometry.rd_to_wgs84(geom_rd)
        out.append(
            {
                "code": code,
                "name": name,
                "level": level,
                "parent_code": parent,
                "gemeente_code": gm,
                "boundary_year": BOUNDARY_YEAR,
                "geometry": geometry.to_wkb(geom),
                "area_km2": round(geom_rd.area / 1e6, 4),
            }
        )
    return pd.DataFrame(out)


def build_population(areas: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """Inhabitants on 1 January 2012-2016 per buurt; wijk and gemeente are their sums."""
    buurten = areas[areas.level == "buurt"].reset_index(drop=True)
    density = rng.lognormal(mean=np.log(1500), sigma=0.55, size=len(buurten))
    density[buurten.parent_code.str.endswith("80").to_numpy()] *= 2.2  # the old centre
    base = np.maximum(150, np.round(buurten.area_km2.to_numpy() * density, -1)).astype(int)
    growth = rng.normal(0.003, 0.006, size=len(buurten))
    rows = []
    for year in range(2012, DEMO_TODAY.year + 1):
        pop = np.round(base * (1 + growth) ** (year - 2012)).astype(int)
        for code, parent, p in zip(buurten.code, buurten.parent_code, pop, strict=True):
            rows.append((code, parent, year, int(p)))
    df = pd.DataFrame(rows, columns=["area_code", "parent", "year", "inhabitants"])
    wijk = df.groupby(["parent", "year"], as_index=False).inhabitants.sum()
    wijk = wijk.rename(columns={"parent": "area_code"})
    gm = df.groupby("year", as_index=False).inhabitants.sum()
    gm["area_code"] = areas.loc[areas.level == "gemeente", "code"].iloc[0]
    out = pd.concat([df.drop(columns="parent"), wijk, gm], ignore_index=True)
    out["date"] = pd.to_datetime(out.year.astype(str) + "-01-01").dt.date
    out["source"] = DEMO_SOURCE
    return out[["area_code", "date", "inhabitants", "source"]]


#: (month, index of the buurt in code order, category, extra registrations): sprees in the demo
PLANTED = ((dt.date(2016, 9, 1), 11, "1.1.1", 16), (dt.date(2016, 8, 1), 30, "1.2.3", 18))


def registration_means(
    areas: pd.DataFrame, population: pd.DataFrame, rng: np.random.Generator, last: dt.date = DEMO_TODAY
) -> pd.DataFrame:
    """The Poisson mean (``lam``) per month, buurt and category: trend, season and hotspot buurten."""
    buurten = areas[areas.level == "buurt"].code.tolist()
    pop = population.assign(year=pd.to_datetime(population.date).dt.year)
    pop = pop.set_index(["area_code", "year"]).inhabitants
    centre = [b for b in buurten if b[6:8] == "80"]
    hot = {cat: rng.lognormal(0, 0.45, size=len(buurten)) for cat in BASE_RATES}
    # Hotspots: the centre draws pickpocketing, drugs and violence; a few buurten burglary.
    for cat, factor in (
        ("1.2.4", 3.5),
        ("INC.DRUGS", 2.6),
        ("1.4.5", 1.8),
        ("1.4.6", 2.2),
        ("3.1.1", 2.8),
        ("2.5.2", 2.5),
    ):
        for i, b in enumerate(buurten):
            if b in centre:
                hot[cat][i] *= factor
    for i in rng.choice(len(buurten), size=4, replace=False):
        hot["1.1.1"][i] *= 2.5
    for cat in hot:  # keep the city-wide rate at BASE_RATES
        weights = np.array([pop[(b, 2013)] for b in buurten])
        hot[cat] = hot[cat] / (hot[cat] * weights).sum() * weights.sum()

    months = _month_starts(FIRST_MONTH, last)
    last_fraction = last.day / 31  # the running month is only partly registered
    rows = []
    for m in months:
        fraction = last_fraction if (m.year, m.month) == (last.year, last.month) else 1
        for cat, rate in BASE_RATES.items():
            trend = (1 + TRENDS.get(cat, -0.01)) ** (m.year - 2013)
            season = SEASON.get(cat, (1.0,) * 12)[m.month - 1]
            for i, b in enumerate(buurten):
                lam = rate / 12 * pop[(b, m.year)] / 1000 * trend * season * hot[cat][i] * fraction
                rows.append((m, b, cat, lam))
    return pd.DataFrame(rows, columns=["month", "area_code", "category_code", "lam"])


def build_registrations(areas: pd.DataFrame, population: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """Monthly counts per buurt and category: Poisson draws around :func:`registration_means`."""
    df = registration_means(areas, population, rng)
    df["count"] = rng.poisson(df.lam.to_numpy())
    # two sprees for the signals to find (mik.figures.signals): burglaries in one buurt in the last complete
    # month, bicycle thefts in another the month before
    buurten = sorted(areas[areas.level == "buurt"].code)
    for month, buurt, cat, extra in PLANTED:
        hit = (df.month == month) & (df.area_code == buurten[buurt]) & (df.category_code == cat)
        df.loc[hit, "count"] += extra
    df = df[df["count"] > 0].drop(columns="lam")
    df["street"] = None
    df["boundary_year"] = BOUNDARY_YEAR
    df["source"] = DEMO_SOURCE
    return df[["month", "area_code", "category_code", "street", "count", "boundary_year", "source"]]


_STREET_STEMS = (
    "Kerk",
    "Molen",
    "School",
    "Stations",
    "Markt",
    "Brug",
    "Nieuw",
    "Hoog",
    "Linden",
    "Beuken",
    "Wilgen",
    "Graaf",
    "Maas",
    "Wal",
    "Poort",
    "Haven",
    "Veld",
    "Kapel",
    "Bron",
    "Hof",
)
_STREET_KINDS = ("straat", "weg", "laan", "plein", "singel", "steeg")
POINTS_FROM = dt.date(2014, 10, 1)  # street-level points for the last two years of the demo


def build_points(areas: pd.DataFrame, registrations: pd.DataFrame, seed: int) -> pd.DataFrame:
    """Street-level points (as a police export's x/y) for the demo's registrations since
    :data:`POINTS_FROM`: per buurt six streets (line segments inside it, one busier than the
    rest), each registration on one of them, a few metres off. Their sum per buurt, month and
    category equals the buurt counts. A generator of its own, so the rest of the demo is unchanged."""
    rng = np.random.default_rng(seed + 7)
    names = [a + k for a in _STREET_STEMS for k in _STREET_KINDS]
    order = rng.permutation(len(names))
    buurten = areas[areas.level == "buurt"].reset_index(drop=True)
    streets: dict[str, list[tuple[str, np.ndarray, np.ndarray]]] = {}
    n = 0
    for code, wkb in zip(buurten.code, buurten.geometry, strict=True):
        poly = geometry.wgs84_to_rd(geometry.from_wkb(wkb))
        ends = _points_in(poly, 12, rng).reshape(6, 2, 2)
        streets[code] = [(names[order[(n + i) % len(names)]], e[0], e[1]) for i, e in enumerate(ends)]
        n += 6
    weights = np.array([0.35, 0.2, 0.15, 0.12, 0.1, 0.08])  # one street draws a third
    recent = registrations[pd.to_datetime(registrations.month) >= pd.Timestamp(POINTS_FROM)]
    # every registration one point, drawn for all at once
    counts = recent["count"].to_numpy(dtype=int)
    events = recent.loc[recent.index.repeat(counts), ["month", "area_code", "category_code"]].reset_index(drop=True)
    pick = rng.choice(6, size=len(events), p=weights)
    along = rng.uniform(0, 1, size=len(events))[:, None]
    index = {code: i for i, code in enumerate(streets)}
    b = events.area_code.map(index).to_numpy()
    starts = np.array([[e[1] for e in streets[code]] for code in streets])  # buurt x street x (x, y)
    ends = np.array([[e[2] for e in streets[code]] for code in streets])
    xy = starts[b, pick] + (ends[b, pick] - starts[b, pick]) * along + rng.normal(0, 8, size=(len(events), 2))
    names_of = np.array([[e[0] for e in streets[code]] for code in streets])
    df = events.assign(street=names_of[b, pick], x=xy[:, 0], y=xy[:, 1])
    lon, lat = geometry._TO_WGS84.transform(df.x.to_numpy(), df.y.to_numpy())
    df["lon"], df["lat"] = np.round(lon, 6), np.round(lat, 6)
    df = df.groupby(["month", "area_code", "category_code", "street", "lon", "lat"], as_index=False).size()
    df = df.rename(columns={"size": "count"})
    df["source"] = DEMO_SOURCE
    return df


def build_denominators(cfg: Config, areas: pd.DataFrame, peers: pd.DataFrame, seed: int) -> pd.DataFrame:
    """Visitors for the demo: the city as a tourist, student and work centre (overnight stays and
    day visits mostly in the centre's buurten), the comparison gemeenten with fewer per inhabitant.
    Synthetic, with its own generator (the rest of the demo is unchanged)."""
    rng = np.random.default_rng(seed + 11)
    rows = []
    buurten = areas[areas.level == "buurt"].code.tolist()
    centre = [b for b in buurten if b[6:8] == "80"]
    sizes = peers[peers.gemeente_code != cfg.gemeente_code].groupby("gemeente_code").population.max()
    for year in SURVEY_YEARS:
        growth = 1.03 ** (year - 2012)
        city = {
            "overnachtingen": 1_350_000 * growth,
            "dagbezoeken": 14_000_000 * growth,
            "studenten_elders": 9_500.0,
            "inkomende_pendel": 31_000.0,
        }
        # the buurten: overnight stays and day visits five times as dense in the centre
        share = np.array([5.0 if b in centre else 1.0 for b in buurten]) * rng.uniform(0.6, 1.4, size=len(buurten))
        share = share / share.sum()
        for series in ("overnachtingen", "dagbezoeken"):
            for b, f in zip(buurten, share, strict=True):
                rows.append((b, year, series, round(city[series] * f)))
        rows += [(cfg.gemeente_code, year, series, round(v)) for series, v in city.items()]
        for code, size in sizes.items():
            rows += [
                (code, year, "overnachtingen", round(size * rng.uniform(1.0, 4.0) * growth)),
                (code, year, "dagbezoeken", round(size * rng.uniform(20, 60) * growth)),
                (code, year, "studenten_elders", round(size * rng.uniform(0.0, 0.06))),
                (code, year, "inkomende_pendel", round(size * rng.uniform(0.08, 0.2))),
            ]
    df = pd.DataFrame(rows, columns=["area_code", "year", "series", "value"])
    df["value"] = df.value.astype(float)
    df["source"] = DEMO_SOURCE
    return df


def _interval(value: float, n: int, unit: str) -> tuple[float, float]:
    if unit == "score":
        half = 1.96 * 1.3 / math.sqrt(n)
    else:
        p = value / 100
        half = 100 * 1.96 * math.sqrt(p * (1 - p) / n)
    return round(value - half, 1), round(value + half, 1)


def build_surveys(cfg: Config, areas: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """City values (the plan's for 2013/2014) and wijk values with 95% intervals."""
    gm = cfg.gemeente_code
    wijken = areas[areas.level == "wijk"].code.tolist()
    rows = []
    for ind in cfg.indicators:
        if ind.source != "survey":
            continue
        published = {b.year: b.value for b in cfg.baselines_of(ind.id) if b.year in (2013, 2014)}
        for year in SURVEY_YEARS:
            value = published.get(year, SURVEY_OTHER[ind.id].get(year))
            lo, hi = _interval(value, SURVEY_N_CITY, ind.unit)
            rows.append((ind.id, gm, year, value, lo, hi, SURVEY_N_CITY))
            spread = 0.15 if ind.unit == "score" else 0.35
            for wk in wijken:
                factor = rng.normal(1.0, spread / (1 if ind.unit != "score" else 10))
                v = round(max(0.5, value * factor), 1)
                if ind.unit == "score":
                    v = round(min(9.5, v), 1)
                lo, hi = _interval(v, SURVEY_N_WIJK, ind.unit)
                rows.append((ind.id, wk, year, v, max(0.0, lo), hi, SURVEY_N_WIJK))
    df = pd.DataFrame(rows, columns=["indicator_id", "area_code", "year", "value", "lower", "upper", "n"])
    df["source"] = DEMO_SOURCE
    return df


def build_peers(
    cfg: Config, registrations: pd.DataFrame, population: pd.DataFrame, surveys: pd.DataFrame, rng: np.random.Generator
) -> pd.DataFrame:
    """Gemeente figures for the comparison set; the city's own row is computed from its data."""
    names = pd.read_csv(DATA_DIR / "gemeenten.csv").set_index("code").name.to_dict()
    members: dict[str, None] = {}
    for group in cfg.peer_groups:
        members.update(dict.fromkeys(group.members))
    members.update(dict.fromkeys(code for code, _ in cfg.references))
    gm = cfg.gemeente_code
    city_pop = (
        population[population.area_code == gm]
        .assign(year=lambda d: pd.to_datetime(d.date).dt.year)
        .set_index("year")
        .inhabitants
    )
    reg = registrations.assign(year=pd.to_datetime(registrations.month).dt.year)
    rows = []
    for code in members:
        size = rng.lognormal(np.log(150_000), 0.5) if code != gm else None
        level = {k: v * rng.lognormal(0, 0.18) for k, v in PEER_POLICE_LEVEL.items()}
        survey_level = {
            k: v * rng.lognormal(0, 0.12 if k != "rapportcijfer_buurt" else 0.03) for k, v in PEER_SURVEY_LEVEL.items()
        }
        for year in SURVEY_YEARS:
            if code == gm:
                pop = int(city_pop[year])
                for ind in cfg.indicators:
                    if ind.source == "police" and ind.has_data_definition:
                        n = reg[(reg.year == year) & reg.category_code.isin(ind.categories)]["count"].sum()
                        rows.append((code, year, ind.id, round(n / pop * 1000, 2), None, None, pop))
                own = surveys[(surveys.area_code == gm) & (surveys.year == year)]
                for r in own.itertuples():
                    rows.append((code, year, r.indicator_id, r.value, r.lower, r.upper, pop))
                continue
            pop = int(size * (1.004 ** (year - 2012)))
            for ind_id, v in level.items():
                rows.append((code, year, ind_id, round(v * (0.97 ** (year - 2013)), 2), None, None, pop))
            for ind_id, v in survey_level.items():
                val = round(v * rng.normal(1, 0.03 if ind_id != "rapportcijfer_buurt" else 0.01), 1)
                lo, hi = _interval(val, 800, "score" if ind_id == "rapportcijfer_buurt" else "percent")
                rows.append((code, year, ind_id, val, lo, hi, pop))
    df = pd.DataFrame(rows, columns=["gemeente_code", "year", "measure", "value", "lower", "upper", "population"])
    names[gm] = f"{cfg.gemeente_name} (demo)"
    df.insert(1, "gemeente_name", df.gemeente_code.map(lambda c: names.get(c, c)))
    df["source"] = DEMO_SOURCE
    return df


def build_activities(rng: np.random.Generator) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The plan's actions (data/plan_activities_2015_2016.csv) and a generated status history."""
    acts = pd.read_csv(DATA_DIR / "plan_activities_2015_2016.csv", dtype=str)
    acts = acts.rename(columns={"theme": "theme_id"})
    history = []
    for a in acts.itertuples():
        history.append((a.id, dt.date(2015, 1, 1), "gepland", "Vastgesteld in het uitvoeringsplan"))
        history.append((a.id, dt.date(2015, 4, 1), "lopend", None))
        end_year = 2015 if a.term == "2015" else 2016
        outcome = rng.choice(["gereed", "lopend", "vertraagd", "vervallen"], p=[0.55, 0.25, 0.15, 0.05])
        if end_year == 2015 or outcome in ("vertraagd", "vervallen"):
            when = dt.date(2015, 12, 15) if end_year == 2015 else dt.date(2016, 6, 1)
            if outcome != "lopend":
                history.append((a.id, when, str(outcome), None))
    status = pd.DataFrame(history, columns=["activity_id", "date", "status", "note"])
    return acts[["id", "theme_id", "item", "description", "term", "parties", "lead"]], status


def build_attention_areas(areas: pd.DataFrame, registrations: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Two aandachtsgebieden: the three buurten with most drug nuisance, and most burglary."""
    buurt = registrations[registrations.area_code.isin(areas[areas.level == "buurt"].code)]
    chosen = []
    for cat in ("INC.DRUGS", "1.1.1"):
        top = (
            buurt[buurt.category_code == cat]
            .groupby("area_code")["count"]
            .sum()
            .sort_values(ascending=False, kind="stable")
        )
        chosen.append([c for c in top.index if c not in functools.reduce(operator.iadd, chosen, [])][:3])
    meta = pd.DataFrame(
        [
            ("AG01", "Aandachtsgebied Drugsoverlast", "Buurten met de meeste drugsoverlast (demo)"),
            ("AG02", "Aandachtsgebied Woninginbraak", "Buurten met de meeste woninginbraken (demo)"),
        ],
        columns=["code", "name", "description"],
    )
    members = pd.DataFrame(
        [(code, b) for code, bs in zip(meta.code, chosen, strict=True) for b in sorted(bs)],
        columns=["attention_code", "area_code"],
    )
    return meta, members


def _insert(con, table: str, df: pd.DataFrame) -> None:
    cols = ", ".join(f'"{c}"' for c in df.columns)
    con.register("_frame", df)
    try:
        con.execute(f'INSERT INTO "{table}" ({cols}) SELECT {cols} FROM _frame')
    finally:
        con.unregister("_frame")


def build_demo(path: str | Path, seed: int = 2015, cfg: Config | None = None) -> DemoSummary:
    """Build the demo database at ``path`` (replaced if it exists). Returns a summary."""
    import time

    start = time.perf_counter()
    cfg = cfg or load_config()
    path = Path(path)
    tmp = path.with_name(path.name + ".building")
    for p in (tmp, Path(str(tmp) + ".wal")):
        p.unlink(missing_ok=True)
    rng = np.random.default_rng(seed)
    areas = build_areas(cfg, rng)
    population = build_population(areas, rng)
    registrations = build_registrations(areas, population, rng)
    points = build_points(areas, registrations, seed)
    surveys = build_surveys(cfg, areas, rng)
    peers = build_peers(cfg, registrations, population, surveys, rng)
    denominators = build_denominators(cfg, areas, peers, seed)
    activities, status = build_activities(rng)
    attention, members = build_attention_areas(areas, registrations)
    categories = shipped_categories()

    loaded_at = dt.datetime.combine(DEMO_TODAY, dt.time(7, 0))
    last_month = registrations.month.max()
    frames = {
        "categories": categories,
        "areas": areas,
        "population": population,
        "registrations": registrations,
        "registration_points": points,
        "denominators": denominators,
        "survey_results": surveys,
        "peer_figures": peers,
        "activities": activities,
        "attention_areas": attention,
    }
    periods = {
        "registrations": (FIRST_MONTH, DEMO_TODAY),
        "registration_points": (POINTS_FROM, DEMO_TODAY),
        "denominators": (dt.date(SURVEY_YEARS[0], 1, 1), dt.date(SURVEY_YEARS[-1], 12, 31)),
        "population": (dt.date(2012, 1, 1), dt.date(DEMO_TODAY.year, 1, 1)),
        "survey_results": (dt.date(SURVEY_YEARS[0], 1, 1), dt.date(SURVEY_YEARS[-1], 12, 31)),
        "peer_figures": (dt.date(SURVEY_YEARS[0], 1, 1), dt.date(SURVEY_YEARS[-1], 12, 31)),
    }
    lineage = pd.DataFrame({"kind": list(frames)})
    lineage["loaded_at"] = loaded_at
    lineage["source"] = DEMO_SOURCE
    lineage["file_name"] = None
    lineage["checksum"] = f"seed={seed}"
    lineage["source_table"] = "mik.tools.demo"
    lineage["period_start"] = [periods.get(k, (None, None))[0] for k in lineage.kind]
    lineage["period_end"] = [periods.get(k, (None, None))[1] for k in lineage.kind]
    lineage["rows"] = [len(frames[k]) for k in lineage.kind]
    lineage["synthetic"] = True
    lineage["note"] = [
        f"Laatste maand {last_month:%Y-%m} loopt tot {DEMO_TODAY:%d-%m-%Y}" if k == "registrations" else None
        for k in lineage.kind
    ]

    con = connect(tmp)
    try:
        with transaction(con):
            for table, df in frames.items():
                _insert(con, table, df)
            _insert(con, "activity_status", status)
            _insert(con, "attention_area_members", members)
            _insert(con, "lineage", lineage)
        con.execute("CHECKPOINT")
    finally:
        con.close()
    tmp.replace(path)
    return DemoSummary(
        path=path,
        buurten=int((areas.level == "buurt").sum()),
        wijken=int((areas.level == "wijk").sum()),
        registrations=len(registrations),
        seconds=time.perf_counter() - start,
    )
