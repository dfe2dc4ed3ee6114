"""Pickers: indicator, peer measure, period and the map's controls, offered as the role may see them
and kept in the URL."""

from __future__ import annotations

import streamlit as st

from mik.plan.config import Indicator
from mik.plan.i18n import t
from mik.plan.periods import parse_period
from mik.privacy.access import map_levels, single_categories
from ui import auth, data, source, state


def indicator_picker(
    key: str, lang: str, police_only: bool = False, theme: str | None = None, default: str | None = None
) -> Indicator:
    cfg = source.get_config()
    options = [
        i
        for i in cfg.indicators
        if i.has_data_definition and (i.source == "police" or not police_only) and (theme is None or i.theme == theme)
    ]
    ids = [i.id for i in options]
    fallback = default if default in ids else ids[0]
    chosen = st.selectbox(
        t("indicator", lang),
        ids,
        key=key,
        format_func=lambda i: cfg.indicator(i).name(lang),
        index=state.index_of(ids, state.param("indicator", fallback, ids)),
    )
    state.keep(indicator=chosen)
    return cfg.indicator(chosen)


def measure_picker(key: str, lang: str, measures: list[str]) -> str:
    """An indicator or a category measure that has peer figures."""
    if not measures:
        st.info(t("peer_none", lang))
        st.stop()
    chosen = st.selectbox(
        t("indicator", lang),
        measures,
        key=key,
        format_func=lambda m: measure_label(m, lang)[1],
        index=state.index_of(measures, state.param("indicator", measures[0], measures)),
    )
    state.keep(indicator=chosen)
    return chosen


def measure_label(measure: str, lang: str) -> tuple[str, str]:
    """(unit label, name) of an indicator id or a category code."""
    cfg = source.get_config()
    ids = {i.id for i in cfg.indicators}
    if measure in ids:
        ind = cfg.indicator(measure)
        unit = t("per_1000_inh", lang) if ind.unit == "per_1000" else {"percent": "%", "score": "1-10"}[ind.unit]
        return unit, ind.name(lang)
    cats = data.categories(source.db_key())
    names = dict(zip(cats.code, cats.name_en if lang == "en" else cats.name_nl, strict=True))
    return t("per_1000_inh", lang), f"{names.get(measure, measure)} ({t('per_1000_inh', lang)})"


def period_picker(key: str, lang: str, level: str = "gemeente") -> str | None:
    """The period to show, or None (and a sentence why) when there is none for this role and level:
    no police figures loaded, or below the gemeente a restricted role sees whole years only and the
    figures cover no whole year yet."""
    choices = data.period_choices(source.db_key(), level)
    if not choices:
        status = source.data_status(source.db_key())
        if status["stand"] is None:
            st.info(t("no_police_figures", lang))
        else:
            st.info(t("no_whole_year", lang, first=f"{status['first']:%m-%Y}", stand=f"{status['stand']:%d-%m-%Y}"))
        return None
    chosen = st.selectbox(
        t("period", lang),
        choices,
        key=key,
        index=state.index_of(choices, state.param("period", choices[0])),
        format_func=lambda p: parse_period(p).label(lang),  # words, not the period's code
    )
    state.keep(period=chosen)
    return chosen


def map_controls(lang: str) -> dict | None:
    """What to map, for which period, per 1,000 or absolute, at which level, with which classes.

    The options follow the role: levels it may see, and below gemeente level for restricted roles
    the plan's indicators and 0.0.0 only, over calendar years.
    """
    access = auth.current_access()
    path = source.db_key()
    c1, c2, c3, c4 = st.columns(4)
    with c4:
        levels = map_levels(access)
        level = st.radio(
            t("level", lang),
            levels,
            key="kaart_level",
            horizontal=True,
            format_func=lambda lv: t(f"level_{lv}", lang),
            index=state.index_of(levels, state.param("level", levels[0])),
        )
        schemes = ["quantiles", "natural_breaks", "equal_interval"]
        scheme = st.selectbox(
            t("classes", lang),
            schemes,
            key="kaart_scheme",
            format_func=lambda s: t(s, lang),
            index=state.index_of(schemes, state.param("scheme", "quantiles")),
        )
    choices = data.period_choices(path, level)
    default = data.map_default(path, choices[0]) if choices else None
    if not single_categories(access, level) and default and default[0] == "category":
        default = ("category", "0.0.0")
    what = c1.radio(
        t("what", lang),
        ["indicator", "category"],
        key="kaart_what",
        horizontal=True,
        index=state.index_of(["indicator", "category"], state.param("what", default[0] if default else "indicator")),
        format_func=lambda w: t(w, lang),
    )
    with c2:
        if what == "indicator":
            first = default[1] if default and default[0] == "indicator" else "hic"
            indicator, category = indicator_picker("kaart_indicator", lang, default=first).id, None
        else:
            cats = data.categories(path)
            if not single_categories(access, level):
                cats = cats[cats.code == "0.0.0"]
            codes = cats.code.tolist()
            names = dict(zip(cats.code, cats.name_en if lang == "en" else cats.name_nl, strict=True))
            category = st.selectbox(
                t("category", lang),
                codes,
                key="kaart_category",
                format_func=lambda c: names[c],  # the name a reader knows; the code is in the tables' export
                index=state.index_of(
                    codes, state.param("category", default[1] if default and default[0] == "category" else "0.0.0")
                ),
            )
            indicator = None
    with c3:
        period = period_picker("kaart_period", lang, level)
        if period is None:
            return None
        # per 1,000 inhabitants and visitors once an extra denominator is loaded for this level
        series = data.denominator_series(path)
        modes = (
            ["per_1000", "per_1000_visitors", "absolute"] if (series.level == level).any() else ["per_1000", "absolute"]
        )
        populated = source.data_status(path)["population"]
        if not populated:  # without inhabitants only counts can be mapped: said under the map's controls
            modes = ["absolute"]
        mode = st.radio(
            t("unit", lang),
            modes,
            key="kaart_mode",
            horizontal=True,
            index=state.index_of(modes, state.param("mode", modes[0])),
            format_func=lambda m: t("per_1000_short" if m == "per_1000" else m, lang),
        )
        if not populated:
            st.caption(t("no_population_map", lang))
    state.keep(what=what, category=category, mode=mode, level=level, scheme=scheme)
    return {
        "indicator": indicator,
        "category": category,
        "period": period,
        "per_1000": mode != "absolute",
        "visitors": mode == "per_1000_visitors",
        "level": level,
        "scheme": scheme,
    }


def factsheet_area(key: str, lang: str) -> str:
    """A wijk or buurt the role may see, for a factsheet: wijken first, each buurt with its wijk."""
    df = data.area_choices(source.db_key())[0]
    df = df[df.level.isin(("wijk", "buurt"))]
    parents = dict(zip(df.code, df.name, strict=True))
    label = {
        r.code: f"{r.name} ({t(f'level_{r.level}', lang)}"
        + (f", {parents[r.parent_code]})" if r.level == "buurt" and r.parent_code in parents else ")")
        for r in df.itertuples()
    }
    return st.selectbox(t("factsheet_area", lang), list(label), key=key, format_func=label.get)
