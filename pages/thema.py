"""Thema: one page for any theme of the plan - trend against targets, breakdown, buurten, actions."""

import streamlit as st

from mik.plan.i18n import t
from ui import auth, data, duiding, elements, frame, perception, pickers, police, source, state

auth.require("figures")
view = state.page_view()
lang, area, level = view["lang"], view["area"], view["level"]
cfg = source.get_config()
path = source.db_key()

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
frame.data_banner(source.data_status(path), lang)

police_indicators = [i for i in cfg.indicators_of(theme.id) if i.source == "police" and i.has_data_definition]
if police_indicators:
    police.police_section(
        pickers.indicator_picker("thema_indicator", lang, police_only=True, theme=theme.id), view, lang
    )
else:
    st.info(t("no_police_indicator", lang))

perception.section(theme.id, view["year"], lang)
duiding.section(theme.id, tuple(c for i in police_indicators for c in i.categories), lang)

st.subheader(t("activities", lang))
acts = data.activities(path)
if acts.empty:
    st.info(t("no_activities", lang))
else:
    mine = acts[acts.theme_id == theme.id]
    elements.table(mine.assign(status=elements.action_status_keys(mine.status)), "thema_acts", "theme_actions", lang)
