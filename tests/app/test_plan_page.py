"""The Plan page and Wat als's "make this scenario the plan" on a copy of the demo's plan: who may,
what is saved, what a second editor is told, and that every figure follows the saved plan."""

from __future__ import annotations

import shutil

import pytest
from streamlit.testing.v1 import AppTest

from mik.data import audit
from mik.plan.config import load_config
from mik.plan.versions import PlanStore
from tests.app.conftest import cards, clear_caches_if_settings_changed, tables, texts
from tests.conftest import ROOT

THREAT = "Incidenten bedreiging per 1.000 inwoners"


@pytest.fixture()
def plan_copy(tmp_path, monkeypatch, app_db):
    config = tmp_path / "config.toml"
    shutil.copyfile(ROOT / "config.toml", config)
    monkeypatch.setenv("MIK_CONFIG", str(config))
    monkeypatch.setenv("MIK_AUTH", "off")
    audit.audit_path(app_db).unlink(missing_ok=True)
    clear_caches_if_settings_changed()
    return config


def _app(monkeypatch, role: str) -> AppTest:
    monkeypatch.setenv("MIK_ROLE", role)
    return AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)


def _plan_page_on_hic(monkeypatch) -> AppTest:
    """An admin's Plan page for 2016 with HIC chosen to set its target."""
    at = _app(monkeypatch, "admin")
    at.query_params["year"] = "2016"
    at.run()
    at.switch_page("pages/plan.py").run()
    at.selectbox(key="plan_indicator").set_value("hic").run()
    assert not at.exception
    return at


@pytest.mark.parametrize("role", ["analist", "driehoek", "raad", "publiek"])
def test_only_plan_owners_and_admins_get_the_plan_page(plan_copy, monkeypatch, role):
    at = _app(monkeypatch, role)
    at.run()
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page("pages/plan.py")


@pytest.mark.parametrize("role", ["planeigenaar", "admin"])
def test_plan_owners_and_admins_open_the_plan_as_it_is(plan_copy, monkeypatch, role):
    at = _app(monkeypatch, role)
    at.run()
    at.switch_page("pages/plan.py").run()
    assert not at.exception
    assert "Het plan is nog niet in MIK gewijzigd" in texts(at)
    targets = tables(at)[0].set_index("Indicator")
    assert targets.loc[THREAT, "Doel"] == "< 3,8 per 1.000"  # the newest plan year, 2016
    assert at.selectbox(key="plan_year").value == 2016


def test_a_scenario_made_the_plan_is_judged_everywhere_and_logged(plan_copy, monkeypatch, app_db):
    at = _app(monkeypatch, "planeigenaar")
    at.query_params["year"] = "2015"
    at.run()
    at.switch_page("pages/whatif.py").run()
    assert not [b for b in at.button if b.key == "whatif_to_plan"]  # nothing to save without a change
    at.text_input(key="whatif_bedreiging").input("3,5").run()
    assert tables(at)[0].set_index("Indicator").loc[THREAT, "Status (wat als)"] == "Niet gehaald"
    next(b for b in at.button if b.key == "whatif_to_plan").click().run()
    assert not at.exception
    assert "Opgeslagen als versie 2" in " ".join(s.value for s in at.success)
    assert load_config(plan_copy).target("bedreiging", 2015).threshold == 3.5
    city = tables(at)[0].set_index("Indicator")
    assert city.loc[THREAT, "Status (plan)"] == "Niet gehaald"  # the plan is now the scenario
    assert "SCENARIO" not in texts(at)
    at.switch_page("pages/overzicht.py").run()
    card = next(c for c in cards(at) if c["name"] == THREAT)
    assert card["data-status"] == "not_met" and "3,5" in card["target"]
    line = audit.read(app_db).iloc[0]
    assert (line.action, line.role) == (
        "plan",
        "planeigenaar",
    ) and "2015: < 4,0 per 1.000 → < 3,5 per 1.000" in line.detail


def test_analist_sees_wat_als_without_the_button(plan_copy, monkeypatch):
    at = _app(monkeypatch, "analist")
    at.query_params["year"] = "2015"
    at.run()
    at.switch_page("pages/whatif.py").run()
    at.text_input(key="whatif_bedreiging").input("3,5").run()
    assert "SCENARIO" in texts(at)
    assert not [b for b in at.button if b.key == "whatif_to_plan"]


def test_a_second_editor_is_told_and_the_first_change_is_kept(plan_copy, monkeypatch):
    first, second = _plan_page_on_hic(monkeypatch), _plan_page_on_hic(monkeypatch)
    second.text_input(key="plan_thr_hic_2016").input("40,0").run()  # typed on the plan as it is
    first.text_input(key="plan_thr_hic_2016").input("44,0").run()
    next(b for b in first.button if b.key == "plan_save_target").click().run()  # first saves meanwhile
    assert "Opgeslagen als versie 2" in " ".join(s.value for s in first.success)
    next(b for b in second.button if b.key == "plan_save_target").click().run()
    refused = " ".join(e.value for e in second.error)
    assert "Niet opgeslagen: het plan is gewijzigd sinds u deze pagina opende (versie 2, demo)" in refused
    assert load_config(plan_copy).target("hic", 2016).threshold == 44.0
    # now it sees the plan as it is: its next save goes through
    next(b for b in second.button if b.key == "plan_save_target").click().run()
    assert load_config(plan_copy).target("hic", 2016).threshold == 40.0
    assert [v.number for v in PlanStore(plan_copy).versions()] == [3, 2, 1]


def test_a_target_the_plan_would_refuse_is_not_saved_and_says_why(plan_copy, monkeypatch):
    at = _plan_page_on_hic(monkeypatch)
    at.text_input(key="plan_thr_hic_2016").input("veertig").run()
    assert "geen getal: 'veertig'" in " ".join(e.value for e in at.error)
    assert next(b for b in at.button if b.key == "plan_save_target").disabled
    at.radio(key="plan_form_hic_2016").set_value("baseline").run()
    at.number_input(key="plan_base_year_hic_2016").set_value(2013).run()
    at.text_input(key="plan_change_hic_2016").input("-10").run()
    next(b for b in at.button if b.key == "plan_save_target").click().run()
    assert not at.exception, at.exception
    target = load_config(plan_copy).target("hic", 2016)
    assert target.from_baseline and target.threshold == pytest.approx(47.0 * 0.9)
    assert "(-10% t.o.v. 2013)" in " ".join(s.value for s in at.success)
