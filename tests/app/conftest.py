import json
import os

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT

# What the app's process-wide caches are built from: the database, the plan, the users file and the
# login settings. The figure caches key on the database version and the role, so a test that
# changes none of these meets the same figures it would compute afresh.
SETTINGS = ("MIK_DB", "MIK_CONFIG", "MIK_USERS", "MIK_AUTH", "MIK_SECRET", "MIK_BASEMAP")
_caches_built_for: list = [None]


def clear_caches_if_settings_changed() -> bool:
    """Empty Streamlit's caches when the settings differ from those they were filled under (the
    plan, users or database changed); returns whether it did."""
    now = tuple(os.environ.get(k) for k in SETTINGS)
    if now == _caches_built_for[0]:
        return False
    st.cache_data.clear()
    st.cache_resource.clear()
    _caches_built_for[0] = now
    return True


@pytest.fixture()
def app(app_db, monkeypatch):
    """A fresh AppTest on the session's demo database with no base map; caches are emptied only
    when the settings changed (a test's own users file or plan clears them again itself)."""
    monkeypatch.setenv("MIK_BASEMAP", "none")
    clear_caches_if_settings_changed()
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


def cards(at) -> list[dict]:
    """The indicator cards of a run (ui.cards, ui.meeting): per card its status and kind
    (``data-status``, ``data-kind``) and the text of each part by its class (name, value, reason,
    label, second, target; status on the meeting screen)."""
    import re
    from html.parser import HTMLParser

    class Parts(HTMLParser):
        def __init__(self):
            super().__init__()
            self.found, self.card, self.part = [], None, []

        def handle_starttag(self, tag, attrs):
            a = dict(attrs)
            cls = a.get("class", "")
            if "data-kind" in a:
                self.card = {"data-kind": a["data-kind"], "data-status": a["data-status"]}
                self.found.append(self.card)
            self.part.append(re.sub(r"^mik-", "", cls.split()[0]) if cls else "")

        def handle_endtag(self, tag):
            if self.part:
                self.part.pop()

        def handle_data(self, data):
            if self.card is not None and self.part and self.part[-1]:
                key = self.part[-1]
                self.card[key] = (self.card.get(key, "") + data).strip()

    parser = Parts()
    for el in at.get("html"):
        parser.feed(el.proto.body)
    return parser.found


def chart_specs(at) -> list[dict]:
    """The Vega-Lite specs of a run's charts."""
    return [json.loads(el.proto.spec) for el in at.get("arrow_vega_lite_chart") + at.get("vega_lite_chart")]
