"""Vergelijking's parts: what to compare with and per what, the city's rank with its verdict, and
the context panel that says why the city differs (figures from mik.figures.comparisons via ui.data)."""

from __future__ import annotations

import streamlit as st

from mik.figures.comparisons import is_rate
from mik.plan.formatting import fmt_number
from mik.plan.i18n import t
from mik.views.tables import Column
from ui import data, elements, pickers, source, state


def controls(year: int, lang: str) -> dict:
    """Measure, comparison set (the plan's references or similar gemeenten) and denominator
    (per 1,000 inhabitants, and inhabitants and visitors once extra denominators are loaded)."""
    path, cfg = source.db_key(), source.get_config()
    c1, c2, c3 = st.columns([2, 1, 1])
    with c1:
        measure = pickers.measure_picker("vergelijking_measure", lang, data.peer_measures(path))
    unit, name = pickers.measure_label(measure, lang)
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
    with_visitors = is_rate(cfg, measure) and bool((series.level == "gemeente").any())
    modes = ["per_1000", "per_1000_visitors"] if with_visitors else ["per_1000"]
    mode = modes[0]
    if len(modes) > 1:
        with c3:
            mode = st.radio(
                t("unit", lang),
                modes,
                key="vergelijking_mode",
                index=state.index_of(modes, state.param("mode", "per_1000")),
                format_func=lambda m: t("per_1000_short" if m == "per_1000" else m, lang),
            )
    state.keep(set=against, mode=mode)
    visitors = mode == "per_1000_visitors"
    if visitors:
        unit = t("per_1000_visitors", lang).lower()
        inh = t("per_1000_inh", lang)
        name = name.replace(inh, unit) if inh in name else f"{name} · {unit}"
    return {
        "measure": measure,
        "unit": unit,
        "name": name,
        "peer_unit": cfg.indicator(measure).unit if measure in {i.id for i in cfg.indicators} else "per_1000",
        "visitors": visitors,
        "refs": tuple(similar.gemeente_code) if against == "similar" else None,
        "similar": similar if against == "similar" else None,
    }


def similar_note(similar, lang: str) -> None:
    features = ", ".join(t(f"feature_{f}", lang) for f in similar.features.iloc[0].split(", "))
    st.caption(t("similar_note", lang, features=features))


def rank_metric(this_year, view: dict, group: str, lang: str) -> None:
    """The city's rank as the range of places the intervals allow, and its verdict against the
    group's average."""
    city = this_year[this_year.is_city]
    if not len(city) or city["rank"].isna().iloc[0]:
        return
    row = city.iloc[0]
    st.metric(
        f"{t('rank', lang)} {view['area_name'] if view['level'] == 'gemeente' else ''}",
        f"{row.rank_range} / {int(this_year['rank'].notna().sum())}",
        t(f"vs_sentence_{row.vs_group.removeprefix('vs_')}", lang, group=group),
        delta_color="off",
        delta_arrow="off",
    )


def context_panel(year: int, refs: tuple[str, ...] | None, lang: str) -> None:
    """Why the city differs: visitors, students and commuters per 1,000 inhabitants against the
    gemeenten compared and the G32/G40 average, with a sentence; or how to load them."""
    path, cfg = source.db_key(), source.get_config()
    st.subheader(t("context_title", lang, city=cfg.gemeente_name))
    codes = (cfg.gemeente_code, *(refs if refs is not None else (c for c, _ in cfg.references)))
    context = data.peer_context(path, year, codes, lang)
    if context.visitors_per_1000.notna().sum() == 0:
        st.info(t("context_none", lang))
        return
    own = context[context.gemeente_code == cfg.gemeente_code]
    others = context[(context.kind == "gemeente") & (context.gemeente_code != cfg.gemeente_code)]
    if len(own) and own.visitors_per_1000.notna().iloc[0]:
        st.markdown(
            t(
                "context_sentence",
                lang,
                city=cfg.gemeente_name,
                visitors=fmt_number(float(own.visitors_per_1000.iloc[0]), 0, lang),
                low=fmt_number(others.visitors_per_1000.min(), 0, lang),
                high=fmt_number(others.visitors_per_1000.max(), 0, lang),
            )
        )
    configured = [d for d in cfg.denominators if context[f"{d.id}_per_1000"].notna().any()]
    columns = [
        Column("gemeente_name", "col_gemeente"),
        Column("population", "col_population", "count"),
        Column("visitors_per_1000", "col_visitors_per_1000", "decimal"),
        *(Column(f"{d.id}_per_1000", f"{d.name(lang)} {t('per_1000_inh', lang)}", "decimal", True) for d in configured),
    ]
    if context.density.notna().any():
        columns.append(Column("density", "col_density", "count"))
    elements.table(context, "vergelijking_context", tuple(columns[:7]), lang)
    st.caption(t("context_note", lang, year=year))
