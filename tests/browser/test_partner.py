"""A partner of one wijk in Chromium (issue 26, part 2): the demo's buurtteam of Wijk 80 Oude Stad
logs in and finds its wijk and its buurten on the map, in the area picker, on Thema and in the
factsheet picker, the city as a whole everywhere, and no other wijk or buurt by any page or by an
address typed by hand. axe-core finds no serious violation on its map."""

from __future__ import annotations

import re
import shutil

import pytest

from mik.data import queries
from mik.data.store import connect
from mik.privacy import users
from tests.browser.conftest import local_only, log_in, login_env, start_streamlit, wait_for_app
from tests.browser.test_accessibility import WCAG, serious, styled

pytestmark = pytest.mark.xdist_group("partner")
PASSWORD = "lang-genoeg-wachtwoord"
WIJK = "WK093580"


@pytest.fixture(scope="module")
def partner_server(tmp_path_factory, demo_db, chromium_path):
    folder = tmp_path_factory.mktemp("partner")
    db = folder / "mik.duckdb"
    shutil.copyfile(demo_db, db)
    accounts = folder / "users.toml"
    users.add_user("buurtteam-oudestad", "buurtteam", PASSWORD, accounts)
    con = connect(db, read_only=True)
    areas = queries.area_list(con)
    con.close()
    proc, url = start_streamlit(login_env(db, accounts))
    yield url, areas
    proc.terminate()
    proc.wait(timeout=10)


def _outside(areas) -> tuple[list[str], list[str], list[str]]:
    """Own buurt names, and the codes and names of every other wijk, buurt and aandachtsgebied."""
    own = areas[(areas.code == WIJK) | (areas.parent_code == WIJK)]
    other = areas[~areas.code.isin(own.code) & (areas.level != "gemeente")]
    allowed = " ".join(own.name)
    return sorted(own.name[own.level == "buurt"]), sorted(other.code), sorted(n for n in other.name if n not in allowed)


def _leaks(text: str, codes, names) -> list[str]:
    return [c for c in codes if c in text] + [n for n in names if re.search(rf"\b{re.escape(n)}\b", text)]


def _options(pg, label: str) -> list[str]:
    pg.get_by_role("combobox", name=label).click()
    found = pg.get_by_role("option").all_inner_texts()
    pg.keyboard.press("Escape")
    return found


def _open(pg, url: str, words: str, shots) -> str:
    """The page's text once ``words`` are on it; else a screenshot and the text it did show."""
    pg.goto(url)
    try:
        wait_for_app(pg, words)
    except Exception as exc:
        pg.screenshot(path=str(shots / "partner-failed.png"), full_page=True)
        raise AssertionError(f"{url}: no {words!r}; the page said: {pg.inner_text('body')[:1500]}") from exc
    return pg.locator("[data-testid=stAppViewContainer]").inner_text()


def test_a_partner_of_one_wijk_sees_its_buurten_and_the_city_only(browser, partner_server, shots):
    from axe_playwright_python.sync_playwright import Axe

    url, areas = partner_server
    buurten, codes, names = _outside(areas)
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    context.route("**/*", local_only)
    pg = context.new_page()
    pg.set_default_timeout(60_000)
    try:
        log_in(pg, f"{url}/kaart", "buurtteam-oudestad", PASSWORD)
        wait_for_app(pg, "Uw rol ziet Wijk 80 Oude Stad en de buurten daarin")
        pg.get_by_text("Tabel: de cijfers van deze kaart").click()
        wait_for_app(pg, buurten[0])
        text = pg.locator("[data-testid=stMain]").inner_text()
        assert all(b in text for b in buurten)  # every buurt of its wijk, in the map's table
        assert _leaks(text, codes, names) == [] and "aandachtsgebieden" not in text
        pg.screenshot(path=str(shots / "partner-kaart-1400x900.png"), full_page=True)
        styled(pg)
        found = serious(Axe().run(pg, options=WCAG))
        assert not found, "\n".join(found)
        picker = _options(pg, "Gebied")
        assert len(picker) == 2 + len(buurten) and _leaks(" ".join(picker), codes, names) == []

        pg.set_viewport_size({"width": 1920, "height": 1080})
        for path, words in (
            ("thema?theme=c", "Buurten: de duidelijkste veranderingen"),
            ("overzicht?area=BU09358101", "Stand per"),  # another wijk's buurt by hand: the city instead
            ("rapporten", "Factsheet van een wijk of buurt"),
        ):
            text = _open(pg, f"{url}/{path}", words, shots)
            assert _leaks(text, codes, names) == [], path
            assert "Uw rol ziet Wijk 80 Oude Stad" in text
            pg.screenshot(path=str(shots / f"partner-{path.split('?')[0]}-1920x1080.png"), full_page=True)
        pg.get_by_text("Factsheet van een wijk of buurt").click()
        wait_for_app(pg, "Wijk of buurt")
        sheets = _options(pg, "Wijk of buurt")
        assert len(sheets) == 1 + len(buurten) and _leaks(" ".join(sheets), codes, names) == []
    finally:
        context.close()
