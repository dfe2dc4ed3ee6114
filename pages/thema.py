"""Thema: one page for any theme of the plan - trend against targets, breakdown, buurten, actions."""

import streamlit as st

from mik.i18n import t
from ui import data, state, widgets
from ui import theme as theme_page

view = state.page_view()
lang, area, level = view["lang"], view["area"], view["level"]
cfg = data.get_config()
path = data.db_key()

ids = [th.id for th in cfg.themes]
theme = cfg.theme(
    st.selectbox(
        t("theme", lang),
        ids,
        key="thema_theme",
        index=state.index_of(ids, state.param("theme", "c")),
        format_func=lambda i: cfg.theme(i).name(lang),
    )
)
state.keep(theme=theme.id)
st.title(theme.name(lang))
widgets.data_banner(data.data_status(path), lang)

police = [i for i in cfg.indicators_of(theme.id) if i.source == "police" and i.has_data_definition]
if police:
    theme_page.police_section(
        widgets.indicator_picker("thema_indicator", lang, police_only=True, theme=theme.id), view, lang
    )
else:
    st.info(t("no_police_indicator", lang))

st.subheader(t("activities", lang))
acts = data.activities(path)
if acts.empty:
    st.info(t("no_activities", lang))
else:
    widgets.table(acts[acts.theme_id == theme.id], "thema_acts", "theme_actions", lang)
