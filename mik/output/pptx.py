"""A report as PowerPoint (16:9): native tables and charts (python-pptx), fixed dates so that the
same data gives the same file byte for byte.

Every text box, table row and column is measured before it is placed (:mod:`mik.output.layout`):
text is set in Calibri (LibreOffice uses Carlito, with the same metrics), boxes are as tall as their
wrapped lines, columns at least as wide as their longest word, and what does not fit a slide goes on
to a numbered next slide with the table header repeated. Nothing relies on the office suite's
autofit, which PowerPoint and LibreOffice do differently.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

from mik.figures import targets
from mik.output import layout
from mik.output.document import DEMO_MARK, ChartData, Report, Section
from mik.output.exports import normalise_zip

STATUS_CODE_OF_WORD = {word: code for code, words in targets.STATUS_WORDS.items() for word in words}

# the slide in points: 13.333 × 7.5 inch (16:9)
WIDTH, HEIGHT = 960.0, 540.0
LEFT = 29.0  # side margins
CONTENT = WIDTH - 2 * LEFT
TOP = 14.0
BOTTOM = 500.0  # content ends here; the footer sits below
GAP = 10.0
INSET_X, INSET_Y = 7.2, 3.6  # a text box's and a table cell's inner margins (the suites' default)
TITLE_SIZES = (28, 24, 20)
BODY_SIZES = (14, 12)
TABLE_SIZES = (12, 11, 10)
CHART_HEIGHT = 250.0  # the least a chart is given beside or under text
DUTCH = "[$-413]"  # a number format's locale: Dutch, decimal comma (4,5)


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


@dataclass
class Para:
    text: str
    bold: bool = False


def _title_size(title: str) -> float:
    """The largest title size at which ``title`` fits one line, else the smallest (it wraps)."""
    return next(
        (size for size in TITLE_SIZES if len(layout.wrap(title, CONTENT - 2 * INSET_X, size, True)) == 1),
        TITLE_SIZES[-1],
    )


def _lines_height(paras: list[Para], width: float, size: float) -> float:
    inner = width - 2 * INSET_X
    n = sum(len(layout.wrap(p.text, inner, size, p.bold)) for p in paras)
    return layout.text_height(n, size) + 2 * INSET_Y


class Deck:
    """Slides placed top to bottom with a cursor, every size measured."""

    def __init__(self, report: Report):
        from pptx import Presentation
        from pptx.util import Pt

        self.report, self.Pt = report, Pt
        self.prs = Presentation()
        self.prs.slide_width, self.prs.slide_height = Pt(WIDTH), Pt(HEIGHT)
        self.continued: dict[str, int] = {}  # next slides per section title

    # --- text ---------------------------------------------------------------------------------
    def text(self, slide, paras: list[Para], x: float, y: float, w: float, size: float) -> float:
        """A text box of ``paras`` at (x, y), ``w`` wide and as tall as its wrapped lines; its height."""
        from pptx.enum.text import MSO_AUTO_SIZE

        h = _lines_height(paras, w, size)
        Pt = self.Pt
        box = slide.shapes.add_textbox(Pt(x), Pt(y), Pt(w), Pt(h))
        frame = box.text_frame
        frame.word_wrap, frame.auto_size = True, MSO_AUTO_SIZE.NONE
        frame.margin_left = frame.margin_right = Pt(INSET_X)
        frame.margin_top = frame.margin_bottom = Pt(INSET_Y)
        for i, para in enumerate(paras):
            p = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
            run = p.add_run()
            run.text = para.text
            run.font.size, run.font.bold, run.font.name = Pt(size), para.bold, layout.FONT
        return h

    def slide(self, title: str) -> tuple[object, float]:
        """A new slide with its title (wrapped, smaller when long) and footer; the y below the title."""
        slide = self.prs.slides.add_slide(self.prs.slide_layouts[6])
        h = self.text(slide, [Para(title, True)], LEFT, TOP, CONTENT, _title_size(title))
        self.text(slide, [Para(self.report.footer)], LEFT, BOTTOM + 4, CONTENT, 10)
        return slide, TOP + h + 4

    def lines(self, slide, paras: list[Para], x: float, y: float, w: float, room: float) -> tuple[float, list[Para]]:
        """As many of ``paras`` as fit ``room`` points (the body size, or smaller before giving up);
        their height and the paragraphs left for a next slide."""
        if not paras:
            return 0.0, []
        for size in BODY_SIZES:
            if _lines_height(paras, w, size) <= room:
                return self.text(slide, paras, x, y, w, size), []
        size = BODY_SIZES[-1]
        n = len(paras)
        while n > 0 and _lines_height(paras[:n], w, size) > room:
            n -= 1
        if n == 0:
            return 0.0, paras
        return self.text(slide, paras[:n], x, y, w, size), paras[n:]

    # --- tables -------------------------------------------------------------------------------
    def table(self, slide, rows: list[list[str]], fit: layout.TableLayout, x: float, y: float, status: int | None):
        from pptx.dml.color import RGBColor

        Pt = self.Pt
        shape = slide.shapes.add_table(len(rows), len(rows[0]), Pt(x), Pt(y), Pt(sum(fit.widths)), Pt(sum(fit.heights)))
        table = shape.table
        for j, w in enumerate(fit.widths):
            table.columns[j].width = Pt(w)
        for i, h in enumerate(fit.heights):
            table.rows[i].height = Pt(h)
        for i, row in enumerate(rows):
            for j, value in enumerate(row):
                cell = table.cell(i, j)
                cell.margin_left = cell.margin_right = Pt(INSET_X)
                cell.margin_top = cell.margin_bottom = Pt(INSET_Y)
                cell.text_frame.word_wrap = True
                run = cell.text_frame.paragraphs[0].add_run()
                run.text = value
                run.font.size, run.font.name, run.font.bold = Pt(fit.size), layout.FONT, i == 0
                code = STATUS_CODE_OF_WORD.get(value.split(" ", 1)[-1]) if status == j and i else None
                if code is not None:  # the status in its colour, with its icon and word; black on every
                    colour, _icon = targets.STATUS_STYLE[code]  # status colour: contrast 4.5:1 or more
                    cell.fill.solid()
                    cell.fill.fore_color.rgb = RGBColor.from_string(colour.lstrip("#"))
                    run.font.bold, run.font.color.rgb = True, RGBColor(0, 0, 0)

    def table_slides(self, sec: Section, slide, x: float, y: float, w: float) -> None:
        """``sec``'s table at (x, y) in width ``w`` down to the footer, rows that do not fit on numbered
        next slides (full width, header repeated). With no ``slide``, or when only a few rows would
        fit here, the table starts on a next slide."""
        rows = _table_rows(sec)
        status = list(sec.table.columns).index(sec.status_column) if sec.status_column in sec.table.columns else None
        wide = layout.fit_table(rows, CONTENT, TABLE_SIZES)
        later = BOTTOM - self._title_bottom(sec.title)
        parts, first = None, wide
        if slide is not None:
            first = layout.fit_table(rows, w, TABLE_SIZES)
            # the first slide's part in its width, later slides' in full width: split on the taller rows
            heights = [max(a, b) for a, b in zip(first.heights[1:], wide.heights[1:], strict=True)]
            try:
                parts = layout.split_rows(heights, max(first.header, wide.header), BOTTOM - y, later)
            except ValueError:
                parts = None
            if parts and len(parts) > 1 and len(parts[0]) < min(3, len(rows) - 1):
                parts = None  # a few rows here and the rest over the page: all of it on the next slide
        if parts is None:
            parts = [None, *layout.split_rows(wide.heights[1:], wide.header, later, later)]
        for n, part in enumerate(parts):
            if part is None:
                continue
            if n:
                slide, y = self.more(sec)
                x, fit = LEFT, wide
            else:
                fit = first
            chosen = [rows[0]] + [rows[1 + i] for i in part]
            sub = layout.TableLayout(fit.widths, [fit.header] + [fit.heights[1 + i] for i in part], fit.size)
            self.table(slide, chosen, sub, x, y, status)

    def fits(self, sec: Section, w: float, room: float) -> bool:
        """Whether ``sec``'s whole table fits ``w`` by ``room`` points."""
        try:
            return sum(layout.fit_table(_table_rows(sec), w, TABLE_SIZES).heights) <= room
        except ValueError:
            return False

    def more(self, sec: Section) -> tuple[object, float]:
        """A next slide for ``sec``: its title with '(vervolg 2)', '(vervolg 3)', ..."""
        self.continued[sec.title] = self.continued.get(sec.title, 1) + 1
        return self.slide(f"{sec.title} (vervolg {self.continued[sec.title]})")

    def _title_bottom(self, title: str) -> float:
        """Where a next slide of ``title`` ('… (vervolg n)') has its content start."""
        t = f"{title} (vervolg 99)"
        return TOP + _lines_height([Para(t, True)], CONTENT, _title_size(t)) + 4

    # --- charts and pictures ------------------------------------------------------------------
    def chart(self, slide, chart: ChartData, x: float, y: float, w: float, h: float) -> None:
        from pptx.chart.data import CategoryChartData
        from pptx.dml.color import RGBColor
        from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION

        Pt = self.Pt
        data = CategoryChartData(number_format=chart.number_format)
        data.categories = chart.categories
        for name, values in chart.series:
            data.add_series(name, values)
        kind = {"line": XL_CHART_TYPE.LINE, "column": XL_CHART_TYPE.COLUMN_CLUSTERED}.get(
            chart.kind, XL_CHART_TYPE.BAR_CLUSTERED
        )
        c = slide.shapes.add_chart(kind, Pt(x), Pt(y), Pt(w), Pt(h), data).chart
        # the chart's numbers live in an embedded workbook, written with today's date: fix it, so the
        # same data gives the same file
        c.part.chart_workbook.update_from_xlsx_blob(_fixed_dates(c.part.chart_workbook.xlsx_part.blob))
        _dutch_numbers(c)
        c.has_title = True
        c.chart_title.text_frame.text = chart.title
        c.chart_title.text_frame.paragraphs[0].font.size = Pt(14)
        c.has_legend = len(chart.series) > 1
        if c.has_legend:
            c.legend.position, c.legend.include_in_layout = XL_LEGEND_POSITION.BOTTOM, False
        c.font.size, c.font.name = Pt(12), layout.FONT
        axis = c.value_axis
        axis.minimum_scale = 0  # counts and rates from zero: a small change looks small
        axis.tick_labels.number_format = DUTCH + chart.number_format  # LibreOffice honours the locale tag
        axis.tick_labels.number_format_is_linked = False
        if chart.kind == "line":
            for n, plot_series in enumerate(c.plots[0].series):
                plot_series.smooth = False
                plot_series.format.line.width = Pt(3 if n == 0 else 2)
                plot_series.format.line.color.rgb = RGBColor.from_string("0072B2" if n == 0 else "000000")
                if n:
                    from pptx.enum.dml import MSO_LINE_DASH_STYLE

                    plot_series.format.line.dash_style = MSO_LINE_DASH_STYLE.DASH

    def picture(self, slide, png: bytes, x: float, y: float, w: float, h: float) -> None:
        """``png`` as large as fits (x, y, w, h), its shape kept, centred across the width."""
        from PIL import Image

        iw, ih = Image.open(io.BytesIO(png)).size
        scale = min(w / iw, h / ih)
        pw, ph = iw * scale, ih * scale
        slide.shapes.add_picture(io.BytesIO(png), self.Pt(x + (w - pw) / 2), self.Pt(y), self.Pt(pw), self.Pt(ph))

    # --- sections -----------------------------------------------------------------------------
    def cover(self, sec: Section | None) -> None:
        """Slide 1: the title, the stand, the demo mark, and the scorecard when the report opens
        with one (the driehoek deck) - else a title slide."""
        r = self.report
        if sec is None:
            slide = self.prs.slides.add_slide(self.prs.slide_layouts[6])
            y = 160.0
            y += self.text(slide, [Para(r.title, True)], LEFT + 14, y, CONTENT - 28, 40)
            y += self.text(slide, [Para(r.subtitle)], LEFT + 14, y, CONTENT - 28, 22)
            if r.synthetic:
                self.text(slide, [Para(DEMO_MARK, True)], LEFT + 14, y + 10, CONTENT - 28, 20)
            self.text(slide, [Para(r.footer)], LEFT, BOTTOM + 4, CONTENT, 10)
            return
        slide, y = self.slide(f"{r.title} · {sec.title}")
        paras = [Para(r.subtitle), *(Para(line) for line in sec.lines)]
        if r.synthetic:
            paras.append(Para(DEMO_MARK, True))
        h, _rest = self.lines(slide, paras, LEFT, y, CONTENT, BOTTOM - y)
        self.table_slides(sec, slide, LEFT, y + h + 4, CONTENT)

    def section(self, sec: Section) -> None:
        slide, y = self.slide(sec.title)
        paras = [Para(line) for line in sec.lines]
        visual = bool(sec.charts or sec.images)
        has_table = sec.table is not None and len(sec.table) > 0
        if visual and not has_table:  # text left, the chart or picture right
            half = CONTENT * 0.42
            _h, rest = self.lines(slide, paras, LEFT, y, half, BOTTOM - y)
            self._visual(slide, sec, LEFT + half + GAP, y, CONTENT - half - GAP, BOTTOM - y)
        else:  # text over the width; under it the chart left and the table right, or the table alone
            room = BOTTOM - y - (CHART_HEIGHT if visual or has_table else 0)
            h, rest = self.lines(slide, paras, LEFT, y, CONTENT, max(room, 60.0))
            y += h + (4 if h else 0)
            half = (CONTENT - GAP) / 2
            if visual and has_table and self.fits(sec, half, BOTTOM - y):
                self._visual(slide, sec, LEFT, y, half, BOTTOM - y)
                self.table_slides(sec, slide, LEFT + half + GAP, y, half)
            elif visual:  # the chart over the width here, its table on the next slide
                self._visual(slide, sec, LEFT, y, CONTENT, BOTTOM - y)
                if has_table:
                    self.table_slides(sec, None, LEFT, y, CONTENT)
            elif has_table:
                self.table_slides(sec, slide, LEFT, y, CONTENT)
        while rest:  # text that did not fit: on numbered next slides
            slide, y = self.more(sec)
            _h, rest = self.lines(slide, rest, LEFT, y, CONTENT, BOTTOM - y)

    def _visual(self, slide, sec: Section, x: float, y: float, w: float, h: float) -> None:
        if sec.charts:
            self.chart(slide, sec.charts[0], x, y, w, h)
        elif sec.images:
            self.picture(slide, sec.images[0], x, y, w, h)

    def save(self) -> bytes:
        fixed = dt.datetime(2000, 1, 1)
        props = self.prs.core_properties
        props.created = props.modified = props.last_printed = fixed
        props.title, props.author = self.report.title, "MIK"
        buf = io.BytesIO()
        self.prs.save(buf)
        return normalise_zip(buf.getvalue())


def _table_rows(sec: Section) -> list[list[str]]:
    """The header and the rows of ``sec``'s table as text; a status word with its icon."""
    t = sec.table.astype(str)
    rows = [[str(c) for c in t.columns]] + [list(r) for r in t.itertuples(index=False)]
    if sec.status_column in t.columns:
        j = list(t.columns).index(sec.status_column)
        for row in rows[1:]:
            code = STATUS_CODE_OF_WORD.get(row[j])
            if code is not None:
                row[j] = f"{targets.STATUS_STYLE[code][1]} {row[j]}"
    return rows


def _dutch_numbers(chart) -> None:
    """The chart's language set to Dutch (``c:lang``): the office suite then shows 4,5, not 4.5."""
    from lxml import etree

    space = chart._chartSpace
    ns = space.nsmap.get("c") or "http://schemas.openxmlformats.org/drawingml/2006/chart"
    lang = space.find(f"{{{ns}}}lang")
    if lang is None:
        lang = etree.SubElement(space, f"{{{ns}}}lang")
        space.remove(lang)
        space.insert(0, lang)
    lang.set("val", "nl-NL")


def render_pptx(report: Report) -> bytes:
    """16:9 slides. A report whose first section is a scorecard (the driehoek deck) opens with it:
    title, stand and every indicator's status on slide 1. Charts are PowerPoint chart objects."""
    deck = Deck(report)
    sections = list(report.sections)
    deck.cover(sections.pop(0) if sections and sections[0].status_column else None)
    for sec in sections:
        deck.section(sec)
    return deck.save()
