"""The duiding (issue 26, part 1): versions, remarks, final, who sees what, audit in the same
transaction, concurrent writers, and the reports that carry it (mik.data.duiding)."""

from __future__ import annotations

import multiprocessing
import shutil

import pytest

from mik.data import audit, duiding
from mik.data.store import connect
from mik.output import driehoek, raad, render
from mik.plan.config import load_config
from mik.privacy.access import FULL, access_for
from tests.test_reports import pdf_text

CFG = load_config()
ANALIST = access_for(CFG, "analist-1", "analist")
PARTNER = access_for(CFG, "politie-1", "partner")
RAAD = access_for(CFG, "raadslid-1", "raad")
DRIEHOEK = access_for(CFG, "burgemeester-1", "driehoek")
PUBLIEK = access_for(CFG, "publiek-1", "publiek")


@pytest.fixture()
def db(tmp_path):
    return tmp_path / "mik.duckdb"  # the duiding lives beside it: the figures file itself is not needed


def test_versions_remarks_and_final_in_order_each_with_its_audit_line(db):
    assert duiding.save(db, ANALIST, "c", "2016-09", "Minder inbraken na de campagne.", base=0) == 1
    assert duiding.save(db, ANALIST, "c", "2016-09", "Minder inbraken; politie bevestigt.", base=1) == 2
    duiding.remark(db, PARTNER, "c", "2016-09", "Wij zien het ook in de meldingen.")
    (d,) = duiding.of_month(db, DRIEHOEK, "c", ("2016-09",))
    assert (d.version, d.text.body, d.final) == (2, "Minder inbraken; politie bevestigt.", None)
    assert [h.body for h in d.history] == ["Minder inbraken na de campagne."]
    assert [(r.role, r.body) for r in d.remarks] == [("partner", "Wij zien het ook in de meldingen.")]
    assert duiding.final(db, DRIEHOEK, ("2016-09",)) == ()  # a concept goes into no report

    duiding.finalize(db, ANALIST, "c", "2016-09", version=2)
    (d,) = duiding.final(db, DRIEHOEK, ("2016-09",))
    assert d.final is not None and d.final.role == "analist" and d.text.body.endswith("bevestigt.")
    lines = audit.read(db)
    assert list(lines.action) == ["duiding"] * 4
    assert list(lines.detail) == [
        "final v2: c 2016-09 (gemeente)",
        "remark v2: c 2016-09 (gemeente)",
        "text v2: c 2016-09 (gemeente)",
        "text v1: c 2016-09 (gemeente)",
    ]
    assert set(lines.user_name) == {"analist-1", "politie-1"}  # names in the log; roles on screen
    assert audit.verify(db)[0] == 4  # the chain holds: written in the log's own way


def test_a_concept_after_final_leaves_the_last_final_version_in_the_reports(db):
    duiding.save(db, ANALIST, "c", "2016-09", "Eerste, definitief.", base=0)
    duiding.finalize(db, ANALIST, "c", "2016-09", version=1)
    duiding.save(db, ANALIST, "c", "2016-09", "Tweede, nog in bespreking.", base=1)
    (shown,) = duiding.of_month(db, ANALIST, "c", ("2016-09",))
    assert (shown.version, shown.final) == (2, None)
    (reported,) = duiding.final(db, DRIEHOEK, ("2016-09",))
    assert (reported.version, reported.text.body) == (1, "Eerste, definitief.")
    duiding.finalize(db, ANALIST, "c", "2016-09", version=2)
    with pytest.raises(duiding.DuidingError, match="versie 2 is al definitief"):
        duiding.finalize(db, ANALIST, "c", "2016-09", version=2)
    (reported,) = duiding.final(db, DRIEHOEK, ("2016-09",))
    assert reported.version == 2


def test_a_save_on_an_old_version_is_refused_and_nothing_is_written(db):
    duiding.save(db, ANALIST, "c", "2016-09", "Tekst van de eerste analist.", base=0)
    with pytest.raises(duiding.DuidingConflict, match="versie 1") as refused:
        duiding.save(db, ANALIST, "c", "2016-09", "Tekst van een tweede, op de lege versie geschreven.", base=0)
    assert refused.value.words("en").startswith("version 1 was saved meanwhile (you wrote on version 0)")
    with pytest.raises(duiding.DuidingConflict):
        duiding.finalize(db, ANALIST, "c", "2016-09", version=0)
    (d,) = duiding.of_month(db, ANALIST, "c", ("2016-09",))
    assert (d.version, d.text.body) == (1, "Tekst van de eerste analist.")
    assert len(audit.read(db)) == 1


def _save_at_once(db, n: int, queue) -> None:
    try:
        duiding.save(db, ANALIST, "c", "2016-09", f"Schrijver nummer {'abcd'[n]}", base=0)
        queue.put("saved")
    except duiding.DuidingConflict:
        queue.put("conflict")


def test_two_processes_saving_on_the_same_version_one_wins_one_is_told(db):
    duiding.save(db, ANALIST, "d", "2016-09", "Het bestand bestaat.", base=0)  # the file made beforehand
    ctx = multiprocessing.get_context("fork")  # separate processes, each its own SQLite connection
    queue = ctx.Queue()
    procs = [ctx.Process(target=_save_at_once, args=(db, n, queue)) for n in range(4)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
    assert sorted(queue.get(timeout=5) for _ in procs) == ["conflict", "conflict", "conflict", "saved"]
    (d,) = duiding.of_month(db, ANALIST, "c", ("2016-09",))
    assert d.version == 1 and not d.history


def test_a_role_sees_a_duiding_only_at_a_level_it_may_see(db):
    duiding.save(db, ANALIST, "c", "2016-09", "Op wijkniveau: de stijging zit in Noordoost.", base=0, level="wijk")
    duiding.remark(db, PARTNER, "c", "2016-09", "Buurtteam Noordoost herkent het.")
    subject = duiding.signal_subject("buurt", "BU09350101", "1.1.1")
    duiding.save(
        db,
        ANALIST,
        "c",
        "2016-09",
        "Een straat: een dader.",
        base=0,
        level="buurt",
        subject=subject,
        label="X: inbraak",
    )
    seen = {
        role.role: [d.subject for d in duiding.of_month(db, role, "c", ("2016-09",))]
        for role in (ANALIST, DRIEHOEK, RAAD, PARTNER, PUBLIEK)
    }
    assert seen == {
        "analist": ["", subject],
        "driehoek": ["", subject],
        "raad": [""],
        "partner": [""],
        "publiek": [],
    }
    with pytest.raises(duiding.DuidingError, match="ziet het niveau buurt niet"):
        duiding.remark(db, PARTNER, "c", "2016-09", "Op de buurt", subject=subject)
    for who in (RAAD, PARTNER, DRIEHOEK, PUBLIEK):
        with pytest.raises(duiding.DuidingError, match="mag geen duiding schrijven"):
            duiding.save(db, who, "c", "2016-09", "Eigen tekst", base=1, level="gemeente")
    for who in (RAAD, DRIEHOEK, PUBLIEK):
        with pytest.raises(duiding.DuidingError, match="mag geen opmerking"):
            duiding.remark(db, who, "c", "2016-09", "Opmerking")


def test_an_earlier_version_at_a_finer_level_stays_hidden_from_roles_that_may_not_see_it(db):
    duiding.save(db, ANALIST, "c", "2016-09", "In buurt Y: de inbraken van een bekende dader.", base=0, level="buurt")
    duiding.save(db, ANALIST, "c", "2016-09", "In de stad: minder inbraken.", base=1, level="gemeente")
    (for_raad,) = duiding.of_month(db, RAAD, "c", ("2016-09",))
    (for_driehoek,) = duiding.of_month(db, DRIEHOEK, "c", ("2016-09",))
    assert for_raad.history == () and len(for_driehoek.history) == 1


@pytest.mark.parametrize(
    ("text", "month", "level", "words"),
    [
        ("   ", "2016-09", "gemeente", "de tekst is leeg"),
        ("x" * (duiding.MAX_CHARS + 1), "2016-09", "gemeente", f"het maximum is {duiding.MAX_CHARS}"),
        ("Tekst", "september", "gemeente", "geen maand"),
        ("Tekst", "2016-09", "provincie", "onbekend niveau"),
    ],
)
def test_bad_input_is_refused_with_a_reason_and_nothing_is_written(db, text, month, level, words):
    with pytest.raises(duiding.DuidingError, match=words):
        duiding.save(db, ANALIST, "c", month, text, base=0, level=level)
    assert duiding.of_month(db, FULL, "c", (month,)) == []


def test_a_small_number_is_saved_only_when_its_writer_says_it_counts_no_people(db):
    # the raad and the partners read texts at wijk level; their counts under 5 are hidden
    text = "In Reigerpark drie inbraken, 2 meer dan vorig jaar."
    with pytest.raises(duiding.DuidingError, match=r"kleine getallen \(2, drie\)"):
        duiding.save(db, ANALIST, "c", "2016-09", text, base=0, level="wijk")
    assert duiding.of_month(db, FULL, "c", ("2016-09",)) == [] and audit.read(db).empty
    duiding.save(db, ANALIST, "c", "2016-09", "Een daling in 3 wijken; zie week 2.", base=0, checked=True)
    assert audit.read(db).detail.iloc[-1].endswith("(gemeente); kleine getallen gecontroleerd: 3, 2")
    with pytest.raises(duiding.DuidingError, match=r"kleine getallen \(4\)"):
        duiding.remark(db, PARTNER, "c", "2016-09", "Politie: 4 aanhoudingen.")
    duiding.remark(db, PARTNER, "c", "2016-09", "Politie: veel aanhoudingen.")
    (found,) = duiding.of_month(db, FULL, "c", ("2016-09",))
    assert found.text.body.startswith("Een daling in 3") and [r.body for r in found.remarks] == [
        "Politie: veel aanhoudingen."
    ]


def test_a_remark_needs_a_duiding(db):
    with pytest.raises(duiding.DuidingError, match="nog geen duiding"):
        duiding.remark(db, PARTNER, "c", "2016-09", "Opmerking zonder tekst")


def test_the_reports_carry_the_final_duiding_after_its_theme_for_the_roles_that_may_see_it(demo_db, tmp_path):
    db = tmp_path / "mik.duckdb"
    shutil.copyfile(demo_db, db)
    text = "De daling van woninginbraken volgt op de buurtpreventie; de partners zien hetzelfde beeld."
    duiding.save(db, ANALIST, "c", "2016-09", text, base=0, level="wijk")
    duiding.remark(db, PARTNER, "c", "2016-09", "Politie: bevestigd door de wijkagenten.")
    duiding.finalize(db, ANALIST, "c", "2016-09", version=1)
    duiding.save(db, ANALIST, "c", "2016-08", "Augustus: een andere maand.", base=0)
    duiding.finalize(db, ANALIST, "c", "2016-08", version=1)
    theme = CFG.theme("c").name("nl")
    con = connect(db, read_only=True)
    try:
        deck = driehoek.build_driehoek(
            con, CFG, "2016-09", access=DRIEHOEK, duidingen=duiding.for_report(db, DRIEHOEK, "2016-09")
        )
        council = raad.build_raad(con, CFG, "2016-Q3", access=RAAD, duidingen=duiding.for_report(db, RAAD, "2016-Q3"))
    finally:
        con.close()
    titles = [s.title for s in deck.sections]
    at = titles.index(f"{theme}: duiding")
    assert titles[at - 1] == theme  # right after the theme's figures
    lines = deck.sections[at].lines
    assert lines[0].startswith("Duiding, sep 2016 (definitief; analist, ") and lines[0].endswith(text)
    assert lines[1].startswith("Opmerking partner (") and "wijkagenten" in lines[1]
    assert "Augustus" not in " ".join(lines)  # another month's
    assert duiding.for_report(db, PUBLIEK, "2016-09") == ()  # wijk level: not for publiek, in no report
    (section,) = [s for s in council.sections if s.title == f"{theme}: duiding"]
    assert "sep 2016" in section.lines[0] and "Augustus" not in " ".join(section.lines)  # the quarter's newest
    words = pdf_text(render.render(deck, "pdf"))
    assert "buurtpreventie" in words and "wijkagenten" in words
