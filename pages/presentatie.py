"""Presentation mode for the driehoek: no chrome, large type. Screen 1 is the scorecard of the whole
plan; then one screen per priority theme with its indicators, trend and map. Stand per frozen."""

import streamlit as st

from mik.plan.i18n import t
from ui import auth, data, meeting, source, state

auth.require("figures")
view = state.page_view()
lang, year = view["lang"], view["year"]
cfg = source.get_config()
path = source.db_key()
themes = [th for th in cfg.themes if th.kind in ("prioriteit", "overkoepelend")]
screens = [None, *themes]  # None: the scorecard
asked = state.param("slide", "1")
n = min(max(int(asked) if asked.isdigit() else 1, 1), len(screens))
theme = screens[n - 1]

status = source.data_status(path)
st.markdown(f"# {t('scorecard_title', lang, year=year) if theme is None else theme.name(lang)}")
stand = f"{status['stand']:%d-%m-%Y}" if status["stand"] else "–"
st.markdown(
    f"**{cfg.gemeente_name} · {year} · {t('stand_per', lang)} {stand}** · {t('slide', lang)} {n}/{len(screens)}"
)
if status["synthetic"]:
    st.warning(t("demo_notice", lang))
rows = data.scorecard(path, year, cfg.gemeente_code)
if theme is None:
    meeting.scorecard_slide(rows, lang)
else:
    meeting.theme_slide(theme, [r for r in rows if r.indicator.theme == theme.id], view, lang)


def _go(to: int) -> None:
    state.keep(slide=to)


prev, _, nxt = st.columns([1, 3, 1])
prev.button(
    f"◀ {t('previous', lang)}", key="presentatie_prev", disabled=n == 1, on_click=_go, args=(n - 1,), width="stretch"
)
nxt.button(
    f"{t('next', lang)} ▶",
    key="presentatie_next",
    disabled=n == len(screens),
    on_click=_go,
    args=(n + 1,),
    width="stretch",
    type="primary",
)
