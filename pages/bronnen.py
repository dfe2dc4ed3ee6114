"""Data en bronnen: what is loaded, for which periods and areas, from where; indicator lineage."""

import streamlit as st

from mik.plan.i18n import TEXTS, t
from ui import auth, data, elements, frame, source, state

auth.require("figures")
view = state.page_view()
lang = view["lang"]
cfg = source.get_config()
path = source.db_key()
st.title(t("sources", lang))
status = source.data_status(path)
frame.data_banner(status, lang)

st.subheader(t("loaded", lang))
lineage = data.lineage(path)
lineage["table"] = [t(f"table_{k}", lang) if f"table_{k}" in TEXTS else k for k in lineage.kind]
elements.table(lineage, "bronnen_lineage", "lineage", lang)
areas = data.areas(path)
st.caption(" · ".join(f"{t(f'level_{lv}', lang)}: {n}" for lv, n in areas.level.value_counts().sort_index().items()))
stand = f"{status['stand']:%d-%m-%Y}" if status["stand"] else "–"
st.caption(f"{t('population_reference', lang)}: {cfg.population_reference} · {t('stand_per', lang)} {stand}")

st.subheader(t("definitions", lang))
rows = [
    {
        "id": i.id,
        "theme": cfg.theme(i.theme).name(lang),
        "name": i.name(lang),
        "source": t(f"source_{i.source}", lang),
        "unit": t(f"unit_{i.unit}", lang),
        "direction": t(f"direction_{i.direction}", lang),
        "definition": i.definition_nl or i.question_nl,
        "categories": " + ".join(i.categories),
        "status": t(f"indicator_status_{i.status}", lang),
    }
    for i in cfg.indicators
]
elements.table(rows, "bronnen_definitions", "definitions", lang)
st.markdown("Queries: `docs/queries.md` · `python -m mik table --help`")
