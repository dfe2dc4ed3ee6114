"""What this process reads: the plan (config.toml), the published database and the state of its
data (period, demo or not, which gemeenten), which the frame needs before anyone logs in."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from mik.data import queries
from mik.plan.config import Config, config_path, load_config
from mik.plan.versions import file_version
from mik.settings import default_db
from ui.cache import shared
from ui.connection import get_connection, published, version_key


def db_path() -> Path:
    """``$MIK_DB`` when set, else the demo database in data/."""
    return default_db()


def get_config() -> Config:
    """The plan as the config file is now: read again after a save on the Plan page (in this
    worker or another), keyed by the file's identity."""
    return _config(file_version(config_path()))


@st.cache_resource(show_spinner=False, max_entries=4)
def _config(version: str) -> Config:
    return load_config()


def db_key() -> str:
    """The published database and the plan as the key of every cached figure: its path and the
    identity of both files (inode, mtime, size). An import publishes a new file by rename (mik.ingest.publish),
    so the next run of any page opens the new file and never mixes its figures with cached ones
    of the old file. With ``MIK_WARM_SWITCH=1`` the version is the one this process serves: a new
    file is read once its figures are warm (:mod:`ui.connection`)."""
    path = db_path()
    key = version_key(path, published().served(path))
    plan = f"plan={file_version(config_path())}"  # a saved plan changes every scorecard too
    return f"{key}&{plan}" if "?v=" in key else f"{key}?{plan}"


@shared(ttl=600, max_entries=64)
def data_status(path: str) -> dict:
    c = get_connection(path)
    first, stand = queries.data_period(c)
    return {
        "first": first,
        "stand": stand,
        "synthetic": queries.is_synthetic(c),
        "gemeenten": queries.area_gemeenten(c),
        "population": queries.has_population(c),  # rates per 1,000 need inhabitants
    }
