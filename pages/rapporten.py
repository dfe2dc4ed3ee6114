"""Rapporten: the monthly driehoek deck and the quarterly council report, for the reader's role."""

import streamlit as st

from mik.plan.i18n import t
from mik.plan.periods import parse_period
from ui import auth, data, duiding, frame, pickers, source

access = auth.require("figures")
view, lang, path = frame.page_start("reports")
if source.data_status(path)["stand"] is None:  # a report of what: no police figures yet
    st.info(t("reports_no_data", lang))
    st.stop()

kind = st.radio(
    t("report_kind", lang),
    ["driehoek", "raad", *(["factsheet"] if auth.may("map") else [])],  # a factsheet: a wijk or buurt
    key="rapporten_kind",
    horizontal=True,
    format_func=lambda k: t(f"report_{k}", lang),
)
fmt = st.radio(
    t("format", lang), ["pdf", "pptx"] if kind == "driehoek" else ["pdf"], key="rapporten_format", horizontal=True
)
area = pickers.factsheet_area("rapporten_area", lang) if kind == "factsheet" else None
if kind in ("driehoek", "factsheet"):
    period = st.selectbox(
        t("period", lang),
        data.report_months(path),
        key="rapporten_month",
        format_func=lambda p: parse_period(p).label(lang),
    )
else:
    quarters = data.report_quarters(path)
    complete = data.last_complete_quarter(path)  # a running quarter is there, but not the default
    period = st.selectbox(
        t("period", lang),
        quarters,
        index=quarters.index(complete) if complete in quarters else 0,
        key="rapporten_quarter",
        format_func=lambda p: parse_period(p).label(lang),
    )
# the file made is for one report, period, format and role: another choice needs a new file
chosen = (kind, period, fmt, access, lang, area)
if st.button(t("make_report", lang), key="rapporten_make"):
    with st.spinner(t("making_report", lang)):
        content = data.report(path, kind, period, fmt, duiding.for_report(period), area)
        name = f"mik-{kind}-{area + '-' if area else ''}{period}.{fmt}"
        st.session_state["rapporten_file"] = (chosen, content, name)
    auth.record_export(" ".join(filter(None, (kind, area, period, fmt))))
made = st.session_state.get("rapporten_file")
if made and made[0] == chosen:
    st.download_button(f"{t('download', lang)} {made[2]}", made[1], file_name=made[2], key="rapporten_download")
elif made:
    st.caption(t("report_choice_changed", lang))
