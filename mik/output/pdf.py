"""A report as PDF (reportlab in invariant mode: the same data gives the same file). The driehoek
deck has 16:9 pages like its slides, one section a page with its chart beside its table; the council
report is A4. Table columns are as wide as their content needs (:mod:`mik.output.layout`, in the
PDF's Helvetica): no word is ever broken inside, a heading stays with its table, and a section is
kept on one page when it fits one (no page with a few orphan rows)."""

from __future__ import annotations

import io

from mik.output import layout
from mik.output.document import DEMO_MARK, Report, Section

PAD_X, PAD_Y = 6.0, 3.0  # reportlab's cell padding
BODY, LEADING = 10.0, 12.0  # BodyText


def render_pdf(report: Report) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import cm
    from reportlab.platypus import (
        Image,
        KeepTogether,
        PageBreak,
        Paragraph,
        SimpleDocTemplate,
        Spacer,
        Table,
        TableStyle,
    )

    styles = getSampleStyleSheet()
    body = styles["BodyText"].clone("mik-body", splitLongWords=0)
    header = body.clone("mik-header", fontName="Helvetica-Bold")
    buf = io.BytesIO()
    deck = report.kind == "driehoek"
    size = (33.867 * cm, 19.05 * cm) if deck else A4  # the deck: 16:9, as its slides
    margin = 1.5 * cm
    doc = SimpleDocTemplate(
        buf,
        pagesize=size,
        title=report.title,
        author="MIK",
        invariant=1,
        leftMargin=margin,
        rightMargin=margin,
        topMargin=margin,
        bottomMargin=margin,
    )
    usable_w, usable_h = size[0] - 2 * margin, size[1] - 2 * margin

    def on_page(canvas, _doc):
        canvas.saveState()
        room, font = size[0] - 2 * margin - 1.2 * cm, 8.0  # beside the page number
        while font > 5.5 and canvas.stringWidth(report.footer, "Helvetica", font) > room:
            font -= 0.5  # a long footer (a role of some wijken, a long name) made smaller, never off the page
        canvas.setFont("Helvetica", font)
        canvas.drawString(margin, 0.8 * cm, report.footer)
        canvas.setFont("Helvetica", 8)
        canvas.drawRightString(size[0] - margin, 0.8 * cm, str(canvas.getPageNumber()))
        canvas.restoreState()

    def esc(s: str) -> str:
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

    def table(sec: Section, width: float):
        rows = [[str(c) for c in sec.table.columns]] + [[str(v) for v in r] for r in sec.table.itertuples(index=False)]
        fit = layout.fit_table(rows, width, (BODY,), margin=PAD_X, padding=PAD_Y, measure=layout.helvetica)
        cells = [[Paragraph(esc(c), header if i == 0 else body) for c in row] for i, row in enumerate(rows)]
        t = Table(cells, repeatRows=1, colWidths=fit.widths)
        t.setStyle(
            TableStyle(
                [
                    ("GRID", (0, 0), (-1, -1), 0.3, colors.grey),
                    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#DDDDDD")),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ]
            )
        )
        return t

    def picture(png: bytes, width: float, height: float):
        img = Image(io.BytesIO(png))
        scale = min(width / img.drawWidth, height / img.drawHeight, 1.0)
        img.drawWidth, img.drawHeight = img.drawWidth * scale, img.drawHeight * scale
        return img

    story = [Paragraph(esc(report.title), styles["Title"]), Paragraph(esc(report.subtitle), styles["Heading2"])]
    if report.synthetic:
        story.append(Paragraph(f"<b>{DEMO_MARK}</b>", styles["Heading3"]))
    for n, sec in enumerate(report.sections):
        if deck and n:
            story.append(PageBreak())
        head = [Paragraph(esc(sec.title), styles["Heading2"]), *(Paragraph(esc(line), body) for line in sec.lines)]
        text_h = sum(p.wrap(usable_w, usable_h)[1] + 6 for p in head) + (90 if not n else 0)
        has_table = sec.table is not None and len(sec.table) > 0
        room = usable_h - text_h - 12
        parts = []
        if deck and sec.images and has_table:  # the chart beside its table, as on the slide
            left = usable_w * 0.45
            right = usable_w - left - 12
            side = Table([[picture(sec.images[0], left, room), table(sec, right)]], colWidths=[left + 12, right])
            side.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
            parts.append(side)
        else:
            for png in sec.images:
                parts += [Spacer(1, 4), picture(png, usable_w, room - 24 if deck else usable_h * 0.45)]
            if has_table:
                parts += [Spacer(1, 6), table(sec, usable_w)]
        story.append(KeepTogether([*head, *parts, Spacer(1, 10)]))
    doc.build(story, onFirstPage=on_page, onLaterPages=on_page)
    return buf.getvalue()
