"""MIK - the picture frame: page config, shared sidebar, navigation (presentation mode too)."""

import streamlit as st

from mik import audit
from mik.access import Access, AccessDenied
from mik.i18n import LANGS, t
from ui import auth, data, state, widgets


def page_list(access: Access, lang: str, present: bool) -> list:
    """The pages of this session: the role's (Kaart from wijk level, Hotspots at street level only,
    Audit for admin only)."""
    if present:
        return [st.Page("pages/presentatie.py", title=t("presentation", lang), url_path="presentatie")]
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
        st.Page("pages/hotspots.py", title=t("hotspots", lang), icon=":material/hexagon:", url_path="hotspots")
        if access.may_see("straat")
        else None,
        st.Page(
            "pages/vergelijking.py", title=t("comparison", lang), icon=":material/balance:", url_path="vergelijking"
        ),
        st.Page("pages/whatif.py", title=t("what_if", lang), icon=":material/science:", url_path="wat-als"),
        st.Page("pages/uitvoering.py", title=t("execution", lang), icon=":material/checklist:", url_path="uitvoering"),
        st.Page("pages/rapporten.py", title=t("reports", lang), icon=":material/description:", url_path="rapporten"),
        st.Page("pages/bronnen.py", title=t("sources", lang), icon=":material/database:", url_path="bronnen"),
        st.Page("pages/bijwerken.py", title=t("update_data", lang), icon=":material/upload:", url_path="bijwerken")
        if access.admin
        else None,
        st.Page("pages/audit.py", title=t("audit", lang), icon=":material/policy:", url_path="audit")
        if access.admin
        else None,
    ]
    return [p for p in pages if p is not None]


def main() -> None:
    """One run: login when needed, the shared sidebar, then the page asked for."""
    cfg = data.get_config()
    st.set_page_config(page_title=t("app_title", name=cfg.gemeente_name), page_icon=":material/shield:", layout="wide")
    widgets.base_style()

    status = data.data_status(data.db_key())
    years, default_year = widgets.year_choices(status, cfg.plan_years)
    present = st.query_params.get("present") == "1"
    access = auth.current_access()
    if access is None:
        state.remember_deep_link()  # the page and view asked for, opened once the login is done
        access = auth.login_form(state.param("lang", "nl", LANGS))
        if access is None:
            st.stop()
    widgets.check_installation(status, state.param("lang", "nl", LANGS))
    view = (widgets.url_view if present else widgets.sidebar)(years, default_year=default_year)
    st.session_state["view"] = view
    lang = view["lang"]
    if present:
        widgets.presentation_style()
    else:
        with st.sidebar:
            auth.logout_button(access, lang)
    pages = page_list(access, lang, present)
    try:
        page = st.navigation(pages, position="hidden" if present else "sidebar")
        state.follow_deep_link(pages, page)
        page.run()
    except AccessDenied as exc:
        audit.record(data.db_path(), access.user, access.role, "denied", str(exc))
        st.warning(f"{t('denied', lang)}: {exc}")


with data.run_slot():  # a few runs at a time per process, first come first served (README, Performance)
    main()
