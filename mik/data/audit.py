"""The audit log: logins, failed logins, exports and imports (who, when, what).

It lives in its own SQLite file beside the database (``<db>.audit.sqlite``): the app opens the
figures read-only (so an import job can publish a new database file), while the log must stay
writable, survive such a swap, and take writes from every app process at once (``mik serve
--workers K``): SQLite's file locking and write-ahead log let several processes append and read
(DuckDB allows one writing process per file). Only the admin role reads it (the Audit page, or
``python -m mik audit`` on the server). Passwords never reach it.

The same file holds the login throttle's failures (:class:`FailureStore`), so all app processes of
one machine throttle together, the logged-in sessions (:class:`SessionStore`) and the duiding of
the figures (:mod:`mik.data.duiding`), which must outlive every publish of a new figures file.
An older ``<db>.audit.duckdb`` log is copied in once.

The log is **tamper-evident** (BIO 12.4.2, protection of log information): every line carries
``chain = sha256(chain of the line before | its own fields)``, written in the same transaction as
the line, so an edited, deleted or inserted line breaks every chain after it; :func:`verify`
(``python -m mik audit --verify``) recomputes them and names the first line that does not match.
Someone who can rewrite the whole file can rewrite the chain too: keep a copy of the last chain
value elsewhere (it is printed by ``--verify``) to prove the log up to then. A user name is kept to
:data:`NAME_CHARS` characters and a detail to :data:`DETAIL_CHARS`, so no one can fill the log
with one line.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import os
import secrets
import sqlite3
import time
from contextlib import closing, contextmanager, suppress
from pathlib import Path

import pandas as pd

ACTIONS = (
    "login",
    "login_failed",
    "login_throttled",
    "logout",
    "export",
    "import",
    "denied",
    "plan",
    "rollback",
    "duiding",
)
COLUMNS = ["logged_at", "user_name", "role", "action", "detail"]
BUSY_MS = 10_000  # a writer waits this long for another process's write before giving up
NAME_CHARS = 128
DETAIL_CHARS = 1000
GENESIS = "0" * 64  # the chain before the first line
PAGE = 200  # lines per page on the Audit page

SCHEMA = """
CREATE TABLE IF NOT EXISTS audit_log (logged_at TEXT NOT NULL, user_name TEXT NOT NULL, role TEXT,
    action TEXT NOT NULL, detail TEXT, chain TEXT);
CREATE INDEX IF NOT EXISTS audit_log_time ON audit_log (logged_at);
CREATE TABLE IF NOT EXISTS login_failures (key TEXT NOT NULL, at REAL NOT NULL);
CREATE TABLE IF NOT EXISTS throttled (key TEXT NOT NULL, minute TEXT NOT NULL, count INTEGER NOT NULL,
    PRIMARY KEY (key, minute));
CREATE INDEX IF NOT EXISTS login_failures_key ON login_failures (key, at);
CREATE TABLE IF NOT EXISTS sessions (id TEXT PRIMARY KEY, secret_hash TEXT NOT NULL, user_name TEXT NOT NULL,
    created REAL NOT NULL, expires REAL NOT NULL, ended REAL, bind_hash TEXT, bind_expires REAL);
CREATE INDEX IF NOT EXISTS sessions_bind ON sessions (bind_hash);
CREATE TABLE IF NOT EXISTS duiding (id INTEGER PRIMARY KEY AUTOINCREMENT, theme TEXT NOT NULL,
    month TEXT NOT NULL, subject TEXT NOT NULL, label TEXT NOT NULL, level TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('text', 'remark', 'final')), version INTEGER NOT NULL,
    body TEXT NOT NULL, user_name TEXT NOT NULL, role TEXT NOT NULL, at TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS duiding_key ON duiding (theme, month, subject, id);
"""


def audit_path(db: str | Path) -> Path:
    db = Path(db)
    return db.with_name(db.name + ".audit.sqlite")


#: audit files (path and inode: a file put in place of another, e.g. a backup restored, is made
#: sure of again) whose tables this process has made sure of
_READY: set[tuple[Path, int]] = set()


class AuditStoreError(RuntimeError):
    """The audit log exists but cannot be read or written (empty, truncated, not SQLite). It is
    never silently made anew (its history would be lost), and whatever must be logged (a login, an
    export) does not happen without it."""

    def __init__(self, path: Path, reason: str):
        super().__init__(f"{path}: {reason}")
        self.path = path


def _connect(db: str | Path) -> sqlite3.Connection:
    path = audit_path(db)
    if not path.exists():
        _create(db, path)
    # The file is never opened beside SQLite (no open() to read its header): closing any descriptor
    # of a file drops every POSIX lock the process holds on it, those of another thread's SQLite
    # connection too, and two processes then write at once ("How To Corrupt An SQLite Database
    # File", 2.2; a test of two processes with four threads each corrupted the log that way).
    # stat() opens nothing; a file that is not SQLite is told by SQLite itself.
    if path.stat().st_size == 0:  # SQLite would take a 0-byte file for a new, empty log
        raise AuditStoreError(
            path, "the audit log is empty (0 bytes); restore it from a backup (it is never made anew)"
        )
    try:
        con = sqlite3.connect(path, timeout=BUSY_MS / 1000, isolation_level=None)
        ready = (path, path.stat().st_ino)
        if ready not in _READY:
            con.executescript(SCHEMA)
            _chain_old_lines(con)
            _READY.add(ready)
    except sqlite3.DatabaseError as exc:
        raise _store_error(path, exc) from None
    return con


def damage(db: str | Path) -> str | None:
    """Why the audit log cannot be read (empty, not SQLite, failing SQLite's ``quick_check``), or
    None when it reads (or does not exist yet: it is made whole on its first line). Opened
    read-only by URI: it writes nothing, and takes no lock a writer would wait for."""
    path = audit_path(db)
    if not path.exists():
        return None
    if path.stat().st_size == 0:
        return "empty (0 bytes); restore it from a backup (it is never made anew)"
    try:
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5)) as con:
            found = con.execute("PRAGMA quick_check").fetchone()[0]
            con.execute("SELECT count(*) FROM audit_log").fetchone()
    except sqlite3.Error as exc:
        return f"cannot be read ({exc}); restore it from a backup"
    return None if found == "ok" else f"damaged ({str(found)[:200]}); restore it from a backup"


def _store_error(path: Path, exc: sqlite3.DatabaseError) -> AuditStoreError:
    if "file is not a database" in str(exc):
        return AuditStoreError(
            path, "the audit log is not an SQLite file; restore it from a backup (it is never made anew)"
        )
    return AuditStoreError(path, f"the audit log is damaged ({exc})")


def _create(db: str | Path, path: Path) -> None:
    """A new log, whole before anyone sees it: made under a name of its own and linked into place
    only if no other process did so first (a half-made file would read as an emptied log)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fresh = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.new")
    try:
        with closing(sqlite3.connect(fresh, isolation_level=None)) as con:
            con.execute("PRAGMA journal_mode = WAL")  # readers never block the writer, nor it them
            con.executescript(SCHEMA)
            _copy_duckdb_log(db, con)
            _chain_old_lines(con)
            con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        with suppress(FileExistsError):  # another process made it first: theirs is the log
            os.link(fresh, path)
    finally:
        for leftover in (fresh, Path(f"{fresh}-wal"), Path(f"{fresh}-shm")):
            leftover.unlink(missing_ok=True)


def check(db: str | Path) -> None:
    """Raise :class:`AuditStoreError` unless the whole audit log reads (SQLite's integrity check)."""
    path = audit_path(db)
    if not path.exists():
        return
    with closing(_connect(db)) as con, _damage(db):
        result = con.execute("PRAGMA quick_check").fetchone()[0]
        if result != "ok":
            raise AuditStoreError(path, f"the audit log is damaged ({str(result)[:200]})")


def _copy_duckdb_log(db: str | Path, con: sqlite3.Connection) -> None:
    """Carry the log of an older MIK (``<db>.audit.duckdb``) over, once, and keep the old file."""
    old = Path(db).with_name(Path(db).name + ".audit.duckdb")
    if not old.exists():
        return
    import duckdb

    with duckdb.connect(str(old), read_only=True) as src:
        rows = src.execute(
            "SELECT strftime(logged_at, '%Y-%m-%d %H:%M:%S.%f'), user_name, role, action, detail FROM audit_log"
        ).fetchall()
    with con:
        con.executemany(f"INSERT INTO audit_log ({', '.join(COLUMNS)}) VALUES (?, ?, ?, ?, ?)", rows)


def _link(previous: str, row) -> str:
    """The chain value of one line: sha256 over the line before's chain and this line's fields."""
    fields = "\x1f".join("" if v is None else str(v) for v in row)
    return hashlib.sha256(f"{previous}\x1e{fields}".encode()).hexdigest()


def _chain_old_lines(con: sqlite3.Connection) -> None:
    """Give lines of a log from before the chain (or copied from an older log) their chain values,
    once, in the order they were written."""
    columns = {r[1] for r in con.execute("PRAGMA table_info(audit_log)")}
    if "chain" not in columns:
        con.execute("ALTER TABLE audit_log ADD COLUMN chain TEXT")
    if con.execute("SELECT 1 FROM audit_log WHERE chain IS NULL LIMIT 1").fetchone() is None:
        return
    with _transaction(con):
        previous = GENESIS
        for rowid, *row, chain in con.execute(
            f"SELECT rowid, {', '.join(COLUMNS)}, chain FROM audit_log ORDER BY rowid"
        ).fetchall():
            if chain is None:
                chain = _link(previous, row)
                con.execute("UPDATE audit_log SET chain = ? WHERE rowid = ?", [chain, rowid])
            previous = chain


def _now() -> str:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")


def record(db: str | Path, user: str, role: str, action: str, detail: str = "") -> None:
    """Append one event (time in UTC). ``action`` is one of :data:`ACTIONS`."""
    with writing(db) as con:
        append(con, user, role, action, detail)


def append(con: sqlite3.Connection, user: str, role: str, action: str, detail: str = "") -> None:
    """Append one event inside a transaction of :func:`writing` (the line before cannot change
    between reading its chain and adding ours)."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    row = [_now(), (user or "")[:NAME_CHARS], (role or "")[:NAME_CHARS], action, (detail or "")[:DETAIL_CHARS]]
    last = con.execute("SELECT chain FROM audit_log ORDER BY rowid DESC LIMIT 1").fetchone()
    con.execute("INSERT INTO audit_log VALUES (?, ?, ?, ?, ?, ?)", [*row, _link(last[0] if last else GENESIS, row)])


@contextmanager
def writing(db: str | Path):
    """One write transaction on the log's file, for a store kept in it (:mod:`mik.data.duiding`):
    what it writes and its :func:`append` lines land together or not at all."""
    with closing(_connect(db)) as con, _damage(db), _transaction(con):
        yield con


@contextmanager
def reading(db: str | Path):
    """A connection to the log's file for reading, its errors as :class:`AuditStoreError`."""
    with closing(_connect(db)) as con, _damage(db):
        yield con


def verify(db: str | Path) -> tuple[int, str]:
    """Recompute the chain of every line: (lines, the last chain value) when all match; else
    :class:`AuditStoreError` naming the first line (number and time) that was edited, deleted or
    inserted."""
    path = audit_path(db)
    if not path.exists():
        return 0, GENESIS
    previous, n = GENESIS, 0
    with closing(_connect(db)) as con, _damage(db):
        for n, (*row, chain) in enumerate(
            con.execute(f"SELECT {', '.join(COLUMNS)}, chain FROM audit_log ORDER BY rowid"), start=1
        ):
            if chain != _link(previous, row):
                raise AuditStoreError(
                    path, f"line {n} ({row[0]}) does not match its chain: it, or a line before it, was changed"
                )
            previous = chain
    return n, previous


def read(db: str | Path, limit: int = 1000) -> pd.DataFrame:
    """The newest ``limit`` events, newest first."""
    if not audit_path(db).exists() and not Path(db).with_name(Path(db).name + ".audit.duckdb").exists():
        return pd.DataFrame(columns=COLUMNS)
    with closing(_connect(db)) as con, _damage(db):
        rows = con.execute(f"SELECT {', '.join(COLUMNS)} FROM audit_log ORDER BY logged_at DESC LIMIT ?", [limit])
        frame = pd.DataFrame(rows.fetchall(), columns=COLUMNS)
    frame["logged_at"] = pd.to_datetime(frame["logged_at"])
    return frame


def _where(actions, user, since, until) -> tuple[str, list]:
    """The Audit page's filters as a WHERE clause with its parameters."""
    where, params = ["1 = 1"], []
    if actions:
        where.append(f"action IN ({', '.join('?' * len(actions))})")
        params += list(actions)
    if user:
        where.append("instr(lower(user_name), lower(?)) > 0")
        params.append(user)
    if since:
        where.append("logged_at >= ?")
        params.append(since.isoformat())
    if until:
        where.append("logged_at < ?")
        params.append((until + dt.timedelta(days=1)).isoformat())
    return " AND ".join(where), params


def count(
    db: str | Path,
    actions: list[str] | None = None,
    user: str | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> int:
    """How many lines match the filters of :func:`query`."""
    if not audit_path(db).exists():
        return 0
    clause, params = _where(actions, user, since, until)
    with closing(_connect(db)) as con, _damage(db):
        return int(con.execute(f"SELECT count(*) FROM audit_log WHERE {clause}", params).fetchone()[0])


def query(
    db: str | Path,
    actions: list[str] | None = None,
    user: str | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
    limit: int = 200,
    offset: int = 0,
) -> pd.DataFrame:
    """One page of the log, newest first: only ``actions``, user names containing ``user`` (any
    case), days from ``since`` to ``until`` (UTC, both included)."""
    if not audit_path(db).exists():
        return pd.DataFrame(columns=COLUMNS)
    clause, params = _where(actions, user, since, until)
    with closing(_connect(db)) as con, _damage(db):
        rows = con.execute(
            f"SELECT {', '.join(COLUMNS)} FROM audit_log WHERE {clause} ORDER BY logged_at DESC, rowid DESC "
            "LIMIT ? OFFSET ?",
            [*params, limit, offset],
        ).fetchall()
    frame = pd.DataFrame(rows, columns=COLUMNS)
    frame["logged_at"] = pd.to_datetime(frame["logged_at"])
    return frame


def record_throttled(db: str | Path, user: str, address: str, wait: float) -> None:
    """A refused (throttled) login: counted per user name and client per minute, and logged once a
    minute for them (with the count of the minute before), so a guessing script cannot bury the log
    under one line per try."""
    minute = _now()[:16]
    key = f"{(user or '-')[:NAME_CHARS]}|{address}"
    with closing(_connect(db)) as con, _damage(db), _transaction(con):
        con.execute(
            "INSERT INTO throttled VALUES (?, ?, 1) ON CONFLICT (key, minute) DO UPDATE SET count = count + 1",
            [key, minute],
        )
        refused = con.execute("SELECT count FROM throttled WHERE key = ? AND minute = ?", [key, minute]).fetchone()
        before = con.execute(
            "SELECT minute, count FROM throttled WHERE key = ? AND minute < ? ORDER BY minute DESC LIMIT 1",
            [key, minute],
        ).fetchone()
        con.execute(
            "DELETE FROM throttled WHERE minute < ?",
            [(dt.datetime.now(dt.UTC) - dt.timedelta(days=30)).isoformat(sep=" ")[:16]],
        )
    if refused[0] == 1:  # the first of this minute: one line, saying what the last minute held
        earlier = f"; {before[1]} refused in the minute of {before[0]}" if before else ""
        record(db, user, "", "login_throttled", f"{address}: wait {wait:.0f} s (counted per minute{earlier})")


def throttled_counts(db: str | Path, since: dt.date | None = None) -> pd.DataFrame:
    """Refused (throttled) logins per user name, client and minute: user_name, client, minute, count."""
    if not audit_path(db).exists():
        return pd.DataFrame(columns=["user_name", "client", "minute", "count"])
    with closing(_connect(db)) as con, _damage(db):
        rows = con.execute(
            "SELECT key, minute, count FROM throttled WHERE minute >= ? ORDER BY minute DESC",
            [(since or dt.date(2000, 1, 1)).isoformat()],
        ).fetchall()
    frame = pd.DataFrame(rows, columns=["key", "minute", "count"])
    parts = frame.key.str.rsplit("|", n=1, expand=True) if len(frame) else pd.DataFrame(columns=[0, 1])
    frame["user_name"], frame["client"] = parts[0], parts[1]
    return frame[["user_name", "client", "minute", "count"]]


class FailureStore:
    """Failed login attempts per key, shared by every process that uses the same database (see
    :mod:`mik.privacy.throttle`). Times are wall-clock seconds (``time.time``), the same in each process."""

    def __init__(self, db: str | Path):
        self.db = db

    # Reading takes no write lock, and a login without earlier failures writes nothing here: twenty
    # people logging in at once wait only for their one audit line each.

    def recent(self, key: str, since: float) -> list[float]:
        with closing(_connect(self.db)) as con, _damage(self.db):
            rows = con.execute("SELECT at FROM login_failures WHERE key = ? AND at >= ? ORDER BY at", [key, since])
            return [r[0] for r in rows]

    def add(self, key: str, at: float, window: float = 86_400.0) -> None:
        with closing(_connect(self.db)) as con, _damage(self.db), con:
            con.execute("DELETE FROM login_failures WHERE at < ?", [at - window])  # old failures go
            con.execute("INSERT INTO login_failures VALUES (?, ?)", [key, at])

    def clear(self, key: str) -> None:
        with closing(_connect(self.db)) as con, _damage(self.db):
            if con.execute("SELECT 1 FROM login_failures WHERE key = ? LIMIT 1", [key]).fetchone():
                con.execute("DELETE FROM login_failures WHERE key = ?", [key])

    def reserve(self, keys, now: float, since: float, delay) -> float:
        """Atomically over every process: the wait for ``keys``; when 0, one failure per key at
        ``now`` (see :meth:`mik.privacy.throttle.Throttle.begin`)."""
        # one attempt at a time counts and checks
        with closing(_connect(self.db)) as con, _damage(self.db), _transaction(con):
            wait = 0.0
            for key in keys:
                rows = con.execute("SELECT at FROM login_failures WHERE key = ? AND at >= ?", [key, since])
                wait = max(wait, delay([r[0] for r in rows]))
            if wait <= 0:
                con.execute("DELETE FROM login_failures WHERE at < ?", [since - 86_400.0])
                con.executemany("INSERT INTO login_failures VALUES (?, ?)", [(key, now) for key in keys])
        return wait

    def cancel(self, key: str, at: float) -> None:
        with closing(_connect(self.db)) as con, _damage(self.db):
            con.execute(
                "DELETE FROM login_failures WHERE rowid = (SELECT rowid FROM login_failures WHERE key = ? AND at = ? "
                "LIMIT 1)",
                [key, at],
            )


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


class SessionStore:
    """Logged-in sessions, shared by every app process of the machine (the same file as the log):
    what a browser's ``mik_session`` cookie stands for (issue 22). The cookie is ``id.secret``; the
    store keeps only the secret's SHA-256, so a copy of this file opens no session. A session is
    made at login with a one-time *bind* code (valid :data:`BIND_SECONDS`) that the browser trades
    for the cookie (``POST /_mik/session``, ``ui/serve.py``); logout ends it for every tab and
    worker at their next step; it expires after ``seconds``."""

    BIND_SECONDS = 60.0

    def __init__(self, db: str | Path):
        self.db = db

    def create(self, user: str, seconds: float, now: float | None = None) -> tuple[str, str]:
        """A new session of ``user``: (its id, the one-time bind code)."""
        now = time.time() if now is None else now
        sid, bind = secrets.token_hex(16), secrets.token_urlsafe(32)
        secret = secrets.token_urlsafe(32)  # replaced when the code is traded: no one ever holds it
        with closing(_connect(self.db)) as con, _damage(self.db), con:
            con.execute("DELETE FROM sessions WHERE expires < ?", [now - 86_400.0])  # long gone ones go
            con.execute(
                "INSERT INTO sessions VALUES (?, ?, ?, ?, ?, NULL, ?, ?)",
                [sid, _digest(secret), user[:NAME_CHARS], now, now + seconds, _digest(bind), now + self.BIND_SECONDS],
            )
        return sid, bind

    def bind(self, code: str, now: float | None = None) -> str | None:
        """The cookie value (``id.secret``) for a valid, unused bind code; None otherwise. The code
        works once, within :data:`BIND_SECONDS`; the secret is made here, so the cookie is known
        to the browser that traded the code only."""
        now = time.time() if now is None else now
        secret = secrets.token_urlsafe(32)
        with closing(_connect(self.db)) as con, _damage(self.db), _transaction(con):
            row = con.execute(
                "SELECT id FROM sessions WHERE bind_hash = ? AND bind_expires >= ? AND ended IS NULL AND expires > ?",
                [_digest(code or ""), now, now],
            ).fetchone()
            if row is None:
                return None
            con.execute(
                "UPDATE sessions SET bind_hash = NULL, bind_expires = NULL, secret_hash = ? WHERE id = ?",
                [_digest(secret), row[0]],
            )
        return f"{row[0]}.{secret}"

    def user(self, cookie: str | None, now: float | None = None) -> tuple[str, str] | None:
        """(session id, user name) of a cookie value that opens a live session; None otherwise."""
        sid, _, secret = (cookie or "").partition(".")
        if not sid or not secret:
            return None
        row = self._live(sid, now)
        return (sid, row[1]) if row and hmac.compare_digest(row[0], _digest(secret)) else None

    def user_of(self, sid: str, now: float | None = None) -> str | None:
        """The user of live session ``sid`` (for the run that logged in, before its cookie arrives)."""
        row = self._live(sid, now)
        return row[1] if row else None

    def _live(self, sid: str, now: float | None):
        now = time.time() if now is None else now
        with closing(_connect(self.db)) as con, _damage(self.db):
            return con.execute(
                "SELECT secret_hash, user_name FROM sessions WHERE id = ? AND ended IS NULL AND expires > ?",
                [sid, now],
            ).fetchone()

    def end(self, sid: str, now: float | None = None) -> None:
        """Log session ``sid`` out: in every tab and worker, from their next step on."""
        with closing(_connect(self.db)) as con, _damage(self.db), con:
            con.execute("UPDATE sessions SET ended = ? WHERE id = ?", [time.time() if now is None else now, sid])


@contextmanager
def _transaction(con: sqlite3.Connection):
    """One write transaction that takes the write lock at once (BEGIN IMMEDIATE): what it reads
    cannot change before it writes, in any process."""
    con.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")


@contextmanager
def _damage(db: str | Path):
    """SQLite's errors on a damaged log as :class:`AuditStoreError`."""
    try:
        yield
    except sqlite3.DatabaseError as exc:
        raise _store_error(audit_path(db), exc) from None


def wall_clock() -> float:
    return time.time()
