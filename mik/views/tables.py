"""Tables for people: named columns in the reader's language, numbers at their unit's precision in
Dutch (or English) notation, "–" for a missing value. One place for every table the app shows and
every Excel file it writes, so no page shows ``gemeente_name``, ``None`` or ``5.6``.

A page describes its table as columns (:class:`Column`: which frame column, which label, which
kind of value); :func:`present` gives the labelled frame (numbers stay numbers, rounded to their
precision: what Excel receives), :func:`cell` the text of one value (what the screen shows).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from mik.plan.formatting import UNIT_DECIMALS, UNIT_SUFFIX, fmt_number, fmt_value
from mik.plan.i18n import t

MISSING = "–"

# kind -> decimals on screen (None: not a number)
KINDS: dict[str, int | None] = {
    "text": None,
    "count": 0,  # whole numbers: registrations, inhabitants, rows
    "rate": 1,  # per 1,000 inhabitants
    "percent": 1,  # a share, shown with %
    "score": 1,  # a survey mark (1-10)
    "change": 0,  # a signed difference of counts
    "change_pct": 1,  # a signed percentage change
    "decimal": 1,
    "index": 0,  # an index against the city (city = 100)
    "date": None,
    "datetime": None,
    "bool": None,
    "label": None,  # a text key of mik.plan.i18n (e.g. a significance label), shown in the reader's language
    "pvalue": 3,  # a p- or q-value: "< 0,001" below that
}


@dataclass(frozen=True)
class Column:
    """One column of a table for people. ``key`` is the frame's column; ``label`` a text key of
    :mod:`mik.plan.i18n` (or the text itself, ``literal``); ``kind`` one of :data:`KINDS`, or
    ``unit:<column>`` for values whose unit is given per row in another column (per_1000,
    percent, score, count)."""

    key: str
    label: str
    kind: str = "text"
    literal: bool = False  # the label is the text itself (a value from the data, e.g. a status)

    def title(self, lang: str) -> str:
        return self.label if self.literal else t(self.label, lang)

    def __post_init__(self):
        if self.kind not in KINDS and not self.kind.startswith("unit:"):
            raise ValueError(f"column {self.key}: unknown kind {self.kind!r}")


def _missing(value) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    try:
        return bool(isinstance(value, float) and math.isnan(value)) or bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def cell(value, kind: str, lang: str = "nl") -> str:
    """The text of one value: ``cell(5.64, 'rate')`` -> ``'5,6'``, ``cell(None, 'text')`` -> ``'–'``."""
    if _missing(value):
        return MISSING
    if kind == "text":
        text = str(value).strip()
        return text if text and text.lower() not in ("none", "nan", "nat") else MISSING
    if kind == "bool":
        return t("yes" if value else "no", lang)
    if kind == "label":
        return t(str(value), lang)
    if kind == "pvalue":
        return "< " + fmt_number(0.001, 3, lang) if float(value) < 0.001 else fmt_number(float(value), 3, lang)
    if kind == "date":
        return f"{pd.Timestamp(value):%d-%m-%Y}"
    if kind == "datetime":
        return f"{pd.Timestamp(value):%d-%m-%Y %H:%M}"
    if kind == "percent":
        return fmt_value(float(value), "percent", lang)
    if kind == "change":
        return fmt_number(float(value), 0, lang, signed=True)
    if kind == "change_pct":
        return fmt_number(float(value), 1, lang, signed=True) + "%"
    return fmt_number(float(value), KINDS[kind], lang)


def _unit_cell(value, unit: str, lang: str) -> str:
    if unit == "per_1000":
        return cell(value, "rate", lang)
    if unit in UNIT_DECIMALS:
        return fmt_value(value, unit, lang) if not _missing(value) else MISSING
    return cell(value, "decimal", lang)


def present(df: pd.DataFrame, columns: tuple[Column, ...] | list[Column], lang: str = "nl") -> pd.DataFrame:
    """The table as people read it: only ``columns``, in their order, under their labels; numbers
    rounded to their kind's precision (counts as whole numbers), texts without "None"; values with
    a unit per row as text. Missing values stay missing (empty in Excel, "–" on screen)."""
    absent = [c.key for c in columns if c.key not in df.columns]
    if absent:
        raise KeyError(f"table has no column {', '.join(absent)} (has {', '.join(map(str, df.columns))})")
    labels = [c.title(lang) for c in columns]
    if len(set(labels)) != len(labels):
        raise ValueError(f"two columns share a label: {labels}")
    df = df.reset_index(drop=True)  # the rows in their order, whatever the frame's index was
    out = {}
    for col, label in zip(columns, labels, strict=True):
        series = df[col.key]
        if col.kind.startswith("unit:"):
            units = df[col.kind.removeprefix("unit:")]
            out[label] = [_unit_cell(v, u, lang) for v, u in zip(series, units, strict=True)]
        elif col.kind == "text":
            out[label] = [None if cell(v, "text") == MISSING else str(v) for v in series]
        elif col.kind == "bool":
            out[label] = [None if _missing(v) else t("yes" if v else "no", lang) for v in series]
        elif col.kind == "label":
            out[label] = [None if _missing(v) else t(str(v), lang) for v in series]
        elif col.kind in ("date", "datetime"):
            out[label] = pd.to_datetime(series, errors="coerce")
        else:
            # float even for counts: a nullable integer column reaches the browser as all-missing
            out[label] = pd.to_numeric(series, errors="coerce").astype("float64").round(KINDS[col.kind])
    return pd.DataFrame(out, index=range(len(df)))


# Excel number formats per kind (codes are locale-free: Dutch Excel shows 0.054 under "0.0%" as 5,4%)
EXCEL_FORMATS = {
    "count": "#,##0",
    "rate": "#,##0.0",
    "percent": "0.0%",
    "score": "0.0",
    "change": "+#,##0;-#,##0;0",
    "change_pct": "+0.0%;-0.0%;0.0%",
    "decimal": "#,##0.0",
    "date": "dd-mm-yyyy",
    "datetime": "dd-mm-yyyy hh:mm",
}
_UNIT_KIND = {"per_1000": "rate", "percent": "percent", "score": "score", "count": "count", "rate": "rate"}


def for_excel(
    df: pd.DataFrame, columns: tuple[Column, ...] | list[Column], lang: str = "nl"
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The table as a spreadsheet receives it: the labels of :func:`present`, numbers as numbers at
    full precision (a percentage as a share: 5,4% is 0.054), dates as dates, missing values empty;
    with, cell by cell, the number format that shows each value as the screen does (a share as a
    percentage, a rate per 1,000 with its unit, a p-value below 0,001 as "< 0,001")."""
    shown = present(df, columns, lang)
    df = df.reset_index(drop=True)
    values, formats = {}, {}
    below = "< " + fmt_number(0.001, 3, lang)
    for col, label in zip(columns, shown.columns, strict=True):
        series = df[col.key]
        if col.kind.startswith("unit:"):
            units = df[col.kind.removeprefix("unit:")]
            numbers = pd.to_numeric(series, errors="coerce").astype("float64")
            values[label] = [
                None if _missing(v) else (v / 100 if u == "percent" else v) for v, u in zip(numbers, units, strict=True)
            ]
            formats[label] = [_unit_format(u, lang) for u in units]
        elif col.kind in ("date", "datetime"):
            stamps = pd.to_datetime(series, errors="coerce")
            values[label] = [None if _missing(v) else v.to_pydatetime() for v in stamps]
            formats[label] = [EXCEL_FORMATS[col.kind]] * len(df)
        elif col.kind == "pvalue":
            values[label] = [None if _missing(v) else float(v) for v in pd.to_numeric(series, errors="coerce")]
            formats[label] = [f'[<0.001]"{below}";0.000'] * len(df)
        elif col.kind in EXCEL_FORMATS:
            numbers = pd.to_numeric(series, errors="coerce").astype("float64")
            if col.kind in ("percent", "change_pct"):
                numbers = numbers / 100
            values[label] = [None if _missing(v) else float(v) for v in numbers]
            formats[label] = [EXCEL_FORMATS[col.kind]] * len(df)
        else:  # text, labels, yes/no: as on screen, empty when missing
            values[label] = list(shown[label])
            formats[label] = [None] * len(df)
    index = range(len(df))
    return pd.DataFrame(values, index=index, dtype=object), pd.DataFrame(formats, index=index, dtype=object)


def _unit_format(unit, lang: str) -> str | None:
    kind = _UNIT_KIND.get(unit)
    if kind is None:
        return EXCEL_FORMATS["decimal"]
    suffix = UNIT_SUFFIX[lang if lang in UNIT_SUFFIX else "nl"][unit].replace('"', "")
    return EXCEL_FORMATS[kind] + (f'"{suffix}"' if suffix and kind != "percent" else "")


def formatters(columns: tuple[Column, ...] | list[Column], lang: str = "nl") -> dict:
    """Per label, the function that turns a value of :func:`present`'s frame into its text."""
    out = {}
    for col in columns:
        kind = "text" if col.kind.startswith("unit:") or col.kind in ("bool", "label") else col.kind
        out[col.title(lang)] = lambda v, kind=kind: cell(v, kind, lang)
    return out


def as_text(df: pd.DataFrame, columns: tuple[Column, ...] | list[Column], lang: str = "nl") -> pd.DataFrame:
    """Every cell as the text on screen: what the app shows and a screen reader reads."""
    return text_of(present(df, columns, lang), columns, lang)


def text_of(shown: pd.DataFrame, columns: tuple[Column, ...] | list[Column], lang: str = "nl") -> pd.DataFrame:
    """:func:`present`'s frame with every cell turned into its text."""
    fmt = formatters(columns, lang)
    return pd.DataFrame({label: [fmt[label](v) for v in shown[label]] for label in shown.columns}, dtype=object)


def _cols(*spec: tuple[str, str] | tuple[str, str, str]) -> tuple[Column, ...]:
    return tuple(Column(*s) for s in spec)


# Every table the app shows. A page fills names (themes, indicators, status words) into the frame
# first; these say which columns a reader gets, in which order, under which label, in which format.
TABLES: dict[str, tuple[Column, ...]] = {
    "lineage": _cols(
        ("loaded_at", "col_loaded_at", "datetime"),
        ("table", "col_table"),
        ("source", "col_source"),
        ("file_name", "col_file"),
        ("source_table", "col_source_table"),
        ("period_start", "col_period_start", "date"),
        ("period_end", "col_period_end", "date"),
        ("rows", "col_rows", "count"),
        ("synthetic", "col_synthetic", "bool"),
        ("checksum", "col_checksum"),
        ("note", "col_note"),
    ),
    "definitions": _cols(
        ("theme", "col_theme"),
        ("name", "col_indicator"),
        ("source", "col_source"),
        ("unit", "col_unit"),
        ("direction", "col_direction"),
        ("definition", "col_definition"),
        ("categories", "col_categories"),
        ("status", "col_status"),
        ("id", "col_code"),
    ),
    "theme_actions": _cols(
        ("item", "col_item"),
        ("description", "col_description"),
        ("term", "col_term"),
        ("lead", "col_lead"),
        ("status", "col_status", "label"),
    ),
    "actions": _cols(
        ("id", "col_nr"),
        ("theme", "col_theme"),
        ("item", "col_item"),
        ("description", "col_description"),
        ("term", "col_term"),
        ("parties", "col_parties"),
        ("lead", "col_lead"),
        ("status", "col_status", "label"),
        ("status_date", "col_status_date", "date"),
    ),
    "audit": _cols(
        ("logged_at", "col_logged_at", "datetime"),
        ("user_name", "col_user"),
        ("role", "col_role"),
        ("action", "col_action", "label"),
        ("detail", "col_detail"),
    ),
    "throttled": _cols(
        ("minute", "col_minute"),
        ("user_name", "col_user"),
        ("client", "col_client"),
        ("count", "col_refused", "count"),
    ),
    "breakdown": _cols(
        ("name", "col_category"),
        ("count", "col_count", "count"),
        ("last_year", "col_count_last_year", "count"),
        ("change_pct", "col_change_pct", "change_pct"),
        ("significance", "col_significance", "label"),
        ("category_code", "col_code"),
    ),
    "changes": _cols(
        ("name", "col_area"),
        ("category", "col_category"),
        ("count", "col_count", "count"),
        ("count_last_year", "col_count_last_year", "count"),
        ("change_pct", "col_change_pct", "change_pct"),
        ("significance", "col_significance", "label"),
        ("q", "col_qvalue", "pvalue"),
    ),
    "breakdown_city": _cols(
        ("category", "col_category"),
        ("count", "col_count", "count"),
        ("count_last_year", "col_count_last_year", "count"),
        ("change_pct", "col_change_pct", "change_pct"),
        ("significance", "col_significance", "label"),
        ("q", "col_qvalue", "pvalue"),
    ),
    "streets": _cols(
        ("street", "col_street"),
        ("buurt", "col_buurt"),
        ("count", "col_count", "count"),
        ("share", "col_share", "percent"),
    ),
    "perception": _cols(  # seven columns: a plain table a screen reader reads (the contradictions: in words)
        ("name", "col_area"),
        ("obj_index", "col_obj_index", "index"),
        ("obj_interval", "col_obj_interval"),
        ("objective", "col_objective", "label"),
        ("subj_index", "col_subj_index", "index"),
        ("subj_interval", "col_subj_interval"),
        ("subjective", "col_subjective", "label"),
    ),
    "signals": _cols(
        ("name", "col_area"),
        ("category", "col_category"),
        ("observed", "col_observed", "count"),
        ("expected", "col_expected", "decimal"),
        ("limit", "col_limit", "count"),
        ("q", "col_qvalue", "pvalue"),
    ),
    "peers": _cols(
        ("rank_range", "col_rank"),
        ("gemeente_name", "col_gemeente"),
        ("value", "col_value", "unit:unit"),
        ("lower", "col_lower", "unit:unit"),
        ("upper", "col_upper", "unit:unit"),
        ("vs_group", "col_vs_group", "label"),
        ("members_with_data", "col_members", "count"),
    ),
    "what_if": _cols(
        ("name", "col_indicator"),
        ("value", "col_value", "unit:unit"),
        ("threshold_plan", "col_threshold_plan", "unit:unit"),
        ("plan", "col_status_plan"),
        ("threshold_scenario", "col_threshold_scenario", "unit:unit"),
        ("scenario", "col_status_scenario"),
        ("changed", "col_changed", "bool"),
    ),
    "map": _cols(
        ("name", "col_area"),
        ("value", "col_value", "unit:unit"),
        ("legend", "col_class"),
        ("count", "col_count", "count"),
        ("code", "col_code"),
    ),
    "status_map": _cols(
        ("name", "col_area"),
        ("value", "col_value", "unit:unit"),
        ("projected", "col_projected", "unit:unit"),
        ("status_word", "col_status"),
        ("code", "col_code"),
    ),
}
