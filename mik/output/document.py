"""The meeting documents as data: a report is sections of lines, tables, charts and pictures, drawn
by :mod:`mik.output.pptx` and :mod:`mik.output.pdf` (:func:`mik.output.render.render`).

Both reports (:mod:`mik.output.driehoek`, :mod:`mik.output.raad`) are built from the same functions
as the screens (scorecards, trends, peer comparisons) with the reader's
:class:`~mik.privacy.access.Access`, so suppression and levels are the same as in the app. Charts
and the map are rendered offline with vl-convert (Vega-Lite to PNG). Reports are deterministic for
the same data: fixed document dates and zip entry dates, reportlab's invariant mode. Synthetic demo
data is marked on every page or slide.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

import altair as alt
import pandas as pd
import vl_convert as vlc

from mik.data import queries
from mik.data.duiding import THEME, Duiding
from mik.figures import scorecards, targets
from mik.figures.indicators import last_complete_month, period_complete
from mik.plan.config import Config, Theme
from mik.plan.i18n import t
from mik.plan.periods import parse_period
from mik.privacy.access import Access
from mik.views import maps
from mik.views.cards import card_figure, summary_word
from mik.views.charts import NL_LOCALE, localized

DEMO_MARK = "SYNTHETISCHE DEMODATA – geen echte cijfers"


@dataclass
class ChartData:
    """A chart as data, drawn natively by each renderer: a PowerPoint chart object in PPTX (its
    numbers editable in PowerPoint), a picture in PDF. ``series`` are (name, values) on the
    ``categories``; None is a gap."""

    kind: str  # "line", "bar" (horizontal) or "column" (vertical bars)
    title: str
    categories: list[str]
    series: list[tuple[str, list[float | None]]]
    number_format: str = "0.0"


@dataclass
class Section:
    title: str
    lines: list[str] = field(default_factory=list)
    table: pd.DataFrame | None = None
    images: list[bytes] = field(default_factory=list)  # PDF (and PPTX when no native chart is given)
    charts: list[ChartData] = field(default_factory=list)  # PPTX: native charts instead of the images
    status_column: str | None = None  # a table column of status words, coloured in PPTX


@dataclass
class Report:
    kind: str
    title: str
    subtitle: str
    synthetic: bool
    sections: list[Section]
    footer: str


def png(chart: alt.TopLevelMixin, width: int = 900) -> bytes:
    if isinstance(chart, alt.VConcatChart):  # each part as wide as the picture
        parts = [part.properties(width=width) for part in chart.vconcat]
        spec = alt.vconcat(*parts, title=chart.title, config=chart.config)
    else:
        spec = chart.properties(width=width) if hasattr(chart, "properties") else chart
    return vlc.vegalite_to_png(spec.to_json(), scale=1.5)


def map_png(layer: maps.MapLayerData, title: str) -> bytes:
    """The choropleth as a picture with its legend: a colour key and the class's words for each colour."""
    label_of = dict(layer.legend)
    features = [
        {
            "type": "Feature",
            "geometry": f["geometry"],
            "properties": {**f["properties"], "legend": label_of.get(f["properties"]["colour"], "")},
        }
        for f in layer.features["features"]
    ]
    chart = (
        alt.Chart(alt.Data(values=features))
        .mark_geoshape(stroke="#555555", strokeWidth=0.5)
        .encode(
            color=alt.Color(
                "properties.legend:N",
                title=None,
                scale=alt.Scale(domain=[label for _, label in layer.legend], range=[c for c, _ in layer.legend]),
                legend=alt.Legend(
                    orient="right", labelLimit=400, symbolType="square", symbolSize=300, labelFontSize=13
                ),
            )
        )
        .project("mercator")
        .properties(width=520, height=420, title=title)
    )
    return vlc.vegalite_to_png(chart.to_json(), scale=1.5)


def status_rows(rows: list[scorecards.ScoreRow], cfg: Config, lang: str) -> pd.DataFrame:
    """The targets table, read as the cards are (mik.views.cards): a running year's value so far and
    its projection, judged against the full-year target; a year without a value says so, with the
    latest measurement and its year. Status as a word (PDF fonts lack the screen's icons)."""
    out = []
    for r in rows:
        fig = card_figure(r, cfg, lang)
        unit = f" {fig.unit}".replace("per 1.000 inwoners", "per 1.000").replace("per 1,000 inhabitants", "per 1,000")
        if fig.kind == "projection":
            value, projection = (f"{fig.so_far}{unit} ({fig.period})" if fig.so_far else "–"), fig.main + unit
        elif fig.kind == "missing":
            value, projection = (
                fig.main + (f"; {fig.secondary[0].lower()}{fig.secondary[1:]}" if fig.secondary else ""),
                "",
            )
        else:
            value, projection = fig.main + unit, ""
        out.append(
            {
                "Indicator": r.indicator.name(lang),
                "Waarde": value,
                "Prognose jaareinde": projection,
                "Doel": targets.target_text(cfg, r.indicator, r.target, r.threshold, lang),
                "Status": fig.direction or summary_word(r, cfg, lang),
            }
        )
    df = pd.DataFrame(out)
    if not cfg.targets:  # a basic monitor: no targets to project against or list
        df = df.drop(columns=["Prognose jaareinde", "Doel"]).rename(columns={"Status": "Verandering"})
    return df


def month_label(month, lang: str) -> str:
    m = pd.Timestamp(month)
    return f"{m:%b %Y}" if lang == "en" else f"{NL_LOCALE['time']['shortMonths'][m.month - 1]} {m.year}"


def trend_chart_data(trend: pd.DataFrame, name: str, lang: str) -> ChartData:
    """The rolling 12-month rate and the target per month, as a native line chart; with fewer than
    12 months loaded (no rolling figure yet) the count per month, as columns."""
    if not trend.rolling_rate.notna().any():
        counts = [None if pd.isna(v) else float(v) for v in trend["count"]]
        title = f"{name.split(':')[0]}: {'count per month' if lang == 'en' else 'aantal per maand'}"
        series = [("aantal per maand" if lang != "en" else "count per month", counts)]
        return ChartData("column", title, [month_label(m, lang) for m in trend.month], series, number_format="0")
    rate = [None if pd.isna(v) else round(float(v), 2) for v in trend.rolling_rate]
    series = [("12 maanden per 1.000 inwoners" if lang != "en" else "12 months per 1,000", rate)]
    if trend.target.notna().any():
        series.append(("doel" if lang != "en" else "target", [None if pd.isna(v) else float(v) for v in trend.target]))
    return ChartData("line", name, [month_label(m, lang) for m in trend.month], series)


def theme_line(row: scorecards.ScoreRow, cfg: Config, lang: str) -> str:
    """An indicator in one line on its theme's slide: its status and reason; without a target its
    figure and direction."""
    name = row.indicator.name(lang)
    if row.target is None and not cfg.targets:
        fig = card_figure(row, cfg, lang)
        if fig.kind == "missing":
            return f"{name}: {fig.main}" + (f" – {fig.secondary}" if fig.secondary else "")
        figure = f"{fig.main} {fig.unit}".strip()
        return f"{name}: {figure} ({fig.label})" + (f" – {fig.direction}" if fig.direction else "")
    return f"{name}: {row.status.word(lang)} – {row.status.reason(lang)}"


def scorecard_section(rows: list[scorecards.ScoreRow], cfg: Config, lang: str) -> Section:
    """Where the plan stands: every indicator with value, target and status (the deck's first slide)."""
    active = [r for r in rows if r.indicator.status == "actief"]
    counts = pd.Series([summary_word(r, cfg, lang) for r in active]).value_counts()
    summary = ", ".join(f"{n} × {word.lower()}" for word, n in counts.items())
    return Section(
        "Stand van het plan" if lang != "en" else "Where the plan stands",
        [summary],
        table=status_rows(active, cfg, lang),
        status_column="Status",
    )


def chart_png(chart: ChartData) -> bytes:
    """The picture of a :class:`ChartData` for the PDF (the PPTX draws it as a chart object)."""
    rows = [
        {"category": c, "series": name, "value": v, "order": i}
        for name, values in chart.series
        for i, (c, v) in enumerate(zip(chart.categories, values, strict=True))
        if v is not None
    ]
    base = alt.Chart(pd.DataFrame(rows)).properties(title=chart.title, height=320)
    if chart.kind == "column":  # vertical bars per category, the other series (a target) as ticks
        axis = alt.Axis(tickMinStep=1, format=",d") if chart.number_format != "0.0" else alt.Axis()
        bars = base.transform_filter(alt.datum.series == chart.series[0][0]).mark_bar(color="#0072B2", size=60)
        spec = bars.encode(
            x=alt.X("category:N", sort=None, title=None, axis=alt.Axis(labelAngle=0)),
            y=alt.Y("value:Q", title=chart.series[0][0], axis=axis, scale=alt.Scale(zero=True)),
        )
        if len(chart.series) > 1:
            ticks = base.transform_filter(alt.datum.series != chart.series[0][0]).mark_tick(
                color="black", thickness=3, size=70
            )
            spec = alt.layer(spec, ticks.encode(x=alt.X("category:N", sort=None), y="value:Q"))
        return png(localized(spec, "nl"), width=520)
    if chart.kind == "bar":
        spec = base.mark_bar(color="#0072B2").encode(
            y=alt.Y("category:N", sort=None, title=None),
            x=alt.X(
                "value:Q",
                title=chart.series[0][0],
                axis=alt.Axis(tickMinStep=1, format="d") if chart.number_format == "0" else alt.Axis(),
            ),
        )
    else:
        spec = base.mark_line(point=True, strokeWidth=3).encode(
            x=alt.X(
                "category:N", sort=None, title=None, axis=alt.Axis(labelAngle=-45 if len(chart.categories) > 8 else 0)
            ),
            y=alt.Y("value:Q", title=None, scale=alt.Scale(zero=True)),  # from zero: small changes look small
            color=alt.Color(
                "series:N",
                title=None,
                sort=[name for name, _ in chart.series],
                scale=alt.Scale(range=["#0072B2", "#000000"]),
                legend=alt.Legend(orient="bottom", labelLimit=600),
            ),
            strokeDash=alt.StrokeDash("series:N", legend=None, scale=alt.Scale(range=[[1, 0], [6, 3]])),
        )
    return png(localized(spec, "nl"), width=520)


def duiding_sections(theme: Theme, notes: Sequence[Duiding], lang: str) -> list[Section]:
    """The final duidingen of ``theme`` (:mod:`mik.data.duiding`) as a section of their own, right
    after the theme's figures: per subject the newest month's, with its author role and date and
    the remarks made on that version. Nothing when there is none."""
    newest: dict[str, Duiding] = {}
    for d in sorted((d for d in notes if d.theme == theme.id and d.final), key=lambda d: d.month):
        newest[d.subject] = d
    lines = []
    for d in sorted(newest.values(), key=lambda d: (d.subject != THEME, d.label)):
        about = t("doc_duiding_theme", lang) if d.subject == THEME else t("doc_duiding_signal", lang, label=d.label)
        month = parse_period(d.month).label(lang)
        lines.append(
            t("doc_duiding_line", lang, about=about, month=month, role=d.text.role, date=d.final.date, text=d.text.body)
        )
        lines += [
            t("doc_duiding_remark", lang, role=r.role, date=r.date, text=r.body)
            for r in d.remarks
            if r.version == d.version
        ]
    return [Section(t("doc_duiding_title", lang, theme=theme.name(lang)), lines)] if lines else []


def footer(synthetic: bool, access: Access, as_of: dt.date) -> str:
    mark = f"{DEMO_MARK} · " if synthetic else ""
    suppression = "" if access.unsuppressed else f" · kleine aantallen (<{access.threshold}) afgeschermd"
    more = f" +{len(access.areas) - 3}" if len(access.areas) > 3 else ""
    areas = f" ({', '.join(access.areas[:3])}{more} en de gemeente)" if access.areas else ""  # a partner of wijken
    return f"{mark}MIK · rol {access.role}{areas}{suppression} · stand per {as_of:%d-%m-%Y}"


# --- renderers --------------------------------------------------------------------------------


def latest_month(con) -> str:
    _, stand = queries.data_period(con)
    return f"{last_complete_month(stand):%Y-%m}"


def report_quarters(con) -> list[str]:
    """The quarters the data reaches into, newest first ('2016-Q3', ...)."""
    first, stand = queries.data_period(con)
    return [
        f"{year}-Q{q}"
        for year in range(stand.year, first.year - 1, -1)
        for q in (4, 3, 2, 1)
        if dt.date(year, 3 * (q - 1) + 1, 1) <= stand
    ]


def last_complete_quarter(con) -> str | None:
    """The newest quarter the data covers whole (the council report's default), e.g. '2016-Q3'."""
    _, stand = queries.data_period(con)
    return next((q for q in report_quarters(con) if period_complete(parse_period(q), stand)), None)
