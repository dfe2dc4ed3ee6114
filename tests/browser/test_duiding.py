"""The duiding in Chromium (issue 26, part 1), as the people of the plan's annex do it: the analist
writes a duiding of a theme for a month, a partner adds a remark, the analist marks it final; the
driehoek reads it on Thema, in presentation mode and in that month's deck (PPTX as LibreOffice lays
it out, and PDF); the publiek role, which may not see the wijk level it speaks about, finds it
neither on Thema nor in presentation mode. Each person has a browser of their own (their own login cookie)."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from mik.plan.config import load_config
from mik.privacy import users
from mik.tools import officecheck
from tests.browser.conftest import local_only, log_in, login_env, start_streamlit, wait_for_app
from tests.browser.test_accessibility import WCAG, serious, styled

pytestmark = pytest.mark.xdist_group("duiding")
PASSWORD = "lang-genoeg-wachtwoord"
TEXT = "De daling van woninginbraken volgt op de buurtpreventie in Noordoost; de partners zien hetzelfde beeld."
REMARK = "Politie: bevestigd door de wijkagenten van Noordoost."
PEOPLE = {"analist-1": "analist", "politie-1": "partner", "burgemeester-1": "driehoek", "inwoner-1": "publiek"}


@pytest.fixture(scope="module")
def duiding_server(tmp_path_factory, demo_db, chromium_path):
    folder = tmp_path_factory.mktemp("duiding")
    db = folder / "mik.duckdb"
    shutil.copyfile(demo_db, db)  # its own side file: the duiding written here stays here
    accounts = folder / "users.toml"
    for name, role in PEOPLE.items():
        users.add_user(name, role, PASSWORD, accounts)
    proc, url = start_streamlit(login_env(db, accounts))
    yield url
    proc.terminate()
    proc.wait(timeout=10)


def _person(browser, url: str, name: str, path: str, size=(1400, 900)):
    context = browser.new_context(viewport={"width": size[0], "height": size[1]}, accept_downloads=True)
    context.route("**/*", local_only)
    pg = context.new_page()
    pg.set_default_timeout(60_000)
    log_in(pg, f"{url}/{path}", name, PASSWORD)
    return context, pg


def _duiding(pg):
    return pg.locator("section.mik-duiding")


def _report(pg, url: str, fmt: str) -> bytes:
    pg.goto(f"{url}/rapporten")
    wait_for_app(pg, "Maak rapport")
    pg.get_by_text(fmt, exact=True).click()  # the format radio
    wait_for_app(pg)
    pg.get_by_role("button", name="Maak rapport").click()
    name = f"mik-driehoek-2016-09.{fmt}"  # the newest complete month: the duiding's, as on Thema
    wait_for_app(pg, name)
    with pg.expect_download() as info:
        pg.get_by_role("button", name=f"Download {name}").click()
    return Path(info.value.path()).read_bytes()


def _pdf_words(pdf: bytes) -> str:
    return " ".join(page.get_textpage().get_text_range() for page in pdfium.PdfDocument(io.BytesIO(pdf)))


def test_written_remarked_made_final_and_read_where_the_role_may_see_it(browser, duiding_server, shots):
    from axe_playwright_python.sync_playwright import Axe

    url = duiding_server
    cfg = load_config()
    slide = 2 + [th.id for th in cfg.themes if th.kind in ("prioriteit", "overkoepelend")].index("c")
    opened = []
    try:
        analist_ctx, analist = _person(browser, url, "analist-1", "thema?theme=c")
        opened.append(analist_ctx)
        wait_for_app(analist, "Duiding schrijven of bijwerken")
        analist.get_by_role("combobox", name="Niveau waarover de tekst gaat").click()
        analist.keyboard.type("wijk")  # the selectbox filters as one types
        analist.keyboard.press("Enter")
        analist.get_by_role("textbox", name="Duiding (kort, met de partners afgestemd)").fill(TEXT)
        analist.get_by_role("button", name="Opslaan als versie 1").click()
        wait_for_app(analist, "Versie 1 is opgeslagen (concept).")
        assert _duiding(analist).get_attribute("data-status") == "concept"

        partner_ctx, partner = _person(browser, url, "politie-1", "thema?theme=c")
        opened.append(partner_ctx)
        wait_for_app(partner, TEXT[:40])
        assert partner.get_by_role("button", name="Opslaan als versie 2").count() == 0  # no writer
        box = partner.get_by_role("textbox", name="Opmerking", exact=True)
        box.fill("Politie: 3 aanhoudingen in Noordoost.")  # a small count, read by roles that see it hidden
        partner.get_by_role("button", name="Opmerking plaatsen").click()
        wait_for_app(partner, "de tekst noemt kleine getallen (3)")
        assert box.input_value() == "Politie: 3 aanhoudingen in Noordoost."  # kept, to be written anew
        partner.screenshot(path=str(shots / "duiding-kleine-getallen-1400x900.png"), full_page=True)
        box.fill(REMARK)
        partner.get_by_role("button", name="Opmerking plaatsen").click()
        wait_for_app(partner, "Uw opmerking is geplaatst.")
        assert REMARK in _duiding(partner).inner_text()

        analist.get_by_role("button", name="Versie 1 definitief maken").click()
        wait_for_app(analist, "Versie 1 is definitief")
        assert _duiding(analist).get_attribute("data-status") == "final"
        assert REMARK in _duiding(analist).inner_text()  # the partner's remark, read on the next run

        mayor_ctx, mayor = _person(browser, url, "burgemeester-1", "thema?theme=c", size=(1920, 1080))
        opened.append(mayor_ctx)
        wait_for_app(mayor, TEXT[:40])
        read = _duiding(mayor).inner_text()
        assert "Definitief" in read and "analist" in read and REMARK in read and "analist-1" not in read
        assert mayor.get_by_role("button", name="Opmerking plaatsen").count() == 0
        _duiding(mayor).scroll_into_view_if_needed()
        mayor.screenshot(path=str(shots / "duiding-thema-driehoek-1920x1080.png"))
        styled(mayor)
        found = serious(Axe().run(mayor, options=WCAG))
        assert not found, "\n".join(found)
        mayor.goto(f"{url}/?present=1&slide={slide}")
        wait_for_app(mayor, TEXT[:40])
        assert "✔ Definitief" in _duiding(mayor).inner_text()
        mayor.screenshot(path=str(shots / "duiding-presentatie-1920x1080.png"))
        deck = _report(mayor, url, "pptx")
        pdf = _report(mayor, url, "pdf")
        laid_out = officecheck.office_pdf({"driehoek": deck})["driehoek"]  # the PPTX as the office suite shows it
        for name, words in (("pptx in LibreOffice", _pdf_words(laid_out)), ("pdf", _pdf_words(pdf))):
            assert "duiding" in words and "buurtpreventie" in words, name
            assert "wijkagenten" in words and "definitief; analist" in words, name

        public_ctx, public = _person(browser, url, "inwoner-1", "thema?theme=c")
        opened.append(public_ctx)
        wait_for_app(public, "Duiding")
        assert _duiding(public).count() == 0 and public.get_by_text("nog geen duiding").count() == 1
        public.goto(f"{url}/?present=1&slide={slide}")
        wait_for_app(public, cfg.theme("c").name("nl"))
        assert _duiding(public).count() == 0  # nor in its reports: tests/test_duiding.py (for_report)
    finally:
        for context in opened:
            context.close()
