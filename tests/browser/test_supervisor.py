"""The production start under faults (issue 27, parts 3 and 4): ``python -m mik serve --workers 2``
as an operator (or systemd) runs it, real processes, faults injected from outside.

Before: killing HAProxy stopped the whole service; a stopped (SIGSTOP) worker froze its sessions;
killing the parent left its workers and HAProxy serving as orphans, and a new start on the same
port "succeeded" beside them; ``--workers 1`` ignored SIGTERM; ``/_stcore/health`` said ok with a
truncated database, audit log or users file."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from mik.data import audit
from mik.ops.server import free_port, wait_healthy
from mik.privacy import users
from tests.browser.conftest import _children, login_env
from tests.conftest import ROOT
from tests.secondcity import mik

pytestmark = pytest.mark.xdist_group("supervisor")


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as r:
            return r.status, r.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8", "replace")
    except OSError as exc:
        return 0, str(exc)


def _within(seconds: float, what: str, ok) -> float:
    """Wait until ``ok()``; returns the seconds it took, fails after ``seconds``."""
    start = time.monotonic()
    while time.monotonic() - start < seconds:
        if ok():
            return time.monotonic() - start
        time.sleep(0.25)
    pytest.fail(f"not within {seconds} s: {what}")


def _damaged(path: Path, how: str) -> bytes:
    """Damage ``path`` the way a full disk or a bad copy does; returns its bytes for restoring."""
    good = path.read_bytes()
    fresh = path.with_name(path.name + ".damaged")
    fresh.write_bytes(b"" if how == "empty" else good[: len(good) // 3])
    os.replace(fresh, path)  # a new file under the old name, as a copy from a backup would be
    return good


def _restore(path: Path, good: bytes) -> None:
    fresh = path.with_name(path.name + ".restored")
    fresh.write_bytes(good)
    os.replace(fresh, path)


def _with_roles(text: str, keep: set[str]) -> str:
    """config.toml's text with only the ``[[roles]]`` entries named in ``keep``."""
    blocks = re.split(r"(?=^\[\[roles\]\]\n)", text, flags=re.M)
    out = []
    for block in blocks:
        found = re.match(r'\[\[roles\]\]\n(?:#[^\n]*\n)*id = "([^"]+)"\n(?:[^\n\[]*\n)*', block)
        out.append(block[found.end() :] if found and found.group(1) not in keep else block)
    return "".join(out)


def test_faults_end_with_the_service_back_without_an_operator(haproxy, demo_db, tmp_path):
    folder = tmp_path / "install"
    folder.mkdir()
    db, accounts, logs = folder / "mik.duckdb", folder / "users.toml", folder / "logs"
    shutil.copyfile(demo_db, db)
    users.add_user("beheer", "admin", "een-lang-wachtwoord", accounts)
    # the plan with two roles: every (re)started worker warms each role's first screens, which for
    # all six roles was most of this test's minute; two show the same thing
    config = folder / "config.toml"
    config.write_text(_with_roles((ROOT / "config.toml").read_text(encoding="utf-8"), {"driehoek", "admin"}))
    notify = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)  # systemd's side of Type=notify
    notify.bind(str(tmp_path / "notify"))
    notify.settimeout(180)
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        **login_env(db, accounts),
        "MIK_LOG_DIR": str(logs),
        "NOTIFY_SOCKET": str(tmp_path / "notify"),
        "MIK_CONFIG": str(config),
    }
    command = [sys.executable, "-m", "mik", "serve", "--port", str(port), "--address", "127.0.0.1", "--workers", "2"]
    proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        assert notify.recv(4096).decode().startswith("READY=1")  # sent once the app answers
        wait_healthy(url, timeout=10, proc=proc)
        for i in (1, 2):  # every role's first screens were computed before the worker served
            text = (logs / f"worker{i}.log").read_text()
            assert "first screens of every role computed" in text and "warm-up for role" not in text
        assert _get(url + "/_mik/ready") == (200, '{"ready": true, "problems": []}\n')

        # a second start on the same port says who holds it, and starts nothing
        again = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
        assert again.returncode == 1 and "is in use by an earlier mik serve" in again.stderr, again.stderr

        # HAProxy killed: started again, the service answers within 10 s
        proxy = _children(proc.pid, "haproxy")
        os.kill(proxy[0], signal.SIGKILL)
        _within(10, "the proxy back", lambda: _get(url + "/_stcore/health")[0] == 200)
        assert _children(proc.pid, "haproxy") not in ([], proxy)

        # a worker stopped (SIGSTOP): killed and started again; the other serves meanwhile
        workers = _children(proc.pid, "ui.serve")
        os.kill(workers[0], signal.SIGSTOP)
        assert _get(url + "/_stcore/health")[0] == 200
        _within(20, "the stopped worker replaced", lambda: workers[0] not in _children(proc.pid, "ui.serve"))

        # damaged files: not ready (naming the file), HAProxy's page says why; back when restored
        audit.record(db, "beheer", "admin", "login", "a line, so the log exists")
        audit_file = audit.audit_path(db)
        faults = ((db, "truncated", "database"), (accounts, "empty", "users"), (audit_file, "empty", "audit"))
        for path, how, part in faults:
            good = _damaged(path, how)
            _within(10, f"{part} not ready", lambda: _get(url + "/_mik/ready")[0] == 503)
            body = _get(url + "/_mik/ready")[1]
            assert json.loads(body)["problems"][0].startswith(f"{part}: {path}"), body
            _within(15, "no worker in service", lambda: _get(url + "/")[0] == 503)
            assert "MIK is even niet beschikbaar" in _get(url + "/")[1]
            health = mik("health", env={k: env[k] for k in ("MIK_DB", "MIK_USERS", "MIK_AUTH")})
            assert health.returncode == 1 and f"not ready: {part}: {path}" in health.stderr
            _restore(path, good)
            took = _within(10, f"{part} ready again", lambda: _get(url + "/")[0] == 200)
            assert took < 10

        # the parent killed outright: its children go with it, and a new start gets the port
        children = _children(proc.pid, "ui.serve") + _children(proc.pid, "haproxy")
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        _within(10, "no orphans", lambda: not any(Path(f"/proc/{p}").exists() for p in children))
        log = proc.stdout.read()
        assert "haproxy ended (exit -9); starting it again" in log
        assert "has not answered for" in log and "(stopped or hung); killing it" in log
        assert "not ready: database:" in log and "ready again" in log
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        notify.close()


def test_sigterm_stops_a_single_worker_too(demo_db, tmp_path):
    port = free_port()
    env = {**os.environ, "MIK_DB": str(demo_db), "MIK_AUTH": "off", "MIK_WARMUP": "0", "MIK_LOG_DIR": str(tmp_path)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "mik", "serve", "--port", str(port), "--address", "127.0.0.1", "--workers", "1"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_healthy(f"http://127.0.0.1:{port}", timeout=120, proc=proc)
        worker = _children(proc.pid, "ui.serve")
        assert len(worker) == 1
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=30) == 0
        assert not Path(f"/proc/{worker[0]}").exists()
        assert not (tmp_path / f"mik-serve-{port}.pid").exists()
    finally:
        if proc.poll() is None:
            proc.kill()
