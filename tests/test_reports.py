"""Reports and exports: open the files and find the right numbers, dates and status words."""

from __future__ import annotations

import io

import pandas as pd
import pytest
from openpyxl import load_workbook
from pptx import Presentation
from pypdf import PdfReader

from mik.figures import scorecards, targets
from mik.output import document, driehoek, pdf, pptx, raad
from mik.output.exports import neutralise, to_xlsx
from mik.plan.formatting import fmt_value
from mik.plan.periods import parse_period
from mik.privacy.access import FULL, access_for
from mik.views import maps
from mik.views.changes import biggest_changes

pytestmark = pytest.mark.xdist_group("reports")  # the driehoek report is built once


def pptx_text(data: bytes) -> str:
    prs = Presentation(io.BytesIO(data))
    parts = []
    for slide in prs.slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                parts.append(shape.text_frame.text)
            if shape.has_table:
                parts += [c.text for row in shape.table.rows for c in row.cells]
    return "\n".join(parts)


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


@pytest.fixture(scope="session")
def driehoek_report(con, cfg):
    return driehoek.build_driehoek(con, cfg, "2016-09", access=FULL)


def test_driehoek_deck_has_dates_statuses_and_numbers(con, cfg, driehoek_report):
    text = pptx_text(pptx.render_pptx(driehoek_report))
    assert "Driehoek-rapportage veiligheid" in text and "stand per 30-09-2016" in text
    assert document.DEMO_MARK in text
    card = scorecards.scorecard(con, cfg, 2016, as_of=pd.Timestamp("2016-09-30").date(), access=FULL)
    hic = next(r for r in card if r.indicator.id == "hic")
    assert hic.status.word("nl") in text  # e.g. "Op koers"
    assert fmt_value(hic.status.projected, "per_1000") in text  # the projection, Dutch notation
    changes = biggest_changes(
        con, list(cfg.indicator("bedreiging").categories), parse_period("2016-09-R12"), access=FULL
    )
    assert changes.name.iloc[0] in text and str(int(changes["count"].iloc[0])) in text


def test_driehoek_deck_labels_every_change_and_lists_the_months_signals(con, cfg, driehoek_report):
    text = pptx_text(pptx.render_pptx(driehoek_report))
    labels = ("significante stijging", "significante daling", "binnen de toevalsmarge")
    changes = [s for s in driehoek_report.sections if s.table is not None and "Toets" in s.table.columns]
    assert changes and all(set(s.table["Toets"]) <= set(labels) for s in changes)
    assert "Gerangschikt op bewijs" in text and "Opvallende signalen" in text
    signals = next(s for s in driehoek_report.sections if s.title.startswith("Signalen: meer dan verwacht"))
    assert signals.title.endswith("sep 2016")
    assert list(signals.table["Categorie"]) == ["Diefstal/inbraak woning"]  # the demo's planted spree
    assert signals.table["Gebied"].iloc[0] in text and "python -m mik signals --month 2016-09 --level buurt" in text
    # a role that sees buurten only with small counts suppressed gets the city's signals
    deck = driehoek.build_driehoek(con, cfg, "2016-09", access=access_for(cfg, "d", "driehoek"))
    city = next(s for s in deck.sections if s.title.startswith("Signalen: meer dan verwacht"))
    assert any("--level gemeente" in line for line in city.lines)


def test_driehoek_pdf_has_the_same_content(driehoek_report):
    text = pdf_text(pdf.render_pdf(driehoek_report))
    assert "stand per 30-09-2016" in text and "SYNTHETISCHE DEMODATA" in text
    assert "Opvallende signalen" in text and "Kaart" in text


def test_raad_report_targets_peers_surveys_and_activities(con, cfg):
    text = pdf_text(pdf.render_pdf(raad.build_raad(con, cfg, "2016-Q2", access=FULL)))
    assert "2016 K2" in text and "stand per 30-06-2016" in text
    assert "G32/G40" in text and "95%-interval" in text
    assert "31,2%" in text  # latest survey value of 'wel eens onveilig' (2015)
    assert "Op koers" in text or "Risico" in text
    assert "gereed" in text and "lopend" in text  # activities by status


def test_reports_are_deterministic(con, cfg, driehoek_report):
    again = driehoek.build_driehoek(con, cfg, "2016-09", access=FULL)
    assert pptx.render_pptx(driehoek_report) == pptx.render_pptx(again)
    assert pdf.render_pdf(driehoek_report) == pdf.render_pdf(again)


def test_a_suppressed_count_stays_suppressed_in_every_format(con, cfg):
    secretaris = access_for(cfg, "secretaris", "driehoek")
    frame = maps.choropleth(
        con, cfg, "buurt", parse_period("2015"), "bedreiging", per_1000=False, access=secretaris
    ).frame
    full = maps.choropleth(con, cfg, "buurt", parse_period("2015"), "bedreiging", per_1000=False, access=FULL).frame
    hidden = full.set_index("code")["count"][frame.set_index("code")["count"].isna()]
    assert len(hidden) >= 2 and (hidden.astype(float) >= 1).all()  # there is something to protect
    xlsx = load_workbook(io.BytesIO(to_xlsx(frame[["code", "name", "count", "label"]], "kaart")))
    rows = {r[0]: r for r in xlsx.active.iter_rows(min_row=2, values_only=True)}
    for code in hidden.index:
        assert rows[code][2] is None and "afgeschermd" in rows[code][3]
    report = driehoek.build_driehoek(con, cfg, "2016-09", access=secretaris)
    for data, reader in ((pptx.render_pptx(report), pptx_text), (pdf.render_pdf(report), pdf_text)):
        text = reader(data)
        assert "afgeschermd" in text  # the footer says small counts are suppressed
        assert "HIC per 1.000 inwoners, 2015" in text  # buurt figures over a whole year for this role
    for section in report.sections:
        if section.table is not None and "Buurt" in section.table.columns:
            counts = pd.to_numeric(section.table.iloc[:, 1], errors="coerce").dropna()
            assert not ((counts >= 1) & (counts < 5)).any()


@pytest.mark.parametrize(
    "value,expected",
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+1", "'+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("Binnenstad", "Binnenstad"),
        (12, 12),
        (-3.5, -3.5),
    ],
)
def test_formula_injection_is_neutralised(value, expected):
    assert neutralise(value) == expected


def test_xlsx_export_keeps_numbers_and_neutralises_text():
    df = pd.DataFrame({"naam": ["=cmd|' /C calc'!A0", "Wyck"], "aantal": [3, 12], "rate": [1.5, None]})
    data = to_xlsx(df, "test", "LET OP: demo")
    assert data == to_xlsx(df, "test", "LET OP: demo")  # deterministic
    ws = load_workbook(io.BytesIO(data)).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][0] == "LET OP: demo"
    assert rows[2] == ("'=cmd|' /C calc'!A0", 3, 1.5) and rows[3] == ("Wyck", 12, None)


def test_driehoek_deck_opens_with_the_scorecard_and_holds_native_charts(cfg, driehoek_report):
    """Slide 1 names every active indicator with its status (in its colour); every theme slide holds
    a PowerPoint chart object whose numbers can be edited, not a picture of one."""
    prs = Presentation(io.BytesIO(pptx.render_pptx(driehoek_report)))
    assert prs.slide_width * 9 == prs.slide_height * 16  # 16:9
    first = prs.slides[0]
    table = next(s for s in first.shapes if s.has_table).table
    rows = {table.cell(i, 0).text: table.cell(i, 4).text for i in range(1, len(table.rows))}
    active = [i for i in cfg.indicators if i.status == "actief"]
    assert set(rows) == {i.name("nl") for i in active}
    words = {w for pair in targets.STATUS_WORDS.values() for w in pair}
    assert all(status.split(" ", 1)[1] in words for status in rows.values()), rows
    themes = [th for th in cfg.themes if th.kind != "overig"]
    for theme in themes:
        slide = next(
            s
            for s in prs.slides
            if any(sh.has_text_frame and sh.text_frame.text == theme.name("nl") for sh in s.shapes)
        )
        charts = [sh.chart for sh in slide.shapes if sh.has_chart]
        assert charts, f"no native chart on the slide of {theme.id}"
        values = [v for series in charts[0].plots[0].series for v in series.values if v is not None]
        assert values, f"an empty chart on the slide of {theme.id}"
    hic = next(
        s for s in prs.slides if any(sh.has_text_frame and "High Impact" in sh.text_frame.text for sh in s.shapes)
    )
    chart = next(sh.chart for sh in hic.shapes if sh.has_chart)
    assert [s.name for s in chart.plots[0].series] == ["12 maanden per 1.000 inwoners", "doel"]
    assert chart.plots[0].categories[-1] == "sep 2016"  # Dutch month names, the report month last


def test_raad_report_names_its_measures_and_draws_the_peers(con, cfg):
    report = raad.build_raad(con, cfg, "2016-Q2", access=FULL)
    peers = next(s for s in report.sections if s.title.startswith("Vergelijking"))
    names = set(peers.table["Maat"])
    assert "Incidenten bedreiging per 1.000 inwoners" in names
    assert not names & {i.id for i in cfg.indicators}  # names, never ids
    assert len(peers.images) >= 1  # the comparison as a chart
    reader = PdfReader(io.BytesIO(pdf.render_pdf(report)))
    assert sum(len(page.images) for page in reader.pages) >= len(peers.images)
