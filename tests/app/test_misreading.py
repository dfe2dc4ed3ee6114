"""Figures nobody can misread (issue 24, part 3), over every page and presentation screen of the demo:
no card shows a big value over "Geen data", a running year is judged by its projection (shown beside
the full-year target, the year so far as the second line), every value axis starts at zero, and
the city has one colour (its own) in every comparison chart."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from mik.plan.config import load_config
from mik.views.charts import CITY_COLOUR
from tests.app.conftest import cards, chart_specs, clear_caches_if_settings_changed
from tests.conftest import ROOT

CFG = load_config()
THEMES = [th for th in CFG.themes if th.kind in ("prioriteit", "overkoepelend")]
# (page, query) - every page a policy advisor opens, and every presentation screen
VISITS = (
    [("app.py", {"year": str(y)}) for y in (2014, 2015, 2016)]
    + [("app.py", {"present": "1", "slide": str(n)}) for n in range(1, len(THEMES) + 2)]
    + [("pages/thema.py", {"theme": th.id}) for th in THEMES]
    + [
        ("pages/vergelijking.py", {"indicator": "onveilig_buurt"}),
        ("pages/vergelijking.py", {"indicator": "hic", "year": "2015"}),
        ("pages/kaart.py", {}),
        ("pages/whatif.py", {}),
        ("pages/uitvoering.py", {}),
        ("pages/hotspots.py", {}),
    ]
)


def _run(page: str, query: dict) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    at.query_params.update(query)
    at.run()
    if page != "app.py":
        at.switch_page(page).run()
    assert not at.exception, at.exception
    return at


def _position_scales(spec: dict):
    """(channel, field, scale) of every quantitative x or y encoding in a spec, layers included."""
    for key in ("layer", "vconcat", "hconcat", "concat"):
        for part in spec.get(key, []):
            yield from _position_scales(part)
    if "spec" in spec:
        yield from _position_scales(spec["spec"])
    for channel, enc in (spec.get("encoding") or {}).items():
        if channel in ("x", "y") and isinstance(enc, dict) and enc.get("type") == "quantitative":
            yield channel, enc.get("field"), enc.get("scale") or {}


@pytest.fixture()
def demo(app_db, monkeypatch):
    monkeypatch.setenv("MIK_BASEMAP", "none")
    clear_caches_if_settings_changed()


@pytest.mark.parametrize("page,query", VISITS, ids=[f"{p.split('/')[-1]}-{'-'.join(q.values())}" for p, q in VISITS])
def test_no_figure_invites_misreading(demo, page, query):
    at = _run(page, query)
    found = cards(at)
    if page == "app.py" and query.get("slide", "1") == "1":  # the overview and the first screen: every indicator
        assert len(found) == len(CFG.indicators), found
    city_scales = 0
    for card in found:
        name = card["name"]
        if card["data-status"] in ("no_data", "suppressed", "not_yet_known") or card["data-kind"] == "missing":
            # the reason is the main content: no big figure from another period over "Geen data"
            assert card["data-kind"] == "missing" and "value" not in card and card.get("reason"), card
        if card["data-status"] in ("on_track", "at_risk"):  # a running year: its projection against the target
            assert card["data-kind"] == "projection", card
            assert card["label"].startswith("Prognose jaareinde"), card
            assert card["target"].startswith("Doel"), f"{name}: projection without its target"
    for spec in chart_specs(at):
        for channel, field, scale in _position_scales(spec):
            assert scale.get("zero", True) is not False, (
                f"{page} {query}: the {channel} axis of {field} does not start at 0"
            )
        colour = (spec.get("encoding") or {}).get("color", {})
        scale = colour.get("scale") or {}
        if "range" in scale and "domain" in scale:
            ranges = dict(zip(scale["domain"], scale["range"], strict=False))
            city = [n for n in ranges if n.startswith(CFG.gemeente_name)]
            if city:  # the city in the city's colour, and nobody else in it
                assert [n for n, c in ranges.items() if c == CITY_COLOUR] == city, ranges
                city_scales += 1
    if page.endswith("vergelijking.py") and "year" not in query:  # the lines over the years were checked
        assert city_scales, "no comparison chart names the city in its colours"


def test_the_overview_judges_the_running_year_by_its_projection(demo):
    """2016 runs to September in the demo: HIC's card shows the projection 44,3 beside the target
    ≤ 45,0, with the 32,7 so far as the second line (32,7 next to 45,0 would read as far below)."""
    at = _run("app.py", {"year": "2016"})
    hic = next(c for c in cards(at) if c["name"].startswith("Misdrijven vermogenscriminaliteit"))
    assert (hic["data-kind"], hic["value"], hic["label"]) == ("projection", "44,3", "Prognose jaareinde 2016")
    assert hic["second"] == "Tot nu toe (jan - sep 2016): 32,7 per 1.000 inwoners"
    assert hic["target"] == "Doel 2016: ≤ 45,0 per 1.000"
    survey = next(c for c in cards(at) if c["name"].startswith("% 'vaak overlast van buurtbewoners'"))
    assert (survey["reason"], survey["second"]) == ("Geen meting in 2016", "Laatste meting (2015): 7,4%")
