"""MIK - the picture frame: page config, shared sidebar, navigation."""

import streamlit as st

from ui import data, widgets

st.set_page_config(page_title="MIK", page_icon="🛡️", layout="wide")

status = data.data_status(str(data.db_path()))
stand = status["stand"]
years = list(range(status["first"].year, stand.year + 1)) if stand else [2016]
view = widgets.sidebar(years, default_year=years[-1])
st.session_state["view"] = view

pages = [
    st.Page("pages/overzicht.py", title="Overzicht" if view["lang"] == "nl" else "Overview",
            icon="🎯", default=True, url_path="overzicht"),
]
nav = st.navigation(pages)
nav.run()
