"""The monthly update while the app serves and a browser is on a page: from the command line, and
through the admin's Data bijwerken page (upload, check, preview, publish)."""

from __future__ import annotations

import shutil
import subprocess
import sys

import duckdb
import pytest

from mik.data import audit
from tests.browser.conftest import start_streamlit, wait_for_app
from tests.conftest import ROOT

pytestmark = pytest.mark.xdist_group("live")  # the tests share one server on a database they change


@pytest.fixture(scope="session")
def live(demo_db, tmp_path_factory, chromium_path):
    folder = tmp_path_factory.mktemp("live")
    db = folder / "mik.duckdb"
    shutil.copyfile(demo_db, db)
    with duckdb.connect(str(db), read_only=True) as con:
        buurt = con.execute("SELECT min(code) FROM areas WHERE level = 'buurt'").fetchone()[0]
    proc, url = start_streamlit({"MIK_DB": str(db), "MIK_AUTH": "off", "MIK_ROLE": "admin"})
    yield {"url": url, "db": db, "buurt": buurt, "folder": folder}
    proc.terminate()
    proc.wait(timeout=10)


def export(live, month: str):
    path = live["folder"] / f"maandexport-{month}.csv"
    path.write_text(f"maand;buurtcode;straat;x;y;categorie;aantal\n{month};{live['buurt']};;;;1.1.1;3\n")
    return path


def test_a_command_line_import_shows_on_reload_without_restart(browser, live, shots):
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.goto(live["url"])
    wait_for_app(page, "Stand per 14-10-2016")
    done = subprocess.run(
        [sys.executable, "-m", "mik", "import", "crime", str(export(live, "2016-10")), "--db", str(live["db"])],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr  # the app has the database open: no lock conflict
    page.reload()
    wait_for_app(page, "Stand per 31-10-2016")
    assert page.locator("[data-testid=stException]").count() == 0
    page.screenshot(path=str(shots / "live-cli.png"))
    page.close()


def test_the_admin_publishes_an_upload_from_the_app(browser, live, shots):
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.goto(f"{live['url']}/bijwerken")
    wait_for_app(page, "Data bijwerken")
    page.get_by_label("Soort bestand").click()
    page.get_by_role("option", name="Misdrijven (politie-maandexport, CBS 47018NED)").click()
    wait_for_app(page)  # the choice reruns the page: a file given to the old uploader would be lost
    upload = export(live, "2016-11")
    page.locator("input[type=file]").set_input_files(str(upload))
    wait_for_app(page)
    page.get_by_role("button", name="Controleren").click()  # shown once the server has the file
    wait_for_app(page, "registratierij")  # the importer's count in Dutch on the Dutch page
    assert page.get_by_text("1 registratierij (1 gebied, 1 categorie, 2016-11 tot 2016-11)").count() == 1
    page.screenshot(path=str(shots / "live-preview.png"))
    page.get_by_role("button", name="Publiceren", exact=True).click()
    wait_for_app(page, "Gepubliceerd")
    page.goto(live["url"])
    wait_for_app(page, "Stand per 30-11-2016")
    assert page.locator("[data-testid=stException]").count() == 0
    log = audit.read(live["db"])
    details = list(log.detail[log.action == "import"])
    assert any("maandexport-2016-11.csv" in d for d in details)

    # the upload proves wrong: the admin restores the database it replaced (issue 27, rollback)
    page.goto(f"{live['url']}/bijwerken")
    wait_for_app(page, "Eerdere versies")
    newest = page.locator("[data-testid=stTable] tbody tr").first
    assert "maandexport-2016-11.csv" in newest.inner_text()  # replaced by the upload
    page.screenshot(path=str(shots / "live-versions.png"))
    page.get_by_role("button", name="Zet versie").click()  # the newest version is chosen first
    wait_for_app(page, "is weer gepubliceerd")
    page.goto(live["url"])
    wait_for_app(page, "Stand per")
    assert page.get_by_text("Stand per 30-11-2016").count() == 0  # November's upload is undone
    assert audit.read(live["db"]).action.iloc[0] == "rollback"
    page.close()
