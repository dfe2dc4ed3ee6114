"""The cached DuckDB connection and cached wrappers around mik queries."""

from __future__ import annotations

import os
from pathlib import Path

import streamlit as st

from mik import queries, targets
from mik.cli import DEFAULT_DB
from mik.config import Config, load_config
from mik.i18n import t
from mik.store import connect


def db_path() -> Path:
    """``$MIK_DB`` when set, else the demo database in data/."""
    return Path(os.environ.get("MIK_DB") or DEFAULT_DB)


@st.cache_resource(show_spinner=False)
def get_config() -> Config:
    return load_config()


@st.cache_resource(show_spinner=False)
def get_connection(path: str):
    """One read-only connection per database file; the demo is built first when missing."""
    p = Path(path)
    if not p.exists():
        if os.environ.get("MIK_DB"):
            st.error(t("no_database", "nl", path=p))
            st.stop()
        from mik.demo import build_demo

        with st.spinner(t("building_demo")):
            build_demo(p)
    return connect(p, read_only=True)


def con():
    return get_connection(str(db_path()))


@st.cache_data(ttl=600, max_entries=64, show_spinner=False)
def data_status(path: str) -> dict:
    c = get_connection(path)
    first, stand = queries.data_period(c)
    return {"first": first, "stand": stand, "synthetic": queries.is_synthetic(c)}


@st.cache_data(ttl=600, max_entries=128, show_spinner=False)
def scorecard(path: str, year: int, area_code: str | None,
              overrides: tuple[tuple[str, int, str, float], ...] = ()) -> list[targets.ScoreRow]:
    cfg = targets.with_overrides(get_config(), {(i, y): (c, v) for i, y, c, v in overrides})
    return targets.scorecard(get_connection(path), cfg, year, area_code)


@st.cache_data(ttl=600, max_entries=128, show_spinner=False)
def indicator_history(path: str, indicator_id: str, area_code: str, years: tuple[int, ...]):
    """Yearly values of one indicator (complete years only) for the sparkline."""
    import pandas as pd

    from mik import indicators
    from mik.periods import year as year_period

    cfg = get_config()
    c = get_connection(path)
    _, stand = queries.data_period(c)
    rows = []
    for y in years:
        p = year_period(y)
        if cfg.indicator(indicator_id).source == "police" and not indicators.period_complete(p, stand):
            continue
        v = indicators.indicator_value(c, cfg, indicator_id, area_code, "gemeente", p)
        if v.has_value:
            rows.append({"year": y, "value": v.value})
    return pd.DataFrame(rows, columns=["year", "value"])
