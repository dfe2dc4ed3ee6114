"""Hotspots: street level for the roles allowed it - registrations per hexagon and the top streets,
from the points of the police's monthly export (mik.figures.hotspots). app.py lists this page only for
roles that see the street level; every figure function refuses the others as well."""

import streamlit as st

from mik.plan.i18n import t
from mik.plan.periods import parse_period
from mik.privacy.access import single_categories
from mik.views.charts import build_choropleth_deck
from ui import auth, data, elements, frame, pickers, source, state

access = auth.require("streets")
view, lang, path = frame.page_start("hotspots")

first, last = data.point_span(path)
if first is None:
    st.info(t("hotspots_no_points", lang))
    st.stop()

cfg = source.get_config()
loaded = data.loaded_categories(path)
options = [f"ind:{i.id}" for i in cfg.indicators if i.source == "police" and set(i.categories) & set(loaded.code)]
if single_categories(access, "straat"):  # a street role with suppression: the plan's indicators only
    options += [f"cat:{c}" for c in loaded.code]
names = dict(zip(loaded.code, loaded.name_en if lang == "en" else loaded.name_nl, strict=True))


def label(option: str) -> str:
    """What is counted: the indicator's registrations (counts here, never per 1,000), or a category."""
    kind, key = option.split(":", 1)
    if kind == "cat":
        return f"{key} {names.get(key, '')}"
    return cfg.indicator(key).name(lang).replace(" " + t("per_1000_inh", lang), "")


c1, c2 = st.columns(2)
what = c1.selectbox(
    t("what", lang),
    options,
    key="hotspots_what",
    format_func=label,
    index=state.index_of(options, state.param("hotspot", "ind:hic" if "ind:hic" in options else options[0])),
)
state.keep(hotspot=what)
with c2:
    period = pickers.period_picker("hotspots_period", lang, "straat")
if period is None:  # the picker said why
    st.stop()
kind, key = what.split(":", 1)
categories = tuple(cfg.indicator(key).categories) if kind == "ind" else (key,)
scope = "indicator" if kind == "ind" else "category"
period_label = parse_period(period).label(lang)

layer = data.hotspot_layer(path, categories, period, lang, scope)
if layer.frame.empty:
    span = f"{parse_period(f'{first:%Y-%m}').label(lang)} – {parse_period(f'{last:%Y-%m}').label(lang)}"
    st.info(t("hotspots_none", lang, period=period_label, span=span))
    st.stop()
st.markdown(f"**{t('hotspots_map', lang, what=label(what), period=period_label)}**")
st.pydeck_chart(
    build_choropleth_deck(layer, elements.basemap(), outline=([90, 90, 90, 160], 1)), key="hotspots_map", height=560
)
elements.legend(layer.legend)
elements.map_table(layer, "hotspots_table", lang, top=50, note=t("hotspots_table_note", lang, n=len(layer.frame)))
st.subheader(t("hotspots_streets", lang))
elements.table(data.top_streets(path, categories, period, scope), "hotspots_streets", "streets", lang)
option = f"--indicator {key}" if kind == "ind" else f"--category {key}"
st.caption(t("hotspots_method", lang))
elements.how_computed(f"python -m mik streets --period {period} {option}", lang)
