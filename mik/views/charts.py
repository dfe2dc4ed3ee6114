"""Chart builders (Altair): they return chart objects and never call Streamlit."""

from __future__ import annotations

import math

import altair as alt
import pandas as pd

from mik.figures.targets import STATUS_STYLE
from mik.plan.formatting import fmt_value

#: d3's nl-NL locale, given to Vega in each chart's config: 6,8 and 1.234; jan, mrt, mei, okt.
NL_LOCALE = {
    "number": {"decimal": ",", "thousands": ".", "grouping": [3], "currency": ["€\u00a0", ""]},
    "time": {
        "dateTime": "%a %e %B %Y %X",
        "date": "%d-%m-%Y",
        "time": "%H:%M:%S",
        "periods": ["AM", "PM"],
        "days": ["zondag", "maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag"],
        "shortDays": ["zo", "ma", "di", "wo", "do", "vr", "za"],
        "months": [
            "januari", "februari", "maart", "april", "mei", "juni",
            "juli", "augustus", "september", "oktober", "november", "december",
        ],
        "shortMonths": ["jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"],
    },
}  # fmt: skip


def localized(chart, lang: str = "nl"):
    """The chart with Dutch month names and number notation in Dutch (English: Vega's default)."""
    return chart if lang == "en" else chart.configure(locale=NL_LOCALE)


def build_gauge_chart(
    value: float | None,
    threshold: float | None,
    unit: str,
    status: str,
    lang: str = "nl",
    projected: float | None = None,
) -> alt.LayerChart:
    """A bullet gauge: the value as a bar in its status colour, the target as a black tick.

    For a running year the year-end projection is an outlined bar behind the value.
    """
    top = 10.0 if unit == "score" else 1.25 * max(v for v in (value, threshold, projected, 1.0) if v is not None)
    colour = STATUS_STYLE[status][0]
    # a readable scale: a few round numbers under the bar, and the target and projection named
    x = alt.X(
        "v:Q",
        scale=alt.Scale(domain=[0, top], nice=False),
        title=None,
        axis=alt.Axis(tickCount=5, grid=False, domain=False, labelFontSize=11, labelColor="#333333"),
    )

    def bar(v: float, name_nl: str, name_en: str, **mark) -> alt.Chart:
        frame = pd.DataFrame(
            {"v": [v], "what": [name_en if lang == "en" else name_nl], "label": [fmt_value(v, unit, lang)]}
        )
        return (
            alt.Chart(frame)
            .mark_bar(height=18, **mark)
            .encode(x=x, tooltip=[alt.Tooltip("what:N", title=""), alt.Tooltip("label:N", title="")])
        )

    layers = [bar(top, "schaal", "scale", color="#EEEEEE")]
    if projected is not None:
        layers.append(
            bar(
                projected,
                "prognose jaareinde",
                "year-end projection",
                fill="white",
                stroke=colour,
                strokeWidth=2,
                strokeDash=[4, 2],
            )
        )
    if value is not None:
        layers.append(bar(value, "waarde", "value", color=colour))
    if threshold is not None:
        layers.append(bar(threshold, "doel", "target", opacity=0).mark_tick(color="black", thickness=3, size=30))
        layers.append(_gauge_note(x, threshold, "doel" if lang != "en" else "target", "black"))
    if projected is not None:
        layers.append(_gauge_note(x, projected, "prognose" if lang != "en" else "projection", "#333333", dy=22))
    return localized(alt.layer(*layers).properties(height=84), lang)


def _gauge_note(x: alt.X, v: float, text: str, colour: str, dy: int = -19) -> alt.Chart:
    """A word at a point of the gauge (above it, or below the scale with ``dy``)."""
    return (
        alt.Chart(pd.DataFrame({"v": [v], "text": [text]}))
        .mark_text(dy=dy, fontSize=12, color=colour, fontWeight="bold" if dy < 0 else "normal")
        .encode(x=x, text="text:N")
    )


def build_sparkline(series: pd.DataFrame, lang: str = "nl") -> alt.Chart:
    """A small line of yearly values: columns year, value."""
    chart = (
        alt.Chart(series)
        .mark_line(point=True, color="#0072B2")
        .encode(
            x=alt.X("year:O", title=None, axis=alt.Axis(labelAngle=0)),
            y=alt.Y("value:Q", title=None, scale=alt.Scale(zero=True), axis=alt.Axis(labels=False, ticks=False)),
            tooltip=["year:O", alt.Tooltip("value:Q", format=".1f")],
        )
        .properties(height=70)
    )
    return localized(chart, lang)


Y_AXIS_WIDTH = 64  # both parts of the trend keep their y axes this wide, so their months line up


def build_trend_chart(df: pd.DataFrame, unit_label: str, lang: str = "nl") -> alt.VConcatChart:
    """Monthly trend: the rolling 12-month rate per 1,000 (line), the yearly target (dashed steps)
    and, below it, the monthly counts against the same month last year (bars and ticks)."""
    return localized(
        alt.vconcat(build_trend_line(df, unit_label, lang, bare=True), build_month_bars(df, lang, bare=True)), lang
    )


def build_trend_line(
    df: pd.DataFrame,
    unit_label: str,
    lang: str = "nl",
    bare: bool = False,
    month_format: str | None = None,
    legend_font: int | None = None,
) -> alt.LayerChart:
    """The rolling 12-month rate against the yearly target: the top of :func:`build_trend_chart`,
    on its own so a page can fit it to its column."""
    en = lang == "en"
    data = df.assign(month=pd.to_datetime(df.month))
    has_target = "target" in data and data.target.notna().any()
    if not has_target:  # no target in these months: no dashed line, and none promised in the legend
        data = data.drop(columns=["target"], errors="ignore")
    # both lines named in one legend: colour and dash by the line's name
    names = ["12 months" if en else "12 maanden", "target" if en else "doel"][: 2 if has_target else 1]
    colour = {"scale": alt.Scale(domain=names, range=["#0072B2", "black"][: len(names)]), "title": None}
    dash = {"scale": alt.Scale(domain=names, range=[[1, 0], [6, 3]][: len(names)]), "title": None}
    legend = alt.Legend(
        orient="top",
        direction="horizontal",
        symbolStrokeWidth=3,
        labelColor="#222222",
        **({"labelFontSize": legend_font, "symbolSize": legend_font * 20} if legend_font else {}),
    )
    rolling = (
        alt.Chart(data.assign(line=names[0]))
        .mark_line(strokeWidth=3)
        .encode(
            color=alt.Color("line:N", legend=legend, **colour),
            strokeDash=alt.StrokeDash("line:N", legend=legend, **dash),
            x=alt.X("month:T", title=None, axis=month_axis(data.month, month_format)),
            y=alt.Y(
                "rolling_rate:Q",
                title=f"{unit_label} ({'12 months' if en else '12 mnd'})",  # fits the axis
                scale=alt.Scale(zero=True),  # from zero: a small change looks small
                axis=alt.Axis(minExtent=Y_AXIS_WIDTH, maxExtent=Y_AXIS_WIDTH),
            ),
            tooltip=[
                alt.Tooltip("month:T", format="%m-%Y", title="maand" if not en else "month"),
                alt.Tooltip("rolling_rate:Q", format=".1f", title="12 mnd" if not en else "12 months"),
            ],
        )
    )
    if not has_target:
        top = rolling.properties(height=260)
        return top if bare else localized(top, lang)
    target = (
        alt.Chart(data.dropna(subset=["target"]).assign(line=names[1]))
        .mark_line(interpolate="step-after")
        .encode(
            x="month:T",
            y=alt.Y("target:Q"),
            color=alt.Color("line:N", legend=legend, **colour),
            strokeDash=alt.StrokeDash("line:N", legend=legend, **dash),
            tooltip=[alt.Tooltip("target:Q", title="doel" if not en else "target")],
        )
    )
    top = alt.layer(rolling, target).properties(height=260)
    return top if bare else localized(top, lang)


def month_axis(months: pd.Series, month_format: str | None = None) -> alt.Axis | alt.UndefinedType:
    """The time axis of a monthly chart: over two years or less a tick per month (or quarter),
    labelled by month, where Vega would label weeks ("jan 07, jan 14") on a few months."""
    n = months.nunique()
    if n > 24:
        return alt.Axis(format=month_format) if month_format else alt.Undefined
    step = 1 if n <= 12 else 3
    return alt.Axis(tickCount={"interval": "month", "step": step}, format=month_format or "%b %Y")


def build_month_bars(df: pd.DataFrame, lang: str = "nl", bare: bool = False) -> alt.LayerChart:
    """Registrations per month (the running month lighter) with the same month last year as a
    tick: the bottom of :func:`build_trend_chart`."""
    en = lang == "en"
    data = df.assign(month=pd.to_datetime(df.month))
    bars = (
        alt.Chart(data)
        .mark_bar(color="#56B4E9")
        .encode(
            x=alt.X("month:T", title=None, axis=month_axis(data.month)),
            y=alt.Y(
                "count:Q",
                title="per maand" if not en else "per month",
                axis=alt.Axis(minExtent=Y_AXIS_WIDTH, maxExtent=Y_AXIS_WIDTH),
            ),
            opacity=alt.condition(alt.datum.complete, alt.value(1.0), alt.value(0.35)),
            tooltip=[
                alt.Tooltip("month:T", format="%m-%Y"),
                "count:Q",
                alt.Tooltip("last_year:Q", title="zelfde maand vorig jaar" if not en else "same month last year"),
            ],
        )
    )
    if not data.last_year.notna().any():  # no month of the year before loaded: no tick over nothing
        bottom = bars.properties(height=140)
        return bottom if bare else localized(bottom, lang)
    last_year = alt.Chart(data).mark_tick(color="#D55E00", thickness=2).encode(x="month:T", y="last_year:Q")
    bottom = alt.layer(bars, last_year).properties(height=140)
    return bottom if bare else localized(bottom, lang)


def build_yearly_chart(df: pd.DataFrame, unit_label: str, lang: str = "nl") -> alt.LayerChart:
    """Bars per calendar year (rate per 1,000, the count in the tooltip), the year's target as a
    dashed tick: the trend when only yearly figures are loaded. Columns of
    :func:`mik.views.maps.yearly_trend`."""
    en = lang == "en"
    counts = df.rate.isna().all()  # no rates (a count indicator, or no inhabitants loaded): the counts
    if counts:
        unit_label = "count" if en else "aantal"
    field = "count" if counts else "rate"
    data = df.assign(
        label=[fmt_value(v, "count" if counts else "rate", lang) for v in df[field]],
        count_label=[fmt_value(v, "count", lang) for v in df["count"]],
    )
    x = alt.X("year:O", title=None, axis=alt.Axis(labelAngle=0))
    bars = (
        alt.Chart(data)
        .mark_bar(color="#0072B2", size=48)
        .encode(
            x=x,
            y=alt.Y(f"{field}:Q", title=unit_label, axis=alt.Axis(tickMinStep=1)),
            tooltip=[
                alt.Tooltip("year:O", title="jaar" if not en else "year"),
                alt.Tooltip("label:N", title=unit_label),
                alt.Tooltip("count_label:N", title="aantal" if not en else "count"),
            ],
        )
    )
    text = bars.mark_text(dy=-8, color="black").encode(text="label:N")
    layers = [bars, text]
    if df.target.notna().any():
        layers.append(
            alt.Chart(data.dropna(subset=["target"]))
            .mark_tick(color="black", thickness=3, size=60, strokeDash=[6, 3])
            .encode(x=x, y="target:Q", tooltip=[alt.Tooltip("target:Q", title="doel" if not en else "target")])
        )
    return localized(alt.layer(*layers).properties(height=260), lang)


def build_category_chart(df: pd.DataFrame, lang: str = "nl") -> alt.Chart:
    """Horizontal bars per sub-category, this period, with last year's count as a tick."""
    en = lang == "en"
    # every label shown in full: one row of 26 px per category, labels up to 280 px wide
    axis = alt.Axis(labelLimit=280, labelOverlap=False)
    base = alt.Chart(df).encode(y=alt.Y("name:N", sort="-x", title=None, axis=axis))
    bars = base.mark_bar(color="#0072B2").encode(
        x=alt.X("count:Q", title="aantal" if not en else "count"),
        tooltip=["name:N", "count:Q", alt.Tooltip("last_year:Q", title="vorig jaar" if not en else "last year")]
        + ([alt.Tooltip("test:N", title="toets" if not en else "test")] if "test" in df else []),
    )
    if not df.last_year.notna().any():  # the year before is not loaded: no tick over nothing
        return localized(bars.properties(height=alt.Step(26)), lang)
    ticks = base.mark_tick(color="#D55E00", thickness=3).encode(x="last_year:Q")
    return localized(alt.layer(bars, ticks).properties(height=alt.Step(26)), lang)


def build_peer_chart(df: pd.DataFrame, unit_label: str, lang: str = "nl") -> alt.Chart:
    """Bars per gemeente (the city highlighted), the peer averages as rules."""
    towns = df[df.kind == "gemeente"]
    avg = df[(df.kind == "gemiddelde") & df.value.notna()]
    colour = alt.condition(alt.datum.is_city, alt.value(CITY_COLOUR), alt.value("#0072B2"))
    bars = (
        alt.Chart(towns)
        .mark_bar()
        .encode(
            y=alt.Y(
                "gemeente_name:N",
                sort=alt.EncodingSortField("value", order="ascending"),
                title=None,
                axis=alt.Axis(labelOverlap=False, labelLimit=200),  # every gemeente named
            ),
            x=alt.X("value:Q", title=unit_label),
            color=colour,
            tooltip=["gemeente_name:N", alt.Tooltip("value:Q", format=".1f"), "rank:Q"],
        )
    )
    # every mark named: the averages' lines in the legend, each its own dash
    rules = (
        alt.Chart(avg)
        .mark_rule(color="black", strokeWidth=2)
        .encode(
            x="value:Q",
            strokeDash=alt.StrokeDash(
                "gemeente_name:N",
                title=None,
                scale=alt.Scale(range=[[6, 3], [2, 2], [10, 2, 2, 2]]),
                legend=alt.Legend(orient="bottom", direction="vertical", labelLimit=400, symbolStrokeWidth=2),
            ),
            tooltip=["gemeente_name:N", alt.Tooltip("value:Q", format=".1f")],
        )
    )
    layers = [bars, rules]
    if {"lower", "upper"} <= set(towns.columns) and towns.lower.notna().any():
        # the 95% interval of each gemeente as an error bar (survey, or the counts' margin of chance)
        layers.insert(
            1,
            alt.Chart(towns[towns.lower.notna()])
            .mark_rule(color="#1a1a1a", strokeWidth=2)
            .encode(
                y=alt.Y("gemeente_name:N", sort=alt.EncodingSortField("value", order="ascending"), title=None),
                x="lower:Q",
                x2="upper:Q",
                tooltip=[
                    "gemeente_name:N",
                    alt.Tooltip("lower:Q", format=".1f", title="95%: van" if lang != "en" else "95%: from"),
                    alt.Tooltip("upper:Q", format=".1f", title="tot" if lang != "en" else "to"),
                ],
            ),
        )
    return localized(alt.layer(*layers).properties(height=260 + 40 * len(avg)), lang)  # room for the legend


CITY_COLOUR = "#D55E00"  # the city, in every comparison chart
#: the other gemeenten and averages: Okabe-Ito's colour-blind safe colours, without the city's
#: vermillion and the orange and yellow that are hard to tell from it or to see on white
OTHER_COLOURS = ["#0072B2", "#009E73", "#CC79A7", "#56B4E9", "#000000", "#999999", "#6A3D9A", "#8C564B"]


def build_peer_trend_chart(df: pd.DataFrame, unit_label: str, lang: str = "nl") -> alt.Chart:
    """One line per gemeente over the years; the city thick and in the city's colour (as in the
    bars), every line named in the legend."""
    data = df[df.value.notna()]
    names = list(dict.fromkeys(data.sort_values("is_city", ascending=False).gemeente_name))
    city = [n for n in names if data[data.gemeente_name == n].is_city.any()]
    others = [n for n in names if n not in city]
    palette = [CITY_COLOUR] * len(city) + [OTHER_COLOURS[i % len(OTHER_COLOURS)] for i in range(len(others))]
    chart = (
        alt.Chart(data)
        .mark_line(point=True)
        .encode(
            x=alt.X("year:O", title=None),
            y=alt.Y("value:Q", title=unit_label, scale=alt.Scale(zero=True)),
            color=alt.Color(
                "gemeente_name:N",
                title=None,
                scale=alt.Scale(domain=city + others, range=palette),
                legend=alt.Legend(labelLimit=300),
            ),
            strokeWidth=alt.condition(alt.datum.is_city, alt.value(4), alt.value(1.5)),
            tooltip=["gemeente_name:N", "year:O", alt.Tooltip("value:Q", format=".1f")],
        )
        .properties(height=260)
    )
    return localized(chart, lang)


#: The narrowest map the pages draw, in CSS pixels (the content column at 1400 px wide with the
#: sidebar open is about 1000 px; a phone is narrower and may pan).
MAP_MIN_WIDTH = 640


def fit_view(
    bounds: tuple[float, float, float, float], width: int = MAP_MIN_WIDTH, height: int = 560, padding: float = 0.08
) -> tuple[float, float, float]:
    """(latitude, longitude, zoom) of a Web Mercator view that shows ``bounds`` whole in a map of
    ``width`` x ``height`` pixels, with ``padding`` (a share of each side) left free.

    deck.gl's zoom z maps the world onto 512 * 2**z pixels. The zoom is the smaller of what the
    east-west and the north-south extent allow, so a tall city is fitted by its height.

    >>> lat, lon, zoom = fit_view((5.64, 50.80, 5.77, 50.90), 800, 560)
    >>> round(zoom, 2)
    11.03
    """
    west, south, east, north = bounds

    def merc_y(lat: float) -> float:
        return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))

    usable_w, usable_h = width * (1 - 2 * padding), height * (1 - 2 * padding)
    dx = max(east - west, 1e-6) / 360.0  # share of the world's width
    dy = max(merc_y(north) - merc_y(south), 1e-6) / (2 * math.pi)
    zoom = min(math.log2(usable_w / (512 * dx)), math.log2(usable_h / (512 * dy)))
    centre_y = (merc_y(north) + merc_y(south)) / 2
    lat = math.degrees(2 * math.atan(math.exp(centre_y)) - math.pi / 2)
    return lat, (west + east) / 2, min(zoom, 16.0)


def build_choropleth_deck(
    layer,
    basemap: str | None = None,
    tooltip_html: str | None = None,
    height: int = 560,
    outline: tuple[list[int], int] = ([213, 94, 0, 255], 4),
):
    """A pydeck Deck for :class:`mik.views.maps.MapLayerData`: filled areas, attention areas outlined.

    The first view is fitted to the areas' bounds (:func:`fit_view`) for a map ``height`` pixels
    high. ``outline`` is the colour and width (px) of the outlines (attention areas: orange, 4).
    ``basemap`` None draws no base map (works offline); ``"carto"`` uses Carto's light map.
    """
    import pydeck as pdk

    areas = pdk.Layer(
        "GeoJsonLayer",
        layer.features,
        id="areas",
        pickable=True,
        stroked=True,
        filled=True,
        get_fill_color="properties.fill",
        get_line_color=[80, 80, 80, 200],
        line_width_min_pixels=1,
        auto_highlight=True,
        highlight_color=[0, 0, 0, 60],
    )
    outlines = pdk.Layer(
        "GeoJsonLayer",
        layer.outlines,
        id="aandachtsgebieden",
        pickable=False,
        stroked=True,
        filled=False,
        get_line_color=outline[0],
        line_width_min_pixels=outline[1],
    )
    lat, lon, zoom = fit_view(layer.bounds, height=height)
    view = pdk.ViewState(latitude=lat, longitude=lon, zoom=zoom)
    tooltip = {
        "html": tooltip_html or "<b>{name}</b><br/>{label}",
        "style": {"backgroundColor": "white", "color": "black"},
    }
    if basemap:
        return pdk.Deck(
            layers=[areas, outlines], initial_view_state=view, tooltip=tooltip, map_provider="carto", map_style="light"
        )
    # No base map: no provider, and pydeck's own "no style chosen" marker kept as the style. With
    # map_style=None Streamlit's deck.gl element fills in Carto's style and fetches it from the
    # internet, which a closed municipal network blocks and which tells a third party of the visit.
    return pdk.Deck(layers=[areas, outlines], initial_view_state=view, tooltip=tooltip, map_provider=None)


# The meeting room: charts read from across a room on a 1920×1080 screen (labels 18 px and more).
MEETING_FONT = 18


def meeting(chart, lang: str = "nl"):
    """A chart in the reader's language with labels and titles large enough for a shared screen."""
    return (
        localized(chart, lang)
        .configure_axis(
            labelFontSize=MEETING_FONT, titleFontSize=MEETING_FONT, labelColor="#222222", titleColor="#222222"
        )
        .configure_legend(labelFontSize=MEETING_FONT, titleFontSize=MEETING_FONT)
        .configure_text(fontSize=MEETING_FONT)
    )


def build_meeting_trend(df: pd.DataFrame, unit_label: str, lang: str = "nl", months: int = 24) -> alt.LayerChart:
    """The last ``months`` months of a police indicator: rolling 12-month rate against the target
    (dashed), as on Thema, for the meeting screen."""
    data = df.assign(month=pd.to_datetime(df.month))
    recent = data[data.month > data.month.max() - pd.DateOffset(months=months)]
    # 24 months: with the year
    line = build_trend_line(recent, unit_label, lang, bare=True, month_format="%b %Y", legend_font=MEETING_FONT)
    return meeting(line.properties(height=300), lang)  # the legend above it and the cards fit one screen


def build_meeting_yearly(df: pd.DataFrame, unit_label: str, lang: str = "nl") -> alt.LayerChart:
    """Yearly bars against the target (:func:`build_yearly_chart`) for the meeting screen: the trend
    when only yearly police figures are loaded."""
    return meeting(build_yearly_chart(df, unit_label, lang).properties(height=360), lang)


def build_meeting_history(df: pd.DataFrame, target: float | None, unit: str, lang: str = "nl") -> alt.LayerChart:
    """Yearly values of an indicator (columns year, value) with their figures, the target as a
    dashed line: the chart of a theme measured by the survey only."""
    en = lang == "en"
    data = df.dropna(subset=["value"]).assign(label=lambda d: [fmt_value(v, unit, lang) for v in d.value])
    x = alt.X("year:O", title=None, axis=alt.Axis(labelAngle=0))
    line = alt.Chart(data).mark_line(point=alt.OverlayMarkDef(size=120), color="#0072B2", strokeWidth=4)
    layers = [
        line.encode(x=x, y=alt.Y("value:Q", title=None, scale=alt.Scale(zero=True))),
        alt.Chart(data).mark_text(dy=-22, fontWeight="bold").encode(x=x, y="value:Q", text="label:N"),
    ]
    if target is not None:
        goal = pd.DataFrame(
            {"target": [target], "label": [("target " if en else "doel ") + fmt_value(target, unit, lang)]}
        )
        layers.append(alt.Chart(goal).mark_rule(color="black", strokeDash=[8, 4], strokeWidth=2).encode(y="target:Q"))
        layers.append(
            alt.Chart(goal).mark_text(align="left", dx=4, dy=-12, color="black").encode(y="target:Q", text="label:N")
        )
    return meeting(alt.layer(*layers).properties(height=360), lang)


def build_action_status_chart(counts: pd.DataFrame, lang: str = "nl") -> alt.Chart:
    """The plan's actions of a theme by status (columns status, count): the chart of a theme
    without an indicator."""
    en = lang == "en"
    bars = (
        alt.Chart(counts)
        .mark_bar(color="#0072B2")
        .encode(
            y=alt.Y("status:N", title=None, sort="-x", axis=alt.Axis(labelLimit=300)),
            x=alt.X("count:Q", title="actions" if en else "acties", axis=alt.Axis(tickMinStep=1)),
        )
    )
    text = bars.mark_text(align="left", dx=6, fontWeight="bold").encode(text="count:Q")
    return meeting(alt.layer(bars, text).properties(height=alt.Step(48)), lang)


def build_perception_chart(df: pd.DataFrame, words: tuple[tuple[str, str], ...], lang: str = "nl") -> alt.LayerChart:
    """Objective beside subjective per area (mik.figures.perception): per area a row with two
    indices (city = 100), each with its 95% interval as a bar through it; the city as a line at 100.
    The two are told apart by shape and colour (Okabe-Ito blue and vermillion), named in the legend
    (``words``: pairs of objective, subjective, axis, area and index with their text in the reader's
    language)."""
    labels = dict(words)
    rows = []
    for _, r in df.iterrows():
        for axis, prefix in (("objective", "obj"), ("subjective", "subj")):
            if pd.notna(r[f"{prefix}_index"]):
                rows.append(
                    {
                        "area": r["name"],
                        "axis": labels[axis],
                        "index": float(r[f"{prefix}_index"]),
                        "low": float(r[f"{prefix}_low"]),
                        "high": float(r[f"{prefix}_high"]),
                    }
                )
    data = pd.DataFrame(rows, columns=["area", "axis", "index", "low", "high"])
    order = list(dict.fromkeys(df["name"]))
    names = [labels["objective"], labels["subjective"]]
    y = alt.Y("area:N", sort=order, title=None, axis=alt.Axis(labelLimit=260, labelOverlap=False))
    offset = alt.YOffset("axis:N", sort=names, scale=alt.Scale(paddingInner=0.2))
    colour = alt.Color(
        "axis:N",
        sort=names,
        scale=alt.Scale(domain=names, range=["#0072B2", "#D55E00"]),
        legend=alt.Legend(title=None, orient="bottom", labelLimit=400),
    )
    base = alt.Chart(data).encode(y=y, yOffset=offset)
    bars = base.mark_rule(strokeWidth=2).encode(x=alt.X("low:Q", title=labels["axis"]), x2="high:Q", color=colour)
    points = base.mark_point(size=90, filled=True).encode(
        x="index:Q",
        color=colour,
        shape=alt.Shape("axis:N", sort=names, scale=alt.Scale(domain=names, range=["circle", "square"]), legend=None),
        tooltip=[
            alt.Tooltip("area:N", title=labels["area"]),
            alt.Tooltip("axis:N", title=" "),
            alt.Tooltip("index:Q", format=".0f", title=labels["index"]),
            alt.Tooltip("low:Q", format=".0f", title="95%: van" if lang != "en" else "95%: from"),
            alt.Tooltip("high:Q", format=".0f", title="tot" if lang != "en" else "to"),
        ],
    )
    city = alt.Chart(pd.DataFrame({"x": [100.0]})).mark_rule(color="#1a1a1a", strokeDash=[6, 3]).encode(x="x:Q")
    return localized(alt.layer(bars, points, city).properties(height=max(160, 44 * len(order))), lang)
