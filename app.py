"""MIK - the picture frame: page config, shared sidebar, navigation (presentation mode too)."""

import logging
import os
from pathlib import Path

import duckdb
import streamlit as st

from mik.data import audit
from mik.plan.i18n import LANGS, t
from mik.privacy.access import Access, AccessDenied, permits
from ui import auth, cache, frame, source, state, style
from ui.connection import published

# The tab's icon is a file of MIK's own: a Material icon as favicon makes every browser fetch it
# from Google's font servers (blocked in many municipal networks, and a request about each visit).
ICON = str(Path(__file__).parent / "ui" / "favicon.png")

#: Every page of the app, listed once (st.navigation does not discover pages/): file, title, icon,
#: address and the permission it needs (mik.privacy.access.PERMISSIONS). Each page asks for the
#: same permission on its first line (auth.require), so its address alone gets nobody further.
PAGES = (
    ("overzicht", "overview", "dashboard", "overzicht", "figures"),
    ("thema", "theme", "show_chart", "thema", "figures"),
    ("kaart", "map", "map", "kaart", "map"),
    ("hotspots", "hotspots", "hexagon", "hotspots", "streets"),
    ("vergelijking", "comparison", "balance", "vergelijking", "figures"),
    ("whatif", "what_if", "science", "wat-als", "figures"),
    ("uitvoering", "execution", "checklist", "uitvoering", "figures"),
    ("rapporten", "reports", "description", "rapporten", "figures"),
    ("bronnen", "sources", "database", "bronnen", "figures"),
    ("plan", "plan_page", "flag", "plan", "plan"),
    ("bijwerken", "update_data", "upload", "bijwerken", "admin"),
    ("audit", "audit", "policy", "audit", "admin"),
)
PRESENTATION = ("presentatie", "presentation", "present_to_all", "presentatie", "figures")


def page_list(access: Access, lang: str, present: bool) -> list:
    """The pages of this session: those whose permission the role has (Kaart from wijk level,
    Hotspots at street level only, Bijwerken and Audit for admin only); presentation mode alone."""
    return [
        st.Page(f"pages/{name}.py", title=t(title, lang), icon=f":material/{icon}:", url_path=path, default=i == 0)
        for i, (name, title, icon, path, permission) in enumerate((PRESENTATION,) if present else PAGES)
        if permits(access, permission)
    ]


def main() -> None:
    """One run: login when needed, the shared sidebar, then the page asked for."""
    cfg = source.get_config()
    if os.environ.get("MIK_WARM_SWITCH") == "1":  # a new database version is warmed before it is read
        published().watch(source.db_path(), auth.warm)
    st.set_page_config(page_title=t("app_title", name=cfg.gemeente_name), page_icon=ICON, layout="wide")
    style.base_style()

    try:
        status = source.data_status(source.db_key())
    except (duckdb.Error, OSError) as exc:  # a damaged or missing file: said, never a traceback
        unreadable(exc)
    years, default_year = frame.year_choices(status, cfg.plan_years)
    present = st.query_params.get("present") == "1"
    access = auth.current_access()
    if access is None:
        state.remember_deep_link()  # the page and view asked for, opened once the login is done
        style.document_language(state.param("lang", "nl", LANGS), "login")
        access = auth.login_form(state.param("lang", "nl", LANGS))
        if access is None:
            st.stop()
    frame.check_installation(status, state.param("lang", "nl", LANGS))
    view = (frame.url_view if present else frame.sidebar)(years, default_year=default_year)
    st.session_state["view"] = view
    lang = view["lang"]
    style.document_language(lang)
    if present:
        style.presentation_style()
    else:
        with st.sidebar:
            auth.logout_button(access, lang)
    pages = page_list(access, lang, present)
    try:
        page = st.navigation(pages, position="hidden" if present else "sidebar")
        state.follow_deep_link(pages, page)
        page.run()
    except AccessDenied as exc:
        audit.record(source.db_path(), access.user, access.role, "denied", str(exc))
        st.warning(f"{t('denied', lang)}: {exc}")
    except duckdb.Error as exc:  # a block of the database that cannot be read (mik.ops.health finds it too)
        unreadable(exc, lang)


def unreadable(exc: Exception, lang: str | None = None) -> None:
    """Stop with the reason the figures cannot be read and what the administrator can do."""
    lang = lang or state.param("lang", "nl", LANGS)
    logging.getLogger("mik").error("database %s cannot be read: %s", source.db_path(), exc)
    st.error(t("db_unreadable", lang, db=source.db_path().name))  # the reason in the log, not to every visitor
    st.stop()


with cache.run_slot():  # a few runs at a time per process, first come first served (README, Performance)
    main()
