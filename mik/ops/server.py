"""The production start: ``python -m mik serve --port N [--workers K]``.

One Streamlit process uses one core at a time (its page runs share one interpreter lock). With
``--workers K`` (default: one per core) this starts K Streamlit processes on loopback ports and
HAProxy (Debian's ``haproxy``) in front of them on ``--address:--port``:

- sticky sessions: HAProxy sets a cookie on a browser's first request, so its websocket, uploads
  and downloads all reach the same worker (a Streamlit session lives in one process);
- new browsers go to the worker with the fewest open connections (``balance leastconn``);
- a worker that stops is taken out by HAProxy's health check and started again here;
- every worker reads the same published database (``mik.ingest.publish`` swaps it atomically) and
  writes to the same audit store beside it (SQLite, :mod:`mik.data.audit`).

Nothing here imports Streamlit: the workers are ``python -m ui.serve`` processes.
"""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from mik.settings import ROOT

HEALTH = "/_stcore/health"


class ServeError(RuntimeError):
    """The server cannot start (said in one sentence)."""


def default_workers() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)


def free_port(address: str = "127.0.0.1") -> int:
    with socket.socket() as s:
        s.bind((address, 0))
        return s.getsockname()[1]


def worker_command(port: int, address: str = "127.0.0.1", headless: bool = True) -> list[str]:
    command = [sys.executable, "-m", "ui.serve", "--server.port", str(port), "--server.address", address]
    if headless:
        command += ["--server.headless", "true"]
    return command


def haproxy_config(address: str, port: int, workers: list[int], secret: str = "") -> str:
    """HAProxy in front of the workers: sticky by cookie, least connections, health-checked. Every
    request it passes on carries ``X-MIK-Proxy: <secret>`` (any such header from the browser is
    replaced), so a worker knows a request came through the proxy and may trust the address the
    proxy added to X-Forwarded-For; one sent straight to a worker's port cannot log in."""
    servers = "\n".join(
        f"    server w{i} 127.0.0.1:{p} check inter 2s fall 2 rise 1 cookie w{i}" for i, p in enumerate(workers, 1)
    )
    bind = f"[{address}]:{port}" if ":" in address else f"{address}:{port}"
    return f"""# Written by python -m mik serve (mik/ops/server.py); changes here are lost at the next start.
global
    maxconn 4096

defaults
    mode http
    timeout connect 5s
    timeout client 1h
    timeout server 1h
    timeout tunnel 12h
    option forwardfor
    # a worker that has just stopped refuses connections before the health check notices:
    # try again on another worker (a browser there starts a new session: log in again)
    retries 3
    option redispatch

frontend mik
    bind {bind}
    default_backend workers

backend workers
    balance leastconn
    cookie MIKWORKER insert indirect nocache httponly attr "SameSite=Lax"
    option httpchk GET {HEALTH}
    http-check expect status 200
    http-request set-header X-MIK-Proxy {secret}
{servers}
"""


def wait_healthy(url: str, timeout: float = 120.0, proc: subprocess.Popen | None = None) -> None:
    """Wait until ``url`` + /_stcore/health answers ok (or the process ends)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise ServeError(f"{url}: the process ended with exit code {proc.returncode} before it answered")
        try:
            with urllib.request.urlopen(url + HEALTH, timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.2)
    raise ServeError(f"{url}: no answer on {HEALTH} within {timeout:.0f} s")


@dataclass
class Cluster:
    """K workers and HAProxy; ``start`` returns once all answer, ``stop`` ends them all."""

    port: int
    address: str = "127.0.0.1"
    workers: int = 1
    env: dict[str, str] = field(default_factory=dict)
    log_dir: Path | None = None
    procs: list[subprocess.Popen] = field(default_factory=list)
    worker_ports: list[int] = field(default_factory=list)
    proxy: subprocess.Popen | None = None
    proxy_secret: str = field(default_factory=lambda: secrets.token_hex(16), repr=False)

    @property
    def url(self) -> str:
        host = "127.0.0.1" if self.address in ("0.0.0.0", "") else self.address
        return f"http://{host}:{self.port}"

    def _spawn(self, command: list[str], name: str, env: dict | None = None) -> subprocess.Popen:
        """Start ``command`` with its output appended to ``<log_dir>/<name>.log``."""
        with open(self.log_dir / f"{name}.log", "ab") as log:
            return subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)

    def _environment(self) -> dict[str, str]:
        env = {"MIK_WARMUP": "1", **os.environ, **self.env}  # first screens computed before serving
        if self.workers > 1:
            env["MIK_BEHIND_PROXY"] = "1"  # the client address is HAProxy's X-Forwarded-For
            env["MIK_PROXY_SECRET"] = self.proxy_secret  # ... on requests that carry the proxy's secret
        return env

    def _start_worker(self, i: int) -> subprocess.Popen:
        address = self.address if self.workers == 1 else "127.0.0.1"
        return self._spawn(worker_command(self.worker_ports[i], address), f"worker{i + 1}", self._environment())

    def start(self, timeout: float = 120.0) -> Cluster:
        if self.workers > 1 and shutil.which("haproxy") is None:
            raise ServeError(
                "--workers needs HAProxy: install Debian's package (apt-get install haproxy), "
                "or start one process with --workers 1"
            )
        if self.log_dir is None:
            self.log_dir = Path(tempfile.mkdtemp(prefix="mik-serve-"))
        self.worker_ports = [self.port] if self.workers == 1 else [free_port() for _ in range(self.workers)]
        self.procs = [self._start_worker(i) for i in range(self.workers)]
        try:
            for p, proc in zip(self.worker_ports, self.procs, strict=True):
                wait_healthy(f"http://127.0.0.1:{p}", timeout, proc)
            if self.workers > 1:
                cfg = self.log_dir / "haproxy.cfg"
                cfg.write_text(haproxy_config(self.address, self.port, self.worker_ports, self.proxy_secret))
                cfg.chmod(0o600)  # it holds the proxy's secret
                check = subprocess.run(["haproxy", "-c", "-q", "-f", str(cfg)], capture_output=True, text=True)
                if check.returncode:
                    raise ServeError(f"{cfg}: HAProxy refuses the configuration: {check.stderr.strip()}")
                self.proxy = self._spawn(["haproxy", "-db", "-f", str(cfg)], "haproxy")
                wait_healthy(self.url, timeout, self.proxy)
        except BaseException:
            self.stop()
            raise
        return self

    def pids(self) -> list[int]:
        return [p.pid for p in [*self.procs, self.proxy] if p is not None and p.poll() is None]

    def watch(self) -> int:
        """Keep the workers running until HAProxy (or the only worker) stops; returns its exit code."""
        while True:
            time.sleep(1.0)
            if self.workers == 1:
                if self.procs[0].poll() is not None:
                    return self.procs[0].returncode
                continue
            if self.proxy.poll() is not None:
                return self.proxy.returncode or 1
            for i, proc in enumerate(self.procs):
                if proc.poll() is not None:
                    print(f"mik serve: worker {i + 1} ended (exit {proc.returncode}); starting it again", flush=True)
                    self.procs[i] = self._start_worker(i)

    def stop(self) -> None:
        for proc in [self.proxy, *self.procs]:
            if proc is not None and proc.poll() is None:
                proc.terminate()
        for proc in [self.proxy, *self.procs]:
            if proc is not None:
                try:
                    proc.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait()

    def __enter__(self) -> Cluster:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def serve(port: int, address: str, workers: int, headless: bool = True) -> int:
    """Run until interrupted (``mik serve`` builds the demo database first when none is configured)."""
    if workers == 1:
        env = {"MIK_WARMUP": "1", **os.environ}
        return subprocess.call(worker_command(port, address, headless), cwd=ROOT, env=env)
    cluster = Cluster(port=port, address=address, workers=workers)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        cluster.start()
        print(f"MIK: {cluster.url} ({workers} workers behind HAProxy; logs in {cluster.log_dir})", flush=True)
        return cluster.watch()
    except ServeError as exc:
        print(f"mik serve: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 0
    finally:
        cluster.stop()
