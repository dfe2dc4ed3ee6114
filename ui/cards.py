"""Cards: an indicator's value against its target with its status (colour, icon and word), and the
headline strip of the Overzicht."""

from __future__ import annotations

import streamlit as st

from mik.figures import stats
from mik.figures.scorecards import ScoreRow
from mik.figures.targets import STATUS_STYLE, target_text
from mik.plan.formatting import fmt_number, fmt_value
from mik.plan.i18n import t
from mik.plan.periods import parse_period
from mik.views.charts import build_gauge_chart, build_sparkline
from ui import data, source
from ui.elements import chart


def headline_strip(view: dict, lang: str) -> None:
    """Total registered crimes of the area in the newest period, per 1,000, and the change."""
    h = data.headline(source.db_key(), view["area"], view["level"])
    if h is None:
        st.info(t("headline_none", lang))
        return
    label = parse_period(h.period).label(lang)
    before = parse_period(h.previous_period).label(lang)
    # the area and period once, above the figures: labels short enough never to be cut off
    st.markdown(f"**{view['area_name']} · {label}**")
    c1, c2, c3 = st.columns(3)
    count = t("headline_hidden", lang) if h.suppressed else fmt_value(h.count, "count", lang)
    # the change with its test: coloured only when it is more than chance (see mik.figures.stats)
    delta = (
        None
        if h.change_pct is None
        else f"{fmt_number(h.change_pct, 1, lang, signed=True)}% · {t(h.significance, lang)}"
    )
    significant = h.significance in (stats.RISE, stats.FALL)
    c1.metric(t("headline_total", lang), count, delta, delta_color="inverse" if significant else "off")
    c2.metric(t("per_1000_short", lang), fmt_value(h.rate, "rate", lang))
    c3.metric(t("headline_before", lang, period=before), fmt_value(h.previous_count, "count", lang))
    st.caption(
        t(
            "headline_source",
            lang,
            source=", ".join(h.sources) or "–",
            period=h.period,
            pyear=h.population_year or "–",
            nearest=t("nearest_year", lang) if h.population_nearest else "",
            query=h.query,
        )
    )
    for n, period in ((h.unreported, label), (h.previous_unreported, before)):
        if n:
            st.caption(t("headline_unreported", lang, n=n, period=period))


def status_badge(code: str, word: str) -> str:
    colour, icon = STATUS_STYLE[code]
    named = {"#009E73": "green", "#56B4E9": "blue", "#E69F00": "orange", "#D55E00": "red"}.get(colour, "gray")
    return f":{named}-background[{icon} {word}]"


def shown_value(row: ScoreRow, lang: str) -> tuple[str, str]:
    """The figure a card shows and what it is: the period's value, else the survey's latest
    measurement with its year, else "–"."""
    unit = "rate" if row.indicator.unit == "per_1000" else row.indicator.unit
    value, label = row.value.value, parse_period(row.value.period).label(lang)
    if value is None and row.latest_value is not None:
        value, label = row.latest_value, f"{t('latest_measurement', lang)} {row.latest_year}"
    return fmt_value(value, unit, lang), label


def gauge_card(row: ScoreRow, lang: str, history=None) -> None:
    """One indicator: name, value, target, status (colour, icon and word) and its reason."""
    ind = row.indicator
    unit_label = {"per_1000": t("per_1000_inh", lang), "percent": "%", "score": "1-10"}.get(ind.unit, "")
    with st.container(border=True):
        st.markdown(f"**{ind.name(lang)}**")
        figure, label = shown_value(row, lang)
        cols = st.columns([1, 1])
        cols[0].metric(f"{label} ({unit_label})", figure)
        threshold = target_text(source.get_config(), ind, row.target, row.threshold, lang)
        cols[1].metric(
            f"{t('target', lang)} {row.target.year if row.target else ''}",
            threshold.replace(" per 1.000", "").replace(" per 1,000", ""),
        )
        st.markdown(status_badge(row.status.code, row.status.word(lang)))
        if row.target is not None and (row.value.value is not None or row.status.projected is not None):
            chart(
                build_gauge_chart, row.value.value, row.threshold, ind.unit, row.status.code, lang, row.status.projected
            )
        st.caption(row.status.reason(lang))
        if row.value.population_nearest:
            st.caption(f"⚠ {t('nearest_population', lang)} ({row.value.population_year})")
        if history is not None and len(history) > 1:
            chart(build_sparkline, history, lang)
