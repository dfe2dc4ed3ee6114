"""Audit log: logins, failed logins, exports, imports and refusals. Admin role only."""

import streamlit as st

from mik.data import audit
from mik.plan.i18n import t
from ui import auth, elements, source, state

access = auth.require("admin")
view = state.page_view()
lang = view["lang"]
st.title(t("audit", lang))
elements.table(audit.read(source.db_path()), "audit_table", "audit", lang)
