"""A report as PowerPoint (16:9): native tables and charts (python-pptx), fixed dates so that the
same data gives the same file byte for byte."""

from __future__ import annotations

import datetime as dt
import io

from mik.figures import targets
from mik.output.document import DEMO_MARK, ChartData, Report
from mik.output.exports import normalise_zip


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
