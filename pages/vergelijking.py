"""Vergelijking: the city against the G32/G40 average and the six reference municipalities."""

import streamlit as st

from mik.charts import build_peer_chart, build_peer_trend_chart
from mik.i18n import t
from ui import data, widgets

view, lang, path = widgets.page_start("comparison")
year = view["year"]

measure = widgets.measure_picker("vergelijking_measure", lang, data.peer_measures(path))
unit, name = widgets.measure_label(measure, lang)
ids = {i.id for i in data.get_config().indicators}
peer_unit = data.get_config().indicator(measure).unit if measure in ids else "per_1000"
peers = data.peer_table(path, measure, tuple(range(year - 4, year + 1)))
if peers.empty:
    st.info(t("peer_none", lang))
    st.stop()
shown_year = year if (peers.year == year).any() else int(peers.year.max())
this_year = peers[peers.year == shown_year]
st.subheader(f"{name} · {shown_year}")
city = this_year[this_year.is_city]
if len(city):
    st.metric(
        f"{t('rank', lang)} {view['area_name'] if view['level'] == 'gemeente' else ''}",
        f"{int(city['rank'].iloc[0])} / {int(this_year['rank'].notna().sum())}",
    )
left, right = st.columns(2)
with left:
    widgets.chart(build_peer_chart, this_year, unit, lang)
with right:
    widgets.chart(build_peer_trend_chart, peers[peers.kind == "gemeente"], unit, lang)
widgets.table(
    this_year.assign(unit=peer_unit).sort_values("rank", na_position="last"), "vergelijking_table", "peers", lang
)
