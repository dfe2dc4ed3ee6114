"""The figures a page may show, each behind the gate: the only figure functions pages call.

Every public function here is wrapped by :func:`ui.auth.secured` (figures that depend on the role:
the session's verified Access is added by the wrapper, never by a page) or :func:`ui.auth.gated`
(the same for every role: the plan's actions, the lineage, the categories), and both refuse a run
without a logged-in role. ``tests/test_gate.py`` walks this module and fails on any function that
answers without the gate. The first argument of each is the database key (:func:`ui.source.db_key`),
so a published import is never mixed with cached figures of the file before.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from mik.data import queries
from mik.figures import comparisons, hotspots, indicators, perception, scorecards, signals, whatif
from mik.plan.periods import add_months, parse_period
from mik.plan.periods import year as year_period
from mik.privacy.access import Access, keep, map_level, period_kinds, signal_level
from mik.views import changes, headlines, maps, options, peers, trends
from ui.auth import gated, secured
from ui.cache import shared
from ui.connection import get_connection
from ui.source import get_config


@secured(128)
def scorecard(
    path: str,
    year: int,
    area_code: str | None,
    level: str = "gemeente",
    overrides: tuple[tuple[str, int, str, float], ...] = (),
    *,
    access: Access,
) -> list[scorecards.ScoreRow]:
    cfg = whatif.with_overrides(get_config(), {(i, y): (c, v) for i, y, c, v in overrides})
    return scorecards.scorecard(get_connection(path), cfg, year, area_code, level, access=access)


@secured(64)
def headline(path: str, area_code: str, level: str, *, access: Access):
    return headlines.headline(
        get_connection(path), area_code, level, access=access, gemeente=get_config().gemeente_code
    )


@secured(128)
def indicator_history(
    path: str, indicator_id: str, area_code: str, years: tuple[int, ...], level: str = "gemeente", *, access: Access
):
    """Yearly values of one indicator (complete years only) for the sparkline."""
    cfg = get_config()
    c = get_connection(path)
    _, stand = queries.data_period(c)
    rows = []
    for y in years:
        p = year_period(y)
        if cfg.indicator(indicator_id).source == "police" and not indicators.period_complete(p, stand):
            continue
        v = indicators.indicator_value(c, cfg, indicator_id, area_code, level, p, access=access)
        if v.has_value:
            rows.append({"year": y, "value": v.value})
    return pd.DataFrame(rows, columns=["year", "value"])


@secured()
def choropleth(
    path: str,
    level: str,
    period: str,
    indicator: str | None,
    category: str | None,
    per_1000: bool,
    scheme: str,
    lang: str,
    visitors: bool = False,
    *,
    access: Access,
):
    return maps.choropleth(
        get_connection(path),
        get_config(),
        level,
        parse_period(period),
        indicator,
        category,
        per_1000,
        scheme,
        5,
        lang,
        geo=_map_geometries(path, level),
        outlines=_attention_outlines(path),
        access=access,
        visitors=visitors,
        gemeente=get_config().gemeente_code,
    )


@shared(ttl=3600, max_entries=8)
def _map_geometries(path: str, level: str):
    """The city's areas of a level, simplified for the map (prepared once per process): boundaries
    are public, the figures drawn on them go through the gate."""
    return maps.map_geometries(get_connection(path), level, get_config().gemeente_code)


@shared(ttl=3600, max_entries=8)
def _attention_outlines(path: str):
    return maps.attention_outlines(get_connection(path), _map_geometries(path, "buurt"))


@secured()
def status_map(path: str, year: int, indicator: str, overrides: tuple, lang: str, *, access: Access):
    """The scenario's statuses on a map of the finest areas the role may see (buurten or wijken)."""
    level = map_level(access)
    return maps.status_map(
        get_connection(path),
        get_config(),
        _what_if(path, year, overrides, access),
        indicator,
        level,
        lang,
        geo=_map_geometries(path, level),
        outlines=_attention_outlines(path),
        access=access,
    )


@secured()
def what_if(path: str, year: int, overrides: tuple, *, access: Access):
    """Plan versus scenario for the city and every buurt the role may see."""
    return _what_if(path, year, overrides, access)


@shared(ttl=600, max_entries=64)
def _what_if(path: str, year: int, overrides: tuple, access: Access):
    below = map_level(access)
    levels = ("gemeente", below) if below else ("gemeente",)
    return whatif.what_if(
        get_connection(path),
        get_config(),
        year,
        {(i, y): (c, v) for i, y, c, v in overrides},
        levels=levels,
        access=access,
    )


@secured()
def month_signals(path: str, month: str | None, categories: tuple[str, ...] | None, lang: str, *, access: Access):
    """Expected versus observed for ``month`` (YYYY-MM; None: the last complete month), at the
    finest level the role sees unsuppressed (see mik.privacy.access.signal_level). None without data."""
    con = get_connection(path)
    _, stand = queries.data_period(con)
    if stand is None:
        return None
    when = dt.date.fromisoformat(month + "-01") if month else indicators.last_complete_month(stand)
    cats = list(categories) if categories else None
    cfg = get_config()
    return signals.month_signals(
        con, when, signal_level(access), cats, access=access, gemeente=cfg.gemeente_code, lang=lang, breaks=cfg.breaks
    )


@secured()
def perceived(path: str, theme: str, year: int, *, access: Access):
    """Objective beside subjective per area for ``theme`` (mik.figures.perception)."""
    cfg = get_config()
    return perception.perception(get_connection(path), cfg, theme, year, access=access, gemeente=cfg.gemeente_code)


@secured()
def hotspot_layer(path: str, categories: tuple[str, ...], period: str, lang: str, scope: str, *, access: Access):
    """Hexagons of the street-level points (mik.figures.hotspots); AccessDenied below the street
    level, and for a role with suppression for months or single categories (``scope``)."""
    con = get_connection(path)
    cats, p = list(categories), parse_period(period)
    return maps.hex_layer(con, cats, p, access, get_config().gemeente_code, lang, scope=scope)


@secured()
def top_streets(path: str, categories: tuple[str, ...], period: str, scope: str, *, access: Access):
    con = get_connection(path)
    cats, p = list(categories), parse_period(period)
    return hotspots.top_streets(con, cats, p, access, get_config().gemeente_code, scope=scope)


@gated(8)
def denominator_series(path: str) -> pd.DataFrame:
    """The extra denominators loaded (series, level, areas, years); empty when none."""
    return queries.denominator_series(get_connection(path))


@gated(8)
def point_span(path: str) -> tuple:
    """First and last month with street-level points (None, None without any)."""
    return queries.point_span(get_connection(path))


@secured()
def theme_trend(path: str, indicator: str, area: str, level: str, *, access: Access):
    return trends.theme_trend(get_connection(path), get_config(), indicator, area, level, access=access)


@secured()
def yearly_trend(path: str, indicator: str, area: str, level: str, *, access: Access):
    return trends.yearly_trend(get_connection(path), get_config(), indicator, area, level, access=access)


@secured()
def category_breakdown(
    path: str, categories: tuple[str, ...], level: str, area: str, period: str, lang: str, *, access: Access
):
    return changes.category_breakdown(
        get_connection(path), list(categories), level, area, parse_period(period), lang, access=access
    )


@secured()
def biggest_changes(
    path: str,
    categories: tuple[str, ...],
    period: str,
    level: str = "buurt",
    lang: str = "nl",
    composite: str | None = None,
    *,
    access: Access,
):
    return changes.biggest_changes(
        get_connection(path),
        list(categories),
        parse_period(period),
        access=access,
        gemeente=get_config().gemeente_code,
        level=level,
        lang=lang,
        composite=composite,
    )


@secured(32)
def peer_table(
    path: str,
    indicator: str,
    years: tuple[int, ...],
    visitors: bool = False,
    refs: tuple[str, ...] | None = None,
    lang: str = "nl",
    *,
    access: Access,
):
    refs_list = list(refs) if refs is not None else None
    return peers.peer_table(
        get_connection(path), get_config(), indicator, list(years), "g32", visitors, refs_list, lang, access=access
    )


@gated(16)
def peer_years(path: str, measure: str) -> list[int]:
    """The years with peer figures for ``measure``, oldest first."""
    return sorted(int(y) for y in queries.peer_values(get_connection(path), measure).year.unique())


@secured(16)
def similar_gemeenten(path: str, year: int, *, access: Access):
    return comparisons.similar_gemeenten(get_connection(path), get_config(), year, access=access)


@secured(16)
def peer_context(path: str, year: int, codes: tuple[str, ...], lang: str = "nl", *, access: Access):
    df = comparisons.context_table(get_connection(path), get_config(), year, list(codes), access=access)
    average = get_config().peer_group("g32").name(lang)  # the group's average in the reader's language
    return df.assign(gemeente_name=df.gemeente_name.where(df.kind != "gemiddelde", average))


@gated(8)
def activities(path: str):
    return queries.activities(get_connection(path))


@gated(8)
def lineage(path: str):
    return queries.lineage(get_connection(path))


@gated(16)
def map_default(path: str, period: str) -> tuple[str, str] | None:
    return maps.map_default(get_connection(path), get_config(), parse_period(period))


@secured(16)
def period_choices(path: str, level: str = "gemeente", *, access: Access) -> list[str]:
    """Period codes for the pickers; calendar years only below gemeente level for restricted roles."""
    choices = options.period_choices(get_connection(path))
    kinds = period_kinds(access, level)
    if kinds is not None:
        choices = [c for c in choices if parse_period(c).kind in kinds]
    return choices


@secured(16)
def areas(path: str, level: str | None = None, *, access: Access):
    """The areas the role may see (its levels; for a role of some wijken, the gemeente and its own)."""
    df = queries.area_list(get_connection(path), level)
    return keep(access, df[[access.may_see(lv) for lv in df.level]].reset_index(drop=True), "code")


LEVEL_ORDER = {"gemeente": 0, "wijk": 1, "buurt": 2, "aandachtsgebied": 3}


@secured(16)
def area_choices(path: str, *, access: Access) -> tuple[pd.DataFrame, dict[str, str]]:
    """The areas the role may see in picker order (level, code), and their names."""
    cfg = get_config()
    df = areas(path)
    df = df.assign(order=df.level.map(LEVEL_ORDER)).sort_values(["order", "code"])
    names = dict(zip(df.code, df.name, strict=True))
    if not names.get(cfg.gemeente_code) or names[cfg.gemeente_code] == cfg.gemeente_code:
        names[cfg.gemeente_code] = cfg.gemeente_name  # boundary files rarely name the gemeente
    return df, names


@gated(8)
def categories(path: str):
    return queries.category_list(get_connection(path))


@gated(8)
def loaded_categories(path: str):
    """The categories with registrations loaded (code, name_nl, name_en)."""
    return queries.registered_categories(get_connection(path))


@gated(8)
def peer_measures(path: str) -> list[str]:
    return comparisons.peer_measures(get_connection(path), get_config())


@gated(8)
def report_months(path: str) -> list[str]:
    """Complete months of the data, newest first (the last 24)."""
    _, stand = queries.data_period(get_connection(path))
    last = indicators.last_complete_month(stand)
    return [f"{add_months(last, -i):%Y-%m}" for i in range(24)]


@gated(8)
def report_quarters(path: str) -> list[str]:
    from mik.output import document

    return document.report_quarters(get_connection(path))


@gated(8)
def last_complete_quarter(path: str) -> str | None:
    """The newest quarter the data covers whole (the council report's default), e.g. '2016-Q3'."""
    from mik.output import document

    return document.last_complete_quarter(get_connection(path))


@secured(16)
def report(
    path: str, kind: str, period: str, fmt: str, duidingen: tuple = (), area: str | None = None, *, access: Access
) -> bytes:
    """A report for the reader's role (its suppression and levels), as bytes, with the period's
    final ``duidingen`` (part of the key: a new one makes the report anew); a factsheet of ``area``."""
    from mik.output import driehoek, factsheet, raad, render  # python-pptx and reportlab: loaded when asked

    con = get_connection(path)
    if kind == "driehoek":
        built = driehoek.build_driehoek(con, get_config(), period, access=access, duidingen=duidingen)
    elif kind == "factsheet":
        built = factsheet.build_factsheet(con, get_config(), area, period, access=access, duidingen=duidingen)
    else:
        built = raad.build_raad(con, get_config(), period, access=access, duidingen=duidingen)
    return render.render(built, fmt)
