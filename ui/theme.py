"""The police part of a theme page: trend against targets, breakdown and the buurten that moved."""

from __future__ import annotations

import streamlit as st

from mik.charts import build_category_chart, build_month_bars, build_trend_line, build_yearly_chart
from mik.config import Indicator
from mik.i18n import t
from mik.periods import parse_period
from ui import auth, data, widgets


def draw_trend(indicator: str, area: str, level: str, lang: str, monthly: bool = True) -> None:
    """The monthly trend against the target; yearly bars when only yearly figures are loaded (or
    the role may not see months here)."""
    path = data.db_key()
    trend = data.theme_trend(path, indicator, area, level) if monthly else None
    if trend is not None and not trend.empty:
        # two charts, each fitted to the column (a concatenated chart keeps a fixed width and ran past it)
        widgets.chart(build_trend_line, trend, t("per_1000_inh", lang), lang)
        widgets.chart(build_month_bars, trend, lang)
        st.caption(t("trend_note", lang))
        return
    yearly = data.yearly_trend(path, indicator, area, level)
    if yearly.empty:
        st.info(t("no_figures_period", lang, period=t("yearly_title", lang).lower()))
        return
    widgets.chart(build_yearly_chart, yearly, t("per_1000_inh", lang), lang)
    st.caption(t("yearly_note", lang))


def police_section(ind: Indicator, view: dict, lang: str) -> None:
    path = data.db_key()
    area, level = view["area"], view["level"]
    detailed = not auth.current_access().suppresses(level)  # months and parts: full access or gemeente
    st.subheader(f"{t('trend', lang)} · {ind.name(lang)} · {view['area_name']}")
    loaded = data.loaded_categories(path)
    if not set(ind.categories) & set(loaded.code):
        names = loaded.name_en if lang == "en" else loaded.name_nl
        st.info(
            t(
                "indicator_no_data",
                lang,
                name=ind.name(lang),
                cats=", ".join(ind.categories),
                loaded=", ".join(f"{c} {n}" for c, n in zip(loaded.code, names, strict=True)) or "–",
            )
        )
        return
    draw_trend(ind.id, area, level, lang, detailed)
    # each section full width: the tables of tested changes need the room (7 columns)
    st.subheader(t("breakdown", lang))
    if detailed:
        period = widgets.period_picker("thema_period", lang, level)
        breakdown = data.category_breakdown(path, ind.categories, level, area, period, lang)
        if breakdown.empty:
            st.info(t("no_figures_period", lang, period=parse_period(period).label(lang)))
        else:
            chart_col, table_col = st.columns([2, 3])
            with chart_col:
                widgets.chart(build_category_chart, breakdown, lang)
            with table_col:
                widgets.table(breakdown, "thema_breakdown", "breakdown", lang)
    else:
        st.info(t("restricted_detail", lang))
    # the finest level this role may compare areas at: buurten, wijken, or none (then no section)
    compare = data.map_level(auth.current_access())
    if compare:
        _changes(ind, compare, lang)
    st.subheader(t("signals_heading", lang))
    widgets.signals_block(tuple(ind.categories), lang, "thema_signals")


def _changes(ind: Indicator, compare: str, lang: str) -> None:
    path = data.db_key()
    st.subheader(
        f"{t('changed_most' if compare == 'buurt' else 'changed_most_wijk', lang)} ({t('vs_last_year', lang)})"
    )
    period = widgets.period_picker("thema_changes_period", lang, compare)
    changes = data.biggest_changes(path, ind.categories, period, compare, lang)
    if changes.empty:
        st.info(t("no_figures_period", lang, period=parse_period(period).label(lang)))
    else:
        widgets.table(changes, "thema_changes", "changes", lang)
        st.caption(t("changes_method", lang))
