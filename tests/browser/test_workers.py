"""``mik serve --workers``: several app processes behind HAProxy, as in production.

Real processes on loopback: HAProxy from Debian's package (``.ci/run`` installs it), Streamlit
workers, Chromium through the proxy, and the websocket load client of ``mik bench --users``.
"""

from __future__ import annotations

import shutil
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest

from mik.data import audit
from mik.ops.server import Cluster, free_port
from mik.privacy import users
from mik.tools.loadbench import cpu_seconds, drive
from tests.browser.conftest import login_env, wait_for_app

pytestmark = pytest.mark.xdist_group("workers")  # the tests share one `mik serve --workers 2`

PASSWORD = "een-lang-wachtwoord"


@pytest.fixture(scope="session")
def accounts(tmp_path_factory):
    path = tmp_path_factory.mktemp("users") / "users.toml"
    for i, role in enumerate(("analist", "driehoek", "raad", "analist")):
        users.add_user(f"bench-{i}", role, PASSWORD, path)
    users.add_user("beheer", "admin", PASSWORD, path)
    return path


@pytest.fixture(scope="session")
def cluster(haproxy, demo_db, accounts, tmp_path_factory):
    folder = tmp_path_factory.mktemp("cluster")
    db = folder / "mik.duckdb"
    shutil.copy(demo_db, db)
    env = {**login_env(db, accounts), "MIK_WARMUP": "0"}  # warming is tested once, in test_supervisor
    with Cluster(port=free_port(), workers=2, env=env, log_dir=folder) as c:
        yield c


def test_the_proxy_answers_and_checks_both_workers(cluster):
    assert len(cluster.worker_ports) == 2 and cluster.port not in cluster.worker_ports
    with urllib.request.urlopen(cluster.url + "/_stcore/health", timeout=5) as r:
        assert r.status == 200
    cfg = (cluster.log_dir / "haproxy.cfg").read_text()
    assert "balance leastconn" in cfg and "cookie MIKWORKER insert" in cfg
    for p in cluster.worker_ports:
        assert f"127.0.0.1:{p} check" in cfg
    assert f"http-request set-header X-MIK-Proxy {cluster.proxy_secret}" in cfg and len(cluster.proxy_secret) == 32
    assert oct((cluster.log_dir / "haproxy.cfg").stat().st_mode & 0o777) == "0o600"


def test_sessions_over_websockets_log_in_and_load_pages_on_both_workers(cluster):
    """The load client of `mik bench --users`: four people at once, each logs in (its own role)
    and opens Kaart and Overzicht twice; no errors, and both workers did the work."""
    before = [cpu_seconds([p.pid]) for p in cluster.procs]
    result = drive(cluster.url, 4, PASSWORD, 2, timeout=300)
    used = [cpu_seconds([p.pid]) - b for p, b in zip(cluster.procs, before, strict=True)]
    assert result["errors"] == []
    assert result["login"]["n"] == 4
    assert result["kaart"]["n"] == 8 and result["overzicht"]["n"] == 8
    assert 0 < result["kaart"]["median"] <= result["kaart"]["p90"]
    logins = audit.read(cluster.env["MIK_DB"])
    assert set(logins.user_name[logins.action == "login"]) >= {f"bench-{i}" for i in range(4)}
    # leastconn: four websockets held open at once are spread over both workers. A worker that
    # only answers health checks uses a few hundredths of a second; two sessions, several tenths.
    assert min(used) > 0.2, used


def test_the_throttle_counts_the_address_the_proxy_saw_not_the_one_the_browser_claims(cluster):
    """A client may send its own X-Forwarded-For; the workers take only the entry HAProxy added."""
    import asyncio

    from ui.tools.loadtest import Session

    async def fail_once():
        async with Session(cluster.url, headers={"X-Forwarded-For": "203.0.113.9"}) as s:
            return await s.login("bench-0", "not the password")

    # in a thread of its own: the session's sync Playwright may hold this thread's event loop
    with ThreadPoolExecutor(1) as pool:
        run = pool.submit(asyncio.run, fail_once()).result()
    assert "login refused (no pages after login)" in run.errors
    log = audit.read(cluster.env["MIK_DB"])
    failed = list(log.detail[log.action == "login_failed"])
    assert failed and failed[0].endswith("(127.0.0.1)")
    assert not any("203.0.113.9" in d for d in failed)


def test_a_login_sent_straight_to_a_worker_is_refused_whatever_it_claims(cluster):
    """Past the proxy, straight to a worker's port, with a forged X-Forwarded-For and a guess at the
    proxy's header: no password is checked, the throttle is not fooled, and the refusal is logged."""
    import asyncio

    from ui.tools.loadtest import Session

    worker = f"http://127.0.0.1:{cluster.worker_ports[0]}"

    async def direct():
        headers = {"X-Forwarded-For": "203.0.113.7", "X-MIK-Proxy": "guess"}
        async with Session(worker, headers=headers) as s:
            return await s.login("bench-1", PASSWORD)  # even the right password

    with ThreadPoolExecutor(1) as pool:
        run = pool.submit(asyncio.run, direct()).result()
    assert "login refused (no pages after login)" in run.errors
    log = audit.read(cluster.env["MIK_DB"])
    denied = log[(log.action == "denied") & (log.user_name == "bench-1")]
    assert len(denied) == 1 and "not through the proxy" in denied.detail.iloc[0]
    assert not any("203.0.113.7" in d for d in log.detail)


def test_a_browser_keeps_its_worker_and_a_second_browser_gets_the_other(cluster, browser):
    cookies = []
    pages = []
    for n in range(2):
        context = browser.new_context(viewport={"width": 1400, "height": 900})
        pg = context.new_page()
        pg.set_default_timeout(60_000)
        pg.goto(cluster.url)
        pg.get_by_label("Gebruikersnaam").fill(f"bench-{n}")
        pg.get_by_label("Wachtwoord").fill(PASSWORD)
        pg.get_by_role("button", name="Inloggen").click()
        wait_for_app(pg, "Stand per")
        pg.get_by_role("link", name="Kaart").click()
        wait_for_app(pg, "Kaart")
        assert pg.locator("[data-testid=stException]").count() == 0
        worker = {c["name"]: c["value"] for c in context.cookies()}.get("MIKWORKER")
        cookies.append(worker)
        pages.append(pg)
    assert set(cookies) == {"w1", "w2"}  # the first browser's websocket holds w1 (or w2): the next goes elsewhere
    pages[0].reload()  # a reload comes back to the same worker: its cookie is unchanged
    wait_for_app(pages[0])
    assert {c["name"]: c["value"] for c in pages[0].context.cookies()}["MIKWORKER"] == cookies[0]
    for pg in pages:
        pg.context.close()


def _upload(url: str, session_id: str, sticky: str) -> int:
    """PUT a file to Streamlit's upload endpoint for ``session_id`` as its frontend does (an XSRF
    cookie and the same token as header, the proxy's worker cookie); the HTTP status."""
    import urllib.error

    from streamlit.web.server.starlette.starlette_app_utils import generate_xsrf_token_string

    xsrf = generate_xsrf_token_string()  # cookie and header only have to match: any client can
    cookie = f"{sticky}; _streamlit_xsrf={xsrf}"
    body = (
        b'--mik\r\nContent-Disposition: form-data; name="file"; filename="x.csv"\r\n'
        b"Content-Type: text/csv\r\n\r\n" + b"x" * 1000 + b"\r\n--mik--\r\n"
    )
    request = urllib.request.Request(
        f"{url}/_stcore/upload_file/{session_id}/f1",
        data=body,
        method="PUT",
        headers={"Cookie": cookie, "X-Xsrftoken": xsrf, "Content-Type": "multipart/form-data; boundary=mik"},
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as r:
            return r.status
    except urllib.error.HTTPError as exc:
        return exc.code


def test_the_upload_endpoint_answers_admin_sessions_only(cluster):
    """Streamlit accepts an upload for any open session; MIK's workers only with an admin's login
    cookie (issue 22): a session that saw the login form and a driehoek's are refused (403)."""
    import asyncio

    from ui.tools.loadtest import Session

    async def attempt(user):
        async with Session(cluster.url) as s:
            run = await (s.login(user, PASSWORD) if user else s.run())
            assert run.errors == [] and s.session_id
            sticky = s.ws.response.headers.get("Set-Cookie", "").split(";")[0]
            assert sticky.startswith("MIKWORKER=")  # the upload reaches the worker that holds the session
            cookie = sticky
            if user:  # the login's one-time code for the HttpOnly cookie, as the page's script trades it
                value = await asyncio.to_thread(s.session_cookie, cluster.url, run.bind_code)
                assert value and await asyncio.to_thread(s.session_cookie, cluster.url, run.bind_code) is None
                cookie += f"; mik_session={value}"
            return await asyncio.to_thread(_upload, cluster.url, s.session_id, cookie)

    with ThreadPoolExecutor(1) as pool:
        status = {who: pool.submit(asyncio.run, attempt(who)).result() for who in ("", "bench-1", "beheer")}
    assert status == {"": 403, "bench-1": 403, "beheer": 204}


def test_a_captured_session_id_opens_nothing(cluster):
    """Issue 22: a Streamlit session id presented on a new websocket resumed the logged-in session.
    Now the login is the browser's cookie (or the connection that logged in): the id alone gets the
    login form."""
    import asyncio

    from ui.tools.loadtest import Session

    async def capture():
        async with Session(cluster.url) as s:
            run = await s.login("bench-2", PASSWORD)
            assert run.pages and run.errors == []
            sticky = s.ws.response.headers.get("Set-Cookie", "").split(";")[0]
            sid = s.session_id
        async with Session(cluster.url, headers={"Cookie": sticky}, resume=sid) as thief:
            again = await thief.run()
            return sid, thief.session_id, again

    with ThreadPoolExecutor(1) as pool:
        sid, resumed, run = pool.submit(asyncio.run, capture()).result()
    assert resumed == sid  # Streamlit did resume that session on the new websocket
    assert run.pages == {} and run.submit is not None  # yet it shows the login form, no page


def test_a_login_survives_reload_new_tab_and_a_lost_worker_and_logout_ends_it_everywhere(cluster, browser):
    """Issue 22 and 27: F5 and a new tab keep the login (before: the login form), so does killing
    the worker that holds the session (the page reconnects to the other); logout in one tab ends the
    login in the other at its next step. Last in this file: it kills a worker of the shared cluster."""
    import os
    import signal

    context = browser.new_context(viewport={"width": 1400, "height": 900})
    pg = context.new_page()
    pg.set_default_timeout(60_000)
    pg.goto(cluster.url)
    pg.get_by_label("Gebruikersnaam").fill("bench-1")
    pg.get_by_label("Wachtwoord").fill(PASSWORD)
    pg.get_by_role("button", name="Inloggen").click()
    wait_for_app(pg, "Stand per")
    for _ in range(50):  # the page trades its one-time code for the cookie
        cookies = {c["name"]: c for c in context.cookies()}
        if "mik_session" in cookies:
            break
        pg.wait_for_timeout(100)
    session = cookies["mik_session"]
    assert session["httpOnly"] and session["sameSite"] == "Strict" and "mik_session" not in pg.url
    pg.reload()
    wait_for_app(pg, "Stand per")
    assert pg.get_by_label("Wachtwoord").count() == 0  # F5: still logged in
    tab = context.new_page()
    tab.set_default_timeout(60_000)
    tab.goto(cluster.url + "/kaart")
    wait_for_app(tab, "Kaart")
    assert tab.get_by_label("Wachtwoord").count() == 0  # a new tab: logged in, on the page it asked for

    dead = cluster.procs[int(cookies["MIKWORKER"]["value"].removeprefix("w")) - 1]
    os.kill(dead.pid, signal.SIGKILL)  # the worker holding the first tab dies
    dead.wait(10)
    # the next step is served by another process (the other worker, or this one started again:
    # either way a process that never saw this session), and no login form
    pg.get_by_role("link", name="Kaart").click()
    wait_for_app(pg, "Kaart")
    assert dead.poll() is not None
    assert pg.get_by_label("Wachtwoord").count() == 0 and pg.locator("[data-testid=stException]").count() == 0

    tab.reload()
    wait_for_app(tab, "Kaart")
    tab.get_by_role("button", name="Uitloggen").click()
    tab.get_by_label("Wachtwoord").wait_for()
    pg.reload()  # the other tab's next step: logged out too
    pg.get_by_label("Wachtwoord").wait_for()
    assert audit.read(cluster.env["MIK_DB"]).action.iloc[0] == "logout"
    context.close()
