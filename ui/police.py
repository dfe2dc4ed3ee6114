"""The police part of a theme page: trend against targets, breakdown, the areas that moved and the
month's signals."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from mik.plan.config import Indicator
from mik.plan.i18n import t
from mik.plan.periods import parse_period
from mik.privacy.access import map_level, sees_months
from mik.views.changes import explain_changes, explain_signals
from mik.views.charts import build_category_chart, build_month_bars, build_trend_line, build_yearly_chart
from ui import auth, data, elements, pickers, source


def draw_trend(indicator: str, area: str, level: str, lang: str, monthly: bool = True) -> None:
    """The monthly trend against the target; yearly bars when only yearly figures are loaded (or
    the role may not see months here)."""
    path = source.db_key()
    trend = data.theme_trend(path, indicator, area, level) if monthly else None
    if trend is not None and not trend.empty:
        # two charts, each fitted to the column (a concatenated chart keeps a fixed width and ran past it);
        # a line or tick with no figure is not drawn, and the caption names only what is drawn
        rolling = trend.rolling_rate.notna().any()
        if rolling:
            elements.chart(build_trend_line, trend, t("per_1000_inh", lang), lang)
        elements.chart(build_month_bars, trend, lang)
        targeted = rolling and "target" in trend and trend.target.notna().any()
        parts = [
            t(
                "trend_note_line" if targeted else "trend_note_line_no_target" if rolling else "trend_note_no_line",
                lang,
            ),
            t("trend_note_bars", lang),
        ]
        if trend.last_year.notna().any():
            parts.append(t("trend_note_tick", lang))
        st.caption(" ".join(parts))
        return
    yearly = data.yearly_trend(path, indicator, area, level)
    if yearly.empty:
        st.info(t("no_figures_period", lang, period=t("yearly_title", lang).lower()))
        return
    elements.chart(build_yearly_chart, yearly, t("per_1000_inh", lang), lang)
    targeted = "target" in yearly and yearly.target.notna().any()
    st.caption(t("yearly_note" if targeted else "yearly_note_no_target", lang))


def police_section(ind: Indicator, view: dict, lang: str) -> None:
    path = source.db_key()
    area, level = view["area"], view["level"]
    detailed = sees_months(auth.current_access(), level)  # months and parts: full access or gemeente
    st.subheader(f"{t('trend', lang)} · {ind.name(lang)} · {view['area_name']}")
    loaded = data.loaded_categories(path)
    if not set(ind.categories) & set(loaded.code):
        names = loaded.name_en if lang == "en" else loaded.name_nl
        st.info(t("indicator_no_data", lang, name=ind.name(lang), loaded=", ".join(names) or "–"))
        elements.how_computed(  # the codes, for whoever fetches the missing table
            f"# {ind.name(lang)}: CBS/Politie {', '.join(ind.categories)}\n"
            f"# {t('loaded_codes', lang)}: {', '.join(loaded.code) or '–'}\n"
            f"python -m mik table --level gemeente --period {view['year']} --indicator {ind.id}",
            lang,
        )
        return
    draw_trend(ind.id, area, level, lang, detailed)
    # each section full width: the tables of tested changes need the room (7 columns)
    st.subheader(t("breakdown", lang))
    if detailed:
        period = pickers.period_picker("thema_period", lang, level)
        breakdown = data.category_breakdown(path, ind.categories, level, area, period, lang) if period else None
        if breakdown is None:
            pass  # the picker said why
        elif breakdown.empty:
            st.info(t("no_figures_period", lang, period=parse_period(period).label(lang)))
        else:
            chart_col, table_col = st.columns([2, 3])
            with chart_col:
                elements.chart(build_category_chart, breakdown, lang)
            with table_col:
                elements.table(breakdown, "thema_breakdown", "breakdown", lang)
    else:
        st.info(t("restricted_detail", lang))
    # the finest level this role may compare areas at: buurten, wijken, or none (then no section)
    compare = map_level(auth.current_access())
    if compare:
        _changes(ind, compare, lang)
    st.subheader(t("signals_heading", lang))
    signals_block(tuple(ind.categories), lang, "thema_signals")


def _changes(ind: Indicator, compare: str, lang: str) -> None:
    path = source.db_key()
    st.subheader(
        f"{t('changed_most' if compare == 'buurt' else 'changed_most_wijk', lang)} ({t('vs_last_year', lang)})"
    )
    period = pickers.period_picker("thema_changes_period", lang, compare)
    if period is None:
        return
    # a role that sees the indicator's sum only: its rows are named by the indicator, not its codes
    changes = data.biggest_changes(path, ind.categories, period, compare, lang, ind.name(lang))
    before = parse_period(period).shifted_years(-1)
    first = source.data_status(path)["first"]
    if changes.empty and first is not None and first > before.start:  # nothing loaded a year earlier
        st.info(t("changes_no_year_before", lang, period=before.label(lang)))
    elif changes.empty:
        st.info(t("no_figures_period", lang, period=parse_period(period).label(lang)))
    else:
        elements.table(changes, "thema_changes", "changes", lang)
        st.caption(explain_changes(changes, lang))


def signals_block(categories: tuple[str, ...] | None, lang: str, key: str) -> None:
    """Expected versus observed (mik.figures.signals) for a month the reader picks (default the last
    complete one): the signals as a table, or a sentence saying there are none and why."""
    path = source.db_key()
    first = data.month_signals(path, None, categories, lang)
    if first is None or first.reason == "no_monthly":  # yearly figures only: no month to choose
        st.info(t("signals_no_monthly", lang))
        return
    months = data.report_months(path)[:12]
    month = st.selectbox(t("signals_month", lang), months, key=key, format_func=lambda m: parse_period(m).label(lang))
    # the default month is the one already tested above: no second computation
    same = first.month == dt.date.fromisoformat(month + "-01")
    res = first if same else data.month_signals(path, month, categories, lang)
    label = parse_period(month).label(lang)
    st.markdown(f"**{t('signals_title', lang, month=label)}**")
    if res is None or res.reason:
        st.info(t(f"signals_{res.reason if res else 'no_monthly'}", lang, month=label))
        return
    level = t(f"level_{res.level}", lang)
    if res.found.empty:
        st.success(t("signals_none", lang, month=label, level=level), icon=":material/check:")
    else:
        elements.table(res.found, key, "signals", lang)
    query = f"python -m mik signals --month {month} --level {res.level}"
    st.caption(t("signals_method", lang, n=len(res.table), level=level) + " " + explain_signals(res, lang))
    elements.how_computed(query, lang)
