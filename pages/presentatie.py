"""Driehoek presentation: no chrome, large type, one screen per priority theme, stand per frozen."""

import streamlit as st

from mik.i18n import t
from ui import data, state, widgets

view = state.page_view()
lang, year = view["lang"], view["year"]
cfg = data.get_config()
path = data.db_key()
slides = [th for th in cfg.themes if th.kind in ("prioriteit", "overkoepelend")]
asked = state.param("slide", "1")
n = min(max(int(asked) if asked.isdigit() else 1, 1), len(slides))
theme = slides[n - 1]

status = data.data_status(path)
st.markdown(f"# {theme.name(lang)}")
st.markdown(
    f"**{cfg.gemeente_name} · {year} · {t('stand_per', lang)} {status['stand']:%d-%m-%Y}** · "
    f"{t('slide', lang)} {n}/{len(slides)}"
)
if status["synthetic"]:
    st.warning(t("demo_notice", lang))
rows = [r for r in data.scorecard(path, year, cfg.gemeente_code) if r.indicator.theme == theme.id]
if not rows:
    st.info((theme.note_en if lang == "en" else theme.note_nl) or t("no_indicator", lang))
for col, row in zip(st.columns(max(len(rows), 1)), rows, strict=False):
    with col:
        widgets.gauge_card(row, lang)
prev, _, nxt = st.columns([1, 6, 1])
if prev.button(f"◀ {t('previous', lang)}", key="presentatie_prev", disabled=n == 1):
    state.keep(slide=n - 1)
    st.rerun()
if nxt.button(f"{t('next', lang)} ▶", key="presentatie_next", disabled=n == len(slides)):
    state.keep(slide=n + 1)
    st.rerun()
