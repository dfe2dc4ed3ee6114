"""Every data shape a gemeente may have loaded (issue 25, part 4): installations built through the
command line from combinations of boundaries, 47018NED (total only, or every kind), 47022NED
(months), the police export, population, survey and peers, with the basic monitor or a full plan
(tests/secondcity.py, SHAPES). Every page and presentation screen, for every role that may open it:
no exception, no chart drawn over nothing (an axis with no figure on it), no card whose content is
a dash, no table of dashes only, no map all grey without a sentence, and where a page has no figure,
a sentence."""

from __future__ import annotations

import io
import json

import pyarrow as pa
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from mik.plan.config import load_config
from mik.privacy.access import access_for, permits
from mik.views.mapclasses import NO_DATA_COLOUR, hex_to_rgba
from tests.app.conftest import cards, tables
from tests.conftest import ROOT
from tests.secondcity import SHAPES

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
    ("pages/plan.py", "plan", {}),
]
# planeigenaar sees what the analist sees, and the Plan page; driehoek is restricted below the city
# (suppression, whole years, buurt level; raad differs from it only in the finest level: wijk);
# publiek sees the city only
ROLES = ("planeigenaar", "driehoek", "publiek")
SCREEN_ROLES = ("planeigenaar", "driehoek")  # the presentation screens: full access and a restricted role
DASHES = {"–", "-", "", "None", "nan"}


def _fields(spec: dict, data: str | None = None) -> set[tuple[str | None, str]]:
    """(dataset name, field) of every quantitative x or y encoding of a Vega-Lite spec, layers
    included: each mark's field with the data that mark draws (its own, or its parent's)."""
    data = (spec.get("data") or {}).get("name", data)
    out = set()
    for key in ("layer", "vconcat", "hconcat", "concat"):
        for part in spec.get(key, []):
            out |= _fields(part, data)
    for channel, enc in (spec.get("encoding") or {}).items():
        if channel in ("x", "y") and isinstance(enc, dict) and enc.get("type") == "quantitative" and "field" in enc:
            out.add((data, enc["field"]))
    return out


def _plotted(at) -> list[tuple[str, pa.ChunkedArray]]:
    """(field, values) of every value axis of every chart of a run, from the data Streamlit sends
    (Arrow): what each mark draws on its axes."""
    out = []
    for el in at.get("arrow_vega_lite_chart") + at.get("vega_lite_chart"):
        fields = _fields(json.loads(el.proto.spec))
        frames = {ds.name: pa.ipc.open_stream(io.BytesIO(ds.data.data)).read_all() for ds in el.proto.datasets}
        if el.proto.data.data:
            frames[None] = pa.ipc.open_stream(io.BytesIO(el.proto.data.data)).read_all()
        for name, field in fields:
            frame = frames.get(name)
            if frame is not None and field in frame.column_names and frame.num_rows:
                out.append((field, frame[field]))
    return out


def _texts(at) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption] + [i.value for i in at.info]
    parts += [w.value for w in at.warning] + [s.value for s in at.subheader] + [h.value for h in at.header]
    return " ".join(parts)


def _screens(config) -> list[dict]:
    """The presentation screens of a plan: the scorecard, then one per priority theme."""
    cfg = load_config(config)
    themes = [th for th in cfg.themes if th.kind in ("prioriteit", "overkoepelend")]
    return [{"present": "1", "slide": str(n)} for n in range(1, len(themes) + 2)]


def _grey_maps(at) -> int:
    """How many maps of a run paint every area the no-data grey."""
    grey, out = hex_to_rgba(NO_DATA_COLOUR), 0
    for el in at.get("deck_gl_json_chart"):
        spec = json.loads(el.proto.json)
        fills = [
            f["properties"].get("fill")
            for layer in spec.get("layers", [])
            if isinstance(layer.get("data"), dict)
            for f in layer["data"].get("features", [])
            if "fill" in f.get("properties", {})
        ]
        out += bool(fills) and all(list(f) == list(grey) for f in fills)
    return out


@pytest.mark.parametrize(
    ("shape", "role"),
    [pytest.param(s.name, r, marks=pytest.mark.xdist_group(f"shape-{s.name}")) for s in SHAPES for r in ROLES],
)
def test_every_page_of_every_data_shape_has_figures_or_says_why(shape_install, monkeypatch, shape, role):
    inst = shape_install(shape)
    cfg = load_config(inst["config"])
    access = access_for(cfg, "tester", role)
    monkeypatch.setenv("MIK_CONFIG", str(inst["config"]))
    monkeypatch.setenv("MIK_DB", str(inst["db"]))
    monkeypatch.setenv("MIK_AUTH", "off")
    monkeypatch.setenv("MIK_ROLE", role)
    monkeypatch.setenv("MIK_BASEMAP", "none")
    st.cache_data.clear()
    st.cache_resource.clear()
    visited = 0
    screens = _screens(inst["config"]) if role in SCREEN_ROLES else []
    for page, permission, query in [*PAGES, *(("app.py", "figures", q) for q in screens)]:
        if not permits(access, permission):
            continue
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
        at.query_params.update(query)
        at.run()
        if page != "app.py":
            at.switch_page(page).run()
        where = f"{shape} {role} {page} {query}"
        assert not at.exception, (where, at.exception)
        for field, values in _plotted(at):  # an axis whose every figure is missing: a chart over nothing
            assert values.null_count < len(values), (where, field)
        for card in cards(at):
            assert card.get("value") or card.get("reason"), (where, card)
            assert (card.get("value") or card.get("reason")) not in DASHES, (where, card)
        for table in tables(at):  # a table of dashes only says nothing
            cells = table.iloc[:, 1:].astype(str).to_numpy().ravel() if table.shape[1] > 1 else []
            assert len(cells) == 0 or not set(cells) <= DASHES, (where, table.head(3))
        text = _texts(at)
        if page.endswith("thema.py") and any(_counted(t) for t in tables(at)):  # figures of the period shown:
            assert "zijn geen cijfers van deze soort geladen" not in text, (where, "'nothing loaded' beside figures")
        if _grey_maps(at):  # a map with no figure for any area: the page says why
            assert any(w in text for w in ("geen", "Geen", "niet", "Niet")), (where, "a grey map without a reason")
        assert (
            "per 1.000 inwoners" not in text
            or "inwonertallen" in text
            or cfg_has_population(inst)
            or page.endswith(("thema.py", "whatif.py", "plan.py"))
        ), (where, "a rate is promised without inhabitants")
        assert text.strip() or at.get("arrow_vega_lite_chart") or at.get("deck_gl_json_chart"), (where, "empty page")
        visited += 1
    assert visited >= 7


def _counted(table) -> bool:
    """Whether a table shows a registered count above zero (the column "Aantal")."""
    if "Aantal" not in table.columns:
        return False
    return any(str(v).replace(".", "").isdigit() and int(str(v).replace(".", "")) > 0 for v in table["Aantal"])


def cfg_has_population(inst) -> bool:
    return inst["shape"].population
