"""Thema: one page for any theme of the plan - trend against targets, breakdown, buurten, actions."""

import streamlit as st

from mik.charts import build_category_chart, build_trend_chart
from mik.i18n import t
from ui import data, state, widgets

view = state.page_view()
lang, area, level = view["lang"], view["area"], view["level"]
cfg = data.get_config()
path = str(data.db_path())

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
    ind = widgets.indicator_picker("thema_indicator", lang, police_only=True, theme=theme.id)
    period = widgets.period_picker("thema_period", lang)
    st.subheader(f"{t('trend_title', lang)} · {ind.name(lang)} · {view['area_name']}")
    st.altair_chart(
        build_trend_chart(data.theme_trend(path, ind.id, area, level), t("per_1000_inh", lang), lang), width="stretch"
    )
    st.caption(t("trend_note", lang))
    left, right = st.columns(2)
    with left:
        st.subheader(t("breakdown", lang))
        st.altair_chart(
            build_category_chart(data.category_breakdown(path, ind.categories, level, area, period, lang), lang),
            width="stretch",
        )
    with right:
        st.subheader(f"{t('changed_most', lang)} ({t('vs_last_year', lang)})")
        widgets.table(
            data.biggest_changes(path, ind.categories, period)[
                ["name", "count", "count_last_year", "change", "change_pct"]
            ],
            "thema_changes",
        )
else:
    st.info(t("no_police_indicator", lang))

st.subheader(t("activities", lang))
acts = data.activities(path)
widgets.table(acts[acts.theme_id == theme.id][["item", "description", "term", "lead", "status"]], "thema_acts")
