"""Audit log: logins, failed logins, exports, imports and refusals. Admin role only."""

import streamlit as st

from mik import audit
from mik.access import AccessDenied
from mik.i18n import t
from ui import auth, data, state, widgets

view = state.page_view()
lang = view["lang"]
access = auth.current_access()
if access is None or not access.admin:
    raise AccessDenied("alleen de rol admin leest het auditlog")
st.title(t("audit", lang))
widgets.table(audit.read(data.db_path()), "audit_table", "audit", lang)
