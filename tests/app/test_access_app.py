"""Access through the app: login, tampered URLs and session state, pages a role may not open."""

from __future__ import annotations

import json

import duckdb
import pytest

from mik.data import audit
from mik.privacy import users
from tests.app.conftest import clear_caches_if_settings_changed, deck_specs, number, tables, texts

PASSWORD = "correct horse battery"


@pytest.fixture()
def accounts(tmp_path, monkeypatch, app_db):
    path = tmp_path / "users.toml"
    monkeypatch.setenv("MIK_USERS", str(path))
    monkeypatch.setenv("MIK_SECRET", "test-secret-not-for-production")
    monkeypatch.setenv("MIK_AUTH", "on")
    for name, role in (
        ("analist-veiligheid", "analist"),
        ("secretaris-driehoek", "driehoek"),
        ("beheerder", "admin"),
        ("raadsgriffie", "raad"),
    ):
        users.add_user(name, role, PASSWORD, path)
    audit.audit_path(app_db).unlink(missing_ok=True)
    clear_caches_if_settings_changed()  # a new users file: login and throttles start afresh
    return path


def login(app, name, password=PASSWORD):
    app.run()
    app.text_input(key="login_user").input(name)
    app.text_input(key="login_password").input(password)
    app.button[0].click().run()
    return app


def test_login_required_outside_demo_mode(app, accounts):
    app.run()
    assert not app.exception
    assert len(app.metric) == 0
    assert app.text_input(key="login_password") is not None


def test_wrong_password_is_refused_clearly_logged_and_never_stored(app, accounts, app_db):
    login(app, "analist-veiligheid", "wrong password!")
    assert "Onbekende gebruiker of onjuist wachtwoord." in [e.value for e in app.error]
    assert len(app.metric) == 0
    login(app, "nobody-here", "whatever123")
    assert "Onbekende gebruiker of onjuist wachtwoord." in [e.value for e in app.error]  # same words
    log = audit.read(app_db)
    assert list(log.action) == ["login_failed", "login_failed"]
    stored = accounts.read_text() + log.to_csv()
    assert PASSWORD not in stored and "wrong password!" not in stored and "whatever123" not in stored
    assert "$argon2id$" in accounts.read_text()


def test_a_damaged_users_file_stops_logins_with_a_sentence_not_a_traceback(app, accounts, app_db):
    accounts.write_text(accounts.read_text()[:40], encoding="utf-8")  # cut off mid-entry
    kept = accounts.read_bytes()
    login(app, "analist-veiligheid")
    assert not app.exception and len(app.metric) == 0
    assert any("lijst met gebruikers op de server is beschadigd" in e.value for e in app.error)
    log = audit.read(app_db)
    assert list(log.action) == ["login_failed"] and "users file unreadable" in log.detail.iloc[0]
    assert accounts.read_bytes() == kept


def test_a_damaged_audit_log_stops_logins_and_is_kept(app, accounts, app_db):
    path = audit.audit_path(app_db)
    path.write_bytes(b"")  # emptied: SQLite would start a new, empty log over it
    audit._READY.clear()
    login(app, "analist-veiligheid")
    assert not app.exception and len(app.metric) == 0
    assert any("auditlog op de server is beschadigd" in e.value for e in app.error)
    assert path.read_bytes() == b""  # not made anew
    path.unlink()


def test_right_password_logs_in(app, accounts, app_db):
    login(app, "analist-veiligheid")
    assert not app.exception
    assert len(app.metric) > 0
    assert "login" in set(audit.read(app_db).action)


def test_session_state_edits_do_not_log_in(app, accounts, app_db):
    # the session holds a session id of the shared store, never a role: a made-up id, and the id
    # of a session that logged out, open nothing
    ended, _ = audit.SessionStore(app_db).create("beheerder", 3600)
    audit.SessionStore(app_db).end(ended)
    for marker in (("0" * 32, None), (ended, None), "beheerder|admin", ("x",)):
        app.session_state["mik_token"] = marker
        app.run()
        assert len(app.metric) == 0  # still the login screen


def test_the_users_file_decides_at_every_step(app, accounts, app_db):
    """Issue 22: a changed role applies at the user's next step; a disabled or removed user is
    logged out at their next step (before: until the 12-hour token expired)."""
    login(app, "secretaris-driehoek")
    assert len(app.metric) > 0
    app.switch_page("pages/kaart.py").run()  # the driehoek has the map
    assert not app.exception
    users.add_user("secretaris-driehoek", "publiek", PASSWORD, accounts)  # downgraded
    app.switch_page("pages/kaart.py").run()  # the next step: the map is refused to publiek
    # (AppTest runs a page the navigation no longer lists; the page's own gate refuses it)
    said = [w.value for w in app.warning] + [e.message for e in app.exception]
    assert any("de rol publiek mag dit niet (map)" in m for m in said)
    users.set_disabled("secretaris-driehoek", True, accounts)
    app.switch_page("pages/overzicht.py").run()  # (AppTest runs the page itself: its gate refuses)
    assert len(app.metric) == 0 and "geen toegang" in app.exception[0].message  # logged out
    users.set_disabled("secretaris-driehoek", False, accounts)
    app.switch_page("pages/overzicht.py").run()
    assert len(app.metric) == 0  # enabled again: a new login is needed, the old one ended


def test_a_removed_user_is_out_at_the_next_step(app, accounts):
    login(app, "secretaris-driehoek")
    assert len(app.metric) > 0
    users.remove_user("secretaris-driehoek", accounts)
    app.switch_page("pages/overzicht.py").run()
    assert len(app.metric) == 0 and "geen toegang" in app.exception[0].message


def test_driehoek_cannot_open_the_admin_page(app, accounts, app_db):
    login(app, "secretaris-driehoek")
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        app.switch_page("pages/audit.py")  # not even registered for this role


def test_months_and_parts_stay_at_city_level_for_driehoek(app, monkeypatch):
    monkeypatch.setenv("MIK_ROLE", "driehoek")
    app.query_params.update({"area": "BU09358000", "theme": "c"})
    app.run()
    app.switch_page("pages/thema.py").run()
    assert not app.exception
    assert app.session_state["view"]["level"] == "buurt"
    assert "alleen op gemeenteniveau" in texts(app)  # months and parts: not for this role at buurt level
    changes = tables(app)[0]
    assert all(
        number(n) >= 5 for n in changes["Aantal"] if n != "–"
    )  # the buurten that moved: whole years, no small counts


def test_admin_reads_the_audit_log(app, accounts, app_db):
    login(app, "beheerder")
    app.switch_page("pages/audit.py").run()
    log = tables(app)[0]
    assert {"inloggen"} <= set(log.Actie) and "beheerder" in set(log.Gebruiker)  # the action in words


def test_the_audit_page_filters_and_pages_through_everything(app, accounts, app_db):
    for i in range(450):  # a flood of exports by one team, and one login of another, long ago
        audit.record(app_db, "team-data", "analist", "export", f"excel {i}")
    audit.record(app_db, "raadsgriffie", "raad", "login")
    login(app, "beheerder")
    app.switch_page("pages/audit.py").run()
    assert len(tables(app)[0]) == audit.PAGE  # a page, not the newest 1,000 and nothing older
    app.number_input(key="audit_page").set_value(3).run()
    assert len(tables(app)[0]) == 452 - 2 * audit.PAGE  # the oldest lines are reachable
    app.number_input(key="audit_page").set_value(1).run()
    app.multiselect(key="audit_kinds").set_value(["login"]).run()
    assert set(tables(app)[0].Actie) == {"inloggen"}
    assert {"raadsgriffie", "beheerder"} <= set(tables(app)[0].Gebruiker)
    app.text_input(key="audit_user").input("GRIFFIE").run()
    assert set(tables(app)[0].Gebruiker) == {"raadsgriffie"}


def test_raad_url_tampering_gets_no_buurt(app, monkeypatch):
    monkeypatch.setenv("MIK_ROLE", "raad")
    app.query_params.update({"area": "BU09358000", "level": "buurt"})
    app.run()
    assert app.selectbox(key="app_area").value == "GM0935"
    assert not any(o.startswith("BU") for o in app.selectbox(key="app_area").options)
    app.switch_page("pages/kaart.py").run()
    assert not app.exception
    assert app.radio(key="kaart_level").options == ["wijk"]
    features = deck_specs(app)[0]["layers"][0]["data"]["features"]
    assert len(features) == 8 and all(f["properties"]["code"].startswith("WK") for f in features)


def test_publiek_has_no_map(app, monkeypatch):
    monkeypatch.setenv("MIK_ROLE", "publiek")
    app.run()
    assert not app.exception
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        app.switch_page("pages/kaart.py")  # the map is not registered for this role
    assert "Gebied" not in [s.label for s in app.selectbox] or all(
        not o.startswith(("WK", "BU")) for o in app.selectbox(key="app_area").options
    )


def test_driehoek_map_shows_suppressed_buurten_as_such(app, monkeypatch):
    monkeypatch.setenv("MIK_ROLE", "driehoek")
    app.query_params.update({"what": "indicator", "indicator": "bedreiging", "period": "2015", "mode": "absolute"})
    app.run()
    app.switch_page("pages/kaart.py").run()
    assert not app.exception
    assert all(o.split(" ")[0].isdigit() for o in app.selectbox(key="kaart_period").options)  # whole years
    spec = deck_specs(app)[0]
    labels = [f["properties"]["label"] for f in spec["layers"][0]["data"]["features"]]
    for label in labels:
        digits = label.split(" ")[0].replace(".", "").replace(",", "")
        assert not (digits.isdigit() and 1 <= int(digits) < 5), label
    assert any("afgeschermd" in label for label in labels)
    assert json.dumps(spec).count("afgeschermd") >= 2  # secondary suppression: never a lone one


def test_driehoek_cannot_force_a_month_through_the_url(app, monkeypatch):
    monkeypatch.setenv("MIK_ROLE", "driehoek")
    app.query_params.update({"period": "2016-03", "level": "buurt"})
    app.run()
    app.switch_page("pages/kaart.py").run()
    assert app.selectbox(key="kaart_period").value.isdigit()  # falls back to a whole year


def test_repeated_wrong_passwords_are_throttled_and_logged(app, accounts, app_db, monkeypatch):
    from mik.privacy.throttle import LoginThrottle, Throttle
    from ui import auth

    slow = LoginThrottle()
    slow.pair = Throttle(free=3, base=30.0, store=slow.pair.store)  # 30 s after the third failure: no race
    monkeypatch.setattr(auth, "throttle", lambda: slow)
    app.run()
    for _ in range(3):
        login(app, "analist-veiligheid", "wrong password!")
        assert "Onbekende gebruiker of onjuist wachtwoord." in [e.value for e in app.error]
    login(app, "analist-veiligheid")  # the right password, but within the wait
    assert any("Te veel mislukte pogingen" in e.value for e in app.error)
    assert len(app.metric) == 0  # still the login form
    log = audit.read(app_db)
    assert list(log.action)[:1] == ["login_throttled"] and list(log.action).count("login_failed") == 3
    for _ in range(30):  # a script keeps trying within the wait: counted, not one line each
        login(app, "analist-veiligheid", "wrong password!")
    log = audit.read(app_db)
    assert list(log.action).count("login_throttled") <= 2  # one a minute (a minute may turn during the test)
    counts = audit.throttled_counts(app_db)
    assert counts["count"].sum() == 31 and set(counts.user_name) == {"analist-veiligheid"}


@pytest.mark.parametrize(("role", "compares"), [("raad", "Wijken: de duidelijkste veranderingen"), ("publiek", None)])
def test_thema_is_made_for_restricted_roles(app, app_db, monkeypatch, role, compares):
    """A restricted role gets the sections it may see, no refusal block, and the theme's actions."""
    monkeypatch.setenv("MIK_ROLE", role)
    app.query_params.update({"theme": "c"})
    app.run()
    app.switch_page("pages/thema.py").run()
    assert not app.exception
    shown = texts(app)
    assert "Niet beschikbaar" not in shown and not app.error
    assert "Buurten: de duidelijkste veranderingen" not in shown
    frames = tables(app)
    actions = next(f for f in frames if "Onderdeel" in f)
    assert "Plan van aanpak Woninginbraak" in set(actions["Onderdeel"])
    if compares:
        assert compares in shown
        changes = next(f for f in frames if "Gebied" in f and "Toets" in f)
        assert set(changes["Toets"]) <= {"significante stijging", "significante daling", "binnen de toevalsmarge"}
        assert len(changes) > 0 and all(number(n) >= 5 for n in changes["Aantal"])  # whole years, no small counts
        with duckdb.connect(str(app_db), read_only=True) as con:
            wijken = {r[0] for r in con.execute("SELECT name FROM areas WHERE level = 'wijk'").fetchall()}
        assert set(changes["Gebied"]) <= wijken
    else:
        assert not any("Gebied" in f for f in frames)  # no area comparison for a city-level role


@pytest.mark.parametrize("role", ["driehoek", "raad", "publiek"])
def test_no_hotspots_page_for_roles_without_the_street_level(app, monkeypatch, role):
    monkeypatch.setenv("MIK_ROLE", role)
    app.run()
    assert not app.exception
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        app.switch_page("pages/hotspots.py")  # not registered for this role
