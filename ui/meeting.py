"""The meeting room (presentation mode): a scorecard of the whole plan, then one full screen per
theme with its indicators, the trend of the last 24 months against the target, and a small map.

Sized for a shared 1920×1080 screen read from across a room: figures 56 px, text at least 20 px,
status in colour, icon and word (never colour alone), dark text on white.
"""

from __future__ import annotations

import html

import pandas as pd
import streamlit as st

from mik.figures.scorecards import ScoreRow
from mik.figures.targets import STATUS_STYLE
from mik.plan.config import Theme
from mik.plan.formatting import fmt_number, fmt_value
from mik.plan.i18n import t
from mik.plan.periods import parse_period
from mik.views.cards import card_figure, summary_word
from mik.views.charts import (
    build_action_status_chart,
    build_choropleth_deck,
    build_meeting_history,
    build_meeting_trend,
    build_meeting_yearly,
)
from ui import auth, data, duiding, elements, source

CARD_CSS = """
<style>
.mik-cards {display: grid; grid-template-columns: repeat(var(--mik-cols), minmax(0, 1fr)); gap: 16px;}
.mik-card {border: 1px solid #c8c8c8; border-left: 12px solid var(--mik-status); border-radius: 6px;
  padding: 12px 16px; background: #ffffff; color: #1a1a1a;}
.mik-card .mik-theme {font-size: 20px; color: #3a3a3a; line-height: 1.2; min-height: 2.4em;}
.mik-card .mik-name {font-size: 21px; line-height: 1.25; min-height: 2.5em; font-weight: 600;}
.mik-card .mik-value {font-size: 56px; font-weight: 700; line-height: 1.1; margin: 6px 0;}
.mik-card .mik-unit {font-size: 20px; font-weight: 400; color: #3a3a3a;}
.mik-card .mik-target {font-size: 21px; color: #333333;}
.mik-card .mik-reason {font-size: 30px; font-weight: 600; line-height: 1.2; margin: 10px 0;}
.mik-card .mik-second, .mik-card .mik-label {font-size: 21px; color: #333333;}
.mik-card .mik-status {font-size: 24px; font-weight: 700; margin-top: 6px;}
</style>
"""


def card(row: ScoreRow, lang: str, theme: str | None = None) -> str:
    """One indicator as an HTML card: (its theme,) name, figure (or the reason there is none), what
    the figure is, the target, status icon and word (mik.views.cards)."""
    ind = row.indicator
    colour, icon = STATUS_STYLE[row.status.code]
    cfg = source.get_config()
    fig = card_figure(row, cfg, lang)
    main = (
        f"<div class='mik-label'>{html.escape(fig.label)}</div>"
        f"<div class='mik-value'>{html.escape(fig.main)} <span class='mik-unit'>{html.escape(fig.unit)}</span></div>"
        if fig.kind != "missing"
        else f"<div class='mik-reason'>{html.escape(fig.main)}</div>"
    )
    second = f"<div class='mik-second'>{html.escape(fig.secondary)}</div>" if fig.secondary else ""
    status = f"{fig.arrow} {fig.direction}" if fig.direction else f"{icon} {row.status.word(lang)}"
    if not fig.direction and row.target is None and not cfg.targets:
        status = ""  # a basic monitor: no target to miss, and the reason is the card's content
    return (
        f"<div class='mik-card' style='--mik-status:{colour}' role='group' aria-label='{html.escape(ind.name(lang))}'"
        f" data-kind='{fig.kind}' data-status='{row.status.code}'>"
        + (f"<div class='mik-theme'>{html.escape(theme)}</div>" if theme else "")
        + f"<div class='mik-name'>{html.escape(ind.name(lang))}</div>"
        f"{main}{second}"
        + (f"<div class='mik-target'>{html.escape(fig.target)}</div>" if fig.target else "")
        + (f"<div class='mik-status'>{html.escape(status)}</div>" if status else "")
        + "</div>"
    )


def cards(rows: list[ScoreRow], lang: str, columns: int, themes: dict[str, str] | None = None) -> None:
    inner = "".join(card(r, lang, (themes or {}).get(r.indicator.theme)) for r in rows)
    st.html(f"{CARD_CSS}<div class='mik-cards' style='--mik-cols:{columns}'>{inner}</div>")


def _summary_word(row: ScoreRow, lang: str) -> str:
    """A card in the screen's summary: its status icon and word, or in a basic monitor its test."""
    cfg = source.get_config()
    if row.target is None and not cfg.targets:
        return summary_word(row, cfg, lang)
    return f"{STATUS_STYLE[row.status.code][1]} {row.status.word(lang)}"


def scorecard_slide(rows: list[ScoreRow], lang: str) -> None:
    """Every indicator of the plan with its status on one screen, in the plan's order, each card
    headed by its theme; then the count per status."""
    cfg = source.get_config()
    if not cfg.targets:  # a basic monitor: figures and their direction
        st.info(t("meeting_basic", lang))
    elif rows and all(r.target is None for r in rows):  # the data's year is not one of the plan's
        st.info(t("meeting_no_targets", lang, plan=", ".join(map(str, cfg.plan_years)) or "–"))
    order = {th.id: n for n, th in enumerate(cfg.themes)}
    ordered = sorted(rows, key=lambda r: order.get(r.indicator.theme, len(order)))
    themes = {th.id: th.name(lang) for th in cfg.themes}
    cards(ordered, lang, columns=min(5, max(len(ordered), 1)), themes=themes)
    counts = pd.Series([_summary_word(r, lang) for r in rows]).value_counts()
    summary = " · ".join(f"<b>{n}</b> × {html.escape(word)}" for word, n in counts.items())
    st.markdown(f"<p style='font-size:24px'>{summary}</p>", unsafe_allow_html=True)


def theme_slide(theme: Theme, rows: list[ScoreRow], view: dict, lang: str) -> None:
    """A theme on one screen: its indicators, the chart of its trend, a small map, the month's
    signals and the final duiding of the theme (:mod:`ui.duiding`)."""
    police = next(
        (r.indicator for r in rows if r.indicator.source == "police" and r.indicator.has_data_definition), None
    )
    map_level = data.map_level(auth.current_access())
    with_map = police is not None and map_level is not None
    left, right = st.columns([3, 2]) if with_map else (st.container(), None)
    with left:
        if rows:
            cards(rows, lang, columns=max(len(rows), 2))
        else:
            note = (theme.note_en if lang == "en" else theme.note_nl) or t("no_indicator", lang)
            st.markdown(f"<p style='font-size:22px'>{html.escape(note)}</p>", unsafe_allow_html=True)
        _chart(theme, rows, police, view, lang)
        if police is not None and not with_map:
            _signals(police, lang)
        if not with_map:
            duiding.meeting(theme.id, lang)
    if with_map:
        with right:  # the month's signals and the duiding under the map: the left column is full
            _map(police.id, map_level, lang)
            _signals(police, lang)
            duiding.meeting(theme.id, lang)


def _chart(theme: Theme, rows: list[ScoreRow], police, view: dict, lang: str) -> None:
    path = source.db_key()
    cfg = source.get_config()
    if police is not None:
        trend = data.theme_trend(path, police.id, cfg.gemeente_code, "gemeente")
        if trend is not None and not trend.empty and trend.rolling_rate.notna().any():  # a rolling year: 12 months
            st.markdown(f"**{t('meeting_trend', lang, name=police.name(lang))}**")
            elements.chart(build_meeting_trend, trend, t("per_1000_inh", lang), lang)
            return
        yearly = data.yearly_trend(path, police.id, cfg.gemeente_code, "gemeente")
        if not yearly.empty:  # yearly figures only (CBS tables)
            title = "meeting_yearly" if yearly.target.notna().any() else "meeting_yearly_plain"
            st.markdown(f"**{t(title, lang, name=police.name(lang))}**")
            elements.chart(build_meeting_yearly, yearly, t("per_1000_inh", lang), lang)
            return
    survey = next((r for r in rows if r.indicator.source == "survey"), None)
    if survey is not None:
        years = tuple(range(view["year"] - 5, view["year"] + 1))
        history = data.indicator_history(path, survey.indicator.id, cfg.gemeente_code, years, "gemeente")
        if history.value.notna().sum() > 0:
            st.markdown(f"**{t('meeting_history', lang, name=survey.indicator.name(lang))}**")
            elements.chart(build_meeting_history, history, survey.threshold, survey.indicator.unit, lang)
            return
    acts = data.activities(path)
    acts = acts[acts.theme_id == theme.id] if not acts.empty else acts
    if acts.empty:
        st.info(t("no_figures_theme", lang))
        return
    counts = acts.groupby("status").size().rename("count").reset_index()
    counts["status"] = [t(f"action_status_{s}", lang) for s in counts.status]  # in the reader's language
    st.markdown(f"**{t('meeting_actions', lang, n=len(acts))}**")
    elements.chart(build_action_status_chart, counts, lang)


def _signals(police, lang: str) -> None:
    """The signals of the last complete month for the theme's police categories, in one or a few
    large lines (see mik.figures.signals); nothing when no month can be tested."""
    res = data.month_signals(source.db_key(), None, tuple(police.categories), lang)
    if res is None or res.reason:
        return
    month = parse_period(f"{res.month:%Y-%m}").label(lang)
    found = res.found
    if found.empty:
        text = "✓ " + html.escape(t("signals_none", lang, month=month, level=t(f"level_{res.level}", lang)))
    else:
        lines = [
            "⚠ "
            + html.escape(
                t(
                    "signals_line",
                    lang,
                    area=r["name"],
                    category=r.category,
                    observed=fmt_value(r.observed, "count", lang),
                    expected=fmt_number(r.expected, 1, lang),
                    limit=fmt_value(r["limit"], "count", lang),
                )
            )
            for _, r in found.head(3).iterrows()
        ]
        text = f"<b>{html.escape(t('signals_title', lang, month=month))}</b><br>" + "<br>".join(lines)
    st.markdown(f"<p style='font-size:22px;margin-top:8px'>{text}</p>", unsafe_allow_html=True)


def _map(indicator: str, level: str, lang: str) -> None:
    path = source.db_key()
    choices = data.period_choices(path, level)
    if not choices:
        return
    period = choices[0]
    # a rate when the indicator is one and inhabitants are loaded, else counts
    per_1000 = source.get_config().indicator(indicator).unit == "per_1000" and source.data_status(path)["population"]
    layer = data.choropleth(path, level, period, indicator, None, per_1000, "quantiles", lang)
    if layer.frame.value.isna().all():  # e.g. its categories are not in the loaded files
        st.info(t("no_figures_period", lang, period=parse_period(period).label(lang)))
        return
    st.markdown(
        f"**{t('meeting_map', lang, level=t(f'level_{level}', lang), period=parse_period(period).label(lang))}**"
    )
    st.pydeck_chart(build_choropleth_deck(layer, elements.basemap(), height=440), height=440, key="presentatie_map")
    elements.legend(layer.legend)
