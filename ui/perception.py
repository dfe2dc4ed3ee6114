"""Thema's "Cijfers en beleving": the theme's police figure and perceived figure side by side per
wijk or buurt, each as an index against the city (:mod:`mik.figures.perception`)."""

from __future__ import annotations

import streamlit as st

from mik.figures.perception import Perception
from mik.plan.formatting import fmt_number
from mik.plan.i18n import t
from mik.views.charts import build_perception_chart
from ui import auth, data, elements, source


def section(theme_id: str, year: int, lang: str) -> None:
    """The comparison for ``theme_id`` in the survey year up to ``year``, or a sentence saying why
    there is none; nothing for a role that sees the city only."""
    if not auth.may("map"):
        return
    res: Perception = data.perceived(source.db_key(), theme_id, year)
    if res.reason == "no_pair":
        return  # the theme has no pair: said once in the README, not on every theme
    level = t(f"level_{res.level or 'wijk'}", lang)
    st.subheader(t("perception", lang, level=level))
    if res.reason:
        survey = res.survey.name(lang) if res.survey else ""
        st.info(t(f"perception_{res.reason}", lang, survey=survey, year=res.year or year))
        return
    pct = fmt_number(res.variation * 100, 0, lang) + "%"
    st.caption(
        t(
            "perception_intro",
            lang,
            police=res.police.name(lang) + ("" if "1.000" in res.police.name("nl") else t("perception_rate", lang)),
            survey=res.survey.name(lang),
            year=res.year,
            level=level,
            variation=t("perception_variation", lang, pct=pct) if res.variation > 0 else "",
        )
    )
    words = (
        ("objective", t("perception_objective", lang)),
        ("subjective", t("perception_subjective", lang)),
        ("axis", t("perception_axis", lang)),
        ("area", t("col_area", lang)),
        ("index", t("perception_index", lang)),
    )
    elements.chart(build_perception_chart, res.table, words, lang)
    lines = [_line(r, lang) for _, r in res.divergent.iterrows()]
    none = t("perception_none_divergent", lang, level=level)
    st.markdown("\n".join(f"- {line}" for line in lines) if lines else none)
    words_of = {k: ("perception_" + res.table[k]).where(res.table[k].notna()) for k in ("objective", "subjective")}
    spans = {f"{k}_interval": _spans(res.table[f"{k}_low"], res.table[f"{k}_high"], lang) for k in ("obj", "subj")}
    shown = res.table.assign(**words_of, **spans)
    with st.expander(t("table", lang)):
        elements.table(shown, "thema_perception", "perception", lang)


def _spans(low, high, lang: str) -> list:
    """Intervals as text, "121–134" (None where there is none: a hidden count)."""
    return [
        None if (lo != lo or hi != hi) else f"{fmt_number(float(lo), 0, lang)}–{fmt_number(float(hi), 0, lang)}"
        for lo, hi in zip(low, high, strict=True)
    ]


def _line(r, lang: str) -> str:
    def n(v) -> str:
        return fmt_number(float(v), 0, lang)

    return t(
        "perception_line",
        lang,
        area=r["name"],
        kind=t(f"perception_{r.divergence}", lang),
        obj=n(r.obj_index),
        obj_low=n(r.obj_low),
        obj_high=n(r.obj_high),
        subj=n(r.subj_index),
        subj_low=n(r.subj_low),
        subj_high=n(r.subj_high),
    )
