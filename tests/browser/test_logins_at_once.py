"""Twenty people log in at the same moment on a freshly started server (a driehoek meeting
starting): every one of them gets in. Times are printed, not asserted (see README)."""

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


async def _one(browser, url: str, n: int, go: asyncio.Event) -> float:
    context = await browser.new_context(viewport={"width": 1280, "height": 800})
    page = await context.new_page()
    page.set_default_timeout(120_000)
    await page.goto(url)
    await page.wait_for_selector("input[type=password]")
    await page.get_by_label("Gebruikersnaam").fill(f"lid-driehoek-{n}")
    await page.get_by_label("Wachtwoord").fill(PASSWORD)
    await go.wait()  # everybody presses the button at the same moment
    start = time.perf_counter()
    await page.get_by_role("button", name="Inloggen").click()
    await page.wait_for_selector("input[type=password]", state="detached")  # the login form is gone
    await page.get_by_text("Stand per 14-10-2016").first.wait_for()  # and the app is there
    took = time.perf_counter() - start
    await context.close()
    return took


async def _all(chromium: str, url: str) -> list[float]:
    from playwright.async_api import async_playwright

    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        go = asyncio.Event()
        tasks = [asyncio.create_task(_one(browser, url, n, go)) for n in range(PEOPLE)]
        await asyncio.sleep(0)
        while sum(1 for t in tasks if not t.done()) and not go.is_set():
            await asyncio.sleep(2)  # let every page reach its login form, then release them together
            go.set()
        times = await asyncio.gather(*tasks)
        await browser.close()
        return times


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
