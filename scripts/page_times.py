"""Per-page render times through AppTest on the demo database (or $MIK_DB).

    python scripts/page_times.py [--runs 3]

For every page: the first render with empty caches ("cold", includes the queries) and the median
of the following renders ("warm", served from st.cache_data), in seconds.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


PAGES = ("overzicht", "thema", "kaart", "vergelijking", "whatif", "uitvoering", "rapporten", "bronnen")


def page_times(db: Path, runs: int = 1) -> list[tuple[str, float, float, str]]:
    """(page, first render s with empty caches, median later render s, error) per page."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    from mik.tools.bench import timed

    os.environ.update({"MIK_DB": str(db), "MIK_BASEMAP": os.environ.get("MIK_BASEMAP", "none")})
    out = []
    for page in PAGES:
        st.cache_data.clear()
        st.cache_resource.clear()
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=600)
        at.run()
        cold, _ = timed(lambda at=at, page=page: at.switch_page(f"pages/{page}.py").run())
        warm, _ = timed(lambda at=at: at.run(), runs=runs)
        out.append((page, cold, warm, at.exception[0].value[:80] if at.exception else ""))
    return out


def main() -> int:
    from mik.settings import default_db

    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    db = default_db()
    if not db.exists():
        from mik.tools.demo import build_demo

        build_demo(db)
    print(f"{'page':<14}{'cold s':>8}{'warm s':>8}")
    results = page_times(db, args.runs)
    for page, cold, warm, error in results:
        print(f"{page:<14}{cold:>8.2f}{warm:>8.2f}{('  EXCEPTION ' + error) if error else ''}")
    worst = max(cold for _, cold, _, _ in results)
    print(f"slowest cold render: {worst:.2f} s (goal: under 1 s)")
    return 1 if any(error for *_, error in results) else 0


if __name__ == "__main__":
    sys.exit(main())
