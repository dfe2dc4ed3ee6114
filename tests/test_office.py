"""The meeting documents as their readers see them (issue 24): every deck and report, for every
role, laid out by LibreOffice (the PPTX) or read back as pages (the PDFs), on the demo and on every
data shape of a second city in public formats that has police figures (tests/secondcity.py SHAPES).
The checks are mik.tools.officecheck's: no text outside the page, no word broken or cut, no text
over other text, no orphan page, every chart drawn."""

from __future__ import annotations

import io
import subprocess

import pandas as pd
import pypdfium2 as pdfium
import pytest

from mik.data.store import connect
from mik.output import document, driehoek, raad, render
from mik.output.document import ChartData, Report, Section
from mik.plan.config import load_config
from mik.privacy.access import access_for
from mik.tools import officecheck
from tests.secondcity import SHAPES

#: raad differs from driehoek only in its finest level (wijk, not buurt): its documents are the
#: driehoek's with the wijk map, which the shapes' driehoek decks of sparse cities already lay out
ROLES = ("analist", "driehoek", "publiek")


#: the shapes whose documents differ: yearly totals without population (the sparse city), months of a
#: whole year, the full set under Maastricht's plan, a running year of the police export alone (the
#: other shapes with police figures give the same sections with other numbers)
OFFICE_SHAPES = ("totaal", "maanden", "volledig", "export")
assert set(OFFICE_SHAPES) <= {s.name for s in SHAPES if s.crime != "none" or s.monthly or s.export}


def _installation(request, name: str):
    if name == "demo":
        return request.getfixturevalue("demo_db"), load_config()
    inst = request.getfixturevalue("shape_install")(name.removeprefix("shape:"))  # tests/secondcity.py SHAPES
    return inst["db"], load_config(inst["config"])


def test_libreoffice_lays_out_calibri_with_carlito():
    """The layout is measured with Calibri's metrics: the office suite must have them (Carlito)."""
    assert officecheck.soffice()
    match = subprocess.run(["fc-match", "Calibri"], capture_output=True, text=True).stdout
    assert "Carlito" in match, f"Calibri falls back to {match!r}: install fonts-crosextra-carlito"


@pytest.mark.parametrize(
    "installation",
    [
        pytest.param("demo", marks=pytest.mark.xdist_group("reports")),
        # every data shape with police figures (without them Rapporten says why: tests/app/test_data_shapes.py);
        # "totaal" is the sparse installation of issue 24 (boundaries and one crime file), "volledig" the
        # second city with Maastricht's plan and every file
        *[pytest.param(f"shape:{name}", marks=pytest.mark.xdist_group(f"shape-{name}")) for name in OFFICE_SHAPES],
    ],
)
def test_every_document_holds_in_an_office_suite(request, installation):
    db, cfg = _installation(request, installation)
    con = connect(db, read_only=True)
    try:
        month, quarter = document.latest_month(con), document.last_complete_quarter(con)
        assert quarter, "the installation covers no whole quarter"
        built = {}
        for role in ROLES + (("buurtteam",) if installation == "demo" else ()):  # a partner of one wijk: the demo's
            access = access_for(cfg, "tester", role)
            built[role] = (
                driehoek.build_driehoek(con, cfg, month, access=access),
                raad.build_raad(con, cfg, quarter, access=access),
            )
    finally:
        con.close()
    decks = officecheck.office_pdf({role: render.render(d, "pptx") for role, (d, _) in built.items()})
    problems, pages = [], 0
    for role, (deck, council) in built.items():
        for name, pdf, report, native in (
            ("driehoek.pptx in LibreOffice", decks[role], deck, True),
            ("driehoek.pdf", render.render(deck, "pdf"), deck, False),
            ("raad.pdf", render.render(council, "pdf"), council, False),
        ):
            pages += len(pdfium.PdfDocument(pdf)) if role == "analist" else 0
            problems += [f"{installation} {role} {name} {p}" for p in officecheck.check(pdf, report, native=native)]
            problems += [f"{installation} {role} {name} page {n}: no figure" for n in _pages_without_figures(pdf)]
    assert not problems, "\n".join(problems[:40])
    assert pages >= 15  # the analist's three documents were read page by page


def _pages_without_figures(pdf: bytes) -> list[int]:
    """Pages (from 1) that carry no number at all and no sentence saying why: a page of dashes."""
    out = []
    for n, page in enumerate(pdfium.PdfDocument(pdf), start=1):
        text = page.get_textpage().get_text_range()
        if not any(ch.isdigit() for ch in text.replace("MIK", "")) and "geen" not in text.lower():
            out.append(n)
    return out


# --- the check itself finds what a reader would see -------------------------------------------


def _report(*sections: Section) -> Report:
    return Report("driehoek", "Proefrapport", "Proefstad", False, list(sections), "voettekst proef")


def test_the_check_finds_a_word_broken_by_a_narrow_column_and_text_under_a_table():
    """A PPTX as the old renderer made it: a narrow column splits "Valkenweide", a table placed
    over a text box. LibreOffice shows both; python-pptx cannot see them."""
    from pptx import Presentation
    from pptx.util import Inches, Pt

    prs = Presentation()
    prs.slide_width, prs.slide_height = Inches(13.333), Inches(7.5)
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    box = slide.shapes.add_textbox(Inches(0.5), Inches(1), Inches(8), Inches(1)).text_frame
    box.text = "Gebied met de grootste verandering in het laatste jaar"
    box.paragraphs[0].runs[0].font.size = Pt(18)
    table = slide.shapes.add_table(2, 2, Inches(0.5), Inches(1), Inches(1.4), Inches(1)).table
    table.columns[0].width = table.columns[1].width = Inches(0.7)
    for j, (head, value) in enumerate((("Gebied", "Valkenweide"), ("Aantal", "12"))):
        table.cell(0, j).text, table.cell(1, j).text = head, value
        table.cell(1, j).text_frame.paragraphs[0].runs[0].font.size = Pt(18)
    buf = io.BytesIO()
    prs.save(buf)
    report = _report(
        Section(
            "Proef",
            ["Gebied met de grootste verandering in het laatste jaar"],
            table=pd.DataFrame({"Gebied": ["Valkenweide"], "Aantal": ["12"]}),
        )
    )
    pdf = officecheck.office_pdf({"bad": buf.getvalue()})["bad"]
    kinds = {p.kind for p in officecheck.check(pdf, report, native=True)}
    assert {"broken", "overlap"} <= kinds, kinds


def test_the_check_finds_an_orphan_page_and_a_missing_chart():
    """A reportlab PDF whose second page holds two rows of a table under no heading, and a report
    that promises a chart no page draws."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1)
    c.drawString(72, 760, "Proef")
    c.showPage()
    c.drawString(72, 760, "Valkenweide 12")
    c.drawString(72, 740, "Wyck 7")
    c.showPage()
    c.save()
    chart = ChartData("line", "Trend", ["2015", "2016"], [("aantal", [1.0, 2.0])])
    report = _report(
        Section("Proef", table=pd.DataFrame({"Gebied": ["Valkenweide", "Wyck"], "Aantal": [12, 7]})),
        Section("Trend", charts=[chart], images=[b""]),
    )
    problems = officecheck.check(buf.getvalue(), report, native=False)
    assert [(p.page, p.kind) for p in problems] == [(2, "orphan"), (0, "chart")], problems


def test_dutch_numbers_on_the_chart_axes():
    """The value axis of a PPTX chart reads 4,5 (not 4.5) in the office suite."""
    chart = ChartData("line", "As proef", ["jan", "feb", "mrt"], [("waarde", [4.5, 3.5, 4.0])])
    pdf = officecheck.office_pdf({"axis": render.render(_report(Section("Proef", charts=[chart])), "pptx")})["axis"]
    text = pdfium.PdfDocument(pdf)[1].get_textpage().get_text_range()
    assert "4,5" in text and "4.5" not in text, text


@pytest.mark.xdist_group("shape-export")
def test_a_deck_of_a_running_year_never_shows_part_of_a_year_as_a_whole_one(shape_install):
    """The police export from January 2024 alone, the deck of June: no rolling year on the map (half
    of it is not loaded), and no 'no category rose' where there is no year before to compare with."""
    inst = shape_install("export")
    cfg = load_config(inst["config"])
    con = connect(inst["db"], read_only=True)
    try:
        deck = driehoek.build_driehoek(con, cfg, "2024-06", access=access_for(cfg, "tester", "analist"))
    finally:
        con.close()
    titles = [s.title for s in deck.sections]
    assert any(t.startswith("Kaart:") and "jan - jun 2024" in t for t in titles), titles
    assert not any("jul 2023" in t for t in titles)
    signals = next(s for s in deck.sections if s.title.startswith("Opvallende signalen"))
    assert "24 maanden maandcijfers nodig" in " ".join(signals.lines)
    assert "Geen enkele categorie steeg" not in " ".join(signals.lines)


def test_a_long_duiding_with_remarks_holds_in_the_office_suite(tmp_path):
    """The duiding's own slide (issue 26) as LibreOffice lays it out: a text of the maximum length
    and three remarks, all of them on the page, none over another (smaller type or a next slide)."""
    from mik.data import duiding
    from mik.output.document import duiding_sections

    cfg = load_config()
    db = tmp_path / "mik.duckdb"
    analist, partner = access_for(cfg, "a", "analist"), access_for(cfg, "p", "partner")
    sentence = "De daling van woninginbraken in Noordoost volgt op de buurtpreventie en de inzet van de wijkagenten. "
    text = (sentence * 40)[: duiding.MAX_CHARS].rstrip()
    duiding.save(db, analist, "c", "2016-09", text, base=0)
    for n in range(3):
        remark = f"Opmerking {n + 1} van de partner: " + sentence * 2  # a small number, no count: checked
        duiding.remark(db, partner, "c", "2016-09", remark, checked=True)
    duiding.finalize(db, analist, "c", "2016-09", version=1)
    sections = duiding_sections(cfg.theme("c"), duiding.final(db, analist, ("2016-09",)), "nl")
    report = _report(*sections)
    pdf = officecheck.office_pdf({"duiding": render.render(report, "pptx")})["duiding"]
    problems = officecheck.check(pdf, report, native=True) + officecheck.check(
        render.render(report, "pdf"), report, native=False
    )
    assert not problems, "\n".join(map(str, problems))
    words = " ".join(page.get_textpage().get_text_range() for page in pdfium.PdfDocument(pdf))
    words = " ".join(words.split())
    assert "Opmerking 3 van de partner" in words and text[-60:].strip() in words
