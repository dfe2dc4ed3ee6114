"""Vergelijking: the city against the G32/G40 average and the six reference municipalities (or the
gemeenten most like it), with the uncertainty of every rank, per 1,000 inhabitants or per 1,000
inhabitants and visitors, and the context that explains why the city differs (ui/comparison.py)."""

import streamlit as st

from mik.plan.i18n import t
from mik.views.charts import build_peer_chart, build_peer_trend_chart
from ui import auth, comparison, data, elements, frame, source

auth.require("figures")
view, lang, path = frame.page_start("comparison")
year = view["year"]
c = comparison.controls(year, lang)
unit, visitors, refs = c["unit"], c["visitors"], c["refs"]

peers = data.peer_table(path, c["measure"], tuple(range(year - 4, year + 1)), visitors, refs, lang)
if peers.empty:  # no figures up to the chosen year: the newest there are, and say so
    years = data.peer_years(path, c["measure"])
    if not years:
        st.info(t("peer_none", lang))
        st.stop()
    peers = data.peer_table(path, c["measure"], tuple(range(years[-1] - 4, years[-1] + 1)), visitors, refs, lang)
    st.info(t("peer_other_year", lang, year=year, shown=years[-1]))
    if peers.empty:
        st.stop()
shown_year = year if (peers.year == year).any() else int(peers.year.max())
this_year = peers[peers.year == shown_year]
st.subheader(f"{c['name']} · {shown_year}")
if c["similar"] is not None:
    comparison.similar_note(c["similar"], lang)
group = source.get_config().peer_group("g32").name(lang)
comparison.rank_metric(this_year, view, group, lang)
left, right = st.columns(2)
with left:
    elements.chart(build_peer_chart, this_year, unit, lang)
with right:
    elements.chart(build_peer_trend_chart, peers[peers.kind == "gemeente"], unit, lang)
shown = this_year.assign(unit=c["peer_unit"]).sort_values("rank", na_position="last")
elements.table(shown, "vergelijking_table", "peers", lang)
st.caption(t("rank_range_note", lang, group=group))
if visitors:
    elements.visitors_note("gemeente", lang)
comparison.context_panel(shown_year, refs, lang)
