import json

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT


@pytest.fixture()
def app(app_db, monkeypatch):
    """A fresh AppTest on the session's demo database, with caches cleared and no base map."""
    monkeypatch.setenv("MIK_BASEMAP", "none")
    st.cache_data.clear()
    st.cache_resource.clear()
    return AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)


def deck_specs(at) -> list[dict]:
    return [json.loads(el.proto.json) for el in at.get("deck_gl_json_chart")]


def tables(at) -> list:
    """The tables of a run as frames of their text: plain tables first, then data grids (long ones)."""
    return [t.value for t in at.table] + [d.value for d in at.dataframe]


def number(text: str) -> float:
    """A number as the Dutch tables show it: '1.416' -> 1416, '+74,5%' -> 74.5."""
    return float(text.replace(".", "").replace(",", ".").rstrip("%"))


def texts(at) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption] + [s.value for s in at.subheader]
    parts += [t.value for t in at.title] + [w.value for w in at.warning] + [e.value for e in at.error]
    parts += [i.value for i in at.info]
    return " ".join(parts)
