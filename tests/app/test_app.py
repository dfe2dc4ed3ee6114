"""AppTest runs of the app on the session's demo database."""

import pytest
from streamlit.testing.v1 import AppTest

from tests.app.conftest import cards, clear_caches_if_settings_changed
from tests.conftest import ROOT


@pytest.fixture()
def at(app_db):
    clear_caches_if_settings_changed()
    return AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)


def test_overview_shows_indicators_targets_and_statuses(at):
    at.query_params["year"] = "2015"
    at.run()
    assert not at.exception
    shown = {c["name"]: c for c in cards(at)}
    buurt = shown["% 'vaak overlast van buurtbewoners'"]
    assert buurt["value"] == "7,4%"  # overlast buurtbewoners 2015 (demo)
    assert buurt["target"] == "Doel 2015: < 8,0%"  # its target, in Dutch notation
    text = " ".join(m.value for m in at.markdown)
    assert "Gehaald" in text or "Niet significant verschillend" in text
    assert "Ondermijning" in text
    assert any("synthetische demodata" in w.value for w in at.warning)


def test_overview_for_the_running_year_projects(at):
    at.run()
    assert not at.exception
    text = " ".join(m.value for m in at.markdown)
    assert "Op koers" in text or "Risico" in text
    captions = " ".join(c.value for c in at.caption)
    assert "Stand per 14-10-2016" in captions
    assert "Prognose voor jaareinde" in captions
    # the headline's period in words; the command that reproduces it behind "Hoe berekend?"
    assert "periode okt 2015 - sep 2016" in captions and "python -m mik" not in captions
    assert any(c.value.startswith("python -m mik table --level gemeente --period 2016-09-R12") for c in at.code)


def test_plan_values_2014_on_screen(at):
    at.query_params["year"] = "2014"
    at.run()
    values = [c.get("value") for c in cards(at)]
    for shown in ("8,8%", "17,1%", "19,6%", "34,1%", "6,5"):
        assert shown in values


def test_english(at):
    at.query_params["lang"] = "en"
    at.query_params["year"] = "2015"
    at.run()
    assert not at.exception
    assert any("synthetic demo data" in w.value for w in at.warning)
    assert any(c.get("unit") == "per 1,000 inhabitants" for c in cards(at))


def test_a_database_that_cannot_be_read_is_said_on_the_page_not_a_traceback(demo_db, tmp_path, monkeypatch):
    """Issue 27: a truncated published database gave every page a DuckDB exception."""
    db = tmp_path / "mik.duckdb"
    db.write_bytes(demo_db.read_bytes()[:300_000])
    monkeypatch.setenv("MIK_DB", str(db))
    monkeypatch.setenv("MIK_AUTH", "off")
    clear_caches_if_settings_changed()
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    assert not at.exception
    assert len(at.error) == 1
    assert "De cijfers kunnen nu niet worden gelezen: de database mik.duckdb" in at.error[0].value
    assert "python -m mik rollback" in at.error[0].value
