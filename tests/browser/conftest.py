"""Playwright on Debian's Chromium against `streamlit run` on 127.0.0.1 (never the internet)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from mik.ops.server import ServeError, free_port, wait_healthy
from tests.conftest import ROOT

CHROMIUM = os.environ.get("MIK_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


@pytest.fixture(scope="session")
def chromium_path():
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail(f"Chromium not found at {CHROMIUM}: .ci/run must install Debian's chromium")
        pytest.skip(f"Chromium not found at {CHROMIUM} (apt-get install -y chromium)")
    return CHROMIUM


def start_streamlit(env_extra: dict, args: list[str] = (), port: int | None = None):
    """Start the app on 127.0.0.1 and wait until it answers; returns (process, url)."""
    port = port or free_port()
    env = {**os.environ, "MIK_BASEMAP": "none", **env_extra}
    log = tempfile.NamedTemporaryFile("w+", suffix=".log", delete=False)  # noqa: SIM115 - kept for the failure message
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "ui.serve",  # what `python -m mik serve` runs: `streamlit run app.py` without the pages-folder mode
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--server.headless",
            "true",
            *args,
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url, timeout=60, proc=proc)
    except ServeError:
        proc.kill()
        pytest.fail(f"streamlit did not start; log: {Path(log.name).read_text()[-2000:]}")
    return proc, url


@pytest.fixture(scope="session")
def server(demo_db):
    proc, url = start_streamlit({"MIK_DB": str(demo_db), "MIK_ROLE": "analist"})
    yield url
    proc.terminate()
    proc.wait(timeout=10)


@pytest.fixture(scope="session")
def browser(chromium_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture(scope="session")
def shots():
    """Screenshots are kept as test artefacts in a temporary folder (printed at the end)."""
    folder = Path(os.environ.get("MIK_SCREENSHOTS") or tempfile.mkdtemp(prefix="mik-screenshots-"))
    folder.mkdir(parents=True, exist_ok=True)
    yield folder
    print(f"\nscreenshots in {folder}")


def local_only(route) -> None:
    """No request may leave the machine: everything but the app servers on 127.0.0.1 is refused."""
    if route.request.url.startswith(("http://127.0.0.1:", "data:", "blob:")):
        route.continue_()
    else:
        route.abort()


@pytest.fixture(scope="session")
def tabs(browser):
    """One browser context for the tests of a worker, in which each test opens a tab of its own.
    A tab is a Streamlit session of its own (its own websocket and session state); the tabs share
    the browser's cache of Streamlit's scripts, as one person's browser does from the second page
    on, so each test does not parse them anew. Tests that need another browser (a second
    person, a phone, cookies of their own) open a context of their own."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.route("**/*", local_only)
    yield context
    context.close()


@pytest.fixture()
def page(tabs, server):
    pg = tabs.new_page()
    pg.set_viewport_size({"width": 1400, "height": 1000})
    pg.set_default_timeout(30_000)
    yield pg
    pg.close()


def wait_for_app(pg, text: str | None = None) -> None:
    """Wait until the script has run (no running indicator) and, optionally, a text is shown."""
    pg.wait_for_selector("[data-testid=stMain]")
    if text:
        pg.get_by_text(text, exact=False).first.wait_for()
    idle = "() => !document.querySelector('[data-testid=stStatusWidget]')"
    pg.wait_for_function(idle, timeout=30_000)
    # the elements of the last message are painted in the next frames; under load on two cores
    # their state (a button disabled, an expander's table) settled later still: keep the settle time
    pg.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")
    pg.wait_for_timeout(500)
    pg.wait_for_function(idle, timeout=30_000)


def log_in(pg, url: str, user: str, password: str) -> None:
    """Open ``url``, log in on MIK's own form as ``user`` and wait for the page asked for. A tab of
    a browser that logged in before gets no form (its session cookie, issue 22): it goes on as is."""
    pg.goto(url)
    form = pg.locator("input[type=password]")
    form.or_(pg.get_by_text("Stand per").first).first.wait_for(timeout=60_000)
    if form.count() == 0:
        wait_for_app(pg, "Stand per")
        return
    pg.get_by_label("Gebruikersnaam").fill(user)
    pg.get_by_label("Wachtwoord").fill(password)
    pg.get_by_role("button", name="Inloggen").click()
    pg.wait_for_selector("input[type=password]", state="detached", timeout=60_000)
    wait_for_app(pg, "Stand per")  # every page says how recent its figures are


@pytest.fixture(scope="session")
def haproxy():
    if shutil.which("haproxy") is None:
        if os.environ.get("CI"):
            pytest.fail("haproxy not found: .ci/run must install Debian's haproxy")
        pytest.skip("haproxy not installed (apt-get install haproxy)")


def _children(pid: int, marker: str) -> list[int]:
    out = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            cmdline = (stat.parent / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        if int(fields[1]) == pid and marker in cmdline:
            out.append(int(stat.parent.name))
    return sorted(out)


def login_env(db, accounts) -> dict[str, str]:
    """The settings of a server with logins on: its database and users file, a fixed test secret."""
    return {
        "MIK_DB": str(db),
        "MIK_USERS": str(accounts),
        "MIK_AUTH": "on",
        "MIK_SECRET": "test-only",
        "MIK_BASEMAP": "none",
    }
