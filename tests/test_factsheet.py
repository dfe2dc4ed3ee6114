"""Factsheets of a wijk or buurt on request (issue 26, part 3; mik.output.factsheet): the figures
reproduced from the source rows, the role's rules (whole years and hidden small counts below the
gemeente, no factsheet of a level it may not see), the month's signal and duiding of the area, the
command line, and the PDF as a reader sees it (mik.tools.officecheck)."""

from __future__ import annotations

import shutil
import subprocess
import sys

import duckdb
import pypdfium2 as pdfium
import pytest

from mik.data import duiding
from mik.data.store import connect
from mik.output import factsheet, render
from mik.plan.config import load_config
from mik.privacy.access import AccessDenied, access_for
from mik.tools import officecheck
from tests.conftest import ROOT

CFG = load_config()


def _code(db, name: str) -> str:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute("SELECT code FROM areas WHERE name = ?", [name]).fetchone()[0]


def _build(db, code: str, role: str, month: str = "2016-09", notes=()):
    with connect(db, read_only=True) as con:
        return factsheet.build_factsheet(con, CFG, code, month, access=access_for(CFG, "t", role), duidingen=notes)


def test_the_buurt_figures_are_the_source_rows_and_the_month_signal_is_there(demo_db):
    code = _code(demo_db, "Kastanjedal")
    report = _build(demo_db, code, "analist")
    assert report.title == "Factsheet Kastanjedal (buurt, Wijk 81 Hoogveld)"
    figures = report.sections[0].table.set_index("Indicator")
    hic = CFG.indicator("hic")
    with duckdb.connect(str(demo_db), read_only=True) as con:
        count = con.execute(
            "SELECT sum(count) FROM registrations WHERE area_code = ? AND month BETWEEN '2015-10-01' AND '2016-09-01' "
            "AND list_contains(?, category_code)",
            [code, list(hic.categories)],
        ).fetchone()[0]
    row = figures.loc[hic.name("nl")]
    assert int(row["Aantal"]) == count  # okt 2015 - sep 2016, the rolling year through the month
    here, city = (float(row[c].replace(",", ".")) for c in ("Per 1.000 inwoners (gebied)", "Per 1.000 inwoners (stad)"))
    assert int(row["Index (stad = 100)"]) == pytest.approx(here / city * 100, abs=1)
    signals = next(s for s in report.sections if s.title.startswith("Signalen"))
    assert signals.lines == ["Kastanjedal · Diefstal/inbraak woning: 17 geteld, 1,7 verwacht (grens 10)"]
    trend = next(s for s in report.sections if s.title == "Trend per jaar")
    assert [name for name, _ in trend.charts[0].series] == ["Kastanjedal", CFG.gemeente_name]


def test_a_restricted_role_gets_whole_years_hidden_small_counts_and_no_buurt_signals(demo_db):
    code = _code(demo_db, "Kastanjedal")
    report = _build(demo_db, code, "driehoek")
    assert (
        report.sections[0]
        .lines[0]
        .startswith("Geregistreerde misdrijven en incidenten per indicator van het plan, 2015.")
    )
    threat = report.sections[0].table.set_index("Indicator").loc[CFG.indicator("bedreiging").name("nl")]
    if threat["Aantal"] == "<5 (afgeschermd)":  # a small count: no rate and no index beside it either
        assert threat["Per 1.000 inwoners (gebied)"] == "<5 (afgeschermd)" and threat["Index (stad = 100)"] == "–"
    words = " ".join(" ".join(s.lines) for s in report.sections) + report.sections[0].table.to_string()
    assert not any(f" {n} " in f" {threat['Aantal']} " for n in "1234")
    assert "Signalen per buurt zijn er voor deze rol niet" in words and "17 geteld" not in words
    with pytest.raises(AccessDenied):
        _build(demo_db, code, "raad")  # the raad sees wijken, not buurten
    with pytest.raises(AccessDenied):
        _build(demo_db, _code(demo_db, "Wijk 81 Hoogveld"), "publiek")
    assert _build(demo_db, _code(demo_db, "Wijk 81 Hoogveld"), "raad").title.startswith("Factsheet Wijk 81")


def test_the_duiding_of_the_month_and_of_the_areas_own_signal_only(demo_db, tmp_path):
    db = tmp_path / "mik.duckdb"
    shutil.copyfile(demo_db, db)
    analist = access_for(CFG, "a", "analist")
    here, there = _code(db, "Kastanjedal"), _code(db, "Reigerpark")
    for code, text in ((here, "Dader aangehouden."), (there, "Elders: een andere buurt.")):
        subject = duiding.signal_subject("buurt", code, "1.1.1")
        duiding.save(db, analist, "c", "2016-09", text, base=0, level="buurt", subject=subject, label=code)
        duiding.finalize(db, analist, "c", "2016-09", version=1, subject=subject)
    report = _build(db, here, "analist", notes=duiding.for_report(db, analist, "2016-09"))
    words = " ".join(" ".join(s.lines) for s in report.sections)
    assert "Dader aangehouden." in words and "Elders" not in words


def test_the_factsheet_reads_whole_as_a_pdf(demo_db):
    """The issue's check: a buurt of the demo, as a reader sees the PDF (no text off the page, cut,
    broken or over other text, every chart drawn), on one or two pages, for two roles."""
    problems = []
    for role in ("analist", "driehoek"):
        report = _build(demo_db, _code(demo_db, "Kastanjedal"), role)
        pdf = render.render(report, "pdf")
        problems += [f"{role}: {p}" for p in officecheck.check(pdf, report, native=False)]
        assert 1 <= len(pdfium.PdfDocument(pdf)) <= 2
    assert not problems, "\n".join(map(str, problems))


def test_unknown_codes_and_the_gemeente_are_refused_with_a_reason(demo_db):
    with pytest.raises(factsheet.FactsheetError, match="unknown area 'BU0000'"):
        _build(demo_db, "BU0000", "analist")
    with pytest.raises(factsheet.FactsheetError, match="is a gemeente"):
        _build(demo_db, CFG.gemeente_code, "analist")


def test_the_command_line_makes_it_and_says_what_is_missing(demo_db, tmp_path):
    db = tmp_path / "mik.duckdb"
    shutil.copyfile(demo_db, db)
    out = tmp_path / "fs.pdf"
    code = _code(db, "Kastanjedal")
    run = [sys.executable, "-m", "mik", "report", "factsheet", "--db", str(db), "-o", str(out)]
    missing = subprocess.run(run, cwd=ROOT, capture_output=True, text=True)
    assert missing.returncode == 1 and "--area CODE" in missing.stderr
    made = subprocess.run([*run, "--area", code, "--period", "2016-08"], cwd=ROOT, capture_output=True, text=True)
    assert made.returncode == 0, made.stderr
    assert "Factsheet Kastanjedal" in made.stdout and "aug 2016" in made.stdout and out.read_bytes()[:4] == b"%PDF"


@pytest.mark.xdist_group("shape-totaal")
def test_the_sparse_installation_gets_its_yearly_counts_and_says_what_is_missing(shape_install):
    """Boundaries and one yearly crime file, no population (the second city's sparse shape): the
    factsheet of a wijk counts the loaded year (not an empty rolling year of months it does not
    have), has no columns of rates, and says why."""
    inst = shape_install("totaal")
    cfg = load_config(inst["config"])
    with duckdb.connect(str(inst["db"]), read_only=True) as con:
        wijk = con.execute("SELECT code FROM areas WHERE level = 'wijk' ORDER BY code LIMIT 1").fetchone()[0]
        total = con.execute(
            "SELECT sum(r.count) FROM registrations r JOIN (SELECT DISTINCT code, parent_code FROM areas) b "
            "ON r.area_code = b.code WHERE b.parent_code = ? AND year(r.month) = 2023 AND r.category_code = '0.0.0'",
            [wijk],
        ).fetchone()[0]
    with connect(inst["db"], read_only=True) as con:
        report = factsheet.build_factsheet(con, cfg, wijk, "2023-12", access=access_for(cfg, "t", "analist"))
    figures = report.sections[0]
    assert list(figures.table.columns) == ["Indicator", "Aantal"]
    assert int(figures.table.set_index("Indicator").loc["Geregistreerde misdrijven", "Aantal"]) == total
    words = " ".join(figures.lines)
    assert ", 2023." in words and "geen inwonertallen geladen" in words and "–: voor deze periode" in words
    assert not officecheck.check(render.render(report, "pdf"), report, native=False)
