"""Screenshots of MIK's pages in a real browser (Debian's Chromium), for the README and for review.

    python scripts/screenshots.py --readme              # the README's pictures, from the demo: docs/screenshots/
    python scripts/screenshots.py --out /tmp/shots --sizes 1400x900,1920x1080 --full-page --role raad
    MIK_DB=other.duckdb MIK_CONFIG=other.toml python scripts/screenshots.py --out /tmp/other

It starts the app on a free loopback port (login off, as ``--role``), opens every page in turn,
waits until its script has finished, and saves ``<page>-<width>x<height>.png``. With ``--deck`` it
also saves the first two slides of the driehoek deck as LibreOffice lays out the PPTX (the pictures
are of what PowerPoint users see, and only of a deck that passes the office-suite check of
``mik.tools.officecheck``). Nothing leaves the machine:
every request that is not the app's own is refused.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# page name -> path and query (presentation mode is the app without its chrome)
PAGES = {
    "overzicht": "/",
    "thema": "/thema?theme=c",
    "kaart": "/kaart",
    "vergelijking": "/vergelijking?indicator=onveilig_buurt",
    "vergelijking-bezoekers": "/vergelijking?indicator=hic&year=2015&mode=per_1000_visitors",
    "kaart-bezoekers": "/kaart?mode=per_1000_visitors&period=2015&what=indicator&indicator=hic",
    "hotspots": "/hotspots",
    "wat-als": "/wat-als",
    "uitvoering": "/uitvoering",
    "rapporten": "/rapporten",
    "bronnen": "/bronnen",
    "plan": "/plan",
    "bijwerken": "/bijwerken",
    "presentatie": "/?present=1",
    "presentatie-thema": "/?present=1&slide=2",
    "presentatie-hic": "/?present=1&slide=4",
    "presentatie-ondermijning": "/?present=1&slide=6",
    "presentatie-beleving": "/?present=1&slide=7",
}
# the README's pictures: pages at a laptop's size, the meeting room at a big screen's, the deck
README = [
    (("overzicht", "thema", "kaart", "vergelijking"), (1400, 900)),
    (("presentatie", "presentatie-thema"), (1920, 1080)),
]
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run"]


def start_app(env: dict) -> tuple[subprocess.Popen, str]:
    from mik.ops.server import free_port, wait_healthy

    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "ui.serve", "--server.port", str(port), "--server.address", "127.0.0.1"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    wait_healthy(url, timeout=90, proc=proc)
    return proc, url


def wait_for_page(pg) -> None:
    """Until the script has run: the main block is there, nothing is running or still loading."""
    pg.wait_for_selector("[data-testid=stMain] h1, [data-testid=stMain] h2", timeout=60_000)
    pg.wait_for_function(
        "() => !document.querySelector('[data-testid=stStatusWidget]')"
        " && !document.querySelector('[data-testid=stSkeleton]')",
        timeout=60_000,
    )
    pg.wait_for_timeout(1500)  # charts and maps draw after the script
    if pg.locator("[data-testid=stDeckGlJsonChart]").count():
        pg.wait_for_timeout(2500)  # WebGL without a GPU takes its time


def shoot(url: str, out: Path, pages: list[str], sizes: list[tuple[int, int]], lang: str, full: bool) -> list[Path]:
    from playwright.sync_api import sync_playwright

    made = []
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=os.environ.get("MIK_CHROMIUM", "/usr/bin/chromium"), args=CHROMIUM_ARGS
        )
        for width, height in sizes:
            context = browser.new_context(viewport={"width": width, "height": height})
            context.route(
                "**/*", lambda r: r.continue_() if r.request.url.startswith((url, "data:", "blob:")) else r.abort()
            )
            pg = context.new_page()
            for name in pages:
                path = PAGES[name]
                sep = "&" if "?" in path else "?"
                pg.goto(f"{url}{path}{sep}lang={lang}" if lang != "nl" else f"{url}{path}")
                wait_for_page(pg)
                target = out / f"{name}-{width}x{height}.png"
                if full:  # Streamlit scrolls inside its main block: make the window as tall as the page
                    tall = pg.evaluate("document.querySelector('[data-testid=stMain]').scrollHeight")
                    pg.set_viewport_size({"width": width, "height": max(height, int(tall))})
                    pg.wait_for_timeout(1500)
                pg.screenshot(path=str(target))
                pg.set_viewport_size({"width": width, "height": height})
                made.append(target)
            context.close()
        browser.close()
    return made


def deck_pictures(db: Path, out: Path, role: str, slides: tuple[int, ...] = (1, 2)) -> list[Path]:
    """Slides of the newest driehoek deck as PowerPoint users see them: the PPTX laid out by
    LibreOffice (headless, as tests/test_office.py checks it), saved as PNG pictures."""
    from mik.data.store import open_snapshot
    from mik.output import document, driehoek, render
    from mik.plan.config import load_config
    from mik.privacy.access import access_for
    from mik.tools import officecheck

    cfg = load_config()
    con = open_snapshot(db)
    built = driehoek.build_driehoek(con, cfg, document.latest_month(con), access=access_for(cfg, "demo", role))
    pdf = officecheck.office_pdf({"deck": render.render(built, "pptx")})["deck"]
    problems = officecheck.check(pdf, built, native=True)
    if problems:  # the README never shows a slide that the office-suite check refuses
        raise SystemExit("the deck fails the office-suite check:\n" + "\n".join(map(str, problems)))
    pages = officecheck.pages_png(pdf, width=1400)
    made = []
    for n in slides:
        target = out / f"deck-{n}.png"
        target.write_bytes(pages[n - 1])
        made.append(target)
    return made


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    ap.add_argument("--sizes", default="1400x900", help="comma-separated WIDTHxHEIGHT, e.g. 1400x900,1920x1080")
    ap.add_argument("--pages", default=",".join(PAGES), help=f"comma-separated, of: {', '.join(PAGES)}")
    ap.add_argument("--role", default="analist")
    ap.add_argument("--lang", default="nl", choices=("nl", "en"))
    ap.add_argument("--full-page", action="store_true", help="the whole page, not only the first screen")
    ap.add_argument("--deck", action="store_true", help="also the driehoek deck's first pages")
    ap.add_argument("--readme", action="store_true", help="the README's pictures (docs/screenshots), from the demo")
    args = ap.parse_args(argv)
    if args.readme:
        os.environ.pop("MIK_DB", None)  # always the demo: synthetic, nobody's figures

    from mik.settings import default_db
    from mik.tools.demo import build_demo

    db = default_db()
    if not db.exists():
        build_demo(db)
    sizes = [tuple(int(n) for n in s.split("x")) for s in args.sizes.split(",")]
    pages = [p for p in args.pages.split(",") if p]
    unknown = set(pages) - set(PAGES)
    if unknown:
        ap.error(f"unknown page(s): {', '.join(sorted(unknown))}")
    args.out.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "MIK_DB": str(db), "MIK_AUTH": "off", "MIK_ROLE": args.role, "MIK_BASEMAP": "none"}
    proc, url = start_app(env)
    try:
        if args.readme:
            made = [p for names, size in README for p in shoot(url, args.out, list(names), [size], "nl", False)]
            args.deck = True
        else:
            made = shoot(url, args.out, pages, sizes, args.lang, args.full_page)
    finally:
        proc.terminate()
        proc.wait(timeout=20)
    if args.deck:
        made += deck_pictures(db, args.out, args.role)
    for path in made:
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
