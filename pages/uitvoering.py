"""Uitvoering: the plan's actions, filterable by theme, lead, term and status, with counts."""

import streamlit as st

from mik.dashboard import activity_counts, filter_activities
from mik.i18n import t
from ui import data, widgets

view, lang, path = widgets.page_start("execution")
cfg = data.get_config()

acts = data.activities(path)
if acts.empty:
    st.info(t("no_activities", lang))
    st.stop()
themes = {th.id: th.name(lang) for th in cfg.themes}
c1, c2, c3, c4 = st.columns(4)
f_theme = c1.multiselect(t("filter_theme", lang), list(themes), key="uitvoering_theme", format_func=themes.get)
f_lead = c2.multiselect(t("filter_lead", lang), sorted(acts.lead.dropna().unique()), key="uitvoering_lead")
f_term = c3.multiselect(t("filter_term", lang), sorted(acts.term.unique()), key="uitvoering_term")
f_status = c4.multiselect(t("filter_status", lang), sorted(acts.status.dropna().unique()), key="uitvoering_status")
shown = filter_activities(acts, f_theme, f_lead, f_term, f_status)

st.metric(t("count_actions", lang), f"{len(shown)} / {len(acts)}")
counts = activity_counts(shown)
counts["theme_id"] = counts.theme_id.map(themes)
widgets.table(counts, "uitvoering_counts")
widgets.table(
    shown.assign(theme=shown.theme_id.map(themes))[
        ["id", "theme", "item", "description", "term", "parties", "lead", "status", "status_date"]
    ],
    "uitvoering_table",
)
