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

from mik import comparisons, dashboard, queries, targets
from mik.access import FULL, Access
from mik.charts import build_trend_chart
from mik.config import Config
from mik.exports import normalise_zip
from mik.formatting import fmt_number, fmt_value
from mik.indicators import last_complete_month
from mik.periods import Period, add_months, parse_period

DEMO_MARK = "SYNTHETISCHE DEMODATA – geen echte cijfers"


@dataclass
class Section:
    title: str
    lines: list[str] = field(default_factory=list)
    table: pd.DataFrame | None = None
    images: list[bytes] = field(default_factory=list)


@dataclass
class Report:
    kind: str
    title: str
    subtitle: str
    synthetic: bool
    sections: list[Section]
    footer: str


def _png(chart: alt.TopLevelMixin, width: int = 900) -> bytes:
    spec = (
        chart.properties(width=width)
        if hasattr(chart, "properties") and not isinstance(chart, alt.VConcatChart)
        else chart
    )
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
    sections = []
    for theme in cfg.themes:
        if theme.kind == "overig":
            continue
        rows = [r for r in scorecard if r.indicator.theme == theme.id]
        sec = Section(theme.name(lang))
        if not rows:
            sec.lines.append(theme.note_nl or "Geen effectindicator voor dit thema.")
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
            changes = dashboard.biggest_changes(
                con, list(r.indicator.categories), buurt_period, access=access, gemeente=cfg.gemeente_code
            )
            if len(changes):
                sec.table = changes.rename(
                    columns={"name": "Buurt", "count": buurt_period.label(lang), "count_last_year": "vorig jaar"}
                )[["Buurt", buurt_period.label(lang), "vorig jaar", "change"]].rename(columns={"change": "verschil"})
            break
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
    subtitle = f"{cfg.gemeente_name} · {parse_period(month).label(lang)} · stand per {as_of:%d-%m-%Y}"
    return Report(
        "driehoek", "Driehoek-rapportage veiligheid", subtitle, synthetic, sections, _footer(synthetic, access, as_of)
    )


def _signals(con, cfg: Config, m: dt.date, access: Access, lang: str) -> Section:
    """Largest rises at city level: categories, rolling 12 months through the month vs a year before."""
    period = parse_period(f"{m:%Y-%m}-R12")
    cats = queries.category_list(con)
    cats = cats[~cats.is_main]
    rows = []
    for code, name in zip(cats.code, cats.name_nl, strict=True):
        df = comparisons.versus_last_year(con, [code], "gemeente", period, per_1000=False, access=access)
        if df.empty or pd.isna(df["count"].iloc[0]) or pd.isna(df.count_last_year.iloc[0]):
            continue
        now, before = int(df["count"].iloc[0]), int(df.count_last_year.iloc[0])
        if max(now, before) >= 20:
            rows.append(
                {
                    "Categorie": f"{code} {name}",
                    period.label(lang): now,
                    "jaar eerder": before,
                    "verandering": comparisons.change_pct(now, before),
                }
            )
    table = pd.DataFrame(rows)
    if len(table):
        table = table.sort_values("verandering", ascending=False, kind="stable").head(6)
        table["verandering"] = [f"{fmt_number(v, 1, lang)}%" for v in table.verandering]
    return Section(
        "Opvallende signalen: grootste stijgingen (hele stad)",
        [
            "Vergelijking van de 12 maanden tot en met de rapportmaand met een jaar eerder; "
            "alleen categorieën met minstens 20 registraties."
        ],
        table=table,
    )


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
    comp = []
    for measure in comparisons.peer_measures(con, cfg):
        years = sorted(queries.peer_values(con, measure).year.unique())
        years = [y for y in years if y <= year] or years
        if not years:
            continue
        df = comparisons.peer_comparison(con, cfg, measure, int(years[-1]))
        city = df[df.is_city]
        mean = df[df.gemeente_code.str.endswith(":mean")]
        comp.append(
            {
                "Maat": measure,
                "Jaar": int(years[-1]),
                "Stad": fmt_number(city.value.iloc[0], 1, lang) if len(city) else "–",
                "G32/G40": fmt_number(mean.value.iloc[0], 1, lang) if len(mean) else "–",
                "Rang (7)": int(city["rank"].iloc[0]) if len(city) and pd.notna(city["rank"].iloc[0]) else "–",
            }
        )
    sections.append(Section("Vergelijking met G32/G40 en de referentiegemeenten", table=pd.DataFrame(comp)))
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


def render_pptx(report: Report) -> bytes:
    from pptx import Presentation
    from pptx.util import Emu, Inches, Pt

    prs = Presentation()
    prs.slide_width, prs.slide_height = Inches(13.333), Inches(7.5)
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

    slide = prs.slides.add_slide(blank)
    text(slide, report.title, 0.6, 2.2, 12, 1.2, 40, True)
    text(slide, report.subtitle, 0.6, 3.5, 12, 0.8, 22)
    if report.synthetic:
        text(slide, DEMO_MARK, 0.6, 4.5, 12, 0.6, 20, True)
    footer(slide)
    for sec in report.sections:
        slide = prs.slides.add_slide(blank)
        text(slide, sec.title, 0.4, 0.2, 12.5, 0.8, 28, True)
        top = 1.0
        if sec.lines:
            text(slide, sec.lines, 0.4, top, 12.5 if not sec.images else 5.6, 2.5, 14)
        if sec.images:
            slide.shapes.add_picture(io.BytesIO(sec.images[0]), Inches(6.2), Inches(1.0), width=Inches(6.8))
        if sec.table is not None and len(sec.table):
            t = sec.table.head(12).astype(str)
            left, width = (0.4, 5.6) if sec.images else (0.4, 12.5)
            shape = slide.shapes.add_table(
                len(t) + 1,
                len(t.columns),
                Inches(left),
                Inches(3.6 if sec.lines else 1.1),
                Inches(width),
                Emu(300000 * (len(t) + 1)),
            )
            for j, col in enumerate(t.columns):
                shape.table.cell(0, j).text = str(col)
            for i, row in enumerate(t.itertuples(index=False), start=1):
                for j, value in enumerate(row):
                    shape.table.cell(i, j).text = str(value)
            for cell in (c for r in shape.table.rows for c in r.cells):
                for p in cell.text_frame.paragraphs:
                    p.font.size = Pt(11)
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
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import cm
    from reportlab.platypus import Image, PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    styles = getSampleStyleSheet()
    buf = io.BytesIO()
    size = landscape(A4) if report.kind == "driehoek" else A4
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
