"""Charts read in the reader's language: Dutch month names and number notation, drawn by Vega
itself (vl-convert renders the same spec the browser gets), and map legends of counts in whole
numbers."""

from __future__ import annotations

import re

import pandas as pd
import pytest
import vl_convert as vlc

from mik.views import charts
from mik.views.maps import class_label


def _trend() -> pd.DataFrame:
    months = pd.date_range("2015-01-01", "2016-09-01", freq="MS")
    n = len(months)
    return pd.DataFrame(
        {
            "month": months,
            "rolling_rate": [44.0 + i * 0.05 for i in range(n)],
            "target": [46.0] * n,
            "count": [1234 + i for i in range(n)],
            "last_year": [1200.0] * n,
            "complete": [True] * n,
        }
    )


def _svg_text(chart) -> str:
    svg = vlc.vegalite_to_svg(chart.to_json())
    return " ".join(re.findall(r">([^<>]+)</text>", svg))


def test_a_dutch_trend_names_its_months_in_dutch_and_writes_thousands_with_a_dot():
    text = _svg_text(charts.build_trend_chart(_trend(), "per 1.000 inwoners", "nl"))
    assert re.search(r"\b(mei|juli|oktober|april|mrt|okt)\b", text), text  # Dutch names (or abbreviations)
    assert not re.search(r"\b(May|July|October|April|Mar|Oct)\b", text), text
    assert "1.200" in text or "1.250" in text or "1.000" in text, text  # the count axis
    assert not re.search(r"\b1,[0-9]{3}\b", text), text


def test_an_english_trend_stays_english():
    text = _svg_text(charts.build_trend_chart(_trend(), "per 1,000 inhabitants", "en"))
    assert re.search(r"\b(May|July|October|April|Mar|Oct)\b", text), text
    assert not re.search(r"\b(mei|oktober|mrt|okt)\b", text), text


def test_a_dutch_rate_axis_has_a_decimal_comma():
    peers = pd.DataFrame(
        {
            "kind": ["gemeente", "gemeente", "gemiddelde"],
            "gemeente_name": ["Stad A", "Stad B", "G32"],
            "value": [0.25, 0.75, 0.6],
            "is_city": [True, False, False],
            "rank": [1, 2, None],
        }
    )
    text = _svg_text(charts.build_peer_chart(peers, "%", "nl"))
    assert re.search(r"\b0,\d\b", text), text  # 0,1-steps on the axis
    assert not re.search(r"\b0\.\d\b", text), text


@pytest.mark.parametrize(
    "builder",
    [
        "build_gauge_chart",
        "build_sparkline",
        "build_trend_chart",
        "build_trend_line",
        "build_month_bars",
        "build_category_chart",
        "build_peer_chart",
    ],
)
def test_every_dutch_chart_carries_the_dutch_locale(builder):
    frames = {
        "build_gauge_chart": (5.0, 6.0, "per_1000", "met", "nl", None),
        "build_sparkline": (pd.DataFrame({"year": [2015, 2016], "value": [1.5, 2.5]}), "nl"),
        "build_trend_chart": (_trend(), "per 1.000", "nl"),
        "build_trend_line": (_trend(), "per 1.000", "nl"),
        "build_month_bars": (_trend(), "nl"),
        "build_category_chart": (pd.DataFrame({"name": ["a"], "count": [3], "last_year": [2]}), "nl"),
        "build_peer_chart": (
            pd.DataFrame(
                {"kind": ["gemeente"], "gemeente_name": ["A"], "value": [1.0], "is_city": [True], "rank": [1]}
            ),
            "%",
            "nl",
        ),
    }
    spec = getattr(charts, builder)(*frames[builder]).to_dict()
    assert spec["config"]["locale"]["number"]["decimal"] == ","
    assert spec["config"]["locale"]["time"]["shortMonths"][4] == "mei"


def test_category_chart_shows_every_label_in_full():
    names = [
        "Diefstal van brom-, snor-, fietsen",
        "Diefstal/inbraak woning",
        "Diefstal/inbraak uit/vanaf motorvoertuigen",
        "Straatroof",
        "Overval",
        "Zakkenrollerij",
        "Diefstal/inbraak bedrijven en instellingen",
    ]
    df = pd.DataFrame({"name": names, "count": [1700, 1300, 1150, 200, 60, 180, 450], "last_year": [1600] * 7})
    text = _svg_text(charts.build_category_chart(df, "nl"))
    for name in names:
        assert name in text, f"{name!r} cut or skipped: {text}"


@pytest.mark.parametrize(
    ("low", "high", "first", "unit", "label"),
    [
        (14.0, 40.2, True, "count", "14 – 40"),
        (40.2, 41.7, False, "count", "41"),
        (40.2, 1234.0, False, "count", "41 – 1.234"),
        (14.0, 40.2, True, "per_1000", "14,0 – 40,2"),
    ],
)
def test_map_legends_give_counts_as_whole_numbers(low, high, first, unit, label):
    assert class_label(low, high, first, unit, "nl") == label
