"""The detail of one area (opened by clicking the map): trend, categories, compared with the city."""

from __future__ import annotations

import streamlit as st

from mik.plan.formatting import fmt_value
from mik.plan.i18n import t
from mik.plan.periods import parse_period
from mik.privacy.access import single_categories
from mik.views.charts import build_category_chart
from ui import auth, data, elements, source
from ui.police import draw_trend


def picked_code(event) -> str | None:
    """The area code of the clicked map feature, if any."""
    try:
        objects = event.selection.get("objects", {}) if event else {}
    except AttributeError:
        return None
    for layer_objects in objects.values():
        for obj in layer_objects:
            props = obj.get("properties", obj)
            if props.get("code"):
                return props["code"]
    return None


def area_detail(code: str, level: str, indicator: str | None, category: str | None, period: str, lang: str) -> None:
    cfg = source.get_config()
    path = source.db_key()
    areas = data.areas(path)
    name = dict(zip(areas.code, areas.name, strict=True)).get(code, code)
    st.subheader(f"{t('detail', lang)}: {name} ({code})")
    here = data.choropleth(path, level, period, indicator, category, True, "quantiles", lang).frame
    city = data.choropleth(
        path, "gemeente" if level != "gemeente" else level, period, indicator, category, True, "quantiles", lang
    ).frame
    row = here[here.code == code].iloc[0]
    c1, c2, c3 = st.columns(3)
    unit = cfg.indicator(indicator).unit if indicator else "per_1000"
    c1.metric(
        f"{name} ({t('per_1000_inh', lang) if unit == 'per_1000' else unit})",
        fmt_value(row.value, "rate" if unit == "per_1000" else unit, lang),
    )
    c2.metric(
        f"{t('city', lang)} ({cfg.gemeente_name})",
        fmt_value(city.value.iloc[0], "rate" if unit == "per_1000" else unit, lang),
    )
    if row["count"] is not None and row["count"] == row["count"]:
        c3.metric("Aantal" if lang != "en" else "Count", fmt_value(row["count"], "count", lang))
    if indicator and cfg.indicator(indicator).source == "survey":
        return
    if not single_categories(auth.current_access(), level):
        st.info(t("restricted_detail", lang))
        return
    cats = tuple(cfg.indicator(indicator).categories) if indicator else (category,)
    if indicator:
        draw_trend(indicator, code, level, lang)
        breakdown = data.category_breakdown(path, cats, level, code, period, lang)
    else:
        breakdown = data.category_breakdown(path, tuple(data.categories(path).code), level, code, period, lang)
    st.markdown(f"**{t('breakdown', lang)}**")
    if breakdown.empty:
        st.info(t("no_figures_period", lang, period=parse_period(period).label(lang)))
        return
    elements.chart(build_category_chart, breakdown.head(12), lang)
    elements.table(breakdown, "kaart_detail_table", "breakdown", lang)
