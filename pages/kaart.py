"""Kaart: buurt (or wijk) choropleth of any indicator or category; click a buurt for its detail."""

import streamlit as st

from mik.plan.i18n import t
from mik.plan.periods import parse_period
from mik.views.charts import build_choropleth_deck
from ui import auth, data, detail, elements, frame, pickers, state

auth.require("map")
view, lang, path = frame.page_start("map")

choice = pickers.map_controls(lang)
if choice is None:  # no period to map for this role: the controls said why
    st.stop()
indicator, category, period, level = choice["indicator"], choice["category"], choice["period"], choice["level"]
layer = data.choropleth(
    path, level, period, indicator, category, choice["per_1000"], choice["scheme"], lang, choice["visitors"]
)
if layer.frame.empty:  # a role of some wijken none of which is loaded (the sidebar says so too)
    st.info(t("map_no_own_areas", lang))
    st.stop()
if layer.frame.value.isna().all():
    st.info(t("no_figures_period", lang, period=parse_period(period).label(lang)))
event = st.pydeck_chart(
    build_choropleth_deck(layer, elements.basemap()),
    key="kaart_map",
    on_select="rerun",
    selection_mode="single-object",
    height=560,
)
elements.legend(layer.legend)
if layer.population_note:
    st.caption(f"⚠ {layer.population_note}")
if choice["visitors"]:
    elements.visitors_note(level, lang)
elements.map_table(layer, "kaart_table", lang)
outlined = t("attention_outline", lang) if layer.outlines.get("features") else ""  # none loaded, or not the role's
st.caption(f"{t('click_buurt', lang)} {outlined}".strip())
picked = detail.picked_code(event) or state.param("buurt", "")
if picked in set(layer.frame.code):
    state.keep(buurt=picked)
    detail.area_detail(picked, level, indicator, category, period, lang)
