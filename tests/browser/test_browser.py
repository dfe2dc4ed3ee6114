"""The app in a real browser: pages, map clicks, what-if, presentation mode, shared links."""

import time

import pytest

from tests.browser.conftest import wait_for_app

pytestmark = pytest.mark.xdist_group("demo-server")  # the tests share the analist demo server

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
    box.fill("3,0")
    box.press("Enter")
    page.get_by_text("SCENARIO", exact=False).first.wait_for()
    wait_for_app(page)
    after = _map(page).screenshot(path=str(shots / "whatif-after.png"))
    assert before != after
    assert "scenario=bedreiging" in page.url


def _settled(measure, seconds: float = 10.0):
    """The layout once it stops moving (two measurements 0.3 s apart agree): on a loaded machine
    the previous screen's elements can still be on the page while the new one is drawn."""
    last, deadline = measure(), time.monotonic() + seconds
    while time.monotonic() < deadline:
        time.sleep(0.3)
        now = measure()
        if now == last and None not in now:
            return now
        last = now
    return last


def _font_px(locator) -> float:
    return float(locator.evaluate("e => parseFloat(getComputedStyle(e).fontSize)"))


def test_presentation_mode_fills_a_meeting_screen(tabs, server, shots):
    """1920×1080: screen 1 is the scorecard of every indicator; every theme screen has a chart, all
    on one screen without scrolling, figures of 48 px or more, text of 20 px or more, big buttons."""
    from mik.plan.config import load_config

    cfg = load_config()
    page = tabs.new_page()
    page.set_viewport_size({"width": 1920, "height": 1080})
    page.goto(f"{server}/?present=1&year=2016")
    wait_for_app(page, "Stand van het plan")
    assert not page.locator("[data-testid=stSidebar]").is_visible()
    active = [i for i in cfg.indicators if i.status == "actief"]
    for ind in active:
        page.locator(".mik-name", has_text=ind.name("nl")).first.wait_for()
    figures = page.locator(".mik-value")
    # every indicator has a card (those in development too): a figure, or the reason there is none
    assert figures.count() + page.locator(".mik-reason").count() == len(cfg.indicators)
    assert figures.count() >= 1 and min(_font_px(f) for f in figures.all()) >= 48
    assert min(_font_px(f) for f in page.locator(".mik-reason").all()) >= 28
    assert min(_font_px(f) for f in page.locator(".mik-name, .mik-target, .mik-status").all()) >= 20
    assert page.locator(".mik-status", has_text="Op koers").count() >= 1  # status as a word, with its icon
    page.screenshot(path=str(shots / "presentation-scorecard.png"))
    themes = [th for th in cfg.themes if th.kind in ("prioriteit", "overkoepelend")]
    for n, theme in enumerate(themes, start=2):
        page.get_by_role("button", name="Volgende").click()
        page.get_by_role("heading", name=theme.name("nl")).wait_for()
        wait_for_app(page)
        charts = page.locator("[data-testid=stVegaLiteChart], [data-testid=stArrowVegaLiteChart]")
        charts.first.wait_for()
        back = page.get_by_role("button", name="Vorige")
        back.wait_for()
        box, button = _settled(lambda c=charts, b=back: (c.first.bounding_box(), b.bounding_box()))
        assert box["y"] + box["height"] <= 1080, f"screen {n}: the chart runs off the screen"
        assert button["height"] >= 60
        bottom = button["y"] + button["height"]  # the last thing on the screen
        assert bottom <= 1080, f"screen {n} ({theme.id}) needs scrolling: its buttons end at {bottom} px"
        page.screenshot(path=str(shots / f"presentation-{n}-{theme.id}.png"))
    page.get_by_role("button", name="Volgende", disabled=True).wait_for()  # the last screen: no further
    assert page.get_by_role("button", name="Volgende").is_disabled()
    page.close()


def test_no_request_leaves_the_machine_for_fonts_or_icons(browser, server):
    """Without a base map (MIK_BASEMAP=none) no page asks anything of any other host: no fonts, no
    icons, no statistics, no base-map style (a municipal network blocks them, and each would tell a
    third party of the visit). Kaart is in: Streamlit's deck.gl chart fills in Carto's style when
    a Deck says map_style=None."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    elsewhere: list[str] = []
    context.route(
        "**/*",
        lambda route: (
            route.continue_()
            if route.request.url.startswith((server, "data:", "blob:"))
            else (elsewhere.append(route.request.url), route.abort())
        ),
    )
    page = context.new_page()
    for path, text in (("", "Stand per"), ("thema", "Trend ·"), ("kaart", "Klik op een buurt")):
        page.goto(f"{server}/{path}")
        wait_for_app(page, text)
        if path == "kaart":
            page.locator("[data-testid=stDeckGlJsonChart] canvas").first.wait_for(state="visible", timeout=20_000)
    page.wait_for_load_state("networkidle")
    context.close()
    assert elsewhere == []


def test_a_shared_url_reopens_the_same_view(page, server, browser):
    page.goto(f"{server}/kaart?level=wijk&what=category&category=1.1.1&mode=absolute&lang=en&year=2015")
    wait_for_app(page, "Click a neighbourhood")
    shared = page.url
    other = browser.new_context().new_page()
    other.goto(shared)
    wait_for_app(other, "Click a neighbourhood")
    assert other.get_by_role("radio", name="district").is_checked()  # the level in English too
    assert other.get_by_role("radio", name="Absolute").is_checked()
    assert other.get_by_role("combobox", name="Category").input_value() == "Domestic burglary"  # no code
    assert other.get_by_text("Year").count() >= 1  # English, as the link said
    other.context.close()


@pytest.mark.parametrize(
    ("path", "figure", "text"),
    [("", "[data-testid=stMetric]", "Geregistreerde misdrijven"), ("kaart", "[data-testid=stDeckGlJsonChart]", None)],
)
def test_a_phone_shows_a_figure_on_its_first_screen(browser, server, shots, path, figure, text):
    """390×844: the headline figure (Overzicht) and the map (Kaart, above its controls) start on the
    first screen, without scrolling."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(f"{server}/{path}")
    wait_for_app(page, text)
    shown = page.locator(figure, has_text=text) if text else page.locator(figure)
    shown.first.wait_for()
    page.wait_for_timeout(500)
    box = shown.first.bounding_box()
    page.screenshot(path=str(shots / f"phone-{path or 'overzicht'}.png"))
    assert box["y"] < 844 - 150, f"the first figure starts at {box['y']} px"
    context.close()


def test_the_excel_download_holds_numbers_and_formats_as_on_screen(page, server, demo_db):
    """Thema's changes table downloaded as a user would: the workbook's counts and q-values are
    numbers, the change a percentage, and every cell shows what the screen shows."""
    import io
    from pathlib import Path

    from openpyxl import load_workbook

    page.goto(f"{server}/thema?theme=c")
    wait_for_app(page, "Trend ·")
    button = page.locator("[class*=st-key-thema_changes_xlsx] button")
    button.scroll_into_view_if_needed()
    with page.expect_download() as info:
        button.click()
    assert info.value.suggested_filename == "mik-thema_changes.xlsx"
    ws = load_workbook(io.BytesIO(Path(info.value.path()).read_bytes())).active  # the download has no suffix
    header = [c.value for c in ws[2]]
    rows = [r for r in ws.iter_rows(min_row=3, max_col=len(header)) if r[0].value is not None]
    assert rows and header[:3] == ["Gebied", "Categorie", "Aantal"]
    change, q = header.index("Verandering"), header.index("q-waarde")
    for r in rows:
        assert isinstance(r[2].value, int | float)
        shown_as_percent = r[change].number_format.endswith("%")
        assert r[change].value is None or (isinstance(r[change].value, int | float) and shown_as_percent)
        assert isinstance(r[q].value, int | float) and 0 <= r[q].value <= 1 and "< 0,001" in r[q].number_format
    assert ws.column_dimensions["A"].width > len("Gebied")
    from mik.data import audit

    log = audit.read(demo_db, 50)  # written on the server when the file was made
    assert "excel thema_changes" in set(log.detail[log.action == "export"])
