"""Per-page render times through AppTest on the demo database (or $MIK_DB).

    python scripts/page_times.py [--runs 3]

For every page: the first render in a fresh process-wide cache ("cold", includes the queries) and
the median of the following renders ("warm", served from st.cache_data), in seconds. The app
start (imports, connection) is measured once and reported apart.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("MIK_BASEMAP", "none")

PAGES = ["overzicht", "thema", "kaart", "vergelijking", "whatif", "uitvoering", "rapporten", "bronnen"]


def main() -> int:
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    t0 = time.perf_counter()
    AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()
    print(f"app start (imports, connection, first page): {time.perf_counter() - t0:.2f} s")
    print(f"{'page':<14}{'cold s':>8}{'warm s':>8}")
    worst = 0.0
    for page in PAGES:
        st.cache_data.clear()
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
        at.run()
        t = time.perf_counter()
        at.switch_page(f"pages/{page}.py").run()
        cold = time.perf_counter() - t
        warm = []
        for _ in range(args.runs):
            t = time.perf_counter()
            at.run()
            warm.append(time.perf_counter() - t)
        if at.exception:
            print(f"{page}: EXCEPTION {at.exception[0].value}")
            return 1
        worst = max(worst, cold)
        print(f"{page:<14}{cold:>8.2f}{statistics.median(warm):>8.2f}")
    print(f"slowest cold render: {worst:.2f} s (goal: under 1 s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
