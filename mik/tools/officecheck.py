"""The meeting documents as their readers see them: the PPTX laid out by a real office suite
(LibreOffice headless, Debian's ``libreoffice-impress``) and every PDF read back as pages, then
checked for what a reader would notice.

:func:`office_pdf` converts PPTX files with ``soffice --headless --convert-to pdf`` (a private
profile per call, so parallel runs do not share one); :func:`check` reads a PDF's characters with
their boxes (pypdfium2) and reports, per page:

- **outside**: a character outside the page or slide;
- **broken**: a word on the page that is not a word of the report (a word split over two lines, as
  "Categori e", or cut off), numbers aside;
- **overlap**: characters of different lines on top of each other (a title over a legend, text
  past its box into the next), or text that a shape or picture drawn later paints over (a table
  over a text box);
- **orphan**: a page after the first with no heading, no picture or chart and only a few lines (the
  tail of a table that spilled over);
- **chart**: a chart of the report whose title is on no page, or whose page draws no chart.

``python -m mik check-documents`` runs it on the reports of the installation it points at; the
tests run it for the demo, a second city and a sparse installation, for every role.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from mik.figures import targets
from mik.output.document import DEMO_MARK, Report

TRIM = ".,:;()[]'\"‘’“”·–-…/"
FOOTER_BAND = 0.06  # the bottom of a page where the footer and page number are


class OfficeMissing(RuntimeError):
    """LibreOffice (soffice) is not installed."""


def soffice() -> str:
    path = shutil.which("soffice") or shutil.which("libreoffice")
    if path is None:
        raise OfficeMissing("LibreOffice is not installed (Debian: apt-get install libreoffice-impress)")
    return path


def office_pdf(files: dict[str, bytes], timeout: float = 180) -> dict[str, bytes]:
    """Each PPTX of ``files`` (name -> bytes) as LibreOffice prints it to PDF, in one soffice run."""
    with tempfile.TemporaryDirectory(prefix="mik-office-") as tmp:
        root = Path(tmp)
        names = []
        for name, data in files.items():
            (root / f"{name}.pptx").write_bytes(data)
            names.append(str(root / f"{name}.pptx"))
        cmd = [
            soffice(),
            f"-env:UserInstallation=file://{root / 'profile'}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(root / "out"),
            *names,
        ]
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
        out = {}
        for name in files:
            pdf = root / "out" / f"{name}.pdf"
            if not pdf.exists():
                raise RuntimeError(f"LibreOffice made no PDF of {name}: {done.stdout} {done.stderr}")
            out[name] = pdf.read_bytes()
        return out


def report_words(report: Report) -> set[str]:
    """Every word a report may show, as :func:`_norm` makes it: titles, lines, table cells and
    headers, chart titles, categories and series, footer, the demo mark, status icons and the
    renderer's own words."""
    texts = [report.title, report.subtitle, report.footer, DEMO_MARK, "vervolg", "Driehoek-rapportage"]
    texts += [icon for _, icon in targets.STATUS_STYLE.values()]
    for sec in report.sections:
        texts += [sec.title, *sec.lines]
        if sec.table is not None:
            texts += [str(c) for c in sec.table.columns]
            texts += [str(v) for row in sec.table.itertuples(index=False) for v in row]
        for chart in sec.charts:
            texts += [chart.title, *chart.categories, *(name for name, _ in chart.series)]
    words = set()
    for text in texts:
        for word in str(text).split():
            words.add(_norm(word))
            words.update(_norm(part) for part in re.split(r"[/–-]", word))  # a suite may break at / or -
    return words


def _norm(word: str) -> str:
    return word.replace("\ufffe", "-").strip(TRIM).lower()


def _squash(text: str) -> str:
    """Text without spaces, lower case: a heading matched however its line was broken."""
    return "".join(text.split()).lower()[:40]


@dataclass
class Char:
    text: str
    box: tuple[float, float, float, float]  # left, bottom, right, top in points: the glyph's ink
    line: float  # the baseline: one value for a whole line
    angle: float
    index: int


def _chars(page) -> list[Char]:
    import ctypes

    import pypdfium2.raw as raw

    tp = page.get_textpage()
    x, y = ctypes.c_double(), ctypes.c_double()
    out = []
    for k in range(tp.count_chars()):
        text = tp.get_text_range(k, 1)
        box = tp.get_charbox(k)
        raw.FPDFText_GetCharOrigin(tp.raw, k, x, y)
        out.append(Char(text, box, y.value, raw.FPDFText_GetCharAngle(tp.raw, k), k))
    return out


def _objects(page) -> tuple[dict[str, int], list[tuple[float, float, float, float]]]:
    """In one pass over the page's objects: how many paths, pictures and texts it draws, and the
    bounds of each text that a filled shape or picture drawn later paints over (a table on top of
    a text box)."""
    import ctypes

    import pypdfium2.raw as raw

    kinds = {raw.FPDF_PAGEOBJ_PATH: "path", raw.FPDF_PAGEOBJ_IMAGE: "image", raw.FPDF_PAGEOBJ_TEXT: "text"}
    counts = {"path": 0, "image": 0, "text": 0}
    texts, covered = [], []
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    for obj in page.get_objects(max_depth=3):
        kind = kinds.get(obj.type)
        if kind is None:
            continue
        counts[kind] += 1
        if kind == "text":
            texts.append(obj.get_bounds())
            continue
        if kind == "path":
            raw.FPDFPath_GetDrawMode(obj.raw, fill, stroke)
            if not fill.value:
                continue
        left, b, r, t = obj.get_bounds()
        for box in texts:
            w, h = min(r, box[2]) - max(left, box[0]), min(t, box[3]) - max(b, box[1])
            if w > 2 and h > 2 and box not in covered:
                covered.append(box)
    return counts, covered


def _words(chars: list[Char]) -> list[tuple[str, list[Char]]]:
    words, cur = [], []
    for c in chars:
        if c.text.isspace() or c.text in ("", "\x00"):
            if cur:
                words.append(("".join(x.text for x in cur), cur))
            cur = []
        else:
            cur.append(c)
    if cur:
        words.append(("".join(x.text for x in cur), cur))
    return words


def _lines(chars: list[Char], height: float) -> list[str]:
    """The lines of text on a page above the footer band, top first."""
    rows: dict[int, list[Char]] = {}
    for c in chars:
        if c.text.isspace() or c.line <= height * FOOTER_BAND or abs(c.angle) > 1e-3:
            continue
        y = round(c.line / 3)  # within 3 points: one line
        rows.setdefault(y, []).append(c)
    return ["".join(c.text for c in sorted(rows[y], key=lambda c: c.box[0])) for y in sorted(rows, reverse=True)]


def _overlaps(chars: list[Char]) -> list[tuple[str, str]]:
    """Pairs of characters (not neighbours in the text, not rotated) whose boxes overlap by more
    than a third of the smaller."""
    import numpy as np

    cs = [c for c in chars if not c.text.isspace() and abs(c.angle) < 1e-3 and c.box[2] > c.box[0]]
    if len(cs) < 2:
        return []
    b = np.array([c.box for c in cs], dtype=float)
    idx = np.array([c.index for c in cs])
    area = (b[:, 2] - b[:, 0]) * (b[:, 3] - b[:, 1])
    found = []
    for i in range(len(cs)):
        w = np.minimum(b[i, 2], b[:, 2]) - np.maximum(b[i, 0], b[:, 0])
        h = np.minimum(b[i, 3], b[:, 3]) - np.maximum(b[i, 1], b[:, 1])
        inter = np.where((w > 0) & (h > 0), w * h, 0.0)
        small = np.minimum(area[i], area)
        hit = (inter > small / 3) & (np.abs(idx - idx[i]) > 2) & (np.arange(len(cs)) > i)
        for j in np.flatnonzero(hit)[:1]:
            found.append((cs[i].text, cs[j].text))
        if len(found) > 5:
            break
    return found


@dataclass
class Problem:
    page: int
    kind: str
    detail: str

    def __str__(self) -> str:
        return f"page {self.page}: {self.kind}: {self.detail}"


def check(pdf: bytes, report: Report, *, native: bool) -> list[Problem]:
    """What a reader of ``pdf`` would notice: ``report`` rendered by MIK (``native=False``: charts
    are pictures) or its PPTX laid out by an office suite (``native=True``: charts are drawn)."""
    import pypdfium2 as pdfium

    known = report_words(report)
    headings = [_squash(" ".join(sec.title.split()[:3])) for sec in report.sections] + [_squash(report.title)]
    doc = pdfium.PdfDocument(pdf)
    problems: list[Problem] = []
    page_text, page_objects = [], []
    for n, page in enumerate(doc, start=1):
        width, height = page.get_size()
        chars = _chars(page)
        objects, covered = _objects(page)
        text = " ".join("".join(c.text for c in chars).split())
        page_text.append(text)
        page_objects.append(objects)
        for c in chars:
            left, b, r, t = c.box
            if not c.text.isspace() and (left < -1 or b < -1 or r > width + 1 or t > height + 1):
                where = f"at {left:.0f},{b:.0f} on a {width:.0f}x{height:.0f} page"
                problems.append(Problem(n, "outside", f"{c.text!r} {where}"))
                break
        for word, _cs in _words(chars):
            w = _norm(word)
            if w and not any(ch.isdigit() for ch in w) and w not in known:
                problems.append(Problem(n, "broken", f"{word!r} is not a word of the report"))
        for a, b in _overlaps(chars):
            problems.append(Problem(n, "overlap", f"{a!r} over {b!r}"))
        for left, b, r, t in covered[:3]:
            under = "".join(
                c.text for c in chars if left <= (c.box[0] + c.box[2]) / 2 <= r and b <= (c.box[1] + c.box[3]) / 2 <= t
            )
            problems.append(Problem(n, "overlap", f"text painted over: {under[:60]!r}"))
        lines = _lines(chars, height)
        top = _squash(lines[0]) if lines else ""
        heading = any(top.startswith(h) for h in headings)
        if n > 1 and objects["image"] == 0 and not heading and len(lines) < 6:
            problems.append(Problem(n, "orphan", f"{len(lines)} lines and no heading: {text[:80]!r}"))
    for sec in report.sections:
        if not (sec.charts or sec.images):
            continue
        title = " ".join(sec.title.split())
        pages = [i for i, t in enumerate(page_text) if title in t]
        if not pages:
            problems.append(Problem(0, "chart", f"no page has the section {title!r}"))
        elif native and sec.charts:  # PowerPoint chart objects: drawn as lines by the office suite
            name = " ".join(sec.charts[0].title.split())
            if not any(name in page_text[i] and page_objects[i]["path"] >= 10 for i in pages):
                problems.append(Problem(pages[0] + 1, "chart", f"the chart {name!r} is not drawn"))
        elif not any(page_objects[i]["image"] for i in pages):
            problems.append(Problem(pages[0] + 1, "chart", f"the section {title!r} has no picture"))
    return problems


def pages_png(pdf: bytes, width: int = 1400) -> list[bytes]:
    """Every page of ``pdf`` as a PNG ``width`` pixels wide (README pictures, screenshots)."""
    import io

    import pypdfium2 as pdfium

    out = []
    for page in pdfium.PdfDocument(pdf):
        image = page.render(scale=width / page.get_size()[0]).to_pil()
        buf = io.BytesIO()
        image.save(buf, "PNG", optimize=True)
        out.append(buf.getvalue())
    return out
