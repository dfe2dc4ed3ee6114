"""Twenty people log in at the same moment on a freshly started server (a driehoek meeting
starting): every one of them gets in. Times are printed, not asserted (see README).

The twenty are twenty tabs of one Chromium: each tab is a session of its own on the server (its
own websocket and session state; MIK keeps the login in the session, never in a cookie), which is
what the server sees of twenty people. The tabs share the browser's cache of Streamlit's scripts,
as a returning visitor's browser does: twenty cold browsers on the test machine's two cores took
50 s just to parse them, a cost of the test machine and not of the server."""

from __future__ import annotations

import asyncio
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from mik.data import audit
from mik.privacy import users
from tests.browser.conftest import CHROMIUM_ARGS, start_streamlit

PEOPLE = 20
PASSWORD = "een-lang-wachtwoord"


async def _one(context, url: str, n: int, ready: list, go: asyncio.Event) -> float:
    page = await context.new_page()
    page.set_default_timeout(120_000)
    await page.goto(url)
    await page.wait_for_selector("input[type=password]")
    await page.get_by_label("Gebruikersnaam").fill(f"lid-driehoek-{n}")
    await page.get_by_label("Wachtwoord").fill(PASSWORD)
    ready.append(n)
    if len(ready) == PEOPLE:
        go.set()
    await go.wait()  # everybody presses the button at the same moment, once all forms are filled
    start = time.perf_counter()
    await page.get_by_role("button", name="Inloggen").click()
    await page.wait_for_selector("input[type=password]", state="detached")  # the login form is gone
    await page.get_by_text("Stand per 14-10-2016").first.wait_for()  # and the app is there
    took = time.perf_counter() - start
    await page.close()
    return took


async def _all(chromium: str, url: str) -> list[float]:
    from playwright.async_api import async_playwright

    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        context = await browser.new_context(viewport={"width": 1280, "height": 800})
        ready: list[int] = []
        go = asyncio.Event()
        times = await asyncio.gather(*(_one(context, url, n, ready, go) for n in range(PEOPLE)))
        await browser.close()
        return times


@pytest.mark.serial  # it prints times: run alone, after the parallel part
def test_twenty_logins_at_once_on_a_fresh_server_all_get_in(chromium_path, demo_db, tmp_path):
    accounts = tmp_path / "users.toml"
    for n in range(PEOPLE):
        users.add_user(f"lid-driehoek-{n}", "driehoek", PASSWORD, accounts)
    proc, url = start_streamlit(
        {"MIK_DB": str(demo_db), "MIK_AUTH": "on", "MIK_USERS": str(accounts), "MIK_SECRET": "test-only"}
    )
    try:
        # in a thread of its own: the other browser tests' sync Playwright keeps an event loop here
        with ThreadPoolExecutor(1) as pool:
            times = pool.submit(asyncio.run, _all(chromium_path, url)).result()
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    assert len(times) == PEOPLE  # every session got past the login (else a 120 s timeout failed it)
    logins = audit.read(demo_db)
    assert len({u for u, a in zip(logins.user_name, logins.action, strict=True) if a == "login"}) >= PEOPLE
    times.sort()
    print(f"\n{PEOPLE} logins at once: median {times[PEOPLE // 2]:.1f} s, slowest {times[-1]:.1f} s")


pytestmark = pytest.mark.filterwarnings("ignore::ResourceWarning")
