"""The presentation layer of tables: labels, Dutch notation at the unit's precision, "–" for missing."""

import math

import pandas as pd
import pytest

from mik.plan.formatting import parse_number
from mik.plan.i18n import TEXTS
from mik.views.tables import MISSING, TABLES, Column, as_text, cell, present


def test_cells_in_dutch_and_english():
    assert cell(1234.56, "rate") == "1.234,6"
    assert cell(1234.56, "rate", "en") == "1,234.6"
    assert cell(6.8, "percent") == "6,8%"
    assert cell(26958.0, "count") == "26.958"
    assert cell(74.545455, "change_pct") == "+74,5%"
    assert cell(-30, "change") == "-30"
    assert cell(pd.Timestamp("2016-10-14 07:00"), "datetime") == "14-10-2016 07:00"
    assert cell(pd.Timestamp("2016-10-14"), "date") == "14-10-2016"
    assert cell(True, "bool") == "ja" and cell(False, "bool", "en") == "no"


@pytest.mark.parametrize("missing", [None, float("nan"), pd.NA, pd.NaT, "None", "nan", ""])
def test_missing_is_a_dash_never_none(missing):
    kind = "text" if isinstance(missing, str) else "rate"
    assert cell(missing, kind) == MISSING


def test_present_labels_orders_and_rounds():
    raw = pd.DataFrame(
        {
            "change_pct": [74.545455, None],
            "name": ["Uilenhof", None],
            "category": ["Fietsdiefstal", "Inbraak"],
            "count": [96, 187],
            "count_last_year": [55.0, float("nan")],
            "significance": ["sig_rise", "sig_untested"],
            "q": [0.00042, None],
            "extra": ["x", "y"],
        }
    )
    shown = present(raw, TABLES["changes"])
    assert list(shown.columns) == [
        "Gebied",
        "Categorie",
        "Aantal",
        "Aantal jaar eerder",
        "Verandering",
        "Toets",
        "q-waarde",
    ]
    assert shown["Verandering"].iloc[0] == 74.5  # rounded to the unit's precision, still a number
    assert pd.isna(shown["Gebied"].iloc[1]) and math.isnan(shown["Aantal jaar eerder"].iloc[1])
    text = as_text(raw, TABLES["changes"])
    assert text.iloc[0].tolist() == [
        "Uilenhof",
        "Fietsdiefstal",
        "96",
        "55",
        "+74,5%",
        "significante stijging",
        "< 0,001",
    ]
    assert text.iloc[1].tolist() == [MISSING, "Inbraak", "187", MISSING, MISSING, "niet te toetsen", MISSING]
    english = as_text(raw, TABLES["changes"], "en")
    assert list(english.columns) == ["Area", "Category", "Count", "Count a year before", "Change", "Test", "q-value"]
    assert english.iloc[0, 5] == "significant rise"


def test_rows_keep_their_order_whatever_the_index():
    raw = pd.DataFrame({"name": ["b", "a", "c"], "count": [3, 1, 2]}, index=[7, 0, 2])
    shown = present(raw, (Column("name", "col_area"), Column("count", "col_count", "count")))
    assert shown["Gebied"].tolist() == ["b", "a", "c"] and shown["Aantal"].tolist() == [3, 1, 2]


def test_values_with_a_unit_per_row():
    raw = pd.DataFrame(
        {"name": ["a", "b", "c"], "value": [5.64, 31.234, 6.84], "unit": ["per_1000", "percent", "score"]}
    )
    columns = (Column("name", "col_indicator"), Column("value", "col_value", "unit:unit"))
    assert as_text(raw, columns)["Waarde"].tolist() == ["5,6", "31,2%", "6,8"]


def test_a_missing_column_or_a_double_label_is_refused():
    with pytest.raises(KeyError, match="no column rank"):
        present(pd.DataFrame({"value": [1]}), TABLES["peers"])
    with pytest.raises(ValueError, match="share a label"):
        present(pd.DataFrame({"a": [1], "b": [2]}), (Column("a", "col_count"), Column("b", "col_count")))
    with pytest.raises(ValueError, match="unknown kind"):
        Column("a", "col_count", "money")


def test_every_table_column_has_a_label_in_both_languages():
    for name, columns in TABLES.items():
        for col in columns:
            assert col.label in TEXTS, f"{name}.{col.key}: no text {col.label}"
            nl, en = TEXTS[col.label]
            assert nl and en and "_" not in nl, f"{name}.{col.key}: {nl!r}"


@pytest.mark.parametrize(
    ("text", "lang", "value"),
    [
        ("3,5", "nl", 3.5),
        ("3.5", "nl", 3.5),
        ("1.234,5", "nl", 1234.5),
        (" 7 ", "nl", 7.0),
        ("7.000", "nl", 7000.0),  # a Dutch thousands point, as fmt_number writes it
        ("1.250.000", "nl", 1250000.0),
        ("3.50", "nl", 3.5),
        ("1,234.5", "en", 1234.5),
    ],
)
def test_numbers_as_people_type_them(text, lang, value):
    assert parse_number(text, lang) == value


@pytest.mark.parametrize("text", ["", "drie", "3,5,5", "nan", "inf"])
def test_what_is_not_a_number_is_refused_with_the_text(text):
    with pytest.raises(ValueError, match="geen getal"):
        parse_number(text)
