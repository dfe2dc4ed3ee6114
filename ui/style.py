"""The app's style sheets: readable contrast and tables that wrap (WCAG 2.1 AA), a phone that shows a
figure first, and the large type of presentation mode."""

from __future__ import annotations

import streamlit as st

# WCAG 2.1 AA: Streamlit's faded caption grey (#828180) has a contrast of 3.9 on white; text needs 4.5
BASE_CSS = """
<style>
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] p,
[data-testid="stWidgetLabel"] p, [data-testid="stMetricLabel"] p, [data-testid="stMain"] code
{color: #55534f !important; opacity: 1 !important;}
/* tables wrap their text instead of scrolling sideways (a scrolling region must be reachable by keyboard) */
[data-testid="stTable"] th, [data-testid="stTable"] td, [data-testid="stTable"] th *, [data-testid="stTable"] td *
{white-space: normal !important; overflow-wrap: anywhere; word-break: break-word; min-width: 0 !important;}
[data-testid="stTable"] [data-testid="stMarkdownContainer"] {display: block !important;}
[data-testid="stTable"] table {width: 100%; table-layout: auto;}
/* the element that sets the page's language takes no room */
[class*="st-key-mik_document_language"] {display: none !important;}
/* a phone shows a figure on its first screen: the title, notices, then the map, then its controls */
@media (max-width: 640px) {
  [data-testid="stElementContainer"]:has(h1) {order: -3;}
  [data-testid="stElementContainer"]:has([data-testid="stAlert"]) {order: -2;}
  [data-testid="stElementContainer"]:has([data-testid="stDeckGlJsonChart"]) {order: -1;}
  h1 {font-size: 2rem !important; padding-top: 0.5rem !important;}
}
</style>
"""


def base_style() -> None:
    st.html(BASE_CSS)


def document_language(lang: str, where: str = "page") -> None:
    """Say the page's language to screen readers and translators (WCAG 3.1.1): Streamlit serves
    every page as ``<html lang="en">``, so a Dutch page would be read aloud as English. A fixed
    script of our own (no user input) sets it; its element is hidden."""
    code = "en" if lang == "en" else "nl"
    with st.container(key=f"mik_document_language_{where}"):  # the login and the page may both say it
        st.html(f"<script>document.documentElement.lang = '{code}';</script>", unsafe_allow_javascript=True)


PRESENTATION_CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], header[data-testid="stHeader"],
[data-testid="stToolbar"] {display: none !important;}
.block-container {padding-top: 1rem; max-width: 100%;}
[data-testid="stMetricValue"] {font-size: 3.2rem !important;}
[data-testid="stMetricLabel"] p {font-size: 1.3rem !important;}
.stMarkdown p, .stCaption p {font-size: 1.35rem !important;}
h1 {font-size: 3rem !important;} h2 {font-size: 2.4rem !important;} h3 {font-size: 1.8rem !important;}
.stButton button {min-height: 4.5rem; padding: 0.6rem 2rem;}
.stButton button p {font-size: 1.8rem !important; font-weight: 700;}
[data-testid="stMarkdownContainer"] li, .stAlert p {font-size: 1.35rem !important;}
</style>
"""


def presentation_style() -> None:
    st.markdown(PRESENTATION_CSS, unsafe_allow_html=True)
