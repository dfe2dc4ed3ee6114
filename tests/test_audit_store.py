"""The audit store is shared by every app process: concurrent writers, the old DuckDB log, and
the login throttle counted across processes."""

from __future__ import annotations

import re
import sqlite3
import subprocess
import sys

import duckdb
import pytest

from mik.data import audit
from mik.privacy.throttle import Throttle
from tests.conftest import ROOT

WRITER = """
import sys
from mik.data import audit
for i in range(int(sys.argv[3])):
    audit.record(sys.argv[1], f"team-{sys.argv[2]}", "analist", "login", str(i))
"""


def test_several_processes_write_at_once_and_nothing_is_lost(tmp_path):
    db = tmp_path / "mik.duckdb"
    procs = [
        subprocess.Popen([sys.executable, "-c", WRITER, str(db), str(p), "60"], cwd=ROOT, stderr=subprocess.PIPE)
        for p in range(4)
    ]
    errors = [proc.communicate(timeout=120)[1].decode() for proc in procs]
    assert [proc.returncode for proc in procs] == [0, 0, 0, 0], errors
    log = audit.read(db, limit=1000)
    assert len(log) == 240
    assert log.groupby("user_name").size().to_dict() == {f"team-{p}": 60 for p in range(4)}
    assert log.logged_at.is_monotonic_decreasing
    assert audit.verify(db)[0] == 240  # four writers at once, one unbroken chain


def test_processes_that_start_the_log_at_once_never_see_it_half_made(tmp_path):
    """The first line of a new log, written by several processes at the same moment: one makes the
    file, the others use it (a half-made file would read as an emptied log and stop them)."""
    for round_ in range(8):
        db = tmp_path / f"r{round_}" / "mik.duckdb"
        db.parent.mkdir()
        procs = [
            subprocess.Popen([sys.executable, "-c", WRITER, str(db), str(p), "1"], cwd=ROOT, stderr=subprocess.PIPE)
            for p in range(4)
        ]
        errors = [proc.communicate(timeout=60)[1].decode() for proc in procs]
        assert [proc.returncode for proc in procs] == [0, 0, 0, 0], errors
        assert audit.verify(db)[0] == 4
        assert sorted(f.name for f in db.parent.iterdir() if f.name.startswith(".")) == []  # no leftovers


THREADED = """
import sys, threading, time
from mik.data import audit
db, name = sys.argv[1], sys.argv[2]
store = audit.FailureStore(db)
def worker(t):
    for i in range(5):  # as a worker's sessions log in: a throttle check, the line, the check taken back
        now = time.time()
        key = f"team-{name}-{t}|127.0.0.1"
        store.reserve([key], now, now - 900, lambda seen: 0.0)
        audit.record(db, f"team-{name}-{t}", "analist", "login", str(i))
        store.cancel(key, now)
threads = [threading.Thread(target=worker, args=(t,)) for t in range(4)]
[t.start() for t in threads]
[t.join() for t in threads]
"""


def test_two_workers_with_threads_keep_every_line_of_a_new_log(tmp_path):
    """Two app workers, four sessions each, log in on a new log at once. Reading the file's header
    with open() beside SQLite dropped the process's locks on close (POSIX), so two processes wrote
    at once: before the fix 27 of 40 such runs lost lines or damaged the log (once in the full test
    suite: 'database disk image is malformed', every login refused)."""
    for round_ in range(8):
        db = tmp_path / f"r{round_}" / "mik.duckdb"
        db.parent.mkdir()
        procs = [
            subprocess.Popen([sys.executable, "-c", THREADED, str(db), str(p)], cwd=ROOT, stderr=subprocess.PIPE)
            for p in range(2)
        ]
        errors = [proc.communicate(timeout=120)[1].decode() for proc in procs]
        assert [proc.returncode for proc in procs] == [0, 0], errors
        with sqlite3.connect(audit.audit_path(db)) as con:
            assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert audit.verify(db)[0] == 40, f"round {round_}: lines lost"


GUESSER = """
import sys, time
from mik.data import audit
from mik.privacy.throttle import Throttle
th = Throttle(free=3, base=30.0, clock=audit.wall_clock, store=audit.FailureStore(sys.argv[1]))
while time.time() < float(sys.argv[2]):
    pass
print(th.begin("user:burgemeester")[0])
"""


def test_guesses_from_several_processes_at_once_get_no_more_checks_than_allowed(tmp_path):
    import time

    db = tmp_path / "mik.duckdb"
    audit.record(db, "beheer", "admin", "login")  # the log exists: only the guesses race
    go = time.time() + 1.5
    procs = [
        subprocess.Popen([sys.executable, "-c", GUESSER, str(db), str(go)], cwd=ROOT, stdout=subprocess.PIPE)
        for _ in range(12)
    ]
    waits = [float(proc.communicate(timeout=60)[0]) for proc in procs]
    assert sum(w == 0 for w in waits) == 3


def test_an_older_duckdb_log_is_carried_over_once(tmp_path):
    db = tmp_path / "mik.duckdb"
    with duckdb.connect(str(db) + ".audit.duckdb") as con:
        con.execute(
            "CREATE TABLE audit_log (logged_at TIMESTAMP NOT NULL, user_name VARCHAR NOT NULL, role VARCHAR, "
            "action VARCHAR NOT NULL, detail VARCHAR)"
        )
        con.execute("INSERT INTO audit_log VALUES ('2016-03-01 09:00:00', 'beleid-1', 'driehoek', 'login', '')")
    assert list(audit.read(db).user_name) == ["beleid-1"]
    audit.record(db, "beheer", "admin", "export", "excel overzicht")
    log = audit.read(db)
    assert list(log.user_name) == ["beheer", "beleid-1"]  # newest first, the old row once
    assert str(log.logged_at.iloc[1]) == "2016-03-01 09:00:00"
    assert audit.verify(db)[0] == 2  # the carried-over line is chained too


def test_a_log_from_before_the_chain_gets_one(tmp_path):
    db = tmp_path / "mik.duckdb"
    with sqlite3.connect(audit.audit_path(db)) as con:
        con.execute(
            "CREATE TABLE audit_log (logged_at TEXT NOT NULL, user_name TEXT NOT NULL, role TEXT, "
            "action TEXT NOT NULL, detail TEXT)"
        )
        con.execute("INSERT INTO audit_log VALUES ('2016-03-01 09:00:00', 'beleid-1', 'driehoek', 'login', '')")
    audit._READY.clear()
    audit.record(db, "beheer", "admin", "export", "excel overzicht")
    assert audit.verify(db)[0] == 2


@pytest.mark.parametrize(
    ("tamper", "line"),
    [
        ("UPDATE audit_log SET detail = 'excel tabel 99' WHERE rowid = 5", 5),  # an edited line
        ("DELETE FROM audit_log WHERE rowid = 7", 7),  # a deleted line: the next one no longer follows
        ("UPDATE audit_log SET user_name = 'iemand anders' WHERE rowid = 40", 40),
        ("DELETE FROM audit_log WHERE rowid = (SELECT max(rowid) FROM audit_log)", None),  # the last: see below
    ],
    ids=["edited", "deleted", "other user", "last deleted"],
)
def test_verify_finds_an_edited_or_deleted_line(tmp_path, tamper, line, capsys):
    from tests.test_cli import cli

    db, path = _a_log_with_history(tmp_path, 40)
    n, last = audit.verify(db)
    assert n == 40
    code, out, _ = cli(capsys, "audit", "--db", str(db), "--verify")
    assert code == 0 and last in out
    with sqlite3.connect(path) as con:
        con.execute(tamper)
    if line is None:  # the chain itself still holds: only the last value printed before gives it away
        n2, last2 = audit.verify(db)
        assert n2 == 39 and last2 != last
        return
    with pytest.raises(audit.AuditStoreError, match=f"line {line} "):
        audit.verify(db)
    code, _, err = cli(capsys, "audit", "--db", str(db), "--verify")
    assert code != 0 and f"line {line} " in err


def test_a_long_name_or_detail_cannot_fill_the_log(tmp_path):
    db = tmp_path / "mik.duckdb"
    audit.record(db, "x" * 100_000, "", "login_failed", "y" * 100_000)
    row = audit.read(db).iloc[0]
    assert len(row.user_name) == audit.NAME_CHARS and len(row.detail) == audit.DETAIL_CHARS


def test_two_processes_throttle_together(tmp_path):
    """Two throttles over one store (as two app processes): failures in one count in the other."""
    db = tmp_path / "mik.duckdb"
    now = [1000.0]
    first, second = (Throttle(free=3, clock=lambda: now[0], store=audit.FailureStore(db)) for _ in range(2))
    first.failed("user:beleid")
    second.failed("user:beleid")
    assert first.wait("user:beleid") == 0
    first.failed("user:beleid")
    assert second.wait("user:beleid") == 1.0  # the third failure, seen by the other process
    second.succeeded("user:beleid")
    assert first.wait("user:beleid") == 0
    now[0] += 1
    first.failed("user:other")
    now[0] += 901  # outside the window: forgotten
    assert first.store.recent("user:other", now[0] - 900) == []


def _a_log_with_history(tmp_path, lines: int = 2000):
    db = tmp_path / "mik.duckdb"
    for i in range(lines):
        audit.record(db, f"team-{i % 7}", "analist", "export", f"excel tabel {i} " + "x" * 80)
    return db, audit.audit_path(db)


@pytest.mark.parametrize(
    ("damage", "words"),
    [
        (lambda raw: b"", "empty (0 bytes)"),
        (lambda raw: b"not a database at all" * 10, "not an SQLite file"),
        (lambda raw: raw[: len(raw) // 3], "damaged"),
    ],
    ids=["empty", "garbage", "truncated"],
)
def test_a_damaged_log_is_never_made_anew(tmp_path, damage, words, capsys):
    from tests.test_cli import cli

    db, path = _a_log_with_history(tmp_path)
    with sqlite3.connect(path) as con:
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # the history in the main file, as after a quiet night
    path.write_bytes(damage(path.read_bytes()))
    for wal in path.parent.glob(path.name + "-*"):
        wal.unlink()
    kept = path.read_bytes()
    audit._READY.clear()  # as a freshly started process
    with pytest.raises(audit.AuditStoreError, match=re.escape(words)) as exc:
        audit.check(db)
        audit.read(db)
        audit.record(db, "team-1", "analist", "login")
    assert str(path) in str(exc.value)
    with pytest.raises(audit.AuditStoreError):
        audit.record(db, "team-1", "analist", "login")
    with pytest.raises(audit.AuditStoreError):
        audit.FailureStore(db).recent("user:team-1", 0)
    code, _, err = cli(capsys, "audit", "--db", str(db))
    assert code != 0 and words in err
    assert path.read_bytes() == kept  # nothing written over what is left of the history


def test_an_untouched_log_passes_its_check(tmp_path):
    db, _ = _a_log_with_history(tmp_path, 50)
    audit._READY.clear()
    audit.check(db)
    assert len(audit.read(db, 100)) == 50
