"""Overzicht: the area's total crimes in the newest period, then per theme each indicator's value,
its target and whether it is met."""

import streamlit as st

from mik.plan.i18n import t
from ui import auth, cards, data, frame, source, state

auth.require("figures")
view = state.page_view()
lang, year, area, level = view["lang"], view["year"], view["area"], view["level"]
cfg = source.get_config()
path = source.db_key()

st.title(t("app_title", lang, name=cfg.gemeente_name))
status = source.data_status(path)
frame.data_banner(status, lang)
cards.headline_strip(view, lang)
frame.years_apart(status, year, lang)
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
            cards.gauge_card(row, lang, data.indicator_history(path, row.indicator.id, area, years, level))
