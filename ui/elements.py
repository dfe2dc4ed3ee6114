"""How figures are drawn: charts from prepared specs, tables for people with their Excel download,
map legends and tables, the note on visitor rates, and the base map when reachable."""

from __future__ import annotations

import functools
import os
import pickle
from collections.abc import Callable

import pandas as pd
import streamlit as st

from mik.data import audit
from mik.figures.targets import STATUS_WORDS
from mik.output.exports import to_xlsx
from mik.plan.formatting import fmt_number
from mik.plan.i18n import t
from mik.views import tables
from mik.views.tables import Column
from ui import auth, data, source
from ui.cache import FigureCache


def basemap() -> str | None:
    """'carto' when a base map is wanted and reachable, else None (offline: no base map).

    ``MIK_BASEMAP=none`` (tests, closed networks) never probes; ``carto`` forces it; the default
    ``auto`` tries one short connection to the tile host, once per process.
    """
    choice = os.environ.get("MIK_BASEMAP", "auto").lower()
    if choice in ("none", "off", ""):
        return None
    if choice == "carto":
        return "carto"
    return "carto" if _tiles_reachable() else None


@st.cache_resource(show_spinner=False)
def _tiles_reachable() -> bool:
    import socket

    try:
        with socket.create_connection(("basemaps.cartocdn.com", 443), timeout=0.8):
            return True
    except OSError:
        return False


def action_status_keys(statuses: pd.Series) -> pd.Series:
    """The text keys of the plan's action statuses (gereed -> action_status_gereed), for a table's
    status column shown in the reader's language."""
    return statuses.map(lambda s: f"action_status_{s}" if isinstance(s, str) and s else None)


def how_computed(command: str, lang: str) -> None:
    """The command that reproduces the figures above, behind a 'Hoe berekend?' expander: traceable
    for the analyst, out of the text a policy advisor reads."""
    with st.expander(t("how_computed", lang)):
        st.caption(t("how_computed_text", lang))
        st.code(command, language="bash")


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


def chart(builder: Callable, *args) -> None:
    """Draw a chart of mik.views.charts from its Vega-Lite spec, prepared once per distinct input and
    shared by every session of this process. Building and validating an Altair chart, and turning
    its data into Arrow, costs 10-30 ms a chart with the GIL held, on every run of every user; a
    prepared spec costs well under 1 ms (README, Performance)."""
    key = (builder.__name__, *map(_arg_key, args))
    st.vega_lite_chart(_SPECS.lookup(key, lambda: _prepared(builder(*args))), width="stretch")


# The specs are a pure function of the figures passed in (builders in mik.views.charts never read
# anything else), so sharing them between sessions and roles shows nobody a figure that their
# own run did not compute.
_SPECS = FigureCache(ttl=float("inf"), max_entries=4096)


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
    """A table for people (mik.views.tables): named columns in the reader's language, numbers in
    its notation at their unit's precision, "–" for missing, rows in the order the page gives. The
    Excel download holds the same columns under the same labels, numbers as numbers (suppressed
    cells stay empty)."""
    cols = tables.TABLES[columns] if isinstance(columns, str) else columns
    df = df if isinstance(df, pd.DataFrame) else pd.DataFrame(df)
    frame = tables.present(df, cols, lang)
    if frame.empty:
        st.caption(t("table_empty", lang))
        return
    shown = tables.text_of(frame, cols, lang)
    if len(shown) <= LONG_TABLE and len(shown.columns) <= WIDE_TABLE:
        # a plain HTML table: the text on screen is the text a screen reader reads and a test sees
        st.table(shown, hide_index=True, border="horizontal")
    else:  # long or wide: a data grid that scrolls (by keyboard too), with search; the cells are the same text
        st.dataframe(shown, hide_index=True, width="stretch", key=key, height=height or "auto")
    status = source.data_status(source.db_key())
    note = t("demo_notice", lang) if status["synthetic"] else f"MIK · {t('stand_per', lang)} {status['stand']}"
    st.download_button(
        t("download_excel", lang),
        # made when clicked: writing a workbook on every run cost 20-60 ms a table (README, Performance)
        functools.partial(_workbook, df, cols, lang, key, note, _who()),
        file_name=f"mik-{key}.xlsx",
        key=f"{key}_xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


def _who() -> tuple[str, str, str]:
    """Database, user and role of this run, for an audit line written where no run is."""
    access = auth.current_access()
    return str(source.db_path()), access.user if access else "-", access.role if access else ""


def _workbook(df: pd.DataFrame, cols, lang: str, key: str, note: str, who: tuple[str, str, str]) -> bytes:
    """The Excel file of a table: numbers and dates as such, each shown as on screen. Streamlit makes
    it when the file is asked for, which a client can do without clicking: the audit line is written
    here, when the file is made (no line, no file)."""
    values, formats = tables.for_excel(df, cols, lang)
    content = to_xlsx(values, key, note, formats)
    db, user, role = who
    audit.record(db, user, role, "export", f"excel {key}")
    return content


def visitors_note(level: str, lang: str) -> None:
    """Which series make the 'visitors' of a rate per 1,000 inhabitants and visitors, and how."""
    cfg = source.get_config()
    series = data.denominator_series(source.db_key())
    names = [
        f"{d.name(lang)} (× {fmt_number(d.weight, 5, lang).rstrip('0').rstrip(',').rstrip('.')})"
        for d in cfg.denominators
        if d.id in set(series[series.level == level].series)
    ]
    st.caption(t("visitors_note", lang, series="; ".join(names)))
