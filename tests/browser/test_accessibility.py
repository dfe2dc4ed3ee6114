"""Every page, as each role sees it, in Chromium: axe-core (WCAG 2.1 A and AA) finds no serious or
critical violation, and no table shows a code-style column name, "None" or a decimal point in Dutch.

axe-core runs offline (axe-playwright-python carries it). Tables are read as a screen reader
gets them: the HTML table's cells, and the data grid's accessibility table.
"""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import start_streamlit, wait_for_app

pytestmark = pytest.mark.xdist_group("roles")  # the tests share a server per role

WCAG = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
PAGES = {
    "analist": [
        "",
        "thema",
        "kaart",
        "hotspots",
        "vergelijking?indicator=hic&mode=per_1000_visitors",
        "wat-als",
        "uitvoering",
        "rapporten",
        "bronnen",
        "?present=1",
    ],
    # the other roles: the pages that are made differently for them (levels, sections, suppression)
    "driehoek": ["thema?theme=b", "kaart"],
    # (Wat als differs by role only in the plan button, which the admin's Plan page covers)
    "raad": ["thema?theme=c", "kaart", "?present=1&slide=2"],
    "publiek": ["", "thema?theme=c"],
    "admin": ["bijwerken", "audit", "plan"],
}
CODE_NAME = re.compile(r"^[a-z0-9]+(_[a-z0-9]+)+$")  # gemeente_name, count_last_year, theme_id
DECIMAL_POINT = re.compile(r"^[-+]?\d+\.\d{1,2}%?$")  # 5.6, 74.55, 6.8% (1.234 is Dutch for a thousand)


@pytest.fixture(scope="session")
def servers(demo_db, server):
    """One server per role: the session's demo server is the analist's (the demo's default role)."""
    from concurrent.futures import ThreadPoolExecutor

    others = [role for role in PAGES if role != "analist"]
    with ThreadPoolExecutor(len(others)) as pool:  # started side by side
        futures = {role: pool.submit(start_streamlit, {"MIK_DB": str(demo_db), "MIK_ROLE": role}) for role in others}
        started = {role: future.result() for role, future in futures.items()}
    yield {"analist": server} | {role: url for role, (_, url) in started.items()}
    for proc, _ in started.values():
        proc.terminate()
        proc.wait(timeout=10)


@pytest.fixture(scope="session")
def axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


def styled(page) -> None:
    """Wait until MIK's own style sheet (ui.style.BASE_CSS) is in the page: it can come a moment
    after the page's first elements, and axe would measure Streamlit's own caption grey."""
    page.wait_for_function("() => [...document.querySelectorAll('style')].some(s => s.textContent.includes('55534f'))")
    page.wait_for_timeout(300)


def serious(results) -> list[str]:
    return [
        f"{v['id']} ({v['impact']}): {n['target']} {n['failureSummary'][:200]}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
        for n in v["nodes"]
    ]


def table_texts(page) -> list[tuple[list[str], list[str]]]:
    """(column headers, cell texts) of every table and data grid on the page."""
    out = []
    for table in page.locator("[data-testid=stTable]").all():
        # drawn a moment after the element appears; a table in a closed expander (a map's table
        # that came after open_map_tables looked) is read all the same, as its cells are in the page
        table.locator("thead th").first.wait_for(state="attached")
        out.append((table.locator("thead th").all_inner_texts(), table.locator("tbody td").all_inner_texts()))
    for grid in page.locator("[data-testid=stDataFrame]").all():
        grid.locator("[role=columnheader]").first.wait_for(state="attached")  # the grid draws its header late
        heads = grid.locator("[role=columnheader]").all_inner_texts()
        cells = grid.locator("[role=gridcell]").all_inner_texts()
        out.append((heads, cells))
    return out


def open_map_tables(page) -> None:
    """Open the 'Tabel' of every map (the keyboard way: focus and Enter)."""
    for summary in page.locator("[data-testid=stExpander] summary").all():
        if "Tabel" in summary.inner_text():
            summary.focus()
            summary.press("Enter")
            summary.locator("xpath=..").locator("table").first.wait_for()  # open, and its rows shown


@pytest.mark.parametrize(("role", "path"), [(r, p) for r, paths in PAGES.items() for p in paths])
def test_pages_are_accessible_and_tables_read_as_dutch(tabs, servers, axe, shots, role, path):
    page = tabs.new_page()
    page.set_viewport_size({"width": 1400, "height": 900})
    page.set_default_timeout(30_000)
    try:
        page.goto(f"{servers[role]}/{path}")
        wait_for_app(page)
        page.locator("h1").first.wait_for()
        styled(page)
        open_map_tables(page)
        assert page.locator("[data-testid=stException]").count() == 0
        assert page.get_by_text("Niet beschikbaar voor uw rol").count() == 0
        page.wait_for_function("document.documentElement.lang === 'nl'")  # WCAG 3.1.1: read aloud as Dutch
        found = serious(axe.run(page, options=WCAG))
        assert not found, "\n".join(found)
        for heads, cells in table_texts(page):
            assert heads, "a table without column names"
            assert not [h for h in heads if CODE_NAME.match(h)], heads
            assert not [c for c in cells if c.strip() in ("None", "nan", "NaN", "NaT", "<NA>")], cells[:40]
            assert not [c for c in cells if DECIMAL_POINT.match(c.strip())], cells[:40]
        name = re.sub(r"\W+", "-", path) or "overzicht"
        page.screenshot(path=str(shots / f"a11y-{role}-{name}.png"))
    finally:
        page.close()


def test_an_english_page_says_it_is_english(tabs, servers):
    page = tabs.new_page()
    try:
        page.goto(f"{servers['analist']}/thema?lang=en")
        wait_for_app(page, "Trend ·")
        page.wait_for_function("document.documentElement.lang === 'en'")
        page.goto(f"{servers['analist']}/thema?lang=nl")
        wait_for_app(page, "Trend ·")
        page.wait_for_function("document.documentElement.lang === 'nl'")
        # the element that says it takes no room on the page
        assert page.locator("[class*=st-key-mik_document_language]").first.is_hidden()
    finally:
        page.close()


def test_the_map_table_is_reachable_by_keyboard(tabs, servers):
    """Tab from the top of the Kaart reaches the map's 'Tabel', and Enter opens the figures."""
    page = tabs.new_page()
    page.set_viewport_size({"width": 1400, "height": 900})
    try:
        page.goto(f"{servers['analist']}/kaart")
        wait_for_app(page, "Klik op een buurt")
        for _ in range(80):
            page.keyboard.press("Tab")
            focused = page.evaluate("(() => `${document.activeElement.tagName} ${document.activeElement.innerText}`)()")
            if focused.startswith("SUMMARY") and "Tabel" in focused:
                break
        else:
            pytest.fail("the map's table is not reachable with Tab")
        page.keyboard.press("Enter")
        page.locator("[data-testid=stTable] thead th").first.wait_for()
        heads, cells = table_texts(page)[0]
        assert heads[:3] == ["Gebied", "Waarde", "Klasse op de kaart"]
        assert len(cells) >= len(heads) * 10  # one row per buurt
    finally:
        page.close()
