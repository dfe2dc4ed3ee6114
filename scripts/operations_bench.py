"""Operations benchmarks (issue 27, part 5): pages during a publish, and worker memory over time.

    python scripts/operations_bench.py publish [--users 10] [--publishes 4] [--every 15]
    python scripts/operations_bench.py soak [--minutes 120] [--sample 10] [--users 6] [--publish-every 5]

Both start ``mik serve --workers 2`` (mik.ops.server.Cluster) on a copy of the demo database with a
users file of their own, and drive sessions over Streamlit's websocket protocol
(``python -m ui.tools.loadtest``: each session logs in, opens its pages in turn, logs out, and
again).

``publish``: page times while imports are published every ``--every`` seconds, against the quiet
minute before the first publish, for two servers in the same run: one that switches to a new
database version at once (the default) and one that first computes the figures its sessions used
for the new version (``MIK_WARM_SWITCH=1``). Prints median and p90 per window,
their ratio to the quiet minute, and every error.

``soak``: the resident memory (RSS) of each worker every ``--sample`` minutes, with a publish every
``--publish-every`` minutes, and the growth over the last hour (or the second half, when shorter).
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from mik.ops.server import Cluster, free_port
from mik.privacy.users import add_user
from mik.settings import DEFAULT_DB, ROOT
from ui.tools.loadtest import percentile

ROLES = ("analist", "driehoek", "raad")
PAGES = "kaart,overzicht,thema"


def setup(folder: Path, users: int) -> tuple[dict, str]:
    db = folder / "mik.duckdb"
    if not DEFAULT_DB.exists():
        subprocess.run([sys.executable, "-m", "mik", "demo"], cwd=ROOT, check=True)
    shutil.copyfile(DEFAULT_DB, db)
    password = secrets.token_urlsafe(12)
    for i in range(users):
        add_user(f"bench-{i}", ROLES[i % len(ROLES)], password, folder / "users.toml")
    env = {
        "MIK_DB": str(db),
        "MIK_USERS": str(folder / "users.toml"),
        "MIK_AUTH": "on",
        "MIK_SECRET": secrets.token_hex(16),
        "MIK_BASEMAP": "none",
    }
    return env, password


def export(folder: Path, n: int, buurten: list[str]) -> Path:
    """A police export for October 2016 whose counts differ with ``n``: each publish changes figures."""
    lines = ["maand;buurtcode;straat;x;y;categorie;aantal"]
    for i, code in enumerate(buurten):
        for cat in ("1.1.1", "1.2.1", "2.5.1"):
            lines.append(f"2016-10;{code};;;;{cat};{1 + (i + n) % 7}")
    path = folder / f"maandexport-{n}.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def buurten(db: str) -> list[str]:
    from mik.data import queries
    from mik.data.store import connect

    con = connect(db, read_only=True)
    try:
        return sorted(queries.area_list(con, "buurt").code)
    finally:
        con.close()


def publish_now(env: dict, path: Path) -> float:
    t0 = time.time()
    done = subprocess.run(
        [sys.executable, "-m", "mik", "import", "crime", str(path)],
        cwd=ROOT,
        env={**os.environ, **env},
        text=True,
        capture_output=True,
    )
    if done.returncode:
        raise SystemExit(f"import failed: {done.stderr}")
    return t0


def drive(url: str, users: int, password: str, seconds: float, out: dict) -> None:
    command = [sys.executable, "-m", "ui.tools.loadtest", "--url", url, "--users", str(users), "--user", "bench-{i}"]
    command += [f"--password={password}", "--rounds", "1", "--pages", PAGES, "--seconds", str(seconds), "--json"]
    res = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    out.update(json.loads(res.stdout) if res.stdout.strip() else {"error": res.stderr[-2000:]})


def stats(times: list[float]) -> str:
    if not times:
        return "      -"
    times = sorted(times)
    return f"{statistics.median(times):6.2f} s / {percentile(times, 90):5.2f} s (n={len(times)})"


def run_publish(args) -> int:
    print(f"publish under load: {args.users} sessions, {args.publishes} publishes every {args.every} s, 2 workers")
    rows, errors = {}, []
    for mode, switch in (("at once (default)", "0"), ("warmed first", "1")):
        folder = Path(tempfile.mkdtemp(prefix="mik-opsbench-"))
        env, password = setup(folder, args.users)
        env["MIK_WARM_SWITCH"] = switch
        codes = buurten(env["MIK_DB"])
        files = [export(folder, n, codes) for n in range(args.publishes)]
        quiet = 40.0
        seconds = quiet + args.publishes * args.every + 10
        with Cluster(port=free_port(), workers=2, env=env, log_dir=folder) as cluster:
            result: dict = {}
            load = threading.Thread(target=drive, args=(cluster.url, args.users, password, seconds, result))
            load.start()
            time.sleep(quiet)
            publishes = []
            for path in files:
                publishes.append(publish_now(env, path))
                time.sleep(max(0.0, args.every - (time.time() - publishes[-1])))
            load.join()
        steps = [s for s in result.get("steps", []) if s["step"] in PAGES.split(",") and not s["error"]]
        first = publishes[0]
        calm = [s["seconds"] for s in steps if first - quiet + 15 <= s["at"] < first]  # past the cold start
        after = [s["seconds"] for s in steps if any(p <= s["at"] < p + args.every for p in publishes)]
        rows[mode] = (calm, after)
        errors += [f"{mode}: {e}" for e in result.get("summary", {}).get("errors", [])]
        errors += [f"{mode}: {result['error']}"] if "error" in result else []
        shutil.rmtree(folder, ignore_errors=True)
    print(f"\n{'switch to a new version':<22}{'quiet minute (median / p90)':>34}{'after each publish':>34}{'ratio':>8}")
    for mode, (calm, after) in rows.items():
        ratio = statistics.median(after) / statistics.median(calm) if calm and after else float("nan")
        print(f"{mode:<22}{stats(calm):>34}{stats(after):>34}{ratio:>8.2f}")
    print(f"errors: {len(errors)}")
    for e in errors[:20]:
        print("  ", e)
    return 1 if errors else 0


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def memory(rss: list[float]) -> str:
    return "  ".join(f"worker {i + 1}: {r:6.0f} MiB" for i, r in enumerate(rss))


def run_soak(args) -> int:
    folder = Path(tempfile.mkdtemp(prefix="mik-soak-"))
    env, password = setup(folder, args.users)
    codes = buurten(env["MIK_DB"])
    seconds = args.minutes * 60
    print(
        f"soak: {args.minutes} min, {args.users} sessions coming and going ({PAGES}), a publish every "
        f"{args.publish_every} min, RSS every {args.sample} min, 2 workers; work folder {folder}",
        flush=True,
    )
    samples: list[tuple[float, list[float]]] = []
    with Cluster(port=free_port(), workers=2, env=env, log_dir=folder) as cluster:
        result: dict = {}
        load = threading.Thread(target=drive, args=(cluster.url, args.users, password, seconds, result))
        t0 = time.time()
        load.start()
        next_sample, next_publish, n = t0, t0 + args.publish_every * 60, 0
        while load.is_alive():
            now = time.time()
            if now >= next_sample:
                rss = [rss_mib(p.pid) for p in cluster.procs]
                samples.append(((now - t0) / 60, rss))
                print(
                    f"{(now - t0) / 60:6.1f} min  "
                    + "  ".join(f"worker {i + 1}: {r:6.0f} MiB" for i, r in enumerate(rss)),
                    flush=True,
                )
                next_sample += args.sample * 60
            if args.publish_every and now >= next_publish:
                publish_now(env, export(folder, n, codes))
                n += 1
                next_publish += args.publish_every * 60
            time.sleep(1.0)
        rss = [rss_mib(p.pid) for p in cluster.procs]
        samples.append(((time.time() - t0) / 60, rss))
        print(f"{samples[-1][0]:6.1f} min  {memory(rss)}")
    summary = result.get("summary", {})
    end = samples[-1][0]
    since = end - 60 if end >= 120 else end / 2
    start = min(samples, key=lambda s: abs(s[0] - since))
    growth = [(b - a) / a * 100 for a, b in zip(start[1], samples[-1][1], strict=True)]
    runs = summary.get("pages_per_s", 0) * summary.get("wall_s", 0)
    print(f"\npages: {runs:.0f} runs, errors {len(summary.get('errors', []))}; publishes {n}")
    each = ", ".join(f"worker {i + 1} {g:+.1f}%" for i, g in enumerate(growth))
    print(f"growth from {start[0]:.0f} to {end:.0f} min: {each}")
    shutil.rmtree(folder, ignore_errors=True)
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("publish")
    p.add_argument("--users", type=int, default=10)
    p.add_argument("--publishes", type=int, default=4)
    p.add_argument("--every", type=float, default=15.0)
    p.set_defaults(func=run_publish)
    s = sub.add_parser("soak")
    s.add_argument("--minutes", type=float, default=120)
    s.add_argument("--sample", type=float, default=10)
    s.add_argument("--users", type=int, default=6)
    s.add_argument("--publish-every", type=float, default=5)
    s.set_defaults(func=run_soak)
    args = parser.parse_args()
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
