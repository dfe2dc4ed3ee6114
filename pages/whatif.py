"""Wat als: change target thresholds and see at once how statuses change; never saved as the plan."""

import streamlit as st

from mik.charts import build_choropleth_deck
from mik.dashboard import status_counts
from mik.i18n import t
from mik.targets import STATUS_WORDS
from ui import data, scenario, widgets

view, lang, path = widgets.page_start("what_if")
year = view["year"]

overrides = scenario.editor(year, lang)
if overrides:
    st.error(t("scenario_banner", lang), icon=":material/science:")
result = data.what_if(path, year, tuple((i, year, c, v) for i, (c, v) in sorted(overrides.items())))
city = result[result.level == "gemeente"].copy()
word = {k: v[1 if lang == "en" else 0] for k, v in STATUS_WORDS.items()}
cfg = data.get_config()
city["plan"] = city.status_plan.map(word)
city["scenario"] = city.status_scenario.map(word)
city["name"] = [cfg.indicator(i).name(lang) for i in city.indicator]
city["unit"] = [cfg.indicator(i).unit for i in city.indicator]
widgets.table(city, "whatif_scorecard", "what_if", lang)

ind = widgets.indicator_picker("whatif_indicator", lang, police_only=True)
counts = status_counts(result, ind.id)
c1, c2 = st.columns(2)
c1.metric(
    t("buurten_red", lang), counts["red_scenario"], counts["red_scenario"] - counts["red_plan"], delta_color="inverse"
)
c2.metric(t("buurten_green", lang), counts["green_scenario"], counts["green_scenario"] - counts["green_plan"])
layer = data.status_map(path, year, ind.id, tuple((i, year, c, v) for i, (c, v) in sorted(overrides.items())), lang)
st.pydeck_chart(build_choropleth_deck(layer, data.basemap(), height=480), key="whatif_map", height=480)
widgets.legend(layer.legend)
widgets.map_table(layer, "whatif_table", lang, status_unit=ind.unit)
st.caption(t("share_link", lang))
