"""MIK - the picture frame: page config, shared sidebar, navigation (presentation mode too)."""

import streamlit as st

from mik import audit
from mik.access import AccessDenied
from mik.i18n import LANGS, t
from ui import auth, data, state, widgets

st.set_page_config(page_title="MIK", page_icon=":material/shield:", layout="wide")

status = data.data_status(str(data.db_path()))
stand = status["stand"]
years = list(range(status["first"].year, stand.year + 1)) if stand else [2016]
present = st.query_params.get("present") == "1"
access = auth.current_access()
if access is None:
    auth.login_form(state.param("lang", "nl", LANGS))
    st.stop()
view = (widgets.url_view if present else widgets.sidebar)(years, default_year=years[-1])
st.session_state["view"] = view
lang = view["lang"]
if not present:
    with st.sidebar:
        auth.logout_button(access, lang)

if present:
    widgets.presentation_style()
    pages = [st.Page("pages/presentatie.py", title=t("presentation", lang), url_path="presentatie")]
else:
    pages = [
        st.Page(
            "pages/overzicht.py",
            title=t("overview", lang),
            icon=":material/dashboard:",
            default=True,
            url_path="overzicht",
        ),
        st.Page("pages/thema.py", title=t("theme", lang), icon=":material/show_chart:", url_path="thema"),
        st.Page("pages/kaart.py", title=t("map", lang), icon=":material/map:", url_path="kaart")
        if access.may_see("wijk")
        else None,
        st.Page(
            "pages/vergelijking.py", title=t("comparison", lang), icon=":material/balance:", url_path="vergelijking"
        ),
        st.Page("pages/whatif.py", title=t("what_if", lang), icon=":material/science:", url_path="wat-als"),
        st.Page("pages/uitvoering.py", title=t("execution", lang), icon=":material/checklist:", url_path="uitvoering"),
        st.Page("pages/rapporten.py", title=t("reports", lang), icon=":material/description:", url_path="rapporten"),
        st.Page("pages/bronnen.py", title=t("sources", lang), icon=":material/database:", url_path="bronnen"),
        st.Page("pages/audit.py", title=t("audit", lang), icon=":material/policy:", url_path="audit")
        if access.admin
        else None,
    ]
    pages = [p for p in pages if p is not None]
try:
    st.navigation(pages, position="hidden" if present else "sidebar").run()
except AccessDenied as exc:
    audit.record(data.db_path(), access.user, access.role, "denied", str(exc))
    st.warning(f"{t('denied', lang)}: {exc}")
