"""Plan (admin, planeigenaar): the plan's years, targets and indicators, each save a new version."""

import datetime as dt

import streamlit as st

from mik.plan.i18n import t
from ui import auth, frame, plan, source

access = auth.require("plan")
view, lang, path = frame.page_start("plan_page")
current = plan.seen()
plan.message()
plan.header(current, lang)
cfg = source.get_config()

if cfg.plan_years:
    years = sorted(cfg.plan_years)
    added = st.session_state.pop(plan.ADDED_YEAR, None)
    if added in years or st.session_state.get("plan_year") not in years:
        st.session_state["plan_year"] = added if added in years else years[-1]
    year = st.selectbox(t("plan_year", lang), years, key="plan_year")
    st.subheader(t("plan_targets_of", lang, year=year))
    plan.targets_table(cfg, year, lang)
    plan.target_editor(cfg, access, year, lang)
else:
    st.info(t("plan_no_years", lang))
plan.add_year(cfg, access, lang, max(cfg.plan_years, default=dt.date.today().year - 1) + 1)
plan.switches(cfg, access, lang)
plan.history(access, lang)
plan.remember(current)
