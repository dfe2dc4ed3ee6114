"""Data en bronnen: what is loaded, for which periods and areas, from where; indicator lineage."""

import streamlit as st

from mik.i18n import t
from ui import data, state, widgets

view = state.page_view()
lang = view["lang"]
cfg = data.get_config()
path = data.db_key()
st.title(t("sources", lang))
status = data.data_status(path)
widgets.data_banner(status, lang)

st.subheader(t("loaded", lang))
widgets.table(data.lineage(path), "bronnen_lineage")
areas = data.areas(path)
st.caption(" · ".join(f"{level}: {n}" for level, n in areas.level.value_counts().sort_index().items()))
stand = f"{status['stand']:%d-%m-%Y}" if status["stand"] else "–"
st.caption(f"{t('population_reference', lang)}: {cfg.population_reference} · {t('stand_per', lang)} {stand}")

st.subheader(t("definitions", lang))
rows = [
    {
        "id": i.id,
        "thema": cfg.theme(i.theme).name(lang),
        "naam": i.name(lang),
        "bron": i.source,
        "eenheid": i.unit,
        "richting": i.direction,
        "definitie": i.definition_nl or i.question_nl,
        "categorieën": " + ".join(i.categories),
        "status": i.status,
    }
    for i in cfg.indicators
]
widgets.table(rows, "bronnen_definitions")
st.markdown("Queries: `docs/queries.md` · `python -m mik table --help`")
