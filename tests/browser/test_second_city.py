"""The whole app on a second installation (tests/secondcity.py: another gemeente, tall, yearly CBS
figures only, no survey) in Chromium: every page, the configured name, a figure on the Overzicht,
a coloured map that fits, and a deep link that survives the login."""

from __future__ import annotations

import io

import pytest

from mik.plan.formatting import fmt_number
from mik.privacy import users
from tests.browser.conftest import log_in, start_streamlit, wait_for_app
from tests.secondcity import NAME

pytestmark = pytest.mark.xdist_group("second-city")  # one worker builds the second city once

PAGES = ["", "thema", "kaart", "hotspots", "vergelijking", "wat-als", "uitvoering", "rapporten", "bronnen"]
PASSWORD = "lang-genoeg-wachtwoord"


@pytest.fixture(scope="session")
def installation(second_city, tmp_path_factory):
    """The second city as the README sets it up (shared with tests/test_second_city.py), with a
    users file of its own: outside the demo, MIK asks for a login."""
    accounts = tmp_path_factory.mktemp("noorderhaven-users") / "users.toml"
    users.add_user("analist-team", "analist", PASSWORD, accounts)
    return {**second_city, "users": accounts}


@pytest.fixture(scope="session")
def second_server(installation, chromium_path):
    env = {k: installation["env"][k] for k in ("MIK_CONFIG", "MIK_DB")}
    proc, url = start_streamlit(
        {**env, "MIK_AUTH": "on", "MIK_USERS": str(installation["users"]), "MIK_SECRET": "test-only-secret"}
    )
    yield url
    proc.terminate()
    proc.wait(timeout=10)


def _login(pg, url: str) -> None:
    log_in(pg, url, "analist-team", PASSWORD)


def _tab(tabs, width=1400, height=900):
    """A tab of its own (a session of its own) in the worker's browser context."""
    pg = tabs.new_page()
    pg.set_viewport_size({"width": width, "height": height})
    return pg


@pytest.mark.parametrize("path", PAGES)
def test_every_page_names_the_city_and_never_maastricht(tabs, second_server, shots, path):
    pg = _tab(tabs)
    _login(pg, f"{second_server}/{path}")
    wait_for_app(pg, NAME)
    main = pg.locator("[data-testid=stMain]").inner_text()
    side = pg.locator("[data-testid=stSidebar]").inner_text()
    assert pg.locator("[data-testid=stException]").count() == 0
    assert NAME in main + side and "Maastricht" not in main + side
    assert pg.get_by_text("Page not found").count() == 0
    pg.screenshot(path=str(shots / f"second-{path or 'overzicht'}.png"))
    pg.close()


def test_overzicht_shows_the_total_crimes_in_dutch_format(tabs, second_server, installation, shots):
    pg = _tab(tabs)
    _login(pg, second_server)
    wait_for_app(pg, "Geregistreerde misdrijven")
    crimes = installation["city"].crimes
    total = sum(n for (_, y, cat), n in crimes.items() if y == "2023" and cat == "0.0.0")
    metric = pg.locator("[data-testid=stMetric]").first.inner_text()
    assert fmt_number(total, 0) in metric and "." in fmt_number(total, 0)  # 1.965, not 1965 or 1,965
    # the 2022 total lacks one unpublished buurt: no change, and a sentence says why
    assert "t.o.v." not in metric
    headline = "1 buurt(en) zonder gepubliceerd cijfer in 2022 (CBS laat kleine aantallen leeg)"
    assert pg.get_by_text(headline, exact=False).count() == 1
    # and a card without a target gives no change for that year either (HIC, the plan's years not met)
    assert pg.get_by_text("Geen verandering: 1 buurt(en) zonder gepubliceerd cijfer in 2022").count() >= 1
    assert pg.title() == f"MIK – {NAME}"
    # the plan's years (2015/2016) and the data's (2022-2023) do not meet: one sentence says so
    assert pg.get_by_text("het plan stelt doelen voor 2015–2016", exact=False).count() == 1
    pg.get_by_role("button", name="Planjaar 2016").click()  # and both are on offer
    pg.get_by_role("heading", name="Uitvoeringsplan Veiligheid Noorderhaven 2015/2016 · Noorderhaven · 2016").wait_for()
    pg.wait_for_function("() => window.location.search.includes('year=2016')")  # the link says 2016 too
    assert pg.locator("[data-testid=stException]").count() == 0
    pg.close()


def _map_extent(png: bytes) -> tuple[float, float, float, float, int]:
    """(left, top, right, bottom) as shares of the image of the map's coloured (non-grey) pixels,
    and the number of distinct colours among them."""
    from PIL import Image

    img = Image.open(io.BytesIO(png)).convert("RGB")
    w, h = img.size
    px = img.load()
    xs, ys, colours = [], [], set()
    for y in range(0, h, 2):
        for x in range(0, w, 2):
            r, g, b = px[x, y]
            if max(r, g, b) - min(r, g, b) > 40:  # a viridis class colour, not white, grey or black
                xs.append(x)
                ys.append(y)
                colours.add((r // 16, g // 16, b // 16))
    assert xs, "no coloured area on the map"
    return min(xs) / w, min(ys) / h, max(xs) / w, max(ys) / h, len(colours)


@pytest.mark.parametrize("width,height", [(1400, 900), (1920, 1080)])
def test_the_map_opens_coloured_and_holds_the_whole_tall_city(tabs, second_server, shots, width, height):
    pg = _tab(tabs, width, height)
    _login(pg, f"{second_server}/kaart")
    wait_for_app(pg, "Klik op een buurt")
    deck = pg.locator("[data-testid=stDeckGlJsonChart]").first
    deck.wait_for()
    pg.wait_for_timeout(2000)
    png = deck.screenshot(path=str(shots / f"second-map-{width}.png"))
    left, top, right, bottom, colours = _map_extent(png)
    assert colours >= 3  # classes drawn, not a grey "geen data" map
    assert top > 0.02 and bottom < 0.98  # north and south inside the first view
    assert left > 0.02 and right < 0.98  # east and west too
    assert bottom - top > 0.6  # fitted: the city fills the height, not a speck
    assert pg.get_by_role("radio", name="Indicator").is_checked()  # opened on an indicator with figures
    pg.close()


def test_a_deep_link_survives_the_login(tabs, second_server, shots):
    pg = _tab(tabs)
    _login(pg, f"{second_server}/kaart?level=wijk&what=category&category=0.0.0&mode=absolute&buurt=WK199902")
    wait_for_app(pg, "Detail:")
    assert "/kaart" in pg.url and "level=wijk" in pg.url
    assert pg.get_by_role("radio", name="wijk").is_checked()
    assert pg.get_by_role("radio", name="Absoluut").is_checked()
    assert pg.get_by_text("Detail: Wijk 02 (WK199902)", exact=False).count() >= 1
    pg.screenshot(path=str(shots / "second-deeplink.png"))
    pg.close()
