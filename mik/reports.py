"""The monthly driehoek deck and the quarterly council report, as PPTX and PDF.

Both are built from the same functions as the screens (scorecards, trends, peer comparisons) with
the reader's :class:`~mik.access.Access`, so suppression and levels are the same as in the app.
Charts and the map are rendered offline with vl-convert (Vega-Lite to PNG). Reports are
deterministic for the same data: fixed document dates and zip entry dates, reportlab's invariant
mode. Synthetic demo data is marked on every page or slide.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field

import altair as alt
import pandas as pd
import vl_convert as vlc

from mik import comparisons, dashboard, queries, signals, stats, targets
from mik.access import FULL, Access
from mik.charts import NL_LOCALE, build_peer_chart, build_trend_chart, localized
from mik.config import Config
from mik.exports import normalise_zip
from mik.formatting import fmt_number, fmt_value
from mik.i18n import t
from mik.indicators import last_complete_month
from mik.periods import Period, add_months, parse_period
from mik.presentation import TABLES, as_text

DEMO_MARK = "SYNTHETISCHE DEMODATA – geen echte cijfers"


@dataclass
class ChartData:
    """A chart as data, drawn natively by each renderer: a PowerPoint chart object in PPTX (its
    numbers editable in PowerPoint), a picture in PDF. ``series`` are (name, values) on the
    ``categories``; None is a gap."""

    kind: str  # "line" or "bar"
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


def _png(chart: alt.TopLevelMixin, width: int = 900) -> bytes:
    if isinstance(chart, alt.VConcatChart):  # each part as wide as the picture
        parts = [part.properties(width=width) for part in chart.vconcat]
        spec = alt.vconcat(*parts, title=chart.title, config=chart.config)
    else:
        spec = chart.properties(width=width) if hasattr(chart, "properties") else chart
    return vlc.vegalite_to_png(spec.to_json(), scale=1.5)


def _map_png(layer: dashboard.MapLayerData, title: str) -> bytes:
    features = [
        {"type": "Feature", "geometry": f["geometry"], "properties": f["properties"]}
        for f in layer.features["features"]
    ]
    chart = (
        alt.Chart(alt.Data(values=features))
        .mark_geoshape(stroke="#555555", strokeWidth=0.5)
        .encode(color=alt.Color("properties.colour:N", scale=None))
        .project("mercator")
        .properties(width=520, height=420, title=title)
    )
    return vlc.vegalite_to_png(chart.to_json(), scale=1.5)


def _status_rows(rows: list[targets.ScoreRow], cfg: Config, lang: str) -> pd.DataFrame:
    """The targets table; a survey year without a measurement shows the latest one, with its year.
    Status as a word (PDF fonts lack the screen's icons; the word is what counts)."""
    out = []
    for r in rows:
        shown = fmt_value(r.value.value, r.indicator.unit, lang)
        if r.value.value is None and r.latest_value is not None:
            shown = f"{fmt_value(r.latest_value, r.indicator.unit, lang)} ({r.latest_year})"
        out.append(
            {
                "Indicator": r.indicator.name(lang),
                "Waarde": shown,
                "Prognose": fmt_value(r.status.projected, r.indicator.unit, lang) if r.status.projected else "",
                "Doel": targets.target_text(cfg, r.indicator, r.target, r.threshold, lang),
                "Status": r.status.word(lang),
            }
        )
    return pd.DataFrame(out)


def _month_label(month, lang: str) -> str:
    m = pd.Timestamp(month)
    return f"{m:%b %Y}" if lang == "en" else f"{NL_LOCALE['time']['shortMonths'][m.month - 1]} {m.year}"


def _trend_chart_data(trend: pd.DataFrame, name: str, lang: str) -> ChartData:
    """The rolling 12-month rate and the target per month, as a native line chart."""
    rate = [None if pd.isna(v) else round(float(v), 2) for v in trend.rolling_rate]
    series = [("12 maanden per 1.000 inwoners" if lang != "en" else "12 months per 1,000", rate)]
    if trend.target.notna().any():
        series.append(("doel" if lang != "en" else "target", [None if pd.isna(v) else float(v) for v in trend.target]))
    return ChartData("line", name, [_month_label(m, lang) for m in trend.month], series)


def _scorecard_section(rows: list[targets.ScoreRow], cfg: Config, lang: str) -> Section:
    """Where the plan stands: every indicator with value, target and status (the deck's first slide)."""
    active = [r for r in rows if r.indicator.status == "actief"]
    counts = pd.Series([r.status.word(lang) for r in active]).value_counts()
    summary = ", ".join(f"{n} × {word.lower()}" for word, n in counts.items())
    return Section(
        "Stand van het plan" if lang != "en" else "Where the plan stands",
        [summary],
        table=_status_rows(active, cfg, lang),
        status_column="Status",
    )


def _buurt_period(month: dt.date, access: Access) -> Period:
    """Rolling 12 months through the report month; whole years for restricted roles."""
    if access.suppresses("buurt"):
        last_full_year = month.year if month.month == 12 else month.year - 1
        return parse_period(str(last_full_year))
    return parse_period(f"{month:%Y-%m}-R12")


def build_driehoek(con, cfg: Config, month: str, access: Access = FULL, lang: str = "nl") -> Report:
    """The monthly driehoek deck for ``month`` (YYYY-MM)."""
    _first, stand = queries.data_period(con)
    m = parse_period(month).start
    as_of = min(stand, add_months(m, 1) - dt.timedelta(days=1))
    synthetic = queries.is_synthetic(con)
    scorecard = targets.scorecard(con, cfg, m.year, cfg.gemeente_code, "gemeente", access, as_of)
    buurt_period = _buurt_period(m, access)
    sections = [_scorecard_section(scorecard, cfg, lang)]
    for theme in cfg.themes:
        if theme.kind == "overig":
            continue
        rows = [r for r in scorecard if r.indicator.theme == theme.id]
        sec = Section(theme.name(lang))
        if not rows:
            sec.lines.append(theme.note_nl or "Geen effectindicator voor dit thema.")
            _fallback_chart(sec, con, cfg, theme.id, rows, m.year, lang)
            sections.append(sec)
            continue
        for r in rows:
            sec.lines.append(f"{r.indicator.name(lang)}: {r.status.word(lang)} – {r.status.reason(lang)}")
        for r in rows:
            if r.indicator.source != "police" or not r.indicator.has_data_definition:
                continue
            trend = dashboard.theme_trend(con, cfg, r.indicator.id, cfg.gemeente_code, "gemeente", access)
            trend = trend[(trend.month <= pd.Timestamp(m)) & (trend.month > pd.Timestamp(add_months(m, -25)))]
            if len(trend):
                sec.images.append(
                    _png(
                        build_trend_chart(trend, "per 1.000 inwoners", lang).properties(
                            title=f"{r.indicator.name(lang)} – maandcijfers, zelfde maand vorig jaar, 12 maanden"
                        )
                    )
                )
                sec.charts.append(
                    _trend_chart_data(trend, f"{r.indicator.name(lang)}: 12 maanden tegen het doel", lang)
                )
            changes = dashboard.biggest_changes(
                con, list(r.indicator.categories), buurt_period, access=access, gemeente=cfg.gemeente_code
            )
            if len(changes):
                sec.table = as_text(changes, TABLES["changes"], lang)
                before = buurt_period.shifted_years(-1).label(lang)
                sec.lines.append(
                    f"Tabel: de duidelijkste veranderingen per buurt en categorie, {buurt_period.label(lang)} "
                    f"tegen {before}. " + t("changes_method", lang)
                )
            break
        if not sec.charts:
            _fallback_chart(sec, con, cfg, theme.id, rows, m.year, lang)
        sections.append(sec)
    layer = dashboard.choropleth(
        con, cfg, "buurt", buurt_period, "hic", access=access, lang=lang, gemeente=cfg.gemeente_code
    )
    legend = "; ".join(label for _, label in layer.legend)
    sections.append(
        Section(
            f"Kaart: misdrijven vermogenscriminaliteit/HIC per 1.000 inwoners, {buurt_period.label(lang)}",
            [f"Legenda (licht naar donker): {legend}"],
            images=[_map_png(layer, "HIC per 1.000")],
        )
    )
    sections.append(_signals(con, cfg, m, access, lang))
    sections.append(_month_signals(con, cfg, m, access, lang))
    subtitle = f"{cfg.gemeente_name} · {parse_period(month).label(lang)} · stand per {as_of:%d-%m-%Y}"
    return Report(
        "driehoek", "Driehoek-rapportage veiligheid", subtitle, synthetic, sections, _footer(synthetic, access, as_of)
    )


def _fallback_chart(sec: Section, con, cfg: Config, theme: str, rows, year: int, lang: str) -> None:
    """A theme without monthly police figures still gets a chart: its survey indicator per
    measurement against the target, else the plan's actions of the theme by status."""
    for r in rows:
        if r.indicator.source != "survey":
            continue
        values = queries.survey_values(con, r.indicator.id, cfg.gemeente_code)
        values = values[values.year <= year]
        if values.empty:
            continue
        target = cfg.target(r.indicator.id, year)
        series = [(r.indicator.name(lang), [round(float(v), 1) for v in values.value])]
        if target is not None and target.threshold is not None:
            series.append(("doel " + str(year) if lang != "en" else f"target {year}", [target.threshold] * len(values)))
        chart = ChartData("line", f"{r.indicator.name(lang)}, per meting", [str(int(y)) for y in values.year], series)
        sec.charts.append(chart)
        sec.images.append(_chart_png(chart))
        return
    acts = queries.activities(con)
    acts = acts[acts.theme_id == theme] if not acts.empty else acts
    if acts.empty:
        return
    counts = acts.groupby("status").size().sort_values(ascending=False)
    chart = ChartData(
        "bar",
        f"De {len(acts)} acties uit het plan naar status"
        if lang != "en"
        else f"The plan's {len(acts)} actions by status",
        [str(s) for s in counts.index],
        [("acties" if lang != "en" else "actions", [int(n) for n in counts])],
        number_format="0",
    )
    sec.charts.append(chart)
    sec.images.append(_chart_png(chart))


def _chart_png(chart: ChartData) -> bytes:
    """The picture of a :class:`ChartData` for the PDF (the PPTX draws it as a chart object)."""
    rows = [
        {"category": c, "series": name, "value": v, "order": i}
        for name, values in chart.series
        for i, (c, v) in enumerate(zip(chart.categories, values, strict=True))
        if v is not None
    ]
    base = alt.Chart(pd.DataFrame(rows)).properties(title=chart.title, height=300)
    if chart.kind == "bar":
        spec = base.mark_bar(color="#0072B2").encode(
            y=alt.Y("category:N", sort=None, title=None), x=alt.X("value:Q", title=chart.series[0][0])
        )
    else:
        spec = base.mark_line(point=True, strokeWidth=3).encode(
            x=alt.X("category:N", sort=None, title=None, axis=alt.Axis(labelAngle=0)),
            y=alt.Y("value:Q", title=None, scale=alt.Scale(zero=False)),
            color=alt.Color("series:N", title=None, scale=alt.Scale(range=["#0072B2", "#000000"])),
            strokeDash=alt.StrokeDash("series:N", legend=None, scale=alt.Scale(range=[[1, 0], [6, 3]])),
        )
    return _png(localized(spec, "nl"))


def _signals(con, cfg: Config, m: dt.date, access: Access, lang: str) -> Section:
    """What stands out at city level: per category, the rolling 12 months through the month against
    a year before, each change tested, ranked by evidence (q-values over the categories)."""
    period = parse_period(f"{m:%Y-%m}-R12")
    cats = queries.category_list(con)
    cats = list(cats.code[~cats.is_main])
    changes = dashboard.biggest_changes(con, cats, period, len(cats), access, cfg.gemeente_code, "gemeente", lang)
    rises = changes[changes.significance == stats.RISE].head(6) if len(changes) else changes
    table = as_text(rises, TABLES["breakdown_city"], lang) if len(rises) else None
    lines = [
        "Vergelijking van de 12 maanden tot en met de rapportmaand met een jaar eerder, per categorie. "
        + t("changes_method", lang)
    ]
    if table is None:
        lines.append("Geen enkele categorie steeg meer dan de toevalsmarge.")
    return Section("Opvallende signalen: significante stijgingen (hele stad)", lines, table=table)


def _month_signals(con, cfg: Config, m: dt.date, access: Access, lang: str) -> Section:
    """Expected versus observed in the report month (mik.signals), at the finest level the role
    sees unsuppressed."""
    level = signals.signal_level(access)
    res = signals.month_signals(con, m, level, access=access, gemeente=cfg.gemeente_code, lang=lang)
    month = parse_period(f"{m:%Y-%m}").label(lang)
    title = t("signals_title", lang, month=month)
    if res.reason:
        return Section(title, [t(f"signals_{res.reason}", lang, month=month)])
    query = f"python -m mik signals --month {m:%Y-%m} --level {level}"
    lines = [t("signals_method", lang, n=len(res.table), level=t(f"level_{level}", lang), query=query)]
    if res.found.empty:
        lines.insert(0, t("signals_none", lang, month=month, level=t(f"level_{level}", lang)))
        return Section(title, lines)
    return Section(title, lines, table=as_text(res.found.head(10), TABLES["signals"], lang))


def build_raad(con, cfg: Config, quarter: str, access: Access = FULL, lang: str = "nl") -> Report:
    """The quarterly council report for ``quarter`` (YYYY-Qn)."""
    q = parse_period(quarter)
    _, stand = queries.data_period(con)
    as_of = min(stand, q.end - dt.timedelta(days=1))
    synthetic = queries.is_synthetic(con)
    year = q.start.year
    rows = targets.scorecard(con, cfg, year, cfg.gemeente_code, "gemeente", access, as_of)
    sections = [
        Section(
            f"Doelen {year}: stand van zaken",
            [
                "Politie-indicatoren: waarde tot en met het kwartaal en prognose voor het jaareinde "
                "(seizoensgecorrigeerd). Enquête-indicatoren: laatste meting met 95%-interval."
            ],
            table=_status_rows(rows, cfg, lang),
        )
    ]
    for theme in cfg.themes:
        theme_rows = [r for r in rows if r.indicator.theme == theme.id]
        if theme_rows:
            sections.append(
                Section(theme.name(lang), [f"{r.indicator.name(lang)}: {r.status.reason(lang)}" for r in theme_rows])
            )
    comp, pictures = [], []
    indicator_ids = {i.id for i in cfg.indicators}
    cat_names = dict(zip(*(queries.category_list(con)[c] for c in ("code", "name_nl")), strict=True))
    for measure in comparisons.peer_measures(con, cfg):
        years = sorted(queries.peer_values(con, measure).year.unique())
        years = [y for y in years if y <= year] or years
        if not years:
            continue
        df = comparisons.peer_comparison(con, cfg, measure, int(years[-1]))
        city = df[df.is_city]
        mean = df[df.gemeente_code.str.endswith(":mean")]
        if measure in indicator_ids:
            name, unit = cfg.indicator(measure).name(lang), cfg.indicator(measure).unit
        else:
            name, unit = f"{cat_names.get(measure, measure)} per 1.000 inwoners", "per_1000"
        if measure in indicator_ids and len(pictures) < 4 and df.value.notna().any():
            unit_label = {"per_1000": "per 1.000 inwoners", "percent": "%", "score": "rapportcijfer"}.get(unit, "")
            chart = build_peer_chart(df, unit_label, lang).properties(title=f"{name}, {years[-1]}", height=170)
            pictures.append(_png(chart, 560))
        comp.append(
            {
                "Maat": name,
                "Jaar": int(years[-1]),
                "Stad": fmt_number(city.value.iloc[0], 1, lang) if len(city) else "–",
                "G32/G40": fmt_number(mean.value.iloc[0], 1, lang) if len(mean) else "–",
                "Rang (7)": city.rank_range.iloc[0] if len(city) and pd.notna(city["rank"].iloc[0]) else "–",
                "t.o.v. G32/G40": t(city.vs_group.iloc[0], lang) if len(city) else "–",
            }
        )
    sections.append(
        Section(
            "Vergelijking met G32/G40 en de referentiegemeenten",
            [
                "Rang 1 is de gunstigste waarde van de zeven gemeenten. Een rang als 3–6 betekent: met de "
                "95%-intervallen (enquête, of de toevalsmarge van de aantallen) is niet vast te stellen welke van die "
                "plaatsen het is. 't.o.v. G32/G40' zegt of de stad significant beter of slechter is dan het "
                "gemiddelde (haar interval ligt er helemaal naast). De stippellijn in de grafieken is het "
                "G32/G40-gemiddelde, de lijntjes de 95%-intervallen."
            ],
            table=pd.DataFrame(comp),
            images=pictures,
        )
    )
    survey = []
    for ind in cfg.indicators:
        if ind.source != "survey":
            continue
        vals = queries.survey_values(con, ind.id, cfg.gemeente_code)
        vals = vals[vals.year <= year]
        if len(vals):
            v = vals.iloc[-1]
            survey.append(
                {
                    "Indicator": ind.name(lang),
                    "Jaar": int(v.year),
                    "Waarde": fmt_value(v.value, ind.unit, lang),
                    "95%-interval": f"{fmt_number(v.lower, 1, lang)} – {fmt_number(v.upper, 1, lang)}",
                }
            )
    sections.append(
        Section("Veiligheidsbeleving (enquête) met betrouwbaarheidsintervallen", table=pd.DataFrame(survey))
    )
    acts = queries.activities(con)
    counts = dashboard.activity_counts(acts)
    counts["theme_id"] = counts.theme_id.map({t.id: t.name(lang) for t in cfg.themes})
    sections.append(
        Section(
            "Uitvoering van het plan: acties naar status",
            [f"{len(acts)} acties; stand van de laatste statusmelding."],
            table=counts.rename(columns={"theme_id": "Thema"}),
        )
    )
    subtitle = f"{cfg.gemeente_name} · {q.label(lang)} · stand per {as_of:%d-%m-%Y}"
    return Report(
        "raad",
        "Kwartaalrapportage veiligheid aan de raad",
        subtitle,
        synthetic,
        sections,
        _footer(synthetic, access, as_of),
    )


def _footer(synthetic: bool, access: Access, as_of: dt.date) -> str:
    mark = f"{DEMO_MARK} · " if synthetic else ""
    suppression = "" if access.unsuppressed else f" · kleine aantallen (<{access.threshold}) afgeschermd"
    return f"{mark}MIK · rol {access.role}{suppression} · stand per {as_of:%d-%m-%Y}"


# --- renderers --------------------------------------------------------------------------------


def _fixed_dates(xlsx: bytes) -> bytes:
    """An .xlsx with its document dates and zip entry dates fixed (deterministic output)."""
    import re
    import zipfile

    src = zipfile.ZipFile(io.BytesIO(xlsx))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = re.sub(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", b"2000-01-01T00:00:00Z", data)
            dst.writestr(zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0)), data, zipfile.ZIP_DEFLATED)
    return out.getvalue()


STATUS_CODE_OF_WORD = {word: code for code, words in targets.STATUS_WORDS.items() for word in words}


def render_pptx(report: Report) -> bytes:
    """16:9 slides. A report whose first section is a scorecard (the driehoek deck) opens with it:
    title, stand and every indicator's status on slide 1. Charts are PowerPoint chart objects."""
    from pptx import Presentation
    from pptx.dml.color import RGBColor
    from pptx.util import Emu, Inches, Pt

    prs = Presentation()
    prs.slide_width, prs.slide_height = Emu(12192000), Emu(6858000)  # 13.333 × 7.5 inch: exactly 16:9
    blank = prs.slide_layouts[6]

    def text(slide, body, left, top, width, height, size, bold=False):
        box = slide.shapes.add_textbox(Inches(left), Inches(top), Inches(width), Inches(height))
        frame = box.text_frame
        frame.word_wrap = True
        for i, line in enumerate(body if isinstance(body, list) else [body]):
            p = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
            p.text = line
            p.font.size = Pt(size)
            p.font.bold = bold

    def footer(slide):
        text(slide, report.footer, 0.4, 7.0, 12.5, 0.4, 10)

    def table(slide, sec, left, top, width):
        t = sec.table.head(12).astype(str)
        shape = slide.shapes.add_table(
            len(t) + 1, len(t.columns), Inches(left), Inches(top), Inches(width), Emu(300000 * (len(t) + 1))
        )
        for j, col in enumerate(t.columns):
            shape.table.cell(0, j).text = str(col)
        for i, row in enumerate(t.itertuples(index=False), start=1):
            for j, value in enumerate(row):
                shape.table.cell(i, j).text = str(value)
        for cell in (c for r in shape.table.rows for c in r.cells):
            for p in cell.text_frame.paragraphs:
                p.font.size = Pt(12)
        if sec.status_column in t.columns:  # the status in its colour, with its icon and word
            j = list(t.columns).index(sec.status_column)
            for i, word in enumerate(t[sec.status_column], start=1):
                code = STATUS_CODE_OF_WORD.get(word)
                if code is None:
                    continue
                colour, icon = targets.STATUS_STYLE[code]
                cell = shape.table.cell(i, j)
                cell.text = f"{icon} {word}"
                cell.fill.solid()
                cell.fill.fore_color.rgb = RGBColor.from_string(colour.lstrip("#"))
                for p in cell.text_frame.paragraphs:  # black on every status colour: contrast 4.5:1 or more
                    p.font.size, p.font.bold, p.font.color.rgb = Pt(12), True, RGBColor(0, 0, 0)

    def native_chart(slide, chart: ChartData, left, top, width, height):
        from pptx.chart.data import CategoryChartData
        from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION

        data = CategoryChartData(number_format=chart.number_format)
        data.categories = chart.categories
        for name, values in chart.series:
            data.add_series(name, values)
        kind = XL_CHART_TYPE.LINE if chart.kind == "line" else XL_CHART_TYPE.BAR_CLUSTERED
        frame = slide.shapes.add_chart(kind, Inches(left), Inches(top), Inches(width), Inches(height), data)
        c = frame.chart
        # the chart's numbers live in an embedded workbook, written with today's date: fix it, so the
        # same data gives the same file
        c.part.chart_workbook.update_from_xlsx_blob(_fixed_dates(c.part.chart_workbook.xlsx_part.blob))
        c.has_title = True
        c.chart_title.text_frame.text = chart.title
        c.chart_title.text_frame.paragraphs[0].font.size = Pt(14)
        c.has_legend = len(chart.series) > 1
        if c.has_legend:
            c.legend.position, c.legend.include_in_layout = XL_LEGEND_POSITION.BOTTOM, False
        c.font.size = Pt(12)
        if chart.kind == "line":
            for n, plot_series in enumerate(c.plots[0].series):
                plot_series.smooth = False
                plot_series.format.line.width = Pt(3 if n == 0 else 2)
                plot_series.format.line.color.rgb = RGBColor.from_string("0072B2" if n == 0 else "000000")
                if n:
                    from pptx.enum.dml import MSO_LINE_DASH_STYLE

                    plot_series.format.line.dash_style = MSO_LINE_DASH_STYLE.DASH

    sections = list(report.sections)
    if sections and sections[0].status_column:  # slide 1: title, stand and the scorecard
        first = sections.pop(0)
        slide = prs.slides.add_slide(blank)
        text(slide, f"{report.title} · {first.title}", 0.4, 0.2, 12.5, 0.7, 28, True)
        text(slide, [report.subtitle, *first.lines], 0.4, 0.9, 12.5, 0.8, 16)
        if report.synthetic:
            text(slide, DEMO_MARK, 8.4, 0.95, 4.5, 0.4, 14, True)
        table(slide, first, 0.4, 1.8, 12.5)
        footer(slide)
    else:
        slide = prs.slides.add_slide(blank)
        text(slide, report.title, 0.6, 2.2, 12, 1.2, 40, True)
        text(slide, report.subtitle, 0.6, 3.5, 12, 0.8, 22)
        if report.synthetic:
            text(slide, DEMO_MARK, 0.6, 4.5, 12, 0.6, 20, True)
        footer(slide)
    for sec in sections:
        slide = prs.slides.add_slide(blank)
        text(slide, sec.title, 0.4, 0.2, 12.5, 0.8, 28, True)
        visual = bool(sec.charts or sec.images)
        if sec.lines:
            text(slide, sec.lines, 0.4, 1.0, 12.5 if not visual else 5.6, 2.5, 14)
        if sec.charts:
            native_chart(slide, sec.charts[0], 6.2, 1.0, 6.8, 5.6)
        elif sec.images:
            slide.shapes.add_picture(io.BytesIO(sec.images[0]), Inches(6.2), Inches(1.0), width=Inches(6.8))
        if sec.table is not None and len(sec.table):
            table(slide, sec, 0.4, 3.6 if sec.lines else 1.1, 5.6 if visual else 12.5)
        footer(slide)
    fixed = dt.datetime(2000, 1, 1)
    prs.core_properties.created = fixed
    prs.core_properties.modified = fixed
    prs.core_properties.last_printed = fixed
    prs.core_properties.title = report.title
    prs.core_properties.author = "MIK"
    buf = io.BytesIO()
    prs.save(buf)
    return normalise_zip(buf.getvalue())


def render_pdf(report: Report) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import cm
    from reportlab.platypus import Image, PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    styles = getSampleStyleSheet()
    buf = io.BytesIO()
    size = (33.867 * cm, 19.05 * cm) if report.kind == "driehoek" else A4  # the deck: 16:9, as its slides
    doc = SimpleDocTemplate(
        buf,
        pagesize=size,
        title=report.title,
        author="MIK",
        invariant=1,
        leftMargin=1.5 * cm,
        rightMargin=1.5 * cm,
        topMargin=1.5 * cm,
        bottomMargin=1.5 * cm,
    )

    def on_page(canvas, _doc):
        canvas.saveState()
        canvas.setFont("Helvetica", 8)
        canvas.drawString(1.5 * cm, 0.8 * cm, report.footer)
        canvas.drawRightString(size[0] - 1.5 * cm, 0.8 * cm, str(canvas.getPageNumber()))
        canvas.restoreState()

    def esc(s: str) -> str:
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

    story = [Paragraph(esc(report.title), styles["Title"]), Paragraph(esc(report.subtitle), styles["Heading2"])]
    if report.synthetic:
        story.append(Paragraph(f"<b>{DEMO_MARK}</b>", styles["Heading3"]))
    usable = size[0] - 3 * cm
    for n, sec in enumerate(report.sections):
        if report.kind == "driehoek" and n:
            story.append(PageBreak())
        story.append(Paragraph(esc(sec.title), styles["Heading2"]))
        story += [Paragraph(esc(line), styles["BodyText"]) for line in sec.lines]
        for png in sec.images:
            img = Image(io.BytesIO(png))
            scale = min(usable / img.drawWidth, (size[1] * 0.45) / img.drawHeight, 1.0)
            img.drawWidth, img.drawHeight = img.drawWidth * scale, img.drawHeight * scale
            story += [Spacer(1, 4), img]
        if sec.table is not None and len(sec.table):
            data = [list(map(str, sec.table.columns))] + [
                [esc(str(v)) for v in row] for row in sec.table.itertuples(index=False)
            ]
            cells = [[Paragraph(c, styles["BodyText"]) for c in row] for row in data]
            table = Table(cells, repeatRows=1, colWidths=[usable / len(data[0])] * len(data[0]))
            table.setStyle(
                TableStyle(
                    [
                        ("GRID", (0, 0), (-1, -1), 0.3, colors.grey),
                        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#DDDDDD")),
                    ]
                )
            )
            story += [Spacer(1, 6), table]
        story.append(Spacer(1, 10))
    doc.build(story, onFirstPage=on_page, onLaterPages=on_page)
    return buf.getvalue()


def render(report: Report, fmt: str) -> bytes:
    if fmt == "pptx":
        return render_pptx(report)
    if fmt == "pdf":
        return render_pdf(report)
    raise ValueError(f"unknown format {fmt!r}; use pptx or pdf")


def latest_month(con) -> str:
    _, stand = queries.data_period(con)
    return f"{last_complete_month(stand):%Y-%m}"
