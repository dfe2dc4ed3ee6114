"""Shared widgets: the sidebar, pickers, the demo banner, gauge cards, legends, presentation CSS."""

from __future__ import annotations

import datetime as dt
import functools
import pickle
from collections.abc import Callable

import pandas as pd
import streamlit as st

from mik import presentation, stats
from mik.charts import build_gauge_chart, build_sparkline
from mik.cli import level_of
from mik.config import Indicator, config_path
from mik.exports import to_xlsx
from mik.formatting import fmt_number, fmt_value
from mik.i18n import LANGS, t
from mik.periods import parse_period
from mik.presentation import Column
from mik.targets import STATUS_STYLE, STATUS_WORDS, ScoreRow, target_text
from ui import auth, data, state


def _areas():
    """The areas the role may see, in picker order, and their names."""
    return data.area_choices(data.db_key())


def _data_years(status: dict) -> list[int]:
    """The calendar years of the loaded police figures (none when nothing is loaded)."""
    return list(range(status["first"].year, status["stand"].year + 1)) if status["stand"] else []


def year_choices(status: dict, plan_years: tuple[int, ...]) -> tuple[list[int], int]:
    """The years to choose from: those of the loaded figures and the plan's, and the default (the
    newest year with figures, else the plan's last year)."""
    data_years = _data_years(status)
    years = sorted(set(data_years) | set(plan_years)) or [dt.date.today().year]
    return years, data_years[-1] if data_years else years[-1]


def check_installation(status: dict, lang: str) -> None:
    """Stop with a clear message when the database does not belong to the configured gemeente."""
    cfg = data.get_config()
    found = status["gemeenten"]
    if cfg.gemeente_code in found:
        return
    if not found:
        st.error(t("no_areas", lang, db=data.db_path(), name=cfg.gemeente_name))
    else:
        st.error(
            t(
                "db_mismatch",
                lang,
                config=config_path(),
                name=cfg.gemeente_name,
                code=cfg.gemeente_code,
                db=data.db_path(),
                found=", ".join(found[:5]) + (" …" if len(found) > 5 else ""),
            )
        )
    st.stop()


def url_view(years: list[int], default_year: int) -> dict:
    """The view from the URL alone (presentation mode has no sidebar)."""
    cfg = data.get_config()
    areas, names = _areas()
    lang = state.param("lang", "nl", LANGS)
    asked = state.param("year", str(default_year))
    year = int(asked) if asked.isdigit() and int(asked) in years else default_year
    area = state.param("area", cfg.gemeente_code, list(areas.code))
    return {"lang": lang, "year": year, "area": area, "level": level_of(area), "area_name": names.get(area, area)}


def sidebar(years: list[int], default_year: int) -> dict:
    """Language, year and area, kept in the URL so a link reproduces the view."""
    cfg = data.get_config()
    areas, names = _areas()
    with st.sidebar:
        lang = st.selectbox(
            "Taal / Language",
            LANGS,
            key="app_lang",
            index=state.index_of(LANGS, state.param("lang", "nl")),
            format_func=lambda x: {"nl": "Nederlands", "en": "English"}[x],
        )
        asked = state.param("year", str(default_year))
        year = st.selectbox(
            t("year", lang),
            years,
            key="app_year",
            index=years.index(int(asked) if asked.isdigit() and int(asked) in years else default_year),
        )
        codes = areas.code.tolist()
        area = st.selectbox(
            t("area", lang),
            codes,
            key="app_area",
            index=state.index_of(codes, state.param("area", cfg.gemeente_code)),
            format_func=lambda c: names.get(c, c) if c == cfg.gemeente_code else f"{names.get(c, c)} ({c})",
        )
    state.keep(lang=lang, year=year, area=area)
    return {"lang": lang, "year": year, "area": area, "level": level_of(area), "area_name": names.get(area, area)}


def page_start(title_key: str) -> tuple[dict, str, str]:
    """The view, language and database path of this run, with the page title and data banner."""
    view = state.page_view()
    lang, path = view["lang"], data.db_key()
    st.title(t(title_key, lang))
    data_banner(data.data_status(path), lang)
    return view, lang, path


def data_banner(status: dict, lang: str) -> None:
    """The 'stand per' date, and the demo notice when the data is synthetic."""
    if status["synthetic"]:
        st.warning(t("demo_notice", lang), icon=":material/warning:")
    name = data.get_config().gemeente_name
    if status["stand"] is not None:
        st.caption(f"{name} · {t('stand_per', lang)} {status['stand']:%d-%m-%Y}")
    else:
        st.caption(name)


def headline_strip(view: dict, lang: str) -> None:
    """Total registered crimes of the area in the newest period, per 1,000, and the change."""
    h = data.headline(data.db_key(), view["area"], view["level"])
    if h is None:
        st.info(t("headline_none", lang))
        return
    label = parse_period(h.period).label(lang)
    before = parse_period(h.previous_period).label(lang)
    # the area and period once, above the figures: labels short enough never to be cut off
    st.markdown(f"**{view['area_name']} · {label}**")
    c1, c2, c3 = st.columns(3)
    count = t("headline_hidden", lang) if h.suppressed else fmt_value(h.count, "count", lang)
    # the change with its test: coloured only when it is more than chance (see mik.stats)
    delta = (
        None
        if h.change_pct is None
        else f"{fmt_number(h.change_pct, 1, lang, signed=True)}% · {t(h.significance, lang)}"
    )
    significant = h.significance in (stats.RISE, stats.FALL)
    c1.metric(t("headline_total", lang), count, delta, delta_color="inverse" if significant else "off")
    c2.metric(t("per_1000_short", lang), fmt_value(h.rate, "rate", lang))
    c3.metric(t("headline_before", lang, period=before), fmt_value(h.previous_count, "count", lang))
    st.caption(
        t(
            "headline_source",
            lang,
            source=", ".join(h.sources) or "–",
            period=h.period,
            pyear=h.population_year or "–",
            nearest=t("nearest_year", lang) if h.population_nearest else "",
            query=h.query,
        )
    )
    for n, period in ((h.unreported, label), (h.previous_unreported, before)):
        if n:
            st.caption(t("headline_unreported", lang, n=n, period=period))


def years_apart(status: dict, year: int, lang: str) -> None:
    """One sentence when the loaded figures and the plan's years do not meet, with both on offer."""
    cfg = data.get_config()
    data_years = _data_years(status)
    if not data_years or not cfg.plan_years or set(data_years) & set(cfg.plan_years):
        return
    st.info(t("years_apart", lang, data=_span(data_years), plan=_span(list(cfg.plan_years))))
    c1, c2, _ = st.columns([1, 1, 3])
    for col, y, key in ((c1, data_years[-1], "show_data_year"), (c2, cfg.plan_years[-1], "show_plan_year")):
        col.button(
            t(key, lang, year=y),
            key=f"overzicht_{key}",
            disabled=y == year,
            on_click=_choose_year,
            args=(y,),
        )


def _span(years: list[int]) -> str:
    return str(years[0]) if len(years) == 1 else f"{years[0]}–{years[-1]}"


def _choose_year(y: int) -> None:
    st.session_state["app_year"] = y  # the sidebar's year (a callback runs before the widget; it writes the URL)


def status_badge(code: str, word: str) -> str:
    colour, icon = STATUS_STYLE[code]
    named = {"#009E73": "green", "#56B4E9": "blue", "#E69F00": "orange", "#D55E00": "red"}.get(colour, "gray")
    return f":{named}-background[{icon} {word}]"


def indicator_picker(
    key: str, lang: str, police_only: bool = False, theme: str | None = None, default: str | None = None
) -> Indicator:
    cfg = data.get_config()
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
    cfg = data.get_config()
    ids = {i.id for i in cfg.indicators}
    if measure in ids:
        ind = cfg.indicator(measure)
        unit = t("per_1000_inh", lang) if ind.unit == "per_1000" else {"percent": "%", "score": "1-10"}[ind.unit]
        return unit, ind.name(lang)
    cats = data.categories(data.db_key())
    names = dict(zip(cats.code, cats.name_en if lang == "en" else cats.name_nl, strict=True))
    return t("per_1000_inh", lang), f"{measure} {names.get(measure, '')} ({t('per_1000_inh', lang)})"


def period_picker(key: str, lang: str, level: str = "gemeente") -> str:
    choices = data.period_choices(data.db_key(), level)
    chosen = st.selectbox(
        t("period", lang),
        choices,
        key=key,
        index=state.index_of(choices, state.param("period", choices[0])),
        format_func=lambda p: f"{parse_period(p).label(lang)} ({p})",
    )
    state.keep(period=chosen)
    return chosen


def map_controls(lang: str) -> dict:
    """What to map, for which period, per 1,000 or absolute, at which level, with which classes.

    The options follow the role: levels it may see, and below gemeente level for restricted roles
    the plan's indicators and 0.0.0 only, over calendar years.
    """
    access = auth.current_access()
    path = data.db_key()
    c1, c2, c3, c4 = st.columns(4)
    with c4:
        levels = [lv for lv in ("buurt", "wijk") if access.may_see(lv)]
        level = st.radio(
            t("level", lang),
            levels,
            key="kaart_level",
            horizontal=True,
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
    if access.suppresses(level) and default and default[0] == "category":
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
            if access.suppresses(level):
                cats = cats[cats.code == "0.0.0"]
            codes = cats.code.tolist()
            names = dict(zip(cats.code, cats.name_en if lang == "en" else cats.name_nl, strict=True))
            category = st.selectbox(
                t("category", lang),
                codes,
                key="kaart_category",
                format_func=lambda c: f"{c} {names[c]}",
                index=state.index_of(
                    codes, state.param("category", default[1] if default and default[0] == "category" else "0.0.0")
                ),
            )
            indicator = None
    with c3:
        period = period_picker("kaart_period", lang, level)
        # per 1,000 inhabitants and visitors once an extra denominator is loaded for this level
        series = data.denominator_series(path)
        modes = (
            ["per_1000", "per_1000_visitors", "absolute"] if (series.level == level).any() else ["per_1000", "absolute"]
        )
        mode = st.radio(
            t("unit", lang),
            modes,
            key="kaart_mode",
            horizontal=True,
            index=state.index_of(modes, state.param("mode", "per_1000")),
            format_func=lambda m: t("per_1000_short" if m == "per_1000" else m, lang),
        )
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


def legend(items: list[tuple[str, str]]) -> None:
    """A legend as coloured squares with text (never colour alone)."""
    html = " ".join(
        f"<span style='display:inline-block;margin-right:14px'><span style='display:inline-block;width:14px;"
        f"height:14px;background:{c};border:1px solid #555;vertical-align:middle'></span> {label}</span>"
        for c, label in items
    )
    st.markdown(html, unsafe_allow_html=True)


def map_table(
    layer, key: str, lang: str, status_unit: str | None = None, top: int | None = None, note: str | None = None
) -> None:
    """The map's figures as a table, for a reader who cannot see the map (or wants the numbers):
    behind a keyboard-reachable expander, in the order of the map's areas by name; with ``top``,
    the ``top`` areas with the highest values, highest first (a map of hundreds of hexagons)."""
    frame = layer.frame.sort_values("name") if top is None else layer.frame.nlargest(top, "value", keep="first")
    frame = frame.assign(unit=status_unit or layer.unit)
    with st.expander(t("map_table", lang), icon=":material/table:"):
        if note:
            st.caption(note)
        if status_unit is None:
            table(frame, key, "map", lang)
        else:
            word = {k: v[1 if lang == "en" else 0] for k, v in STATUS_WORDS.items()}
            table(frame.assign(status_word=frame.status.map(word)), key, "status_map", lang)


def shown_value(row: ScoreRow, lang: str) -> tuple[str, str]:
    """The figure a card shows and what it is: the period's value, else the survey's latest
    measurement with its year, else "–"."""
    unit = "rate" if row.indicator.unit == "per_1000" else row.indicator.unit
    value, label = row.value.value, parse_period(row.value.period).label(lang)
    if value is None and row.latest_value is not None:
        value, label = row.latest_value, f"{t('latest_measurement', lang)} {row.latest_year}"
    return fmt_value(value, unit, lang), label


def gauge_card(row: ScoreRow, lang: str, history=None) -> None:
    """One indicator: name, value, target, status (colour, icon and word) and its reason."""
    ind = row.indicator
    unit_label = {"per_1000": t("per_1000_inh", lang), "percent": "%", "score": "1-10"}.get(ind.unit, "")
    with st.container(border=True):
        st.markdown(f"**{ind.name(lang)}**")
        figure, label = shown_value(row, lang)
        cols = st.columns([1, 1])
        cols[0].metric(f"{label} ({unit_label})", figure)
        threshold = target_text(data.get_config(), ind, row.target, row.threshold, lang)
        cols[1].metric(
            f"{t('target', lang)} {row.target.year if row.target else ''}",
            threshold.replace(" per 1.000", "").replace(" per 1,000", ""),
        )
        st.markdown(status_badge(row.status.code, row.status.word(lang)))
        if row.target is not None and (row.value.value is not None or row.status.projected is not None):
            chart(
                build_gauge_chart, row.value.value, row.threshold, ind.unit, row.status.code, lang, row.status.projected
            )
        st.caption(row.status.reason(lang))
        if row.value.population_nearest:
            st.caption(f"⚠ {t('nearest_population', lang)} ({row.value.population_year})")
        if history is not None and len(history) > 1:
            chart(build_sparkline, history, lang)


def chart(builder: Callable, *args) -> None:
    """Draw a chart of mik.charts from its Vega-Lite spec, prepared once per distinct input and
    shared by every session of this process. Building and validating an Altair chart, and turning
    its data into Arrow, costs 10-30 ms a chart with the GIL held, on every run of every user; a
    prepared spec costs well under 1 ms (README, Performance)."""
    key = (builder.__name__, *map(_arg_key, args))
    st.vega_lite_chart(_SPECS.lookup(key, lambda: _prepared(builder(*args))), width="stretch")


# The specs are a pure function of the figures passed in (builders in mik.charts never read
# anything else), so sharing them between sessions and roles shows nobody a figure that their
# own run did not compute.
_SPECS = data.FigureCache(ttl=float("inf"), max_entries=4096)


def _arg_key(arg) -> object:
    """A hashable stand-in for a builder argument (a frame by its columns, types and values)."""
    if isinstance(arg, pd.DataFrame):
        # pickled values: a missing value (NaN) equals itself there, not in a tuple of floats
        return ("frame", *((name, str(col.dtype), pickle.dumps(col.tolist())) for name, col in arg.items()))
    return arg


def _prepared(chart_obj) -> dict:
    """The chart's spec with its data already in Arrow, as Streamlit would convert it per run."""
    from streamlit.dataframe_util import convert_anything_to_arrow_bytes

    spec = chart_obj.to_dict()
    if "datasets" in spec:
        spec["datasets"] = {
            name: convert_anything_to_arrow_bytes(pd.DataFrame(rows)) for name, rows in spec["datasets"].items()
        }
    return spec


LONG_TABLE = 60  # rows; longer tables scroll in a data grid (with search), shorter ones are plain tables
WIDE_TABLE = 7  # columns; wider tables too (a plain table would overflow the column, unreachable by keyboard)


def table(df: pd.DataFrame, key: str, columns: tuple[Column, ...] | str, lang: str, height: int | None = None) -> None:
    """A table for people (mik.presentation): named columns in the reader's language, numbers in
    its notation at their unit's precision, "–" for missing, rows in the order the page gives. The
    Excel download holds the same columns under the same labels, numbers as numbers (suppressed
    cells stay empty)."""
    cols = presentation.TABLES[columns] if isinstance(columns, str) else columns
    frame = presentation.present(df if isinstance(df, pd.DataFrame) else pd.DataFrame(df), cols, lang)
    if frame.empty:
        st.caption(t("table_empty", lang))
        return
    shown = presentation.text_of(frame, cols, lang)
    if len(shown) <= LONG_TABLE and len(shown.columns) <= WIDE_TABLE:
        # a plain HTML table: the text on screen is the text a screen reader reads and a test sees
        st.table(shown, hide_index=True, border="horizontal")
    else:  # long or wide: a data grid that scrolls (by keyboard too), with search; the cells are the same text
        st.dataframe(shown, hide_index=True, width="stretch", key=key, height=height or "auto")
    status = data.data_status(data.db_key())
    note = t("demo_notice", lang) if status["synthetic"] else f"MIK · {t('stand_per', lang)} {status['stand']}"
    st.download_button(
        t("download_excel", lang),
        # made when clicked: writing a workbook on every run cost 20-60 ms a table (README, Performance)
        functools.partial(to_xlsx, frame, key, note),
        file_name=f"mik-{key}.xlsx",
        key=f"{key}_xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        on_click=auth.record_export,
        args=(f"excel {key}",),
    )


# WCAG 2.1 AA: Streamlit's faded caption grey (#828180) has a contrast of 3.9 on white; text needs 4.5
BASE_CSS = """
<style>
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] p,
[data-testid="stWidgetLabel"] p, [data-testid="stMetricLabel"] p, [data-testid="stMain"] code
{color: #55534f !important; opacity: 1 !important;}
/* tables wrap their text instead of scrolling sideways (a scrolling region must be reachable by keyboard) */
[data-testid="stTable"] th, [data-testid="stTable"] td, [data-testid="stTable"] th *, [data-testid="stTable"] td *
{white-space: normal !important; overflow-wrap: anywhere; word-break: break-word; min-width: 0 !important;}
[data-testid="stTable"] [data-testid="stMarkdownContainer"] {display: block !important;}
[data-testid="stTable"] table {width: 100%; table-layout: auto;}
/* a phone shows a figure on its first screen: the title, notices, then the map, then its controls */
@media (max-width: 640px) {
  [data-testid="stElementContainer"]:has(h1) {order: -3;}
  [data-testid="stElementContainer"]:has([data-testid="stAlert"]) {order: -2;}
  [data-testid="stElementContainer"]:has([data-testid="stDeckGlJsonChart"]) {order: -1;}
  h1 {font-size: 2rem !important; padding-top: 0.5rem !important;}
}
</style>
"""


def base_style() -> None:
    st.html(BASE_CSS)


PRESENTATION_CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], header[data-testid="stHeader"],
[data-testid="stToolbar"] {display: none !important;}
.block-container {padding-top: 1rem; max-width: 100%;}
[data-testid="stMetricValue"] {font-size: 3.2rem !important;}
[data-testid="stMetricLabel"] p {font-size: 1.3rem !important;}
.stMarkdown p, .stCaption p {font-size: 1.35rem !important;}
h1 {font-size: 3rem !important;} h2 {font-size: 2.4rem !important;} h3 {font-size: 1.8rem !important;}
.stButton button {min-height: 4.5rem; padding: 0.6rem 2rem;}
.stButton button p {font-size: 1.8rem !important; font-weight: 700;}
[data-testid="stMarkdownContainer"] li, .stAlert p {font-size: 1.35rem !important;}
</style>
"""


def presentation_style() -> None:
    st.markdown(PRESENTATION_CSS, unsafe_allow_html=True)


def signals_block(categories: tuple[str, ...] | None, lang: str, key: str) -> None:
    """Expected versus observed (mik.signals) for a month the reader picks (default the last
    complete one): the signals as a table, or a sentence saying there are none and why."""
    path = data.db_key()
    first = data.month_signals(path, None, categories, lang)
    if first is None or first.reason == "no_monthly":  # yearly figures only: no month to choose
        st.info(t("signals_no_monthly", lang))
        return
    months = data.report_months(path)[:12]
    month = st.selectbox(t("signals_month", lang), months, key=key, format_func=lambda m: parse_period(m).label(lang))
    # the default month is the one already tested above: no second computation
    same = first.month == dt.date.fromisoformat(month + "-01")
    res = first if same else data.month_signals(path, month, categories, lang)
    label = parse_period(month).label(lang)
    st.markdown(f"**{t('signals_title', lang, month=label)}**")
    if res is None or res.reason:
        st.info(t(f"signals_{res.reason if res else 'no_monthly'}", lang, month=label))
        return
    level = t(f"level_{res.level}", lang)
    if res.found.empty:
        st.success(t("signals_none", lang, month=label, level=level), icon=":material/check:")
    else:
        table(res.found, key, "signals", lang)
    query = f"python -m mik signals --month {month} --level {res.level}"
    st.caption(t("signals_method", lang, n=len(res.table), level=level, query=query))


def visitors_note(level: str, lang: str) -> None:
    """Which series make the 'visitors' of a rate per 1,000 inhabitants and visitors, and how."""
    cfg = data.get_config()
    series = data.denominator_series(data.db_key())
    names = [
        f"{d.name(lang)} (× {fmt_number(d.weight, 5, lang).rstrip('0').rstrip(',').rstrip('.')})"
        for d in cfg.denominators
        if d.id in set(series[series.level == level].series)
    ]
    st.caption(t("visitors_note", lang, series="; ".join(names)))
