"""The cached DuckDB connection and cached wrappers around mik queries."""

from __future__ import annotations

import collections
import contextlib
import dataclasses
import datetime as dt
import functools
import os
import threading
import time
from pathlib import Path

import pandas as pd
import streamlit as st

from mik import comparisons, dashboard, hotspots, indicators, queries, signals, targets
from mik.access import Access, AccessDenied
from mik.cli import DEFAULT_DB
from mik.config import Config, load_config
from mik.i18n import t
from mik.ingest.publish import version
from mik.periods import parse_period
from mik.store import open_snapshot


def shared(ttl: float = 600, max_entries: int = 64):
    """Cache a figure function once per process for all sessions, without copying the result on
    every read. ``st.cache_data`` unpickles a fresh copy on each call, and both Streamlit caches
    hash every argument on every call (0.6 ms a call, 20 ms a page run, with the GIL held); here the
    arguments are the key as they are (they must be hashable) and the result is returned behind a
    shallow copy: pandas copy-on-write keeps any change a page makes to its copy out of the cache.
    A figure is computed once when many sessions ask for it at the same moment."""

    def wrap(fn):
        @functools.wraps(fn)
        def call(*args, **kwargs):
            return detached(_figure_cache(fn, ttl, max_entries).get(fn, args, kwargs))

        return call

    return wrap


class FigureCache:
    """Results of one function by arguments: least recently used out, expired after ``ttl`` s."""

    def __init__(self, ttl: float, max_entries: int):
        self.ttl, self.max_entries = ttl, max_entries
        self.entries: collections.OrderedDict = collections.OrderedDict()
        self.lock = threading.Lock()
        self.computing: dict = {}

    def _fresh(self, key):
        hit = self.entries.get(key)
        if hit is not None and hit[0] > time.monotonic():
            self.entries.move_to_end(key)
            return hit
        return None

    def get(self, fn, args: tuple, kwargs: dict):
        """``fn(*args, **kwargs)``, kept under its arguments."""
        return self.lookup((args, tuple(sorted(kwargs.items()))), lambda: fn(*args, **kwargs))

    def lookup(self, key, make):
        """The value under ``key``, made by ``make()`` when missing or expired."""
        with self.lock:
            hit = self._fresh(key)
            if hit is not None:
                return hit[1]
            key_lock = self.computing.setdefault(key, threading.Lock())
        with key_lock:  # one computation per key; the others wait for it
            with self.lock:
                hit = self._fresh(key)
            if hit is not None:
                return hit[1]
            value = make()
            with self.lock:
                self.entries[key] = (time.monotonic() + self.ttl, value)
                while len(self.entries) > self.max_entries:
                    self.entries.popitem(last=False)
                self.computing.pop(key, None)
        return value


@st.cache_resource(show_spinner=False)
def _figure_caches() -> dict:
    """The figure caches of this process (``st.cache_resource.clear()`` empties them too)."""
    return {"lock": threading.Lock()}


def _figure_cache(fn, ttl: float, max_entries: int) -> FigureCache:
    caches = _figure_caches()
    name = f"{fn.__module__}.{fn.__qualname__}"
    cache = caches.get(name)
    if cache is None:
        with caches["lock"]:
            cache = caches.setdefault(name, FigureCache(ttl, max_entries))
    return cache


def detached(value):
    """A copy of a cached result that a page may change: frames shallow (copy-on-write), lists and
    dicts two levels deep. Deeper objects (GeoJSON of a map, score rows) are shared and read-only."""

    def one(v):
        if isinstance(v, (pd.DataFrame, pd.Series)):
            return v.copy(deep=False)
        return dict(v) if isinstance(v, dict) else list(v) if isinstance(v, list) else v

    if isinstance(value, list):
        return [one(v) for v in value]
    if isinstance(value, tuple) and not hasattr(value, "_fields"):
        return tuple(one(v) for v in value)
    if isinstance(value, dict):
        return {k: one(v) for k, v in value.items()}
    return one(value)


def secured(max_entries: int = 64):
    """Cache a figure function per role: the verified Access of the session is added as the last
    argument here, never by a page, so no page can ask for more than its role may see. The user
    name is left out of it: figures depend on the role only, so everyone of a role shares them."""

    def wrap(fn):
        cached = shared(ttl=600, max_entries=max_entries)(fn)

        @functools.wraps(fn)
        def call(*args, **kwargs):
            from ui.auth import current_access

            access = current_access()
            if access is None:
                raise AccessDenied("niet ingelogd")
            return cached(*args, access=dataclasses.replace(access, user=""), **kwargs)

        return call

    return wrap


RUN_SLOTS = int(os.environ.get("MIK_RUN_SLOTS", "2"))


@st.cache_resource(show_spinner=False)
def _run_slots() -> threading.Semaphore:
    return threading.Semaphore(RUN_SLOTS)


@contextlib.contextmanager
def run_slot():
    """Hold one of the process's few run slots for a whole script run.

    Streamlit runs every session's script in its own thread, and the threads share one
    interpreter lock: with twenty runs at once each gets a twentieth of the time and all finish
    late (and switching between them costs more). Letting ``MIK_RUN_SLOTS`` (default 2) run at
    a time, the others waiting their turn (CPython wakes waiters in order of arrival), finishes
    most runs much sooner and none later. Two, not one, so
    that a run waiting on DuckDB or argon2 (which let go of the lock) leaves the core to another."""
    slots = _run_slots()
    slots.acquire()
    try:
        yield
    finally:
        slots.release()


def db_path() -> Path:
    """``$MIK_DB`` when set, else the demo database in data/."""
    return Path(os.environ.get("MIK_DB") or DEFAULT_DB)


@st.cache_resource(show_spinner=False)
def get_config() -> Config:
    return load_config()


def db_key() -> str:
    """The published database as the key of every cached figure: its path and the identity of
    the file (inode, mtime, size). An import publishes a new file by rename (mik.ingest.publish),
    so the next run of any page opens the new file and never mixes its figures with cached ones
    of the old file."""
    path = db_path()
    v = version(path)
    return f"{path}?v={'-'.join(map(str, v))}" if v else str(path)


@st.cache_resource(show_spinner=False, max_entries=2, on_release=lambda con: con.close())
def get_connection(key: str):
    """One read-only connection per published version of the database (the old one is let go
    when a new one is published); the demo is built first when missing."""
    p = Path(key.split("?v=", 1)[0])
    if not p.exists():
        if os.environ.get("MIK_DB"):
            st.error(t("no_database", "nl", path=p))
            st.stop()
        from mik.demo import build_demo

        with st.spinner(t("building_demo")):
            build_demo(p)
    return open_snapshot(p)


@shared(ttl=600, max_entries=64)
def data_status(path: str) -> dict:
    c = get_connection(path)
    first, stand = queries.data_period(c)
    return {
        "first": first,
        "stand": stand,
        "synthetic": queries.is_synthetic(c),
        "gemeenten": queries.area_gemeenten(c),
    }


@secured(128)
def scorecard(
    path: str,
    year: int,
    area_code: str | None,
    level: str = "gemeente",
    overrides: tuple[tuple[str, int, str, float], ...] = (),
    *,
    access: Access,
) -> list[targets.ScoreRow]:
    cfg = targets.with_overrides(get_config(), {(i, y): (c, v) for i, y, c, v in overrides})
    return targets.scorecard(get_connection(path), cfg, year, area_code, level, access)


@secured(64)
def headline(path: str, area_code: str, level: str, *, access: Access):
    return dashboard.headline(get_connection(path), area_code, level, access, get_config().gemeente_code)


@secured(128)
def indicator_history(
    path: str, indicator_id: str, area_code: str, years: tuple[int, ...], level: str = "gemeente", *, access: Access
):
    """Yearly values of one indicator (complete years only) for the sparkline."""
    from mik.periods import year as year_period

    cfg = get_config()
    c = get_connection(path)
    _, stand = queries.data_period(c)
    rows = []
    for y in years:
        p = year_period(y)
        if cfg.indicator(indicator_id).source == "police" and not indicators.period_complete(p, stand):
            continue
        v = indicators.indicator_value(c, cfg, indicator_id, area_code, level, p, access)
        if v.has_value:
            rows.append({"year": y, "value": v.value})
    return pd.DataFrame(rows, columns=["year", "value"])


def basemap() -> str | None:
    """'carto' when a base map is wanted and reachable, else None (offline: no base map).

    ``MIK_BASEMAP=none`` (tests, closed networks) never probes; ``carto`` forces it; the default
    ``auto`` tries one short connection to the tile host, once per process.
    """
    choice = os.environ.get("MIK_BASEMAP", "auto").lower()
    if choice in ("none", "off", ""):
        return None
    if choice == "carto":
        return "carto"
    return "carto" if _tiles_reachable() else None


@st.cache_resource(show_spinner=False)
def _tiles_reachable() -> bool:
    import socket

    try:
        with socket.create_connection(("basemaps.cartocdn.com", 443), timeout=0.8):
            return True
    except OSError:
        return False


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
    return dashboard.choropleth(
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
        geo=map_geometries(path, level),
        outlines=attention_outlines(path),
        access=access,
        visitors=visitors,
        gemeente=get_config().gemeente_code,
    )


@shared(ttl=3600, max_entries=8)
def map_geometries(path: str, level: str):
    """The city's areas of a level, simplified for the map (prepared once per process)."""
    return dashboard.map_geometries(get_connection(path), level, get_config().gemeente_code)


@shared(ttl=3600, max_entries=8)
def attention_outlines(path: str):
    return dashboard.attention_outlines(get_connection(path), map_geometries(path, "buurt"))


@secured()
def status_map(path: str, year: int, indicator: str, overrides: tuple, lang: str, *, access: Access):
    """The scenario's statuses on a map of the finest areas the role may see (buurten or wijken)."""
    level = map_level(access)
    return dashboard.status_map(
        get_connection(path),
        get_config(),
        _what_if(path, year, overrides, access),
        indicator,
        level,
        lang,
        geo=map_geometries(path, level),
        outlines=attention_outlines(path),
    )


def map_level(access: Access) -> str | None:
    """The finest level below the city this role may see on a map: buurt, wijk, or none."""
    return next((lv for lv in ("buurt", "wijk") if access.may_see(lv)), None)


@secured()
def what_if(path: str, year: int, overrides: tuple, *, access: Access):
    """Plan versus scenario for the city and every buurt the role may see."""
    return _what_if(path, year, overrides, access)


@shared(ttl=600, max_entries=64)
def _what_if(path: str, year: int, overrides: tuple, access: Access):
    below = map_level(access)
    levels = ("gemeente", below) if below else ("gemeente",)
    return targets.what_if(
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
    finest level the role sees unsuppressed (see mik.signals.signal_level). None without data."""
    con = get_connection(path)
    _, stand = queries.data_period(con)
    if stand is None:
        return None
    when = dt.date.fromisoformat(month + "-01") if month else indicators.last_complete_month(stand)
    level = signals.signal_level(access)
    cats = list(categories) if categories else None
    return signals.month_signals(con, when, level, cats, access, get_config().gemeente_code, lang)


@secured()
def hotspot_layer(path: str, categories: tuple[str, ...], period: str, lang: str, *, access: Access):
    """Hexagons of the street-level points (mik.hotspots); AccessDenied below the street level."""
    con = get_connection(path)
    return hotspots.hex_layer(con, list(categories), parse_period(period), access, get_config().gemeente_code, lang)


@secured()
def top_streets(path: str, categories: tuple[str, ...], period: str, *, access: Access):
    con = get_connection(path)
    return hotspots.top_streets(con, list(categories), parse_period(period), access, get_config().gemeente_code)


@shared(ttl=600, max_entries=8)
def denominator_series(path: str) -> pd.DataFrame:
    """The extra denominators loaded (series, level, areas, years); empty when none."""
    return queries.denominator_series(get_connection(path))


@shared(ttl=600, max_entries=8)
def point_span(path: str) -> tuple:
    """First and last month with street-level points (None, None without any)."""
    return queries.point_span(get_connection(path))


@secured()
def theme_trend(path: str, indicator: str, area: str, level: str, *, access: Access):
    return dashboard.theme_trend(get_connection(path), get_config(), indicator, area, level, access)


@secured()
def yearly_trend(path: str, indicator: str, area: str, level: str, *, access: Access):
    return dashboard.yearly_trend(get_connection(path), get_config(), indicator, area, level, access)


@secured()
def category_breakdown(
    path: str, categories: tuple[str, ...], level: str, area: str, period: str, lang: str, *, access: Access
):
    return dashboard.category_breakdown(
        get_connection(path), list(categories), level, area, parse_period(period), lang, access
    )


@secured()
def biggest_changes(
    path: str, categories: tuple[str, ...], period: str, level: str = "buurt", lang: str = "nl", *, access: Access
):
    return dashboard.biggest_changes(
        get_connection(path),
        list(categories),
        parse_period(period),
        access=access,
        gemeente=get_config().gemeente_code,
        level=level,
        lang=lang,
    )


@shared(ttl=600, max_entries=32)
def peer_table(
    path: str, indicator: str, years: tuple[int, ...], visitors: bool = False, refs: tuple[str, ...] | None = None
):
    refs_list = list(refs) if refs is not None else None
    return dashboard.peer_table(get_connection(path), get_config(), indicator, list(years), "g32", visitors, refs_list)


@shared(ttl=600, max_entries=16)
def peer_years(path: str, measure: str) -> list[int]:
    """The years with peer figures for ``measure``, oldest first."""
    return sorted(int(y) for y in queries.peer_values(get_connection(path), measure).year.unique())


@shared(ttl=600, max_entries=16)
def similar_gemeenten(path: str, year: int):
    return comparisons.similar_gemeenten(get_connection(path), get_config(), year)


@shared(ttl=600, max_entries=16)
def peer_context(path: str, year: int, codes: tuple[str, ...]):
    return comparisons.context_table(get_connection(path), get_config(), year, list(codes))


@shared(ttl=600, max_entries=8)
def activities(path: str):
    return queries.activities(get_connection(path))


@shared(ttl=600, max_entries=8)
def lineage(path: str):
    return queries.lineage(get_connection(path))


@shared(ttl=600, max_entries=16)
def map_default(path: str, period: str) -> tuple[str, str] | None:
    return dashboard.map_default(get_connection(path), get_config(), parse_period(period))


@secured(16)
def period_choices(path: str, level: str = "gemeente", *, access: Access) -> list[str]:
    """Period codes for the pickers; calendar years only below gemeente level for restricted roles."""
    choices = dashboard.period_choices(get_connection(path))
    if access.suppresses(level):
        choices = [c for c in choices if c.isdigit()]
    return choices


@secured(16)
def areas(path: str, level: str | None = None, *, access: Access):
    """The areas the role may see."""
    df = queries.area_list(get_connection(path), level)
    return df[[access.may_see(lv) for lv in df.level]].reset_index(drop=True)


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


@shared(ttl=600, max_entries=8)
def categories(path: str):
    return queries.category_list(get_connection(path))


@shared(ttl=600, max_entries=8)
def loaded_categories(path: str):
    """The categories with registrations loaded (code, name_nl, name_en)."""
    return queries.registered_categories(get_connection(path))


@shared(ttl=600, max_entries=8)
def peer_measures(path: str) -> list[str]:
    from mik.comparisons import peer_measures as measures

    return measures(get_connection(path), get_config())


@shared(ttl=600, max_entries=8)
def report_months(path: str) -> list[str]:
    """Complete months of the data, newest first (the last 24)."""
    from mik.periods import add_months

    _, stand = queries.data_period(get_connection(path))
    last = indicators.last_complete_month(stand)
    return [f"{add_months(last, -i):%Y-%m}" for i in range(24)]


@shared(ttl=600, max_entries=8)
def report_quarters(path: str) -> list[str]:
    first, stand = queries.data_period(get_connection(path))
    out = []
    for year in range(stand.year, first.year - 1, -1):
        for q in (4, 3, 2, 1):
            if dt.date(year, 3 * (q - 1) + 1, 1) <= stand:
                out.append(f"{year}-Q{q}")
    return out


@secured(16)
def report(path: str, kind: str, period: str, fmt: str, *, access: Access) -> bytes:
    """A report for the reader's role (its suppression and levels), as bytes."""
    from mik import reports

    con = get_connection(path)
    built = (
        reports.build_driehoek(con, get_config(), period, access)
        if kind == "driehoek"
        else reports.build_raad(con, get_config(), period, access)
    )
    return reports.render(built, fmt)
