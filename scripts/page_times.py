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


def main() -> int:
    from mik.bench import page_times
    from mik.cli import default_db

    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    db = Path(os.environ.get("MIK_DB") or default_db())
    if not db.exists():
        from mik.demo import build_demo

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
