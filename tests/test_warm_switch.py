"""A new database version is served once its figures are warm, and an old one is closed only when no
run can still use it (issue 27, part 5). Real DuckDB files published by rename, as an import does.

Before: a publish sent every session to the new file at once, on cold caches (page medians of
3.4 s for 15-25 s under ten sessions), and the connection cache of two closed a connection a run
still used when publishes came 5-18 s apart ("Connection already closed!")."""

from __future__ import annotations

import os
import shutil
import threading
import time

import duckdb
import pandas as pd
import pytest
import streamlit as st

from mik.data.store import connect
from mik.ingest.publish import version
from mik.privacy.access import Access
from ui import auth, cache, connection


def _publish(db, value: int) -> None:
    """A new version of ``db`` by rename, as mik.ingest.publish does."""
    fresh = db.with_name(db.name + ".new")
    con = connect(fresh)  # a MIK database (its schema), plus a table that tells the versions apart
    con.execute("CREATE TABLE t AS SELECT ? AS v", [value])
    con.close()
    os.replace(fresh, db)


def _value(con) -> int:
    return con.execute("SELECT v FROM t").fetchone()[0]


@pytest.fixture()
def db(tmp_path):
    path = tmp_path / "mik.duckdb"
    _publish(path, 1)
    return path


def test_an_old_version_stays_open_for_runs_that_use_it_and_is_closed_later(db, monkeypatch):
    monkeypatch.setattr(connection, "RETIRE_SECONDS", 3.0)
    published = connection.Published()
    first = published.connection(db, version(db))
    for value in (2, 3):  # two publishes while a run still holds the first connection
        _publish(db, value)
        assert _value(published.connection(db, version(db))) == value
    assert _value(first) == 1  # not closed under the run (the old cache of two closed it here)
    time.sleep(3.5)
    published.connection(db, version(db))  # retired versions are closed on a later call once due
    with pytest.raises(duckdb.ConnectionException):
        _value(first)


def test_a_closed_versions_figures_leave_the_cache_with_it(db, monkeypatch):
    """Issue 27: a replaced version's figures stayed in memory until their 10 minutes were up."""
    monkeypatch.setattr(connection, "RETIRE_SECONDS", 0.0)
    st.cache_resource.clear()
    calls = []

    @cache.shared()
    def figure(key: str, n: int) -> int:
        calls.append(key)
        return n

    published = connection.Published()
    old_key = connection.version_key(db, version(db))
    published.connection(db, version(db))
    figure(old_key, 1), figure(old_key + "&plan=abc", 2)
    _publish(db, 2)
    new_key = connection.version_key(db, version(db))
    figure(new_key, 3)
    published.connection(db, version(db))  # opens the new version: the old one retires, due at once
    published.connection(db, version(db))  # a later call closes it
    entries = [k for name, c in cache._figure_caches().items() if name != "lock" for k in c.entries]
    assert entries == [((new_key, 3), ())]  # the old version's two figures are gone, the new one's kept
    figure(old_key, 1)
    assert calls.count(old_key) == 2  # asked again, it is computed again


def test_the_new_version_is_served_only_once_it_is_warm_and_a_damaged_one_never(db):
    published = connection.Published()
    old = version(db)
    started, release = threading.Event(), threading.Event()
    warmed = []

    def warm(before: str, after: str, budget: float) -> int:
        warmed.append((before, after))
        started.set()
        release.wait(10)
        return 1

    published.watch(db, warm)
    _publish(db, 2)
    assert started.wait(10)
    assert published.served(db) == old  # warming: sessions still read the old version
    assert _value(published.connection(db, published.served(db))) == 1
    release.set()
    deadline = time.monotonic() + 10
    while published.served(db) == old and time.monotonic() < deadline:
        time.sleep(0.05)
    assert published.served(db) == version(db)
    assert warmed == [(connection.version_key(db, old), connection.version_key(db, version(db)))]
    good = published.served(db)
    damaged = db.with_name("damaged")
    damaged.write_bytes(db.read_bytes()[:5000])
    os.replace(damaged, db)
    time.sleep(2.5)
    assert published.served(db) == good and len(warmed) == 1  # a file that cannot be opened is not switched to


def test_replay_computes_the_figures_of_the_old_version_for_the_new_one_as_their_role(monkeypatch):
    st.cache_resource.clear()
    calls = []

    @auth.secured()
    def figure(path: str, year: int, *, access: Access):
        calls.append((path, year, access.role, auth.current_access().role))
        return pd.DataFrame({"path": [path]})

    monkeypatch.setattr(auth, "_session_access", lambda: Access("beleid-1", "driehoek", "buurt", False))
    old, new = "/data/mik.duckdb?v=1-2-3", "/data/mik.duckdb?v=4-5-6"
    figure(f"{old}&plan=p1", 2016)
    figure("/elsewhere?v=1-2-3", 2016)  # another database's figure: not replayed
    calls.clear()
    monkeypatch.setattr(auth, "_session_access", lambda: None)  # the warm-up thread has no session
    assert auth.warm(old, new, budget=10) == 1
    assert calls == [(f"{new}&plan=p1", 2016, "driehoek", "driehoek")]  # computed as its role
    monkeypatch.setattr(auth, "_session_access", lambda: Access("beleid-2", "driehoek", "buurt", False))
    figure(f"{new}&plan=p1", 2016)
    assert len(calls) == 1  # the session's first run on the new version found it computed
    assert auth.current_access() is not None and auth._ACTING.__dict__.get("access") is None


def test_the_warm_up_budget_stops_the_replay(monkeypatch):
    st.cache_resource.clear()

    @cache.shared()
    def slow(path: str, n: int):
        time.sleep(0.05)
        return n

    for n in range(20):
        slow("db?v=1", n)
    start = time.monotonic()
    done = cache.replay("db?v=1", "db?v=2", budget=0.2)
    assert 2 <= done < 20 and time.monotonic() - start < 1.0


def test_no_copy_of_a_file_is_left_by_the_snapshots(db):
    published = connection.Published()
    published.connection(db, version(db))
    _publish(db, 2)
    published.connection(db, version(db))
    assert sorted(p.name for p in db.parent.iterdir()) == ["mik.duckdb"]
    shutil.rmtree(db.parent)
