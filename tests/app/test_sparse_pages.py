"""A new gemeente on public data alone (issue 25): boundaries and the CBS/Politie 47018NED file, no
population, no survey, no peers, the basic monitor `mik init` writes. Every page and presentation
screen, for every role that may open it: no exception, no chart drawn over nothing (an axis with no
figure on it), no card whose content is a dash, and where a page has no figure, a sentence."""

from __future__ import annotations

import io
import json

import pyarrow as pa
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from mik.privacy.access import access_for, permits
from tests.app.conftest import cards
from tests.conftest import ROOT

pytestmark = pytest.mark.xdist_group("sparse")

# (file, permission) of every page a role may open (app.PAGES), and the presentation screens
PAGES = [
    ("app.py", "figures", {}),
    ("pages/thema.py", "figures", {}),
    ("pages/kaart.py", "map", {}),
    ("pages/hotspots.py", "streets", {}),
    ("pages/vergelijking.py", "figures", {}),
    ("pages/whatif.py", "figures", {}),
    ("pages/uitvoering.py", "figures", {}),
    ("pages/rapporten.py", "figures", {}),
    ("pages/bronnen.py", "figures", {}),
    *[("app.py", "figures", {"present": "1", "slide": str(n)}) for n in range(1, 5)],
]
ROLES = ("analist", "driehoek", "raad", "publiek")


def _fields(spec: dict) -> set[str]:
    """The fields of every quantitative x or y encoding of a Vega-Lite spec, layers included."""
    out = set()
    for key in ("layer", "vconcat", "hconcat", "concat"):
        for part in spec.get(key, []):
            out |= _fields(part)
    for channel, enc in (spec.get("encoding") or {}).items():
        if channel in ("x", "y") and isinstance(enc, dict) and enc.get("type") == "quantitative" and "field" in enc:
            out.add(enc["field"])
    return out


def _plotted(at) -> list[tuple[str, pa.ChunkedArray]]:
    """(field, values) of every value axis of every chart of a run, from the data Streamlit sends
    (Arrow): what the chart draws on its axes."""
    out = []
    for el in at.get("arrow_vega_lite_chart") + at.get("vega_lite_chart"):
        fields = _fields(json.loads(el.proto.spec))
        blobs = [ds.data.data for ds in el.proto.datasets] + ([el.proto.data.data] if el.proto.data.data else [])
        for blob in blobs:
            frame = pa.ipc.open_stream(io.BytesIO(blob)).read_all()
            out += [(f, frame[f]) for f in fields if f in frame.column_names and frame.num_rows]
    return out


def _texts(at) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption] + [i.value for i in at.info]
    parts += [w.value for w in at.warning] + [s.value for s in at.subheader] + [h.value for h in at.header]
    return " ".join(parts)


@pytest.mark.parametrize("role", ROLES)
def test_every_page_of_a_sparse_installation_has_figures_or_says_why(sparse_city, monkeypatch, role):
    from mik.plan.config import load_config

    cfg = load_config(sparse_city["config"])
    access = access_for(cfg, "tester", role)
    monkeypatch.setenv("MIK_CONFIG", str(sparse_city["config"]))
    monkeypatch.setenv("MIK_DB", str(sparse_city["db"]))
    monkeypatch.setenv("MIK_AUTH", "off")
    monkeypatch.setenv("MIK_ROLE", role)
    monkeypatch.setenv("MIK_BASEMAP", "none")
    st.cache_data.clear()
    st.cache_resource.clear()
    visited = plotted = 0
    for page, permission, query in PAGES:
        if not permits(access, permission):
            continue
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
        at.query_params.update(query)
        at.run()
        if page != "app.py":
            at.switch_page(page).run()
        where = f"{role} {page} {query}"
        assert not at.exception, (where, at.exception)
        for field, values in _plotted(at):  # an axis whose every figure is missing: a chart over nothing
            assert values.null_count < len(values), (where, field)
            plotted += 1
        for card in cards(at):
            assert card.get("value") or card.get("reason"), (where, card)
            assert (card.get("value") or card.get("reason")) not in ("–", "-"), (where, card)
        text = _texts(at)
        assert (
            "per 1.000 inwoners" not in text or "inwonertallen" in text or page.endswith(("thema.py", "whatif.py"))
        ), (
            where,
            "a rate is promised without inhabitants",
        )
        assert text.strip() or at.get("arrow_vega_lite_chart") or at.get("deck_gl_json_chart"), (where, "empty page")
        visited += 1
    assert visited >= 9 and plotted >= 2  # the yearly bars of the themes at least
