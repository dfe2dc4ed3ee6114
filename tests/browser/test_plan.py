"""The plan in the app, in Chromium, as a new gemeente's plan owner does it: a basic monitor with no
plan years (the second city, boundaries and the 47018NED file only), a plan year added, a target
set, changed and restored on the Plan page, and the Overzicht judging against each version."""

from __future__ import annotations

import pytest

from mik.data import audit
from mik.plan.formatting import fmt_number
from mik.privacy import users
from tests.browser.conftest import log_in, start_streamlit, wait_for_app
from tests.secondcity import install_second_city

pytestmark = pytest.mark.xdist_group("plan")
PASSWORD = "lang-genoeg-wachtwoord"


@pytest.fixture(scope="module")
def owner_server(tmp_path_factory, chromium_path):
    folder = tmp_path_factory.mktemp("plan-owner")
    installation = install_second_city(folder, kinds=("boundaries", "crime"))
    accounts = folder / "users.toml"
    users.add_user("plan-team", "planeigenaar", PASSWORD, accounts)
    env = {**installation["env"], "MIK_AUTH": "on", "MIK_USERS": str(accounts), "MIK_SECRET": "test-only-secret"}
    proc, url = start_streamlit(env)
    yield url, installation
    proc.terminate()
    proc.wait(timeout=10)


def _go(pg, page: str, text: str) -> None:
    """To another page by the sidebar, as a person clicks (a new address would be a new session)."""
    pg.locator("[data-testid=stSidebarNav]").get_by_role("link", name=page, exact=True).click()
    wait_for_app(pg, text)


def _card(pg, name: str) -> tuple[str, str]:
    """The status and text of the Overzicht card of ``name`` (the year shown is 2023, the data's)."""
    _go(pg, "Overzicht", name)
    card = pg.locator("[data-status]", has_text=name).first
    assert "2023" in card.inner_text()
    return card.get_attribute("data-status"), card.inner_text()


def _save_target(pg, value: str) -> None:
    field = pg.get_by_label("Doelwaarde (aantal)")
    field.fill(value)
    field.press("Enter")  # the text is sent, the page runs again with it
    wait_for_app(pg)
    pg.get_by_role("button", name="Doel opslaan").click()
    wait_for_app(pg, "Opgeslagen als versie")


def test_a_plan_year_is_entered_changed_and_restored_and_the_overzicht_judges_against_it(tabs, owner_server, shots):
    url, installation = owner_server
    crimes = installation["city"].crimes
    total = sum(n for (_, y, cat), n in crimes.items() if y == "2023" and cat == "0.0.0")
    above, below = round(total * 1.1, -2), round(total * 0.9, -2)
    pg = tabs.new_page()
    pg.set_viewport_size({"width": 1400, "height": 900})
    log_in(pg, f"{url}/plan", "plan-team", PASSWORD)
    wait_for_app(pg, "nog geen planjaren")
    assert pg.locator("[data-testid=stException]").count() == 0
    status, text = _card(pg, "Geregistreerde misdrijven")
    assert status == "no_target" and fmt_number(total, 0) in text

    _go(pg, "Plan", "nog geen planjaren")
    year = pg.get_by_label("Nieuw planjaar")
    year.fill("2023")
    year.press("Tab")
    pg.get_by_role("button", name="Planjaar toevoegen").click()
    wait_for_app(pg, "Opgeslagen als versie 2: Planjaar 2023 toegevoegd")
    _save_target(pg, fmt_number(above, 0))  # '2.200': a Dutch thousands point
    assert pg.get_by_text(f"≤ {fmt_number(above, 0)}").count() >= 1
    pg.screenshot(path=str(shots / "plan-1400x900.png"), full_page=True)
    status, text = _card(pg, "Geregistreerde misdrijven")
    assert status == "met" and f"≤ {fmt_number(above, 0)}" in text, text

    _go(pg, "Plan", "Doelen voor 2023")
    _save_target(pg, fmt_number(below, 0))
    status, text = _card(pg, "Geregistreerde misdrijven")
    assert status == "not_met" and f"≤ {fmt_number(below, 0)}" in text, text

    _go(pg, "Plan", "Versies")
    pg.set_viewport_size({"width": 1920, "height": 1080})
    pg.get_by_role("button", name="Deze versie terugzetten").click()  # the version before the newest
    wait_for_app(pg, "versie 3 teruggezet")
    pg.screenshot(path=str(shots / "plan-1920x1080.png"), full_page=True)
    status, text = _card(pg, "Geregistreerde misdrijven")
    assert status == "met" and f"≤ {fmt_number(above, 0)}" in text, text

    log = audit.read(installation["db"])  # newest first
    plan_lines = log[log.action == "plan"]
    assert list(plan_lines.user_name) == ["plan-team"] * 4 and list(plan_lines.role) == ["planeigenaar"] * 4
    assert plan_lines.detail.iloc[0].startswith("versie 5: versie 3 teruggezet")
    pg.close()
