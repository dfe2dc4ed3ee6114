"""The police part of a theme page: trend against targets, breakdown and the buurten that moved."""

from __future__ import annotations

import streamlit as st

from mik.charts import build_category_chart, build_trend_chart
from mik.config import Indicator
from mik.i18n import t
from ui import auth, data, widgets


def police_section(ind: Indicator, view: dict, lang: str) -> None:
    path = str(data.db_path())
    area, level = view["area"], view["level"]
    detailed = not auth.current_access().suppresses(level)  # months and parts: full access or gemeente
    st.subheader(f"{t('trend_title', lang)} · {ind.name(lang)} · {view['area_name']}")
    if detailed:
        trend = data.theme_trend(path, ind.id, area, level)
        st.altair_chart(build_trend_chart(trend, t("per_1000_inh", lang), lang), width="stretch")
        st.caption(t("trend_note", lang))
    else:
        st.info(t("restricted_detail", lang))
    left, right = st.columns(2)
    with left:
        st.subheader(t("breakdown", lang))
        if detailed:
            period = widgets.period_picker("thema_period", lang, level)
            breakdown = data.category_breakdown(path, ind.categories, level, area, period, lang)
            st.altair_chart(build_category_chart(breakdown, lang), width="stretch")
        else:
            st.info(t("restricted_detail", lang))
    with right:
        st.subheader(f"{t('changed_most', lang)} ({t('vs_last_year', lang)})")
        period = widgets.period_picker("thema_changes_period", lang, "buurt")
        changes = data.biggest_changes(path, ind.categories, period)
        widgets.table(changes[["name", "count", "count_last_year", "change", "change_pct"]], "thema_changes")
