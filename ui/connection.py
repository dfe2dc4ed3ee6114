"""The read-only DuckDB connection per published version of the database. Only :mod:`ui.data`,
:mod:`ui.source` and the admin's importer use it; pages never do (import-linter contract)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import streamlit as st

from mik.data.store import open_snapshot
from mik.plan.i18n import t
from mik.settings import ROOT


def get_connection(key: str):
    """One read-only connection per published version of the database (the old one is let go
    when a new one is published); the demo is built first when missing. The plan's part of the
    key (``&plan=``) does not open another connection."""
    return _open(key.split("&plan=", 1)[0].split("?plan=", 1)[0])


@st.cache_resource(show_spinner=False, max_entries=2, on_release=lambda con: con.close())
def _open(key: str):
    p = Path(key.split("?", 1)[0])
    if not p.exists():
        if os.environ.get("MIK_DB"):
            st.error(t("no_database", "nl", path=p))
            st.stop()
        with st.spinner(t("building_demo")):
            _build_demo(p)
    return open_snapshot(p)


def _build_demo(path: Path) -> None:
    """The demo database, built by ``python -m mik demo`` in a process of its own: the app never
    loads the generators (mik.tools), and the writer's lock on the file ends with that process."""
    done = subprocess.run(
        [sys.executable, "-m", "mik", "demo", "--db", str(path)], cwd=ROOT, capture_output=True, text=True
    )
    if done.returncode != 0:
        raise RuntimeError(f"python -m mik demo failed: {done.stderr[-2000:]}")
