"""Wat als: change target thresholds and see at once how statuses change; never saved as the plan."""

import streamlit as st

from mik.figures.targets import STATUS_WORDS
from mik.figures.whatif import status_counts
from mik.plan.i18n import t
from mik.privacy.access import map_level
from mik.views.charts import build_choropleth_deck
from ui import auth, data, elements, frame, pickers, plan, scenario, source

access = auth.require("figures")
view, lang, path = frame.page_start("what_if")
year = view["year"]

current = plan.seen()
plan.message()
cfg = source.get_config()
if not scenario.numeric_targets(year):  # nothing to change: a basic monitor, or a year without thresholds
    st.info(t("whatif_no_targets", lang, year=year, years=", ".join(map(str, cfg.plan_years)) or "–"))
    st.stop()
overrides = scenario.editor(year, lang)
if overrides:
    st.error(t("scenario_banner", lang), icon=":material/science:")
    if auth.may("plan"):
        scenario.make_plan(access, year, overrides, lang)
plan.remember(current)
result = data.what_if(path, year, tuple((i, year, c, v) for i, (c, v) in sorted(overrides.items())))
city = result[result.level == "gemeente"].copy()
word = {k: v[1 if lang == "en" else 0] for k, v in STATUS_WORDS.items()}
city["plan"] = city.status_plan.map(word)
city["scenario"] = city.status_scenario.map(word)
city["name"] = [cfg.indicator(i).name(lang) for i in city.indicator]
city["unit"] = [cfg.indicator(i).unit for i in city.indicator]
elements.table(city, "whatif_scorecard", "what_if", lang)

level = map_level(access)
if level is None:  # a city-level role: the scorecard is what it may see
    st.caption(t("share_link", lang))
    st.stop()
ind = pickers.indicator_picker("whatif_indicator", lang, police_only=True)
counts = status_counts(result, ind.id, level)
c1, c2 = st.columns(2)
areas = "buurten" if level == "buurt" else "wijken"
red, green = counts["red_scenario"], counts["green_scenario"]
c1.metric(t(f"{areas}_red", lang), red, red - counts["red_plan"], delta_color="inverse")
c2.metric(t(f"{areas}_green", lang), green, green - counts["green_plan"])
scenario_key = tuple((i, year, c, v) for i, (c, v) in sorted(overrides.items()))
layer = data.status_map(path, year, ind.id, scenario_key, lang)
st.pydeck_chart(build_choropleth_deck(layer, elements.basemap(), height=480), key="whatif_map", height=480)
elements.legend(layer.legend)
elements.map_table(layer, "whatif_table", lang, status_unit=ind.unit)
st.caption(t("share_link", lang))
