"""The frames the pages show, assembled from queries and indicator maths (no Streamlit)."""

from __future__ import annotations

import datetime as dt
import json
import math
from dataclasses import dataclass

import pandas as pd
import shapely
from shapely.geometry import mapping

from mik import comparisons, geometry, indicators, queries, stats, targets
from mik.access import Access, AccessDenied, check_level
from mik.config import Config
from mik.formatting import fmt_number, fmt_value
from mik.i18n import t
from mik.periods import Period, add_months, parse_period


@dataclass(frozen=True)
class MapLayerData:
    """What a choropleth needs: GeoJSON features with colours and tooltips, a legend, the bounds."""

    features: dict
    outlines: dict
    legend: list[tuple[str, str]]
    frame: pd.DataFrame  # code, name, value, count, population, class, label
    bounds: tuple[float, float, float, float]  # west, south, east, north (degrees): the first view
    unit: str = "per_1000"  # of frame.value: per_1000, count, percent or score


def _feature_collection(rows: list[dict]) -> dict:
    return {"type": "FeatureCollection", "features": rows}


def map_geometries(con, level: str, gemeente: str | None = None) -> pd.DataFrame:
    """code, name, parent_code, boundary_year, geom (simplified shapely, WGS84) for one level.

    The map draws one boundary year: the newest loaded for the level, so a buurt that was split
    or merged never overlaps its successors. Codes of older years are left off the map (their
    figures stay in tables and in wijk and city totals).
    """
    years = queries.fetch_df(con, "SELECT max(boundary_year) AS y FROM areas WHERE level = $l", {"l": level}).y
    geo = queries.area_geometries(con, level, None if years.isna().all() else int(years.iloc[0]))
    if gemeente:  # only the city's areas (a national database holds every gemeente)
        geo = geo[geo.code.str[2:6] == gemeente[2:6]].reset_index(drop=True)
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
    access: Access | None = None,
    gemeente: str | None = None,
    visitors: bool = False,
) -> tuple[pd.DataFrame, str]:
    """Values per area for an indicator or a category; returns the frame and its unit. With
    ``visitors`` (and ``per_1000``) police rates are per 1,000 inhabitants and visitors
    (:func:`with_visitors`).

    Restricted roles below gemeente level get the plan's indicators and ``0.0.0`` only: overlapping
    category sets could be subtracted from each other.
    """
    check_level(access, level)
    if indicator_id:
        ind = cfg.indicator(indicator_id)
        if ind.source == "survey":
            df = indicators.survey_values(con, ind, level, period.start.year)
            df["count"] = None
            df["population"] = None
            return df, ind.unit
        df = indicators.police_values(con, ind, level, period, per_1000, access=access, gemeente=gemeente)
        if per_1000 and visitors:
            df = with_visitors(con, cfg, df, level, period.population_year)
        return df, "per_1000" if per_1000 else "count"
    if access is not None and access.suppresses(level) and category != "0.0.0":
        raise AccessDenied(f"de rol {access.role} ziet onder gemeenteniveau alleen de indicatoren en het totaal 0.0.0")
    cats = queries.category_leaves(con, category)
    frame = indicators.category_values(con, cats, level, period, per_1000, access=access, gemeente=gemeente)
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
    access: Access | None = None,
    gemeente: str | None = None,
    visitors: bool = False,
) -> MapLayerData:
    """Classified values per area with colours, tooltips and a legend (no-data shown as such).

    ``geo`` and ``outlines`` (from :func:`map_geometries`, :func:`attention_outlines`) may be passed
    in when the caller keeps them cached; they are computed otherwise.
    """
    values, unit = value_frame(con, cfg, level, period, indicator_id, category, per_1000, access, gemeente, visitors)
    if "suppressed" not in values:
        values["suppressed"] = False
    geo = map_geometries(con, level) if geo is None else geo
    if gemeente:  # one city's map from a database that may hold the whole country
        geo = geo[geo.code.str[2:6] == gemeente[2:6]]
    df = geo.merge(
        values[["area_code", "value", "count", "population", "suppressed"]],
        left_on="code",
        right_on="area_code",
        how="left",
    )
    df["suppressed"] = df.suppressed.fillna(False).astype(bool)
    classes, bins = geometry.classify(df.value, scheme, k)
    colours = geometry.palette(len(bins))
    df["class"] = classes
    no_data = "geen data" if lang != "en" else "no data"
    hidden = f"<{access.threshold} (afgeschermd)" if access else ""
    df["label"] = [
        hidden if s else fmt_value(v, unit, lang) if pd.notna(v) else no_data
        for v, s in zip(df.value, df.suppressed, strict=True)
    ]
    legend, low = [], float(df.value.min()) if df.value.notna().any() else 0.0
    for i, (colour, high) in enumerate(zip(colours, bins, strict=True)):
        legend.append((colour, class_label(low, high, i == 0, unit, lang)))
        low = high
    if df.suppressed.any():
        legend.append((geometry.SUPPRESSED_COLOUR, hidden))
    if ((df["class"] < 0) & ~df.suppressed).any():
        legend.append((geometry.NO_DATA_COLOUR, no_data))
    df = df[df["geom"].notna()]
    colour_of = [
        geometry.SUPPRESSED_COLOUR if s else colours[c] if c >= 0 else geometry.NO_DATA_COLOUR
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
                "fill": geometry.hex_to_rgba(colour),
                "colour": colour,
            },
        }
        for g, code, name, label, colour in zip(shapes, df.code, df.name, df.label, colour_of, strict=True)
    ]
    legend_of = dict(enumerate(text for _, text in legend[: len(bins)]))
    df["legend"] = [hidden if s else legend_of.get(c, no_data) for s, c in zip(df.suppressed, df["class"], strict=True)]
    frame = df[["code", "name", "value", "count", "population", "class", "label", "legend"]]
    outlines = attention_outlines(con) if outlines is None else outlines
    return MapLayerData(_feature_collection(features), outlines, legend, frame, _bounds(df["geom"]), unit)


def status_map(
    con,
    cfg: Config,
    statuses: pd.DataFrame,
    indicator_id: str,
    level: str = "buurt",
    lang: str = "nl",
    geo: pd.DataFrame | None = None,
    outlines: dict | None = None,
) -> MapLayerData:
    """Areas coloured by their target status for one indicator (used by the what-if page).

    ``statuses`` is :func:`mik.targets.what_if` output; the scenario's statuses are drawn.
    """
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
                    "fill": geometry.hex_to_rgba(colour),
                    "label": f"{icon} {word}: {fmt_value(shown, ind.unit, lang)}",
                },
            }
        )
    frame = df[["code", "name", "value", "projected", "status"]]
    outlines = attention_outlines(con) if outlines is None else outlines
    return MapLayerData(
        _feature_collection(features),
        outlines,
        [legend[k] for k in targets.STATUS_STYLE if k in legend],
        frame,
        _bounds(df["geom"]),
    )


def theme_trend(
    con, cfg: Config, indicator_id: str, area_code: str, level: str = "gemeente", access: Access | None = None
) -> pd.DataFrame:
    """Monthly counts, rolling 12-month rate per 1,000 and the yearly target for a police indicator.

    Columns: month, count, last_year, rolling12, rolling_rate, target (threshold of that month's
    year, when numeric), complete.
    """
    ind = cfg.indicator(indicator_id)
    df = indicators.monthly_series(con, ind.categories, level, area_code, access=access)
    if df.empty:
        return df
    known = queries.population_years(con, level, area_code)  # one query, not one per year
    pops = {}
    for y in sorted(df.month.dt.year.unique()):
        # the population rule: 1 January of the year, else the nearest year with a figure
        nearest = min(known, key=lambda k: (abs(k - int(y)), -k)) if known else None
        pops[int(y)] = known.get(int(y), known.get(nearest) if nearest is not None else None)
    df["rolling_rate"] = [
        indicators.rate_per_1000(r, pops.get(m.year)) if pd.notna(r) else None
        for m, r in zip(df.month, df.rolling12, strict=True)
    ]
    df["target"] = [(cfg.target(ind.id, m.year).threshold if cfg.target(ind.id, m.year) else None) for m in df.month]
    return df


def yearly_trend(
    con, cfg: Config, indicator_id: str, area_code: str, level: str = "gemeente", access: Access | None = None
) -> pd.DataFrame:
    """Per calendar year that is loaded whole: count, rate per 1,000, population year and the
    year's numeric target, for a police indicator (what the Thema page draws when only yearly
    figures exist). Columns: year, count, rate, population_year, population_nearest, target."""
    ind = cfg.indicator(indicator_id)
    first, stand = queries.data_period(con)
    rows = []
    if first is None or stand is None or not queries.has_registrations(con, ind.categories):
        return pd.DataFrame(columns=["year", "count", "rate", "population_year", "population_nearest", "target"])
    for y in range(first.year, stand.year + 1):
        p = parse_period(str(y))
        if not indicators.period_complete(p, stand) or not queries.loaded_in(con, p.start, p.end):
            continue
        df = indicators.police_values(con, ind, level, p, True, access=access)
        r = df[df.area_code == area_code]
        if r.empty or pd.isna(r["count"].iloc[0]):
            continue
        target = cfg.target(ind.id, y)
        rows.append(
            {
                "year": y,
                "count": int(r["count"].iloc[0]),
                "rate": None if pd.isna(r.value.iloc[0]) else float(r.value.iloc[0]),
                "population_year": None if pd.isna(r.population_year.iloc[0]) else int(r.population_year.iloc[0]),
                "population_nearest": bool(r.population_nearest.iloc[0]),
                "target": target.threshold if target else None,
            }
        )
    return pd.DataFrame(rows, columns=["year", "count", "rate", "population_year", "population_nearest", "target"])


def category_breakdown(
    con,
    categories: list[str],
    level: str,
    area_code: str,
    period: Period,
    lang: str = "nl",
    access: Access | None = None,
) -> pd.DataFrame:
    """Counts per sub-category of an indicator for one area, this period and a year earlier.

    Below gemeente level for roles with full access only (the parts and the whole could be
    subtracted).
    """
    check_level(access, level)
    if access is not None and access.suppresses(level):
        raise AccessDenied(f"de rol {access.role} ziet de verdeling naar soort alleen voor de hele gemeente")
    now = queries.counts_by_category(con, level, area_code, period.start, period.end)
    before = queries.counts_by_category(con, level, area_code, *_shift(period))
    df = now[now.category_code.isin(categories)].merge(
        before[["category_code", "count"]].rename(columns={"count": "last_year"}), on="category_code", how="left"
    )
    if queries.loaded_in(con, *_shift(period)):  # a year earlier loaded: absent means zero, else unknown
        df["last_year"] = df.last_year.fillna(0)
    df["name"] = df.name_en if lang == "en" else df.name_nl
    df["change_pct"] = [comparisons.change_pct(a, b) for a, b in zip(df["count"], df.last_year, strict=True)]
    df = df.reset_index(drop=True)
    # each category's change tested, q-values over the categories shown (see mik.stats)
    tests = stats.change_tests(df["count"], df.last_year, family=True)
    df["p"], df["q"], df["significance"] = tests.p, tests.q, tests.significance
    df["test"] = [t(k, lang) for k in df.significance]
    return df[["category_code", "name", "count", "last_year", "change_pct", "p", "q", "significance", "test"]]


def _shift(period: Period) -> tuple[dt.date, dt.date]:
    p = period.shifted_years(-1)
    return p.start, p.end


def biggest_changes(
    con,
    categories: list[str],
    period: Period,
    n: int = 5,
    access: Access | None = None,
    gemeente: str | None = None,
    level: str = "buurt",
    lang: str = "nl",
) -> pd.DataFrame:
    """The changes against the same period a year earlier with the strongest evidence, per buurt (or
    wijk) and category.

    Every area x category of ``categories`` is tested (exact conditional Poisson test, see
    :mod:`mik.stats`); q-values control the false discoveries over that whole family
    (Benjamini-Hochberg). Rows are ranked by q, then p, then the size of the change: a buurt from 55
    to 96 only tops the list when that is more than chance. Cells hidden for the role (small
    counts) take no part. Columns: area_code, name, category_code, category, count,
    count_last_year, change, change_pct, p, q, rr, rr_low, rr_high, significance.
    """
    names = queries.category_list(con).set_index("code")
    before = period.shifted_years(-1)
    first, stand = queries.data_period(con)
    known = {  # the same for every category: asked once
        "areas": queries.area_list(con, level),
        "stand": stand,
        "first": first,
        "populations": tuple(queries.population_by_area(con, level, p.population_year) for p in (period, before)),
        "kinds": tuple(queries.loaded_kinds(con, p.start, p.end) for p in (period, before)),
    }
    registered = set(queries.registered_categories(con).code)
    frames = []
    for code in categories:
        df = comparisons.versus_last_year(
            con,
            [code],
            level,
            period,
            per_1000=False,
            access=access,
            gemeente=gemeente,
            known={**known, "has_rows": code in registered},
        )
        frames.append(df.assign(category_code=code))
    df = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
    if df.empty:
        return df
    df = df.dropna(subset=["count", "count_last_year"])
    df = df[(df["count"] + df.count_last_year) > 0].reset_index(drop=True)
    df["category"] = [
        names.at[c, "name_en" if lang == "en" else "name_nl"] if c in names.index else c for c in df.category_code
    ]
    df["change"] = df["count"] - df.count_last_year
    tests = stats.change_tests(df["count"], df.count_last_year, family=True)
    df = pd.concat([df, tests], axis=1)
    df["abs_change"] = df.change.abs()
    df = df.sort_values(["q", "p", "abs_change"], ascending=[True, True, False], kind="stable")
    cols = ["area_code", "name", "category_code", "category", "count", "count_last_year", "change", "change_pct"]
    return df[cols + list(tests.columns)].head(n).reset_index(drop=True)


@dataclass(frozen=True)
class Headline:
    """Total registered crimes (``0.0.0``) of one area in the newest period, with the period before.

    ``query`` is the ``python -m mik table`` command that reproduces the count and the rate.
    """

    area_code: str
    period: str
    count: int | None
    rate: float | None
    population: int | None
    population_year: int | None
    population_nearest: bool
    previous_period: str
    previous_count: int | None
    change_pct: float | None  # None when either period lacks buurten (no like-for-like change)
    suppressed: bool
    sources: tuple[str, ...]
    query: str
    unreported: int = 0  # buurten without a published figure in this period (yearly CBS tables)
    previous_unreported: int = 0  # the same, in the period before
    p: float | None = None  # exact test of the change (mik.stats.poisson_test)
    significance: str = stats.UNTESTED  # label key: sig_rise, sig_fall, sig_chance, sig_untested


def headline_period(con, level: str, access: Access | None = None) -> Period | None:
    """The newest period to headline: the rolling 12 months to the last complete month when
    monthly figures are loaded (and the role may see months at this level), else the newest
    calendar year that is loaded whole."""
    first, stand = queries.data_period(con)
    if first is None or stand is None:
        return None
    monthly = queries.monthly_span(con)[0] is not None
    if monthly and not (access is not None and access.suppresses(level)):
        return parse_period(f"{indicators.last_complete_month(stand):%Y-%m}-R12")
    for y in range(stand.year, first.year - 1, -1):
        p = parse_period(str(y))
        if indicators.period_complete(p, stand) and queries.loaded_in(con, p.start, p.end):
            return p
    return None


def headline(
    con, area_code: str, level: str, access: Access | None = None, gemeente: str | None = None
) -> Headline | None:
    """The headline strip of the Overzicht: see :class:`Headline`. None when no crime is loaded."""
    period = headline_period(con, level, access)
    cats = queries.category_leaves(con, "0.0.0")
    if period is None or not cats:
        return None
    before = period.shifted_years(-1)

    def row(p: Period):
        df = indicators.category_values(con, cats, level, p, True, access=access, gemeente=gemeente)
        df = df[df.area_code == area_code]
        return None if df.empty else df.iloc[0]

    now, prev = row(period), row(before)
    if now is None:
        return None

    def unreported(p: Period) -> int:  # only a yearly table has empty cells; a monthly export lists events
        if 1 in queries.loaded_kinds(con, p.start, p.end) or not queries.loaded_in(con, p.start, p.end):
            return 0
        return queries.unreported_buurten(con, cats, p.start, p.end, level, area_code)

    gaps = (unreported(period), unreported(before))
    hidden = bool(now.get("suppressed", False))
    count = None if hidden or pd.isna(now["count"]) else int(now["count"])
    prev_count = (
        None if prev is None or bool(prev.get("suppressed", False)) or pd.isna(prev["count"]) else int(prev["count"])
    )
    change = None if any(gaps) else comparisons.change_pct(count, prev_count)
    p = None if change is None else float(stats.poisson_test(count, prev_count)[0])
    return Headline(
        p=p,
        significance=stats.UNTESTED if p is None else stats.label(p, count - prev_count)[0],
        area_code=area_code,
        period=period.code,
        count=count,
        rate=None if hidden or pd.isna(now["value"]) else float(now["value"]),
        population=None if pd.isna(now["population"]) else int(now["population"]),
        population_year=None if pd.isna(now["population_year"]) else int(now["population_year"]),
        population_nearest=bool(now["population_nearest"]),
        previous_period=before.code,
        previous_count=prev_count,
        change_pct=change,
        suppressed=hidden,
        sources=tuple(queries.registration_sources(con, cats, period.start, period.end)),
        query=(
            f"python -m mik table --level {level} --period {period.code} --category 0.0.0 --per-1000 --area {area_code}"
        ),
        unreported=gaps[0],
        previous_unreported=gaps[1],
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


def period_choices(con) -> list[str]:
    """Period codes offered by pickers: years, rolling 12 months and year-to-date of the data.

    With yearly figures only (CBS tables), only the loaded years: a month of them is not known.
    """
    first, stand = queries.data_period(con)
    if first is None or stand is None:
        return []
    if queries.monthly_span(con)[0] is None:
        years = [parse_period(str(y)) for y in range(stand.year, first.year - 1, -1)]
        return [p.code for p in years if queries.loaded_in(con, p.start, p.end)]
    last = indicators.last_complete_month(stand)
    out = [f"{last:%Y-%m}-R12", f"{last:%Y-%m}-YTD", f"{last:%Y-%m}"]
    out += [str(y) for y in range(last.year - (last.month < 12), first.year - 1, -1)]
    out += [f"{add_months(last, -12):%Y-%m}-R12"]
    return out


def peer_table(
    con,
    cfg: Config,
    indicator_id: str,
    years: list[int],
    group_id: str = "g32",
    visitors: bool = False,
    refs: list[str] | None = None,
) -> pd.DataFrame:
    """Peer comparison for several years stacked (for the trend chart and the rank table)."""
    frames = [comparisons.peer_comparison(con, cfg, indicator_id, y, group_id, visitors, refs) for y in years]
    frames = [f for f in frames if not f.empty and f.value.notna().any()]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()


def activity_counts(acts: pd.DataFrame) -> pd.DataFrame:
    """Number of actions per theme and status (for the Uitvoering page)."""
    return acts.pivot_table(
        index="theme_id", columns="status", values="id", aggfunc="count", fill_value=0
    ).reset_index()


RED = ("not_met", "at_risk")
GREEN = ("met", "on_track")


def status_counts(result: pd.DataFrame, indicator: str, level: str = "buurt") -> dict[str, int]:
    """How many areas are red (not met / at risk) and green (met / on track), plan and scenario.

    ``result`` is :func:`mik.targets.what_if` output.
    """
    b = result[(result.level == level) & (result.indicator == indicator)]
    return {
        "red_plan": int(b.status_plan.isin(RED).sum()),
        "red_scenario": int(b.status_scenario.isin(RED).sum()),
        "green_plan": int(b.status_plan.isin(GREEN).sum()),
        "green_scenario": int(b.status_scenario.isin(GREEN).sum()),
    }


def filter_activities(acts: pd.DataFrame, themes=(), leads=(), terms=(), statuses=()) -> pd.DataFrame:
    """The actions matching every non-empty filter (an empty filter keeps all)."""
    mask = pd.Series(True, index=acts.index)
    for column, chosen in (("theme_id", themes), ("lead", leads), ("term", terms), ("status", statuses)):
        if chosen:
            mask &= acts[column].isin(list(chosen))
    return acts[mask]
