"""A report as PDF (16:9 pages, reportlab in invariant mode: the same data gives the same file)."""

from __future__ import annotations

import io

from mik.output.document import DEMO_MARK, Report


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
