"""Cards: an indicator's value against its target with its status (colour, icon and word), and the
headline strip of the Overzicht."""

from __future__ import annotations

import html

import streamlit as st

from mik.figures import stats
from mik.figures.scorecards import ScoreRow
from mik.figures.targets import STATUS_STYLE
from mik.plan.formatting import fmt_number, fmt_value
from mik.plan.i18n import t
from mik.plan.periods import parse_period
from mik.views.cards import CardFigure, card_figure
from mik.views.charts import build_gauge_chart, build_sparkline
from ui import data, elements, source
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
            period=label,
            population=t(
                "headline_population",
                lang,
                pyear=h.population_year,
                nearest=t("nearest_year", lang) if h.population_nearest else "",
            )
            if h.population_year
            else t("headline_no_population", lang),
        )
    )
    elements.how_computed(h.query, lang)
    for n, period in ((h.unreported, label), (h.previous_unreported, before)):
        if n:
            st.caption(t("headline_unreported", lang, n=n, period=period))


def status_badge(code: str, word: str) -> str:
    colour, icon = STATUS_STYLE[code]
    named = {"#009E73": "green", "#56B4E9": "blue", "#E69F00": "orange", "#D55E00": "red"}.get(colour, "gray")
    return f":{named}-background[{icon} {word}]"


PAGE_CARD_CSS = """
<style>
.mik-pcard .mik-name {font-weight: 600; font-size: 1.05rem; line-height: 1.3; min-height: 2.6em;}
.mik-pcard .mik-label {font-size: 0.9rem; color: #3a3a3a;}
.mik-pcard .mik-value {font-size: 2.2rem; font-weight: 700; line-height: 1.15;}
.mik-pcard .mik-unit {font-size: 1rem; font-weight: 400; color: #3a3a3a;}
.mik-pcard .mik-reason {font-size: 1.3rem; font-weight: 600; line-height: 1.25; margin: 4px 0;}
.mik-pcard .mik-second, .mik-pcard .mik-target {font-size: 0.95rem; color: #333333;}
</style>
"""


def figure_html(row: ScoreRow, fig: CardFigure, lang: str) -> str:
    """Name, figure (or the reason there is none), what the figure is, the second line and the target
    (mik.views.cards), as one block of HTML; ``data-kind`` and ``data-status`` say what it shows."""
    name = html.escape(row.indicator.name(lang))
    if fig.kind == "missing":
        main = f"<div class='mik-reason'>{html.escape(fig.main)}</div>"
    else:
        unit = f"<span class='mik-unit'>{html.escape(fig.unit)}</span>"
        main = (
            f"<div class='mik-label'>{html.escape(fig.label)}</div>"
            f"<div class='mik-value'>{html.escape(fig.main)} {unit}</div>"
        )
    second = f"<div class='mik-second'>{html.escape(fig.secondary)}</div>" if fig.secondary else ""
    return (
        f"{PAGE_CARD_CSS}<div class='mik-pcard' role='group' aria-label='{name}' data-kind='{fig.kind}'"
        f" data-status='{row.status.code}'><div class='mik-name'>{name}</div>{main}{second}"
        + (f"<div class='mik-target'>{html.escape(fig.target)}</div>" if fig.target else "")
        + "</div>"
    )


def gauge_card(row: ScoreRow, lang: str, history=None) -> None:
    """One indicator: name, figure, target, status (colour, icon and word), the gauge and its reason."""
    ind = row.indicator
    with st.container(border=True):
        fig = card_figure(row, source.get_config(), lang)
        st.html(figure_html(row, fig, lang))
        if fig.direction:  # no target: the change and its test
            st.markdown(f":gray-background[{fig.arrow} {fig.direction}]")
        elif row.target is not None or source.get_config().targets:  # a basic monitor has no target to miss
            st.markdown(status_badge(row.status.code, row.status.word(lang)))
        if row.target is not None and (row.value.value is not None or row.status.projected is not None):
            chart(
                build_gauge_chart, row.value.value, row.threshold, ind.unit, row.status.code, lang, row.status.projected
            )
        if row.target is not None or source.get_config().targets:  # a basic monitor has no targets to explain
            st.caption(row.status.reason(lang))
        if row.value.population_nearest:
            st.caption(f"⚠ {t('nearest_population', lang)} ({row.value.population_year})")
        if history is not None and len(history) > 1:
            chart(build_sparkline, history, lang)
