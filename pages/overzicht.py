"""Overzicht: the area's total crimes in the newest period, then per theme each indicator's value,
its target and whether it is met."""

import streamlit as st

from mik.i18n import t
from ui import data, state, widgets

view = state.page_view()
lang, year, area, level = view["lang"], view["year"], view["area"], view["level"]
cfg = data.get_config()
path = data.db_key()

st.title(t("app_title", lang, name=cfg.gemeente_name))
status = data.data_status(path)
widgets.data_banner(status, lang)
widgets.headline_strip(view, lang)
widgets.years_apart(status, year, lang)
st.subheader(f"{cfg.plan_name_nl if lang == 'nl' else cfg.plan_name_en} · {view['area_name']} · {year}")

rows = data.scorecard(path, year, area, level)
years = tuple(range(year - 4, year + 1))
for theme in cfg.themes:
    if theme.kind == "overig":
        continue
    theme_rows = [r for r in rows if r.indicator.theme == theme.id]
    st.markdown(f"### {theme.name(lang)}")
    st.caption(t(f"theme_kind_{theme.kind}", lang))
    if not theme_rows:
        st.info((theme.note_en if lang == "en" else theme.note_nl) or t("no_indicator", lang))
        continue
    for col, row in zip(st.columns(len(theme_rows)), theme_rows, strict=True):
        with col:
            widgets.gauge_card(row, lang, data.indicator_history(path, row.indicator.id, area, years, level))
