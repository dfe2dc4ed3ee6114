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

Supervision (``watch``): a worker or HAProxy that ends is started again, with a growing pause
(1, 2, 4 ... 30 s) while it keeps ending; a worker that stops answering its health check for
:data:`HUNG_SECONDS` (stopped, hung) is killed and started again; every restart is logged with its
reason. Every child gets SIGTERM from the kernel when ``mik serve`` itself dies, even by SIGKILL
(``PR_SET_PDEATHSIG``): no orphans keep a port. A port that is taken (an earlier run, another
program) stops the start with a sentence naming it; ``--replace`` first stops the earlier
``mik serve`` recorded in its pid file. SIGTERM stops everything, for any number of workers, and
under systemd (``Type=notify``) ``READY=1`` is sent once the app answers.

Readiness (:mod:`mik.ops.health`): ``/_mik/ready`` through the proxy (and ``--ready-port``) answers
200 ``ok`` only when the database, the audit store and the users file can be read; HAProxy's check
of each worker asks the same (plus that worker's own health), so a worker is in service only when
people can log in and see pages. When none is, HAProxy answers with a page that says so.

Nothing here imports Streamlit: the workers are ``python -m ui.serve`` processes.
"""

from __future__ import annotations

import contextlib
import ctypes
import datetime as dt
import http.server
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from mik.ingest.publish import alive, reconcile, remove_leftovers
from mik.ops import health
from mik.settings import DATA_DIR, ROOT, default_db

HEALTH = "/_stcore/health"
READY = "/_mik/ready"
HUNG_SECONDS = 6.0  # a worker that answers no health check for this long is killed and started again
CHECK_EVERY = 2.0
BACKOFF_MAX = 30.0


def log(message: str) -> None:
    """One line on standard output (the journal under systemd), with the time."""
    print(f"{dt.datetime.now():%Y-%m-%d %H:%M:%S} mik serve: {message}", flush=True)


def _die_with_parent() -> None:
    """In the child before exec: SIGTERM from the kernel when the parent (mik serve) dies."""
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    if os.getppid() == 1:  # the parent died before prctl took effect
        os._exit(1)


def sd_notify(message: str) -> bool:
    """Tell systemd (``Type=notify``) how the service is; False when not run by systemd."""
    address = os.environ.get("NOTIFY_SOCKET")
    if not address:
        return False
    if address.startswith("@"):
        address = "\0" + address[1:]
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as s:
        s.sendto(message.encode(), address)
    return True


def port_taken(address: str, port: int) -> bool:
    """Whether something listens on address:port already (HAProxy binds with SO_REUSEPORT, so a
    second one would start beside it and share its connections: checked before starting)."""
    family = socket.AF_INET6 if ":" in address else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as s:
        try:
            s.bind((address or "0.0.0.0", port))
        except OSError:
            return True
    return False


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


#: HAProxy's answer when no worker is in service (written with CRLF line ends as HAProxy sends it)
ERROR_PAGE = """HTTP/1.0 503 Service Unavailable
Cache-Control: no-cache
Connection: close
Content-Type: text/html; charset=utf-8
Retry-After: 10

<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>MIK is even niet beschikbaar</title>
<meta http-equiv="refresh" content="10"></head><body style="font-family:sans-serif;max-width:40em;margin:4em auto">
<h1>MIK is even niet beschikbaar</h1>
<p>De cijfers kunnen nu niet worden getoond: de database, het auditlog of het gebruikersbestand kan
niet worden gelezen, of de app start opnieuw. De beheerder ziet de oorzaak met
<code>python -m mik health</code>. Deze pagina probeert het elke 10 seconden opnieuw.</p>
<h2 lang="en">MIK is unavailable for a moment</h2>
<p lang="en">The figures cannot be shown now: the database, the audit log or the users file cannot be
read, or the app is restarting. The administrator sees why with <code>python -m mik health</code>.
This page tries again every 10 seconds.</p></body></html>
"""


def haproxy_config(
    address: str,
    port: int,
    workers: list[int],
    secret: str = "",
    ready_ports: list[int] | None = None,
    ready_port: int | None = None,
    error_page: Path | None = None,
) -> str:
    """HAProxy in front of the workers: sticky by cookie, least connections, health-checked. Every
    request it passes on carries ``X-MIK-Proxy: <secret>`` (any such header from the browser is
    replaced), so a worker knows a request came through the proxy and may trust the address the
    proxy added to X-Forwarded-For; one sent straight to a worker's port cannot log in."""
    ready_ports = ready_ports or [None] * len(workers)
    servers = "\n".join(
        f"    server w{i} 127.0.0.1:{p} check{f' port {r}' if r else ''} inter 2s fall 2 rise 1 cookie w{i}"
        for i, (p, r) in enumerate(zip(workers, ready_ports, strict=True), 1)
    )
    check = READY if ready_ports[0] else HEALTH
    bind = f"[{address}]:{port}" if ":" in address else f"{address}:{port}"
    readiness = (
        f"""
    acl mik_ready path {READY}
    use_backend readiness if mik_ready

backend readiness
    server ready 127.0.0.1:{ready_port}
"""
        if ready_port
        else ""
    )
    errors = f"\n    errorfile 503 {error_page}" if error_page else ""
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
    # try again on another worker (a browser there starts a new session; its login cookie carries over)
    retries 3
    option redispatch

frontend mik
    bind {bind}{errors}
    default_backend workers{readiness}
backend workers
    balance leastconn
    cookie MIKWORKER insert indirect nocache httponly attr "SameSite=Lax"
    # in service only while the worker answers and people can log in and see pages (mik.ops.health)
    option httpchk GET {check}
    http-check expect status 200{errors}
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


class Readiness:
    """The readiness answers: :func:`mik.ops.health.check` run in a thread of its own every
    :data:`CHECK_EVERY` seconds (reading a new database whole may take a while; a check never
    waits for it), served on one loopback port for the whole service and one per worker (that
    worker's own health as well), which HAProxy's checks ask."""

    def __init__(self, db: Path, workers: list[int], port: int = 0):
        self.db = db
        self.fixed_port = port
        self.workers = workers
        self.problems: list[str] | None = None  # None: not checked yet
        self._stop = threading.Event()
        self._servers: list[http.server.ThreadingHTTPServer] = []
        self.port = 0
        self.worker_ports: list[int] = []

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                found = [str(p) for p in health.check(self.db)]
            except Exception as exc:  # the check itself failed: not ready, and why
                found = [f"readiness check failed: {type(exc).__name__}: {exc}"]
            if found != self.problems and found:
                log("not ready: " + "; ".join(found))
            elif found != self.problems and self.problems:
                log("ready again")
            self.problems = found
            self._stop.wait(CHECK_EVERY)

    def answer(self, worker: int | None) -> tuple[int, dict]:
        problems = list(self.problems) if self.problems is not None else ["starting"]
        if worker is not None and not _answers(self.workers[worker]):
            problems.append(f"worker {worker + 1} does not answer")
        return (503 if problems else 200), {"ready": not problems, "problems": problems}

    def _serve(self, worker: int | None, port: int = 0) -> int:
        readiness = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                status, body = readiness.answer(worker)
                data = (json.dumps(body, ensure_ascii=False) + "\n").encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Cache-Control", "no-store")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # HAProxy reads the status only
                    self.wfile.write(data)

            def log_message(self, *args):  # HAProxy asks every 2 s: not a line each
                pass

        server = http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler)
        server.daemon_threads = True
        threading.Thread(target=server.serve_forever, daemon=True, name="mik-ready").start()
        self._servers.append(server)
        return server.server_address[1]

    def start(self) -> Readiness:
        threading.Thread(target=self._loop, daemon=True, name="mik-health").start()
        self.port = self._serve(None, self.fixed_port)
        self.worker_ports = [self._serve(i) for i in range(len(self.workers))]
        return self

    def stop(self) -> None:
        self._stop.set()
        for server in self._servers:
            server.shutdown()
            server.server_close()


def _answers(port: int, timeout: float = 1.5) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{HEALTH}", timeout=timeout) as r:
            return r.status == 200
    except OSError:
        return False


@dataclass
class _Child:
    """A supervised process: when it last started, how often it ended in a row, its health."""

    name: str
    proc: subprocess.Popen | None = None
    started: float = 0.0
    failures: int = 0  # ends in a row (the pause before the next start grows with it)
    not_before: float = 0.0
    answered: bool = False  # answered a health check since it started
    silent_since: float | None = None


def default_log_dir() -> Path:
    """Where ``mik serve`` keeps its processes' logs and its pid file (``$MIK_LOG_DIR``, else data/logs)."""
    return Path(os.environ.get("MIK_LOG_DIR") or DATA_DIR / "logs")


def pid_file(port: int, log_dir: Path | None = None) -> Path:
    """The pids of the ``mik serve`` on ``port`` (itself first, then its children)."""
    return (log_dir or default_log_dir()) / f"mik-serve-{port}.pid"


def earlier_run(port: int, log_dir: Path | None = None) -> list[int]:
    """The processes of an earlier ``mik serve`` on ``port`` that still run (its pid file)."""
    path = pid_file(port, log_dir)
    try:
        pids = [int(p) for p in path.read_text().split()]
    except (OSError, ValueError):
        return []
    return [p for p in pids if p != os.getpid() and alive(p)]


def stop_earlier_run(port: int, log_dir: Path | None = None, timeout: float = 15.0) -> list[int]:
    """Stop the earlier run's processes (SIGTERM, then SIGKILL); returns their pids."""
    pids = earlier_run(port, log_dir)
    for pid in pids:
        os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and any(alive(p) for p in pids):
        time.sleep(0.2)
    for pid in pids:
        if alive(pid):
            os.kill(pid, signal.SIGKILL)
    return pids


@dataclass
class Cluster:
    """K workers (and HAProxy in front of more than one); ``start`` returns once all answer,
    ``watch`` keeps them running, ``stop`` ends them all."""

    port: int
    address: str = "127.0.0.1"
    workers: int = 1
    env: dict[str, str] = field(default_factory=dict)
    log_dir: Path | None = None
    headless: bool = True
    ready_port: int | None = None  # --ready-port: readiness on this loopback port as well
    procs: list[subprocess.Popen] = field(default_factory=list)
    worker_ports: list[int] = field(default_factory=list)
    proxy: subprocess.Popen | None = None
    proxy_secret: str = field(default_factory=lambda: secrets.token_hex(16), repr=False)
    readiness: Readiness | None = None
    _children: list[_Child] = field(default_factory=list, repr=False)

    @property
    def url(self) -> str:
        host = "127.0.0.1" if self.address in ("0.0.0.0", "") else self.address
        return f"http://{host}:{self.port}"

    def _spawn(self, command: list[str], name: str, env: dict | None = None) -> subprocess.Popen:
        """Start ``command`` with its output appended to ``<log_dir>/<name>.log``; it dies with us."""
        with open(self.log_dir / f"{name}.log", "ab") as out:
            return subprocess.Popen(
                command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, preexec_fn=_die_with_parent
            )

    def _environment(self) -> dict[str, str]:
        # first screens computed before serving; glibc's allocator with two arenas, not eight per core:
        # Streamlit runs each page in a thread of its own, and per-thread arenas kept freed memory
        # (worker RSS grew about 3 MiB a minute in a soak; README, Operations)
        env = {"MIK_WARMUP": "1", "MALLOC_ARENA_MAX": "2", **os.environ, **self.env}
        if self.workers > 1:
            env["MIK_BEHIND_PROXY"] = "1"  # the client address is HAProxy's X-Forwarded-For
            env["MIK_PROXY_SECRET"] = self.proxy_secret  # ... on requests that carry the proxy's secret
        return env

    def _start_worker(self, i: int) -> subprocess.Popen:
        address = self.address if self.workers == 1 else "127.0.0.1"
        command = worker_command(self.worker_ports[i], address, self.headless or self.workers > 1)
        return self._spawn(command, f"worker{i + 1}", self._environment())

    def _start_proxy(self) -> subprocess.Popen:
        return self._spawn(["haproxy", "-db", "-f", str(self.log_dir / "haproxy.cfg")], "haproxy")

    def start(self, timeout: float = 120.0) -> Cluster:
        if self.workers > 1 and shutil.which("haproxy") is None:
            raise ServeError(
                "--workers needs HAProxy: install Debian's package (apt-get install haproxy), "
                "or start one process with --workers 1"
            )
        if self.log_dir is None:
            self.log_dir = default_log_dir()
        if port_taken(self.address, self.port):
            earlier = earlier_run(self.port, self.log_dir)
            who = f"an earlier mik serve (pids {', '.join(map(str, earlier))})" if earlier else "another program"
            raise ServeError(
                f"port {self.port} on {self.address or '0.0.0.0'} is in use by {who}; stop it"
                + (", or start with --replace to stop it first" if earlier else ", or choose another --port")
            )
        self.log_dir.mkdir(parents=True, exist_ok=True)
        self.worker_ports = [self.port] if self.workers == 1 else [free_port() for _ in range(self.workers)]
        db = Path(self.env.get("MIK_DB") or os.environ.get("MIK_DB") or default_db())
        self.readiness = Readiness(db, self.worker_ports, self.ready_port or 0).start()
        self.procs = [self._start_worker(i) for i in range(self.workers)]
        now = time.monotonic()
        self._children = [_Child(f"worker {i + 1}", p, now) for i, p in enumerate(self.procs)]
        try:
            for p, proc in zip(self.worker_ports, self.procs, strict=True):
                wait_healthy(f"http://127.0.0.1:{p}", timeout, proc)
            if self.workers > 1:
                (self.log_dir / "503.http").write_bytes(ERROR_PAGE.replace("\n", "\r\n").encode())
                cfg = self.log_dir / "haproxy.cfg"
                cfg.write_text(
                    haproxy_config(
                        self.address,
                        self.port,
                        self.worker_ports,
                        self.proxy_secret,
                        self.readiness.worker_ports,
                        self.readiness.port,
                        self.log_dir / "503.http",
                    )
                )
                cfg.chmod(0o600)  # it holds the proxy's secret
                check = subprocess.run(["haproxy", "-c", "-q", "-f", str(cfg)], capture_output=True, text=True)
                if check.returncode:
                    raise ServeError(f"{cfg}: HAProxy refuses the configuration: {check.stderr.strip()}")
                self.proxy = self._start_proxy()
                self._children.append(_Child("haproxy", self.proxy, time.monotonic(), answered=True))
                wait_healthy(self.url, timeout, self.proxy)
            self._write_pids()
        except BaseException:
            self.stop()
            raise
        return self

    def pids(self) -> list[int]:
        return [p.pid for p in [*self.procs, self.proxy] if p is not None and p.poll() is None]

    def supervise_once(self, now: float | None = None) -> None:
        """One round: start again what ended (after its pause), kill what stopped answering."""
        now = time.monotonic() if now is None else now
        for i, child in enumerate(self._children):
            proc = child.proc
            if proc is not None and proc.poll() is not None:
                child.failures = child.failures + 1 if now - child.started < 60 else 1
                pause = min(BACKOFF_MAX, 2.0 ** (child.failures - 1))
                log(f"{child.name} ended (exit {proc.returncode}); starting it again in {pause:.0f} s")
                child.proc, child.not_before = None, now + pause
            if child.proc is None:
                if now < child.not_before:
                    continue
                child.proc = self._start_proxy() if child.name == "haproxy" else self._start_worker(i)
                child.started, child.answered, child.silent_since = now, child.name == "haproxy", None
                if child.name == "haproxy":
                    self.proxy = child.proc
                else:
                    self.procs[i] = child.proc
                self._write_pids()
                continue
            if child.name == "haproxy":
                continue
            if _answers(self.worker_ports[i]):
                child.answered, child.silent_since = True, None
            elif child.answered:  # it answered before: stopped or hung now
                child.silent_since = child.silent_since or now
                if now - child.silent_since >= HUNG_SECONDS:
                    log(
                        f"{child.name} has not answered for {now - child.silent_since:.0f} s (stopped or hung); "
                        "killing it to start it again"
                    )
                    child.proc.kill()
                    child.proc.wait()

    def _write_pids(self) -> None:
        pid_file(self.port, self.log_dir).write_text(" ".join(map(str, [os.getpid(), *self.pids()])) + "\n")

    def watch(self) -> int:
        """Keep HAProxy and every worker running until stopped (SIGTERM, SIGINT)."""
        while True:
            time.sleep(1.0)
            self.supervise_once()

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
        if self.readiness is not None:
            self.readiness.stop()
        with_pids = pid_file(self.port, self.log_dir or default_log_dir())
        if with_pids.exists() and with_pids.read_text().split()[:1] == [str(os.getpid())]:
            with_pids.unlink(missing_ok=True)

    def __enter__(self) -> Cluster:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def serve(
    port: int, address: str, workers: int, headless: bool = True, replace: bool = False, ready_port: int | None = None
) -> int:
    """Run until stopped (``mik serve`` builds the demo database first when none is configured)."""
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))  # stops every worker (finally, below)
    if replace and (pids := stop_earlier_run(port)):
        log(f"stopped the earlier run on port {port} (pids {', '.join(map(str, pids))})")
    db = default_db()
    for said in reconcile(db):  # a publish killed before it could log its outcome
        log(f"audit: {said}")
    for path in remove_leftovers(db):
        log(f"removed {path.name}, left by a process that died during an import")
    cluster = Cluster(port=port, address=address, workers=workers, headless=headless, ready_port=ready_port)
    try:
        cluster.start()
        behind = f"{workers} workers behind HAProxy" if workers > 1 else "one worker"
        ready = f"{cluster.url}{READY}" if workers > 1 else f"http://127.0.0.1:{cluster.readiness.port}{READY}"
        log(f"MIK: {cluster.url} ({behind}; readiness {ready}; logs in {cluster.log_dir})")
        sd_notify(f"READY=1\nSTATUS=MIK on {cluster.url}\nMAINPID={os.getpid()}")
        return cluster.watch()
    except ServeError as exc:
        print(f"mik serve: {exc}", file=sys.stderr)
        return 1
    except (KeyboardInterrupt, SystemExit):
        return 0
    finally:
        sd_notify("STOPPING=1")
        cluster.stop()
