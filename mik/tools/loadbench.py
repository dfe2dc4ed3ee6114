"""Load benchmark: ``python -m mik bench --users N [--workers K] [--rounds R]``.

Builds the demo database and a users file of N people (analist, driehoek and raad in turn) in a
work folder, starts ``mik serve --workers K`` on a free loopback port, and drives sessions over
Streamlit's websocket protocol (``python -m ui.tools.loadtest``; no browser, so only the server's work is
timed). Per session: open the app, log in, land on the Overzicht, then Kaart and Overzicht R times.

It prints the server's start time, the first page after start (one login on cold caches), then for
1 session and for N sessions at once: median and p90 per step, the ratio of N to 1, page runs per
second and the server's CPU use (all its processes, in cores).
"""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from mik.ops.server import Cluster, default_workers, free_port
from mik.settings import ROOT

MAX_USERS = 200
MAX_ROUNDS = 20
ROLES = ("analist", "driehoek", "raad")  # roles that see both Kaart and Overzicht
STEPS = ("login", "open", "submit", "kaart", "overzicht")
GOALS = {"kaart": (0.8, 1.5), "overzicht": (0.8, 1.5), "login": (None, 2.0)}  # (median, p90) at 20 sessions


def cpu_seconds(pids: list[int]) -> float:
    """User plus system CPU time of these processes so far (Linux /proc)."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / tick
    return total


def drive(url: str, users: int, password: str, rounds: int, timeout: float) -> dict:
    """Run ``users`` sessions at once through ui.tools.loadtest; its summary as a dict."""
    command = [sys.executable, "-m", "ui.tools.loadtest", "--url", url, "--users", str(users)]
    command += ["--user", "bench-{i}", f"--password={password}", "--rounds", str(rounds), "--json"]
    res = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=timeout)
    if not res.stdout.strip():
        raise RuntimeError(f"ui.tools.loadtest gave no result (exit {res.returncode}): {res.stderr[-1500:]}")
    return json.loads(res.stdout)["summary"]


def measured(cluster: Cluster, url: str, users: int, password: str, rounds: int, timeout: float) -> dict:
    """One load run with the CPU used meanwhile by the server (all its processes) and by the load
    client itself, which shares this machine's cores (in cores: CPU seconds per wall second)."""
    import resource

    pids = cluster.pids()
    client0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu0, t0 = cpu_seconds(pids), time.perf_counter()
    result = drive(url, users, password, rounds, timeout)
    wall = time.perf_counter() - t0
    client1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    result["server_cores"] = (cpu_seconds(pids) - cpu0) / wall
    result["client_cores"] = (client1.ru_utime + client1.ru_stime - client0.ru_utime - client0.ru_stime) / wall
    return result


def run(users: int, workers: int | None = None, rounds: int = 3, workdir: Path | None = None) -> int:
    if not 1 <= users <= MAX_USERS:
        raise SystemExit(f"mik bench: --users must be 1..{MAX_USERS}")
    if not 1 <= rounds <= MAX_ROUNDS:
        raise SystemExit(f"mik bench: --rounds must be 1..{MAX_ROUNDS}")
    from mik.privacy.users import add_user
    from mik.tools.demo import build_demo

    workers = workers or default_workers()
    folder = Path(workdir or tempfile.mkdtemp(prefix="mik-loadbench-"))
    folder.mkdir(parents=True, exist_ok=True)
    db = folder / "mik.duckdb"
    if not db.exists():
        build_demo(db)
    users_file = folder / "users.toml"
    password = secrets.token_urlsafe(12)
    users_file.unlink(missing_ok=True)
    for i in range(users):
        add_user(f"bench-{i}", ROLES[i % len(ROLES)], password, users_file)
    env = {
        "MIK_DB": str(db),
        "MIK_USERS": str(users_file),
        "MIK_AUTH": "on",
        "MIK_SECRET": secrets.token_hex(16),
        "MIK_BASEMAP": "none",
    }
    timeout = 60.0 + 30.0 * users * rounds
    print(f"mik bench --users {users}: {os.cpu_count()} cores, {workers} worker(s), demo database {db}")
    t0 = time.perf_counter()
    with Cluster(port=free_port(), workers=workers, env=env, log_dir=folder) as cluster:
        started = time.perf_counter() - t0
        url = cluster.url
        cold = drive(url, 1, password, 1, timeout)
        print(f"server start (until every worker answers): {started:.1f} s")
        print(f"first login + page after start (cold caches): {cold['login']['median']:.2f} s (goal 1.5 s)")
        results = {n: measured(cluster, url, n, password, rounds, timeout) for n in dict.fromkeys((1, users))}
    print_table(results, users)
    errors = [e for r in results.values() for e in r["errors"]] + cold["errors"]
    for e in errors[:10]:
        print("error:", e)
    return 1 if errors else 0


def print_table(results: dict[int, dict], users: int) -> None:
    one, many = results[1], results[users]
    print(f"\n{'step':<11}{'1 session median / p90':>26}{f'{users} sessions median / p90':>30}{'ratio (median)':>17}")
    for step in STEPS:
        a, b = one.get(step), many.get(step)
        if not a or not b:
            continue
        ratio = b["median"] / a["median"] if a["median"] else float("nan")
        print(
            f"{step:<11}{a['median']:>17.2f} / {a['p90']:.2f} s{b['median']:>21.2f} / {b['p90']:.2f} s{ratio:>16.1f}x"
        )
    for n, r in results.items():
        print(
            f"{n} session(s): {r['pages_per_s']:.1f} page runs/s, server CPU {r['server_cores']:.2f} cores "
            f"(load client {r['client_cores']:.2f}), "
            f"wall {r['wall_s']:.1f} s, errors {len(r['errors'])}"
        )
    if users == 20:
        for step, (median_goal, p90_goal) in GOALS.items():
            r = many.get(step)
            if r:
                ok = (median_goal is None or r["median"] <= median_goal) and r["p90"] <= p90_goal
                print(
                    f"goal {step} at 20 sessions: median <= {median_goal} s, p90 <= {p90_goal} s: "
                    f"{'met' if ok else 'NOT met'}"
                )
