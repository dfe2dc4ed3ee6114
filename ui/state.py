"""The view lives in the URL: read a query parameter with a default, write it back."""

from __future__ import annotations

from collections.abc import Sequence
from urllib.parse import urlparse

import streamlit as st


def param(name: str, default: str, allowed: Sequence[str] | None = None) -> str:
    """A query parameter, or ``default`` when absent or not among ``allowed``."""
    value = st.query_params.get(name, default)
    if allowed is not None and value not in allowed:
        return default
    return value


def keep(**values) -> None:
    """Write the current choices to the URL so a link reproduces the view."""
    for key, value in values.items():
        if value is None or value == "":
            st.query_params.pop(key, None)
        else:
            st.query_params[key] = str(value)


def index_of(options: Sequence, value) -> int:
    return list(options).index(value) if value in options else 0


def encode_scenario(overrides: dict[str, tuple[str, float]]) -> str:
    """``{'hic': ('<=', 44.0)}`` -> ``'hic:<=:44.0'`` (joined by ``;``) for the URL."""
    return ";".join(f"{k}:{c}:{v:g}" for k, (c, v) in sorted(overrides.items()))


def decode_scenario(text: str) -> dict[str, tuple[str, float]]:
    out = {}
    for part in filter(None, (text or "").split(";")):
        try:
            ind, comp, value = part.split(":")
            out[ind] = (comp, float(value))
        except ValueError:
            continue  # a damaged link shows the plan, not an error
    return out


def page_view() -> dict:
    """The view app.py set up for this run.

    A deep link (``/kaart?…``) that is the first request a fresh server sees is run by Streamlit's
    old pages-folder mode, which executes the page without app.py (the mode is only switched off
    by the first ``st.navigation`` call). Then switch it off and rerun, so app.py frames the page.
    """
    if "view" in st.session_state:
        return st.session_state["view"]
    from streamlit.runtime.pages_manager import PagesManager

    PagesManager.uses_pages_directory = False
    st.rerun()


DEEP_LINK = "mik_deep_link"


def remember_deep_link() -> None:
    """Before login: keep the page (URL path) and the view (query parameters) that were asked for."""
    if DEEP_LINK in st.session_state:
        return
    try:
        path = urlparse(st.context.url or "").path.strip("/").rsplit("/", 1)[-1]
    except Exception:  # no browser context (tests without one): nothing to keep
        path = ""
    st.session_state[DEEP_LINK] = (path, st.query_params.to_dict())


def follow_deep_link(pages: Sequence, current) -> None:
    """After login: open the page of the remembered deep link, once, with its view (on the page
    itself the URL kept the view)."""
    link = st.session_state.pop(DEEP_LINK, None)
    if not link:
        return
    path, params = link
    target = next((p for p in pages if p.url_path == path), None)
    if target is not None and target.url_path != current.url_path:
        st.switch_page(target, query_params=params)
