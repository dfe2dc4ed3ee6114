"""Overzicht: per theme, each indicator's value, its target and whether it is met."""

import streamlit as st

from mik.i18n import t
from ui import data, widgets

view = st.session_state["view"]
lang, year = view["lang"], view["year"]
cfg = data.get_config()
path = str(data.db_path())

st.title(t("app_title", lang))
widgets.data_banner(data.data_status(path), lang)
st.subheader(f"{cfg.plan_name_nl if lang == 'nl' else cfg.plan_name_en} · {year}")

rows = data.scorecard(path, year, cfg.gemeente_code)
years = tuple(range(year - 4, year + 1))
for theme in cfg.themes:
    theme_rows = [r for r in rows if r.indicator.theme == theme.id]
    if theme.kind == "overig":
        continue
    st.markdown(f"### {theme.name(lang)}")
    st.caption(t(f"theme_kind_{theme.kind}", lang))
    if not theme_rows:
        st.info(theme.note_en if lang == "en" and theme.note_en else theme.note_nl or t("no_indicator", lang))
        continue
    cols = st.columns(len(theme_rows))
    for col, row in zip(cols, theme_rows, strict=True):
        with col:
            history = data.indicator_history(path, row.indicator.id, cfg.gemeente_code, years)
            widgets.gauge_card(row, lang, history)
