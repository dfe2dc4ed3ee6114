"""Text and tables measured before they are placed, so that nothing runs out of its box.

An office suite wraps text itself; to know how tall a text box or table row will be, MIK measures
the text with the font's own advance widths and wraps it the way PowerPoint and LibreOffice do
(greedy, at spaces, a word never broken). The PPTX names **Calibri**; LibreOffice lays it out with
**Carlito**, which has Calibri's metrics, so both suites break the lines where MIK expects. The
widths (``calibri_widths.json``) come from Carlito's font file, so measuring needs no font on the
server. The PDF uses reportlab's Helvetica and its own metrics (:func:`helvetica`).

A table gets column widths from its content: at least its longest word (plus the cell margins); the
room left goes first to the columns that need little to fit on one line, the rest is shared. Rows that do not fit the
height go on to the next page, split evenly (no page with a few orphan rows).
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

FONT = "Calibri"  # what the PPTX names; LibreOffice lays it out with Carlito (the same metrics)
LINE = 1.22  # line height in em: Calibri's ascent, descent and line gap
WIDE = 1000  # a character the table does not know (symbols, emoji): one em, never less

Measure = Callable[[str, float, bool], float]  # text, size in pt, bold -> width in points


@cache
def _widths() -> dict[bool, dict[str, int]]:
    raw = json.loads((Path(__file__).with_name("calibri_widths.json")).read_text(encoding="utf-8"))
    styles = ((False, "regular"), (True, "bold"))
    return {bold: dict(zip(raw[key]["chars"], raw[key]["widths"], strict=True)) for bold, key in styles}


def calibri(text: str, size: float, bold: bool = False) -> float:
    """The width of ``text`` in points, set in Calibri (or Carlito) at ``size`` pt.

    >>> round(calibri("Maastricht", 12), 1)
    52.9
    """
    w = _widths()[bold]
    return sum(w.get(c, WIDE) for c in text) * size / 1000


def helvetica(text: str, size: float, bold: bool = False) -> float:
    """The width of ``text`` in points in reportlab's Helvetica (the PDF's font)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    return stringWidth(text, "Helvetica-Bold" if bold else "Helvetica", size)


def longest_word(text: str, size: float, bold: bool = False, measure: Measure = calibri) -> float:
    return max((measure(word, size, bold) for word in str(text).split()), default=0.0)


def wrap(text: str, width: float, size: float, bold: bool = False, measure: Measure = calibri) -> list[str]:
    """``text`` broken into lines no wider than ``width`` points, at spaces only; a word wider than
    the line stays whole on its own line (callers make boxes at least as wide as their longest word).

    >>> wrap("de duidelijkste veranderingen per buurt", 60, 12)
    ['de', 'duidelijkste', 'veranderingen', 'per buurt']
    """
    lines: list[str] = []
    for paragraph in str(text).split("\n"):
        line = ""
        for word in paragraph.split():
            candidate = f"{line} {word}" if line else word
            if line and measure(candidate, size, bold) > width:
                lines.append(line)
                line = word
            else:
                line = candidate
        lines.append(line)
    return lines


def text_height(lines: int, size: float) -> float:
    """The height in points of ``lines`` lines at ``size`` pt."""
    return lines * size * LINE


@dataclass(frozen=True)
class TableLayout:
    """Column widths and row heights in points (row 0 is the header), at font ``size``."""

    widths: list[float]
    heights: list[float]
    size: float

    @property
    def header(self) -> float:
        return self.heights[0]


def table_layout(
    rows: Sequence[Sequence[str]],
    width: float,
    size: float,
    *,
    margin: float = 7.2,
    padding: float = 3.6,
    measure: Measure = calibri,
    slack: float = 1.04,
) -> TableLayout | None:
    """Column widths from content for ``rows`` (the header first) in ``width`` points, or None when
    even the longest words do not fit side by side. ``margin`` is a cell's left plus right inner
    margin (each), ``padding`` its top and bottom; ``slack`` keeps a few per cent spare for the
    office suite's own rounding. The header is bold."""
    cols = len(rows[0])

    def cell_need(r: int, c: int, fn) -> float:
        return fn(str(rows[r][c]), size, r == 0) * slack + 2 * margin

    def word(text: str, size: float, bold: bool) -> float:
        return longest_word(text, size, bold, measure)

    least = [max(cell_need(r, c, word) for r in range(len(rows))) for c in range(cols)]
    full = [max(cell_need(r, c, measure) for r in range(len(rows))) for c in range(cols)]
    if sum(least) > width:
        return None
    spare = width - sum(least)
    wanted = [f - m for f, m in zip(full, least, strict=True)]
    if sum(wanted) <= spare:  # everything on one line: the spare room goes to every column alike
        widths = [f + (spare - sum(wanted)) / cols for f in full]
    else:  # water-filling: a column that needs little gets all it needs (one line), the rest share
        extra = [0.0] * cols
        open_ = set(range(cols))
        while open_:
            share = spare / len(open_)
            done = {c for c in open_ if wanted[c] - extra[c] <= share}
            if not done:
                for c in open_:
                    extra[c] += share
                break
            for c in done:
                spare -= wanted[c] - extra[c]
                extra[c] = wanted[c]
            open_ -= done
        widths = [m + e for m, e in zip(least, extra, strict=True)]
    heights = [
        max(
            text_height(len(wrap(str(row[c]), (widths[c] - 2 * margin) / slack, size, r == 0, measure)), size)
            + 2 * padding
            for c in range(cols)
        )
        for r, row in enumerate(rows)
    ]
    return TableLayout(widths, heights, size)


def fit_table(rows: Sequence[Sequence[str]], width: float, sizes: Sequence[float], **kw) -> TableLayout:
    """The layout at the largest of ``sizes`` whose longest words fit ``width``; ValueError when
    none does (a table that cannot be shown without breaking words is a report bug)."""
    for size in sizes:
        layout = table_layout(rows, width, size, **kw)
        if layout is not None:
            return layout
    raise ValueError(f"table with columns {list(rows[0])} does not fit {width:.0f} pt without breaking words")


def split_rows(heights: Sequence[float], header: float, first: float, later: float, least: int = 3) -> list[range]:
    """The body rows (``heights``, the header not included) per page: the first page has ``first``
    points, later pages ``later``, each repeating the ``header``. Rows are spread evenly over the
    pages they need, so no page holds only a few orphan rows (at least ``least`` where there are
    that many)."""
    n = len(heights)
    if n == 0:
        return []
    pages = 1
    while True:
        bounds = _balanced(heights, pages)
        if all(
            header + sum(heights[b.start : b.stop]) <= (first if i == 0 else later) + 1e-6 for i, b in enumerate(bounds)
        ):
            break
        if pages >= n:
            raise ValueError("a table row is taller than a page")
        pages += 1
    if pages > 1 and min(len(b) for b in bounds) < min(least, math.ceil(n / pages)):
        raise ValueError("rows could not be spread without an orphan page")
    return bounds


def _balanced(heights: Sequence[float], pages: int) -> list[range]:
    """``heights`` cut into ``pages`` consecutive runs of about equal height."""
    total = sum(heights)
    out, start, acc = [], 0, 0.0
    for p in range(1, pages):
        goal = total * p / pages
        stop = start
        while stop < len(heights) - (pages - p) and acc + heights[stop] / 2 <= goal:
            acc += heights[stop]
            stop += 1
        stop = max(stop, start + 1)
        acc = sum(heights[:stop])
        out.append(range(start, stop))
        start = stop
    out.append(range(start, len(heights)))
    return out
