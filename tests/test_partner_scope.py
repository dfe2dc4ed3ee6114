"""Partners by area (issue 26, part 2): a role of some wijken (``areas``, the demo's ``buurtteam`` of
Wijk 80 Oude Stad) sees its wijk and the buurten in it as the driehoek would, and nothing finer than
the gemeente elsewhere, by every route: the figure functions, every function of ``ui.data`` (the
only figures a page reads), the reports and the duidingen. The disclosure audit covers the role."""

from __future__ import annotations

import dataclasses
import re

import pandas as pd
import pytest

from mik.data import duiding, queries
from mik.figures import disclosure, hotspots, indicators, perception, scorecards, signals, whatif
from mik.output import driehoek, factsheet
from mik.plan.periods import parse_period
from mik.privacy.access import Access, AccessDenied, access_for, keep, unscoped
from mik.views import changes, headlines, maps, trends
from tests.test_reports import pdf_text, pptx_text

WIJK = "WK093580"
OTHER_WIJK, OTHER_BUURT = "WK093581", "BU09358101"


@pytest.fixture(scope="module")
def team(cfg) -> Access:
    return access_for(cfg, "buurtteam-1", "buurtteam")


@pytest.fixture(scope="module")
def seen(con) -> dict:
    """Codes and names the team may and may not see (names only where no allowed name holds them)."""
    areas = queries.area_list(con)
    own = areas[(areas.code == WIJK) | (areas.parent_code == WIJK) | (areas.level == "gemeente")]
    other = areas[~areas.code.isin(own.code)]
    allowed = " ".join(own.name)
    return {
        "own": own,
        "buurten": sorted(own.code[own.level == "buurt"]),
        "codes": sorted(other.code),
        "names": sorted(n for n in other.name if n not in allowed),
    }


def leaks(text: str, seen: dict) -> list[str]:
    """The codes and names of areas outside the team's wijk found in ``text``."""
    return [c for c in seen["codes"] if c in text] + [
        n for n in seen["names"] if re.search(rf"\b{re.escape(n)}\b", text)
    ]


def as_text(obj) -> str:
    """Everything a result holds, as text: frames whole, dataclasses and containers walked, reports
    (PDF, PPTX) read as their reader would."""
    if obj is None or isinstance(obj, (int, float, bool)):
        return str(obj)
    if isinstance(obj, bytes):
        return pdf_text(obj) if obj[:4] == b"%PDF" else pptx_text(obj)
    if isinstance(obj, str):
        return obj
    if isinstance(obj, pd.DataFrame):
        return obj.to_csv(index=False) + " ".join(map(str, obj.index))
    if isinstance(obj, pd.Series):
        return obj.to_csv()
    if dataclasses.is_dataclass(obj):
        return " ".join(as_text(getattr(obj, f.name)) for f in dataclasses.fields(obj))
    if isinstance(obj, dict):
        return " ".join(as_text(k) + " " + as_text(v) for k, v in obj.items())
    if isinstance(obj, (list, tuple, set)):
        return " ".join(as_text(x) for x in obj)
    return str(obj)


def test_the_check_finds_a_name_or_code_of_another_wijk(seen):
    assert leaks("Wijk 81 Hoogveld: 12", seen) == ["Wijk 81 Hoogveld"]
    assert leaks(f"{OTHER_BUURT} 7", seen) == [OTHER_BUURT]
    assert leaks(as_text(pd.DataFrame({"area_code": [WIJK, *seen["buurten"]]})), seen) == []


@pytest.mark.parametrize("year", [2013, 2015])
def test_its_cells_are_the_driehoeks_cells_of_its_areas(con, cfg, team, seen, year):
    """What the team sees is cut from what the same role without wijken sees (the driehoek): the
    same counts, the same hidden cells; so it can subtract nothing the audited driehoek cannot."""
    twin = access_for(cfg, "d", "driehoek")
    assert unscoped(team) == dataclasses.replace(twin, user=team.user, role=team.role, duiding=team.duiding)
    period = parse_period(str(year))
    sets = disclosure.measures(con, cfg)
    hidden = 0
    for name, cats in sets.items():
        scope = "total" if name == "0.0.0" else "indicator"
        for level, expected in (("wijk", [WIJK]), ("buurt", seen["buurten"]), ("aandachtsgebied", [])):
            mine = indicators.category_values(con, cats, level, period, True, access=team, scope=scope)
            theirs = indicators.category_values(con, cats, level, period, True, access=twin, scope=scope)
            assert sorted(mine.area_code) == expected
            pd.testing.assert_frame_equal(mine, keep(team, theirs))
            hidden += int(mine.suppressed.sum())
        city = indicators.category_values(con, cats, "gemeente", period, True, access=team, scope=scope)
        assert list(city.area_code) == [cfg.gemeente_code] and not city.suppressed.any()
    assert hidden > 0  # the cut keeps the city's hidden cells: there was something to keep


def test_in_its_own_wijk_it_gets_the_driehoeks_refusals_over_time_and_categories(con, cfg, team):
    # its own buurt, asked as the attack suite asks the driehoek (tests/test_access.py)
    for period in ("2015-03", "2015-Q1", "2015-12-YTD", "2015-12-R12"):
        with pytest.raises(AccessDenied, match="hele jaren"):
            indicators.category_values(con, ["1.4.7"], "buurt", parse_period(period), access=team, scope="indicator")
    with pytest.raises(AccessDenied, match="hele jaren"):
        indicators.monthly_series(con, ["1.4.7"], "buurt", "BU09358001", access=team)
    with pytest.raises(AccessDenied, match=r"0\.0\.0"):
        maps.value_frame(con, cfg, "buurt", parse_period("2015"), category="1.4.7", access=team)
    with pytest.raises(AccessDenied):
        changes.category_breakdown(con, ["1.4.6", "1.4.7"], "buurt", "BU09358001", parse_period("2015"), access=team)
    assert len(indicators.monthly_series(con, ["1.4.7"], "gemeente", cfg.gemeente_code, access=team)) > 12


def test_the_disclosure_audit_covers_the_role(con, cfg, team):
    roles = disclosure.restricted_roles(cfg)
    assert "buurtteam" in [a.role for a in roles]
    cells = [c for y in range(2012, 2017) for c in disclosure.intervals_year(con, cfg, team, y)]
    assert cells and {c.area_code[:8].replace("BU", "WK") for c in cells} <= {WIJK}
    assert [str(c) for c in cells if c.width < team.threshold] == []


def _single_area_routes(con, cfg, access, code, level):
    period = parse_period("2015")
    return {
        "indicator_value": lambda: indicators.indicator_value(con, cfg, "hic", code, level, period, access=access),
        "monthly_series": lambda: indicators.monthly_series(con, ["1.1.1"], level, code, access=access),
        "scorecard": lambda: scorecards.scorecard(con, cfg, 2015, code, level, access=access),
        "category_breakdown": lambda: changes.category_breakdown(con, ["1.1.1"], level, code, period, access=access),
        "headline": lambda: headlines.headline(con, code, level, access=access, gemeente=cfg.gemeente_code),
        "yearly_trend": lambda: trends.yearly_trend(con, cfg, "hic", code, level, access=access),
        "theme_trend": lambda: trends.theme_trend(con, cfg, "hic", code, level, access=access),
        "factsheet": lambda: factsheet.build_factsheet(con, cfg, code, "2016-09", access=access),
    }


@pytest.mark.parametrize("code,level", [(OTHER_WIJK, "wijk"), (OTHER_BUURT, "buurt"), ("AG01", "aandachtsgebied")])
def test_an_area_outside_its_wijk_is_refused_by_every_single_area_route(con, cfg, team, code, level):
    # a team with full counts would get these areas' months and parts: the refusal is about the area
    open_team = dataclasses.replace(team, unsuppressed=True)
    for name, call in _single_area_routes(con, cfg, open_team, code, level).items():
        if name == "factsheet" and level == "aandachtsgebied":
            continue  # factsheets are of wijken and buurten only (FactsheetError)
        with pytest.raises(AccessDenied, match="ziet alleen WK093580"):
            call()
    inside = "BU09358001" if level != "wijk" else WIJK
    for _name, call in _single_area_routes(con, cfg, open_team, inside, "buurt" if level != "wijk" else "wijk").items():
        call()  # the same route answers for its own area


def test_lists_of_areas_hold_its_own_areas_only(con, cfg, team, seen):
    period = parse_period("2015")
    open_team = dataclasses.replace(team, unsuppressed=True, finest_level="straat")  # every route open to it
    for access in (team, open_team):
        results = {
            "choropleth": maps.choropleth(con, cfg, "buurt", period, "hic", access=access, gemeente=cfg.gemeente_code),
            "wijk map": maps.choropleth(con, cfg, "wijk", period, None, "0.0.0", access=access),
            "level_scorecards": scorecards.level_scorecards(con, cfg, 2016, "buurt", access=access),
            "what_if": whatif.what_if(con, cfg, 2015, {}, access=access),
            "biggest_changes": changes.biggest_changes(con, ["1.1.1", "1.2.1"], period, 50, access=access),
            "perception": perception.perception(con, cfg, "c", 2016, access=access, gemeente=cfg.gemeente_code),
            "survey": indicators.survey_values(con, cfg.indicator("onveilig_buurt"), "wijk", 2015, access=access),
        }
        if access.unsuppressed:
            m = parse_period("2016-09").start
            results["signals"] = signals.month_signals(con, m, "buurt", access=access, gemeente=cfg.gemeente_code)
            results["hexagons"] = maps.hex_layer(con, ["1.1.1"], period, access, cfg.gemeente_code)
            results["streets"] = hotspots.top_streets(con, ["1.1.1"], period, access, cfg.gemeente_code)
        for name, result in results.items():
            assert leaks(as_text(result), seen) == [], name
        assert set(results["choropleth"].frame.code) == set(seen["buurten"])
        assert results["choropleth"].outlines["features"] == []  # no aandachtsgebied: they cross wijken
        assert set(results["what_if"].area_code) == {cfg.gemeente_code, WIJK, *seen["buurten"]}
        assert len(results["biggest_changes"]) > 0
    # an open team's signals are the city's test, cut: the same rows for its buurten
    m = parse_period("2016-09").start
    city = signals.month_signals(con, m, "buurt", access=unscoped(open_team), gemeente=cfg.gemeente_code)
    mine = results["signals"].table
    pd.testing.assert_frame_equal(mine, keep(open_team, city.table))
    assert len(mine) and len(city.table) > len(mine)


def test_duidingen_below_the_gemeente_only_of_its_own_signals(tmp_path, cfg, team):
    db = tmp_path / "mik.duckdb"
    analist = access_for(cfg, "analist-1", "analist")
    month = "2016-09"
    own = duiding.signal_subject("buurt", "BU09358001", "1.1.1")
    other = duiding.signal_subject("buurt", OTHER_BUURT, "1.1.1")
    duiding.save(db, analist, "c", month, "De stad als geheel.", base=0)
    duiding.save(db, analist, "b", month, "Drie wijken vallen op.", base=0, level="wijk", checked=True)
    duiding.save(db, analist, "c", month, "Inbraken in een buurt van de Oude Stad.", base=0, level="buurt", subject=own)
    duiding.save(db, analist, "c", month, "Inbraken elders.", base=0, level="buurt", subject=other)
    got = {(d.theme, d.subject) for d in duiding.of_month(db, team, None, (month,))}
    assert got == {("c", duiding.THEME), ("c", own)}
    duiding.remark(db, team, "c", month, "Bekend bij het buurtteam.", subject=own)
    for theme, subject in (("b", duiding.THEME), ("c", other)):
        with pytest.raises(duiding.DuidingError):
            duiding.remark(db, team, theme, month, "Gezien.", subject=subject)
    driehoek_sees = {
        (d.theme, d.subject) for d in duiding.of_month(db, access_for(cfg, "d", "driehoek"), None, (month,))
    }
    assert len(driehoek_sees) == 4  # the same duidingen, the whole city: the cut is the team's


def test_its_deck_and_factsheet_name_no_area_outside_its_wijk(con, cfg, team, seen):
    from mik.output import render

    deck = driehoek.build_driehoek(con, cfg, "2016-09", access=team)
    for fmt in ("pptx", "pdf"):
        text = as_text(render.render(deck, fmt))
        assert leaks(text, seen) == [], fmt
        assert "Zwaluwkwartier" in text or "Wijk 80" in text  # its own areas are there
    sheet = as_text(render.render(factsheet.build_factsheet(con, cfg, "BU09358001", "2016-09", access=team), "pdf"))
    assert leaks(sheet, seen) == [] and "Zwaluwkwartier" in sheet


def test_every_function_of_ui_data_shows_its_own_areas_only(demo_db, cfg, team, seen, monkeypatch):
    """The routes the pages read (tests/test_gate.py: the only figure functions they call), each
    called as the team; the test fails when a new function of ui.data is not called here."""
    import inspect

    import ui.data
    from ui import auth, cache, source

    monkeypatch.setenv("MIK_DB", str(demo_db))
    monkeypatch.setattr(auth, "current_access", lambda: team)
    cache._figure_caches.clear()
    k = source.db_key()
    d = ui.data
    calls = {
        "scorecard": lambda: (d.scorecard(k, 2015, WIJK, "wijk"), d.scorecard(k, 2015, cfg.gemeente_code)),
        "headline": lambda: d.headline(k, "BU09358001", "buurt"),
        "indicator_history": lambda: d.indicator_history(k, "hic", WIJK, (2013, 2014, 2015), "wijk"),
        "choropleth": lambda: [
            d.choropleth(k, lv, "2015", "hic", None, True, "quantiles", "nl") for lv in ("wijk", "buurt")
        ],
        "status_map": lambda: d.status_map(k, 2015, "hic", (), "nl"),
        "what_if": lambda: d.what_if(k, 2015, ()),
        "month_signals": lambda: d.month_signals(k, "2016-09", None, "nl"),
        "perceived": lambda: [d.perceived(k, theme.id, 2016) for theme in cfg.themes],
        "hotspot_layer": lambda: d.hotspot_layer(k, ("1.1.1",), "2015", "nl", "indicator"),
        "top_streets": lambda: d.top_streets(k, ("1.1.1",), "2015", "indicator"),
        "denominator_series": lambda: d.denominator_series(k),
        "point_span": lambda: d.point_span(k),
        "theme_trend": lambda: d.theme_trend(k, "hic", cfg.gemeente_code, "gemeente"),
        "yearly_trend": lambda: d.yearly_trend(k, "hic", "BU09358001", "buurt"),
        "category_breakdown": lambda: d.category_breakdown(k, ("1.1.1",), "gemeente", cfg.gemeente_code, "2015", "nl"),
        "biggest_changes": lambda: d.biggest_changes(k, ("1.1.1", "1.2.1"), "2015", "buurt", "nl", "hic"),
        "peer_table": lambda: d.peer_table(k, "hic", (2014, 2015)),
        "peer_years": lambda: d.peer_years(k, "hic"),
        "similar_gemeenten": lambda: d.similar_gemeenten(k, 2015),
        "peer_context": lambda: d.peer_context(k, 2015, ("GM0758",)),
        "activities": lambda: d.activities(k),
        "lineage": lambda: d.lineage(k),
        "map_default": lambda: d.map_default(k, "2015"),
        "period_choices": lambda: d.period_choices(k, "buurt"),
        "areas": lambda: d.areas(k),
        "area_choices": lambda: d.area_choices(k),
        "categories": lambda: d.categories(k),
        "loaded_categories": lambda: d.loaded_categories(k),
        "peer_measures": lambda: d.peer_measures(k),
        "report_months": lambda: d.report_months(k),
        "report_quarters": lambda: d.report_quarters(k),
        "last_complete_quarter": lambda: d.last_complete_quarter(k),
        "report": lambda: [
            d.report(k, "driehoek", "2016-09", "pdf"),
            d.report(k, "raad", "2016-Q3", "pdf"),
            d.report(k, "factsheet", "2016-09", "pdf", (), "BU09358001"),
        ],
    }
    public = {
        n for n, f in inspect.getmembers(ui.data, inspect.isfunction) if f.__module__ == "ui.data" and n[0] != "_"
    }
    assert public - set(calls) == set(), "a function of ui.data the attack does not call"
    refused = []
    for name, call in calls.items():
        try:
            result = call()
        except AccessDenied:
            refused.append(name)
            continue
        assert leaks(as_text(result), seen) == [], name
    assert sorted(refused) == ["hotspot_layer", "top_streets"]  # the street level is not the team's
    assert set(d.areas(k).code) == {cfg.gemeente_code, WIJK, *seen["buurten"]}
    with pytest.raises(AccessDenied, match="ziet alleen"):
        d.scorecard(k, 2015, OTHER_WIJK, "wijk")
    with pytest.raises(AccessDenied, match="ziet alleen"):
        d.report(k, "factsheet", "2016-09", "pdf", (), OTHER_BUURT)


def test_a_role_whose_wijken_are_not_loaded_sees_the_gemeente_only(con, cfg):
    lost = Access("x", "buurtteam", "buurt", False, areas=("WK093599",))
    period = parse_period("2015")
    for level in ("wijk", "buurt"):
        assert indicators.category_values(con, ["1.1.1"], level, period, access=lost, scope="indicator").empty
    city = indicators.category_values(con, ["1.1.1"], "gemeente", period, access=lost, scope="indicator")
    assert len(city) == 1 and int(city["count"].iloc[0]) > 0
    layer = maps.choropleth(con, cfg, "buurt", period, "hic", access=lost)
    assert layer.frame.empty and layer.features["features"] == []
