"""Chart builders (Altair): they return chart objects and never call Streamlit."""

from __future__ import annotations

import altair as alt
import pandas as pd

from mik.formatting import fmt_value
from mik.targets import STATUS_STYLE


def build_gauge_chart(value: float | None, threshold: float | None, unit: str, status: str,
                      lang: str = "nl", projected: float | None = None) -> alt.LayerChart:
    """A bullet gauge: the value as a bar in its status colour, the target as a black tick.

    For a running year the year-end projection is an outlined bar behind the value.
    """
    top = 10.0 if unit == "score" else 1.25 * max(
        v for v in (value, threshold, projected, 1.0) if v is not None)
    colour = STATUS_STYLE[status][0]
    x = alt.X("v:Q", scale=alt.Scale(domain=[0, top]), title=None,
              axis=alt.Axis(labels=False, ticks=False, grid=False, domain=False))

    def bar(v: float, name_nl: str, name_en: str, **mark) -> alt.Chart:
        frame = pd.DataFrame({"v": [v], "what": [name_en if lang == "en" else name_nl],
                              "label": [fmt_value(v, unit, lang)]})
        return alt.Chart(frame).mark_bar(height=18, **mark).encode(
            x=x, tooltip=[alt.Tooltip("what:N", title=""), alt.Tooltip("label:N", title="")])

    layers = [bar(top, "schaal", "scale", color="#EEEEEE")]
    if projected is not None:
        layers.append(bar(projected, "prognose jaareinde", "year-end projection",
                          fill="white", stroke=colour, strokeWidth=2, strokeDash=[4, 2]))
    if value is not None:
        layers.append(bar(value, "waarde", "value", color=colour))
    if threshold is not None:
        layers.append(bar(threshold, "doel", "target", opacity=0).mark_tick(
            color="black", thickness=3, size=30))
    return alt.layer(*layers).properties(height=34)


def build_sparkline(series: pd.DataFrame, lang: str = "nl") -> alt.Chart:
    """A small line of yearly values: columns year, value."""
    return alt.Chart(series).mark_line(point=True, color="#0072B2").encode(
        x=alt.X("year:O", title=None, axis=alt.Axis(labelAngle=0)),
        y=alt.Y("value:Q", title=None, scale=alt.Scale(zero=False), axis=alt.Axis(labels=False, ticks=False)),
        tooltip=["year:O", alt.Tooltip("value:Q", format=".1f")],
    ).properties(height=70)
