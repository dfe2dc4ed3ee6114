"""The app in a real browser: pages, map clicks, what-if, presentation mode, shared links."""

import pytest

from tests.browser.conftest import wait_for_app

PAGES = {
    "overzicht": "Stand per",
    "thema": "Trend ·",
    "kaart": "Klik op een buurt",
    "vergelijking": "Rang",
    "wat-als": "Buurten",
    "uitvoering": "Aantal acties",
    "bronnen": "Geladen data",
    "rapporten": "Maak rapport",
}


@pytest.mark.parametrize("path,text", PAGES.items())
def test_every_page_loads_without_error(page, server, shots, path, text):
    page.goto(f"{server}/{path}")
    wait_for_app(page, text)
    assert page.locator("[data-testid=stException]").count() == 0
    assert page.get_by_text("synthetische demodata", exact=False).count() >= 1
    page.screenshot(path=str(shots / f"page-{path}.png"), full_page=True)


def _map(page):
    deck = page.locator("[data-testid=stDeckGlJsonChart]").first
    deck.wait_for()
    page.wait_for_timeout(1500)  # deck.gl draws after the element appears
    return deck


def test_clicking_a_buurt_opens_its_detail(page, server, shots):
    page.goto(f"{server}/kaart")
    wait_for_app(page, "Klik op een buurt")
    deck = _map(page)
    box = deck.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.get_by_text("Detail:", exact=False).first.wait_for(timeout=30_000)
    wait_for_app(page)
    assert "buurt=BU" in page.url
    page.screenshot(path=str(shots / "map-detail.png"), full_page=True)


def test_what_if_change_recolours_the_map(page, server, shots):
    page.goto(f"{server}/wat-als?year=2015")
    wait_for_app(page, "Buurten")
    before = _map(page).screenshot(path=str(shots / "whatif-before.png"))
    box = page.get_by_label("Incidenten bedreiging per 1.000 inwoners (<)")
    box.fill("3.0")
    box.press("Enter")
    page.get_by_text("SCENARIO", exact=False).first.wait_for()
    wait_for_app(page)
    after = _map(page).screenshot(path=str(shots / "whatif-after.png"))
    assert before != after
    assert "scenario=bedreiging" in page.url


def test_presentation_mode_has_no_sidebar(page, server, shots):
    page.goto(f"{server}/?present=1")
    wait_for_app(page, "Stand per")
    assert not page.locator("[data-testid=stSidebar]").is_visible()
    page.get_by_role("button", name="Volgende").click()
    page.get_by_role("heading", name="Drugsoverlast").wait_for()
    page.screenshot(path=str(shots / "presentation.png"), full_page=True)


def test_a_shared_url_reopens_the_same_view(page, server, browser):
    page.goto(f"{server}/kaart?level=wijk&what=category&category=1.1.1&mode=absolute&lang=en&year=2015")
    wait_for_app(page, "Click a neighbourhood")
    shared = page.url
    other = browser.new_context().new_page()
    other.goto(shared)
    wait_for_app(other, "Click a neighbourhood")
    assert other.get_by_role("radio", name="wijk").is_checked()
    assert other.get_by_role("radio", name="Absolute").is_checked()
    assert other.get_by_role("combobox", name="Category").input_value() == "1.1.1 Domestic burglary"
    assert other.get_by_text("Year").count() >= 1  # English, as the link said
    other.context.close()
