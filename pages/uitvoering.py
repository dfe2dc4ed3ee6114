"""Uitvoering: the plan's actions, filterable by theme, lead, term and status, with counts."""

import streamlit as st

from mik.plan.i18n import t
from mik.views.actions import activity_counts, filter_activities
from mik.views.tables import Column
from ui import auth, data, elements, frame, source

auth.require("figures")
view, lang, path = frame.page_start("execution")
cfg = source.get_config()

acts = data.activities(path)
if acts.empty:
    st.info(t("no_activities", lang))
    st.stop()
themes = {th.id: th.name(lang) for th in cfg.themes}
c1, c2, c3, c4 = st.columns(4)
choose = t("choose", lang)
f_theme = c1.multiselect(
    t("filter_theme", lang), list(themes), key="uitvoering_theme", placeholder=choose, format_func=themes.get
)
leads, terms, statuses = (
    sorted(acts.lead.dropna().unique()),
    sorted(acts.term.unique()),
    sorted(acts.status.dropna().unique()),
)
f_lead = c2.multiselect(t("filter_lead", lang), leads, key="uitvoering_lead", placeholder=choose)
f_term = c3.multiselect(t("filter_term", lang), terms, key="uitvoering_term", placeholder=choose)
f_status = c4.multiselect(
    t("filter_status", lang),
    statuses,
    key="uitvoering_status",
    placeholder=choose,
    format_func=lambda s: t(f"action_status_{s}", lang),
)
shown = filter_activities(acts, f_theme, f_lead, f_term, f_status)

st.metric(t("count_actions", lang), f"{len(shown)} / {len(acts)}")
counts = activity_counts(shown)
if not counts.empty:
    statuses_shown = [c for c in counts.columns if c != "theme_id"]
    counts["theme"] = counts.theme_id.map(themes)
    counts["total"] = counts[statuses_shown].sum(axis=1)
    elements.table(
        counts,
        "uitvoering_counts",
        (
            Column("theme", "col_theme"),
            *(Column(s, t(f"action_status_{s}", lang).capitalize(), "count", literal=True) for s in statuses_shown),
            Column("total", "col_total", "count"),
        ),
        lang,
    )
elements.table(
    shown.assign(theme=shown.theme_id.map(themes), status=elements.action_status_keys(shown.status)),
    "uitvoering_table",
    "actions",
    lang,
)
