"""Shared widgets: the sidebar, the demo banner and the indicator gauge card."""

from __future__ import annotations

import streamlit as st

from mik.charts import build_gauge_chart, build_sparkline
from mik.formatting import fmt_value
from mik.i18n import LANGS, t
from mik.periods import parse_period
from mik.targets import STATUS_STYLE, ScoreRow, target_text
from ui import data


def lang() -> str:
    return st.session_state.get("app_lang", st.query_params.get("lang", "nl"))


def sidebar(years: list[int], default_year: int) -> dict:
    """Language and year, kept in the URL so a link reproduces the view."""
    q = st.query_params
    with st.sidebar:
        chosen_lang = st.selectbox(
            "Taal / Language", LANGS, key="app_lang",
            index=LANGS.index(q.get("lang", "nl")) if q.get("lang", "nl") in LANGS else 0,
            format_func=lambda x: {"nl": "Nederlands", "en": "English"}[x],
        )
        asked = q.get("year", "")
        year_index = years.index(int(asked) if asked.isdigit() and int(asked) in years else default_year)
        year = st.selectbox(t("year", chosen_lang), years, index=year_index, key="app_year")
    q["lang"] = chosen_lang
    q["year"] = str(year)
    return {"lang": chosen_lang, "year": year}


def data_banner(status: dict, lang: str) -> None:
    """The 'stand per' date, and the demo notice when the data is synthetic."""
    if status["synthetic"]:
        st.warning(t("demo_notice", lang), icon="⚠️")
    if status["stand"] is not None:
        st.caption(f"{t('stand_per', lang)} {status['stand']:%d-%m-%Y}")


def status_badge(code: str, word: str) -> str:
    colour, icon = STATUS_STYLE[code]
    return f":{_md_colour(colour)}-background[{icon} {word}]"


def _md_colour(hex_colour: str) -> str:
    # Streamlit markdown knows named colours only; map the Okabe-Ito hues to the nearest.
    return {"#009E73": "green", "#56B4E9": "blue", "#E69F00": "orange", "#D55E00": "red"}.get(
        hex_colour, "gray")


def gauge_card(row: ScoreRow, lang: str, history=None) -> None:
    """One indicator: name, value, target, status (colour, icon and word) and its reason."""
    ind = row.indicator
    unit_label = {"per_1000": t("per_1000_inh", lang), "percent": "%", "score": "1-10"}.get(ind.unit, "")
    with st.container(border=True):
        st.markdown(f"**{ind.name(lang)}**")
        value, label = row.value.value, parse_period(row.value.period).label(lang)
        if value is None and row.latest_value is not None:
            value, label = row.latest_value, f"{t('latest_measurement', lang)} {row.latest_year}"
        cols = st.columns([1, 1])
        cols[0].metric(f"{label} ({unit_label})", fmt_value(value, _short_unit(ind.unit), lang))
        threshold = target_text(data.get_config(), ind, row.target, row.threshold, lang)
        cols[1].metric(f"{t('target', lang)} {row.target.year if row.target else ''}",
                       threshold.replace(" per 1.000", "").replace(" per 1,000", ""))
        st.markdown(status_badge(row.status.code, row.status.word(lang)))
        if row.target is not None and (row.value.value is not None or row.status.projected is not None):
            st.altair_chart(build_gauge_chart(row.value.value, row.threshold, ind.unit, row.status.code,
                                              lang, row.status.projected), width="stretch")
        st.caption(row.status.reason(lang))
        if history is not None and len(history) > 1:
            st.altair_chart(build_sparkline(history, lang), width="stretch")


def _short_unit(unit: str) -> str:
    return "rate" if unit == "per_1000" else unit
