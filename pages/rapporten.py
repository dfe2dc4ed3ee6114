"""Rapporten: the monthly driehoek deck and the quarterly council report, for the reader's role."""

import streamlit as st

from mik.plan.i18n import t
from mik.plan.periods import parse_period
from ui import auth, data, frame

auth.require("figures")
view, lang, path = frame.page_start("reports")

kind = st.radio(
    t("report_kind", lang),
    ["driehoek", "raad"],
    key="rapporten_kind",
    horizontal=True,
    format_func=lambda k: t(f"report_{k}", lang),
)
fmt = st.radio(
    t("format", lang), ["pdf", "pptx"] if kind == "driehoek" else ["pdf"], key="rapporten_format", horizontal=True
)
if kind == "driehoek":
    period = st.selectbox(
        t("period", lang),
        data.report_months(path),
        key="rapporten_month",
        format_func=lambda p: parse_period(p).label(lang),
    )
else:
    period = st.selectbox(
        t("period", lang),
        data.report_quarters(path),
        key="rapporten_quarter",
        format_func=lambda p: parse_period(p).label(lang),
    )
if st.button(t("make_report", lang), key="rapporten_make"):
    with st.spinner(t("making_report", lang)):
        st.session_state["rapporten_file"] = (data.report(path, kind, period, fmt), f"mik-{kind}-{period}.{fmt}")
    auth.record_export(f"{kind} {period} {fmt}")
if "rapporten_file" in st.session_state:
    content, name = st.session_state["rapporten_file"]
    st.download_button(f"{t('download', lang)} {name}", content, file_name=name, key="rapporten_download")
