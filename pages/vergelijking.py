"""Vergelijking: the city against the G32/G40 average and the six reference municipalities (or the
gemeenten most like it), with the uncertainty of every rank, per 1,000 inhabitants or per 1,000
inhabitants and visitors, and the context that explains why the city differs."""

import streamlit as st

from mik.charts import build_peer_chart, build_peer_trend_chart
from mik.formatting import fmt_number
from mik.i18n import t
from mik.presentation import Column
from ui import data, state, widgets

view, lang, path = widgets.page_start("comparison")
year = view["year"]
cfg = data.get_config()

c1, c2, c3 = st.columns([2, 1, 1])
with c1:
    measure = widgets.measure_picker("vergelijking_measure", lang, data.peer_measures(path))
unit, name = widgets.measure_label(measure, lang)
ids = {i.id for i in cfg.indicators}
peer_unit = cfg.indicator(measure).unit if measure in ids else "per_1000"
similar = data.similar_gemeenten(path, year)
sets = ["plan", "similar"] if len(similar) else ["plan"]
with c2:
    against = st.radio(
        t("compare_with", lang),
        sets,
        key="vergelijking_set",
        index=state.index_of(sets, state.param("set", "plan")),
        format_func=lambda s: t(f"compare_{s}", lang),
    )
series = data.denominator_series(path)
rate = peer_unit == "per_1000" and (measure not in ids or cfg.indicator(measure).source == "police")
city_has_visitors = ((series.level == "gemeente") & series.areas.gt(0)).any() if len(series) else False
modes = ["per_1000", "per_1000_visitors"] if rate and city_has_visitors else ["per_1000"]
with c3:
    mode = (
        st.radio(
            t("unit", lang),
            modes,
            key="vergelijking_mode",
            index=state.index_of(modes, state.param("mode", "per_1000")),
            format_func=lambda m: t("per_1000_short" if m == "per_1000" else m, lang),
        )
        if len(modes) > 1
        else modes[0]
    )
state.keep(set=against, mode=mode)
visitors = mode == "per_1000_visitors"
refs = tuple(similar.gemeente_code) if against == "similar" else None
if visitors:
    unit = t("per_1000_visitors", lang).lower()
    inh = t("per_1000_inh", lang)
    name = name.replace(inh, unit) if inh in name else f"{name} · {unit}"

peers = data.peer_table(path, measure, tuple(range(year - 4, year + 1)), visitors, refs)
if peers.empty:  # no figures up to the chosen year: the newest there are, and say so
    years = data.peer_years(path, measure)
    if not years:
        st.info(t("peer_none", lang))
        st.stop()
    peers = data.peer_table(path, measure, tuple(range(years[-1] - 4, years[-1] + 1)), visitors, refs)
    st.info(t("peer_other_year", lang, year=year, shown=years[-1]))
    if peers.empty:
        st.stop()
shown_year = year if (peers.year == year).any() else int(peers.year.max())
this_year = peers[peers.year == shown_year]
st.subheader(f"{name} · {shown_year}")
if against == "similar":
    st.caption(
        t(
            "similar_note",
            lang,
            features=", ".join(t(f"feature_{f}", lang) for f in similar.features.iloc[0].split(", ")),
        )
    )
city = this_year[this_year.is_city]
group = cfg.peer_group("g32").name(lang)
if len(city) and city["rank"].notna().iloc[0]:
    row = city.iloc[0]
    # a rank as the range of places the intervals allow, and the verdict against the group's average
    st.metric(
        f"{t('rank', lang)} {view['area_name'] if view['level'] == 'gemeente' else ''}",
        f"{row.rank_range} / {int(this_year['rank'].notna().sum())}",
        t(f"vs_sentence_{row.vs_group.removeprefix('vs_')}", lang, group=group),
        delta_color="off",
        delta_arrow="off",
    )
left, right = st.columns(2)
with left:
    widgets.chart(build_peer_chart, this_year, unit, lang)
with right:
    widgets.chart(build_peer_trend_chart, peers[peers.kind == "gemeente"], unit, lang)
widgets.table(
    this_year.assign(unit=peer_unit).sort_values("rank", na_position="last"), "vergelijking_table", "peers", lang
)
st.caption(t("rank_range_note", lang, group=group))
if visitors:
    widgets.visitors_note("gemeente", lang)

# --- context: why the city differs ----------------------------------------------------------------
st.subheader(t("context_title", lang, city=cfg.gemeente_name))
codes = (cfg.gemeente_code, *(refs if refs is not None else (c for c, _ in cfg.references)))
context = data.peer_context(path, shown_year, codes)
configured = [d for d in cfg.denominators if context[f"{d.id}_per_1000"].notna().any()]
if context.visitors_per_1000.notna().sum() == 0:
    st.info(t("context_none", lang))
else:
    own = context[context.gemeente_code == cfg.gemeente_code]
    others = context[(context.kind == "gemeente") & (context.gemeente_code != cfg.gemeente_code)]
    if len(own) and own.visitors_per_1000.notna().iloc[0]:
        v = float(own.visitors_per_1000.iloc[0])
        st.markdown(
            t(
                "context_sentence",
                lang,
                city=cfg.gemeente_name,
                visitors=fmt_number(v, 0, lang),
                low=fmt_number(others.visitors_per_1000.min(), 0, lang),
                high=fmt_number(others.visitors_per_1000.max(), 0, lang),
                pct=fmt_number(v / 10, 0, lang),
            )
        )
    columns = [
        Column("gemeente_name", "col_gemeente"),
        Column("population", "col_population", "count"),
        Column("visitors_per_1000", "col_visitors_per_1000", "decimal"),
        *(Column(f"{d.id}_per_1000", f"{d.name(lang)} {t('per_1000_inh', lang)}", "decimal", True) for d in configured),
    ]
    if context.density.notna().any():
        columns.append(Column("density", "col_density", "count"))
    widgets.table(context, "vergelijking_context", tuple(columns[:7]), lang)
    st.caption(t("context_note", lang, year=shown_year))
