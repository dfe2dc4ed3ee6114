"""Audit log: logins, failed logins, exports, imports and refusals. Admin role only. Filtered by
kind, user and period, and paged through to the first line; refused (throttled) logins are counted
per minute below."""

import datetime as dt

import streamlit as st

from mik.data import audit
from mik.plan.i18n import t
from ui import auth, elements, source, state

access = auth.require("admin")
view = state.page_view()
lang = view["lang"]
st.title(t("audit", lang))
db = source.db_path()
left, middle, right = st.columns(3)
kinds = left.multiselect(
    t("audit_kinds", lang),
    audit.ACTIONS,
    key="audit_kinds",
    placeholder=t("audit_all_kinds", lang),
    format_func=lambda a: t(f"action_{a}", lang),
)
user = middle.text_input(t("audit_user", lang), key="audit_user", max_chars=128)
days = right.date_input(
    t("audit_period", lang), value=(), key="audit_period", max_value=dt.date.today(), format="DD-MM-YYYY"
)
since, until = (*days, None, None)[:2]  # none, one day chosen so far, or both
chosen = {"actions": kinds, "user": user.strip() or None, "since": since, "until": until or since}
total = audit.count(db, **chosen)
pages = max(1, -(-total // audit.PAGE))
number = st.number_input(t("audit_page", lang, pages=pages, total=total), 1, pages, 1, key="audit_page")
frame = audit.query(db, **chosen, limit=audit.PAGE, offset=(number - 1) * audit.PAGE)
elements.table(frame.assign(action="action_" + frame.action), "audit_table", "audit", lang)  # actions in words
st.subheader(t("audit_throttled", lang))
elements.table(audit.throttled_counts(db, since), "audit_throttled", "throttled", lang)
