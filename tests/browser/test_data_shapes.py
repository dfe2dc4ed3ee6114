"""Data shapes in Chromium (issue 25, part 4): the installations of tests/secondcity.py SHAPES that
differ most from the second city that tests/browser/test_second_city.py opens (boundaries only; the
police export alone, a running year with no whole year): every page, the scorecard and the first
theme screen, as the analist sees them (every page open to the role). No traceback, no "Page not
found", every page with text, every map drawn as a canvas or explained in a sentence; a screenshot
of each page kept. The sweep over all seven shapes and three roles, with the colours of every map
and the figures on every card, is tests/app/test_data_shapes.py (AppTest); this one is the
browser's view of the pages."""

from __future__ import annotations

import pytest

from mik.plan.config import load_config
from tests.browser.conftest import start_streamlit, wait_for_app

# the full set under Maastricht's plan is the second city of tests/browser/test_second_city.py (every page)
SHAPES = ("grenzen", "export")
PAGES = ["", "thema", "kaart", "hotspots", "vergelijking", "wat-als", "uitvoering", "rapporten", "bronnen"]


@pytest.fixture()
def shape_server(request, shape_install, chromium_path):
    name = request.node.callspec.params["shape"]
    inst = shape_install(name)  # built once per worker: the shape's AppTest and office tests share its group
    env = {"MIK_CONFIG": str(inst["config"]), "MIK_DB": str(inst["db"]), "MIK_AUTH": "off", "MIK_ROLE": "analist"}
    proc, url = start_streamlit(env)
    yield name, inst, url
    proc.terminate()
    proc.wait(timeout=10)


def _screens(inst) -> list[str]:
    """The scorecard and the first theme's screen (the AppTest sweep visits every screen)."""
    cfg = load_config(inst["config"])
    themes = [th for th in cfg.themes if th.kind in ("prioriteit", "overkoepelend")]
    return [f"?present=1&slide={n}" for n in range(1, min(len(themes) + 2, 3))]


@pytest.mark.parametrize("shape", [pytest.param(s, marks=pytest.mark.xdist_group(f"shape-{s}")) for s in SHAPES])
def test_every_page_of_a_data_shape_in_chromium(tabs, shape_server, shots, shape):
    shape, inst, url = shape_server
    pg = tabs.new_page()
    pg.set_viewport_size({"width": 1400, "height": 900})
    problems = []
    for path in [*PAGES, *_screens(inst)]:
        pg.goto(f"{url}/{path}")
        wait_for_app(pg, "Noorderhaven")
        if path == "kaart":  # the map, or the sentence why there is none (the map's script runs longest)
            pg.wait_for_selector("[data-testid=stDeckGlJsonChart] canvas, [data-testid=stAlert]", timeout=60_000)
        main = pg.locator("[data-testid=stMain]")
        text = main.inner_text()
        where = f"{shape} /{path}"
        if pg.locator("[data-testid=stException]").count():
            problems.append(f"{where}: traceback {pg.locator('[data-testid=stException]').first.inner_text()[:200]}")
        if "Page not found" in text:
            problems.append(f"{where}: page not found")
        if len(text.strip()) < 40:
            problems.append(f"{where}: an empty page ({text.strip()!r})")
        maps = pg.locator("[data-testid=stDeckGlJsonChart]").count()
        canvases = pg.locator("[data-testid=stDeckGlJsonChart] canvas").count()
        if maps and not canvases:
            problems.append(f"{where}: a map element without a drawn map")
        if path == "kaart" and not maps and "geen politiecijfers" not in text and "hele kalenderjaren" not in text:
            problems.append(f"{where}: no map and no sentence why")
        name = path.replace("?", "").replace("&", "-").replace("=", "") or "overzicht"
        pg.screenshot(path=str(shots / f"shape-{shape}-{name}.png"))
    pg.close()
    assert not problems, "\n".join(problems)
